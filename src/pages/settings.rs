//! The Settings page.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Settings" />
        <h1 data-testid="page-title">"Settings"</h1>
        <p class="pd-muted">"The connection to the Load Balancing API."</p>
    }
}
