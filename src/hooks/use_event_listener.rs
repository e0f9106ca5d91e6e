//! `use_event_listener`: an event listener that lives as long as the
//! component that installed it.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Listens for `event` on `target` and calls `handler` with the event cast
/// to `E` (for example [`web_sys::KeyboardEvent`]). With `capture`, the
/// listener runs in the capture phase, before the target's own handlers
/// (the leave guard uses this to run before the router's link handler).
///
/// The listener is removed when the current reactive owner is cleaned up,
/// so a page that installs one leaves nothing behind when it unmounts.
///
/// ```ignore
/// use_event_listener::<web_sys::KeyboardEvent>(document().into(), "keydown", false, move |ev| {
///     if ev.key() == "/" { /* … */ }
/// });
/// ```
pub fn use_event_listener<E>(
    target: web_sys::EventTarget,
    event: &'static str,
    capture: bool,
    handler: impl Fn(E) + 'static,
) where
    E: JsCast + 'static,
{
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        handler(ev.unchecked_into::<E>());
    });
    install(target, event, capture, closure);
}

/// Adds the listener and removes it on cleanup. Apart from the generic
/// part above, so it is compiled once rather than once per handler (each
/// copy was about 400 bytes of wasm).
#[inline(never)]
fn install(
    target: web_sys::EventTarget,
    event: &'static str,
    capture: bool,
    closure: Closure<dyn Fn(web_sys::Event)>,
) {
    let _ = target.add_event_listener_with_callback_and_bool(
        event,
        closure.as_ref().unchecked_ref(),
        capture,
    );
    // The closure and target are not Send; cleanup runs on the same
    // (only) thread, which SendWrapper checks.
    let installed = send_wrapper::SendWrapper::new((target, closure));
    on_cleanup(move || {
        let (target, closure) = &*installed;
        let _ = target.remove_event_listener_with_callback_and_bool(
            event,
            closure.as_ref().unchecked_ref(),
            capture,
        );
    });
}

/// [`use_event_listener`] on `window`.
pub fn use_window_listener<E>(event: &'static str, handler: impl Fn(E) + 'static)
where
    E: JsCast + 'static,
{
    use_event_listener(window().into(), event, false, handler);
}

/// [`use_event_listener`] on `document`; `capture` as there.
pub fn use_document_listener<E>(event: &'static str, capture: bool, handler: impl Fn(E) + 'static)
where
    E: JsCast + 'static,
{
    use_event_listener(document().into(), event, capture, handler);
}
