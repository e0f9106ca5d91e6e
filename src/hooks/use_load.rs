//! `use_load`: what a page loads, loaded again on demand.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::use_page_tasks;

/// A page's loaded value: `None` until the first load ends. `Copy`, so
/// views, effects and handlers can hold it freely.
///
/// Why not `LocalResource`: it is built on `AsyncDerived`, whose lock,
/// wakers and transition bookkeeping came to about 20 KB of the first
/// load's wasm, while the pools list needs only this: load once, load
/// again when asked, keep showing the last value meanwhile.
pub struct Load<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    reload: StoredValue<Box<dyn Fn() + Send + Sync>>,
}

// By hand: a derive would ask `T: Copy`, and the handles are `Copy`
// whatever `T` is.
impl<T: Send + Sync + 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Load<T> {}

/// The future a [`use_load`] fetcher returns. Boxed, so the hook's body is
/// compiled once however many fetchers there are.
pub type LoadFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Starts `fetch` at once and returns its [`Load`]; or, when the value is
/// `at_hand` already (the pools list's preloaded answers), starts with it
/// and loads nothing until asked.
///
/// - [`Load::reload`] runs `fetch` again. The value shown stays until the
///   new one arrives, so a refresh does not blank the page.
/// - When loads overlap, only the latest one's value is kept: an older
///   answer that arrives last does not overwrite a newer one.
/// - Each load is a page task ([`use_page_tasks`]): leaving the page
///   cancels it, and with it the request.
pub fn use_load<T: Send + Sync + 'static>(
    at_hand: Option<T>,
    fetch: impl Fn() -> LoadFuture<T> + Send + Sync + 'static,
) -> Load<T> {
    let start = at_hand.is_none();
    let value = RwSignal::new(at_hand);
    let latest = StoredValue::new(0u64);
    let tasks = use_page_tasks();
    let reload = move || {
        let Some(run) = latest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let load = fetch();
        tasks.spawn(async move {
            let loaded = load.await;
            if latest.try_get_value() == Some(run) {
                value.try_set(Some(loaded));
            }
        });
    };
    if start {
        reload();
    }
    Load {
        value,
        reload: StoredValue::new(Box::new(reload)),
    }
}

impl<T: Send + Sync + 'static> Load<T> {
    /// Reads the value, `None` while the first load runs; tracked.
    pub fn with<R>(&self, f: impl FnOnce(&Option<T>) -> R) -> R {
        self.value.with(f)
    }

    /// Loads again, keeping the current value until the new one arrives.
    /// Nothing once the page is gone.
    pub fn reload(&self) {
        let _ = self.reload.try_with_value(|r| r());
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::sync::Once;

    use futures::channel::oneshot;
    use futures::executor::{LocalPool, LocalSpawner};
    use futures::task::LocalSpawnExt;

    use super::*;

    thread_local! {
        static POOL: RefCell<LocalPool> = RefCell::new(LocalPool::new());
        static SPAWNER: LocalSpawner = POOL.with(|p| p.borrow().spawner());
    }

    /// Runs the tasks on the test's own thread, when the test says so.
    struct ThreadPools;

    impl any_spawner::CustomExecutor for ThreadPools {
        fn spawn(&self, fut: any_spawner::PinnedFuture<()>) {
            SPAWNER.with(|s| s.spawn_local(fut).expect("spawn"));
        }
        fn spawn_local(&self, fut: any_spawner::PinnedLocalFuture<()>) {
            SPAWNER.with(|s| s.spawn_local(fut).expect("spawn"));
        }
        fn poll_local(&self) {}
    }

    fn run_tasks() {
        POOL.with(|p| p.borrow_mut().run_until_stalled());
    }

    /// A fetcher whose loads end when the test answers them, in any order.
    type Pending = Rc<RefCell<Vec<oneshot::Sender<u32>>>>;

    fn answered_by_hand(owner: &Owner, at_hand: Option<u32>) -> (Load<u32>, Pending) {
        static EXECUTOR: Once = Once::new();
        EXECUTOR.call_once(|| {
            any_spawner::Executor::init_custom_executor(ThreadPools).expect("one executor");
        });
        let pending: Pending = Rc::default();
        let senders = send_wrapper::SendWrapper::new(pending.clone());
        let load = owner.with(|| {
            use_load(at_hand, move || -> LoadFuture<u32> {
                let (tx, rx) = oneshot::channel();
                senders.borrow_mut().push(tx);
                Box::pin(async move { rx.await.unwrap_or(0) })
            })
        });
        (load, pending)
    }

    fn answer(pending: &Pending, load: usize, value: u32) {
        let tx = std::mem::replace(&mut pending.borrow_mut()[load], oneshot::channel().0);
        tx.send(value).expect("the load is waiting");
        run_tasks();
    }

    #[test]
    fn nothing_until_the_first_load_ends_then_its_value() {
        let owner = Owner::new();
        let (load, pending) = answered_by_hand(&owner, None);
        run_tasks();
        assert_eq!(pending.borrow().len(), 1, "the load starts at once");
        assert_eq!(load.with(Clone::clone), None);
        answer(&pending, 0, 7);
        assert_eq!(load.with(Clone::clone), Some(7));
    }

    #[test]
    fn a_reload_keeps_the_value_shown_until_the_new_one_arrives() {
        let owner = Owner::new();
        let (load, pending) = answered_by_hand(&owner, None);
        answer(&pending, 0, 1);
        load.reload();
        run_tasks();
        assert_eq!(load.with(Clone::clone), Some(1));
        answer(&pending, 1, 2);
        assert_eq!(load.with(Clone::clone), Some(2));
    }

    #[test]
    fn an_older_answer_arriving_last_does_not_overwrite_a_newer_one() {
        let owner = Owner::new();
        let (load, pending) = answered_by_hand(&owner, None);
        load.reload();
        run_tasks();
        answer(&pending, 1, 2);
        answer(&pending, 0, 1);
        assert_eq!(load.with(Clone::clone), Some(2));
    }

    #[test]
    fn a_value_at_hand_is_shown_at_once_and_loaded_again_only_when_asked() {
        let owner = Owner::new();
        let (load, pending) = answered_by_hand(&owner, Some(3));
        assert_eq!(load.with(Clone::clone), Some(3), "before any task runs");
        run_tasks();
        assert!(pending.borrow().is_empty(), "no first load");
        load.reload();
        run_tasks();
        assert_eq!(pending.borrow().len(), 1);
        answer(&pending, 0, 4);
        assert_eq!(load.with(Clone::clone), Some(4));
    }

    #[test]
    fn leaving_the_page_cancels_its_loads_and_a_reload_then_does_nothing() {
        let owner = Owner::new();
        let (load, pending) = answered_by_hand(&owner, None);
        run_tasks();
        owner.cleanup();
        run_tasks();
        assert!(
            pending.borrow()[0].is_canceled(),
            "the load's future is dropped with the page"
        );
        load.reload();
        run_tasks();
        assert_eq!(pending.borrow().len(), 1, "no load starts after the page");
    }
}
