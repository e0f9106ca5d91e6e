//! `/accounts/{account_id}/load_balancers/pools…` (Cloudflare's "Pools"
//! routes).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing;
use axum::Router;
use pooldeck_model::validate::{
    check_name_unique, unknown_reference, validate_pool, FieldError, Findings,
};
use pooldeck_model::{Envelope, Pool, ResultInfo};
use serde::Deserialize;
use serde_json::Value;

use super::body::{typed, JsonObject};
use super::context::{AccountCtx, PoolId};
use super::error::{ok, ok_with_warnings, ApiError, ApiResult};
use super::resource::{self, Draft, Write};
use super::write::disabled_at;
use super::LB;
use super::{blocking, references};
use crate::clock::now_rfc3339;
use crate::store::{Account, Change, Object, State as Data};
use crate::AppState;

#[derive(Deserialize)]
pub struct ListQuery {
    monitor: Option<String>,
}

/// `GET …/pools[?monitor=ID]`: every pool, sorted by name. The body is
/// cached until a write or a health change (see `cache.rs`).
pub async fn list(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Query(q): Query<ListQuery>,
) -> Response {
    let monitor = q.monitor.filter(|m| !m.is_empty());
    // Read the versions first: a change racing with the serialisation then
    // leaves the entry stale-marked rather than fresh-marked.
    let versions = (app.store.version(), app.prober.version());
    let key = (ctx.account_id.clone(), monitor.clone());
    let body = app.list_cache.get_or(key, versions, || {
        let mut pools: Vec<Pool> = app.store.read(|s| {
            s.account(&ctx.account_id)
                .into_iter()
                .flat_map(|a| a.pools.values())
                .filter(|p| monitor.as_deref().is_none_or(|m| p.monitor_id() == Some(m)))
                .map(|p| app.prober.annotate(s, &ctx.account_id, p.clone()))
                .collect()
        });
        pools.sort_by(|a, b| a.name.cmp(&b.name));
        serde_json::to_vec(&Envelope::list(pools))
            .expect("pools serialize")
            .into()
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

fn find(s: &Data, account_id: &str, id: &str) -> ApiResult<Pool> {
    resource::find::<Pool>(s, account_id, id)
}

/// `GET …/pools/{pool_id}`.
pub async fn get(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
) -> ApiResult<Response> {
    let pool = app.store.read(|s| {
        find(s, &ctx.account_id, &id).map(|pool| app.prober.annotate(s, &ctx.account_id, pool))
    })?;
    Ok(ok(pool))
}

/// Checks and completes a pool about to be stored (the body has no
/// read-only members, and for PATCH is already merged). Returns the pool
/// and its warnings.
fn prepare(d: Draft<'_, Pool>) -> ApiResult<(Pool, Vec<FieldError>)> {
    let (app, data, account_id, old) = (d.app, d.state, d.account_id, d.old);
    let mut pool: Pool = typed(d.body)?;
    let account = data.account(account_id);
    let old_id = old.and_then(|o| o.id.as_deref());
    let mut findings = validate_pool(&pool, &app.limits(account, old_id));
    let others = account
        .into_iter()
        .flat_map(|a| a.pools.values())
        .map(|p| (p.id.as_deref().unwrap_or_default(), p.name.as_str()));
    findings.extend(check_name_unique(&pool.name, old_id, others));
    check_monitor_exists(&pool, account, &mut findings);
    if findings.has_errors() {
        return Err(ApiError::validation(&findings));
    }
    if old.is_none() {
        let count = account.map_or(0, |a| a.pools.len());
        if count >= app.quotas.pools {
            return Err(ApiError::quota(format_args!(
                "this account may have at most {} pools",
                app.quotas.pools
            )));
        }
    }
    set_disabled_at(&mut pool, old, d.now);
    Ok((pool, findings))
}

fn check_monitor_exists(pool: &Pool, account: Option<&Account>, findings: &mut Vec<FieldError>) {
    if let Some(id) = pool.monitor_id() {
        if !account.is_some_and(|a| a.monitors.contains_key(id)) {
            findings.push(unknown_reference("monitor", "monitor", id));
        }
    }
    if let Some(id) = pool.monitor_group_id() {
        if !account.is_some_and(|a| a.monitor_groups.contains_key(id)) {
            findings.push(unknown_reference("monitor_group", "monitor group", id));
        }
    }
}

/// Sets what only the server sets besides the ID and timestamps (which
/// every kind gets from [`resource::write`]): `disabled_at` on the pool and
/// its endpoints, and the endpoints' order (by name).
fn set_disabled_at(pool: &mut Pool, old: Option<&Pool>, now: &str) {
    pool.disabled_at = disabled_at(
        pool.enabled,
        old.map(|o| (o.enabled, o.disabled_at.as_ref())),
        now,
    );
    for origin in &mut pool.origins {
        let before = old
            .and_then(|o| o.origins.iter().find(|b| b.name == origin.name))
            .map(|b| (b.enabled, b.disabled_at.as_ref()));
        origin.disabled_at = disabled_at(origin.enabled, before, now);
    }
    pool.sort_origins();
}

fn put_pool(account_id: &str, pool: Pool) -> Vec<Change> {
    vec![Change::Put {
        scope: account_id.to_owned(),
        object: Object::Pool(pool),
    }]
}

async fn save(
    app: Arc<AppState>,
    ctx: AccountCtx,
    how: Write,
    body: JsonObject,
) -> ApiResult<Response> {
    let (pool, warnings) = resource::write(app, ctx.account_id, how, body.0, prepare).await?;
    Ok(ok_with_warnings(pool, &warnings))
}

/// `POST …/pools`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Create, body).await
}

/// `PUT …/pools/{pool_id}`: a full replacement; omitted members reset.
pub async fn replace(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Replace(id), body).await
}

/// `PATCH …/pools/{pool_id}`: replaces only the supplied top-level keys.
pub async fn patch(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
    body: JsonObject,
) -> ApiResult<Response> {
    save(app, ctx, Write::Patch(id), body).await
}

/// `DELETE …/pools/{pool_id}`: refused with 1005 while a load balancer
/// uses the pool anywhere.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
) -> ApiResult<Response> {
    resource::delete::<Pool>(app, ctx.account_id, id, references::pool_users).await
}

