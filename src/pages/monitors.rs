//! The Monitors page.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MonitorsPage() -> impl IntoView {
    view! {
        <Title text="Monitors" />
        <h1 data-testid="page-title">"Monitors"</h1>
        <p class="pd-muted">"Health monitors that check the endpoints of your pools."</p>
    }
}
