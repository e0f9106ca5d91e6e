//! `/accounts/{account_id}/load_balancers/monitors…` (contract §4.5, §6).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use pooldeck_model::validate::{validate_monitor, Findings};
use pooldeck_model::{Monitor, MonitorType};
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

const READ_ONLY: &[&str] = &["id", "created_on", "modified_on"];

pub(super) fn find(s: &Data, account_id: &str, id: &str) -> ApiResult<Monitor> {
    s.account(account_id)
        .and_then(|a| a.monitors.get(id))
        .cloned()
        .ok_or_else(|| ApiError::not_found("monitor"))
}

/// `GET …/monitors`: every monitor, by description.
pub async fn list(State(app): State<Arc<AppState>>, ctx: AccountCtx) -> Response {
    let mut monitors: Vec<Monitor> = app.store.read(|s| {
        s.account(&ctx.account_id)
            .map(|a| a.monitors.values().cloned().collect())
            .unwrap_or_default()
    });
    monitors.sort_by(|a, b| a.description.cmp(&b.description).then(a.id.cmp(&b.id)));
    ok_list(monitors)
}

/// `GET …/monitors/{monitor_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    Ok(ok(app.store.read(|s| {
        find(s, &ctx.account_id, &object_id(&p, "monitor_id"))
    })?))
}

/// Fills in the defaults the API materialises for each type.
fn materialise(m: &mut Monitor) {
    if m.method.is_none() {
        m.method = match m.kind {
            MonitorType::Http | MonitorType::Https => Some("GET".into()),
            MonitorType::Tcp => Some("connection_established".into()),
            _ => None,
        };
    }
    if m.kind.is_http() && m.path.is_none() {
        m.path = Some("/".into());
    }
    if m.port.is_none() {
        m.port = Some(0);
    }
}

fn prepare(
    app: &AppState,
    s: &Data,
    account_id: &str,
    body: Map<String, Value>,
    old: Option<&Monitor>,
) -> ApiResult<Monitor> {
    let mut m: Monitor = typed(strip(body, READ_ONLY))?;
    let findings = validate_monitor(&m, &app.limits(None, None));
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    if old.is_none() {
        let count = s.account(account_id).map_or(0, |a| a.monitors.len());
        if count >= app.quotas.monitors {
            return Err(ApiError::quota(format_args!(
                "this account may have at most {} monitors",
                app.quotas.monitors
            )));
        }
    }
    materialise(&mut m);
    let now = now_rfc3339();
    m.id = Some(old.and_then(|o| o.id.clone()).unwrap_or_else(new_hex_id));
    m.created_on = Some(
        old.and_then(|o| o.created_on.clone())
            .unwrap_or_else(|| now.clone()),
    );
    m.modified_on = Some(now);
    Ok(m)
}

fn put(account_id: &str, m: Monitor) -> Vec<Change> {
    vec![Change::Put {
        scope: account_id.to_owned(),
        object: Object::Monitor(m),
    }]
}

/// `POST …/monitors`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let app2 = app.clone();
    let m = blocking(move || {
        app2.store.write(|s| {
            let m = prepare(&app2, s, &ctx.account_id, body, None)?;
            Ok((put(&ctx.account_id, m.clone()), m))
        })
    })
    .await?;
    Ok(ok(m))
}

/// `PUT …/monitors/{monitor_id}`: full replacement.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_id");
    let app2 = app.clone();
    let m = blocking(move || {
        app2.store.write(|s| {
            let old = find(s, &ctx.account_id, &id)?;
            let m = prepare(&app2, s, &ctx.account_id, body, Some(&old))?;
            Ok((put(&ctx.account_id, m.clone()), m))
        })
    })
    .await?;
    Ok(ok(m))
}

/// `PATCH …/monitors/{monitor_id}`: replaces the supplied keys only.
pub async fn patch(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_id");
    let app2 = app.clone();
    let m = blocking(move || {
        app2.store.write(|s| {
            let old = find(s, &ctx.account_id, &id)?;
            let merged = merge_patch(&old, strip(body, READ_ONLY));
            let m = prepare(&app2, s, &ctx.account_id, merged, Some(&old))?;
            Ok((put(&ctx.account_id, m.clone()), m))
        })
    })
    .await?;
    Ok(ok(m))
}

/// `DELETE …/monitors/{monitor_id}`: refused with 1005 while pools or
/// monitor groups use it, naming them.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_id");
    let app2 = app.clone();
    let id2 = id.clone();
    blocking(move || {
        app2.store.write(|s| {
            find(s, &ctx.account_id, &id2)?;
            let users =
                references::referrer_names(&references::of_monitor(s, &ctx.account_id, &id2));
            if !users.is_empty() {
                return Err(ApiError::referenced(&users));
            }
            Ok((
                vec![Change::Delete {
                    kind: Kind::Monitor,
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

/// `GET …/monitors/{monitor_id}/references`.
pub async fn references(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Path(p): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = object_id(&p, "monitor_id");
    let refs = app.store.read(|s| {
        find(s, &ctx.account_id, &id)?;
        Ok::<_, ApiError>(references::of_monitor(s, &ctx.account_id, &id))
    })?;
    Ok(ok(refs))
}
