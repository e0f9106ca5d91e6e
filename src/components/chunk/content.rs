//! A dialog's content whose code is a chunk: the dialog's frame is in the
//! first load and opens at once, and this fills it.
//!
//! Not [`super::Chunk`], which builds the content inside a `Suspend` as
//! the call into the chunk resolves: the delete dialog's content built
//! that way lost its focus handling and panicked on a disposed signal
//! after a delete (caught by `tests/e2e/pool_actions.rs` and
//! `journeys.rs`). Here the chunk is fetched first, and the content is
//! then built in one synchronous call, outside any tracking.

use std::future::Future;

use futures::FutureExt;
use leptos::prelude::*;

use super::{ChunkError, ChunkFailed, ChunkLoading, ChunkView};

/// Where the fetch of the content's chunk is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fetch {
    Running,
    Done,
    Failed,
}

/// The content `content` makes, once `preload` has fetched its chunk.
#[component]
pub fn ChunkContent<P, PF, B, BF>(
    /// The split point's own preload function (`preload(...)` in
    /// `pages/chunks.rs`): each split function keeps its own loader, so
    /// only its own preload makes `content` ready without waiting.
    preload: P,
    /// The split point that makes the content: called once `preload`
    /// has succeeded, when it returns at its first poll.
    content: B,
) -> impl IntoView
where
    P: Fn() -> PF + Copy + Send + Sync + 'static,
    PF: Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>> + 'static,
    B: Fn() -> BF + Send + Sync + 'static,
    BF: Future<Output = ChunkView> + 'static,
{
    let fetch = RwSignal::new(Fetch::Running);
    let start = move || {
        fetch.set(Fetch::Running);
        leptos::task::spawn_local(async move {
            let done = if preload().await.is_ok() {
                Fetch::Done
            } else {
                Fetch::Failed
            };
            // The dialog may have been closed meanwhile.
            let _ = fetch.try_set(done);
        });
    };
    start();
    let failed =
        move || view! { <ChunkFailed what="dialog" on_retry={move || start()} /> }.into_any();
    move || match fetch.get() {
        Fetch::Running => view! { <ChunkLoading /> }.into_any(),
        // Loaded: the split function's future is ready at its first poll.
        Fetch::Done => match untrack(|| content().now_or_never()) {
            Some(Ok(view)) => view,
            Some(Err(ChunkError)) | None => failed(),
        },
        Fetch::Failed => failed(),
    }
}
