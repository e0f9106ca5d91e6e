//! The database schema, as numbered migrations. `PRAGMA user_version`
//! records how many have run; each runs once, in its own transaction, at
//! start-up. Append new migrations; never edit one that has shipped.

use rusqlite::Connection;

pub(super) const MIGRATIONS: &[&str] = &[
    // 1: every API object as the JSON the API returns for it.
    "CREATE TABLE objects (
        kind  TEXT NOT NULL,   -- pool, monitor, monitor_group, policy, load_balancer
        scope TEXT NOT NULL,   -- account ID, or zone ID for load balancers
        id    TEXT NOT NULL,
        body  TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX objects_by_scope ON objects (kind, scope);
    -- Which account a zone's load balancers belong to.
    CREATE TABLE zones (
        zone_id    TEXT PRIMARY KEY,
        account_id TEXT NOT NULL
    );
    -- Health transitions, for alerts and history.
    CREATE TABLE health_events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        account_id TEXT NOT NULL,
        pool_id    TEXT NOT NULL,
        source     TEXT NOT NULL,   -- pool or origin
        address    TEXT,            -- the endpoint, for origin events
        healthy    INTEGER NOT NULL
    );
    CREATE INDEX health_events_by_pool ON health_events (account_id, pool_id, at);",
    // 2: a zone's domain, for `GET /zones`. Zones bound before this have
    // none; they are named from their load balancers on load.
    "ALTER TABLE zones ADD COLUMN name TEXT;",
    // 3: every write made or forwarded (history), and browser sessions, so
    // a restart signs nobody out.
    "CREATE TABLE history (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,   -- a token's label, a session's user
        method     TEXT NOT NULL,
        kind       TEXT NOT NULL,   -- pool, monitor, monitor_group, policy, load_balancer
        account_id TEXT,            -- NULL for a zone whose account is unknown
        zone_id    TEXT,
        object_id  TEXT NOT NULL,
        path       TEXT NOT NULL,
        before     TEXT,            -- the object as a GET showed it just before
        after      TEXT             -- the object the write answered; NULL for a delete
    );
    CREATE INDEX history_by_object ON history (kind, object_id, seq);
    CREATE INDEX history_by_account ON history (account_id, seq);
    CREATE INDEX history_by_time ON history (at);
    CREATE TABLE sessions (
        id_hash    TEXT PRIMARY KEY,  -- SHA-256 of the cookie's secret, never the secret
        who        TEXT NOT NULL,
        grant_json TEXT NOT NULL,
        expires    INTEGER NOT NULL   -- Unix seconds
    );",
    // 4: jobs (scheduled maintenance, weight ramps), so they survive a
    // restart. The body is the job as /_pooldeck/jobs serves it.
    "CREATE TABLE jobs (
        id         TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        pool_id    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        live       INTEGER NOT NULL,  -- the runner will act on it again
        next_at    TEXT,
        body       TEXT NOT NULL
    );
    CREATE INDEX jobs_due ON jobs (live, next_at);
    CREATE INDEX jobs_by_pool ON jobs (account_id, pool_id, created_at);",
];

/// Brings the schema up to date. Returns the resulting version.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<usize> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let current = usize::try_from(current).unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(MIGRATIONS.len())
}
