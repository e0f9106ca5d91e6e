//! The list of steps above the form: each one a button, the current one
//! marked with `aria-current="step"`, and a "!" on a step with problems
//! once its messages show.

use leptos::prelude::*;

use super::form::Form;
use super::steps::Step;

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
