//! The runner's requests: through the `/client/v4` router with the
//! runner's own token, each named after its job for the history.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, Method};
use pooldeck_model::jobs::Job;
use serde_json::Value;
use tower::ServiceExt;

use super::Runner;

/// Who history names for a request the runner sends: a request extension,
/// which only code in this process can set.
#[derive(Clone, Debug)]
pub struct JobActor(pub String);

/// A failed call: the HTTP status (0 when there was no answer) and the
/// API's message.
#[derive(Clone, Debug)]
pub struct CallError {
    pub status: u16,
    pub message: String,
}

impl Runner {
    /// Sends `method path` for `job` and returns the envelope's `result`.
    pub(super) async fn call(
        &self,
        job: &Job,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, CallError> {
        let mut req = Request::new(match &body {
            Some(b) => Body::from(b.to_string()),
            None => Body::empty(),
        });
        *req.method_mut() = method;
        *req.uri_mut() = path.parse().map_err(|_| CallError {
            status: 0,
            message: format!("bad path {path}"),
        })?;
        let headers = req.headers_mut();
        if let Ok(auth) = format!("Bearer {}", self.app.jobs_token).parse() {
            headers.insert(header::AUTHORIZATION, auth);
        }
        if body.is_some() {
            headers.insert(
                header::CONTENT_TYPE,
                header::HeaderValue::from_static("application/json"),
            );
        }
        req.extensions_mut().insert(JobActor(job.actor()));
        let res = match self.api.clone().oneshot(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        };
        let status = res.status().as_u16();
        let bytes = to_bytes(res.into_body(), 64 * 1024 * 1024)
            .await
            .map_err(|e| CallError {
                status,
                message: e.to_string(),
            })?;
        let mut v: Value = serde_json::from_slice(&bytes).map_err(|_| CallError {
            status,
            message: format!("the API's answer (HTTP {status}) was not JSON"),
        })?;
        if v["success"] == Value::Bool(true) {
            return Ok(v["result"].take());
        }
        let message = v["errors"][0]["message"]
            .as_str()
            .unwrap_or("the API refused")
            .to_owned();
        Err(CallError { status, message })
    }
}
