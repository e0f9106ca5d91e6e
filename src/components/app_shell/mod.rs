//! The frame around every page: skip link, header with the main navigation,
//! and the `<main>` landmark the pages render into.

use leptos::prelude::*;

use crate::components::theme_toggle::ThemeToggle;
use crate::components::toasts::ToastRegion;
use crate::router::use_location;
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
    let location = use_location();
    view! {
        <a class="pd-skip-link" href="#main" data-testid="skip-link">
            "Skip to content"
        </a>
        <header class="pd-header" data-testid="app-header">
            <a href={Route::Pools.href()} class="pd-brand" data-testid="brand">
                "Pooldeck"
            </a>
            <nav class="pd-nav" aria-label="Main">
                <ul>
                    {SECTIONS
                        .iter()
                        .map(|(route, label, test_id)| {
                            view! {
                                <li>
                                    <a
                                        href={route.href()}
                                        data-testid={*test_id}
                                        aria-current={move || {
                                            section_holds(route, &location.url().path).then_some("page")
                                        }}
                                    >
                                        {*label}
                                    </a>
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

/// Whether the page at `path` (base-less) belongs to `section`, whose nav
/// item is then marked current: the section's own page and every page
/// under it (`/pools/ID/edit` is in Pools); `/` is the pools list.
fn section_holds(section: &Route, path: &str) -> bool {
    let own = section.path();
    let path = path.trim_end_matches('/');
    path == own
        || path
            .strip_prefix(own.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
        || (path.is_empty() && *section == Route::Pools)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_holds_its_pages_and_no_other() {
        assert!(section_holds(&Route::Pools, "/pools"));
        assert!(section_holds(&Route::Pools, "/"));
        assert!(section_holds(&Route::Pools, "/pools/abc/edit"));
        assert!(section_holds(&Route::Monitors, "/monitors/groups/g1"));
        assert!(!section_holds(&Route::Monitors, "/pools"));
        assert!(!section_holds(&Route::Pools, "/poolsx"));
        assert!(!section_holds(&Route::Jobs, "/pools/abc/jobs/new"));
    }
}
