//! `/zones/{zone_id}/load_balancers…`: only as far as the references to
//! pools go. A zone belongs to the account whose pools its
//! first load balancer names; after that every load balancer in the zone
//! must name pools of that account.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing;
use axum::Router;
use pooldeck_model::validate::{unknown_reference, validate_load_balancer, Findings};
use pooldeck_model::zone::zone_name_from_hostname;
use pooldeck_model::{LoadBalancer, WireObject};
use serde_json::{Map, Value};

use super::blocking;
use super::body::{typed, JsonObject};
use super::context::{LoadBalancerId, ZoneCtx};
use super::error::{ok, ok_list, ApiError, ApiResult};
use super::write::merge_patch;
use super::ZONE_LB;
use crate::auth::Grant;
use crate::clock::now_rfc3339;
use crate::ids::new_hex_id;
use crate::store::{Change, Kind, Object, State as Data};
use crate::AppState;

/// The account a zone belongs to, if the caller may see it.
fn zone_account(s: &Data, zone_id: &str, grant: &Grant) -> ApiResult<Option<String>> {
    match s.zones.get(zone_id) {
        None => Ok(None),
        Some(zone) if grant.covers(&zone.account_id) => Ok(Some(zone.account_id.clone())),
        Some(_) => Err(ApiError::forbidden()),
    }
}

fn find(s: &Data, zone_id: &str, id: &str) -> ApiResult<LoadBalancer> {
    s.zones
        .get(zone_id)
        .and_then(|z| z.load_balancers.get(id))
        .cloned()
        .ok_or_else(|| ApiError::not_found("load balancer"))
}

/// `GET /zones/{zone_id}/load_balancers`.
pub async fn list(State(app): State<Arc<AppState>>, ctx: ZoneCtx) -> ApiResult<Response> {
    let lbs = app.store.read(|s| {
        zone_account(s, &ctx.zone_id, &ctx.grant)?;
        let mut lbs: Vec<LoadBalancer> = s
            .zones
            .get(&ctx.zone_id)
            .map(|z| z.load_balancers.values().cloned().collect())
            .unwrap_or_default();
        lbs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok::<_, ApiError>(lbs)
    })?;
    Ok(ok_list(lbs))
}

/// `GET /zones/{zone_id}/load_balancers/{load_balancer_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: ZoneCtx,
    LoadBalancerId(id): LoadBalancerId,
) -> ApiResult<Response> {
    let lb = app.store.read(|s| {
        zone_account(s, &ctx.zone_id, &ctx.grant)?;
        find(s, &ctx.zone_id, &id)
    })?;
    Ok(ok(lb))
}

/// Validates a load balancer, resolves (and on first use binds) the zone's
/// account, and checks that every pool it names exists there.
fn prepare(
    s: &Data,
    ctx: &ZoneCtx,
    body: Map<String, Value>,
    old: Option<&LoadBalancer>,
) -> ApiResult<(Vec<Change>, LoadBalancer)> {
    let mut lb: LoadBalancer = typed(LoadBalancer::strip_read_only(body))?;
    let mut findings = validate_load_balancer(&lb);
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    let refs = lb.pool_references();
    let bound = zone_account(s, &ctx.zone_id, &ctx.grant)?;
    let account_id = bound.clone().or_else(|| {
        // An unbound zone joins the account of the first pool it names.
        let first = &refs.first()?.1;
        s.accounts
            .iter()
            .find(|(id, a)| ctx.grant.covers(id) && a.pools.contains_key(first))
            .map(|(id, _)| id.clone())
    });
    let pools = account_id
        .as_deref()
        .and_then(|a| s.account(a))
        .map(|a| &a.pools);
    for (path, id) in &refs {
        if !pools.is_some_and(|p| p.contains_key(id)) {
            findings.push(unknown_reference(path.clone(), "pool", id));
        }
    }
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    let account_id = account_id.expect("a load balancer names at least one existing pool");
    let now = now_rfc3339();
    lb.id = Some(old.and_then(|o| o.id.clone()).unwrap_or_else(new_hex_id));
    lb.created_on = Some(
        old.and_then(|o| o.created_on.clone())
            .unwrap_or_else(|| now.clone()),
    );
    lb.modified_on = Some(now);
    let mut changes = Vec::new();
    if bound.is_none() {
        changes.push(Change::BindZone {
            zone_id: ctx.zone_id.clone(),
            account_id,
            name: zone_name_from_hostname(&lb.name),
        });
    }
    changes.push(Change::Put {
        scope: ctx.zone_id.clone(),
        object: Object::LoadBalancer(lb.clone()),
    });
    Ok((changes, lb))
}

/// `POST /zones/{zone_id}/load_balancers`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: ZoneCtx,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let lb = blocking(move || app.store.write(|s| prepare(s, &ctx, body, None))).await?;
    Ok(ok(lb))
}

/// `PUT /zones/{zone_id}/load_balancers/{id}`.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: ZoneCtx,
    LoadBalancerId(id): LoadBalancerId,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let lb = blocking(move || {
        app.store.write(|s| {
            let old = find(s, &ctx.zone_id, &id)?;
            prepare(s, &ctx, body, Some(&old))
        })
    })
    .await?;
    Ok(ok(lb))
}

/// `PATCH /zones/{zone_id}/load_balancers/{id}`.
pub async fn patch(
    State(app): State<Arc<AppState>>,
    ctx: ZoneCtx,
    LoadBalancerId(id): LoadBalancerId,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let lb = blocking(move || {
        app.store.write(|s| {
            let old = find(s, &ctx.zone_id, &id)?;
            let merged = merge_patch(&old, LoadBalancer::strip_read_only(body));
            prepare(s, &ctx, merged, Some(&old))
        })
    })
    .await?;
    Ok(ok(lb))
}

/// `DELETE /zones/{zone_id}/load_balancers/{id}`.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: ZoneCtx,
    LoadBalancerId(id): LoadBalancerId,
) -> ApiResult<Response> {
    let id2 = id.clone();
    blocking(move || {
        app.store.write(|s| {
            zone_account(s, &ctx.zone_id, &ctx.grant)?;
            find(s, &ctx.zone_id, &id2)?;
            Ok((
                vec![Change::Delete {
                    kind: Kind::LoadBalancer,
                    scope: ctx.zone_id.clone(),
                    id: id2.clone(),
                }],
                (),
            ))
        })
    })
    .await?;
    Ok(ok(serde_json::json!({ "id": id })))
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(ZONE_LB, routing::get(list).post(create))
        .route(
            &format!("{ZONE_LB}/{{load_balancer_id}}"),
            routing::get(get).put(replace).patch(patch).delete(delete),
        )
}
