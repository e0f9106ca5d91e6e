//! What every page can reach: the API (once its configuration is loaded)
//! and the router's base path (which `routes::Route::href` reads).

use leptos::prelude::*;

use crate::api::Api;

/// The router's base path (`""` at the root, `/portal/lb` under a portal).
#[derive(Clone, Debug)]
pub struct Base(pub String);

/// The API, `None` until `config.json` has been read.
pub type ApiSlot = RwSignal<Option<Api>>;

/// The API. Pages render only once it is loaded (see `app.rs`).
pub fn use_api() -> Api {
    expect_context::<ApiSlot>()
        .get_untracked()
        .expect("pages render after the configuration is loaded")
}
