//! A pool's status as a badge: the word is always there, so colour is
//! never the only signal.

use leptos::prelude::*;
use pooldeck_model::PoolStatus;

#[component]
pub fn StatusBadge(
    /// The status to show.
    #[prop(into)]
    status: Signal<PoolStatus>,
    /// A longer explanation, as the badge's tooltip.
    #[prop(optional, into)]
    title: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <span
            class={move || badge_class(status.get())}
            title={move || title.get()}
            data-testid="status-badge"
        >
            {move || status.get().label()}
        </span>
    }
}

/// The badge's classes for `status`; the pools list's rows, which paint
/// their cells themselves, set the same ones.
pub fn badge_class(status: PoolStatus) -> String {
    format!("pd-badge pd-badge-{}", status.slug())
}
