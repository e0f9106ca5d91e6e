//! Never lose input by accident: while `dirty`, closing or reloading the
//! tab asks first (`beforeunload`), and so does following an in-app link
//! (a capture-phase click listener that runs before the router's). Both
//! listeners go away with the component that installed them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::hooks::{use_document_listener, use_window_listener};

/// Installs the guard for the current component. `question` is asked
/// before a link is followed.
pub fn guard_leaving(dirty: Signal<bool>, question: &'static str) {
    use_window_listener::<web_sys::BeforeUnloadEvent>("beforeunload", move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("You have unsaved changes.");
        }
    });
    // Capture phase: the router's own click handler must not see a link
    // the user decided not to follow.
    use_document_listener::<web_sys::MouseEvent>("click", true, move |ev| {
        if !dirty.get_untracked() || ev.default_prevented() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        let Some(link) = link else { return };
        if link
            .get_attribute("href")
            .is_some_and(|h| h.starts_with('#'))
        {
            return;
        }
        if !window().confirm_with_message(question).unwrap_or(true) {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
}
