//! Where each load balancer's traffic goes under the scenario: the model's
//! sentences, which pools were passed over and why, and what the routes
//! cannot show (rules, live measures, assumed health).

use leptos::prelude::*;
use pooldeck_model::failover::{describe, simulate, Scenario};
use pooldeck_model::Pool;

use crate::api::ZonedLoadBalancer;

/// One load balancer's answer, as text.
#[derive(Clone, Debug, PartialEq)]
struct Answer {
    name: String,
    sentences: Vec<String>,
    passed_over: Option<String>,
    notes: Vec<String>,
}

fn answer(user: &ZonedLoadBalancer, pools: &[Pool], scenario: &Scenario) -> Answer {
    let name_of = |id: &str| {
        pools
            .iter()
            .find(|p| p.id.as_deref() == Some(id))
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    };
    let outcome = simulate(&user.lb, pools, scenario);
    let sentences = describe(&outcome, &user.lb, name_of);
    let skipped: Vec<String> = outcome
        .default
        .skipped
        .iter()
        .map(|(id, why)| format!("{} ({why})", name_of(id)))
        .collect();
    // The sentences already say when health was assumed.
    let notes: Vec<String> = outcome.note.iter().cloned().collect();
    Answer {
        name: user.lb.name.clone(),
        sentences,
        passed_over: (!skipped.is_empty()).then(|| format!("Passed over: {}.", skipped.join(", "))),
        notes,
    }
}

#[component]
pub fn Outcomes(
    users: Vec<ZonedLoadBalancer>,
    pools: Signal<Vec<Pool>>,
    scenario: RwSignal<Scenario>,
) -> impl IntoView {
    let answers = Memo::new(move |_| {
        pools.with(|p| scenario.with(|s| users.iter().map(|u| answer(u, p, s)).collect::<Vec<_>>()))
    });
    view! {
        <ul class="pd-failover-outcomes" aria-live="polite" data-testid="failover-outcomes">
            {move || {
                answers
                    .get()
                    .into_iter()
                    .map(|a| {
                        view! {
                            <li data-testid="failover-outcome" data-lb-name={a.name.clone()}>
                                <strong>{a.name.clone()}</strong>
                                <ul>
                                    {a
                                        .sentences
                                        .into_iter()
                                        .map(|s| {
                                            view! { <li data-testid="failover-sentence">{s}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                                {a.passed_over.map(|p| view! { <p class="pd-muted">{p}</p> })}
                                {a
                                    .notes
                                    .into_iter()
                                    .map(|n| view! { <p class="pd-hint">{n}</p> })
                                    .collect_view()}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
