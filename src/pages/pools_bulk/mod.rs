//! `/pools/bulk`: one change to every selected pool. The change is chosen
//! first, then the whole batch is shown as per-pool diffs with the exact
//! PATCH bodies (`pooldeck_model::bulk::plan`, which also runs the
//! server's validation), and only then applied, with a progress bar and a
//! result per pool. A retry sends only what failed, and a pool changed
//! since the review is never written ([`apply`]).

mod action;
mod apply;
mod review;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::{bulk, BulkAction, BulkItem, BulkOutcome, Monitor, Pool};

use crate::api::{Api, ApiError};
use crate::components::error_panel::ErrorPanel;
use crate::context::use_api;
use crate::pages::pools::selection::use_selection;
use crate::routes::Route;
use action::{ActionForm, ActionInputs};
use apply::{Job, JobState};
use review::Review;

#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    pools: Vec<Pool>,
    monitors: Vec<Monitor>,
}

async fn load(api: Api) -> Result<Loaded, ApiError> {
    let (pools, monitors) = futures::join!(api.list_pools(), api.list_monitors());
    Ok(Loaded {
        pools: pools?,
        monitors: monitors?,
    })
}

#[component]
pub fn PoolsBulkPage() -> impl IntoView {
    let api = use_api();
    let data = LocalResource::new(move || load(api.clone()));
    view! {
        <Title text="Change pools" />
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <a href={Route::Pools.href()}>"Pools"</a>
            " / Change the selected pools"
        </nav>
        <h1 data-testid="page-title">"Change the selected pools"</h1>
        {move || match data.get() {
            None => view! { <p class="pd-skeleton">"Loading the selected pools…"</p> }.into_any(),
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
            }
            Some(Ok(l)) => {
                view! { <Bulk loaded={l} on_reload={move || data.refetch()} /> }.into_any()
            }
        }}
    }
}

/// The review: the action and every pool's planned outcome.
#[derive(Clone)]
struct Planned {
    action: BulkAction,
    items: Vec<BulkItem>,
}

