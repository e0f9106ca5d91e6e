//! `/accounts/{account_id}/alerting/v3/policies…` (Cloudflare's Alerting v3).
//! Create and update answer only `{id}`; delete answers with no `result` at
//! all; there is no PATCH.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing;
use axum::Json;
use axum::Router;
use pooldeck_model::validate::{validate_policy, Findings};
use pooldeck_model::Policy;
use serde_json::json;

use super::body::{typed, JsonObject};
use super::context::{AccountCtx, PolicyId};
use super::error::{ok, ok_list, ApiError, ApiResult};
use super::resource::{self, Draft, Write};
use super::POLICIES;
use crate::AppState;

/// `GET …/policies`.
pub async fn list(State(app): State<Arc<AppState>>, ctx: AccountCtx) -> Response {
    ok_list(resource::all(&app, &ctx.account_id, |p: &Policy| {
        (p.name.clone(), p.id.clone())
    }))
}

/// `GET …/policies/{policy_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PolicyId(id): PolicyId,
) -> ApiResult<Response> {
    Ok(ok(app.store.read(|s| {
        resource::find::<Policy>(s, &ctx.account_id, &id)
    })?))
}

fn prepare(d: Draft<'_, Policy>) -> ApiResult<(Policy, ())> {
    if !d.body.contains_key("alert_type") {
        return Err(ApiError::invalid("alert_type", "alert_type is required"));
    }
    let policy: Policy = typed(d.body)?;
    let findings = validate_policy(&policy);
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    Ok((policy, ()))
}

/// Saves and answers `{id}` only, as the alerting API does.
async fn save(
    app: Arc<AppState>,
    ctx: AccountCtx,
    how: Write,
    body: JsonObject,
) -> ApiResult<Response> {
    let (policy, ()) = resource::write(app, ctx.account_id, how, body.0, prepare).await?;
    Ok(ok(json!({ "id": policy.id })))
}

/// `POST …/policies`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Create, body).await
}

/// `PUT …/policies/{policy_id}`: a full replacement.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PolicyId(id): PolicyId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Replace(id), body).await
}

/// `DELETE …/policies/{policy_id}`: the envelope carries no `result`.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PolicyId(id): PolicyId,
) -> ApiResult<Response> {
    resource::delete::<Policy>(app, ctx.account_id, id, |_, _, _| Vec::new()).await?;
    Ok(Json(json!({"success": true, "errors": [], "messages": []})).into_response())
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(POLICIES, routing::get(list).post(create))
        .route(
            &format!("{POLICIES}/{{policy_id}}"),
            routing::get(get).put(replace).delete(delete),
        )
}
