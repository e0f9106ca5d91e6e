//! `/pools/ID/history`: the pool's versions, newest first, as
//! pooldeck-server recorded them: who, when, and what each write changed,
//! field by field. "Restore this version" opens the wizard on the review
//! step with that version as the draft, so a restore is checked, diffed
//! and conflict-checked exactly as an edit is, and sends the same PATCH or
//! PUT ([`Route::PoolRestore`]).
//!
//! History lives in pooldeck-server, not in Cloudflare's API: a console on
//! a static host talking to the API directly has none, and says so.

mod version;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::{HistoryEntry, Pool};

use crate::api::{Api, ApiError, HISTORY_PAGE};
use crate::components::error_panel::ErrorPanel;
use crate::context::use_api;
use crate::routes::Route;
use version::Version;

/// The page's data: the pool as it is now, and the first page of versions.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    pool: Pool,
    entries: Vec<HistoryEntry>,
}

async fn load(api: Api, id: String) -> Result<Loaded, ApiError> {
    let (pool, entries) = futures::join!(api.get_pool(&id), api.pool_history(&id, None));
    Ok(Loaded {
        pool: pool?,
        entries: entries?,
    })
}

/// True when the answer says this server keeps no history (a 404 from a
/// server that is not pooldeck-server).
fn no_history_here(e: &ApiError) -> bool {
    e.status == 404
}

#[component]
pub fn PoolHistoryPage() -> impl IntoView {
    let api = use_api();
    // The route is read once: another pool's address builds a new page.
    let id = StoredValue::new(crate::router::route_id().unwrap_or_default());
    let id = move || id.get_value();
    let direct = api.config.mode == "direct";
    let data = LocalResource::new({
        let api = api.clone();
        move || load(api.clone(), id())
    });
    view! {
        <Title text="Pool history" />
        {move || {
            if direct {
                return view! { <NoHistory id={id()} /> }.into_any();
            }
            match data.get() {
                None => {
                    view! {
                        <h1 data-testid="page-title">"History"</h1>
                        <p class="pd-skeleton" data-testid="history-loading">
                            "Reading this pool's history…"
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) if no_history_here(&e) => view! { <NoHistory id={id()} /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <h1 data-testid="page-title">"History"</h1>
                        <ErrorPanel error={e} on_retry={move |_| data.refetch()} />
                    }
                        .into_any()
                }
                Some(Ok(loaded)) => view! { <History loaded={loaded} /> }.into_any(),
            }
        }}
    }
}

/// Shown where there is no pooldeck-server to keep history.
#[component]
fn NoHistory(id: String) -> impl IntoView {
    view! {
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <a href={Route::Pools.href()}>"Pools"</a>
            " / "
            <a href={Route::Pool(id).href()}>"Pool"</a>
        </nav>
        <h1 data-testid="page-title">"History"</h1>
        <p class="pd-empty" data-testid="history-unavailable">
            "This console talks to the API directly, so there is no history to show. pooldeck-server records every write it makes or forwards; serve the console with it to keep one."
        </p>
    }
}

#[component]
fn History(loaded: Loaded) -> impl IntoView {
    let api = use_api();
    let Loaded { pool, entries } = loaded;
    let id = pool.id.clone().unwrap_or_default();
    let name = pool.name.clone();
    let more = RwSignal::new(entries.len() >= HISTORY_PAGE);
    let entries = RwSignal::new(entries);
    let loading_more = RwSignal::new(false);
    let more_error = RwSignal::new(None::<ApiError>);
    let current = StoredValue::new(pool);
    let load_older = Callback::new({
        let id = id.clone();
        move |()| {
            let before = entries.with_untracked(|e| e.last().map(|e| e.seq));
            let (api, id) = (api.clone(), id.clone());
            loading_more.set(true);
            more_error.set(None);
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match api.pool_history(&id, before).await {
                    Ok(older) => {
                        more.set(older.len() >= HISTORY_PAGE);
                        entries.update(|e| e.extend(older));
                    }
                    Err(e) => more_error.set(Some(e)),
                }
                loading_more.set(false);
            });
        }
    });
    let title = format!("History of pool {name}");
    let h1 = format!("History of {name}");
    view! {
        <Title text={title} />
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <a href={Route::Pools.href()}>"Pools"</a>
            " / "
            <a href={Route::Pool(id.clone()).href()}>{name}</a>
            " / History"
        </nav>
        <h1 data-testid="page-title">{h1}</h1>
        <p class="pd-hint">
            "Every change pooldeck-server made or forwarded, newest first. Restoring a version opens it in the editor to review before anything is sent."
        </p>
        {move || {
            entries
                .with(Vec::is_empty)
                .then(|| {
                    view! {
                        <p class="pd-empty" data-testid="history-empty">
                            "No changes to this pool are recorded yet. Changes made from now on through pooldeck-server will appear here."
                        </p>
                    }
                })
        }}
        <ol class="pd-history" aria-label="Versions" data-testid="history-list">
            <For
                each={move || entries.get()}
                key={|e| e.seq}
                children={move |entry| {
                    let is_current = current.with_value(|p| entry.matches(p));
                    view! { <Version entry={entry} pool_id={id.clone()} current={is_current} /> }
                }}
            />
        </ol>
        {move || {
            more_error.get().map(|e| view! { <ErrorPanel error={e} on_retry={load_older} /> })
        }}
        <Show when={move || more.get()}>
            <button
                type="button"
                class="pd-button"
                disabled={move || loading_more.get()}
                on:click={move |_| load_older.run(())}
            >
                {move || if loading_more.get() { "Loading…" } else { "Show older versions" }}
            </button>
        </Show>
    }
}
