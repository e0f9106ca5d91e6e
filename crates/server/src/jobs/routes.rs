//! `/_pooldeck/jobs`: list, create and cancel jobs, in the API's envelope.
//!
//! - `GET /_pooldeck/jobs?account_id=ID[&pool_id=ID]`: newest first.
//! - `POST /_pooldeck/jobs` with a `JobRequest`: checked against the pool
//!   as it is now; refused when another live job owns the same value.
//! - `POST /_pooldeck/jobs/{id}/cancel`: stops a job where it is (a
//!   disabled endpoint stays disabled, and the message says so).
//!
//! Callers authenticate as for the API; creating and cancelling are
//! writes (a session needs the CSRF header), and only accounts the
//! caller's grant covers are visible.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pooldeck_model::jobs::{Job, JobRequest, JobSpec, JobState};
use pooldeck_model::Pool;
use serde::Deserialize;
use serde_json::{json, Value};

use super::step::{first_run, overlaps};
use super::Runner;
use crate::api::context::account_to_read;
use crate::api::error::ApiError;
use crate::clock::{format_rfc3339, parse_rfc3339};
use crate::ids::{is_hex_id, new_hex_id};

pub const PATH: &str = "/_pooldeck/jobs";

pub fn router(runner: Arc<Runner>) -> Router {
    Router::new()
        .route(PATH, get(list).post(create))
        .route(&format!("{PATH}/{{id}}/cancel"), post(cancel))
        .with_state(runner)
}

fn answer(result: Value) -> Response {
    Json(json!({"success": true, "errors": [], "messages": [], "result": result})).into_response()
}

fn conflict(message: String) -> Response {
    ApiError::new(StatusCode::CONFLICT, 1002, message).into_response()
}

#[derive(Deserialize)]
struct ListQuery {
    account_id: Option<String>,
    pool_id: Option<String>,
}

