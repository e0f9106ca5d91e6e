//! What a person sees when the console panics: a static error panel with a
//! Reload button, built with plain DOM calls because Leptos may be in a
//! broken state by then (and, with `panic = "abort"` in release, the wasm
//! instance stops right after the hook returns).
//!
//! [`install`] replaces the panic hook with one that first logs the panic
//! to the browser console (`console_error_panic_hook`) and then shows the
//! panel.
//!
//! A test can trigger a panic on purpose: with the localStorage key
//! [`TEST_PANIC_KEY`] set to `"1"`, the route `/__panic` panics. Without
//! the key that route is an ordinary "Page not found", so nobody reaches it
//! by accident.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// localStorage key that arms the `/__panic` test route.
pub const TEST_PANIC_KEY: &str = "pooldeck.test.panic";

const PANEL_ID: &str = "pd-panic-panel";

/// Sets the panic hook: log to the console, then show the panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

/// True when the `/__panic` test route may panic.
pub fn test_panic_armed() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(TEST_PANIC_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Adds the panel to `<body>` (once) and moves focus to its button.
/// Every step is allowed to fail: this runs while things are broken.
fn show() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id(PANEL_ID).is_some() {
        return;
    }
    let Some(body) = doc.body() else { return };
    let el = |tag: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        e.set_text_content(Some(text));
        Some(e)
    };
    let Some(panel) = el("div", "") else { return };
    let _ = panel.set_attribute("id", PANEL_ID);
    let _ = panel.set_attribute("class", "pd-panic");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "panic-panel");
    let parts = [
        el("h2", "Pooldeck stopped because of an internal error"),
        el(
            "p",
            "Nothing more can be done on this page. Reload it to continue: \
             changes you already saved are kept, and an unsaved pool draft \
             is offered back by the wizard.",
        ),
    ];
    for part in parts.into_iter().flatten() {
        let _ = panel.append_child(&part);
    }
    if let Some(button) = el("button", "Reload") {
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("class", "pd-button pd-primary");
        let _ = button.set_attribute("data-testid", "panic-reload");
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        // The panel lives until the page is reloaded.
        reload.forget();
        let _ = panel.append_child(&button);
        let _ = body.append_child(&panel);
        if let Ok(b) = button.dyn_into::<web_sys::HtmlElement>() {
            let _ = b.focus();
        }
    } else {
        let _ = body.append_child(&panel);
    }
}
