//! The frame around every page: skip link, header with the main navigation,
//! and the `<main>` landmark the pages render into.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::theme_toggle::ThemeToggle;
use crate::components::toasts::ToastRegion;
use crate::routes::Route;

/// The sections of the console, in navigation order: (page, label, test id).
pub const SECTIONS: &[(Route, &str, &str)] = &[
    (Route::Pools, "Pools", "nav-pools"),
    (Route::LoadBalancers, "Load balancers", "nav-load-balancers"),
    (Route::Monitors, "Monitors", "nav-monitors"),
    (Route::Jobs, "Jobs", "nav-jobs"),
    (Route::Alerts, "Alerts", "nav-alerts"),
    (Route::Settings, "Settings", "nav-settings"),
];

/// Wraps the routed pages.
#[component]
pub fn AppShell(
    /// The routed content, rendered inside `<main>`.
    children: Children,
) -> impl IntoView {
    view! {
        <a class="pd-skip-link" href="#main" data-testid="skip-link">
            "Skip to content"
        </a>
        <header class="pd-header" data-testid="app-header">
            <A href={Route::Pools.href()} attr:class="pd-brand" attr:data-testid="brand">
                "Pooldeck"
            </A>
            <nav class="pd-nav" aria-label="Main">
                <ul>
                    {SECTIONS
                        .iter()
                        .map(|(route, label, test_id)| {
                            view! {
                                <li>
                                    <A href={route.href()} attr:data-testid={*test_id}>
                                        {*label}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <ThemeToggle />
        </header>
        <main id="main" class="pd-main" tabindex="-1" data-testid="main">
            {children()}
        </main>
        <ToastRegion />
    }
}
