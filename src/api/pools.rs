//! Typed calls for pools: CRUD, health, references and preview.

use super::fetch::Method;
use pooldeck_model::{
    Monitor, MonitorListing, Pool, PoolHealth, PoolListing, PreviewResult, PreviewStart, Reference,
};
use serde::de::IgnoredAny;
use serde_json::{Map, Value};

use super::client::Api;
use super::error::ApiError;
use super::monitors::monitor_body;

impl Api {
    pub async fn list_pools(&self) -> Result<Vec<Pool>, ApiError> {
        self.call(Method::Get, &self.lb_path("/pools")?, None).await
    }

    /// The same GET as [`Api::list_pools`], read as the pools list needs
    /// it ([`PoolListing`]): the list is the first load, and the full
    /// pool's decoder is not.
    pub async fn pool_listings(&self) -> Result<Vec<PoolListing>, ApiError> {
        self.get_listing(&self.lb_path("/pools")?).await
    }

    /// [`Api::pool_listings`] and [`Api::monitor_listings`] at once, when
    /// the page preloaded both and both answers have arrived, so the pools
    /// list's first render can show its rows. None otherwise, and both
    /// answers are left for the calls.
    #[allow(clippy::type_complexity)]
    pub fn listings_at_hand(
        &self,
    ) -> Option<(
        Result<Vec<PoolListing>, ApiError>,
        Result<Vec<MonitorListing>, ApiError>,
    )> {
        let pools = self.lb_path("/pools").ok()?;
        let monitors = self.lb_path("/monitors").ok()?;
        if !(self.has_arrived(&pools) && self.has_arrived(&monitors)) {
            return None;
        }
        Some((
            self.listing_at_hand(&pools)?,
            self.listing_at_hand(&monitors)?,
        ))
    }

    /// PATCHes `enabled` alone. The answer is checked as an envelope and
    /// its pool skipped: both callers (the list and the pool page) reload
    /// the pool after a change.
    pub async fn patch_pool_enabled(&self, id: &str, enabled: bool) -> Result<(), ApiError> {
        let mut body = Map::new();
        body.insert("enabled".into(), Value::Bool(enabled));
        self.call::<IgnoredAny>(
            Method::Patch,
            &self.lb_path(&format!("/pools/{id}"))?,
            Some(&Value::Object(body)),
        )
        .await
        .map(|_| ())
    }

    pub async fn get_pool(&self, id: &str) -> Result<Pool, ApiError> {
        self.call(Method::Get, &self.lb_path(&format!("/pools/{id}"))?, None)
            .await
    }

    pub async fn pool_health(&self, id: &str) -> Result<PoolHealth, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/pools/{id}/health"))?,
            None,
        )
        .await
    }

    pub async fn pool_references(&self, id: &str) -> Result<Vec<Reference>, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/pools/{id}/references"))?,
            None,
        )
        .await
    }

    /// PATCH with only the given top-level keys.
    pub async fn patch_pool(&self, id: &str, body: Map<String, Value>) -> Result<Pool, ApiError> {
        self.call(
            Method::Patch,
            &self.lb_path(&format!("/pools/{id}"))?,
            Some(&Value::Object(body)),
        )
        .await
    }

    /// POST: creates a pool from its write body.
    pub async fn create_pool(&self, pool: &Pool) -> Result<Pool, ApiError> {
        self.call(
            Method::Post,
            &self.lb_path("/pools")?,
            Some(&Value::Object(pool.write_body())),
        )
        .await
    }

    /// PUT: replaces the whole pool.
    pub async fn replace_pool(&self, id: &str, body: Map<String, Value>) -> Result<Pool, ApiError> {
        self.call(
            Method::Put,
            &self.lb_path(&format!("/pools/{id}"))?,
            Some(&Value::Object(body)),
        )
        .await
    }

    /// Starts a health preview of a saved pool with `monitor` (which need
    /// not be saved); poll [`Api::preview_result`] for the answer.
    pub async fn preview_pool(
        &self,
        id: &str,
        monitor: &Monitor,
    ) -> Result<PreviewStart, ApiError> {
        let body = monitor_body(monitor);
        self.call(
            Method::Post,
            &self.lb_path(&format!("/pools/{id}/preview"))?,
            Some(&body),
        )
        .await
    }

    /// The preview's results; empty until they are ready.
    pub async fn preview_result(&self, preview_id: &str) -> Result<PreviewResult, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/preview/{preview_id}"))?,
            None,
        )
        .await
    }

    /// Previews the saved pool `pool_id` with `monitor` and waits (up to
    /// 30 s) for the result: one row per endpoint.
    pub async fn run_preview(
        &self,
        pool_id: &str,
        monitor: &Monitor,
    ) -> Result<Vec<PreviewRow>, ApiError> {
        let start = self.preview_pool(pool_id, monitor).await?;
        for _ in 0..30 {
            gloo_timers::future::TimeoutFuture::new(1000).await;
            let result = self.preview_result(&start.preview_id).await?;
            if let Some(p) = result.get(pool_id).filter(|p| !p.origins.is_empty()) {
                return Ok(p
                    .origins
                    .iter()
                    .map(|a| PreviewRow {
                        address: a.address.clone(),
                        // Not probed is `false` on the wire (a boolean in
                        // Cloudflare's schema) but unknown, not unhealthy.
                        healthy: a.health.verdict(),
                        detail: [a.health.failure_reason.clone(), a.health.rtt.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · "),
                    })
                    .collect());
            }
        }
        Err(ApiError::new(
            super::ErrorKind::Api,
            0,
            "The preview did not finish within 30 seconds.",
        ))
    }

    pub async fn delete_pool(&self, id: &str) -> Result<Value, ApiError> {
        self.call(
            Method::Delete,
            &self.lb_path(&format!("/pools/{id}"))?,
            None,
        )
        .await
    }
}

/// One endpoint's preview verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    pub address: String,
    /// `None`: the preview could not tell.
    pub healthy: Option<bool>,
    /// The failure reason and round-trip time, as far as known.
    pub detail: String,
}
