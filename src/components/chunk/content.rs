//! [`ChunkContent`]: a page or a dialog's content whose code is a chunk.
//!
//! The chunk is fetched first, with the split point's own preload, and the
//! content is then built in one synchronous call, under the owner of this
//! component and outside any tracking, so it sees the console's contexts.
//! Building it instead inside a `Suspend` as the call into the chunk
//! resolved lost the delete dialog's focus handling and panicked on a
//! disposed signal after a delete (caught by `tests/e2e/pool_actions.rs`
//! and `journeys.rs`), and it took a copy of Leptos's suspense machinery
//! into the first load.

use futures::FutureExt;
use leptos::prelude::*;

use super::{ChunkFailed, ChunkLoad, ChunkLoading, ChunkPreload};

/// Where the fetch of the content's chunk is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fetch {
    Running,
    Done,
    Failed,
}

impl Fetch {
    fn of<E>(preloaded: Result<(), E>) -> Fetch {
        if preloaded.is_ok() {
            Fetch::Done
        } else {
            Fetch::Failed
        }
    }
}

/// The content `content` makes, once `preload` has fetched its chunk.
#[component]
pub fn ChunkContent(
    /// "page" or "dialog", as the error panel names it.
    what: &'static str,
    /// The split point's own preload (`preload(...)` in `pages/chunks.rs`):
    /// each split function keeps its own loader, so only its own preload
    /// makes `content` ready without waiting.
    preload: fn() -> ChunkPreload,
    /// Calls the split point that makes the content; called once `preload`
    /// has succeeded, when the call returns at its first poll.
    content: Box<dyn Fn() -> ChunkLoad + Send + Sync>,
) -> impl IntoView {
    let fetch = RwSignal::new(Fetch::Running);
    let start = move || {
        let mut loading = preload();
        // A chunk fetched before (a page opened again) is ready at the
        // first poll: its content shows at once, without "Loading…".
        if let Some(preloaded) = (&mut loading).now_or_never() {
            fetch.set(Fetch::of(preloaded));
            return;
        }
        fetch.set(Fetch::Running);
        leptos::task::spawn_local(async move {
            let done = Fetch::of(loading.await);
            // The page or dialog may have gone meanwhile.
            let _ = fetch.try_set(done);
        });
    };
    start();
    let failed =
        move || view! { <ChunkFailed what={what} on_retry={move || start()} /> }.into_any();
    move || match fetch.get() {
        Fetch::Running => view! { <ChunkLoading /> }.into_any(),
        // Loaded: the split function's future is ready at its first poll.
        Fetch::Done => match untrack(|| content().now_or_never()) {
            Some(Ok(view)) => view,
            Some(Err(_)) | None => failed(),
        },
        Fetch::Failed => failed(),
    }
}
