//! What every page can reach: the API, once its configuration is loaded.
//! (The router's base lives in `router::Location`.)

use leptos::prelude::*;

use crate::api::Api;

/// The API, `None` until `config.json` has been read.
pub type ApiSlot = RwSignal<Option<Api>>;

/// The API. Pages render only once it is loaded (see `app.rs`).
pub fn use_api() -> Api {
    expect_context::<ApiSlot>()
        .get_untracked()
        .expect("pages render after the configuration is loaded")
}
