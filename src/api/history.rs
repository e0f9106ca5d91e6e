//! A pool's history, from pooldeck-server's `GET /_pooldeck/history` (not
//! part of Cloudflare's API: against another server it is a 404, which the
//! history page explains).

use pooldeck_model::HistoryEntry;

use super::client::Api;
use super::error::{ApiError, ErrorKind};

/// How many versions one page of history shows.
pub const HISTORY_PAGE: usize = 20;

impl Api {
    /// A pool's recorded writes, newest first: up to [`HISTORY_PAGE`],
    /// older than `before` (a `seq`) when given.
    pub async fn pool_history(
        &self,
        pool_id: &str,
        before: Option<i64>,
    ) -> Result<Vec<HistoryEntry>, ApiError> {
        let mut path = format!(
            "/_pooldeck/history?account_id={}&kind=pool&object_id={}&per_page={HISTORY_PAGE}",
            self.account()?,
            pool_id
        );
        if let Some(seq) = before {
            path.push_str(&format!("&before={seq}"));
        }
        self.get_server(&path).await
    }

    /// One recorded write of a pool, by its `seq`.
    pub async fn pool_version(&self, pool_id: &str, seq: i64) -> Result<HistoryEntry, ApiError> {
        let path = format!(
            "/_pooldeck/history?account_id={}&kind=pool&object_id={}&per_page=1&before={}",
            self.account()?,
            pool_id,
            seq.saturating_add(1)
        );
        let entries: Vec<HistoryEntry> = self.get_server(&path).await?;
        entries.into_iter().find(|e| e.seq == seq).ok_or_else(|| {
            ApiError::new(
                ErrorKind::Api,
                404,
                "That version is not in this pool's history (it may have been pruned).",
            )
        })
    }
}
