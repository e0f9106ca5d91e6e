//! `GET /accounts/{account_id}/load_balancing_analytics/events`: Cloudflare's
//! "List Healthcheck Events", read from the prober's transition log.
//!
//! The log has one row per transition: an endpoint's (`origin`, with its
//! address) or a pool's (`pool`), and the rows of one probe round share
//! their time. One event here is one (time, pool): the pool's own change
//! if it had one, and the endpoints that changed with it. Names, endpoint
//! `enabled` and `minimum_origins` come from the pool as it is now, and are
//! left out when it is gone.
//!
//! Query parameters (all optional):
//! - `since`, `until`: RFC 3339 bounds, inclusive; `since` defaults to
//!   24 hours ago, `until` to now. Anything else is 400/1002.
//! - `pool_id`, `pool_name`: only that pool.
//! - `pool_healthy`: only events whose pool health (at the time) is that.
//! - `origin_healthy`, `origin_name`: only events with an endpoint of that
//!   health, or of that name.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing;
use axum::Router;
use pooldeck_model::{EventOrigin, EventPool, HealthEvent, Pool};

use super::blocking;
use super::context::AccountCtx;
use super::error::{ok_list, ApiError, ApiResult};
use crate::clock::{format_rfc3339, parse_rfc3339};
use crate::store::{EventQuery, LoggedEvent};
use crate::AppState;

/// How far back the list goes without `since`.
const DEFAULT_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// What an endpoint that is healthy reports, as Cloudflare words it. The
/// log does not keep why an endpoint failed, so unhealthy ones say nothing.
const NO_FAILURES: &str = "No failures";

fn invalid(detail: String) -> ApiError {
    ApiError::invalid_query(detail)
}

fn time_param(q: &HashMap<String, String>, name: &str) -> ApiResult<Option<String>> {
    match q.get(name) {
        None => Ok(None),
        Some(v) => parse_rfc3339(v)
            .map(|t| Some(format_rfc3339(t)))
            .ok_or_else(|| invalid(format!("{name} \"{v}\" is not an RFC 3339 date-time"))),
    }
}

fn bool_param(q: &HashMap<String, String>, name: &str) -> ApiResult<Option<bool>> {
    match q.get(name).map(String::as_str) {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(v) => Err(invalid(format!("{name} \"{v}\" must be true or false"))),
    }
}

/// `GET …/load_balancing_analytics/events`.
pub async fn events(
    State(app): State<Arc<AppState>>,
    ctx: AccountCtx,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let since = time_param(&q, "since")?.unwrap_or_else(|| {
        format_rfc3339(
            SystemTime::now()
                .checked_sub(DEFAULT_WINDOW)
                .unwrap_or(SystemTime::UNIX_EPOCH),
        )
    });
    let until = time_param(&q, "until")?;
    let pool_healthy = bool_param(&q, "pool_healthy")?;
    let origin_healthy = bool_param(&q, "origin_healthy")?;
    let pool_id = q.get("pool_id").cloned();
    let store = app.store.clone();
    let account_id = ctx.account_id.clone();
    let bounded = until.is_some();
    let (rows, before) = blocking(move || {
        let query = EventQuery {
            account_id: &account_id,
            since: &since,
            until: until.as_deref(),
            pool_id: pool_id.as_deref(),
        };
        Ok((
            store.events(&query)?,
            store.pool_health_before(&account_id, &since)?,
        ))
    })
    .await?;
    let mut events = app.store.read(|s| {
        let pools = s.account(&ctx.account_id).map(|a| &a.pools);
        let current = |id: &str| {
            pools
                .and_then(|p| p.get(id))
                .map(|p| app.prober.annotate(s, &ctx.account_id, p.clone()))
        };
        assemble(rows, before, current, !bounded)
    });
    events.retain(|e| {
        q.get("pool_name")
            .is_none_or(|n| e.pool.name.as_ref() == Some(n))
            && pool_healthy.is_none_or(|h| e.pool.healthy == Some(h))
            && origin_healthy.is_none_or(|h| e.origins.iter().any(|o| o.healthy == Some(h)))
            && q.get("origin_name")
                .is_none_or(|n| e.origins.iter().any(|o| o.name.as_ref() == Some(n)))
    });
    Ok(ok_list(events))
}

/// Groups log rows (oldest first) into events.
///
/// A pool's health in an event without a pool change is the latest pool
/// change before it: in the rows, or else in `before` (the log before the
/// window). When there is none, and no later change either, the pool has
/// been as it is now since then, so `current`'s verdict is used, if
/// `up_to_now` (the window reaches the present).
fn assemble(
    rows: Vec<LoggedEvent>,
    before: HashMap<String, bool>,
    current: impl Fn(&str) -> Option<Pool>,
    up_to_now: bool,
) -> Vec<HealthEvent> {
    let mut groups: Vec<(i64, String, String, Vec<LoggedEvent>)> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for row in rows {
        let key = (row.event.at.clone(), row.event.pool_id.clone());
        match index.get(&key) {
            Some(&i) => groups[i].3.push(row),
            None => {
                index.insert(key, groups.len());
                groups.push((
                    row.seq,
                    row.event.at.clone(),
                    row.event.pool_id.clone(),
                    vec![row],
                ));
            }
        }
    }
    let mut last_change: HashMap<String, usize> = HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        if g.3.iter().any(|r| r.event.source == "pool") {
            last_change.insert(g.2.clone(), i);
        }
    }
    let mut known = before;
    let mut cache: HashMap<String, Option<Pool>> = HashMap::new();
    let mut events = Vec::with_capacity(groups.len());
    for (i, (id, at, pool_id, rows)) in groups.into_iter().enumerate() {
        let pool = cache
            .entry(pool_id.clone())
            .or_insert_with(|| current(&pool_id))
            .as_ref();
        let change = rows
            .iter()
            .find(|r| r.event.source == "pool")
            .map(|r| r.event.healthy);
        let healthy = match change {
            Some(h) => {
                known.insert(pool_id.clone(), h);
                Some(h)
            }
            None => known.get(&pool_id).copied().or_else(|| {
                let later_change = last_change.get(&pool_id).is_some_and(|&j| j > i);
                (up_to_now && !later_change)
                    .then(|| pool.and_then(|p| p.healthy))
                    .flatten()
            }),
        };
        let origins = rows
            .iter()
            .filter(|r| r.event.source == "origin")
            .map(|r| {
                let address = r.event.address.clone().unwrap_or_default();
                let now = pool.and_then(|p| p.origins.iter().find(|o| o.address == address));
                EventOrigin {
                    name: now.map(|o| o.name.clone()),
                    ip: Some(address.clone()),
                    address,
                    enabled: now.map(|o| o.enabled),
                    healthy: Some(r.event.healthy),
                    changed: true,
                    failure_reason: r.event.healthy.then(|| NO_FAILURES.to_owned()),
                    extra: Default::default(),
                }
            })
            .collect();
        events.push(HealthEvent {
            id,
            timestamp: at,
            pool: EventPool {
                id: pool_id,
                name: pool.map(|p| p.name.clone()),
                healthy,
                changed: change.is_some(),
                minimum_origins: pool.map(|p| p.minimum_origins),
                extra: Default::default(),
            },
            origins,
            extra: Default::default(),
        });
    }
    events
}

/// This module's routes (merged into the API's router).
pub(super) fn router() -> Router<Arc<AppState>> {
    Router::new().route(
        "/accounts/{account_id}/load_balancing_analytics/events",
        routing::get(events),
    )
}
