//! Where the embedded API keeps its objects.
//!
//! Every object lives twice: in memory, where reads are a map lookup, and
//! in SQLite (WAL mode), which is the durable copy. A write runs under one
//! lock, so writers are serialised and each sees the state the previous one
//! left: it validates against that state, commits its changes in one SQLite
//! transaction, and only then applies them in memory and answers. A write
//! that was acknowledged is therefore on disk (in the WAL; a process crash
//! cannot lose it), and a failed commit changes nothing.

mod history;
mod jobs;
mod schema;
mod sessions;

pub use history::HistoryQuery;
pub use sessions::StoredSession;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use pooldeck_model::zone::zone_name_from_hostname;
use pooldeck_model::{LoadBalancer, Monitor, MonitorGroup, Policy, Pool};
use rusqlite::{params, Connection};
use serde::de::DeserializeOwned;

use crate::lock::Recover;

/// The kinds of stored object, and their names in the `objects` table
/// (written here only: reading and writing both go through `as_str`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Pool,
    Monitor,
    MonitorGroup,
    Policy,
    LoadBalancer,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Pool,
        Kind::Monitor,
        Kind::MonitorGroup,
        Kind::Policy,
        Kind::LoadBalancer,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Pool => "pool",
            Kind::Monitor => "monitor",
            Kind::MonitorGroup => "monitor_group",
            Kind::Policy => "policy",
            Kind::LoadBalancer => "load_balancer",
        }
    }

    /// The kind stored under `name`, if any.
    fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One account's objects, keyed by ID.
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub pools: BTreeMap<String, Pool>,
    pub monitors: BTreeMap<String, Monitor>,
    pub monitor_groups: BTreeMap<String, MonitorGroup>,
    pub policies: BTreeMap<String, Policy>,
}

/// A zone: the account it belongs to, its domain and its load balancers.
#[derive(Clone, Debug, Default)]
pub struct Zone {
    pub account_id: String,
    /// The domain (`example.com`); every load balancer's hostname ends with it.
    pub name: String,
    pub load_balancers: BTreeMap<String, LoadBalancer>,
}

/// Everything the API serves.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub accounts: HashMap<String, Account>,
    pub zones: HashMap<String, Zone>,
}

impl State {
    /// The account's objects; empty for an account never written to.
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id)
    }

    /// The load balancers of every zone that belongs to `account_id`.
    pub fn load_balancers_of<'a>(
        &'a self,
        account_id: &'a str,
    ) -> impl Iterator<Item = &'a LoadBalancer> + 'a {
        self.zones
            .values()
            .filter(move |z| z.account_id == account_id)
            .flat_map(|z| z.load_balancers.values())
    }
}

/// A stored object.
// Built once per write and consumed by it; boxing would only add a hop.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Object {
    Pool(Pool),
    Monitor(Monitor),
    MonitorGroup(MonitorGroup),
    Policy(Policy),
    LoadBalancer(LoadBalancer),
}

impl Object {
    fn kind(&self) -> Kind {
        match self {
            Object::Pool(_) => Kind::Pool,
            Object::Monitor(_) => Kind::Monitor,
            Object::MonitorGroup(_) => Kind::MonitorGroup,
            Object::Policy(_) => Kind::Policy,
            Object::LoadBalancer(_) => Kind::LoadBalancer,
        }
    }

    fn id(&self) -> &str {
        let id = match self {
            Object::Pool(o) => &o.id,
            Object::Monitor(o) => &o.id,
            Object::MonitorGroup(o) => &o.id,
            Object::Policy(o) => &o.id,
            Object::LoadBalancer(o) => &o.id,
        };
        id.as_deref().expect("stored objects have an ID")
    }

    fn to_json(&self) -> String {
        match self {
            Object::Pool(o) => serde_json::to_string(o),
            Object::Monitor(o) => serde_json::to_string(o),
            Object::MonitorGroup(o) => serde_json::to_string(o),
            Object::Policy(o) => serde_json::to_string(o),
            Object::LoadBalancer(o) => serde_json::to_string(o),
        }
        .expect("model types always serialize")
    }
}

/// One change a write makes.
#[allow(clippy::large_enum_variant)] // short-lived, like `Object`
#[derive(Clone, Debug)]
pub enum Change {
    /// Insert or replace an object in an account (or, for a load
    /// balancer, a zone).
    Put { scope: String, object: Object },
    /// Remove an object.
    Delete {
        kind: Kind,
        scope: String,
        id: String,
    },
    /// Record that a zone belongs to an account, and its domain.
    BindZone {
        zone_id: String,
        account_id: String,
        name: String,
    },
}

/// A health transition to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthEvent {
    pub at: String,
    pub account_id: String,
    pub pool_id: String,
    /// `pool` or `origin`.
    pub source: &'static str,
    pub address: Option<String>,
    pub healthy: bool,
}

/// A storage failure; the API answers it with a 500.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("database error: {e}"))
    }
}

