//! What the wizard shows when a save did not simply succeed: a failure
//! with Retry, or "a pool with this name exists now" after a create whose
//! answer was lost.

use leptos::prelude::*;

use super::save::SaveState;
use crate::components::error_panel::ErrorPanel;

#[component]
pub fn SaveOutcome(
    /// The save's state; only `Failed` and `MaybeSaved` show anything.
    state: RwSignal<SaveState>,
    /// Retry the save.
    on_retry: Callback<()>,
    /// Open the pool that was most likely created (its ID).
    on_open: Callback<String>,
) -> impl IntoView {
    move || match state.get() {
        SaveState::Failed { error, .. } => view! {
            <div data-testid="save-failed">
                <ErrorPanel error={error} on_retry={move |_| on_retry.run(())} />
                <p class="pd-hint">
                    "Nothing was lost: your changes are still here and kept as a draft."
                </p>
            </div>
        }
        .into_any(),
        SaveState::MaybeSaved(found) => {
            let name = found.name.clone();
            let id = found.id.clone().unwrap_or_default();
            view! {
                <div class="pd-error" role="alert" data-testid="save-uncertain">
                    <p class="pd-error-title">{format!("A pool named {name} exists now.")}</p>
                    <p>
                        "The last attempt to create it got no answer, so it most likely went through. Open the pool to check it, or keep editing (saving again needs another name)."
                    </p>
                    <button
                        type="button"
                        class="pd-button pd-primary"
                        data-testid="save-uncertain-open"
                        on:click={move |_| on_open.run(id.clone())}
                    >
                        {format!("Open pool {name}")}
                    </button>
                    " "
                    <button
                        type="button"
                        class="pd-button"
                        data-testid="save-uncertain-dismiss"
                        on:click={move |_| state.set(SaveState::Idle)}
                    >
                        "Keep editing"
                    </button>
                </div>
            }
                .into_any()
        }
        _ => ().into_any(),
    }
}
