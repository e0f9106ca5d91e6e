//! Shown for any path the console has no page for.

use crate::components::title::Title;
use leptos::prelude::*;

use crate::routes::Route;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Page not found" />
        <h1 data-testid="page-title">"Page not found"</h1>
        <p>
            "There is no page at this address. " <a href={Route::Pools.href()}>"Go to the pools"</a>
            "."
        </p>
    }
}

/// `/__panic`: panics when a test armed it (see `crate::panic_panel`),
/// and is an ordinary "Page not found" otherwise.
#[component]
pub fn PanicTestPage() -> impl IntoView {
    if crate::panic_panel::test_panic_armed() {
        panic!("test panic requested at /__panic");
    }
    NotFoundPage()
}
