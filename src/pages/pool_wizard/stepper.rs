//! Moving through the wizard: the list of steps above the form (each one
//! a button, the current one marked with `aria-current="step"`, and a "!"
//! on a step with problems once its messages show), and Back, Cancel and
//! Next or Save below it.

use leptos::prelude::*;

use super::form::Form;
use super::save::SaveState;
use super::steps::Step;
use crate::routes::Route;

#[component]
pub fn Stepper(
    /// The wizard's form (its step and findings).
    form: Form,
) -> impl IntoView {
    view! {
        <ol class="pd-steps" aria-label="Steps" data-testid="wizard-steps">
            {Step::ALL
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <button
                                type="button"
                                class="pd-step"
                                data-testid={format!("step-{}", s.slug())}
                                aria-current={move || (form.step.get() == s).then_some("step")}
                                on:click={move |_| form.step.set(s)}
                            >
                                <span class="pd-step-n">{s.number()}</span>
                                " "
                                {s.label()}
                                {move || {
                                    (form.step_revealed(s) && !form.step_errors(s).is_empty())
                                        .then(|| {
                                            view! {
                                                <span class="pd-step-bad" aria-label="has problems">
                                                    " !"
                                                </span>
                                            }
                                        })
                                }}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Back, Cancel, and Next (or the save button on the last step). Next and
/// save are the form's submit button, so Enter in a field presses them.
#[component]
pub fn WizardNav(
    /// The wizard's form (its step).
    form: Form,
    /// The save's state: the button says "Saving…" and is off meanwhile.
    state: RwSignal<SaveState>,
    /// Where Cancel goes.
    cancel: Route,
    /// The save button's text ("Create pool", "Save changes").
    save_label: &'static str,
) -> impl IntoView {
    view! {
        <div class="pd-wizard-nav">
            <button
                type="button"
                class="pd-button"
                data-testid="wizard-back"
                disabled={move || form.step.get().previous().is_none()}
                on:click={move |_| {
                    if let Some(p) = form.step.get_untracked().previous() {
                        form.step.set(p)
                    }
                }}
            >
                "Back"
            </button>
            <a class="pd-button" href={cancel.href()} data-testid="wizard-cancel">
                "Cancel"
            </a>
            {move || {
                if form.step.get() == Step::Review {
                    view! {
                        <button
                            type="submit"
                            class="pd-button pd-primary"
                            data-testid="wizard-save"
                            disabled={move || state.with(SaveState::is_busy)}
                        >
                            {move || {
                                if state.with(SaveState::is_busy) {
                                    "Saving…"
                                } else {
                                    save_label
                                }
                            }}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button
                            type="submit"
                            class="pd-button pd-primary"
                            data-testid="wizard-next"
                        >
                            "Next"
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
