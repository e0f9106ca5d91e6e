//! The load balancers page: every load balancer of the account (zone by
//! zone), with its hostname, steering, proxy mode and its pools in the
//! order traffic meets them, each with its health and a link to its page.
//! Geo maps or weights the steering policy in effect ignores are marked
//! "hidden reference": they send no traffic but still block deleting the
//! pool (1005). Searchable by hostname, zone or pool name.

mod model;
mod pool_groups;

use std::collections::HashMap;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::Pool;

use crate::api::{Api, ApiError, ZonedLoadBalancer};
use crate::components::error_panel::ErrorPanel;
use crate::context::use_api;
use pool_groups::PoolGroups;

#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    balancers: Vec<ZonedLoadBalancer>,
    pools: HashMap<String, Pool>,
}

async fn load(api: Api) -> Result<Loaded, ApiError> {
    let (balancers, pools) = futures::join!(api.account_load_balancers(), api.list_pools());
    Ok(Loaded {
        balancers: balancers?,
        pools: pools?
            .into_iter()
            .filter_map(|p| Some((p.id.clone()?, p)))
            .collect(),
    })
}

#[component]
pub fn LoadBalancersPage() -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || load(api.clone()));
    let search = RwSignal::new(String::new());
    let loaded = Memo::new(move |_| data.get().and_then(Result::ok));
    let names = Memo::new(move |_| {
        loaded.with(|l| {
            l.iter()
                .flat_map(|l| l.pools.iter())
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    let shown = Memo::new(move |_| {
        loaded.with(|l| {
            let Some(l) = l else { return Vec::new() };
            names.with(|n| {
                search.with(|q| {
                    l.balancers
                        .iter()
                        .filter(|row| model::matches(row, n, q))
                        .cloned()
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let pools = Memo::new(move |_| loaded.with(|l| l.as_ref().map(|l| l.pools.clone())));

    view! {
        <Title text="Load balancers" />
        <div class="pd-page-head">
            <h1 data-testid="page-title">"Load balancers"</h1>
        </div>
        <p class="pd-muted">
            "Every load balancer of the account's zones, and the pools it sends traffic to, in the order it tries them."
        </p>
        <div class="pd-toolbar" role="search">
            <label for="lb-search">"Search load balancers"</label>
            <input
                id="lb-search"
                type="search"
                data-testid="lb-search"
                placeholder="Hostname, zone or pool name"
                prop:value={move || search.get()}
                on:input={move |ev| search.set(event_target_value(&ev))}
            />
        </div>
        {move || match data.get() {
            None => {
                view! {
                    <p class="pd-skeleton" data-testid="lbs-loading">
                        "Loading load balancers…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
            }
            Some(Ok(l)) if l.balancers.is_empty() => {
                view! {
                    <div class="pd-empty" data-testid="lbs-empty">
                        <p>
                            "No zone of this account has a load balancer. Pools take traffic only once a load balancer uses them."
                        </p>
                    </div>
                }
                    .into_any()
            }
            Some(Ok(l)) => {
                let total = l.balancers.len();
                view! {
                    <p class="pd-muted" aria-live="polite" data-testid="lbs-count">
                        {move || format!("{} of {total} load balancers", shown.with(Vec::len))}
                    </p>
                    <table class="pd-table pd-lb-table" data-testid="lbs-table">
                        <thead>
                            <tr>
                                <th scope="col">"Hostname"</th>
                                <th scope="col">"Steering"</th>
                                <th scope="col">"Proxy"</th>
                                <th scope="col">"Pools, in the order traffic meets them"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each={move || shown.get()}
                                key={|row| (row.lb.id.clone(), row.lb.modified_on.clone())}
                                children={move |row: ZonedLoadBalancer| {
                                    let groups = model::pool_groups(&row.lb);
                                    let steering = row.lb.traffic_steering().label().to_owned();
                                    view! {
                                        <tr data-testid="lb-row" data-lb-name={row.lb.name.clone()}>
                                            <th scope="row">
                                                {row.lb.name.clone()}<br />
                                                <small class="pd-muted">{row.zone.name.clone()}</small>
                                            </th>
                                            <td data-testid="lb-steering">{steering}</td>
                                            <td>{model::proxy_summary(&row.lb)}</td>
                                            <td>
                                                <PoolGroups
                                                    groups={groups}
                                                    pools={Signal::derive(move || {
                                                        pools.get().unwrap_or_default()
                                                    })}
                                                />
                                            </td>
                                        </tr>
                                    }
                                }}
                            />
                        </tbody>
                    </table>
                    <Show when={move || shown.with(Vec::is_empty)}>
                        <p class="pd-empty" data-testid="lbs-no-match">
                            "No load balancer matches this search."
                        </p>
                    </Show>
                }
                    .into_any()
            }
        }}
    }
}
