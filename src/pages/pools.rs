//! The Pools page.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PoolsPage() -> impl IntoView {
    view! {
        <Title text="Pools" />
        <h1 data-testid="page-title">"Pools"</h1>
        <p class="pd-muted">"Load balancing pools: their endpoints, health and the load balancers that use them."</p>
    }
}
