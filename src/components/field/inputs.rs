//! `<TextField>` and `<NumberField>`: an input bound to a [`FieldState`]
//! path, owning its label (or accessible name), hint, message and ARIA
//! wiring, so no form writes `aria-invalid` or `aria-describedby` itself.

use leptos::prelude::*;

use super::{message_id, FieldMessage, FieldState, NumberRule};

/// `aria-describedby` for an input: its message while there is one, and
/// its hint.
fn described_by(
    id: Signal<String>,
    message: Signal<super::Message>,
    has_hint: bool,
) -> impl Fn() -> Option<String> + Send + Sync + Copy + 'static {
    move || {
        let id = id.get();
        let mut ids = Vec::new();
        if message.with(Option::is_some) {
            ids.push(message_id(&id));
        }
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Marks the field as left. When focus moves to a button or link (the
/// user is clicking one), its message shows a moment later: shown at once,
/// the message pushes the page down between the press and the release, and
/// the click lands beside the button (Next needed a second click after a
/// bad value). The button's own action (Next, Save) reveals it anyway.
fn on_blur(
    fields: FieldState,
    path: Signal<String>,
    ev: &web_sys::FocusEvent,
    on_leave: Option<Callback<()>>,
) {
    use wasm_bindgen::JsCast;
    let to_control = ev
        .related_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "BUTTON" | "A"));
    let p = path.get_untracked();
    let leave = move || {
        fields.touch(&p);
        if let Some(f) = on_leave {
            f.run(());
        }
    };
    if to_control {
        set_timeout(
            move || {
                // The field may be gone by then (the step changed).
                if path.try_get_untracked().is_some() {
                    leave();
                }
            },
            std::time::Duration::from_millis(400),
        );
    } else {
        leave();
    }
}

/// The label above an input, or nothing for a table cell (which names its
/// input with `aria_label`).
fn label_and_hint(
    id: Signal<String>,
    label: Option<&'static str>,
    hint: Option<&'static str>,
) -> (impl IntoView, impl IntoView) {
    (
        label.map(|l| view! { <label for={id}>{l}</label> }),
        hint.map(|h| {
            view! {
                <p class="pd-hint" id={move || format!("{}-hint", id.get())}>
                    {h}
                </p>
            }
        }),
    )
}

/// A text input over a string held by the form.
#[component]
pub fn TextField(
    /// The form's validation state.
    fields: FieldState,
    /// The field's path in `fields` (it may change: a row's index path).
    #[prop(into)]
    path: Signal<String>,
    /// The input's `id`; its message's is derived from it.
    #[prop(into)]
    id: Signal<String>,
    /// The visible label. Leave it out in a table cell and give `aria_label`.
    #[prop(default = None)]
    label: Option<&'static str>,
    /// The accessible name when there is no visible label.
    #[prop(default = None)]
    aria_label: Option<Signal<String>>,
    /// A hint under the input, tied to it with `aria-describedby`.
    #[prop(default = None)]
    hint: Option<&'static str>,
    /// Shown while the box is empty.
    #[prop(default = None)]
    placeholder: Option<&'static str>,
    /// `data-testid`, for tests and portals that drive the console.
    #[prop(into)]
    test_id: String,
    /// The input's `type`: `text` unless a form's spec says otherwise (the
    /// monitor form's number members parse their own text).
    #[prop(default = "text")]
    input_type: &'static str,
    /// A `<textarea>` of this many rows instead of an `<input>`.
    #[prop(default = None)]
    rows: Option<u32>,
    /// The value to show. Read when it changes: pass a signal that tracks
    /// only what should replace the user's text (a restored draft).
    #[prop(into)]
    value: Signal<String>,
    /// Every keystroke's text.
    on_input: Callback<String>,
    /// Runs when the field is left, after it is marked as touched (a moment
    /// later when focus went to a button; see `on_blur`).
    #[prop(default = None)]
    on_leave: Option<Callback<()>>,
) -> impl IntoView {
    let message = fields.message_at(path);
    let labelled = label.is_some();
    let (label, hint_view) = label_and_hint(id, label, hint);
    let invalid = move || {
        message
            .with(|m| matches!(m, Some((_, true))))
            .then_some("true")
    };
    let described = described_by(id, message, hint.is_some());
    let blur = move |ev: web_sys::FocusEvent| on_blur(fields, path, &ev, on_leave);
    let input = match rows {
        Some(rows) => view! {
            <textarea
                id={id}
                data-testid={test_id}
                rows={rows}
                spellcheck="false"
                placeholder={placeholder}
                aria-label={move || aria_label.map(|l| l.get())}
                prop:value={value}
                on:input={move |ev| on_input.run(event_target_value(&ev))}
                on:blur={blur}
                aria-invalid={invalid}
                aria-describedby={described}
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                type={input_type}
                id={id}
                data-testid={test_id}
                autocomplete="off"
                spellcheck="false"
                placeholder={placeholder}
                aria-label={move || aria_label.map(|l| l.get())}
                prop:value={value}
                on:input={move |ev| on_input.run(event_target_value(&ev))}
                on:blur={blur}
                aria-invalid={invalid}
                aria-describedby={described}
            />
        }
        .into_any(),
    };
    wrap(
        labelled,
        view! {
            {label}
            {input}
            {hint_view}
            <FieldMessage input_id={id} message={message} />
        },
    )
}

