//! Jobs (scheduled maintenance, weight ramps), which pooldeck-server runs:
//! `/_pooldeck/jobs`. Not part of Cloudflare's API.

use super::fetch::Method;
use pooldeck_model::jobs::{Job, JobRequest, JobSpec};

use super::client::Api;
use super::error::ApiError;

impl Api {
    /// The account's jobs (one pool's, when given), newest first.
    pub async fn list_jobs(&self, pool_id: Option<&str>) -> Result<Vec<Job>, ApiError> {
        let mut path = format!("/_pooldeck/jobs?account_id={}", self.account()?);
        if let Some(id) = pool_id {
            path.push_str(&format!("&pool_id={id}"));
        }
        self.get_server(&path).await
    }

    /// Starts a job on a pool.
    pub async fn create_job(&self, pool_id: &str, spec: JobSpec) -> Result<Job, ApiError> {
        let request = JobRequest {
            account_id: self.account()?,
            pool_id: pool_id.to_owned(),
            spec,
        };
        let body = serde_json::to_value(&request).unwrap_or_default();
        self.call_server(Method::Post, "/_pooldeck/jobs", Some(&body))
            .await
    }

    /// Stops a job where it is.
    pub async fn cancel_job(&self, id: &str) -> Result<Job, ApiError> {
        self.call_server(Method::Post, &format!("/_pooldeck/jobs/{id}/cancel"), None)
            .await
    }
}