#[component]
fn Bulk(loaded: Loaded, #[prop(into)] on_reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let limits = api.config.plan.limits();
    let selection = use_selection();
    let chosen: Vec<Pool> = {
        let mut p: Vec<Pool> = loaded
            .pools
            .into_iter()
            .filter(|p| p.id.as_deref().is_some_and(|id| selection.is_selected(id)))
            .collect();
        p.sort_by(|a, b| a.name.cmp(&b.name));
        p
    };
    if chosen.is_empty() {
        return view! {
            <div class="pd-empty" data-testid="bulk-none">
                <p>
                    "No pool is selected. On the Pools page, tick the pools to change (search first to find them, then select all that match), then come back."
                </p>
                <a href={Route::Pools.href()} class="pd-button pd-primary">
                    "Choose pools"
                </a>
            </div>
        }
        .into_any();
    }
    let count = chosen.len();
    let names: Vec<String> = chosen.iter().map(|p| p.name.clone()).collect();
    let inputs = ActionInputs::new(String::new());
    let planned = RwSignal::new(None::<Planned>);
    let jobs = RwSignal::new(Vec::<Job>::new());
    let running = RwSignal::new(false);
    // The weight as typed, checked with the server's rule on the selected
    // pools that have the address (the first error, in the API's words).
    let check_pools = chosen.clone();
    let check_limits = limits.clone();
    let weight_error = Memo::new(move |_| {
        let action = inputs.action().ok()?;
        if !matches!(action, BulkAction::EndpointWeight { .. }) {
            return None;
        }
        bulk::plan(&check_pools, &action, &check_limits)
            .into_iter()
            .find_map(|item| match item.outcome {
                BulkOutcome::Invalid(errors) => errors
                    .into_iter()
                    .find(|e| e.path.ends_with(".weight"))
                    .map(|e| e.message),
                _ => None,
            })
    });
    let problem = Memo::new(move |_| match inputs.action() {
        Err(why) => Some(why.to_owned()),
        Ok(_) => weight_error
            .get()
            .map(|_| "Correct the weight first.".to_owned()),
    });
    let plan_limits = limits.clone();
    let review = Callback::new(move |()| {
        let Ok(action) = inputs.action() else { return };
        let items = bulk::plan(&chosen, &action, &plan_limits);
        jobs.set(
            items
                .iter()
                .filter_map(|i| match &i.outcome {
                    BulkOutcome::Patch { body, .. } => Some(Job {
                        pool_id: i.pool_id.clone(),
                        pool_name: i.pool_name.clone(),
                        body: body.clone(),
                        state: JobState::Pending,
                    }),
                    _ => None,
                })
                .collect(),
        );
        planned.set(Some(Planned { action, items }));
        crate::hooks::focus_after_render("bulk-review-heading");
    });
    let monitors = StoredValue::new(loaded.monitors);
    let count_of =
        move |f: fn(&JobState) -> bool| jobs.with(|j| j.iter().filter(|j| f(&j.state)).count());
    let to_send = move || jobs.with(Vec::len);
    let done = move || count_of(|s| *s == JobState::Done);
    let failed = move || count_of(|s| matches!(s, JobState::Failed(_)));
    let moved = move || count_of(|s| *s == JobState::Moved);
    let started = move || jobs.with(|j| j.iter().any(|j| j.state != JobState::Pending));
    let start = {
        let (api, limits) = (api.clone(), limits.clone());
        Callback::new(move |retry: bool| {
            let Some(p) = planned.get_untracked() else {
                return;
            };
            leptos::task::spawn_local(apply::run(
                api.clone(),
                p.action,
                limits.clone(),
                jobs,
                running,
                retry,
            ));
        })
    };
    view! {
        <p data-testid="bulk-selected">
            {format!(
                "{count} pool{} selected: {}",
                if count == 1 { "" } else { "s" },
                names.join(", "),
            )}
        </p>
        <Show
            when={move || planned.with(Option::is_some)}
            fallback={move || {
                view! {
                    <form
                        class="pd-form"
                        on:submit={move |ev: web_sys::SubmitEvent| {
                            ev.prevent_default();
                            review.run(());
                        }}
                    >
                        <ActionForm
                            inputs={inputs}
                            monitors={monitors.get_value()}
                            weight_error={weight_error}
                        />
                        <p class="pd-hint" aria-live="polite">
                            {move || problem.get()}
                        </p>
                        <div class="pd-dialog-actions">
                            <a href={Route::Pools.href()} class="pd-button">
                                "Cancel"
                            </a>
                            <button
                                type="submit"
                                class="pd-button pd-primary"
                                disabled={move || problem.get().is_some()}
                            >
                                "Review the change"
                            </button>
                        </div>
                    </form>
                }
            }}
        >
            {move || {
                planned
                    .get()
                    .map(|p| {
                        let described = p.action.describe();
                        let left = p.items.len() - to_send();
                        view! {
                            <h2 id="bulk-review-heading" tabindex="-1">
                                {described}
                            </h2>
                            <p data-testid="bulk-summary">
                                {format!(
                                    "{} pool{} will be changed with the PATCH shown for each; {left} left alone. Nothing is sent until you apply.",
                                    to_send(),
                                    if to_send() == 1 { "" } else { "s" },
                                )}
                            </p>
                            <Review items={p.items} jobs={jobs} />
                        }
                    })
            }}
            <Show when={move || to_send() > 0 && started()}>
                <progress
                    max={move || to_send().to_string()}
                    value={move || done().to_string()}
                    aria-label="Pools changed"
                ></progress>
                <p aria-live="polite" data-testid="bulk-progress">
                    {move || {
                        started()
                            .then(|| {
                                let mut s = format!("{} of {} pools changed.", done(), to_send());
                                if failed() > 0 {
                                    s.push_str(&format!(" {} failed.", failed()));
                                }
                                if moved() > 0 {
                                    s.push_str(
                                        &format!(" {} changed meanwhile, not sent.", moved()),
                                    );
                                }
                                s
                            })
                    }}
                </p>
            </Show>
            <div class="pd-dialog-actions">
                <Show when={move || !started()}>
                    <button type="button" class="pd-button" on:click={move |_| planned.set(None)}>
                        "Back to the change"
                    </button>
                    <button
                        type="button"
                        class="pd-button pd-primary"
                        disabled={move || running.get() || to_send() == 0}
                        on:click={move |_| start.run(false)}
                    >
                        {move || {
                            format!(
                                "Apply to {} pool{}",
                                to_send(),
                                if to_send() == 1 { "" } else { "s" },
                            )
                        }}
                    </button>
                </Show>
                <Show when={move || started() && !running.get() && failed() > 0}>
                    <button
                        type="button"
                        class="pd-button pd-primary"
                        on:click={move |_| start.run(true)}
                    >
                        {move || format!("Retry the {} that failed", failed())}
                    </button>
                </Show>
                <Show when={move || started() && !running.get() && moved() > 0}>
                    <button
                        type="button"
                        class="pd-button"
                        on:click={move |_| {
                            planned.set(None);
                            on_reload.run(());
                        }}
                    >
                        "Review again"
                    </button>
                </Show>
                <Show when={move || started() && !running.get()}>
                    <a href={Route::Pools.href()} class="pd-button">
                        "Back to the pools"
                    </a>
                </Show>
            </div>
        </Show>
    }
    .into_any()
}
