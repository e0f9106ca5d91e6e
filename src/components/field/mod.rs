//! The message under a form field, and the ARIA wiring that ties it to the
//! input: `aria-invalid` while the message is an error, and
//! `aria-describedby` naming the message while there is one.

mod inputs;
mod number;
mod saving;
mod state;

use leptos::prelude::*;

pub use inputs::{NumberField, TextField};
pub use number::NumberRule;
pub use saving::Saving;
pub use state::{belongs, focus_first_invalid, FieldState};

/// What a field shows: the text, and whether it blocks (an error) or not
/// (a warning).
pub type Message = Option<(String, bool)>;

/// The `id` of the message for the input `input_id`.
pub fn message_id(input_id: &str) -> String {
    format!("{input_id}-msg")
}

/// `aria-invalid` for an input with `message`.
pub fn aria_invalid(
    message: Signal<Message>,
) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy {
    move || {
        message
            .with(|m| matches!(m, Some((_, true))))
            .then_some("true")
    }
}

/// `aria-describedby` for the input `input_id` with `message`.
pub fn aria_describedby(
    input_id: Signal<String>,
    message: Signal<Message>,
) -> impl Fn() -> Option<String> + Send + Sync + Copy {
    move || {
        message
            .with(Option::is_some)
            .then(|| message_id(&input_id.get()))
    }
}

/// The message under a field; nothing while there is none.
#[component]
pub fn FieldMessage(
    /// The input's `id`; the message's is derived from it.
    #[prop(into)]
    input_id: Signal<String>,
    /// What to show.
    message: Signal<Message>,
) -> impl IntoView {
    move || {
        message.get().map(|(text, blocks)| {
            view! {
                <p
                    id={message_id(&input_id.get())}
                    class={if blocks { "pd-field-error" } else { "pd-field-warning" }}
                    data-testid="field-message"
                    data-for={input_id.get()}
                >
                    {text}
                </p>
            }
        })
    }
}
