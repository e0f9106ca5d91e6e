//! The root component: meta context, runtime configuration, router and the
//! app shell.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::app_shell::AppShell;
use crate::components::chunk::Chunk;
use crate::components::toasts::Toasts;
use crate::context::{ApiSlot, Base};
use crate::pages::chunks;
use crate::pages::{NotFoundPage, PanicTestPage, PoolsPage};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Toasts::provide();
    crate::pages::pools::selection::Selection::provide();
    let base = crate::router_base::current();
    provide_context(Base(base.clone()));
    // Behind pooldeck-server the page carries the configuration, and the
    // routes render in the first pass; a static host's config.json is
    // fetched first ("Connecting…").
    let api: ApiSlot = RwSignal::new(crate::api::config_from_page().map(crate::api::Api::new));
    provide_context(api);
    leptos::task::spawn_local(async move {
        if api.with_untracked(Option::is_none) {
            api.set(Some(crate::api::Api::new(crate::api::load_config().await)));
        }
        chunks::prefetch_all().await;
    });
    view! {
        // Every page sets its own title; this adds the product name.
        <Title formatter={|page: String| {
            if page.is_empty() { "Pooldeck".to_owned() } else { format!("{page} · Pooldeck") }
        }} />
        <Router base={base}>
            <AppShell>
                <Show
                    when={move || api.with(Option::is_some)}
                    fallback={|| {
                        view! {
                            <p class="pd-skeleton" data-testid="config-loading">
                                "Connecting…"
                            </p>
                        }
                    }}
                >
                    <Routes fallback={NotFoundPage}>
                        <Route path={path!("")} view={PoolsPage} />
                        <Route path={path!("pools")} view={PoolsPage} />
                        <Route
                            path={path!("pools/new")}
                            view={|| view! { <Chunk load={chunks::pool_wizard} /> }}
                        />
                        <Route
                            path={path!("pools/bulk")}
                            view={|| view! { <Chunk load={chunks::pools_bulk} /> }}
                        />
                        <Route
                            path={path!("pools/:id/edit")}
                            view={|| view! { <Chunk load={chunks::pool_wizard} /> }}
                        />
                        <Route
                            path={path!("pools/:id/delete")}
                            view={|| view! { <Chunk load={chunks::pool_delete} /> }}
                        />
                        <Route
                            path={path!("pools/:id/jobs/new")}
                            view={|| view! { <Chunk load={chunks::job_new} /> }}
                        />
                        <Route
                            path={path!("jobs")}
                            view={|| view! { <Chunk load={chunks::jobs} /> }}
                        />
                        <Route
                            path={path!("pools/:id/history")}
                            view={|| view! { <Chunk load={chunks::pool_history} /> }}
                        />
                        <Route
                            path={path!("pools/:id")}
                            view={|| view! { <Chunk load={chunks::pool_detail} /> }}
                        />
                        <Route
                            path={path!("load-balancers")}
                            view={|| view! { <Chunk load={chunks::load_balancers} /> }}
                        />
                        <Route
                            path={path!("monitors")}
                            view={|| view! { <Chunk load={chunks::monitors} /> }}
                        />
                        <Route
                            path={path!("monitors/new")}
                            view={|| view! { <Chunk load={chunks::monitor_edit} /> }}
                        />
                        <Route
                            path={path!("monitors/groups/new")}
                            view={|| view! { <Chunk load={chunks::monitor_group_edit} /> }}
                        />
                        <Route
                            path={path!("monitors/groups/:id")}
                            view={|| view! { <Chunk load={chunks::monitor_group_edit} /> }}
                        />
                        <Route
                            path={path!("monitors/:id")}
                            view={|| view! { <Chunk load={chunks::monitor_edit} /> }}
                        />
                        <Route
                            path={path!("alerts")}
                            view={|| view! { <Chunk load={chunks::alerts} /> }}
                        />
                        <Route
                            path={path!("alerts/new")}
                            view={|| view! { <Chunk load={chunks::alert_edit} /> }}
                        />
                        <Route
                            path={path!("alerts/:id")}
                            view={|| view! { <Chunk load={chunks::alert_edit} /> }}
                        />
                        <Route
                            path={path!("settings")}
                            view={|| view! { <Chunk load={chunks::settings} /> }}
                        />
                        // Panics only when a test armed it (panic_panel.rs).
                        <Route path={path!("__panic")} view={PanicTestPage} />
                    </Routes>
                </Show>
            </AppShell>
        </Router>
    }
}
