//! `/accounts/{account_id}/load_balancers/monitors…` (Cloudflare's "Monitors"
//! routes).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing;
use axum::Router;
use pooldeck_model::validate::{validate_monitor, Findings};
use pooldeck_model::Monitor;

use super::body::{typed, JsonObject};
use super::context::{AccountCtx, MonitorId};
use super::error::{ok, ok_list, ApiError, ApiResult};
use super::references;
use super::resource::{self, Draft, Write};
use super::LB;
use crate::AppState;

/// `GET …/monitors`: every monitor, by description.
pub async fn list(State(app): State<Arc<AppState>>, ctx: AccountCtx) -> Response {
    ok_list(resource::all(&app, &ctx.account_id, |m: &Monitor| {
        (m.description.clone(), m.id.clone())
    }))
}

/// `GET …/monitors/{monitor_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorId(id): MonitorId,
) -> ApiResult<Response> {
    Ok(ok(app.store.read(|s| {
        resource::find::<Monitor>(s, &ctx.account_id, &id)
    })?))
}

fn prepare(d: Draft<'_, Monitor>) -> ApiResult<(Monitor, ())> {
    let mut m: Monitor = typed(d.body)?;
    let findings = validate_monitor(&m, &d.app.plan().limits());
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    if d.old.is_none() {
        let count = d
            .state
            .account(d.account_id)
            .map_or(0, |a| a.monitors.len());
        if count >= d.app.quotas.monitors {
            return Err(ApiError::quota(format_args!(
                "this account may have at most {} monitors",
                d.app.quotas.monitors
            )));
        }
    }
    m.materialise();
    Ok((m, ()))
}

async fn save(
    app: Arc<AppState>,
    ctx: AccountCtx,
    how: Write,
    body: JsonObject,
) -> ApiResult<Response> {
    let (m, ()) = resource::write(app, ctx.account_id, how, body.0, prepare).await?;
    Ok(ok(m))
}

/// `POST …/monitors`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Create, body).await
}

/// `PUT …/monitors/{monitor_id}`: full replacement.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorId(id): MonitorId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Replace(id), body).await
}

/// `PATCH …/monitors/{monitor_id}`: replaces the supplied keys only.
pub async fn patch(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorId(id): MonitorId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Patch(id), body).await
}

/// `DELETE …/monitors/{monitor_id}`: refused with 1005 while pools or
/// monitor groups use it, naming them.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorId(id): MonitorId,
) -> ApiResult<Response> {
    resource::delete::<Monitor>(app, ctx.account_id, id, |s, account, id| {
        references::referrer_names(&references::of_monitor(s, account, id))
    })
    .await
}

/// `GET …/monitors/{monitor_id}/references`.
pub async fn references(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorId(id): MonitorId,
) -> ApiResult<Response> {
    let refs = app.store.read(|s| {
        resource::find::<Monitor>(s, &ctx.account_id, &id)?;
        Ok::<_, ApiError>(references::of_monitor(s, &ctx.account_id, &id))
    })?;
    Ok(ok(refs))
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(&format!("{LB}/monitors"), routing::get(list).post(create))
        .route(
            &format!("{LB}/monitors/{{monitor_id}}"),
            routing::get(get).put(replace).patch(patch).delete(delete),
        )
        .route(
            &format!("{LB}/monitors/{{monitor_id}}/references"),
            routing::get(references),
        )
}
