//! What the first load shows in the place of code that is a separately
//! fetched wasm chunk: a page, or a dialog's content.
//!
//! The console's first load holds only the shell and the pools list; every
//! other page, and the content of the list's dialogs, is split off at build
//! time (`pages/chunks.rs`, split by `cargo xtask split` from Trunk's
//! post-build hook) and fetched on first use. [`ChunkContent`] shows a
//! loading line while that fetch runs, the content once it has arrived, and
//! an error panel with Retry when it failed: a dropped connection must not
//! take the whole console down.

mod content;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;

pub use content::ChunkContent;

/// A chunk could not be fetched or instantiated. The loader logs the
/// details to the browser console; a retry starts the fetch afresh.
#[derive(Clone, Debug)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// What a split point returns: the page or content, built inside its chunk.
pub type ChunkView = Result<AnyView, ChunkError>;

/// A split point's own preload (`preload(...)` in `pages/chunks.rs`),
/// boxed: fetches and instantiates its chunk, nothing more.
pub type ChunkPreload = LocalBoxFuture<'static, Result<(), leptos::wasm_split::SplitLoaderError>>;

/// A call of a split point, boxed. Every use shares one [`ChunkContent`]
/// instead of a copy of it per split point.
pub type ChunkLoad = LocalBoxFuture<'static, ChunkView>;

/// The line a chunk's place shows while its code is fetched.
#[component]
pub(super) fn ChunkLoading() -> impl IntoView {
    view! {
        <p class="pd-skeleton" role="status" data-testid="chunk-loading">
            "Loading…"
        </p>
    }
}

/// The panel a failed chunk leaves in the page's place.
#[component]
pub(super) fn ChunkFailed(
    /// "page" or "dialog".
    what: &'static str,
    /// Called by the Retry button.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let retry = NodeRef::<leptos::html::Button>::new();
    // Keyboard users land on the way out.
    Effect::new(move || {
        if let Some(button) = retry.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="pd-error" role="alert" data-testid="chunk-error">
            <p class="pd-error-title">{format!("This {what} could not be loaded.")}</p>
            <p>
                {format!(
                    "Its code is fetched the first time the {what} is opened, and that fetch failed. ",
                )} "Check the connection, then retry."
            </p>
            <button
                type="button"
                class="pd-button pd-primary"
                node_ref={retry}
                on:click={move |_| on_retry.run(())}
            >
                "Retry"
            </button>
        </div>
    }
}
