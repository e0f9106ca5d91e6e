//! A page whose code is a separately fetched wasm chunk; and, in
//! `content.rs`, a dialog's content that is.
//!
//! The console's first load holds only the shell and the pools list; every
//! other page is split off at build time (`pages/chunks.rs`, split by
//! `cargo xtask split` from Trunk's post-build hook) and fetched on first
//! use. [`Chunk`] shows a loading line while that fetch runs, the page once
//! it has arrived, and an error panel with Retry when it failed: a dropped
//! connection must not take the whole console down.

mod content;

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

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

/// What a split point returns: the page, built inside its chunk.
pub type ChunkView = Result<AnyView, ChunkError>;

/// Renders the page that `load` fetches and builds.
#[component]
pub fn Chunk<L, F>(
    /// A split point from `pages/chunks.rs`: fetches the chunk (once per
    /// session; a failed fetch is not remembered) and builds the page in it.
    load: L,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = ChunkView> + 'static,
{
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        // The app's owner is current here, and `Suspend` keeps it
        // current while the future runs, so the page built inside the
        // chunk sees the console's contexts.
        let page = SendWrapper::new(load());
        view! {
            <Suspense fallback={ChunkLoading}>
                {Suspend::new(async move {
                    match page.await {
                        Ok(page) => page,
                        Err(ChunkError) => {
                            view! {
                                <ChunkFailed
                                    what="page"
                                    on_retry={move || attempt.update(|n| *n += 1)}
                                />
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        }
    }
}

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
