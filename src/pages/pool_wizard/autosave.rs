//! The wizard's autosave: the draft goes to localStorage 300 ms after the
//! last change, and at once when the page is hidden or left, so input
//! survives a closed tab, a crash or a mistaken click.

use leptos::prelude::*;

use super::draft_store::{self, StoredDraft};
use super::form::Form;
use crate::hooks::{use_debounced, use_window_listener};
use pooldeck_model::Pool;

/// What the autosave compares and writes.
#[derive(Clone, Copy)]
pub struct Autosave {
    pub form: Form,
    /// The localStorage key (account and pool).
    pub key: StoredValue<String>,
    /// The pool the wizard started from: a draft equal to it is not kept.
    pub baseline: StoredValue<Pool>,
    /// True once saved: nothing more is written.
    pub saved: Signal<bool>,
    /// An older draft still waiting to be restored or discarded.
    pub offered: RwSignal<Option<StoredDraft>>,
    /// The server's copy an edit is based on, stored beside the draft.
    pub loaded: RwSignal<Option<Pool>>,
}

impl Autosave {
    /// Writes the draft now. Also runs from cleanup, where the page's values
    /// may already be gone: every read is a `try_`.
    fn write(self) {
        let (Some(draft), Some(done), Some(key)) = (
            self.form.draft.try_get_untracked(),
            self.saved.try_get_untracked(),
            self.key.try_get_value(),
        ) else {
            return;
        };
        if done {
            return;
        }
        if self
            .baseline
            .try_with_value(|b| *b == draft)
            .unwrap_or(false)
        {
            // Back to the start: nothing worth keeping, unless an older
            // draft is still waiting to be restored or discarded.
            if self
                .offered
                .try_with_untracked(Option::is_none)
                .unwrap_or(true)
            {
                draft_store::clear(&key);
            }
            return;
        }
        draft_store::save(
            &key,
            &StoredDraft {
                pool: draft,
                loaded: self.loaded.try_get_untracked().flatten(),
                saved_at: js_sys::Date::now(),
            },
        );
    }
}

/// Starts autosaving for the current component.
pub fn use_autosave(autosave: Autosave) {
    // Serialising a pool of 500 endpoints on every keystroke costs more
    // than the keystroke, hence the debounce.
    let writer = use_debounced(std::time::Duration::from_millis(300), move || {
        autosave.write()
    });
    let form = autosave.form;
    Effect::new(move |_| {
        // Tracks the parts, not the draft memo: reading that would rebuild
        // the whole pool on every keystroke just to be told. A row's change
        // comes through `edits`, not a subscription to every row.
        form.base.track();
        form.rows.track();
        form.edits.track();
        writer.call();
    });
    use_window_listener::<web_sys::Event>("pagehide", move |_| writer.flush());
    on_cleanup(move || writer.flush());
}
