//! Never lose input by accident: while `dirty`, closing or reloading the
//! tab asks first (`beforeunload`), and so does following an in-app link
//! (a capture-phase click listener that runs before the router's). Both
//! listeners go away with the component that installed them.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Installs the guard for the current component. `question` is asked
/// before a link is followed.
pub fn guard_leaving(dirty: Signal<bool>, question: &'static str) {
    let unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            if dirty.get_untracked() {
                ev.prevent_default();
                ev.set_return_value("You have unsaved changes.");
            }
        },
    );
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
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
    let _ =
        window().add_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    let unload = send_wrapper::SendWrapper::new(unload);
    let click = send_wrapper::SendWrapper::new(click);
    on_cleanup(move || {
        let _ = window()
            .remove_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
        let _ = document().remove_event_listener_with_callback_and_bool(
            "click",
            click.as_ref().unchecked_ref(),
            true,
        );
    });
}
