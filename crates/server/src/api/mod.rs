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

use std::sync::Arc;

use axum::extract::OriginalUri;
use axum::routing::{get, post};
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

/// Every `/client/v4` route; mount it with `nest("/client/v4", …)`.
pub fn router(app: Arc<AppState>) -> Router {
    let a = "/accounts/{account_id}/load_balancers";
    let p = "/accounts/{account_id}/alerting/v3/policies";
    let z = "/zones/{zone_id}/load_balancers";
    Router::new()
        .route(
            &format!("{a}/pools"),
            get(pools::list)
                .post(pools::create)
                .patch(pools::bulk_patch),
        )
        .route(
            &format!("{a}/pools/{{pool_id}}"),
            get(pools::get)
                .put(pools::replace)
                .patch(pools::patch)
                .delete(pools::delete),
        )
        .route(
            &format!("{a}/pools/{{pool_id}}/references"),
            get(pools::references),
        )
        .route(
            &format!("{a}/pools/{{pool_id}}/health"),
            get(health::pool_health),
        )
        .route(
            &format!("{a}/pools/{{pool_id}}/preview"),
            post(health::preview_pool),
        )
        .route(
            &format!("{a}/preview/{{preview_id}}"),
            get(health::preview_result),
        )
        .route(
            &format!("{a}/monitors/{{monitor_id}}/preview"),
            post(health::preview_monitor),
        )
        .route(
            &format!("{a}/monitors"),
            get(monitors::list).post(monitors::create),
        )
        .route(
            &format!("{a}/monitors/{{monitor_id}}"),
            get(monitors::get)
                .put(monitors::replace)
                .patch(monitors::patch)
                .delete(monitors::delete),
        )
        .route(
            &format!("{a}/monitors/{{monitor_id}}/references"),
            get(monitors::references),
        )
        .route(
            &format!("{a}/monitor_groups"),
            get(monitor_groups::list).post(monitor_groups::create),
        )
        .route(
            &format!("{a}/monitor_groups/{{monitor_group_id}}"),
            get(monitor_groups::get)
                .put(monitor_groups::replace)
                .patch(monitor_groups::patch)
                .delete(monitor_groups::delete),
        )
        .route(
            &format!("{a}/monitor_groups/{{monitor_group_id}}/references"),
            get(monitor_groups::references),
        )
        .route(
            "/accounts/{account_id}/load_balancing_analytics/events",
            get(analytics::events),
        )
        .route(p, get(policies::list).post(policies::create))
        .route(
            &format!("{p}/{{policy_id}}"),
            get(policies::get)
                .put(policies::replace)
                .delete(policies::delete),
        )
        .route(z, get(load_balancers::list).post(load_balancers::create))
        .route(
            &format!("{z}/{{load_balancer_id}}"),
            get(load_balancers::get)
                .put(load_balancers::replace)
                .patch(load_balancers::patch)
                .delete(load_balancers::delete),
        )
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|OriginalUri(uri): OriginalUri| async move { ApiError::no_route(uri.path()) })
        .with_state(app)
}
