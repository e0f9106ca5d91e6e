//! A pool's status as a badge: the word is always there, so colour is
//! never the only signal.

use leptos::prelude::*;
use pooldeck_model::PoolStatus;

#[component]
pub fn StatusBadge(
    /// The status to show; a signal, so a reused row (the pools list's)
    /// can show another pool's status in the same badge.
    #[prop(into)]
    status: Signal<PoolStatus>,
    /// A longer explanation, as the badge's tooltip.
    #[prop(optional, into)]
    title: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <span
            class={move || format!("pd-badge pd-badge-{}", status.get().slug())}
            title={move || title.get()}
            data-testid="status-badge"
        >
            {move || status.get().label()}
        </span>
    }
}
