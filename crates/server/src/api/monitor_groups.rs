//! `/accounts/{account_id}/load_balancers/monitor_groups…` (2026,
//! Enterprise, API only).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing;
use axum::Router;
use pooldeck_model::validate::{unknown_reference, validate_monitor_group, Findings};
use pooldeck_model::MonitorGroup;

use super::body::{typed, JsonObject};
use super::context::{AccountCtx, MonitorGroupId};
use super::error::{ok, ok_list, ApiError, ApiResult};
use super::references;
use super::resource::{self, Draft, Write};
use super::LB;
use crate::AppState;

/// `GET …/monitor_groups`.
pub async fn list(State(app): State<Arc<AppState>>, ctx: AccountCtx) -> Response {
    ok_list(resource::all(&app, &ctx.account_id, |g: &MonitorGroup| {
        (g.description.clone(), g.id.clone())
    }))
}

/// `GET …/monitor_groups/{monitor_group_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorGroupId(id): MonitorGroupId,
) -> ApiResult<Response> {
    Ok(ok(app.store.read(|s| {
        resource::find::<MonitorGroup>(s, &ctx.account_id, &id)
    })?))
}

fn prepare(d: Draft<'_, MonitorGroup>) -> ApiResult<(MonitorGroup, ())> {
    let g: MonitorGroup = typed(d.body)?;
    let mut findings = validate_monitor_group(&g);
    let monitors = d.state.account(d.account_id).map(|a| &a.monitors);
    for (i, member) in g.members.iter().enumerate() {
        let known = monitors.is_some_and(|m| m.contains_key(&member.monitor_id));
        if !member.monitor_id.is_empty() && !known {
            findings.push(unknown_reference(
                format!("members[{i}].monitor_id"),
                "monitor",
                &member.monitor_id,
            ));
        }
    }
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    Ok((g, ()))
}

async fn save(
    app: Arc<AppState>,
    ctx: AccountCtx,
    how: Write,
    body: JsonObject,
) -> ApiResult<Response> {
    let (g, ()) = resource::write(app, ctx.account_id, how, body.0, prepare).await?;
    Ok(ok(g))
}

/// `POST …/monitor_groups`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Create, body).await
}

/// `PUT …/monitor_groups/{id}`.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorGroupId(id): MonitorGroupId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Replace(id), body).await
}

/// `PATCH …/monitor_groups/{id}`.
pub async fn patch(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorGroupId(id): MonitorGroupId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Patch(id), body).await
}

/// `DELETE …/monitor_groups/{id}`: refused with 1005 while pools use it.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorGroupId(id): MonitorGroupId,
) -> ApiResult<Response> {
    resource::delete::<MonitorGroup>(app, ctx.account_id, id, |s, account, id| {
        references::referrer_names(&references::of_monitor_group(s, account, id))
    })
    .await
}

/// `GET …/monitor_groups/{id}/references`.
pub async fn references(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    MonitorGroupId(id): MonitorGroupId,
) -> ApiResult<Response> {
    let refs = app.store.read(|s| {
        resource::find::<MonitorGroup>(s, &ctx.account_id, &id)?;
        Ok::<_, ApiError>(references::of_monitor_group(s, &ctx.account_id, &id))
    })?;
    Ok(ok(refs))
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            &format!("{LB}/monitor_groups"),
            routing::get(list).post(create),
        )
        .route(
            &format!("{LB}/monitor_groups/{{monitor_group_id}}"),
            routing::get(get).put(replace).patch(patch).delete(delete),
        )
        .route(
            &format!("{LB}/monitor_groups/{{monitor_group_id}}/references"),
            routing::get(references),
        )
}
