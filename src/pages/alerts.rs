//! The Alerts page.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AlertsPage() -> impl IntoView {
    view! {
        <Title text="Alerts" />
        <h1 data-testid="page-title">"Alerts"</h1>
        <p class="pd-muted">"Notification policies for pool enablement and load-balancing health."</p>
    }
}
