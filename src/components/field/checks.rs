//! The validation state of a small form (a monitor, a monitor group, an
//! alert): the model crate's findings, inputs that do not parse, errors
//! the server sent, and which fields have been touched. A field shows its
//! message once it was left or a save was tried, never before any input.
//!
//! The pool wizard has its own, step-aware state (`pages/pool_wizard/form`);
//! this is the same rule set for one-page forms.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use pooldeck_model::validate::FieldError;

use super::Message;
use crate::api::ApiError;

/// A form's validation state. `Copy`: it is only signals.
#[derive(Clone, Copy)]
pub struct Checks {
    findings: Signal<Vec<FieldError>>,
    /// Text that does not parse, by field path ("port must be a whole number").
    pub raw: RwSignal<BTreeMap<String, String>>,
    /// Errors from the last save, by field path (`""`: about no field).
    pub server: RwSignal<Vec<(String, String)>>,
    touched: RwSignal<HashSet<String>>,
    submitted: RwSignal<bool>,
}

/// True when a finding at `found` belongs to the field `path` (the field
/// itself, or a member or element of it).
fn belongs(found: &str, path: &str) -> bool {
    found == path
        || found
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

impl Checks {
    /// `findings` is the model's verdict on the current value.
    pub fn new(findings: Signal<Vec<FieldError>>) -> Self {
        Checks {
            findings,
            raw: RwSignal::new(BTreeMap::new()),
            server: RwSignal::new(Vec::new()),
            touched: RwSignal::new(HashSet::new()),
            submitted: RwSignal::new(false),
        }
    }

    /// Marks `path` as left by the user, so its message may show.
    pub fn touch(self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_owned());
            });
        }
    }

    /// Records an input's text: `Err` keeps the parse message and leaves
    /// the value alone; `Ok` clears it. A server error on the field is
    /// cleared by any edit, since it described the old value.
    pub fn input(self, path: &str, parsed: Result<(), String>) {
        self.server.update(|s| s.retain(|(p, _)| !belongs(p, path)));
        self.raw.update(|r| match parsed {
            Ok(()) => {
                r.remove(path);
            }
            Err(e) => {
                r.insert(path.to_owned(), e);
            }
        });
    }

    /// The message the field at `path` shows now.
    pub fn message(self, path: impl Into<String>) -> Signal<Message> {
        let path: String = path.into();
        Memo::new(move |_| self.message_now(&path)).into()
    }

    fn message_now(self, path: &str) -> Message {
        if let Some(m) = self.server.with(|s| {
            s.iter()
                .find(|(p, _)| belongs(p, path))
                .map(|(_, m)| m.clone())
        }) {
            return Some((m, true));
        }
        if !(self.submitted.get() || self.touched.with(|t| t.contains(path))) {
            return None;
        }
        if let Some(m) = self.raw.with(|r| r.get(path).cloned()) {
            return Some((m, true));
        }
        self.findings.with(|f| {
            let mine: Vec<&FieldError> = f.iter().filter(|e| belongs(&e.path, path)).collect();
            mine.iter()
                .find(|e| e.is_error())
                .or_else(|| mine.first())
                .map(|e| (e.message.clone(), e.is_error()))
        })
    }

    /// Every blocking problem, for a summary: `(path, message)`.
    pub fn errors(self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.raw.get().into_iter().collect();
        let found: Vec<(String, String)> = self.findings.with(|f| {
            f.iter()
                .filter(|e| e.is_error() && !out.iter().any(|(p, _)| p == &e.path))
                .map(|e| (e.path.clone(), e.message.clone()))
                .collect()
        });
        out.extend(found);
        out.extend(self.server.get());
        out
    }

    /// A save was pressed: shows every message, and says whether the
    /// value may be sent (nothing blocks).
    pub fn submit(self) -> bool {
        self.submitted.set(true);
        self.server.set(Vec::new());
        self.raw.with_untracked(BTreeMap::is_empty)
            && self
                .findings
                .with_untracked(|f| !f.iter().any(FieldError::is_error))
    }

    /// Files the server's errors under their fields; returns those about
    /// no field the form shows, joined for a banner.
    pub fn server_failed(self, error: &ApiError, known: &[&str]) -> Option<String> {
        let mut general = Vec::new();
        let mut by_field = Vec::new();
        for (path, message) in error.field_errors() {
            if !path.is_empty() && known.iter().any(|k| belongs(&path, k)) {
                by_field.push((path, message));
            } else {
                general.push(message);
            }
        }
        self.server.set(by_field);
        if general.is_empty() && error.errors.is_empty() {
            general.push(error.summary());
        }
        (!general.is_empty()).then(|| general.join("; "))
    }
}

/// Moves focus to the first field of `form` that says it is invalid.
/// Runs after the messages render (they do on the next microtask).
pub fn focus_first_invalid(form: web_sys::HtmlElement) {
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        use wasm_bindgen::JsCast;
        if let Some(el) = form
            .query_selector("[aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Moves focus to the element `id` once it has rendered (a row just
/// added renders after the update that added it).
pub fn focus_later(id: String) {
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(0).await;
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::belongs;

    #[test]
    fn a_finding_belongs_to_its_field_and_its_members() {
        assert!(belongs("port", "port"));
        assert!(belongs("header.Host", "header"));
        assert!(belongs("members[2].monitor_id", "members"));
        assert!(!belongs("portal", "port"));
        assert!(!belongs("header", "header.Host"));
    }
}
