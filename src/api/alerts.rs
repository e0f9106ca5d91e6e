//! Typed calls for notification policies (Alerting v3). Create and update
//! answer only `{id}`, and there is no PATCH: callers re-fetch after a
//! write, and a toggle is a PUT of the whole policy.

use super::fetch::Method;
use pooldeck_model::{HealthEvent, Policy, WireObject};
use serde_json::Value;

use super::client::{encode_component, Api};
use super::error::ApiError;

/// `{ "id": … }`, all that create and update return.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct PolicyId {
    pub id: String,
}

impl Api {
    /// `/accounts/{account}/alerting/v3/policies` + `rest`.
    fn policy_path(&self, rest: &str) -> Result<String, ApiError> {
        Ok(format!(
            "/accounts/{}/alerting/v3/policies{rest}",
            self.account()?
        ))
    }

    /// Every policy of the account, of every alert type.
    pub async fn list_policies(&self) -> Result<Vec<Policy>, ApiError> {
        self.call(Method::Get, &self.policy_path("")?, None).await
    }

    pub async fn get_policy(&self, id: &str) -> Result<Policy, ApiError> {
        self.call(Method::Get, &self.policy_path(&format!("/{id}"))?, None)
            .await
    }

    /// POST a notification policy. The API answers with the new ID only.
    pub async fn create_policy(&self, policy: &Policy) -> Result<PolicyId, ApiError> {
        self.call(
            Method::Post,
            &self.policy_path("")?,
            Some(&policy_body(policy)),
        )
        .await
    }

    /// PUT: the whole policy (there is no PATCH).
    pub async fn replace_policy(&self, id: &str, policy: &Policy) -> Result<PolicyId, ApiError> {
        self.call(
            Method::Put,
            &self.policy_path(&format!("/{id}"))?,
            Some(&policy_body(policy)),
        )
        .await
    }

    /// Health transitions (pool and endpoint) since `since` (RFC 3339),
    /// oldest first: Cloudflare's load-balancing health event log.
    pub async fn health_events(&self, since: &str) -> Result<Vec<HealthEvent>, ApiError> {
        let path = format!(
            "/accounts/{}/load_balancing_analytics/events?since={}",
            self.account()?,
            encode_component(since)
        );
        self.call(Method::Get, &path, None).await
    }

    /// The answer carries no `result`.
    pub async fn delete_policy(&self, id: &str) -> Result<Value, ApiError> {
        self.call(Method::Delete, &self.policy_path(&format!("/{id}"))?, None)
            .await
    }
}

/// A policy as a request body: without the read-only `id`, `created` and
/// `modified`.
pub fn policy_body(policy: &Policy) -> Value {
    Value::Object(policy.write_body())
}
