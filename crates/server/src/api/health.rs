//! Health and previews (Cloudflare's pool health and preview routes): what the
//! prober measured, and one-off checks of a monitor before anything is saved.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing;
use axum::Router;
use pooldeck_model::codes::CODE_NOT_FOUND;
use pooldeck_model::validate::{validate_monitor, Findings};
use pooldeck_model::{Monitor, PreviewStart, WireObject};

use super::body::{typed, JsonObject};
use super::context::{AccountCtx, MonitorId, PoolId, PreviewId};
use super::error::{ok, ApiError, ApiResult};
use super::LB;
use crate::AppState;

/// `GET …/pools/{pool_id}/health`.
pub async fn pool_health(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
) -> ApiResult<Response> {
    let health = app.store.read(|s| {
        let pool = s
            .account(&ctx.account_id)
            .and_then(|a| a.pools.get(&id))
            .ok_or_else(|| ApiError::not_found("pool"))?;
        app.prober.health(s, &ctx.account_id, pool).ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                CODE_NOT_FOUND,
                "Health info unavailable for this pool",
            )
        })
    })?;
    Ok(ok(health))
}

fn monitor_from(
    app: &AppState,
    body: serde_json::Map<String, serde_json::Value>,
) -> ApiResult<Monitor> {
    let monitor: Monitor = typed(Monitor::strip_read_only(body))?;
    let findings = validate_monitor(&monitor, &app.plan().limits());
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    Ok(monitor)
}

/// `POST …/pools/{pool_id}/preview`: checks the pool's endpoints with the
/// monitor in the body, once. Poll `GET …/preview/{preview_id}`.
pub async fn preview_pool(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let monitor = monitor_from(&app, body)?;
    let pool = app
        .store
        .read(|s| {
            s.account(&ctx.account_id)
                .and_then(|a| a.pools.get(&id))
                .cloned()
        })
        .ok_or_else(|| ApiError::not_found("pool"))?;
    let pools = BTreeMap::from([(id, pool.name.clone())]);
    let preview_id = app
        .prober
        .start_preview(&ctx.account_id, vec![pool], monitor);
    Ok(ok(PreviewStart {
        preview_id,
        pools,
        extra: Default::default(),
    }))
}

/// `POST …/monitors/{monitor_id}/preview`: checks every pool that uses the
/// monitor with the (edited) monitor in the body.
pub async fn preview_monitor(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorId(id): MonitorId,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let monitor = monitor_from(&app, body)?;
    let pools = app.store.read(|s| {
        let account = s
            .account(&ctx.account_id)
            .ok_or_else(|| ApiError::not_found("monitor"))?;
        if !account.monitors.contains_key(&id) {
            return Err(ApiError::not_found("monitor"));
        }
        Ok(account
            .pools
            .values()
            .filter(|p| p.monitor_id() == Some(id.as_str()))
            .cloned()
            .collect::<Vec<_>>())
    })?;
    let names = pools
        .iter()
        .map(|p| (p.id.clone().unwrap_or_default(), p.name.clone()))
        .collect();
    let preview_id = app.prober.start_preview(&ctx.account_id, pools, monitor);
    Ok(ok(PreviewStart {
        preview_id,
        pools: names,
        extra: Default::default(),
    }))
}

/// `GET …/preview/{preview_id}`: the results keyed by pool ID; an empty
/// object while the checks are still running.
pub async fn preview_result(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PreviewId(id): PreviewId,
) -> ApiResult<Response> {
    match app.prober.preview(&ctx.account_id, &id) {
        None => Err(ApiError::not_found("preview")),
        Some(result) => Ok(ok(result.unwrap_or_default())),
    }
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            &format!("{LB}/pools/{{pool_id}}/health"),
            routing::get(pool_health),
        )
        .route(
            &format!("{LB}/pools/{{pool_id}}/preview"),
            routing::post(preview_pool),
        )
        .route(
            &format!("{LB}/preview/{{preview_id}}"),
            routing::get(preview_result),
        )
        .route(
            &format!("{LB}/monitors/{{monitor_id}}/preview"),
            routing::post(preview_monitor),
        )
}
