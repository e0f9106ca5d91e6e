//! "Alerts for this pool" on the pool page: the load-balancing policies
//! that cover the pool (by name, or as "every pool"), and a shortcut to a
//! health alert prefilled with it.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::summary::summarize;
use crate::context::use_api;
use crate::routes::{NewAlert, Route};

#[component]
pub fn AlertsForPool(
    /// The pool's ID.
    pool_id: String,
    /// The pool's name, for the summaries.
    pool_name: String,
) -> impl IntoView {
    let api = use_api();
    let policies = {
        let pool_id = pool_id.clone();
        LocalResource::new(move || {
            let (api, pool_id) = (api.clone(), pool_id.clone());
            async move {
                api.list_policies().await.map(|all| {
                    all.into_iter()
                        .filter(|p| p.alert_type.is_load_balancing() && p.covers_pool(&pool_id))
                        .collect::<Vec<_>>()
                })
            }
        })
    };
    let names = BTreeMap::from([(pool_id.clone(), pool_name)]);
    let add = Route::AlertNew {
        kind: NewAlert::Health,
        pool: Some(pool_id.clone()),
    }
    .href();
    view! {
        <section aria-labelledby="pool-alerts" data-testid="pool-alerts">
            <h2 id="pool-alerts">"Alerts for this pool"</h2>
            {move || match policies.get() {
                None => view! { <p class="pd-skeleton">"Loading alerts…"</p> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <p class="pd-muted" data-testid="pool-alerts-error">
                            {format!("The alerts could not be read: {}", e.summary())}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(list)) if list.is_empty() => {
                    view! {
                        <p class="pd-muted" data-testid="pool-alerts-none">
                            "No alert covers this pool: nobody is notified when it changes."
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <ul>
                            {list
                                .into_iter()
                                .map(|p| {
                                    let link = Route::Alert(p.id.clone().unwrap_or_default())
                                        .href();
                                    let state = if p.enabled { "" } else { " (disabled)" };
                                    view! {
                                        <li data-testid="pool-alert">
                                            <a href={link}>{format!("{}{state}", p.name)}</a>
                                            ": "
                                            {summarize(&p, &names)}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <a href={add} class="pd-button" data-testid="pool-alert-add">
                "Add an alert for this pool"
            </a>
        </section>
    }
}
