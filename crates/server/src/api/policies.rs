//! `/accounts/{account_id}/alerting/v3/policies…` (contract §8). Create and
//! update answer only `{id}`; delete answers with no `result` at all; there
//! is no PATCH.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pooldeck_model::validate::{validate_policy, Findings};
use pooldeck_model::Policy;
use serde_json::{json, Map, Value};

use super::blocking;
use super::body::{strip, typed, JsonObject};
use super::context::{object_id, AccountCtx};
use super::error::{ok, ok_list, ApiError, ApiResult};
use crate::clock::now_rfc3339;
use crate::ids::new_uuid;
use crate::store::{Change, Kind, Object, State as Data};
use crate::AppState;

const READ_ONLY: &[&str] = &["id", "created", "modified"];

fn find(s: &Data, account_id: &str, id: &str) -> ApiResult<Policy> {
    s.account(account_id)
        .and_then(|a| a.policies.get(id))
        .cloned()
        .ok_or_else(|| ApiError::not_found("policy"))
}

/// `GET …/policies`.
pub async fn list(State(app): State<Arc<AppState>>, ctx: AccountCtx) -> Response {
    let mut policies: Vec<Policy> = app.store.read(|s| {
        s.account(&ctx.account_id)
            .map(|a| a.policies.values().cloned().collect())
            .unwrap_or_default()
    });
    policies.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    ok_list(policies)
}

/// `GET …/policies/{policy_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    Ok(ok(app.store.read(|s| {
        find(s, &ctx.account_id, &object_id(&p, "policy_id"))
    })?))
}

fn prepare(body: Map<String, Value>, old: Option<&Policy>) -> ApiResult<Policy> {
    if !body.contains_key("alert_type") {
        return Err(ApiError::invalid("/alert_type", "alert_type is required"));
    }
    let mut policy: Policy = typed(strip(body, READ_ONLY))?;
    let findings = validate_policy(&policy);
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    let now = now_rfc3339();
    policy.id = Some(old.and_then(|o| o.id.clone()).unwrap_or_else(new_uuid));
    policy.created = Some(
        old.and_then(|o| o.created.clone())
            .unwrap_or_else(|| now.clone()),
    );
    policy.modified = Some(now);
    Ok(policy)
}

fn put(account_id: &str, policy: Policy) -> Vec<Change> {
    vec![Change::Put {
        scope: account_id.to_owned(),
        object: Object::Policy(policy),
    }]
}

/// `POST …/policies`: answers `{id}` only.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let id = blocking(move || {
        app.store.write(|_| {
            let policy = prepare(body, None)?;
            let id = policy.id.clone();
            Ok((put(&ctx.account_id, policy), id))
        })
    })
    .await?;
    Ok(ok(json!({ "id": id })))
}

/// `PUT …/policies/{policy_id}`: a full replacement; answers `{id}` only.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let id = object_id(&p, "policy_id");
    blocking(move || {
        app.store.write(|s| {
            let old = find(s, &ctx.account_id, &id)?;
            let policy = prepare(body, Some(&old))?;
            Ok((put(&ctx.account_id, policy), ()))
        })
    })
    .await?;
    Ok(ok(json!({ "id": object_id(&p, "policy_id") })))
}

/// `DELETE …/policies/{policy_id}`: the envelope carries no `result`.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = object_id(&p, "policy_id");
    blocking(move || {
        app.store.write(|s| {
            find(s, &ctx.account_id, &id)?;
            Ok((
                vec![Change::Delete {
                    kind: Kind::Policy,
                    scope: ctx.account_id.clone(),
                    id: id.clone(),
                }],
                (),
            ))
        })
    })
    .await?;
    Ok(Json(json!({"success": true, "errors": [], "messages": []})).into_response())
}
