//! The jobs table: every job, so a restart resumes what was running.

use pooldeck_model::jobs::Job;
use rusqlite::params;

use super::{Store, StoreError};
use crate::lock::Recover;

fn parse(body: String) -> Result<Job, StoreError> {
    serde_json::from_str(&body).map_err(|e| StoreError(format!("corrupt job in the database: {e}")))
}

impl Store {
    /// Inserts or replaces a job.
    pub fn save_job(&self, job: &Job) -> Result<(), StoreError> {
        let body = serde_json::to_string(job).map_err(|e| StoreError(e.to_string()))?;
        let db = self.db.lock().recover();
        db.prepare_cached(
            "INSERT INTO jobs (id, account_id, pool_id, created_at, live, next_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET live = excluded.live,
               next_at = excluded.next_at, body = excluded.body",
        )?
        .execute(params![
            job.id,
            job.account_id,
            job.pool_id,
            job.created_at,
            job.state.is_live(),
            job.next_at,
            body
        ])?;
        Ok(())
    }

    pub fn job(&self, id: &str) -> Result<Option<Job>, StoreError> {
        let db = self.db.lock().recover();
        let mut q = db.prepare_cached("SELECT body FROM jobs WHERE id = ?1")?;
        let mut rows = q.query(params![id])?;
        match rows.next()? {
            Some(row) => Ok(Some(parse(row.get(0)?)?)),
            None => Ok(None),
        }
    }

    /// An account's jobs (of one pool, when given), newest first.
    pub fn jobs(&self, account_id: &str, pool_id: Option<&str>) -> Result<Vec<Job>, StoreError> {
        let db = self.db.lock().recover();
        let mut q = db.prepare_cached(
            "SELECT body FROM jobs WHERE account_id = ?1 AND (?2 IS NULL OR pool_id = ?2)
             ORDER BY created_at DESC, id LIMIT 500",
        )?;
        let rows = q.query_map(params![account_id, pool_id], |r| r.get::<_, String>(0))?;
        rows.map(|r| parse(r?)).collect()
    }

    /// Live jobs due at or before `now` (the stored format), soonest first.
    pub fn due_jobs(&self, now: &str) -> Result<Vec<Job>, StoreError> {
        let db = self.db.lock().recover();
        let mut q = db.prepare_cached(
            "SELECT body FROM jobs WHERE live = 1 AND next_at IS NOT NULL AND next_at <= ?1
             ORDER BY next_at",
        )?;
        let rows = q.query_map(params![now], |r| r.get::<_, String>(0))?;
        rows.map(|r| parse(r?)).collect()
    }
}
