//! Copying text (a pool as JSON, curl or Terraform) with a toast that says
//! whether the browser allowed it.

use leptos::prelude::*;

use crate::components::toasts::Toasts;

/// Copies `text`; the toast names it as `what` ("JSON"). `toasts` is
/// passed in because event handlers run outside the component's owner.
pub fn copy(toasts: Toasts, text: String, what: &'static str) {
    let clipboard = window().navigator().clipboard();
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await {
            Ok(_) => toasts.success(format!("Copied as {what}")),
            Err(_) => toasts.error("The browser did not allow copying"),
        }
    });
}