async fn list(
    State(r): State<Arc<Runner>>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return ApiError::invalid("", "the query string could not be read").into_response();
    };
    let account = match account_to_read(&r.app, &headers, q.account_id) {
        Ok(account) => account,
        Err(e) => return e.into_response(),
    };
    match r.app.store.jobs(&account, q.pool_id.as_deref()) {
        Ok(jobs) => answer(json!(jobs)),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// The spec with its times in the stored format (so they compare as
/// text), or why they are not times.
fn normalised(spec: JobSpec) -> Result<JobSpec, String> {
    match spec {
        JobSpec::Maintenance {
            target,
            start_at,
            end_at,
            recheck_secs,
        } => {
            let time = |s: &str, name: &str| {
                parse_rfc3339(s).map(format_rfc3339).ok_or_else(|| {
                    format!("{name} must be an RFC 3339 time, like 2026-12-02T02:00:00Z")
                })
            };
            Ok(JobSpec::Maintenance {
                target,
                start_at: time(&start_at, "start_at")?,
                end_at: time(&end_at, "end_at")?,
                recheck_secs,
            })
        }
        ramp => Ok(ramp),
    }
}

async fn create(
    State(r): State<Arc<Runner>>,
    headers: HeaderMap,
    body: Result<Json<JobRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let grant = match r.app.auth.check(&r.app.sessions, &headers, &Method::POST) {
        Ok(g) => g,
        Err(e) => return e.into_response(),
    };
    let Ok(Json(req)) = body else {
        return ApiError::invalid(
            "",
            "the body must be a job request: account_id, pool_id and spec",
        )
        .into_response();
    };
    let account = req.account_id.to_ascii_lowercase();
    if !is_hex_id(&account) || !is_hex_id(&req.pool_id) {
        return ApiError::invalid("account_id", "account_id and pool_id must be IDs")
            .into_response();
    }
    if !grant.covers(&account) {
        return ApiError::forbidden().into_response();
    }
    let spec = match normalised(req.spec) {
        Ok(spec) => spec,
        Err(why) => return ApiError::invalid("spec", why).into_response(),
    };
    let now = r.now();
    let who = r
        .app
        .auth
        .who(&r.app.sessions, &headers)
        .unwrap_or_else(|| "someone".to_owned());
    let mut job = Job {
        id: new_hex_id(),
        account_id: account.clone(),
        pool_id: req.pool_id.clone(),
        pool_name: String::new(),
        created_by: who,
        created_at: format_rfc3339(now),
        spec,
        state: JobState::Scheduled,
        message: String::new(),
        next_at: None,
        step: 0,
        written: None,
        pending: None,
        started_from: None,
        preview_id: None,
        updated_at: format_rfc3339(now),
    };
    // The pool as it is now, read with the runner's own credentials (the
    // caller's grant was checked above).
    let path = format!("/accounts/{account}/load_balancers/pools/{}", req.pool_id);
    let pool: Pool = match r.call(&job, Method::GET, &path, None).await {
        Ok(v) => match serde_json::from_value(v) {
            Ok(p) => p,
            Err(e) => return ApiError::internal(e).into_response(),
        },
        Err(e) if e.status == 404 => return ApiError::not_found("pool").into_response(),
        Err(e) => return ApiError::new(StatusCode::BAD_GATEWAY, 1000, e.message).into_response(),
    };
    if let Some(why) = job.spec.problem(&pool) {
        return ApiError::invalid("spec", why).into_response();
    }
    let _guard = r.app.jobs_lock.lock().await;
    let live = match r.app.store.jobs(&account, Some(&req.pool_id)) {
        Ok(jobs) => jobs,
        Err(e) => return ApiError::internal(e).into_response(),
    };
    if let Some(other) = live
        .iter()
        .find(|j| j.state.is_live() && overlaps(&j.spec, &job.spec))
    {
        return conflict(format!(
            "another {} job ({}) already owns this; cancel it first",
            other.spec.kind_name(),
            other.state.label().to_lowercase()
        ));
    }
    job.pool_name = pool.name.clone();
    job.next_at = first_run(&job.spec, now);
    job.message = match &job.spec {
        JobSpec::Maintenance {
            start_at, end_at, ..
        } => {
            format!("Scheduled: disabled from {start_at} to {end_at}.")
        }
        JobSpec::Ramp { to, steps, .. } => format!("Starting: to weight {to} in {steps} steps."),
    };
    if let Err(e) = r.app.store.save_job(&job) {
        return ApiError::internal(e).into_response();
    }
    answer(json!(job))
}

async fn cancel(
    State(r): State<Arc<Runner>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let grant = match r.app.auth.check(&r.app.sessions, &headers, &Method::POST) {
        Ok(g) => g,
        Err(e) => return e.into_response(),
    };
    let _guard = r.app.jobs_lock.lock().await;
    let mut job = match r.app.store.job(&id) {
        Ok(Some(job)) if grant.covers(&job.account_id) => job,
        Ok(_) => return ApiError::not_found("job").into_response(),
        Err(e) => return ApiError::internal(e).into_response(),
    };
    if matches!(
        job.state,
        JobState::Done | JobState::Cancelled | JobState::Failed
    ) {
        return conflict(format!(
            "the job is already {}",
            job.state.label().to_lowercase()
        ));
    }
    let who = r
        .app
        .auth
        .who(&r.app.sessions, &headers)
        .unwrap_or_else(|| "someone".to_owned());
    let left = match (&job.spec, job.step) {
        (JobSpec::Maintenance { .. }, 1..) => {
            " What it disabled stays disabled; enable it when ready."
        }
        (JobSpec::Ramp { .. }, 1..) => " The weight stays where the last step left it.",
        _ => "",
    };
    job.state = JobState::Cancelled;
    job.next_at = None;
    job.message = format!("Cancelled by {who}.{left}");
    job.updated_at = format_rfc3339(r.now());
    if let Err(e) = r.app.store.save_job(&job) {
        return ApiError::internal(e).into_response();
    }
    answer(json!(job))
}
