//! Typed calls for pools, monitors and the health, references and preview
//! of a pool.

use gloo_net::http::Method;
use pooldeck_model::{Monitor, Pool, PoolHealth, Reference};
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
}
