//! `use_page_tasks`: async work that belongs to the page that started it.

use std::future::Future;

use leptos::prelude::*;

/// Spawns futures under the reactive owner that called [`use_page_tasks`]
/// (the page), cancelled when that owner is cleaned up. `Clone`, so row
/// and dialog handlers can hold it.
///
/// Why not `spawn_local_scoped_with_cancellation` in the handler itself:
/// a handler runs under the owner of the element it is on, and on pages
/// that re-render a subtree (a refetch, a row re-keyed after a toggle)
/// that owner goes away with the subtree, cancelling the task mid-request.
/// Tying the task to the page instead means:
/// - it may read the page's signals after an `await` (they live as long
///   as the task does);
/// - leaving the page drops it, which also aborts its request;
/// - it can never outlive the page and touch disposed signals.
///
/// A write that must finish even when the page goes away (a delete) is
/// not for this: spawn it unscoped and read only `try_` accessors after
/// its `await`.
///
/// It holds the owner weakly: the handlers that hold it are stored under
/// that same owner, and a strong reference made a cycle that kept the
/// page alive after it was left (the pools list's shortcut listener kept
/// running on the next page, and Enter there opened a pool).
#[derive(Clone)]
pub struct PageTasks(leptos::reactive::owner::WeakOwner);

/// A [`PageTasks`] for the current owner. Call it while rendering.
pub fn use_page_tasks() -> PageTasks {
    PageTasks(
        Owner::current()
            .expect("use_page_tasks is called while rendering")
            .downgrade(),
    )
}

impl PageTasks {
    /// Runs `task` under the page's owner until it ends or the page goes;
    /// not at all once the page is gone.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.0.upgrade() {
            owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task));
        }
    }
}
