//! `GET /_pooldeck/history`: the recorded writes of one account, newest
//! first, in a Cloudflare-shaped envelope so the console reads it as it
//! reads the API.
//!
//! Query: `account_id` (required), `kind` and `object_id` (optional
//! filters), `before` (a `seq`: only older entries, for paging) and
//! `per_page` (1–200, default 50). The caller authenticates as for the API
//! and sees only accounts their grant covers.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::api::context::account_to_read;
use crate::api::error::ApiError;
use crate::store::HistoryQuery;
use crate::AppState;

/// Where history is served, below the console's base path.
pub const PATH: &str = "/_pooldeck/history";

pub fn router(app: Arc<AppState>) -> Router {
    Router::new().route(PATH, get(list)).with_state(app)
}

#[derive(Deserialize)]
struct ListQuery {
    account_id: Option<String>,
    kind: Option<String>,
    object_id: Option<String>,
    before: Option<i64>,
    per_page: Option<usize>,
}

async fn list(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return ApiError::invalid("", "the query string could not be read").into_response();
    };
    let account_id = match account_to_read(&app, &headers, q.account_id) {
        Ok(account) => account,
        Err(e) => return e.into_response(),
    };
    let per_page = q.per_page.unwrap_or(50).clamp(1, 200);
    let query = HistoryQuery {
        account_id,
        kind: q.kind,
        object_id: q.object_id,
        before_seq: q.before,
        limit: per_page,
    };
    let store = app.store.clone();
    let read = tokio::task::spawn_blocking(move || store.history(&query)).await;
    match read {
        Ok(Ok(entries)) => Json(json!({
            "success": true,
            "errors": [],
            "messages": [],
            "result_info": {"count": entries.len(), "per_page": per_page},
            "result": entries,
        }))
        .into_response(),
        Ok(Err(e)) => ApiError::internal(e).into_response(),
        Err(e) => ApiError::internal(format_args!("reading history failed: {e}")).into_response(),
    }
}
