//! The pool wizard: create, edit and clone a pool in six steps (Pool,
//! Endpoints, Health, Traffic, Notifications, Review), with the model
//! crate's validation as the user types, an autosaved draft, a guard
//! against leaving with unsaved changes, conflict detection on save, and
//! the server's rejections mapped back to their fields.
//!
//! [`Wizard`] only wires the parts together: the form state (`form.rs`),
//! the mode (`mode.rs`), the save state machine (`save.rs`), the autosave
//! (`autosave.rs`), and one component per step and per banner.

mod alert_request;
mod arithmetic;
mod autosave;
mod conflict;
mod csv_import;
mod draft_offer;
mod draft_store;
mod endpoint_row;
mod fields;
mod form;
mod mode;
mod monitor_dialog;
mod review;
mod row_window;
mod save;
mod save_outcome;
mod save_plan;
mod share_column;
mod step_endpoints;
mod step_health;
mod step_notifications;
mod step_pool;
mod step_traffic;
mod stepper;
pub mod steps;
mod world_map;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use pooldeck_model::{endpoints_in_other_pools, Monitor, MonitorGroup, Pool};

use crate::api::ApiError;
use crate::components::error_panel::ErrorPanel;
use crate::components::leave_guard::guard_leaving;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::hooks::focus_after_render;
use crate::routes::{use_go, Route};
use autosave::{use_autosave, Autosave};
use conflict::ConflictDialog;
use draft_offer::DraftOffer;
use fields::ErrorSummary;
use form::Form;
use mode::{default_region, Mode};
use save::{Outcome, SaveInput, SaveState};
use save_outcome::SaveOutcome;
use save_plan::rebase;
use stepper::Stepper;
use steps::{first_step, Step};

/// What the wizard needs before it can show anything.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    pools: Vec<Pool>,
    monitors: Vec<Monitor>,
    groups: Vec<MonitorGroup>,
    /// The pool being edited or cloned.
    source: Option<Pool>,
}

/// The route: `/pools/new` (optionally `?clone=ID`) and `/pools/:id/edit`.
#[component]
pub fn PoolWizardPage() -> impl IntoView {
    let api = use_api();
    let editing = use_params_map().get_untracked().get("id");
    let clone_of = use_query_map().get_untracked().get("clone");
    let heading = if editing.is_some() {
        "Edit pool"
    } else {
        "New pool"
    };
    let data = {
        let (editing, clone_of) = (editing.clone(), clone_of.clone());
        LocalResource::new(move || {
            let (api, editing, clone_of) = (api.clone(), editing.clone(), clone_of.clone());
            async move {
                let (pools, monitors, groups) = futures::join!(
                    api.list_pools(),
                    api.list_monitors(),
                    api.list_monitor_groups()
                );
                let source = match editing.or(clone_of) {
                    Some(id) => Some(api.get_pool(&id).await?),
                    None => None,
                };
                Ok::<_, ApiError>(Loaded {
                    pools: pools?,
                    monitors: monitors?,
                    // Monitor groups are Enterprise; an account without them
                    // may refuse the list, which only hides the option.
                    groups: groups.unwrap_or_default(),
                    source,
                })
            }
        })
    };
    let is_edit = editing.is_some();
    view! {
        {move || match data.get() {
            None => {
                view! {
                    <Title text={heading} />
                    <h1 data-testid="page-title">{heading}</h1>
                    <p class="pd-skeleton" data-testid="wizard-loading">
                        "Loading…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! {
                    <Title text={heading} />
                    <h1 data-testid="page-title">{heading}</h1>
                    <ErrorPanel error={e} on_retry={move |_| data.refetch()} />
                }
                    .into_any()
            }
            Some(Ok(loaded)) => {
                let mode = match (loaded.source.clone(), is_edit) {
                    (Some(p), true) => Mode::Edit { loaded: Box::new(p) },
                    (Some(p), false) => Mode::Clone { from: Box::new(p) },
                    (None, _) => Mode::New,
                };
                view! { <Wizard loaded={loaded} mode={mode} /> }.into_any()
            }
        }}
    }
}

/// The browser's IANA time zone ("Europe/Berlin"), for the default region.
fn browser_time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Focuses the error summary once it rendered.
fn focus_summary() {
    focus_after_render("wizard-error-summary");
}

