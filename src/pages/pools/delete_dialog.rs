//! Safe delete: a pool a load balancer uses cannot be deleted (1005), so
//! the dialog says which ones before anyone tries, and offers the page
//! that removes the pool from them first (`pages/pool_delete`); an unused
//! pool is deleted only after its name is typed. Nothing leaves the
//! list until the server has confirmed.
//!
//! The dialog's frame is in the first load and opens at once; what it
//! holds is a chunk (`pages/chunks.rs`), fetched the first time a delete
//! is asked for if the idle prefetch has not brought it yet.

use leptos::prelude::*;
use pooldeck_model::ResourceType;

use crate::api::ApiError;
use crate::components::chunk::{ChunkContent, ChunkLoad};
use crate::components::dialog::Dialog;
use crate::context::use_api;
use crate::pages::chunks;
use crate::routes::Route;

/// The dialog for deleting the pool `id` named `name`.
#[component]
pub fn DeletePoolDialog(
    id: String,
    name: String,
    /// Called after the server confirmed the delete.
    #[prop(into)]
    on_deleted: Callback<()>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let title = format!("Delete pool {name}");
    let content = Box::new(move || -> ChunkLoad {
        Box::pin(chunks::delete_pool_body(
            id.clone(),
            name.clone(),
            on_deleted,
            on_close,
        ))
    });
    view! {
        <Dialog title={title} on_close={on_close} test_id="delete-dialog">
            <ChunkContent
                what="dialog"
                preload={|| Box::pin(chunks::preload_delete_pool_body())}
                content={content}
            />
        </Dialog>
    }
}

/// What the delete dialog holds: who uses the pool, the typed
/// confirmation and the buttons.
#[component]
pub fn DeletePoolBody(
    id: String,
    name: String,
    /// Called after the server confirmed the delete.
    #[prop(into)]
    on_deleted: Callback<()>,
    /// Called by Cancel.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let refs = {
        let (api, id) = (api.clone(), id.clone());
        LocalResource::new(move || {
            let (api, id) = (api.clone(), id.clone());
            async move { api.pool_references(&id).await }
        })
    };
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let users = move || {
        refs.get().and_then(Result::ok).map(|r| {
            r.into_iter()
                .filter(|r| r.is_referrer(ResourceType::LoadBalancer))
                .map(|r| r.resource_name)
                .collect::<Vec<_>>()
        })
    };
    // The field is disabled while the references load; once it can be
    // used, that is where focus belongs.
    let field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if users().is_some_and(|u| u.is_empty()) {
            if let Some(input) = field.get() {
                let _ = input.focus();
            }
        }
    });
    let name_for_check = name.clone();
    let can_delete = move || {
        users().is_some_and(|u| u.is_empty()) && typed.get() == name_for_check && !busy.get()
    };
    let delete = {
        let (api, id) = (api.clone(), id.clone());
        move |_| {
            let (api, id) = (api.clone(), id.clone());
            busy.set(true);
            error.set(None);
            // A delete must finish even if the dialog is closed meanwhile,
            // so it is not bound to the dialog; after the answer it only
            // `try_`-touches what the dialog owns.
            leptos::task::spawn_local(async move {
                match api.delete_pool(&id).await {
                    Ok(_) => {
                        on_deleted.try_run(());
                    }
                    Err(e) => {
                        let _ = error.try_set(Some(e));
                    }
                }
                let _ = busy.try_set(false);
            });
        }
    };
    let detach_href = Route::PoolDetachDelete(id.clone()).href();
    let label = format!("Type {name} to confirm");
    view! {
        {move || match (refs.get(), users()) {
            (None, _) => {
                view! { <p class="pd-muted">"Checking which load balancers use this pool…"</p> }
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
                            "This pool is used by these load balancers, and Cloudflare refuses to delete a pool in use (error 1005):"
                        </p>
                        <ul>
                            {u
                                .into_iter()
                                .map(|n| view! { <li data-testid="delete-referrer">{n}</li> })
                                .collect_view()}
                        </ul>
                        <a
                            href={detach_href.clone()}
                            class="pd-button pd-danger"
                            data-testid="delete-detach"
                        >
                            "Remove from these load balancers, then delete…"
                        </a>
                    </div>
                }
                    .into_any()
            }
            _ => {
                view! { <p>"No load balancer uses this pool. Deleting it cannot be undone."</p> }
                    .into_any()
            }
        }}
        <label for="delete-confirm-name">{label}</label>
        <input
            id="delete-confirm-name"
            node_ref={field}
            type="text"
            autocomplete="off"
            data-testid="delete-confirm-input"
            disabled={move || users().is_none_or(|u| !u.is_empty())}
            prop:value={move || typed.get()}
            on:input={move |ev| typed.set(event_target_value(&ev))}
        />
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
                disabled={move || !can_delete()}
                on:click={delete}
            >
                {move || if busy.get() { "Deleting…" } else { "Delete" }}
            </button>
        </div>
    }
}
