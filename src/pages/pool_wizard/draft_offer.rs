//! The banner that offers an autosaved draft back.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::draft_store::StoredDraft;

#[component]
pub fn DraftOffer(
    /// The draft on offer.
    draft: StoredDraft,
    /// "Restore draft".
    on_restore: Callback<()>,
    /// "Discard it".
    on_discard: Callback<()>,
) -> impl IntoView {
    let when = js_sys::Date::new(&JsValue::from_f64(draft.saved_at))
        .to_locale_string("default", &JsValue::UNDEFINED);
    view! {
        <div class="pd-banner" role="region" aria-label="Unsaved draft" data-testid="draft-offer">
            <p>{format!("You have an unsaved draft of this pool from {when}.")}</p>
            <button
                type="button"
                class="pd-button pd-primary"
                data-testid="draft-restore"
                on:click={move |_| on_restore.run(())}
            >
                "Restore draft"
            </button>
            <button
                type="button"
                class="pd-button"
                data-testid="draft-discard"
                on:click={move |_| on_discard.run(())}
            >
                "Discard it"
            </button>
        </div>
    }
}