#[component]
fn Wizard(loaded: Loaded, mode: Mode) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = use_go();
    let account = api.config.account_id.clone().unwrap_or_default();
    let Loaded {
        pools,
        monitors,
        groups,
        ..
    } = loaded;
    let initial = mode.initial(&pools, default_region(&browser_time_zone()));
    let pool_id = mode.pool_id();
    // The server's rule with the server's settings: the endpoints left in
    // the account's quota once the other pools are counted (the pool being
    // edited is replaced, so its own do not count).
    let limits = api
        .config
        .plan
        .pool_limits(endpoints_in_other_pools(&pools, pool_id.as_deref()));
    let others: Vec<(String, String)> = pools
        .iter()
        .map(|p| (p.id.clone().unwrap_or_default(), p.name.clone()))
        .collect();
    let form = Form::new(initial.clone(), limits.clone(), others, pool_id.clone());
    // The server's copy the edit is based on (None when creating).
    let loaded_copy = RwSignal::new(match &mode {
        Mode::Edit { loaded } => Some((**loaded).clone()),
        _ => None,
    });
    let baseline = StoredValue::new(initial.clone());
    let monitors = RwSignal::new(monitors);
    let state = RwSignal::new(SaveState::Idle);
    let saved = Signal::derive(move || state.with(|s| *s == SaveState::Saved));
    let known_ids: Vec<String> = pools.iter().filter_map(|p| p.id.clone()).collect();
    let dirty =
        Memo::new(move |_| !saved.get() && form.draft.with(|d| baseline.with_value(|b| d != b)));

    // --- The autosaved draft, offered back on return ----------------------
    let key = draft_store::key(&account, pool_id.as_deref());
    let offered = RwSignal::new(draft_store::load(&key).filter(|d| d.pool != initial));
    let key = StoredValue::new(key);
    use_autosave(Autosave {
        form,
        key,
        baseline,
        saved,
        offered,
        loaded: loaded_copy,
    });
    let is_edit = mode.is_edit();
    let restore = Callback::new(move |()| {
        if let Some(d) = offered.get_untracked() {
            if is_edit && d.loaded.is_some() {
                // Conflicts are then checked against what the draft was
                // based on, not against today's copy.
                loaded_copy.set(d.loaded.clone());
            }
            form.replace(d.pool);
            offered.set(None);
            toasts.success("Draft restored");
        }
    });
    let discard = Callback::new(move |()| {
        key.with_value(|k| draft_store::clear(k));
        offered.set(None);
    });

    // --- Never lose input: leaving asks first -----------------------------
    guard_leaving(
        dirty.into(),
        "Leave the pool wizard? Your changes are kept as a draft you can restore when you come back.",
    );

    // --- Server rejections stay until the draft changes -------------------
    Effect::new(move |_| {
        // Compared in place: cloning a 500-endpoint draft per keystroke
        // showed in the editor benchmark.
        let moved_on = form
            .draft
            .with(|d| state.with(|s| matches!(s, SaveState::Rejected { draft } if **draft != *d)));
        if moved_on {
            form.fields.clear_server();
            state.set(SaveState::Idle);
        }
    });

    // --- Moving between steps: focus goes to the new step's heading ------
    Effect::watch(
        move || form.step.get(),
        |_, _, _| focus_after_render("wizard-step-heading"),
        false,
    );
    let go_next = move || {
        let step = form.step.get_untracked();
        form.attempt(step);
        if form.step_errors(step).is_empty() {
            if let Some(n) = step.next() {
                form.step.set(n);
            }
        } else {
            focus_summary();
        }
    };

    // --- Saving (see save.rs) --------------------------------------------
    let save = {
        let go = go.clone();
        let pool_id = pool_id.clone();
        Callback::new(move |force_put: bool| {
            if state.with_untracked(SaveState::is_busy) {
                return;
            }
            for s in Step::ALL {
                form.attempt(s);
            }
            if let Some(step) = form.first_step_with_errors() {
                if step != Step::Review {
                    form.step.set(step);
                    focus_summary();
                    return;
                }
                // Only earlier server errors about nothing in particular:
                // a retry is what the user asked for.
            }
            let input = SaveInput {
                api: api.clone(),
                draft: form.draft.get_untracked(),
                alert: form.alert.get_untracked(),
                pool_id: pool_id.clone(),
                base: loaded_copy.get_untracked(),
                known_ids: known_ids.clone(),
                force_put,
                create_uncertain: state.with_untracked(SaveState::create_uncertain),
                row_keys: form.keys(),
            };
            let key = key.get_value();
            let go = go.clone();
            state.set(SaveState::Saving);
            // Unscoped: the write finishes even if the page is left. After
            // the await only `try_` reads, and nothing at all once the page
            // is gone (one check: its signals go together).
            leptos::task::spawn_local(async move {
                let outcome = save::run(input).await;
                if let Outcome::Saved {
                    pool,
                    alert_error,
                    alert_made,
                } = &outcome
                {
                    draft_store::clear(&key);
                    toasts.success(format!("Pool {} saved", pool.name));
                    if *alert_made {
                        toasts.success(format!("Health alert for {} created", pool.name));
                    }
                    if let Some(e) = alert_error {
                        toasts.error(format!(
                            "The pool was saved, but the health alert was not: {e}"
                        ));
                    }
                }
                if state.try_get_untracked().is_none() {
                    return;
                }
                match outcome {
                    Outcome::Saved { pool, .. } => {
                        state.set(SaveState::Saved);
                        go.replace(Route::Pool(pool.id.unwrap_or_default()));
                    }
                    Outcome::Conflict(fresh) => state.set(SaveState::Conflict(Box::new(fresh))),
                    Outcome::MaybeSaved(found) => state.set(SaveState::MaybeSaved(Box::new(found))),
                    Outcome::Rejected { draft, errors } => {
                        // Each error under its field, and the first step
                        // with one.
                        let step = first_step(errors.iter().map(|(p, _)| p.as_str()))
                            .unwrap_or(Step::Review);
                        form.fields.set_server(errors);
                        state.set(SaveState::Rejected {
                            draft: Box::new(draft),
                        });
                        form.step.set(step);
                        focus_summary();
                    }
                    Outcome::Failed { error, uncertain } => {
                        state.set(SaveState::Failed { error, uncertain })
                    }
                }
            });
        })
    };
    let open_found = {
        let go = go.clone();
        Callback::new(move |id: String| {
            state.set(SaveState::Saved);
            key.with_value(|k| draft_store::clear(k));
            go.to(Route::Pool(id));
        })
    };

    let title_word = mode.title();
    let title = move || format!("{title_word} · {}", form.step.get().heading());
    let h1 = mode.heading();
    let save_label = mode.save_label();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if form.step.get_untracked() == Step::Review {
            save.run(false);
        } else {
            go_next();
        }
    };
    let steps = StoredValue::new((limits, groups, pool_id));
    view! {
        <Title text={title} />
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <A href={Route::Pools.href()}>"Pools"</A>
            " / "
            {h1.clone()}
        </nav>
        <h1 data-testid="page-title">{h1}</h1>
        {move || {
            offered
                .get()
                .map(|d| {
                    view! { <DraftOffer draft={d} on_restore={restore} on_discard={discard} /> }
                })
        }}
        <Stepper form={form} />
        <form class="pd-form pd-wizard" novalidate on:submit={on_submit} data-testid="wizard">
            <h2 id="wizard-step-heading" tabindex="-1" data-testid="step-heading">
                {move || form.step.get().heading()}
            </h2>
            {move || {
                let s = form.step.get();
                view! { <ErrorSummary form={form} step={s} /> }
            }}
            {move || {
                form.generation.get();
                let (limits, groups, pool_id) = steps.get_value();
                match form.step.get() {
                    Step::Pool => view! { <step_pool::StepPool form={form} /> }.into_any(),
                    Step::Endpoints => {
                        view! { <step_endpoints::StepEndpoints form={form} limits={limits} /> }
                            .into_any()
                    }
                    Step::Health => {
                        view! {
                            <step_health::StepHealth
                                form={form}
                                limits={limits}
                                monitors={monitors}
                                groups={groups}
                                pool_id={pool_id}
                            />
                        }
                            .into_any()
                    }
                    Step::Traffic => view! { <step_traffic::StepTraffic form={form} /> }.into_any(),
                    Step::Notifications => {
                        view! { <step_notifications::StepNotifications form={form} /> }.into_any()
                    }
                    Step::Review => {
                        view! { <review::StepReview form={form} loaded={loaded_copy} /> }.into_any()
                    }
                }
            }}
            <SaveOutcome
                state={state}
                on_retry={Callback::new(move |()| save.run(false))}
                on_open={open_found}
            />
            <div class="pd-wizard-nav">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="wizard-back"
                    disabled={move || form.step.get().previous().is_none()}
                    on:click={move |_| {
                        if let Some(p) = form.step.get_untracked().previous() {
                            form.step.set(p)
                        }
                    }}
                >
                    "Back"
                </button>
                <a class="pd-button" href={mode.cancel_route().href()} data-testid="wizard-cancel">
                    "Cancel"
                </a>
                {move || {
                    if form.step.get() == Step::Review {
                        view! {
                            <button
                                type="submit"
                                class="pd-button pd-primary"
                                data-testid="wizard-save"
                                disabled={move || state.with(SaveState::is_busy)}
                            >
                                {move || {
                                    if state.with(SaveState::is_busy) {
                                        "Saving…"
                                    } else {
                                        save_label
                                    }
                                }}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                type="submit"
                                class="pd-button pd-primary"
                                data-testid="wizard-next"
                            >
                                "Next"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </div>
        </form>
        {move || match state.get() {
            SaveState::Conflict(server) => {
                let server = *server;
                let loaded_pool = loaded_copy.get_untracked().unwrap_or_default();
                let mine = form.draft.get_untracked();
                let rebased = rebase(&loaded_pool, &server, &mine);
                let server_copy = StoredValue::new(server.clone());
                let rebased = StoredValue::new(rebased);
                view! {
                    <ConflictDialog
                        loaded={loaded_pool}
                        server={server}
                        mine={mine}
                        on_close={move |_| state.set(SaveState::Idle)}
                        on_rebase={move |_| {
                            loaded_copy.set(Some(server_copy.get_value()));
                            form.replace(rebased.get_value());
                            state.set(SaveState::Idle);
                            form.step.set(Step::Review);
                            toasts
                                .success(
                                    "Your changes were applied to the current pool. Review and save again.",
                                );
                        }}
                        on_overwrite={move |_| {
                            loaded_copy.set(Some(server_copy.get_value()));
                            state.set(SaveState::Idle);
                            save.run(true);
                        }}
                    />
                }
                    .into_any()
            }
            _ => ().into_any(),
        }}
    }
}
