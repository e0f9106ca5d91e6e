//! The console's router: the address bar as a signal ([`Location`]),
//! in-page links, and reading a page's parameters.
//!
//! Every place the console has is the typed [`Route`](crate::routes::Route)
//! enum; `Route::path` writes an address and `Route::parse` reads one, so
//! the table of pages in `app.rs` is a `match`. That replaced
//! `leptos_router`, whose generic route tree and matcher were about a
//! tenth of the first load's wasm for twenty-two fixed routes (see
//! BENCHMARKS.md).
//!
//! A page is built afresh whenever the route changes, parameters
//! included (`/pools/a` to `/pools/b` is a new page), so a page reads its
//! parameters once, with [`route_id`] and [`query_param`].

mod base;
mod links;
mod location;

pub use base::base_path;
pub(crate) use base::current as current_base;
pub use location::{use_location, Location, Url};

use leptos::prelude::*;

use crate::routes::Route;

/// Starts the router under `base` and makes it the context's
/// [`Location`]. Call it once, in the root component.
pub fn provide_router(base: String) -> Location {
    let location = Location::new(base);
    provide_context(location);
    links::follow_links_in_page(location);
    location
}

/// The ID the current route's path names (`/pools/ID`, `/monitors/ID`,
/// …; see [`Route::id`]).
pub fn route_id() -> Option<String> {
    let url = use_location().url_untracked();
    Route::parse(&url.path, &url.query).and_then(|r| r.id().map(str::to_owned))
}

/// The value of `name` in the current address's query, decoded.
pub fn query_param(name: &str) -> Option<String> {
    crate::routes::query_param(&use_location().url_untracked().query, name)
}
