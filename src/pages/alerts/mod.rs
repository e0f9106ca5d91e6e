//! The Alerts page: the account's load-balancing notification policies,
//! each with a readable summary and how often it would have fired over the
//! last 24 hours of health events, so a noisy filter shows before anyone
//! relies on it. Edit, enable/disable and delete; create either kind.

pub mod draft;
mod edit;
mod fired;
mod for_pool;
pub mod summary;

use std::collections::BTreeMap;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::Policy;

pub use draft::split_list;
pub use edit::AlertEditPage;
use fired::{fired_text, since_24h};
pub use for_pool::AlertsForPool;
use summary::summarize;

use crate::api::{Api, ApiError};
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::hooks::use_page_tasks;
use crate::routes::{NewAlert, Route};

/// How often the "would have fired" counts refresh while visible.
const REFRESH_MS: u64 = 15_000;

/// The policies and pool names, loaded together.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    policies: Vec<Policy>,
    names: BTreeMap<String, String>,
}

async fn load(api: Api) -> Result<Loaded, ApiError> {
    let (policies, pools) = futures::join!(api.list_policies(), api.list_pools());
    let mut policies: Vec<Policy> = policies?
        .into_iter()
        .filter(|p| p.alert_type.is_load_balancing())
        .collect();
    policies.sort_by_key(|p| p.name.to_lowercase());
    let names = pools
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| Some((p.id?, p.name)))
        .collect();
    Ok(Loaded { policies, names })
}

