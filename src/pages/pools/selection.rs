//! The pools picked for a bulk change. Kept above the routes (provided by
//! the app), so the selection survives going to the bulk page and back.

use std::collections::HashSet;

use leptos::prelude::*;

/// The selected pools' IDs. A `HashSet`: the first load already has the
/// hash table's code, and a `BTreeSet` brought 3 KB of its own (1 KB gzip).
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<HashSet<String>>);

impl Selection {
    /// Provides an empty selection (once, in the app).
    pub fn provide() {
        provide_context(Selection(RwSignal::new(HashSet::new())));
    }

    pub fn is_selected(&self, id: &str) -> bool {
        self.0.with(|s| s.contains(id))
    }

    /// Selects `id`, or unselects it when `on` is false.
    pub fn set(&self, id: &str, on: bool) {
        self.0.update(|s| {
            if on {
                s.insert(id.to_owned());
            } else {
                s.remove(id);
            }
        });
    }

    pub fn toggle(&self, id: &str) {
        let on = !self.0.with_untracked(|s| s.contains(id));
        self.set(id, on);
    }

    /// Selects every one of `ids`, or unselects them all when `on` is false.
    pub fn set_all(&self, ids: &[String], on: bool) {
        self.0.update(|s| {
            for id in ids {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(id);
                }
            }
        });
    }

    pub fn clear(&self) {
        self.0.update(HashSet::clear);
    }
}

/// The app's selection.
pub fn use_selection() -> Selection {
    expect_context::<Selection>()
}
