//! "Preview health" / "Test this monitor": a saved pool's endpoints checked
//! with a monitor that need not be saved, through the API's two-step
//! preview, with one row per endpoint. Nothing is saved.

use leptos::prelude::*;
use pooldeck_model::Monitor;

use crate::api::PreviewRow;
use crate::context::use_api;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Idle,
    Running,
    Done(Vec<PreviewRow>),
    Failed(String),
}

fn verdict(healthy: Option<bool>) -> &'static str {
    match healthy {
        Some(true) => "Healthy",
        Some(false) => "Unhealthy",
        None => "Unknown",
    }
}

/// A button that runs the preview, and its results.
#[component]
pub fn HealthPreview(
    /// The saved pool to check; `None` disables the button.
    #[prop(into)]
    pool_id: Signal<Option<String>>,
    /// The monitor to check with, read when the button is pressed; `Err`
    /// is shown instead of running.
    #[prop(into)]
    monitor: Callback<(), Result<Monitor, String>>,
    /// The button's text.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let api = use_api();
    let state = RwSignal::new(State::Idle);
    let run = move |_| {
        let Some(pool_id) = pool_id.get_untracked() else {
            return;
        };
        let monitor = match monitor.run(()) {
            Ok(m) => m,
            Err(e) => return state.set(State::Failed(e)),
        };
        let api = api.clone();
        state.set(State::Running);
        // Bound to the component: leaving cancels the preview (and aborts
        // its request) instead of writing into a disposed signal.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            state.set(match api.run_preview(&pool_id, &monitor).await {
                Ok(rows) => State::Done(rows),
                Err(e) => State::Failed(e.summary()),
            });
        });
    };
    let running = move || state.get() == State::Running;
    view! {
        <button
            type="button"
            class="pd-button"
            data-testid="preview-run"
            disabled={move || running() || pool_id.with(Option::is_none)}
            on:click={run}
        >
            {move || if running() { "Checking…".to_owned() } else { label.clone() }}
        </button>
        <div aria-live="polite" data-testid="preview-result">
            {move || match state.get() {
                State::Idle | State::Running => ().into_any(),
                State::Failed(m) => view! { <p class="pd-field-error">{m}</p> }.into_any(),
                State::Done(rows) => {
                    view! {
                        <ul class="pd-preview">
                            {rows
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <li
                                            data-testid="preview-row"
                                            data-healthy={verdict(r.healthy)}
                                        >
                                            {format!(
                                                "{}: {} {}",
                                                r.address,
                                                verdict(r.healthy),
                                                r.detail,
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
