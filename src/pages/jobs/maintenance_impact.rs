//! What a maintenance window does to the load balancers that use the pool,
//! before it is scheduled: "www.example.com moves to pool us-web", or that
//! it keeps its traffic. The sentences come from the failover simulator
//! (`pooldeck_model::failover::moves_under`), the same one the pool page
//! and the disable confirmation use, starting from current health.

use leptos::prelude::*;
use pooldeck_model::failover::{moves_under, Scenario};
use pooldeck_model::jobs::Target;
use pooldeck_model::Pool;

use crate::api::{Api, ApiError, ZonedLoadBalancer};
use crate::context::use_api;

/// The load balancers using the pool, and the account's pools with health.
#[derive(Clone, Debug, PartialEq)]
struct Users {
    users: Vec<ZonedLoadBalancer>,
    pools: Vec<Pool>,
}

async fn load(api: Api, pool_id: String) -> Result<Users, ApiError> {
    let (users, pools) = futures::join!(api.pool_users(&pool_id), api.list_pools());
    Ok(Users {
        users: users?,
        pools: pools?,
    })
}

/// What taking `target` of `pool` out means for each load balancer.
fn sentences(pool: &Pool, target: &Target, ctx: &Users) -> Vec<String> {
    let id = pool.id.clone().unwrap_or_default();
    let scenario = match target {
        Target::Pool => Scenario::pool_down(&id),
        Target::Endpoint { name } => Scenario {
            down_endpoints: pool
                .origins
                .iter()
                .filter(|o| &o.name == name)
                .map(|o| (id.clone(), o.address.clone()))
                .collect(),
            ..Scenario::default()
        },
    };
    ctx.users
        .iter()
        .map(|u| {
            moves_under(&u.lb, &ctx.pools, &scenario)
                .unwrap_or_else(|| format!("{} keeps its traffic where it is.", u.lb.name))
        })
        .collect()
}

#[component]
pub fn MaintenanceImpact(
    /// The pool, as read for the form.
    pool: StoredValue<Pool>,
    /// What the window takes out of service.
    #[prop(into)]
    target: Signal<Target>,
) -> impl IntoView {
    let api = use_api();
    let id = pool.with_value(|p| p.id.clone().unwrap_or_default());
    let data = LocalResource::new(move || load(api.clone(), id.clone()));
    let body = move || match data.get() {
        None => {
            view! { <p class="pd-skeleton">"Reading the load balancers that use this pool…"</p> }
                .into_any()
        }
        Some(Err(e)) => view! {
            <p class="pd-field-error" role="alert">
                {format!("Which load balancers fail over is not known: {}", e.summary())}
            </p>
            <button type="button" class="pd-button" on:click={move |_| data.refetch()}>
                "Retry"
            </button>
        }
        .into_any(),
        Some(Ok(ctx)) if ctx.users.is_empty() => view! {
            <p data-testid="maintenance-no-users">
                "No load balancer uses this pool, so nothing fails over."
            </p>
        }
        .into_any(),
        Some(Ok(ctx)) => {
            let lines = move || pool.with_value(|p| target.with(|t| sentences(p, t, &ctx)));
            view! {
                <ul aria-live="polite" data-testid="maintenance-impact">
                    {move || {
                        lines()
                            .into_iter()
                            .map(|s| view! { <li data-testid="maintenance-move">{s}</li> })
                            .collect_view()
                    }}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="pd-panel" aria-labelledby="maintenance-impact-heading">
            <h2 id="maintenance-impact-heading">"Load balancers during the window"</h2>
            {body}
        </section>
    }
}
