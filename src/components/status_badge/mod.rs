//! A pool's status as a badge: the word is always there, so colour is
//! never the only signal.

use leptos::prelude::*;
use pooldeck_model::PoolStatus;

#[component]
pub fn StatusBadge(
    /// The status to show.
    status: PoolStatus,
    /// A longer explanation, as the badge's tooltip.
    #[prop(optional, into)]
    title: Option<String>,
) -> impl IntoView {
    view! {
        <span
            class={format!("pd-badge pd-badge-{}", status.slug())}
            title={title}
            data-testid="status-badge"
        >
            {status.label()}
        </span>
    }
}
