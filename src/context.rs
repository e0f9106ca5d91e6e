//! What every page can reach: the API (once its configuration is loaded)
//! and the router's base path, for links.

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

/// An absolute path inside the console: `path` under the router's base.
/// (`<A>` does not prefix absolute hrefs with the base itself.)
pub fn href(path: &str) -> String {
    let base = use_context::<Base>().map(|b| b.0).unwrap_or_default();
    format!("{base}{path}")
}
