//! A load balancer's pools by role: each role's pools in order, each pool
//! with its health and a link to its page.

use std::collections::HashMap;

use leptos::prelude::*;
use pooldeck_model::{pool_status, Pool};

use super::model::PoolGroup;
use crate::routes::Route;

/// What a hidden group's note says.
pub const HIDDEN_NOTE: &str =
    "The steering policy ignores it, so it sends no traffic, but Cloudflare still counts it and refuses to delete these pools.";

#[component]
pub fn PoolGroups(
    /// The groups, in the order traffic meets them.
    groups: Vec<PoolGroup>,
    /// The account's pools by ID, for names and health.
    #[prop(into)]
    pools: Signal<HashMap<String, Pool>>,
) -> impl IntoView {
    view! {
        <dl class="pd-pool-groups">
            {groups
                .into_iter()
                .map(|g| {
                    let label = g.label.clone();
                    let group = g.label.clone();
                    view! {
                        <div class="pd-pool-group" data-testid="lb-pool-group" data-group={group}>
                            <dt>{label}</dt>
                            <dd>
                                <ol class="pd-pool-chips">
                                    {g
                                        .pools
                                        .into_iter()
                                        .map(|id| view! { <PoolChip id={id} pools={pools} /> })
                                        .collect_view()}
                                </ol>
                                {g
                                    .hidden
                                    .then(|| {
                                        view! {
                                            <span
                                                class="pd-tag pd-tag-warn"
                                                data-testid="hidden-reference"
                                            >
                                                "hidden reference"
                                            </span>
                                            <small class="pd-muted pd-also-in">{HIDDEN_NOTE}</small>
                                        }
                                    })}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// One pool: a link with its status, or its ID when the account has no
/// such pool.
#[component]
fn PoolChip(id: String, pools: Signal<HashMap<String, Pool>>) -> impl IntoView {
    let href = Route::Pool(id.clone()).href();
    move || {
        let known = pools.with(|all| {
            all.get(&id).map(|pool| {
                let summary = pool_status(pool);
                (pool.name.clone(), summary.status, summary.explain())
            })
        });
        match known {
            Some((name, status, why)) => view! {
                <li>
                    <a
                        href={href.clone()}
                        class={format!("pd-chip pd-chip-{}", status.slug())}
                        data-testid="lb-pool"
                        title={why}
                    >
                        {name}
                        // A space, so the link's accessible name is "api
                        // Disabled", not "apiDisabled".
                        " "
                        <span class="pd-chip-status">{status.label()}</span>
                    </a>
                </li>
            }
            .into_any(),
            None => view! {
                <li class="pd-chip pd-chip-unknown" data-testid="lb-pool">
                    {format!("pool {id} (not in this account)")}
                </li>
            }
            .into_any(),
        }
    }
}
