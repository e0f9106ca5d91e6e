//! The pool wizard: create, edit and clone a pool in six steps (Pool,
//! Endpoints, Health, Traffic, Notifications, Review), with the model
//! crate's validation as the user types, an autosaved draft, a guard
//! against leaving with unsaved changes, conflict detection on save, and
//! the server's rejections mapped back to their fields.

mod alert_request;
mod arithmetic;
mod conflict;
mod csv_import;
mod draft_store;
mod fields;
mod form;
mod monitor_dialog;
mod review;
mod row_window;
mod save_plan;
mod share_column;
mod step_endpoints;
mod step_health;
mod step_notifications;
mod step_pool;
mod step_traffic;
pub mod steps;
mod world_map;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use pooldeck_model::{Monitor, MonitorGroup, Origin, Pool, WritePlan};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, ErrorKind};
use crate::components::error_panel::ErrorPanel;
use crate::components::leave_guard::guard_leaving;
use crate::components::toasts::use_toasts;
use crate::context::{href, use_api};
use conflict::ConflictDialog;
use draft_store::StoredDraft;
use fields::ErrorSummary;
use form::Form;
use save_plan::{is_conflict, plan_save, rebase, SaveRequest};
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

/// A new pool's starting point: one empty endpoint row, regions to choose.
fn new_pool() -> Pool {
    Pool {
        origins: vec![Origin {
            name: String::new(),
            address: String::new(),
            ..Origin::default()
        }],
        check_regions: Some(Some(Vec::new())),
        ..Pool::default()
    }
}

/// A copy of `source` to create as a new pool: no read-only members, and
/// a name not yet used in the account.
fn cloned(source: &Pool, taken: &[Pool]) -> Pool {
    let mut pool = source.clone();
    pool.id = None;
    pool.created_on = None;
    pool.modified_on = None;
    pool.disabled_at = None;
    pool.healthy = None;
    pool.networks = None;
    for o in &mut pool.origins {
        o.healthy = None;
        o.failure_reason = None;
        o.disabled_at = None;
    }
    let used = |n: &str| taken.iter().any(|p| p.name == n);
    let mut name = format!("{}-copy", source.name);
    let mut i = 2;
    while used(&name) {
        name = format!("{}-copy-{i}", source.name);
        i += 1;
    }
    pool.name = name;
    pool
}

/// The route: `/pools/new` (optionally `?clone=ID`) and `/pools/:id/edit`.
#[component]
pub fn PoolWizardPage() -> impl IntoView {
    let api = use_api();
    let editing = use_params_map().get_untracked().get("id");
    let clone_of = use_query_map().get_untracked().get("clone");
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
    view! {
        {move || match data.get() {
            None => {
                view! {
                    <Title text="Pool wizard" />
                    <h1 data-testid="page-title">
                        {if editing.is_some() { "Edit pool" } else { "New pool" }}
                    </h1>
                    <p class="pd-skeleton" data-testid="wizard-loading">
                        "Loading…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! {
                    <Title text="Pool wizard" />
                    <h1 data-testid="page-title">
                        {if editing.is_some() { "Edit pool" } else { "New pool" }}
                    </h1>
                    <ErrorPanel error={e} on_retry={move |_| data.refetch()} />
                }
                    .into_any()
            }
            Some(Ok(loaded)) => {
                view! { <Wizard loaded={loaded} editing={editing.is_some()} /> }.into_any()
            }
        }}
    }
}

/// Where a save stands.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    /// Not a validation error: the network, a 5xx, a timeout.
    Failed(ApiError),
    /// The pool changed on the server; this is its copy now.
    Conflict(Box<Pool>),
    /// A create whose answer was lost is retried, and a pool with the
    /// draft's name exists now: most likely the lost create made it.
    MaybeSaved(Box<Pool>),
}

/// True when a failed write may still have happened on the server: no
/// answer, or an answer that is not the server's refusal.
fn outcome_unknown(e: &ApiError) -> bool {
    match e.kind {
        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Malformed => true,
        ErrorKind::Api => e.status >= 500,
        ErrorKind::Offline => false,
    }
}

