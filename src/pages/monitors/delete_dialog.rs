//! Deleting a monitor or a monitor group. Cloudflare refuses (1005) while
//! a pool uses it, so the dialog asks the references first and names those
//! pools instead of offering a delete that would fail; otherwise it asks
//! for confirmation. Nothing leaves the list until the server confirmed.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::context::use_api;
use crate::routes::Route;

/// What is being deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deletable {
    Monitor,
    Group,
}

impl Deletable {
    fn noun(self) -> &'static str {
        match self {
            Deletable::Monitor => "monitor",
            Deletable::Group => "monitor group",
        }
    }
}

/// The dialog for deleting the monitor (or group) `id`, shown as `name`.
#[component]
pub fn DeleteMonitorDialog(
    what: Deletable,
    id: String,
    name: String,
    /// Called after the server confirmed the delete.
    #[prop(into)]
    on_deleted: Callback<()>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let refs = {
        let (api, id) = (api.clone(), id.clone());
        LocalResource::new(move || {
            let (api, id) = (api.clone(), id.clone());
            async move {
                match what {
                    Deletable::Monitor => api.monitor_references(&id).await,
                    Deletable::Group => api.monitor_group_references(&id).await,
                }
            }
        })
    };
    // (pool ID, pool name) of each pool that uses it.
    let users = move || refs.get().and_then(super::pools_of);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let delete = move |_| {
        let (api, id) = (api.clone(), id.clone());
        busy.set(true);
        error.set(None);
        // A delete must finish even if the dialog is closed meanwhile, so
        // it is not bound to the dialog; after the answer it only
        // `try_`-touches what the dialog owns.
        leptos::task::spawn_local(async move {
            let done = match what {
                Deletable::Monitor => api.delete_monitor(&id).await,
                Deletable::Group => api.delete_monitor_group(&id).await,
            };
            let _ = busy.try_set(false);
            match done {
                Ok(_) => {
                    on_deleted.try_run(());
                }
                Err(e) => {
                    // In use after all (a pool took it meanwhile): show who.
                    if e.codes().any(|c| c == 1005) {
                        refs.refetch();
                    }
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let noun = what.noun();
    let title = format!("Delete {noun} {name}");
    view! {
        <Dialog title={title} on_close={on_close} test_id="delete-dialog">
            {move || match (refs.get(), users()) {
                (None, _) => {
                    view! {
                        <p class="pd-muted">{format!("Checking which pools use this {noun}…")}</p>
                    }
                        .into_any()
                }
                (Some(Err(e)), _) => {
                    view! {
                        <p class="pd-field-error" role="alert">
                            {e.summary()}
                        </p>
                    }
                        .into_any()
                }
                (_, Some(u)) if !u.is_empty() => {
                    view! {
                        <div data-testid="delete-blocked">
                            <p>
                                {format!(
                                    "This {noun} is used by these pools. Choose another health check for them first (Cloudflare refuses with error 1005 otherwise):",
                                )}
                            </p>
                            <ul>
                                {u
                                    .into_iter()
                                    .map(|(pid, pname)| {
                                        view! {
                                            <li data-testid="delete-referrer">
                                                <a href={Route::PoolEdit(pid).href()}>{pname}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                        .into_any()
                }
                _ => {
                    view! {
                        <p data-testid="delete-free">
                            {format!("No pool uses this {noun}. Deleting it cannot be undone.")}
                        </p>
                    }
                        .into_any()
                }
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="pd-field-error" role="alert" data-testid="delete-error">
                                {e.summary()}
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
                    disabled={move || busy.get() || users().is_none_or(|u| !u.is_empty())}
                    on:click={delete}
                >
                    {move || if busy.get() { "Deleting…" } else { "Delete" }}
                </button>
            </div>
        </Dialog>
    }
}
