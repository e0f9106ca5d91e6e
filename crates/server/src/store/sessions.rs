//! The sessions table, so browser sessions outlive a restart. Only a hash
//! of each session's secret is stored: a copy of the database does not
//! sign anyone in.

use rusqlite::params;

use super::{Store, StoreError};
use crate::lock::Recover;

/// A stored session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    /// SHA-256 of the cookie's secret, in hex.
    pub id_hash: String,
    pub who: String,
    /// The grant, as JSON (see `crate::auth::Grant`).
    pub grant_json: String,
    /// Unix seconds.
    pub expires: i64,
}

impl Store {
    pub fn save_session(&self, s: &StoredSession) -> Result<(), StoreError> {
        let db = self.db.lock().recover();
        db.prepare_cached(
            "INSERT INTO sessions (id_hash, who, grant_json, expires) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id_hash) DO UPDATE SET who = excluded.who,
               grant_json = excluded.grant_json, expires = excluded.expires",
        )?
        .execute(params![s.id_hash, s.who, s.grant_json, s.expires])?;
        Ok(())
    }

    pub fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        let db = self.db.lock().recover();
        db.prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?
            .execute(params![id_hash])?;
        Ok(())
    }

    /// The sessions that expire after `now` (Unix seconds); the rest are
    /// deleted.
    pub fn live_sessions(&self, now: i64) -> Result<Vec<StoredSession>, StoreError> {
        let db = self.db.lock().recover();
        db.prepare_cached("DELETE FROM sessions WHERE expires <= ?1")?
            .execute(params![now])?;
        let mut select =
            db.prepare_cached("SELECT id_hash, who, grant_json, expires FROM sessions")?;
        let rows = select.query_map([], |r| {
            Ok(StoredSession {
                id_hash: r.get(0)?,
                who: r.get(1)?,
                grant_json: r.get(2)?,
                expires: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
