//! The note above the wizard while a recorded version is being restored:
//! which version, and that nothing is sent until the review is saved.

use leptos::prelude::*;
use pooldeck_model::HistoryEntry;

#[component]
pub fn RestoreBanner(
    /// The version being restored.
    entry: HistoryEntry,
) -> impl IntoView {
    let when = entry.at.get(..16).unwrap_or(&entry.at).replace('T', " ");
    view! {
        <div class="pd-banner" role="status" data-testid="restore-banner">
            <p>
                {format!(
                    "Restoring the version {} by {} on {when} UTC. The review below shows what changes from the pool as it is now; nothing is sent until you save.",
                    entry.verb().to_lowercase(),
                    entry.actor,
                )}
            </p>
        </div>
    }
}
