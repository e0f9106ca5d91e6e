//! `GET /zones` and `GET /zones/{zone_id}`: just enough of Cloudflare's
//! zone API for a console to find a load balancer's zone from its
//! hostname (a pool's references give only the load balancer's ID and
//! name). A zone exists here once a load balancer was created in it; it
//! belongs to that load balancer's account.
//!
//! Like Cloudflare, the list is paged: `page` (from 1) and `per_page`
//! (5–50, default 20), with `name` (exact, case-insensitive) and
//! `account.id` filters. Zones are ordered by name.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing;
use axum::Router;
use pooldeck_model::{Envelope, ResultInfo, Zone, ZoneAccount};
use serde::Deserialize;

use super::context::{Caller, ZoneCtx};
use super::error::{ok, ApiError, ApiResult};
use crate::store::Zone as StoredZone;
use crate::AppState;

/// Cloudflare's bounds for `per_page` on `GET /zones`.
const PER_PAGE_MIN: usize = 5;
const PER_PAGE_MAX: usize = 50;
const PER_PAGE_DEFAULT: usize = 20;

#[derive(Deserialize)]
pub struct ZoneQuery {
    name: Option<String>,
    #[serde(rename = "account.id")]
    account_id: Option<String>,
    page: Option<usize>,
    per_page: Option<usize>,
}

fn wire(id: &str, zone: &StoredZone) -> Zone {
    Zone {
        id: id.to_owned(),
        name: zone.name.clone(),
        status: Some("active".into()),
        account: Some(ZoneAccount {
            id: zone.account_id.clone(),
            ..ZoneAccount::default()
        }),
        ..Zone::default()
    }
}

/// `GET /zones`: the zones of the accounts the caller may see.
pub async fn list(
    State(app): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<ZoneQuery>,
) -> ApiResult<Response> {
    let per_page = q.per_page.unwrap_or(PER_PAGE_DEFAULT);
    if !(PER_PAGE_MIN..=PER_PAGE_MAX).contains(&per_page) {
        return Err(ApiError::invalid_query(format_args!(
            "per_page must be between {PER_PAGE_MIN} and {PER_PAGE_MAX}"
        )));
    }
    let page = q.page.unwrap_or(1).max(1);
    let mut zones: Vec<Zone> = app.store.read(|s| {
        s.zones
            .iter()
            .filter(|(_, z)| caller.grant.covers(&z.account_id))
            .filter(|(_, z)| q.account_id.as_ref().is_none_or(|a| *a == z.account_id))
            .filter(|(_, z)| {
                q.name
                    .as_ref()
                    .is_none_or(|n| n.eq_ignore_ascii_case(&z.name))
            })
            .map(|(id, z)| wire(id, z))
            .collect()
    });
    zones.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    let total = zones.len();
    let items: Vec<Zone> = zones
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let mut env = Envelope::ok(items);
    env.result_info = Some(ResultInfo {
        page: Some(page as u64),
        per_page: Some(per_page as u64),
        count: Some(env.result.as_ref().map_or(0, Vec::len) as u64),
        total_count: Some(total as u64),
        total_pages: Some(total.div_ceil(per_page) as u64),
    });
    Ok(axum::Json(env).into_response())
}

/// `GET /zones/{zone_id}`.
pub async fn get(State(app): State<Arc<AppState>>, ctx: ZoneCtx) -> ApiResult<Response> {
    let zone = app.store.read(|s| match s.zones.get(&ctx.zone_id) {
        Some(z) if ctx.grant.covers(&z.account_id) => Ok(wire(&ctx.zone_id, z)),
        Some(_) => Err(ApiError::forbidden()),
        None => Err(ApiError::not_found("zone")),
    })?;
    Ok(ok(zone))
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/zones", routing::get(list))
        .route("/zones/{zone_id}", routing::get(get))
}
