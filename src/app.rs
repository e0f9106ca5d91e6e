//! The root component: meta context, runtime configuration, router and the
//! app shell.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::app_shell::AppShell;
use crate::components::toasts::Toasts;
use crate::context::{ApiSlot, Base};
use crate::pages::{
    AlertEditPage, AlertsPage, MonitorEditPage, MonitorGroupEditPage, MonitorsPage, NotFoundPage,
    PanicTestPage, PoolDetailPage, PoolWizardPage, PoolsPage, SettingsPage,
};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Toasts::provide();
    let base = crate::router_base::current();
    provide_context(Base(base.clone()));
    let api: ApiSlot = RwSignal::new(None);
    provide_context(api);
    leptos::task::spawn_local(async move {
        api.set(Some(crate::api::Api::new(crate::api::load_config().await)));
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
                        <Route path={path!("pools/new")} view={PoolWizardPage} />
                        <Route path={path!("pools/:id/edit")} view={PoolWizardPage} />
                        <Route path={path!("pools/:id")} view={PoolDetailPage} />
                        <Route path={path!("monitors")} view={MonitorsPage} />
                        <Route path={path!("monitors/new")} view={MonitorEditPage} />
                        <Route path={path!("monitors/groups/new")} view={MonitorGroupEditPage} />
                        <Route path={path!("monitors/groups/:id")} view={MonitorGroupEditPage} />
                        <Route path={path!("monitors/:id")} view={MonitorEditPage} />
                        <Route path={path!("alerts")} view={AlertsPage} />
                        <Route path={path!("alerts/new")} view={AlertEditPage} />
                        <Route path={path!("alerts/:id")} view={AlertEditPage} />
                        <Route path={path!("settings")} view={SettingsPage} />
                        // Panics only when a test armed it (panic_panel.rs).
                        <Route path={path!("__panic")} view={PanicTestPage} />
                    </Routes>
                </Show>
            </AppShell>
        </Router>
    }
}
