//! The frame around every page: skip link, header with the main navigation,
//! and the `<main>` landmark the pages render into.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::theme_toggle::ThemeToggle;
use crate::components::toasts::ToastRegion;

/// The sections of the console, in navigation order: (relative href, label,
/// test id). Hrefs are relative so they resolve against the router base.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("pools", "Pools", "nav-pools"),
    ("monitors", "Monitors", "nav-monitors"),
    ("alerts", "Alerts", "nav-alerts"),
    ("settings", "Settings", "nav-settings"),
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
            <A href="pools" attr:class="pd-brand" attr:data-testid="brand">
                "Pooldeck"
            </A>
            <nav class="pd-nav" aria-label="Main">
                <ul>
                    {SECTIONS
                        .iter()
                        .map(|(href, label, test_id)| {
                            view! {
                                <li>
                                    <A href={*href} attr:data-testid={*test_id}>
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
