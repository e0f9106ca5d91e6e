//! The split points: every page but the pools list is code the first load
//! does not carry. Each is fetched the first time it is opened, and all
//! are fetched into the HTTP cache once the console is idle
//! ([`crate::pages::prefetch`]), so a later click rarely waits.
//!
//! `#[wasm_split]` turns each function below into an `async fn` that
//! fetches its chunk, then calls into it; functions with one module name
//! share a chunk. `cargo xtask split` (Trunk's post-build hook) cuts the
//! linked wasm along these functions; code that two chunks share goes into
//! a chunk of its own. `fallible` makes a failed fetch an `Err` the page
//! shows with a Retry button (`components/chunk`), instead of a panic that
//! would abort the console. Off wasm (unit tests) they are plain calls.
//!
//! Areas: the pools list's dialogs (delete, shortcuts), the pool page, the pool wizard, a pool's history, jobs, load balancers (list, detach and
//! delete, the disable confirmation's simulator), bulk changes, monitors (list, monitor, group), alerts (list, alert) and
//! settings.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use crate::components::chunk::{ChunkError, ChunkLoad, ChunkPreload};
use crate::pages::pools::{DeletePoolBody, ShortcutsBody};
use crate::pages::{
    AlertEditPage, AlertsPage, JobNewPage, JobsPage, LoadBalancersPage, MonitorEditPage,
    MonitorGroupEditPage, MonitorsPage, PoolDeletePage, PoolDetailPage, PoolHistoryPage,
    PoolWizardPage, PoolsBulkPage, SettingsPage,
};

/// A page that is a chunk: its split point, and that split point's own
/// preload, which fetches the chunk without building the page
/// (`components/chunk`).
#[derive(Clone, Copy)]
pub struct PageChunk {
    pub preload: fn() -> ChunkPreload,
    pub build: fn() -> ChunkLoad,
}

/// Declares the pages that are chunks. For each, `$name()` is the split
/// point (in area `$area`) that builds `$page` inside its chunk,
/// `$preload()` only fetches that chunk, and `PageChunk::$konst` holds
/// both, boxed, for `ChunkContent`.
macro_rules! page_chunks {
    ($($konst:ident: $area:ident, $name:ident, $preload:ident => $page:ident;)*) => {
        impl PageChunk {
            $(pub const $konst: PageChunk = PageChunk {
                preload: || Box::pin($preload()),
                build: || Box::pin($name()),
            };)*
        }
        $(
            #[wasm_split($area, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
            pub fn $name() -> Result<AnyView, ChunkError> {
                Ok(view! { <$page /> }.into_any())
            }
        )*
    };
}

page_chunks! {
    POOL_DETAIL: pool_detail, pool_detail, preload_pool_detail => PoolDetailPage;
    POOL_WIZARD: pool_wizard, pool_wizard, preload_pool_wizard => PoolWizardPage;
    POOL_HISTORY: pool_history, pool_history, preload_pool_history => PoolHistoryPage;
    JOBS: jobs, jobs, preload_jobs => JobsPage;
    JOB_NEW: jobs, job_new, preload_job_new => JobNewPage;
    LOAD_BALANCERS: load_balancers, load_balancers, preload_load_balancers => LoadBalancersPage;
    POOL_DELETE: load_balancers, pool_delete, preload_pool_delete => PoolDeletePage;
    POOLS_BULK: pools_bulk, pools_bulk, preload_pools_bulk => PoolsBulkPage;
    MONITORS: monitors, monitors, preload_monitors => MonitorsPage;
    MONITOR_EDIT: monitors, monitor_edit, preload_monitor_edit => MonitorEditPage;
    MONITOR_GROUP_EDIT: monitors, monitor_group_edit, preload_monitor_group_edit => MonitorGroupEditPage;
    ALERTS: alerts, alerts, preload_alerts => AlertsPage;
    ALERT_EDIT: alerts, alert_edit, preload_alert_edit => AlertEditPage;
    SETTINGS: settings, settings, preload_settings => SettingsPage;
}

/// What disabling the pool `pool_id` does to each load balancer its
/// references `refs` name, one sentence each, or `None` when they cannot be read. All of it
/// (reading zones and load balancers, the simulator) is chunk code, kept
/// out of the first load; the future is boxed because a split function
/// cannot be `async` itself.
#[wasm_split(load_balancers, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn disable_impact(
    api: crate::api::Api,
    pool_id: String,
    refs: Vec<pooldeck_model::Reference>,
) -> Result<futures::future::LocalBoxFuture<'static, Option<Vec<String>>>, ChunkError> {
    Ok(Box::pin(async move {
        let (users, pools) = futures::join!(api.referenced_load_balancers(&refs), api.list_pools());
        let (users, pools) = (users.ok()?, pools.ok()?);
        Some(
            users
                .iter()
                .map(|u| {
                    pooldeck_model::failover::moves(&u.lb, &pools, &pool_id).unwrap_or_else(|| {
                        format!(
                            "{} keeps its traffic where it is: this pool is not serving it now.",
                            u.lb.name
                        )
                    })
                })
                .collect(),
        )
    }))
}

/// Enables or disables a pool ([`crate::pages::pools::toggle_pool`]): the
/// list's and the pool page's toggle, and the question asked before a
/// pool in use is disabled.
#[wasm_split(pool_dialogs, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn toggle_pool(
    api: crate::api::Api,
    toasts: crate::components::toasts::Toasts,
    id: String,
    name: String,
    enable: bool,
) -> Result<futures::future::LocalBoxFuture<'static, bool>, ChunkError> {
    Ok(Box::pin(async move {
        crate::pages::pools::toggle_pool(&api, toasts, &id, &name, enable).await
    }))
}

/// The delete dialog's content (`pages/pools/delete_dialog.rs`): the list
/// and the pool page open its frame, this fills it. The dialogs build
/// their content only once their own preload has fetched the chunk
/// (`components/chunk/content.rs`), so each has a named preload.
#[wasm_split(pool_dialogs, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_delete_pool_body))]
pub fn delete_pool_body(
    id: String,
    name: String,
    on_deleted: Callback<()>,
    on_close: Callback<()>,
) -> Result<AnyView, ChunkError> {
    Ok(view! { <DeletePoolBody id={id} name={name} on_deleted={on_deleted} on_close={on_close} /> }
        .into_any())
}

/// The keyboard shortcuts dialog's content (`pages/pools/shortcuts.rs`).
#[wasm_split(pool_dialogs, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_shortcuts_body))]
pub fn shortcuts_body(on_close: Callback<()>) -> Result<AnyView, ChunkError> {
    Ok(view! { <ShortcutsBody on_close={on_close} /> }.into_any())
}