#[component]
fn Wizard(loaded: Loaded, editing: bool) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let limits = api.config.limits.clone();
    let account = api.config.account_id.clone().unwrap_or_default();
    let Loaded {
        pools,
        monitors,
        groups,
        source,
    } = loaded;
    let initial = match (&source, editing) {
        (Some(p), true) => p.clone(),
        (Some(p), false) => cloned(p, &pools),
        (None, _) => new_pool(),
    };
    let pool_id = if editing { initial.id.clone() } else { None };
    let others: Vec<(String, String)> = pools
        .iter()
        .map(|p| (p.id.clone().unwrap_or_default(), p.name.clone()))
        .collect();
    let form = Form::new(initial.clone(), limits.clone(), others, pool_id.clone());
    // The server's copy the edit is based on (None when creating).
    let loaded_copy = RwSignal::new(if editing { source.clone() } else { None });
    let baseline = StoredValue::new(initial.clone());
    let monitors = RwSignal::new(monitors);
    let state = RwSignal::new(SaveState::Idle);
    let saved = RwSignal::new(false);
    // Set when a create failed in a way that may have created the pool
    // anyway: the next attempt checks before sending it again.
    let create_uncertain = StoredValue::new(false);
    let known_ids: Vec<String> = pools.iter().filter_map(|p| p.id.clone()).collect();
    let dirty =
        Memo::new(move |_| !saved.get() && form.draft.with(|d| baseline.with_value(|b| d != b)));

    // --- The autosaved draft ---------------------------------------------
    let key = draft_store::key(&account, pool_id.as_deref());
    let offered = RwSignal::new(draft_store::load(&key).filter(|d| d.pool != initial));
    {
        // Written 300 ms after the last change (serialising a pool of 500
        // endpoints on every keystroke costs more than the keystroke), and
        // at once when the page is hidden or left.
        let store_key = StoredValue::new(key.clone());
        let pending = StoredValue::new(None::<TimeoutHandle>);
        let write = move || {
            // Also runs from cleanup, where the page's values may be gone.
            let _ = pending.try_set_value(None);
            let (Some(draft), Some(done)) =
                (form.draft.try_get_untracked(), saved.try_get_untracked())
            else {
                return;
            };
            if done {
                return;
            }
            let Some(key) = store_key.try_get_value() else {
                return;
            };
            if baseline.try_with_value(|b| *b == draft).unwrap_or(false) {
                // Back to the start: nothing worth keeping, unless an older
                // draft is still waiting to be restored or discarded.
                if offered.try_with_untracked(Option::is_none).unwrap_or(true) {
                    draft_store::clear(&key);
                }
                return;
            }
            draft_store::save(
                &key,
                &StoredDraft {
                    pool: draft,
                    loaded: loaded_copy.try_get_untracked().flatten(),
                    saved_at: js_sys::Date::now(),
                },
            );
        };
        let flush = move || {
            if let Some(h) = pending.try_get_value().flatten() {
                h.clear();
                write();
            }
        };
        Effect::new(move |_| {
            // Tracks the parts, not the draft memo: reading that would
            // rebuild the whole pool on every keystroke just to be told.
            form.base.track();
            form.rows
                .with(|rows| rows.iter().for_each(|r| r.origin.track()));
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            pending.set_value(
                set_timeout_with_handle(write, std::time::Duration::from_millis(300)).ok(),
            );
        });
        let on_hide = Closure::<dyn Fn()>::new(flush);
        let _ =
            window().add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        let on_hide = send_wrapper::SendWrapper::new(on_hide);
        on_cleanup(move || {
            flush();
            let _ = window()
                .remove_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        });
    }
    let restore = move |_| {
        if let Some(d) = offered.get_untracked() {
            if editing && d.loaded.is_some() {
                // Conflicts are then checked against what the draft was
                // based on, not against today's copy.
                loaded_copy.set(d.loaded.clone());
            }
            form.replace(d.pool);
            offered.set(None);
            toasts.success("Draft restored");
        }
    };
    let discard = {
        let key = key.clone();
        move |_| {
            draft_store::clear(&key);
            offered.set(None);
        }
    };

    // --- Never lose input: leaving asks first -----------------------------
    guard_leaving(
        dirty.into(),
        "Leave the pool wizard? Your changes are kept as a draft you can restore when you come back.",
    );

    // --- Server rejections stay until the draft changes -------------------
    let rejected = StoredValue::new(None::<Pool>);
    Effect::new(move |_| {
        // Compared in place: cloning a 500-endpoint draft per keystroke
        // showed in the editor benchmark.
        let moved_on = form
            .draft
            .with(|d| rejected.with_value(|r| r.as_ref().is_some_and(|r| r != d)));
        if moved_on {
            rejected.set_value(None);
            form.server.set(Vec::new());
        }
    });

    // --- Moving between steps --------------------------------------------
    Effect::new(move |first: Option<()>| {
        let step = form.step.get();
        if first.is_some() {
            set_timeout(
                move || {
                    if let Some(h) = document()
                        .get_element_by_id("wizard-step-heading")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = h.focus();
                    }
                },
                std::time::Duration::from_millis(0),
            );
        }
        let _ = step;
    });
    let go_next = move || {
        let step = form.step.get_untracked();
        form.attempted.update(|a| {
            a.insert(step);
        });
        if form.step_errors(step).is_empty() {
            if let Some(n) = step.next() {
                form.step.set(n);
            }
        } else {
            set_timeout(
                || fields::focus_field("wizard-error-summary"),
                std::time::Duration::from_millis(0),
            );
        }
    };

    // --- Saving -----------------------------------------------------------
    let save = {
        let api = api.clone();
        let key = key.clone();
        let pool_id = pool_id.clone();
        let navigate = navigate.clone();
        move |force_put: bool| {
            form.attempted.update(|a| a.extend(Step::ALL));
            if let Some(step) = form.first_step_with_errors() {
                if step != Step::Review {
                    form.step.set(step);
                    return;
                }
                // Only earlier server errors about nothing in particular:
                // a retry is what the user asked for.
            }
            let draft = form.draft.get_untracked();
            let alert = form.alert.get_untracked();
            let (api, key, pool_id, navigate) =
                (api.clone(), key.clone(), pool_id.clone(), navigate.clone());
            state.set(SaveState::Saving);
            let known_ids = known_ids.clone();
            leptos::task::spawn_local(async move {
                // Did an earlier create whose answer was lost happen after
                // all? A pool with this name that was not there when the
                // wizard opened says so.
                let find_lost_create = || async {
                    api.list_pools().await.map(|all| {
                        all.into_iter().find(|p| {
                            p.name == draft.name
                                && p.id.as_ref().is_some_and(|id| !known_ids.contains(id))
                        })
                    })
                };
                if pool_id.is_none() && create_uncertain.get_value() {
                    match find_lost_create().await {
                        Ok(Some(found)) => {
                            state.set(SaveState::MaybeSaved(Box::new(found)));
                            return;
                        }
                        Ok(None) => {}
                        Err(e) => {
                            state.set(SaveState::Failed(e));
                            return;
                        }
                    }
                }
                let result = match &pool_id {
                    None => api.create_pool(&draft).await,
                    Some(id) => match api.get_pool(id).await {
                        Err(e) => Err(e),
                        Ok(fresh) => {
                            let base = loaded_copy.get_untracked();
                            // The server already holding exactly the draft is
                            // no conflict: typically a save whose answer was
                            // lost, retried.
                            let already = matches!(
                                plan_save(Some(&fresh), &draft),
                                SaveRequest::Update(WritePlan::Nothing)
                            );
                            if !force_put
                                && !already
                                && base.as_ref().is_some_and(|b| is_conflict(b, &fresh))
                            {
                                state.set(SaveState::Conflict(Box::new(fresh)));
                                return;
                            }
                            match (force_put, plan_save(Some(&fresh), &draft)) {
                                (true, _) => api.replace_pool(id, draft.write_body()).await,
                                (_, SaveRequest::Update(WritePlan::Patch(body))) => {
                                    api.patch_pool(id, body).await
                                }
                                (_, SaveRequest::Update(WritePlan::Put(body))) => {
                                    api.replace_pool(id, body).await
                                }
                                (_, _) => Ok(fresh),
                            }
                        }
                    },
                };
                // A create refused because the name is taken may have been
                // refused because of itself: the browser resends a POST whose
                // connection closed before any answer, and the first one
                // may have been applied.
                if pool_id.is_none() {
                    if let Err(e) = &result {
                        let name_taken = e.kind == ErrorKind::Api
                            && e.status == 400
                            && e.field_errors().iter().any(|(p, _)| p == "name");
                        if name_taken {
                            if let Ok(Some(found)) = find_lost_create().await {
                                state.set(SaveState::MaybeSaved(Box::new(found)));
                                return;
                            }
                        }
                    }
                }
                match result {
                    Ok(pool) => {
                        saved.set(true);
                        draft_store::clear(&key);
                        let id = pool.id.clone().unwrap_or_default();
                        toasts.success(format!("Pool {} saved", pool.name));
                        if alert.wanted {
                            match api.create_policy(&alert.policy(&pool.name, &id)).await {
                                Ok(_) => toasts
                                    .success(format!("Health alert for {} created", pool.name)),
                                Err(e) => toasts.error(format!(
                                    "The pool was saved, but the health alert was not: {}",
                                    e.summary()
                                )),
                            }
                        }
                        navigate(&href(&format!("/pools/{id}")), Default::default());
                    }
                    Err(e) if e.kind == ErrorKind::Api && (e.status == 400 || e.status == 409) => {
                        // The server refused the pool: put each error under
                        // its field and go to the first step with one.
                        let errors = e.field_errors();
                        let step = first_step(errors.iter().map(|(p, _)| p.as_str()))
                            .unwrap_or(Step::Review);
                        rejected.set_value(Some(draft));
                        form.server.set(errors);
                        state.set(SaveState::Idle);
                        form.step.set(step);
                        set_timeout(
                            || fields::focus_field("wizard-error-summary"),
                            std::time::Duration::from_millis(50),
                        );
                    }
                    Err(e) => {
                        if pool_id.is_none() && outcome_unknown(&e) {
                            create_uncertain.set_value(true);
                        }
                        state.set(SaveState::Failed(e));
                    }
                }
            });
        }
    };

    let title = move || {
        let step = form.step.get();
        format!(
            "{} · {}",
            if editing { "Edit pool" } else { "New pool" },
            step.heading()
        )
    };
    let h1 = if editing {
        format!("Edit pool {}", initial.name)
    } else if source.is_some() {
        format!(
            "Clone pool {}",
            source.as_ref().map(|s| s.name.clone()).unwrap_or_default()
        )
    } else {
        "New pool".to_owned()
    };
    let cancel_href = match &pool_id {
        Some(id) => href(&format!("/pools/{id}")),
        None => href("/pools"),
    };
    let save_next = save.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if form.step.get_untracked() == Step::Review {
            save_next(false);
        } else {
            go_next();
        }
    };
    let (limits_e, limits_h) = (limits.clone(), limits.clone());
    let groups_h = groups.clone();
    let pool_id_h = pool_id.clone();
    let save_retry = save.clone();
    let save_over = save.clone();
    let (key_found, navigate_found) = (key.clone(), navigate.clone());

    view! {
        <Title text={title} />
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <A href={href("/pools")}>"Pools"</A>
            " / "
            {h1.clone()}
        </nav>
        <h1 data-testid="page-title">{h1}</h1>
        {move || {
            offered
                .get()
                .map(|d| {
                    view! {
                        <div
                            class="pd-banner"
                            role="region"
                            aria-label="Unsaved draft"
                            data-testid="draft-offer"
                        >
                            <p>
                                {format!(
                                    "You have an unsaved draft of this pool from {}.",
                                    js_sys::Date::new(&JsValue::from_f64(d.saved_at))
                                        .to_locale_string("default", &JsValue::UNDEFINED),
                                )}
                            </p>
                            <button
                                type="button"
                                class="pd-button pd-primary"
                                data-testid="draft-restore"
                                on:click={restore}
                            >
                                "Restore draft"
                            </button>
                            <button
                                type="button"
                                class="pd-button"
                                data-testid="draft-discard"
                                on:click={discard.clone()}
                            >
                                "Discard it"
                            </button>
                        </div>
                    }
                })
        }}
        <ol class="pd-steps" aria-label="Steps" data-testid="wizard-steps">
            {Step::ALL
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <button
                                type="button"
                                class="pd-step"
                                data-testid={format!("step-{}", s.slug())}
                                aria-current={move || (form.step.get() == s).then_some("step")}
                                on:click={move |_| form.step.set(s)}
                            >
                                <span class="pd-step-n">{s.number()}</span>
                                " "
                                {s.label()}
                                {move || {
                                    ((form.attempted.with(|a| a.contains(&s))
                                        || form.server.with(|v| !v.is_empty()))
                                        && !form.step_errors(s).is_empty())
                                        .then(|| {
                                            view! {
                                                <span class="pd-step-bad" aria-label="has problems">
                                                    " !"
                                                </span>
                                            }
                                        })
                                }}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
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
                match form.step.get() {
                    Step::Pool => view! { <step_pool::StepPool form={form} /> }.into_any(),
                    Step::Endpoints => {
                        view! {
                            <step_endpoints::StepEndpoints form={form} limits={limits_e.clone()} />
                        }
                            .into_any()
                    }
                    Step::Health => {
                        view! {
                            <step_health::StepHealth
                                form={form}
                                limits={limits_h.clone()}
                                monitors={monitors}
                                groups={groups_h.clone()}
                                pool_id={pool_id_h.clone()}
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
            {move || match state.get() {
                SaveState::Failed(e) => {
                    let retry = save_retry.clone();
                    view! {
                        <div data-testid="save-failed">
                            <ErrorPanel error={e} on_retry={move |_| retry(false)} />
                            <p class="pd-hint">
                                "Nothing was lost: your changes are still here and kept as a draft."
                            </p>
                        </div>
                    }
                        .into_any()
                }
                SaveState::MaybeSaved(found) => {
                    let name = found.name.clone();
                    let id = found.id.clone().unwrap_or_default();
                    let key = key_found.clone();
                    let navigate = navigate_found.clone();
                    let to = href(&format!("/pools/{id}"));
                    view! {
                        <div class="pd-error" role="alert" data-testid="save-uncertain">
                            <p class="pd-error-title">
                                {format!("A pool named {name} exists now.")}
                            </p>
                            <p>
                                "The last attempt to create it got no answer, so it most likely went through. Open the pool to check it, or keep editing (saving again needs another name)."
                            </p>
                            <button
                                type="button"
                                class="pd-button pd-primary"
                                data-testid="save-uncertain-open"
                                on:click={move |_| {
                                    saved.set(true);
                                    draft_store::clear(&key);
                                    navigate(&to, Default::default());
                                }}
                            >
                                {format!("Open pool {name}")}
                            </button>
                            " "
                            <button
                                type="button"
                                class="pd-button"
                                data-testid="save-uncertain-dismiss"
                                on:click={move |_| state.set(SaveState::Idle)}
                            >
                                "Keep editing"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
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
                <a class="pd-button" href={cancel_href} data-testid="wizard-cancel">
                    "Cancel"
                </a>
                {move || {
                    if form.step.get() == Step::Review {
                        view! {
                            <button
                                type="submit"
                                class="pd-button pd-primary"
                                data-testid="wizard-save"
                                disabled={move || state.get() == SaveState::Saving}
                            >
                                {move || {
                                    if state.get() == SaveState::Saving {
                                        "Saving…"
                                    } else if editing {
                                        "Save changes"
                                    } else {
                                        "Create pool"
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
                let (s1, s2) = (server.clone(), server.clone());
                let (l1, m1) = (loaded_pool.clone(), mine.clone());
                let over = save_over.clone();
                view! {
                    <ConflictDialog
                        loaded={loaded_pool}
                        server={server}
                        mine={mine}
                        on_close={move |_| state.set(SaveState::Idle)}
                        on_rebase={move |_| {
                            let rebased = rebase(&l1, &s1, &m1);
                            loaded_copy.set(Some(s1.clone()));
                            form.replace(rebased);
                            state.set(SaveState::Idle);
                            form.step.set(Step::Review);
                            toasts
                                .success(
                                    "Your changes were applied to the current pool. Review and save again.",
                                );
                        }}
                        on_overwrite={move |_| {
                            loaded_copy.set(Some(s2.clone()));
                            state.set(SaveState::Idle);
                            over(true);
                        }}
                    />
                }
                    .into_any()
            }
            _ => ().into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_answers_that_are_refusals_mean_nothing_was_written() {
        let api = |status| ApiError::new(ErrorKind::Api, status, "x");
        assert!(outcome_unknown(&ApiError::new(ErrorKind::Network, 0, "x")));
        assert!(outcome_unknown(&ApiError::new(ErrorKind::Timeout, 0, "x")));
        assert!(outcome_unknown(&ApiError::new(
            ErrorKind::Malformed,
            200,
            "x"
        )));
        assert!(outcome_unknown(&api(502)));
        assert!(!outcome_unknown(&api(400)));
        assert!(!outcome_unknown(&api(409)));
        assert!(!outcome_unknown(&ApiError::new(ErrorKind::Offline, 0, "x")));
    }
}