/// `GET …/pools/{pool_id}/references`.
pub async fn references(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    PoolId(id): PoolId,
) -> ApiResult<Response> {
    let refs = app.store.read(|s| {
        let pool = find(s, &ctx.account_id, &id)?;
        Ok::<_, ApiError>(references::of_pool(s, &ctx.account_id, &pool))
    })?;
    Ok(ok(refs))
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<usize>,
    per_page: Option<usize>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `PATCH …/pools`: only `{"notification_email": ""}` is accepted. It
/// clears the deprecated address on one page of pools (25 by default,
/// ordered by name) and returns them.
pub async fn bulk_patch(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Query(q): Query<PageQuery>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let only_clear =
        body.len() == 1 && body.get("notification_email") == Some(&Value::String(String::new()));
    if !only_clear {
        return Err(ApiError::invalid(
            "notification_email",
            "the bulk edit accepts only {\"notification_email\": \"\"}",
        ));
    }
    let per_page = q.limit.or(q.per_page).unwrap_or(25).clamp(1, 1000);
    let offset = q
        .offset
        .unwrap_or_else(|| (q.page.unwrap_or(1).max(1) - 1) * per_page);
    let app2 = app.clone();
    let (pools, total) = blocking(move || {
        app2.store.write(|s| {
            let mut all: Vec<Pool> = s
                .account(&ctx.account_id)
                .map(|a| a.pools.values().cloned().collect())
                .unwrap_or_default();
            all.sort_by(|a, b| a.name.cmp(&b.name));
            let total = all.len();
            let now = now_rfc3339();
            let page: Vec<Pool> = all
                .into_iter()
                .skip(offset)
                .take(per_page)
                .map(|mut p| {
                    p.notification_email.clear();
                    p.modified_on = Some(now.clone());
                    p
                })
                .collect();
            let changes = page
                .iter()
                .cloned()
                .flat_map(|p| put_pool(&ctx.account_id, p))
                .collect();
            Ok((changes, (page, total)))
        })
    })
    .await?;
    let count = pools.len() as u64;
    let mut env = Envelope::ok(pools);
    env.result_info = Some(ResultInfo {
        page: Some((offset / per_page + 1) as u64),
        per_page: Some(per_page as u64),
        count: Some(count),
        total_count: Some(total as u64),
        total_pages: Some(total.div_ceil(per_page) as u64),
    });
    Ok(axum::Json(env).into_response())
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            &format!("{LB}/pools"),
            routing::get(list).post(create).patch(bulk_patch),
        )
        .route(
            &format!("{LB}/pools/{{pool_id}}"),
            routing::get(get).put(replace).patch(patch).delete(delete),
        )
        .route(
            &format!("{LB}/pools/{{pool_id}}/references"),
            routing::get(references),
        )
}
