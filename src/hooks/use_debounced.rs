//! `use_debounced`: run a function once input pauses.

use leptos::prelude::*;

/// A debounced function: [`Debounced::call`] (re)starts the timer,
/// [`Debounced::flush`] runs a pending call at once. `Copy`, so event
/// handlers and effects can hold it freely.
#[derive(Clone, Copy)]
pub struct Debounced {
    pending: StoredValue<Option<TimeoutHandle>>,
    run: StoredValue<Box<dyn Fn() + Send + Sync>>,
    delay: std::time::Duration,
}

/// Returns a [`Debounced`] that runs `f` `delay` after the last call.
///
/// A call still pending when the owner is cleaned up is dropped, unless
/// the caller flushes it in its own `on_cleanup` (the wizard's autosave
/// does: leaving the page must not lose the last keystrokes). `f` may run
/// after the page is gone, so it should use `try_` reads.
///
/// ```ignore
/// let save = use_debounced(Duration::from_millis(300), move || store(draft.get_untracked()));
/// Effect::new(move |_| { draft.track(); save.call(); });
/// ```
pub fn use_debounced(
    delay: std::time::Duration,
    f: impl Fn() + Send + Sync + 'static,
) -> Debounced {
    let debounced = Debounced {
        pending: StoredValue::new(None),
        run: StoredValue::new(Box::new(f)),
        delay,
    };
    on_cleanup(move || {
        if let Some(Some(h)) = debounced.pending.try_get_value() {
            h.clear();
        }
    });
    debounced
}

impl Debounced {
    /// Starts (or restarts) the timer.
    pub fn call(self) {
        if let Some(Some(h)) = self.pending.try_get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let _ = self.pending.try_set_value(None);
                let _ = self.run.try_with_value(|f| f());
            },
            self.delay,
        )
        .ok();
        let _ = self.pending.try_set_value(handle);
    }

    /// Runs a pending call now; nothing when none is pending.
    pub fn flush(self) {
        if let Some(Some(h)) = self.pending.try_get_value() {
            h.clear();
            let _ = self.pending.try_set_value(None);
            let _ = self.run.try_with_value(|f| f());
        }
    }
}
