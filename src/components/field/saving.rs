//! Saving a small form: the gate on Save (nothing blocks, else focus the
//! first invalid field), the busy flag, the request, and what a failure
//! does (each error under its field, the rest in a banner, focus moved).

use std::future::Future;

use leptos::html;
use leptos::prelude::*;

use super::{focus_first_invalid, FieldState};
use crate::api::ApiError;

/// A form's save state. `Copy`: it is only signals.
#[derive(Clone, Copy)]
pub struct Saving {
    fields: FieldState,
    /// The field paths the form shows; server errors about others go to
    /// the banner.
    known: &'static [&'static str],
    pub busy: RwSignal<bool>,
    /// A failure about no shown field.
    pub banner: RwSignal<Option<String>>,
    /// The `<form>`, to find its invalid fields.
    pub form: NodeRef<html::Form>,
}

impl Saving {
    pub fn new(fields: FieldState, known: &'static [&'static str]) -> Self {
        Saving {
            fields,
            known,
            busy: RwSignal::new(false),
            banner: RwSignal::new(None),
            form: NodeRef::new(),
        }
    }

    fn focus_invalid(self) {
        if let Some(f) = self.form.get_untracked() {
            focus_first_invalid(f.into());
        }
    }

    /// On submit: true when the value may be sent; otherwise every message
    /// shows and focus goes to the first invalid field.
    pub fn begin(self, ev: &web_sys::SubmitEvent) -> bool {
        ev.prevent_default();
        self.banner.set(None);
        if self.busy.get_untracked() {
            return false;
        }
        let ok = self.fields.submit();
        if !ok {
            self.focus_invalid();
        }
        ok
    }

    /// Runs `save`; `done` gets its answer, a failure is filed in the form.
    ///
    /// The write runs in an unscoped task, so leaving the page does not cut
    /// it off half-way. Once it has answered, nothing more happens if the
    /// page is gone: `done` and the failure filing read the page's signals,
    /// and reading a disposed signal panics.
    pub fn run<T: 'static>(
        self,
        save: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = save.await;
            if self.busy.try_set(false).is_some() {
                // The page was left while saving.
                return;
            }
            match answer {
                Ok(v) => done(v),
                Err(e) => {
                    self.banner.set(self.fields.server_failed(&e, self.known));
                    self.focus_invalid();
                }
            }
        });
    }
}
