//! Moving focus to an element that may not have rendered yet.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element with `id` once the current render has settled (a
/// row just added, a step just shown, a message that renders on the next
/// microtask). Does nothing if the element never appears.
pub fn focus_after_render(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        focus_element(&id);
    });
}

/// Focuses the element with `id` now and scrolls it into view; false when
/// there is no such focusable element.
pub fn focus_element(id: &str) -> bool {
    match document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(el) => {
            let _ = el.focus();
            el.scroll_into_view_with_bool(false);
            true
        }
        None => false,
    }
}