/// A number input. Text that is not a number for `rule` is kept in the box
/// and files a blocking message at `path`; the value changes only when the
/// text reads.
#[component]
pub fn NumberField(
    /// The form's validation state.
    fields: FieldState,
    /// The field's path in `fields`.
    #[prop(into)]
    path: Signal<String>,
    /// The input's `id`.
    #[prop(into)]
    id: Signal<String>,
    /// The visible label, or none in a table cell (then give `aria_label`).
    #[prop(default = None)]
    label: Option<&'static str>,
    /// The accessible name when there is no visible label.
    #[prop(default = None)]
    aria_label: Option<Signal<String>>,
    /// A hint under the input.
    #[prop(default = None)]
    hint: Option<&'static str>,
    /// Shown while the box is empty.
    #[prop(default = None)]
    placeholder: Option<&'static str>,
    /// An extra class on the input (`pd-narrow` in tables).
    #[prop(default = None)]
    class: Option<&'static str>,
    /// `data-testid`, for tests and portals that drive the console.
    #[prop(into)]
    test_id: String,
    /// What the box accepts.
    rule: NumberRule,
    /// The text to show; as for [`TextField`], it should change only when
    /// the box must be overwritten.
    #[prop(into)]
    value: Signal<String>,
    /// The new value, each time the text reads as one.
    on_value: Callback<Option<f64>>,
) -> impl IntoView {
    let message = fields.message_at(path);
    let labelled = label.is_some();
    let (label, hint_view) = label_and_hint(id, label, hint);
    let (min, max) = rule
        .range
        .map(|(lo, hi)| (Some(lo.to_string()), Some(hi.to_string())))
        .unwrap_or_default();
    let input = view! {
        <input
            type="number"
            inputmode="decimal"
            id={id}
            class={class}
            data-testid={test_id}
            min={min}
            max={max}
            step={rule.step()}
            placeholder={placeholder}
            aria-label={move || aria_label.map(|l| l.get())}
            prop:value={value}
            on:input={move |ev| {
                let p = path.get_untracked();
                match rule.parse(&event_target_value(&ev)) {
                    Ok(v) => {
                        fields.input(&p, Ok(()));
                        on_value.run(v);
                    }
                    Err(e) => fields.input(&p, Err(e)),
                }
            }}
            on:blur={move |ev: web_sys::FocusEvent| on_blur(fields, path, &ev, None)}
            aria-invalid={move || message.with(|m| matches!(m, Some((_, true)))).then_some("true")}
            aria-describedby={described_by(id, message, hint.is_some())}
        />
    };
    wrap(
        labelled,
        view! {
            {label}
            {input}
            {hint_view}
            <FieldMessage input_id={id} message={message} />
        },
    )
}

/// A labelled field gets the form's field box; a table cell's input stands
/// alone in its cell.
fn wrap(labelled: bool, inner: impl IntoView + 'static) -> AnyView {
    if labelled {
        view! { <div class="pd-field">{inner}</div> }.into_any()
    } else {
        inner.into_any()
    }
}
