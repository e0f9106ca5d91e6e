//! One pool: its status with the reason, its endpoints with their share of
//! traffic, an endpoint × region health grid that refreshes itself, the
//! load balancers that use it, and Copy as JSON / curl / Terraform.

mod health_mark;
mod jobs_banner;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::export::{to_curl, to_json, to_terraform};
use pooldeck_model::{
    pool_status, traffic_shares, Pool, PoolHealth, Reference, ReferenceType, ResourceType,
};

use crate::api::{ApiError, ErrorKind};
use crate::clipboard::copy;
use crate::components::also_in::{provide_account_pools, AlsoIn, MoreTraffic};
use crate::components::error_panel::ErrorPanel;
use crate::components::failover::FailoverPanel;
use crate::components::status_badge::StatusBadge;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::hooks::use_page_tasks;
use crate::pages::alerts::AlertsForPool;
use crate::pages::pools::{toggle, DeletePoolDialog};
use crate::routes::{use_go, Route};
use health_mark::health_mark;

/// How often the health grid refreshes while the tab is visible.
const REFRESH_MS: u32 = 15_000;

#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    pool: Pool,
    /// `None`: no health information yet (the API says so with a 404).
    health: Option<PoolHealth>,
    references: Vec<Reference>,
}

#[component]
pub fn PoolDetailPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    // The route is read once: another pool's address builds a new page.
    let id = StoredValue::new(crate::router::route_id().unwrap_or_default());
    let id = move || id.get_value();
    let data = {
        let api = api.clone();
        LocalResource::new(move || {
            let (api, id) = (api.clone(), id());
            async move {
                // Health exists only for an enabled pool with a monitor (or
                // group); asking otherwise is a certain 404.
                let pool = api.get_pool(&id).await?;
                let monitored = pool.enabled
                    && (pool.monitor_id().is_some() || pool.monitor_group_id().is_some());
                let health_call = async {
                    if monitored {
                        Some(api.pool_health(&id).await)
                    } else {
                        None
                    }
                };
                let (health, references) = futures::join!(health_call, api.pool_references(&id));
                let health = match health {
                    None => None,
                    Some(Ok(h)) => Some(h),
                    // Monitored but not checked yet.
                    Some(Err(e)) if e.kind == ErrorKind::Api && e.status == 404 => None,
                    Some(Err(e)) => return Err(e),
                };
                Ok::<_, ApiError>(Loaded {
                    pool,
                    health,
                    references: references.unwrap_or_default(),
                })
            }
        })
    };
    // Refresh on an interval, but not while the tab is hidden.
    let interval = set_interval_with_handle(
        move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                data.refetch();
            }
        },
        std::time::Duration::from_millis(u64::from(REFRESH_MS)),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = interval {
            h.clear();
        }
    });
    let loaded_name = Memo::new(move |_| data.get().and_then(Result::ok).map(|l| l.pool.name));
    // Every pool, once, to flag endpoints whose address others hold too.
    let all_pools = {
        let api = api.clone();
        LocalResource::new(move || {
            let api = api.clone();
            async move { api.list_pools().await.map(std::sync::Arc::new) }
        })
    };
    provide_account_pools(
        Signal::derive(move || all_pools.get().and_then(Result::ok)),
        Signal::derive(move || Some(id())),
    );
    let loaded_pool = Memo::new(move |_| data.get().and_then(Result::ok).map(|l| l.pool));
    let has_pool = Memo::new(move |_| loaded_pool.with(Option::is_some));
    let deleting = RwSignal::new(false);
    let go = use_go();

    // Bound to the page, not to the view it is clicked in: that view is
    // rebuilt by every refresh, which would cancel a toggle in flight.
    let tasks = use_page_tasks();
    let set_enabled = {
        let api = api.clone();
        move |pool_id: String, name: String, enable: bool| {
            let api = api.clone();
            tasks.spawn(async move {
                if toggle(api, toasts, pool_id, name, enable).await {
                    data.refetch();
                }
            });
        }
    };

    view! {
        {move || match data.get() {
            None => {
                view! {
                    <h1 data-testid="page-title">"Pool"</h1>
                    <p class="pd-skeleton">"Loading the pool…"</p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! {
                    <Title text="Pool" />
                    <h1 data-testid="page-title">"Pool"</h1>
                    <ErrorPanel error={e} on_retry={move |_| data.refetch()} />
                }
                    .into_any()
            }
            Some(Ok(loaded)) => {
                let Loaded { pool, health, references } = loaded;
                let summary = pool_status(&pool);
                let shares = traffic_shares(&pool);
                let api = use_api();
                let account = api.config.account_id.clone().unwrap_or_default();
                let (json_text, curl_text, tf_text) = (
                    to_json(&pool),
                    to_curl(&pool, "https://api.cloudflare.com/client/v4", &account),
                    to_terraform(&pool, &account),
                );
                let pool_id = pool.id.clone().unwrap_or_default();
                let name = pool.name.clone();
                let enabled = pool.enabled;
                let toggle = {
                    let set_enabled = set_enabled.clone();
                    let (pool_id, name) = (pool_id.clone(), name.clone());
                    move |_| set_enabled(pool_id.clone(), name.clone(), !enabled)
                };
                let relative_note = pool
                    .steering_policy()
                    .weights_are_relative()
                    .then(|| {
                        view! {
                            <p class="pd-muted" data-testid="share-note">
                                {format!(
                                    "With {} steering, weights scale each endpoint's pending load; the shares below are relative, not fixed.",
                                    pool.steering_policy().label().to_lowercase(),
                                )}
                            </p>
                        }
                    });
                let regions: Vec<String> = health
                    .as_ref()
                    .map(|h| h.pop_health.keys().cloned().collect())
                    .unwrap_or_default();
                let grid = health
                    .clone()
                    .map(|h| {
                        let regions = regions.clone();
                        view! {
                            <table class="pd-table pd-grid" data-testid="health-grid">
                                <caption>"Endpoint health by health monitor region"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Endpoint"</th>
                                        {regions
                                            .iter()
                                            .map(|r| view! { <th scope="col">{r.clone()}</th> })
                                            .collect_view()}
                                    </tr>
                                </thead>
                                <tbody>
                                    {pool
                                        .origins
                                        .iter()
                                        .filter(|o| o.enabled)
                                        .map(|o| {
                                            let cells = regions
                                                .iter()
                                                .map(|r| {
                                                    let cell = h
                                                        .pop_health
                                                        .get(r)
                                                        .and_then(|p| {
                                                            p.origins.iter().find(|a| a.address == o.address)
                                                        })
                                                        .map(|a| a.health.clone());
                                                    match cell {
                                                        Some(c) => {
                                                            let (mark, class) = health_mark(&c);
                                                            view! {
                                                                <td
                                                                    class={class}
                                                                    data-testid="health-cell"
                                                                    data-region={r.clone()}
                                                                    data-address={o.address.clone()}
                                                                    data-healthy={mark}
                                                                >
                                                                    <span>{mark}</span>
                                                                    {c
                                                                        .rtt
                                                                        .clone()
                                                                        .map(|rtt| {
                                                                            view! { <span class="pd-muted">" · "{rtt}</span> }
                                                                        })}
                                                                    <br />
                                                                    <small>
                                                                        {c.failure_reason.clone().unwrap_or_default()}
                                                                    </small>
                                                                </td>
                                                            }
                                                                .into_any()
                                                        }
                                                        None => {
                                                            view! { <td class="pd-unknown">"—"</td> }.into_any()
                                                        }
                                                    }
                                                })
                                                .collect_view();
                                            view! {
                                                <tr>
                                                    <th scope="row">
                                                        {o.name.clone()}<br /><small>{o.address.clone()}</small>
                                                    </th>
                                                    {cells}
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                    });
                let mut lbs: Vec<Reference> = references
                    .iter()
                    .filter(|r| r.is_referrer(ResourceType::LoadBalancer))
                    .cloned()
                    .collect();
                lbs.sort_by(|a, b| a.resource_name.cmp(&b.resource_name));
                let monitor_ref = references
                    .iter()
                    .find(|r| r.reference_type == ReferenceType::Referral)
                    .cloned();
                // By hostname, whatever order the API answers in.
                view! {
                    <Title text={format!("Pool {}", pool.name)} />
                    <nav aria-label="Breadcrumb" class="pd-breadcrumb">
                        <a href={Route::Pools.href()}>"Pools"</a>
                        " / "
                        {pool.name.clone()}
                    </nav>
                    <div class="pd-page-head">
                        <h1 data-testid="page-title">{pool.name.clone()}</h1>
                        <StatusBadge status={summary.status} />
                    </div>
                    <p data-testid="status-line">{summary.explain()}</p>
                    <jobs_banner::JobsBanner pool_id={pool_id.clone()} />
                    <div class="pd-toolbar">
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="detail-refresh"
                            on:click={move |_| data.refetch()}
                        >
                            "Refresh"
                        </button>
                        <a
                            href={Route::PoolEdit(pool_id.clone()).href()}
                            class="pd-button pd-primary"
                            data-testid="detail-edit"
                        >
                            "Edit"
                        </a>
                        <a
                            href={Route::PoolJobNew(pool_id.clone()).href()}
                            class="pd-button"
                            data-testid="detail-schedule"
                        >
                            "Schedule…"
                        </a>
                        <a
                            href={Route::PoolHistory(pool_id.clone()).href()}
                            class="pd-button"
                            data-testid="detail-history"
                        >
                            "History"
                        </a>
                        <a
                            href={Route::PoolClone(pool_id.clone()).href()}
                            class="pd-button"
                            data-testid="detail-clone"
                        >
                            "Clone"
                        </a>
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="detail-toggle"
                            on:click={toggle}
                        >
                            {if enabled { "Disable" } else { "Enable" }}
                        </button>
                        <button
                            type="button"
                            class="pd-button pd-danger"
                            data-testid="detail-delete"
                            on:click={move |_| deleting.set(true)}
                        >
                            "Delete"
                        </button>
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="copy-json"
                            on:click={move |_| copy(toasts, json_text.clone(), "JSON")}
                        >
                            "Copy as JSON"
                        </button>
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="copy-curl"
                            on:click={move |_| copy(toasts, curl_text.clone(), "curl")}
                        >
                            "Copy as curl"
                        </button>
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="copy-terraform"
                            on:click={move |_| copy(toasts, tf_text.clone(), "Terraform")}
                        >
                            "Copy as Terraform"
                        </button>
                    </div>
                    <section aria-labelledby="pool-props">
                        <h2 id="pool-props">"Pool"</h2>
                        <dl class="pd-props">
                            <dt>"Description"</dt>
                            <dd>{pool.description.clone()}</dd>
                            <dt>"Enabled"</dt>
                            <dd>{if pool.enabled { "Yes" } else { "No" }}</dd>
                            <dt>"Endpoint Steering"</dt>
                            <dd>{pool.steering_policy().label().to_owned()}</dd>
                            <dt>"Health Threshold"</dt>
                            <dd>{pool.minimum_origins}</dd>
                            <dt>"Monitor"</dt>
                            <dd>
                                {monitor_ref
                                    .map(|m| {
                                        if m.resource_name.is_empty() {
                                            m.resource_id
                                        } else {
                                            m.resource_name
                                        }
                                    })
                                    .unwrap_or_else(|| "None".into())}
                            </dd>
                            <dt>"Health Monitor Regions"</dt>
                            <dd>
                                {match &pool.check_regions {
                                    Some(Some(r)) => {
                                        r.iter()
                                            .map(|r| format!("{} ({})", r.label(), r.as_str()))
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    }
                                    Some(None) => "All data centers".into(),
                                    None => "Not set".into(),
                                }}
                            </dd>
                            <dt>"Coordinates"</dt>
                            <dd>
                                {match (pool.latitude, pool.longitude) {
                                    (Some(a), Some(b)) => format!("{a}, {b}"),
                                    _ => "Not set".into(),
                                }}
                            </dd>
                            <dt>"Load shedding"</dt>
                            <dd>
                                {pool
                                    .shedding()
                                    .map(|s| {
                                        format!(
                                            "{}% of new traffic ({}), {}% of sessions",
                                            s.default_percent,
                                            s.default_policy,
                                            s.session_percent,
                                        )
                                    })
                                    .unwrap_or_else(|| "Off".into())}
                            </dd>
                        </dl>
                    </section>
                    <section aria-labelledby="pool-endpoints">
                        <h2 id="pool-endpoints">"Endpoints"</h2>
                        {relative_note}
                        <table class="pd-table" data-testid="endpoints-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Address"</th>
                                    <th scope="col">"Port"</th>
                                    <th scope="col">"Weight"</th>
                                    <th scope="col">"Traffic share"</th>
                                    <th scope="col">"Health"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {pool
                                    .origins
                                    .iter()
                                    .zip(shares)
                                    .map(|(o, share)| {
                                        let pct = share.map(|s| s * 100.0);
                                        view! {
                                            <tr data-testid="endpoint-row">
                                                <td>{o.name.clone()}</td>
                                                <td>
                                                    {o.address.clone()} <AlsoIn address={o.address.clone()} />
                                                </td>
                                                <td>
                                                    {o
                                                        .port
                                                        .filter(|p| *p != 0)
                                                        .map(|p| p.to_string())
                                                        .unwrap_or_else(|| "default".into())}
                                                </td>
                                                <td>{o.weight}</td>
                                                <td data-testid="endpoint-share">
                                                    {match pct {
                                                        Some(p) => {
                                                            view! {
                                                                <span class="pd-share">
                                                                    <span
                                                                        class="pd-share-bar"
                                                                        style:width={format!("{p:.1}%")}
                                                                    ></span>
                                                                </span>
                                                                <span>{format!("{p:.0}%")}</span>
                                                            }
                                                                .into_any()
                                                        }
                                                        None => {
                                                            view! { <span class="pd-muted">"No traffic"</span> }
                                                                .into_any()
                                                        }
                                                    }} <MoreTraffic address={o.address.clone()} />
                                                </td>
                                                <td>
                                                    {if !o.enabled {
                                                        "Disabled".to_owned()
                                                    } else {
                                                        match o.healthy {
                                                            Some(true) => "Healthy".into(),
                                                            Some(false) => {
                                                                format!(
                                                                    "Unhealthy: {}",
                                                                    o.failure_reason.clone().unwrap_or_default(),
                                                                )
                                                            }
                                                            None => "Unknown".into(),
                                                        }
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <section aria-labelledby="pool-health">
                        <h2 id="pool-health">"Health"</h2>
                        {match grid {
                            Some(g) => g.into_any(),
                            None => {
                                view! {
                                    <p class="pd-muted" data-testid="health-unknown">
                                        "No health information yet: the pool has no monitor, is disabled, or has not been checked."
                                    </p>
                                }
                                    .into_any()
                            }
                        }}
                    </section>
                    <section aria-labelledby="pool-used-by">
                        <h2 id="pool-used-by">"Used by"</h2>
                        {if lbs.is_empty() {
                            view! {
                                <p class="pd-muted" data-testid="used-by-none">
                                    "No load balancer uses this pool."
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p>
                                    <a href={Route::LoadBalancers
                                        .href()}>
                                        "See them with all their pools on the Load balancers page"
                                    </a>
                                </p>
                                <ul data-testid="used-by">
                                    {lbs
                                        .into_iter()
                                        .map(|r| {
                                            let roles: Vec<String> = r
                                                .extra
                                                .get("roles")
                                                .and_then(|v| serde_json::from_value(v.clone()).ok())
                                                .unwrap_or_default();
                                            let text = if roles.is_empty() {
                                                r.resource_name.clone()
                                            } else {
                                                format!("{}: {}", r.resource_name, roles.join(", "))
                                            };
                                            // Roles come from pooldeck-server's extension
                                            // of the references; Cloudflare sends none.
                                            view! { <li data-testid="used-by-item">{text}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </section>
                }
                    .into_any()
            }
        }}
        // Outside the refreshing view: a refresh must not rebuild the delete
        // dialog (and lose what was typed in it) ...
        {move || {
            let go = go;
            (deleting.get())
                .then(|| loaded_name.get())
                .flatten()
                .map(|name| {
                    let deleted = name.clone();
                    view! {
                        <DeletePoolDialog
                            id={id()}
                            name={name}
                            on_close={move |_| deleting.set(false)}
                            on_deleted={move |_| {
                                let _ = deleting.try_set(false);
                                toasts.success(format!("Pool {deleted} deleted"));
                                go.replace(Route::Pools);
                            }}
                        />
                    }
                })
        }}
        // The simulator keeps what the user marked down across refreshes;
        // each refresh brings it the pool's current health.
        {move || {
            has_pool
                .get()
                .then(|| {
                    view! {
                        <FailoverPanel
                            pool={Signal::derive(move || loaded_pool.get().unwrap_or_default())}
                            pool_id={Some(id())}
                        />
                    }
                })
        }}
        // ... and the alerts reload when the pool's name changes, not on
        // every health refresh.
        {move || {
            loaded_name
                .get()
                .map(|name| view! { <AlertsForPool pool_id={id()} pool_name={name} /> })
        }}
    }
}