/// Flips `enabled`: there is no PATCH, so the whole policy is sent back.
async fn set_enabled(api: &Api, mut p: Policy, on: bool) -> Result<(), ApiError> {
    let id = p.id.clone().unwrap_or_default();
    p.enabled = on;
    api.replace_policy(&id, &p).await.map(|_| ())
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let data = {
        let api = api.clone();
        LocalResource::new(move || load(api.clone()))
    };
    // The events are only for the preview: failing to read them leaves the
    // counts unknown, not the page broken.
    let events = {
        let api = api.clone();
        LocalResource::new(move || {
            let api = api.clone();
            async move { api.health_events(&since_24h()).await.ok() }
        })
    };
    let interval = set_interval_with_handle(
        move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                events.refetch();
            }
        },
        std::time::Duration::from_millis(REFRESH_MS),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = interval {
            h.clear();
        }
    });
    let events_now = Signal::derive(move || events.get().flatten());
    let deleting = RwSignal::new(None::<Policy>);

    // Bound to the page, not to the table it is clicked in: the table is
    // rebuilt by the refetch that follows any change.
    let tasks = use_page_tasks();
    let toggle = {
        let api = api.clone();
        move |p: Policy| {
            let api = api.clone();
            let on = !p.enabled;
            let name = p.name.clone();
            tasks.spawn(async move {
                match set_enabled(&api, p, on).await {
                    Ok(()) => {
                        toasts.success(format!(
                            "Alert {name} {}",
                            if on { "enabled" } else { "disabled" }
                        ));
                        data.refetch();
                    }
                    Err(e) => {
                        toasts.error(format!("Could not change alert {name}: {}", e.summary()))
                    }
                }
            });
        }
    };

    view! {
        <Title text="Alerts" />
        <div class="pd-page-head">
            <h1 data-testid="page-title">"Alerts"</h1>
            <div class="pd-actions">
                <a
                    href={Route::AlertNew {
                        kind: NewAlert::Health,
                        pool: None,
                    }
                        .href()}
                    class="pd-button pd-primary"
                    data-testid="alert-new-health"
                >
                    "Create health alert"
                </a>
                <a
                    href={Route::AlertNew {
                        kind: NewAlert::Enablement,
                        pool: None,
                    }
                        .href()}
                    class="pd-button"
                    data-testid="alert-new-enablement"
                >
                    "Create pool enablement alert"
                </a>
            </div>
        </div>
        <p class="pd-muted">
            "Notification policies for load balancing: a Load Balancing Health Alert when pools or endpoints change health, a Pool Enablement alert when a pool is enabled or disabled. The last column replays the last 24 hours of health events through each filter."
        </p>
        <p class="pd-muted" aria-live="polite">
            <button
                type="button"
                class="pd-button"
                data-testid="alerts-refresh"
                on:click={move |_| {
                    data.refetch();
                    events.refetch();
                }}
            >
                "Refresh"
            </button>
        </p>
        {move || match data.get() {
            None => {
                view! {
                    <p class="pd-skeleton" data-testid="alerts-loading">
                        "Loading alerts…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
            }
            Some(Ok(l)) if l.policies.is_empty() => {
                view! {
                    <div class="pd-empty" data-testid="alerts-empty">
                        <p>
                            "No load-balancing alerts yet. Without one, nobody hears when a pool goes down."
                        </p>
                        <a
                            href={Route::AlertNew {
                                kind: NewAlert::Health,
                                pool: None,
                            }
                                .href()}
                            class="pd-button pd-primary"
                        >
                            "Create the first health alert"
                        </a>
                    </div>
                }
                    .into_any()
            }
            Some(Ok(l)) => {
                let toggle = toggle.clone();
                view! {
                    <table class="pd-table" data-testid="alerts-table">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Kind"</th>
                                <th scope="col">"Sends when"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Last 24 hours"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {l
                                .policies
                                .into_iter()
                                .map(|p| {
                                    let id = p.id.clone().unwrap_or_default();
                                    let name = p.name.clone();
                                    let link_text = name.clone();
                                    let text = summarize(&p, &l.names);
                                    let enabled = p.enabled;
                                    let (tp, dp, fp) = (p.clone(), p.clone(), p.clone());
                                    let toggle = toggle.clone();
                                    view! {
                                        <tr data-testid="alert-row" data-policy-id={id.clone()}>
                                            <td>
                                                <a
                                                    href={Route::Alert(id.clone()).href()}
                                                    data-testid="alert-link"
                                                >
                                                    {link_text}
                                                </a>
                                            </td>
                                            <td>{p.alert_type.label().to_owned()}</td>
                                            <td data-testid="alert-summary">{text}</td>
                                            <td>{if enabled { "Enabled" } else { "Disabled" }}</td>
                                            <td data-testid="alert-fired">
                                                {move || fired_text(&fp, events_now.get().as_deref())}
                                            </td>
                                            <td>
                                                <div class="pd-actions">
                                                    <a
                                                        href={Route::Alert(id.clone()).href()}
                                                        class="pd-button"
                                                        data-testid="alert-edit"
                                                        aria-label={format!("Edit alert {name}")}
                                                    >
                                                        "Edit"
                                                    </a>
                                                    <button
                                                        type="button"
                                                        class="pd-button"
                                                        data-testid="alert-toggle"
                                                        aria-label={format!(
                                                            "{} alert {name}",
                                                            if enabled { "Disable" } else { "Enable" },
                                                        )}
                                                        on:click={move |_| toggle(tp.clone())}
                                                    >
                                                        {if enabled { "Disable" } else { "Enable" }}
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="pd-button pd-danger"
                                                        data-testid="alert-delete"
                                                        aria-label={format!("Delete alert {name}")}
                                                        on:click={move |_| deleting.set(Some(dp.clone()))}
                                                    >
                                                        "Delete"
                                                    </button>
                                                </div>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }
        }}
        {move || {
            deleting
                .get()
                .map(|p| {
                    view! {
                        <DeleteAlertDialog
                            policy={p}
                            on_close={move |_| deleting.set(None)}
                            on_deleted={move |name: String| {
                                deleting.set(None);
                                toasts.success(format!("Alert {name} deleted"));
                                data.refetch();
                            }}
                        />
                    }
                })
        }}
    }
}

/// Asks before deleting a policy; reports a failure in place.
#[component]
fn DeleteAlertDialog(
    policy: Policy,
    #[prop(into)] on_close: Callback<()>,
    /// Receives the deleted policy's name.
    #[prop(into)]
    on_deleted: Callback<String>,
) -> impl IntoView {
    let api = use_api();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let name = policy.name.clone();
    let delete = {
        let name = name.clone();
        move |_| {
            let (api, id, name) = (
                api.clone(),
                policy.id.clone().unwrap_or_default(),
                name.clone(),
            );
            busy.set(true);
            // A delete must finish even if the dialog is closed meanwhile,
            // so it is not bound to the dialog; after the answer it only
            // `try_`-touches what the dialog owns.
            leptos::task::spawn_local(async move {
                match api.delete_policy(&id).await {
                    Ok(_) => {
                        on_deleted.try_run(name);
                    }
                    Err(e) => {
                        let _ = busy.try_set(false);
                        let _ = error.try_set(Some(e.summary()));
                    }
                }
            });
        }
    };
    view! {
        <Dialog title={format!("Delete alert {name}")} on_close={on_close} test_id="delete-dialog">
            <p>"Nobody will be notified by this alert any more. Deleting it cannot be undone."</p>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="pd-field-error" role="alert" data-testid="delete-error">
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="pd-dialog-actions">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="delete-cancel"
                    on:click={move |_| on_close.run(())}
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="pd-button pd-danger"
                    data-testid="delete-confirm"
                    disabled={move || busy.get()}
                    on:click={delete}
                >
                    {move || if busy.get() { "Deleting…" } else { "Delete" }}
                </button>
            </div>
        </Dialog>
    }
}
