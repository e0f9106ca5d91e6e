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

impl PageChunk {
    pub const POOL_DETAIL: PageChunk = PageChunk {
        preload: || Box::pin(preload_pool_detail()),
        build: || Box::pin(pool_detail()),
    };
    pub const POOL_WIZARD: PageChunk = PageChunk {
        preload: || Box::pin(preload_pool_wizard()),
        build: || Box::pin(pool_wizard()),
    };
    pub const POOL_HISTORY: PageChunk = PageChunk {
        preload: || Box::pin(preload_pool_history()),
        build: || Box::pin(pool_history()),
    };
    pub const JOBS: PageChunk = PageChunk {
        preload: || Box::pin(preload_jobs()),
        build: || Box::pin(jobs()),
    };
    pub const JOB_NEW: PageChunk = PageChunk {
        preload: || Box::pin(preload_job_new()),
        build: || Box::pin(job_new()),
    };
    pub const LOAD_BALANCERS: PageChunk = PageChunk {
        preload: || Box::pin(preload_load_balancers()),
        build: || Box::pin(load_balancers()),
    };
    pub const POOL_DELETE: PageChunk = PageChunk {
        preload: || Box::pin(preload_pool_delete()),
        build: || Box::pin(pool_delete()),
    };
    pub const POOLS_BULK: PageChunk = PageChunk {
        preload: || Box::pin(preload_pools_bulk()),
        build: || Box::pin(pools_bulk()),
    };
    pub const MONITORS: PageChunk = PageChunk {
        preload: || Box::pin(preload_monitors()),
        build: || Box::pin(monitors()),
    };
    pub const MONITOR_EDIT: PageChunk = PageChunk {
        preload: || Box::pin(preload_monitor_edit()),
        build: || Box::pin(monitor_edit()),
    };
    pub const MONITOR_GROUP_EDIT: PageChunk = PageChunk {
        preload: || Box::pin(preload_monitor_group_edit()),
        build: || Box::pin(monitor_group_edit()),
    };
    pub const ALERTS: PageChunk = PageChunk {
        preload: || Box::pin(preload_alerts()),
        build: || Box::pin(alerts()),
    };
    pub const ALERT_EDIT: PageChunk = PageChunk {
        preload: || Box::pin(preload_alert_edit()),
        build: || Box::pin(alert_edit()),
    };
    pub const SETTINGS: PageChunk = PageChunk {
        preload: || Box::pin(preload_settings()),
        build: || Box::pin(settings()),
    };
}

#[wasm_split(pool_detail, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_pool_detail))]
pub fn pool_detail() -> Result<AnyView, ChunkError> {
    Ok(view! { <PoolDetailPage /> }.into_any())
}

#[wasm_split(pool_wizard, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_pool_wizard))]
pub fn pool_wizard() -> Result<AnyView, ChunkError> {
    Ok(view! { <PoolWizardPage /> }.into_any())
}

#[wasm_split(pool_history, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_pool_history))]
pub fn pool_history() -> Result<AnyView, ChunkError> {
    Ok(view! { <PoolHistoryPage /> }.into_any())
}

#[wasm_split(jobs, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_jobs))]
pub fn jobs() -> Result<AnyView, ChunkError> {
    Ok(view! { <JobsPage /> }.into_any())
}

#[wasm_split(jobs, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_job_new))]
pub fn job_new() -> Result<AnyView, ChunkError> {
    Ok(view! { <JobNewPage /> }.into_any())
}

#[wasm_split(load_balancers, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_load_balancers))]
pub fn load_balancers() -> Result<AnyView, ChunkError> {
    Ok(view! { <LoadBalancersPage /> }.into_any())
}

#[wasm_split(load_balancers, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_pool_delete))]
pub fn pool_delete() -> Result<AnyView, ChunkError> {
    Ok(view! { <PoolDeletePage /> }.into_any())
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

#[wasm_split(pools_bulk, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_pools_bulk))]
pub fn pools_bulk() -> Result<AnyView, ChunkError> {
    Ok(view! { <PoolsBulkPage /> }.into_any())
}

#[wasm_split(monitors, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_monitors))]
pub fn monitors() -> Result<AnyView, ChunkError> {
    Ok(view! { <MonitorsPage /> }.into_any())
}

#[wasm_split(monitors, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_monitor_edit))]
pub fn monitor_edit() -> Result<AnyView, ChunkError> {
    Ok(view! { <MonitorEditPage /> }.into_any())
}

#[wasm_split(monitors, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_monitor_group_edit))]
pub fn monitor_group_edit() -> Result<AnyView, ChunkError> {
    Ok(view! { <MonitorGroupEditPage /> }.into_any())
}

#[wasm_split(alerts, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_alerts))]
pub fn alerts() -> Result<AnyView, ChunkError> {
    Ok(view! { <AlertsPage /> }.into_any())
}

#[wasm_split(alerts, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_alert_edit))]
pub fn alert_edit() -> Result<AnyView, ChunkError> {
    Ok(view! { <AlertEditPage /> }.into_any())
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_settings))]
pub fn settings() -> Result<AnyView, ChunkError> {
    Ok(view! { <SettingsPage /> }.into_any())
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
