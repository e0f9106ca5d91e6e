//! What the user marks down: this pool, any of its endpoints, or another
//! pool the same load balancers use. Checkboxes with visible labels.

use std::collections::BTreeSet;

use leptos::prelude::*;
use pooldeck_model::failover::Scenario;
use pooldeck_model::Pool;

use crate::api::ZonedLoadBalancer;

/// The other pools `users` name, in the order they first appear.
fn other_pools(users: &[ZonedLoadBalancer], pool_id: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in users {
        for (_, id) in u.lb.pool_references() {
            if id != pool_id && !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// What a box can mark down: a pool (its ID) or an endpoint (pool ID and
/// address); each lives in its own set of the scenario.
trait DownKey: Ord + Clone + Send + Sync + 'static {
    fn set(scenario: &Scenario) -> &BTreeSet<Self>;
    fn set_mut(scenario: &mut Scenario) -> &mut BTreeSet<Self>;
}

impl DownKey for String {
    fn set(s: &Scenario) -> &BTreeSet<Self> {
        &s.down_pools
    }
    fn set_mut(s: &mut Scenario) -> &mut BTreeSet<Self> {
        &mut s.down_pools
    }
}

impl DownKey for (String, String) {
    fn set(s: &Scenario) -> &BTreeSet<Self> {
        &s.down_endpoints
    }
    fn set_mut(s: &mut Scenario) -> &mut BTreeSet<Self> {
        &mut s.down_endpoints
    }
}

/// A labelled box that marks `key` down.
fn down_box<K: DownKey>(label: String, scenario: RwSignal<Scenario>, key: K) -> impl IntoView {
    let k = key.clone();
    view! {
        <label class="pd-check">
            <input
                type="checkbox"
                prop:checked={move || scenario.with(|s| K::set(s).contains(&k))}
                on:change={move |ev| {
                    let down = event_target_checked(&ev);
                    scenario
                        .update(|s| {
                            if down {
                                K::set_mut(s).insert(key.clone());
                            } else {
                                K::set_mut(s).remove(&key);
                            }
                        })
                }}
            />
            {label}
        </label>
    }
}

#[component]
pub fn ScenarioPicker(
    pool_id: String,
    /// The account's pools, this one as shown.
    pools: Signal<Vec<Pool>>,
    users: Vec<ZonedLoadBalancer>,
    scenario: RwSignal<Scenario>,
) -> impl IntoView {
    let name_of = move |id: &str| {
        pools.with(|all| {
            all.iter()
                .find(|p| p.id.as_deref() == Some(id))
                .map_or_else(|| id.to_owned(), |p| p.name.clone())
        })
    };
    let others = other_pools(&users, &pool_id);
    let pool_box = down_box(
        format!("The whole pool {}", name_of(&pool_id)),
        scenario,
        pool_id.clone(),
    );
    let endpoint_boxes = {
        let pid = pool_id.clone();
        move || {
            let endpoints: Vec<(String, String)> = pools.with(|all| {
                all.iter()
                    .find(|p| p.id.as_deref() == Some(pid.as_str()))
                    .map(|p| {
                        p.origins
                            .iter()
                            .map(|o| (o.name.clone(), o.address.clone()))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            endpoints
                .into_iter()
                .map(|(name, address)| {
                    down_box(
                        format!("Endpoint {name} ({address})"),
                        scenario,
                        (pid.clone(), address),
                    )
                })
                .collect_view()
        }
    };
    let other_boxes = others
        .into_iter()
        .map(|id| down_box(format!("Pool {}", name_of(&id)), scenario, id))
        .collect_view();
    view! {
        <fieldset class="pd-fieldset pd-failover-picker" data-testid="failover-picker">
            <legend>"Mark as down"</legend>
            <div class="pd-checks">{pool_box} {endpoint_boxes}</div>
            <div class="pd-checks">{other_boxes}</div>
            <button
                type="button"
                class="pd-button"
                disabled={move || scenario.with(|s| *s == Scenario::default())}
                on:click={move |_| scenario.set(Scenario::default())}
            >
                "Everything up again"
            </button>
        </fieldset>
    }
}
