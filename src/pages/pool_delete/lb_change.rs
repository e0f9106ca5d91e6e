//! One load balancer's part of "remove, then delete": the change as a
//! diff, the replacement fallback pool when one is needed, and where the
//! change stands once it runs.

use std::collections::HashMap;

use leptos::prelude::*;
use pooldeck_model::failover::moves;
use pooldeck_model::Pool;

use super::plan::{with_names, LbPlan, Step};

/// What a step reads as, and its CSS modifier.
fn step_text(step: &Step) -> (&'static str, String) {
    match step {
        Step::Pending => ("pending", "Not changed yet".into()),
        Step::Working => ("working", "Changing…".into()),
        Step::Done => ("done", "Changed: no longer uses this pool".into()),
        Step::Moved => (
            "moved",
            "Changed by someone else since you reviewed it. The change below is redone from the new version; review it, then resume."
                .into(),
        ),
        Step::Failed(why) => ("failed", format!("Not changed: {why}")),
    }
}

#[component]
pub fn LbChange(
    /// Which plan of the list this is.
    index: usize,
    plans: RwSignal<Vec<LbPlan>>,
    pool_id: String,
    /// The account's pools, for names and replacement choices.
    pools: Vec<Pool>,
    /// Locks the replacement picker while the change runs.
    #[prop(into)]
    running: Signal<bool>,
) -> impl IntoView {
    let names: HashMap<String, String> = pools
        .iter()
        .filter_map(|p| Some((p.id.clone()?, p.name.clone())))
        .collect();
    let plan = Memo::new(move |_| plans.with(|p| p.get(index).cloned()));
    let name = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.target.lb.name.clone())
                .unwrap_or_default()
        })
    };
    let zone = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| p.target.zone.name.clone())
                .unwrap_or_default()
        })
    };
    let select_id = format!("replacement-{index}");
    let choices: Vec<(String, String)> = pools
        .iter()
        .filter_map(|p| Some((p.id.clone()?, p.name.clone())))
        .filter(|(id, _)| *id != pool_id)
        .collect();
    let pid = pool_id.clone();
    let needs_replacement =
        move || plan.with(|p| p.as_ref().is_some_and(|p| p.needs_replacement(&pid)));
    let pid = pool_id.clone();
    let names_for_diff = names.clone();
    let diff = move || {
        plan.with(|p| {
            let Some(p) = p else { return ().into_any() };
            match p.detached(&pid) {
                Ok(d) => view! {
                    <ul class="pd-diff" data-testid="lb-diff">
                        {d
                            .edits
                            .into_iter()
                            .map(|e| {
                                let line = with_names(&e.diff_line(), &names_for_diff);
                                let note = e.note.clone().map(|n| with_names(&n, &names_for_diff));
                                view! {
                                    <li data-testid="lb-diff-line" class:pd-diff-hidden={e.hidden}>
                                        <code>{line}</code>
                                        {e
                                            .hidden
                                            .then(|| {
                                                view! {
                                                    <span
                                                        class="pd-tag pd-tag-warn"
                                                        data-testid="hidden-reference"
                                                    >
                                                        "hidden reference"
                                                    </span>
                                                    <small class="pd-muted">
                                                        " The steering policy ignores this member, so it sends no traffic, but Cloudflare still counts it."
                                                    </small>
                                                }
                                            })}
                                        {note
                                            .map(|n| {
                                                view! { <small class="pd-muted">{format!(" {n}")}</small> }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
                Err(problem) => view! {
                    <p class="pd-field-error" role="alert" data-testid="lb-problem">
                        {with_names(&problem.to_string(), &names_for_diff)}
                    </p>
                }
                .into_any(),
            }
        })
    };
    // Before a run, "not changed yet" says nothing new.
    let started = move || plans.with(|all| all.iter().any(|p| p.step != Step::Pending));
    let step = move || {
        plan.with(|p| {
            p.as_ref()
                .filter(|p| p.step != Step::Pending || started())
                .map(|p| step_text(&p.step))
        })
    };
    // Removing the pool is, for traffic, the pool going down: the
    // simulator's sentence, as the disable confirmation gives it.
    let all_pools = pools.clone();
    let pid = pool_id.clone();
    let traffic = move || {
        plan.with(|p| {
            let p = p.as_ref()?;
            Some(moves(&p.target.lb, &all_pools, &pid).unwrap_or_else(|| {
                format!(
                    "{} keeps its traffic where it is: this pool is not serving it now.",
                    p.target.lb.name
                )
            }))
        })
    };
    let current = move || {
        plan.with(|p| {
            p.as_ref()
                .and_then(|p| p.replacement.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="pd-panel pd-lb-change" data-testid="lb-change" data-lb-name={name}>
            <h3>{name} " " <small class="pd-muted">{zone}</small></h3>
            {move || {
                step()
                    .map(|(kind, text)| {
                        view! {
                            <p
                                class={format!("pd-run-state pd-run-{kind}")}
                                data-testid="lb-step"
                                data-step={kind}
                                role={if kind == "failed" || kind == "moved" {
                                    Some("alert")
                                } else {
                                    None
                                }}
                            >
                                {text}
                            </p>
                        }
                    })
            }}
            <Show when={needs_replacement}>
                <div class="pd-field">
                    <label for={select_id
                        .clone()}>{move || format!("New fallback pool for {}", name())}</label>
                    <select
                        id={select_id.clone()}
                        data-testid="lb-replacement"
                        disabled={move || {
                            running.get()
                                || plan.with(|p| p.as_ref().is_some_and(|p| p.step == Step::Done))
                        }}
                        prop:value={current}
                        on:change={move |ev| {
                            let value = event_target_value(&ev);
                            plans
                                .update(|all| {
                                    if let Some(p) = all.get_mut(index) {
                                        p.replacement = (!value.is_empty()).then_some(value);
                                    }
                                });
                        }}
                    >
                        <option value="">"Choose a pool"</option>
                        {choices
                            .clone()
                            .into_iter()
                            .map(|(id, name)| view! { <option value={id}>{name}</option> })
                            .collect_view()}
                    </select>
                    <small class="pd-hint">
                        "The fallback pool is the pool of last resort: it gets the traffic when every other pool is unhealthy."
                    </small>
                </div>
            </Show>
            {diff}
            <p class="pd-hint" data-testid="lb-traffic">
                {move || traffic().map(|t| format!("Traffic: {t}"))}
            </p>
        </section>
    }
}
