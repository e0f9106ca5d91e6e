//! The failover simulator: "what if it goes down?". The user marks this
//! pool, some of its endpoints, or other pools the same load balancers use
//! as down, and sees, for each load balancer that uses the pool, where its
//! traffic goes next, region by region under geo steering, or that it
//! reaches nothing. Current health is the starting point; the answers come
//! from `pooldeck_model::failover`, the same function the disable and
//! delete confirmations use, so they always agree.
//!
//! Shown on the pool's page and in the wizard's Health step, where `pool`
//! is the pool as edited: raising the Health Threshold or disabling an
//! endpoint shows its effect before it is saved.

mod outcomes;
mod scenario_picker;

use leptos::prelude::*;
use pooldeck_model::failover::Scenario;
use pooldeck_model::Pool;

use std::sync::Arc;

use crate::api::{Api, ApiError, ZonedLoadBalancer};
use crate::components::also_in::use_account_pools;
use crate::context::use_api;
use outcomes::Outcomes;
use scenario_picker::ScenarioPicker;

/// The load balancers using this pool, and the account's pools (with
/// health) when the page did not provide them.
#[derive(Clone, Debug, PartialEq)]
struct Context {
    pools: Option<Arc<Vec<Pool>>>,
    users: Vec<ZonedLoadBalancer>,
}

async fn load(api: Api, pool_id: String, need_pools: bool) -> Result<Context, ApiError> {
    let pools = async {
        match need_pools {
            true => api.list_pools().await.map(|p| Some(Arc::new(p))),
            false => Ok(None),
        }
    };
    let (pools, users) = futures::join!(pools, api.pool_users(&pool_id));
    Ok(Context {
        pools: pools?,
        users: users?,
    })
}

#[component]
pub fn FailoverPanel(
    /// The pool as shown: saved on its page, as edited in the wizard.
    #[prop(into)]
    pool: Signal<Pool>,
    /// The saved pool's ID; `None` for a pool not created yet, which no
    /// load balancer can use.
    pool_id: Option<String>,
    /// The heading level fits where the panel sits (h2 on the pool page,
    /// h3 inside a wizard step).
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let heading = "What if it goes down?";
    let title = if nested {
        view! { <h3 id="failover-heading">{heading}</h3> }.into_any()
    } else {
        view! { <h2 id="failover-heading">{heading}</h2> }.into_any()
    };
    let Some(pool_id) = pool_id else {
        return view! {
            <section class="pd-panel" aria-labelledby="failover-heading" data-testid="failover">
                {title}
                <p class="pd-muted">
                    "No load balancer uses a pool that is not saved yet. Once one does, this shows where its traffic goes when endpoints or pools go down."
                </p>
            </section>
        }
        .into_any();
    };
    let api = use_api();
    let id = pool_id.clone();
    // The page's own list of the account's pools, when it has one.
    let provided = use_account_pools();
    let data = LocalResource::new(move || load(api.clone(), id.clone(), provided.is_none()));
    let scenario = RwSignal::new(Scenario::default());
    view! {
        <section class="pd-panel" aria-labelledby="failover-heading" data-testid="failover">
            {title}
            <p class="pd-muted">
                "Mark endpoints or pools as down to see where each load balancer that uses this pool sends its traffic. It starts from current health."
            </p>
            {move || match data.get() {
                None => {
                    view! {
                        <p class="pd-skeleton">
                            "Reading the load balancers that use this pool…"
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) => {
                    view! {
                        <p class="pd-field-error" role="alert">
                            {format!("The simulator needs the load balancers: {}", e.summary())}
                        </p>
                        <button type="button" class="pd-button" on:click={move |_| data.refetch()}>
                            "Retry"
                        </button>
                    }
                        .into_any()
                }
                Some(Ok(ctx)) if ctx.users.is_empty() => {
                    view! {
                        <p data-testid="failover-unused">
                            "No load balancer uses this pool, so it takes no traffic: nothing fails over."
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(ctx)) => {
                    let pid = pool_id.clone();
                    let fetched = ctx.pools.clone();
                    let base = Signal::derive(move || {
                        fetched.clone().or_else(|| provided.and_then(|p| p.get()))
                    });
                    let ready = Memo::new(move |_| base.with(Option::is_some));
                    let pools = Signal::derive(move || {
                        let mut all = base.get().map(|p| (*p).clone()).unwrap_or_default();
                        let mut shown = pool.get();
                        shown.id = Some(pid.clone());
                        match all.iter_mut().find(|p| p.id.as_deref() == Some(pid.as_str())) {
                            Some(p) => {
                                shown.healthy = shown.healthy.or(p.healthy);
                                *p = shown;
                            }
                            None => all.push(shown),
                        }
                        all
                    });
                    let users = ctx.users.clone();
                    let pool_id = pool_id.clone();
                    let shown = move || -> AnyView {
                        if !ready.get() {
                            let waiting = "Reading the account's pools…";
                            return view! { <p class="pd-skeleton">{waiting}</p> }.into_any();
                        }
                        view! {
                            <ScenarioPicker
                                pool_id={pool_id.clone()}
                                pools={pools}
                                users={users.clone()}
                                scenario={scenario}
                            />
                            <Outcomes users={users.clone()} pools={pools} scenario={scenario} />
                        }
                            .into_any()
                    };
                    shown.into_any()
                }
            }}
        </section>
    }
    .into_any()
}
