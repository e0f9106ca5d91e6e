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
mod restore_banner;
pub(crate) mod review;
mod row_window;
mod save;
mod save_outcome;
mod save_plan;
mod share_column;
mod step_endpoints;
mod step_health;
pub mod step_notifications;
mod step_pool;
mod step_traffic;
mod stepper;
pub mod steps;
mod world_map;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::{endpoints_in_other_pools, HistoryEntry, Monitor, MonitorGroup, Pool};

use crate::api::ApiError;
use crate::components::also_in::provide_account_pools;
use crate::components::error_panel::ErrorPanel;
use crate::components::leave_guard::guard_leaving;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::hooks::focus_after_render;
use crate::routes::{use_go, Route};
use autosave::{use_autosave, Autosave};
use conflict::ConflictFlow;
use draft_offer::DraftOffer;
use fields::{focus_summary, ErrorSummary};
use form::Form;
use mode::{default_region, Mode};
use save::{SaveState, Saver};
use save_outcome::SaveOutcome;
use stepper::{Stepper, WizardNav};
use steps::Step;

/// What the wizard needs before it can show anything.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    pools: Vec<Pool>,
    monitors: Vec<Monitor>,
    groups: Vec<MonitorGroup>,
    /// The pool being edited or cloned.
    source: Option<Pool>,
    /// The recorded version being restored (`/pools/ID/edit?restore=SEQ`).
    restoring: Option<HistoryEntry>,
}

/// The route: `/pools/new` (optionally `?clone=ID`) and `/pools/:id/edit`.
#[component]
pub fn PoolWizardPage() -> impl IntoView {
    let api = use_api();
    let editing = crate::router::route_id();
    let clone_of = crate::router::query_param("clone");
    let restore: Option<i64> = crate::router::query_param("restore")
        .and_then(|s| s.parse().ok())
        .filter(|_| editing.is_some());
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
                let restoring = match (&editing, restore) {
                    (Some(id), Some(seq)) => Some(api.pool_version(id, seq).await?),
                    _ => None,
                };
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
                    restoring,
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
        restoring,
        ..
    } = loaded;
    let mut initial = mode.initial(&pools, default_region(&browser_time_zone()));
    // Restoring a version: the draft is the version, laid on the pool as
    // it is now, so the review diffs it against today's copy and saving
    // sends the PATCH (or PUT) that puts it back.
    let restoring = restoring.and_then(|entry| {
        let draft = entry.restore_draft(&initial)?;
        initial = draft;
        Some(entry)
    });
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
    // Endpoints whose address other pools hold too are flagged.
    provide_account_pools(
        Signal::stored(Some(std::sync::Arc::new(pools.clone()))),
        Signal::stored(pool_id.clone()),
    );
    form.watch_rows();
    if restoring.is_some() {
        form.step.set(Step::Review);
    }
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
        // The draft is read (and so rebuilt from every row) only while a
        // rejection is shown: read first, it made every keystroke in a
        // 500-endpoint pool clone and compare all 500 endpoints. Compared
        // in place, not cloned.
        let moved_on = state.with(|s| match s {
            SaveState::Rejected { draft } => form.draft.with(|d| **draft != *d),
            _ => false,
        });
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
    let save = Saver {
        form,
        state,
        loaded: loaded_copy,
        api: api.clone(),
        pool_id: pool_id.clone(),
        known_ids,
        key,
        go,
        toasts,
    }
    .callback();
    let open_found = {
        Callback::new(move |id: String| {
            state.set(SaveState::Saved);
            key.with_value(|k| draft_store::clear(k));
            go.to(Route::Pool(id));
        })
    };

    let title_word = mode.title();
    let title = move || format!("{title_word} · {}", form.step.get().heading());
    let h1 = mode.heading();
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
            <a href={Route::Pools.href()}>"Pools"</a>
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
        {restoring.map(|entry| view! { <restore_banner::RestoreBanner entry={entry} /> })}
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
            <WizardNav
                form={form}
                state={state}
                cancel={mode.cancel_route()}
                save_label={mode.save_label()}
            />
        </form>
        <ConflictFlow form={form} state={state} loaded={loaded_copy} save={save} />
    }
}
