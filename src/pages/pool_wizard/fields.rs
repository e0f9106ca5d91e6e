//! Inputs bound to the form, built on the console's one field layer
//! (`components/field`): each reads its value once per
//! [`Form::generation`] (so typing is never fought by re-formatting),
//! writes on every keystroke, is touched on blur, and carries its message
//! with `aria-invalid` and `aria-describedby`.

use leptos::prelude::*;
use pooldeck_model::Pool;

use super::form::{field_id, Form};
use crate::components::field::{Message, NumberField, NumberRule, TextField};

/// The message of the field at `path` (a form path), as a memo so only
/// changes render.
pub fn message_for(form: Form, path: Signal<String>) -> Signal<Message> {
    form.fields.message_at(path)
}

/// A text input over a string member of the pool.
pub fn text_field(
    form: Form,
    path: &'static str,
    label: &'static str,
    test_id: &'static str,
    get: fn(&Pool) -> String,
    set: fn(&mut Pool, String),
    hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <TextField
            fields={form.fields}
            path={path.to_owned()}
            id={field_id(path)}
            label={Some(label)}
            hint={hint}
            test_id={test_id}
            value={Signal::derive(move || {
                form.generation.get();
                form.base.with_untracked(get)
            })}
            on_input={Callback::new(move |v: String| form.base.update(|p| set(p, v)))}
        />
    }
}

/// A number input over an optional number member of the pool; `rule` says
/// what the box accepts (an empty optional box means `None`).
pub fn number_field(
    form: Form,
    path: &'static str,
    label: &'static str,
    test_id: &'static str,
    get: fn(&Pool) -> Option<f64>,
    set: fn(&mut Pool, Option<f64>),
    rule: NumberRule,
) -> impl IntoView {
    view! {
        <NumberField
            fields={form.fields}
            path={path.to_owned()}
            id={field_id(path)}
            label={Some(label)}
            test_id={test_id}
            rule={rule}
            value={Signal::derive(move || {
                form.generation.get();
                form.base.with_untracked(get).map(|v| v.to_string()).unwrap_or_default()
            })}
            on_value={Callback::new(move |v: Option<f64>| form.base.update(|p| set(p, v)))}
        />
    }
}

/// The error summary's element ID.
const SUMMARY_ID: &str = "wizard-error-summary";

/// Focuses the step's error summary once it has rendered.
pub fn focus_summary() {
    crate::hooks::focus_after_render(SUMMARY_ID);
}

/// The list of a step's blocking problems, each a link that focuses its
/// field. Shown once Next (or Save) was pressed on the step.
#[component]
pub fn ErrorSummary(form: Form, step: super::steps::Step) -> impl IntoView {
    let errors = Memo::new(move |_| {
        if form.step_revealed(step) {
            form.step_errors(step)
        } else {
            Vec::new()
        }
    });
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div
                    class="pd-error"
                    role="alert"
                    tabindex="-1"
                    id={SUMMARY_ID}
                    data-testid="error-summary"
                >
                    <p class="pd-error-title">
                        {format!(
                            "Fix {} problem{} before going on:",
                            list.len(),
                            if list.len() == 1 { "" } else { "s" },
                        )}
                    </p>
                    <ul>
                        {list
                            .into_iter()
                            .map(|(path, message)| {
                                let target = field_id(&path);
                                let href = format!("#{target}");
                                view! {
                                    <li>
                                        <a
                                            href={href}
                                            data-testid="error-link"
                                            data-path={path.clone()}
                                            on:click={move |ev| {
                                                ev.prevent_default();
                                                focus_field(&target);
                                            }}
                                        >
                                            {message}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Focuses the input for a field path's ID, or the closest thing to it
/// (a list's first input when the path names the whole list). An endpoint
/// row outside the rendered window is scrolled to first.
pub fn focus_field(id: &str) {
    if try_focus(id) {
        return;
    }
    if let Some(i) = endpoint_index(id) {
        if let Ok(ev) =
            web_sys::CustomEvent::new_with_event_init_dict(super::row_window::reveal_event(), &{
                let init = web_sys::CustomEventInit::new();
                init.set_detail(&wasm_bindgen::JsValue::from_f64(i as f64));
                init
            })
        {
            let _ = document().dispatch_event(&ev);
        }
        let id = id.to_owned();
        set_timeout(
            move || {
                try_focus(&id);
            },
            std::time::Duration::from_millis(30),
        );
    }
}

fn try_focus(id: &str) -> bool {
    use wasm_bindgen::JsCast;
    let doc = document();
    let el = doc.get_element_by_id(id).or_else(|| {
        doc.query_selector(&format!("[id^=\"{id}-\"]"))
            .ok()
            .flatten()
    });
    match el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(el) => {
            let _ = el.focus();
            el.scroll_into_view_with_bool(false);
            true
        }
        None => false,
    }
}

/// The row of an endpoint field's ID (`f-origins-12-weight` → 12).
pub fn endpoint_index(id: &str) -> Option<usize> {
    id.strip_prefix("f-origins-")?
        .split('-')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::endpoint_index;

    #[test]
    fn endpoint_field_ids_name_their_row() {
        assert_eq!(endpoint_index("f-origins-12-weight"), Some(12));
        assert_eq!(endpoint_index("f-origins-0-header-Host"), Some(0));
        assert_eq!(endpoint_index("f-name"), None);
        assert_eq!(endpoint_index("f-origins"), None);
    }
}
