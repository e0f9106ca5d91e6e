//! The history table: every write the server made or forwarded, with the
//! object before and after (see `crate::history`).

use pooldeck_model::HistoryEntry;
use rusqlite::params;
use serde_json::Value;

use super::{Store, StoreError};
use crate::lock::Recover;

/// Which entries to read ([`Store::history`]), newest first.
#[derive(Clone, Debug, Default)]
pub struct HistoryQuery {
    pub account_id: String,
    pub kind: Option<String>,
    pub object_id: Option<String>,
    /// Only entries older than this sequence number (paging).
    pub before_seq: Option<i64>,
    pub limit: usize,
}

fn to_text(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(Value::to_string)
}

fn from_text(s: Option<String>) -> Option<Value> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

impl Store {
    /// Records a write (its `seq` is ignored); returns its sequence number.
    pub fn record_history(&self, e: &HistoryEntry) -> Result<i64, StoreError> {
        let db = self.db.lock().recover();
        db.prepare_cached(
            "INSERT INTO history (at, actor, method, kind, account_id, zone_id, object_id, path, before, after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            e.at,
            e.actor,
            e.method,
            e.kind,
            e.account_id,
            e.zone_id,
            e.object_id,
            e.path,
            to_text(&e.before),
            to_text(&e.after)
        ])?;
        Ok(db.last_insert_rowid())
    }

    /// An account's entries that match `q`, newest first.
    pub fn history(&self, q: &HistoryQuery) -> Result<Vec<HistoryEntry>, StoreError> {
        let db = self.db.lock().recover();
        let mut select = db.prepare_cached(
            "SELECT seq, at, actor, method, kind, account_id, zone_id, object_id, path, before, after
             FROM history
             WHERE account_id = ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR object_id = ?3)
               AND (?4 IS NULL OR seq < ?4)
             ORDER BY seq DESC LIMIT ?5",
        )?;
        let rows = select.query_map(
            params![
                q.account_id,
                q.kind,
                q.object_id,
                q.before_seq,
                i64::try_from(q.limit).unwrap_or(i64::MAX)
            ],
            |r| {
                Ok(HistoryEntry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    method: r.get(3)?,
                    kind: r.get(4)?,
                    account_id: r.get(5)?,
                    zone_id: r.get(6)?,
                    object_id: r.get(7)?,
                    path: r.get(8)?,
                    before: from_text(r.get(9)?),
                    after: from_text(r.get(10)?),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes the entries recorded before `cutoff` (the stored format);
    /// returns how many.
    pub fn prune_history(&self, cutoff: &str) -> Result<usize, StoreError> {
        let db = self.db.lock().recover();
        let deleted = db
            .prepare_cached("DELETE FROM history WHERE at < ?1")?
            .execute(params![cutoff])?;
        Ok(deleted)
    }
}
