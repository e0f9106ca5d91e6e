//! The root component: meta context, router and the app shell.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::app_shell::AppShell;
use crate::pages::{AlertsPage, MonitorsPage, NotFoundPage, PoolsPage, SettingsPage};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        // Every page sets its own title; this adds the product name.
        <Title formatter=|page: String| {
            if page.is_empty() { "Pooldeck".to_owned() } else { format!("{page} · Pooldeck") }
        } />
        <Router base=crate::router_base::current()>
            <AppShell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=PoolsPage />
                    <Route path=path!("pools") view=PoolsPage />
                    <Route path=path!("monitors") view=MonitorsPage />
                    <Route path=path!("alerts") view=AlertsPage />
                    <Route path=path!("settings") view=SettingsPage />
                </Routes>
            </AppShell>
        </Router>
    }
}
