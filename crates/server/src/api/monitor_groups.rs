//! `/accounts/{account_id}/load_balancers/monitor_groups…` (2026,
//! Enterprise, API only; contract §4.5, §6).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use pooldeck_model::validate::{unknown_reference, validate_monitor_group, Findings};
use pooldeck_model::MonitorGroup;
use serde_json::{Map, Value};

use super::body::{strip, typed, JsonObject};
use super::context::{object_id, AccountCtx};
use super::error::{ok, ok_list, ApiError, ApiResult};
use super::write::merge_patch;
use super::{blocking, references};
use crate::clock::now_rfc3339;
use crate::ids::new_hex_id;
use crate::store::{Change, Kind, Object, State as Data};
use crate::AppState;

const READ_ONLY: &[&str] = &[
    "id",
    "created_on",
    "modified_on",
    "created_at",
    "updated_at",
];

fn find(s: &Data, account_id: &str, id: &str) -> ApiResult<MonitorGroup> {
    s.account(account_id)
        .and_then(|a| a.monitor_groups.get(id))
        .cloned()
        .ok_or_else(|| ApiError::not_found("monitor group"))
}

/// `GET …/monitor_groups`.
pub async fn list(State(app): State<Arc<AppState>>, ctx: AccountCtx) -> Response {
    let mut groups: Vec<MonitorGroup> = app.store.read(|s| {
        s.account(&ctx.account_id)
            .map(|a| a.monitor_groups.values().cloned().collect())
            .unwrap_or_default()
    });
    groups.sort_by(|a, b| a.description.cmp(&b.description).then(a.id.cmp(&b.id)));
    ok_list(groups)
}

/// `GET …/monitor_groups/{monitor_group_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    Ok(ok(app.store.read(|s| {
        find(s, &ctx.account_id, &object_id(&p, "monitor_group_id"))
    })?))
}

fn prepare(
    s: &Data,
    account_id: &str,
    body: Map<String, Value>,
    old: Option<&MonitorGroup>,
) -> ApiResult<MonitorGroup> {
    let mut g: MonitorGroup = typed(strip(body, READ_ONLY))?;
    let mut findings = validate_monitor_group(&g);
    let monitors = s.account(account_id).map(|a| &a.monitors);
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
    let now = now_rfc3339();
    g.id = Some(old.and_then(|o| o.id.clone()).unwrap_or_else(new_hex_id));
    g.created_on = Some(
        old.and_then(|o| o.created_on.clone())
            .unwrap_or_else(|| now.clone()),
    );
    g.modified_on = Some(now);
    Ok(g)
}

fn put(account_id: &str, g: MonitorGroup) -> Vec<Change> {
    vec![Change::Put {
        scope: account_id.to_owned(),
        object: Object::MonitorGroup(g),
    }]
}

/// `POST …/monitor_groups`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let g = blocking(move || {
        app.store.write(|s| {
            let g = prepare(s, &ctx.account_id, body, None)?;
            Ok((put(&ctx.account_id, g.clone()), g))
        })
    })
    .await?;
    Ok(ok(g))
}

/// `PUT …/monitor_groups/{id}`.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_group_id");
    let g = blocking(move || {
        app.store.write(|s| {
            let old = find(s, &ctx.account_id, &id)?;
            let g = prepare(s, &ctx.account_id, body, Some(&old))?;
            Ok((put(&ctx.account_id, g.clone()), g))
        })
    })
    .await?;
    Ok(ok(g))
}

/// `PATCH …/monitor_groups/{id}`.
pub async fn patch(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_group_id");
    let g = blocking(move || {
        app.store.write(|s| {
            let old = find(s, &ctx.account_id, &id)?;
            let merged = merge_patch(&old, strip(body, READ_ONLY));
            let g = prepare(s, &ctx.account_id, merged, Some(&old))?;
            Ok((put(&ctx.account_id, g.clone()), g))
        })
    })
    .await?;
    Ok(ok(g))
}

/// `DELETE …/monitor_groups/{id}`: refused with 1005 while pools use it.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_group_id");
    let id2 = id.clone();
    blocking(move || {
        app.store.write(|s| {
            find(s, &ctx.account_id, &id2)?;
            let users =
                references::referrer_names(&references::of_monitor_group(s, &ctx.account_id, &id2));
            if !users.is_empty() {
                return Err(ApiError::referenced(&users));
            }
            Ok((
                vec![Change::Delete {
                    kind: Kind::MonitorGroup,
                    scope: ctx.account_id.clone(),
                    id: id2.clone(),
                }],
                (),
            ))
        })
    })
    .await?;
    Ok(ok(serde_json::json!({ "id": id })))
}

/// `GET …/monitor_groups/{id}/references`.
pub async fn references(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_group_id");
    let refs = app.store.read(|s| {
        find(s, &ctx.account_id, &id)?;
        Ok::<_, ApiError>(references::of_monitor_group(s, &ctx.account_id, &id))
    })?;
    Ok(ok(refs))
}
