//! Typed calls for pools, monitors and the health, references and preview
//! of a pool.

use gloo_net::http::Method;
use pooldeck_model::{
    Monitor, MonitorGroup, Policy, Pool, PoolHealth, PreviewResult, PreviewStart, Reference,
};
use serde_json::{Map, Value};

use super::client::Api;
use super::error::ApiError;

impl Api {
    pub async fn list_pools(&self) -> Result<Vec<Pool>, ApiError> {
        self.call(Method::GET, &self.lb_path("/pools")?, None).await
    }

    pub async fn get_pool(&self, id: &str) -> Result<Pool, ApiError> {
        self.call(Method::GET, &self.lb_path(&format!("/pools/{id}"))?, None)
            .await
    }

    pub async fn pool_health(&self, id: &str) -> Result<PoolHealth, ApiError> {
        self.call(
            Method::GET,
            &self.lb_path(&format!("/pools/{id}/health"))?,
            None,
        )
        .await
    }

    pub async fn pool_references(&self, id: &str) -> Result<Vec<Reference>, ApiError> {
        self.call(
            Method::GET,
            &self.lb_path(&format!("/pools/{id}/references"))?,
            None,
        )
        .await
    }

    /// PATCH with only the given top-level keys.
    pub async fn patch_pool(&self, id: &str, body: Map<String, Value>) -> Result<Pool, ApiError> {
        self.call(
            Method::PATCH,
            &self.lb_path(&format!("/pools/{id}"))?,
            Some(&Value::Object(body)),
        )
        .await
    }

    /// POST: creates a pool from its write body.
    pub async fn create_pool(&self, pool: &Pool) -> Result<Pool, ApiError> {
        self.call(
            Method::POST,
            &self.lb_path("/pools")?,
            Some(&Value::Object(pool.write_body())),
        )
        .await
    }

    /// PUT: replaces the whole pool.
    pub async fn replace_pool(&self, id: &str, body: Map<String, Value>) -> Result<Pool, ApiError> {
        self.call(
            Method::PUT,
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
            Method::POST,
            &self.lb_path(&format!("/pools/{id}/preview"))?,
            Some(&body),
        )
        .await
    }

    /// The preview's results; empty until they are ready.
    pub async fn preview_result(&self, preview_id: &str) -> Result<PreviewResult, ApiError> {
        self.call(
            Method::GET,
            &self.lb_path(&format!("/preview/{preview_id}"))?,
            None,
        )
        .await
    }

    pub async fn delete_pool(&self, id: &str) -> Result<Value, ApiError> {
        self.call(
            Method::DELETE,
            &self.lb_path(&format!("/pools/{id}"))?,
            None,
        )
        .await
    }

    pub async fn list_monitors(&self) -> Result<Vec<Monitor>, ApiError> {
        self.call(Method::GET, &self.lb_path("/monitors")?, None)
            .await
    }

    pub async fn create_monitor(&self, monitor: &Monitor) -> Result<Monitor, ApiError> {
        let body = monitor_body(monitor);
        self.call(Method::POST, &self.lb_path("/monitors")?, Some(&body))
            .await
    }

    pub async fn list_monitor_groups(&self) -> Result<Vec<MonitorGroup>, ApiError> {
        self.call(Method::GET, &self.lb_path("/monitor_groups")?, None)
            .await
    }

    /// `/accounts/{account}/alerting/v3/policies` + `rest`.
    fn policy_path(&self, rest: &str) -> Result<String, ApiError> {
        Ok(format!(
            "/accounts/{}/alerting/v3/policies{rest}",
            self.account()?
        ))
    }

    /// POST a notification policy. The API answers with the new ID only.
    pub async fn create_policy(&self, policy: &Policy) -> Result<Value, ApiError> {
        let body = serde_json::to_value(policy).unwrap_or_default();
        self.call(Method::POST, &self.policy_path("")?, Some(&body))
            .await
    }
}

/// A monitor as a request body: every member but the read-only ones.
fn monitor_body(monitor: &Monitor) -> Value {
    let mut body = serde_json::to_value(monitor).unwrap_or_default();
    if let Some(o) = body.as_object_mut() {
        for key in ["id", "created_on", "modified_on"] {
            o.remove(key);
        }
    }
    body
}