/// The store. Cheap to share behind an `Arc`.
pub struct Store {
    db: Mutex<Connection>,
    state: RwLock<State>,
    /// Advances on every committed write; caches of what the API answers
    /// compare it to know they are stale.
    version: std::sync::atomic::AtomicU64,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it and
    /// loads every object.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn, true)
    }

    /// A store that lives in memory only (`--memory`).
    pub fn in_memory() -> Result<Store, StoreError> {
        Self::init(Connection::open_in_memory()?, false)
    }

    fn init(mut conn: Connection, on_disk: bool) -> Result<Store, StoreError> {
        if on_disk {
            // WAL: readers never block the writer, and a commit is one
            // append. NORMAL sync survives a process crash (the WAL is in
            // the OS's hands at commit); only power loss can undo the last
            // commits, as the SQLite docs describe.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::migrate(&mut conn)?;
        let state = load(&conn)?;
        Ok(Store {
            db: Mutex::new(conn),
            state: RwLock::new(state),
            version: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Runs `f` with the current state (a read).
    pub fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.read().recover())
    }

    /// Runs a write: `plan` sees the current state and returns the changes
    /// to make and the answer to give. The changes are committed in one
    /// transaction and then applied in memory. An `Err` from `plan` changes
    /// nothing and is passed through.
    pub fn write<T, E: From<StoreError>>(
        &self,
        plan: impl FnOnce(&State) -> Result<(Vec<Change>, T), E>,
    ) -> Result<T, E> {
        let mut db = self.db.lock().recover();
        let (changes, answer) = self.read(plan)?;
        if changes.is_empty() {
            return Ok(answer);
        }
        commit(&mut db, &changes).map_err(E::from)?;
        let mut state = self.state.write().recover();
        for change in changes {
            apply(&mut state, change);
        }
        self.version
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(answer)
    }

    /// The write counter (see the field).
    pub fn version(&self) -> u64 {
        self.version.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Records health transitions.
    pub fn record_events(&self, events: &[HealthEvent]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut db = self.db.lock().recover();
        let tx = db.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO health_events (at, account_id, pool_id, source, address, healthy)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for e in events {
                insert.execute(params![
                    e.at,
                    e.account_id,
                    e.pool_id,
                    e.source,
                    e.address,
                    e.healthy
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Health transitions of an account at or after `since` (RFC 3339),
    /// oldest first.
    pub fn events_since(
        &self,
        account_id: &str,
        since: &str,
    ) -> Result<Vec<HealthEvent>, StoreError> {
        let query = EventQuery {
            account_id,
            since,
            until: None,
            pool_id: None,
        };
        Ok(self.events(&query)?.into_iter().map(|e| e.event).collect())
    }

    /// Health transitions that match `query`, oldest first, with their
    /// sequence numbers. Times compare as text, so `since` and `until`
    /// must be in the stored format ([`crate::clock::format_rfc3339`]).
    pub fn events(&self, query: &EventQuery<'_>) -> Result<Vec<LoggedEvent>, StoreError> {
        let db = self.db.lock().recover();
        let mut q = db.prepare_cached(
            "SELECT seq, at, pool_id, source, address, healthy FROM health_events
             WHERE account_id = ?1 AND at >= ?2 AND (?3 IS NULL OR at <= ?3)
               AND (?4 IS NULL OR pool_id = ?4)
             ORDER BY seq",
        )?;
        let rows = q.query_map(
            params![query.account_id, query.since, query.until, query.pool_id],
            |r| {
                let source: String = r.get(3)?;
                Ok(LoggedEvent {
                    seq: r.get(0)?,
                    event: HealthEvent {
                        at: r.get(1)?,
                        account_id: query.account_id.to_owned(),
                        pool_id: r.get(2)?,
                        source: if source == "pool" { "pool" } else { "origin" },
                        address: r.get(4)?,
                        healthy: r.get(5)?,
                    },
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Each pool's health as of just before `before`: the latest pool
    /// transition recorded earlier, for the pools that have one.
    pub fn pool_health_before(
        &self,
        account_id: &str,
        before: &str,
    ) -> Result<HashMap<String, bool>, StoreError> {
        let db = self.db.lock().recover();
        let mut q = db.prepare_cached(
            "SELECT pool_id, healthy FROM health_events
             WHERE seq IN (SELECT MAX(seq) FROM health_events
                           WHERE account_id = ?1 AND source = 'pool' AND at < ?2
                           GROUP BY pool_id)",
        )?;
        let rows = q.query_map(params![account_id, before], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Which health transitions to read ([`Store::events`]).
#[derive(Clone, Copy, Debug)]
pub struct EventQuery<'a> {
    pub account_id: &'a str,
    /// Inclusive lower bound, in the stored format.
    pub since: &'a str,
    /// Inclusive upper bound, in the stored format.
    pub until: Option<&'a str>,
    pub pool_id: Option<&'a str>,
}

/// A recorded transition and its place in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedEvent {
    /// Increases with every row recorded; never reused.
    pub seq: i64,
    pub event: HealthEvent,
}

fn commit(db: &mut Connection, changes: &[Change]) -> Result<(), StoreError> {
    let tx = db.transaction()?;
    for change in changes {
        match change {
            Change::Put { scope, object } => {
                tx.prepare_cached(
                    "INSERT INTO objects (kind, scope, id, body) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, body = excluded.body",
                )?
                .execute(params![object.kind().as_str(), scope, object.id(), object.to_json()])?;
            }
            Change::Delete { kind, id, .. } => {
                tx.prepare_cached("DELETE FROM objects WHERE kind = ?1 AND id = ?2")?
                    .execute(params![kind.as_str(), id])?;
            }
            Change::BindZone {
                zone_id,
                account_id,
                name,
            } => {
                tx.prepare_cached(
                    "INSERT INTO zones (zone_id, account_id, name) VALUES (?1, ?2, ?3)
                     ON CONFLICT (zone_id) DO UPDATE
                     SET account_id = excluded.account_id, name = excluded.name",
                )?
                .execute(params![zone_id, account_id, name])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

fn apply(state: &mut State, change: Change) {
    match change {
        Change::Put { scope, object } => {
            let id = object.id().to_owned();
            match object {
                Object::LoadBalancer(lb) => {
                    state
                        .zones
                        .entry(scope)
                        .or_default()
                        .load_balancers
                        .insert(id, lb);
                }
                Object::Pool(o) => {
                    state.accounts.entry(scope).or_default().pools.insert(id, o);
                }
                Object::Monitor(o) => {
                    state
                        .accounts
                        .entry(scope)
                        .or_default()
                        .monitors
                        .insert(id, o);
                }
                Object::MonitorGroup(o) => {
                    state
                        .accounts
                        .entry(scope)
                        .or_default()
                        .monitor_groups
                        .insert(id, o);
                }
                Object::Policy(o) => {
                    state
                        .accounts
                        .entry(scope)
                        .or_default()
                        .policies
                        .insert(id, o);
                }
            }
        }
        Change::Delete { kind, scope, id } => {
            if kind == Kind::LoadBalancer {
                if let Some(zone) = state.zones.get_mut(&scope) {
                    zone.load_balancers.remove(&id);
                }
                return;
            }
            let Some(account) = state.accounts.get_mut(&scope) else {
                return;
            };
            match kind {
                Kind::Pool => drop(account.pools.remove(&id)),
                Kind::Monitor => drop(account.monitors.remove(&id)),
                Kind::MonitorGroup => drop(account.monitor_groups.remove(&id)),
                Kind::Policy => drop(account.policies.remove(&id)),
                Kind::LoadBalancer => unreachable!("handled above"),
            }
        }
        Change::BindZone {
            zone_id,
            account_id,
            name,
        } => {
            let zone = state.zones.entry(zone_id).or_default();
            zone.account_id = account_id;
            zone.name = name;
        }
    }
}

fn load(conn: &Connection) -> Result<State, StoreError> {
    let mut state = State::default();
    let mut zones = conn.prepare("SELECT zone_id, account_id, name FROM zones")?;
    let rows = zones.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (zone_id, account_id, name) = row?;
        let zone = state.zones.entry(zone_id).or_default();
        zone.account_id = account_id;
        zone.name = name.unwrap_or_default();
    }
    let mut objects = conn.prepare("SELECT kind, scope, body FROM objects")?;
    let rows = objects.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, scope, body) = row?;
        let object = match Kind::parse(&kind) {
            Some(Kind::Pool) => Object::Pool(parse(&body)?),
            Some(Kind::Monitor) => Object::Monitor(parse(&body)?),
            Some(Kind::MonitorGroup) => Object::MonitorGroup(parse(&body)?),
            Some(Kind::Policy) => Object::Policy(parse(&body)?),
            Some(Kind::LoadBalancer) => Object::LoadBalancer(parse(&body)?),
            None => {
                return Err(StoreError(format!(
                    "unknown object kind {kind:?} in the database"
                )))
            }
        };
        apply(&mut state, Change::Put { scope, object });
    }
    // Zones bound before they had names (schema 1) are named the way a new
    // one would be, from a load balancer's hostname.
    for zone in state.zones.values_mut().filter(|z| z.name.is_empty()) {
        if let Some(lb) = zone.load_balancers.values().next() {
            zone.name = zone_name_from_hostname(&lb.name);
        }
    }
    Ok(state)
}

fn parse<T: DeserializeOwned>(body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body)
        .map_err(|e| StoreError(format!("corrupt object in the database: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    // A database written before zones had names (schema 1) still lists its
    // zones under a domain after the upgrade: the name comes from a load
    // balancer's hostname, as for a zone met today.
    #[test]
    fn a_zone_from_schema_1_is_named_from_its_load_balancer() {
        let path = std::env::temp_dir().join(format!(
            "pooldeck-schema1-{}-{}.db",
            std::process::id(),
            crate::ids::new_hex_id()
        ));
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO zones (zone_id, account_id) VALUES ('z1', 'a1')",
                [],
            )
            .unwrap();
            let lb = r#"{"id":"lb1","name":"www.example.com","default_pools":["p"],"fallback_pool":"p"}"#;
            conn.execute(
                "INSERT INTO objects (kind, scope, id, body) VALUES ('load_balancer', 'z1', 'lb1', ?1)",
                [lb],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let name = store.read(|s| s.zones["z1"].name.clone());
        assert_eq!(name, "example.com");
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
