//! The embedded, Cloudflare-compatible Load Balancing API under
//! `/client/v4`, shaped like Cloudflare's v4 API.

mod analytics;
pub mod body;
pub mod cache;
pub mod context;
pub mod error;
mod health;
mod load_balancers;
mod monitor_groups;
mod monitors;
mod policies;
mod pools;
mod references;
mod resource;
mod write;
mod zones;

use std::sync::Arc;

use axum::extract::OriginalUri;
use axum::Router;

use crate::AppState;
use error::{ApiError, ApiResult};

/// Runs a write off the async workers: SQLite commits block.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format_args!("a write task failed: {e}"))))
}

/// The API mounted at `/client/v4`, for the demo seed to call in-process.
pub(crate) fn router_for_seed(app: Arc<AppState>) -> Router {
    Router::new().nest(crate::console::API_PREFIX, router(app))
}

/// Where the account's load-balancing objects live.
const LB: &str = "/accounts/{account_id}/load_balancers";
/// Where the account's notification policies live.
const POLICIES: &str = "/accounts/{account_id}/alerting/v3/policies";
/// Where a zone's load balancers live.
const ZONE_LB: &str = "/zones/{zone_id}/load_balancers";

/// Every `/client/v4` route; mount it with `nest("/client/v4", …)`. Each
/// module lists its own routes; the fallbacks answer with envelopes.
pub fn router(app: Arc<AppState>) -> Router {
    Router::new()
        .merge(pools::router())
        .merge(health::router())
        .merge(monitors::router())
        .merge(monitor_groups::router())
        .merge(analytics::router())
        .merge(policies::router())
        .merge(load_balancers::router())
        .merge(zones::router())
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|OriginalUri(uri): OriginalUri| async move { ApiError::no_route(uri.path()) })
        .with_state(app)
}
