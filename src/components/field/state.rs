//! The validation state of every form in the console: the pool wizard and
//! the one-page forms (a monitor, a monitor group, an alert) alike.
//!
//! It holds the model crate's findings on the current value, text that does
//! not parse, what the server refused, which fields were left, and which
//! groups of fields have had a save or Next pressed. A field shows its
//! message once it was left or its group revealed, never before any input;
//! what the server refused shows at once.
//!
//! Paths are in the form's own namespace. For one-page forms that is the
//! model's (`port`, `members[2].monitor_id`). A form whose rows can be
//! added, removed and moved (the wizard's endpoints) must key each row by
//! its identity, not its index (`origins#7.weight`, see the wizard's
//! `form.rs`), so a message, a touched mark or unparsed text stays with its
//! row when another row goes away or the row moves.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use pooldeck_model::validate::FieldError;

use super::Message;
use crate::api::ApiError;

/// A form's validation state. `Copy`: it is only signals.
#[derive(Clone, Copy)]
pub struct FieldState {
    /// The model's verdict on the current value, by path.
    findings: Memo<BTreeMap<String, Vec<FieldError>>>,
    /// Text that does not parse, by path ("port must be a whole number").
    raw: RwSignal<BTreeMap<String, String>>,
    /// Errors from the last save, by path (`""`: about no field).
    server: RwSignal<Vec<(String, String)>>,
    touched: RwSignal<HashSet<String>>,
    /// Groups whose messages all show (a save or Next was pressed).
    revealed: RwSignal<HashSet<u8>>,
    /// Which group a path belongs to (the wizard's step; 0 elsewhere).
    group_of: fn(&str) -> u8,
}

/// True when a finding at `found` belongs to the field `path`: the field
/// itself, or a member or element of it (`header.Host` belongs to
/// `header`, `members[2].monitor_id` to `members`).
pub fn belongs(found: &str, path: &str) -> bool {
    found == path
        || found
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn one_group(_: &str) -> u8 {
    0
}

impl FieldState {
    /// A one-page form: `findings` is the model's verdict on its value.
    pub fn new(findings: Signal<Vec<FieldError>>) -> Self {
        Self::grouped(findings, one_group)
    }

    /// A form in parts (the wizard's steps): `group_of` says which part
    /// holds a path, and [`FieldState::reveal`] shows one part's messages.
    pub fn grouped(findings: Signal<Vec<FieldError>>, group_of: fn(&str) -> u8) -> Self {
        let findings = Memo::new(move |_| {
            let mut by_path: BTreeMap<String, Vec<FieldError>> = BTreeMap::new();
            findings.with(|all| {
                for f in all {
                    by_path.entry(f.path.clone()).or_default().push(f.clone());
                }
            });
            by_path
        });
        FieldState {
            findings,
            raw: RwSignal::new(BTreeMap::new()),
            server: RwSignal::new(Vec::new()),
            touched: RwSignal::new(HashSet::new()),
            revealed: RwSignal::new(HashSet::new()),
            group_of,
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

    /// Records an input's text: `Err` keeps the parse message (the value is
    /// left alone, and the message blocks saving until fixed); `Ok` clears
    /// it. A server error on the field is cleared by any edit, since it
    /// described the old value.
    pub fn input(self, path: &str, parsed: Result<(), String>) {
        if self
            .server
            .with_untracked(|s| s.iter().any(|(p, _)| belongs(p, path)))
        {
            self.server.update(|s| s.retain(|(p, _)| !belongs(p, path)));
        }
        let now = self.raw.with_untracked(|r| r.get(path).cloned());
        match parsed {
            Ok(()) if now.is_some() => self.raw.update(|r| {
                r.remove(path);
            }),
            Err(e) if now.as_ref() != Some(&e) => self.raw.update(|r| {
                r.insert(path.to_owned(), e);
            }),
            _ => {}
        }
    }

    /// The text at `path` that does not parse, shown or not yet (tracked).
    pub fn unparsed(self, path: &str) -> Option<String> {
        self.raw.with(|r| r.get(path).cloned())
    }

    /// Forgets everything about `path` and its members: a row that was
    /// removed takes its state with it.
    pub fn forget(self, path: &str) {
        let gone = |p: &str| belongs(p, path);
        if self.raw.with_untracked(|r| r.keys().any(|p| gone(p))) {
            self.raw.update(|r| r.retain(|p, _| !gone(p)));
        }
        if self.touched.with_untracked(|t| t.iter().any(|p| gone(p))) {
            self.touched.update(|t| t.retain(|p| !gone(p)));
        }
        if self
            .server
            .with_untracked(|s| s.iter().any(|(p, _)| gone(p)))
        {
            self.server.update(|s| s.retain(|(p, _)| !gone(p)));
        }
    }

    /// Forgets every unparsed text and touched mark: the whole value was
    /// replaced (a restored draft, a rebase).
    pub fn reset_inputs(self) {
        self.raw.set(BTreeMap::new());
        self.touched.set(HashSet::new());
    }

    /// The message the field at `path` shows, as a memo so only changes
    /// render.
    pub fn message(self, path: impl Into<String>) -> Signal<Message> {
        let path: String = path.into();
        Memo::new(move |_| self.message_now(&path)).into()
    }

    /// [`FieldState::message`] for a path that changes (a row's field,
    /// whose index path follows the row).
    pub fn message_at(self, path: Signal<String>) -> Signal<Message> {
        Memo::new(move |_| path.with(|p| self.message_now(p))).into()
    }

    /// The message the field at `path` shows now: a server error first,
    /// then (once visible) unparsed text, then the model's first error, or
    /// its first warning.
    pub fn message_now(self, path: &str) -> Message {
        if let Some(m) = self.server.with(|s| {
            s.iter()
                .find(|(p, _)| belongs(p, path))
                .map(|(_, m)| m.clone())
        }) {
            return Some((m, true));
        }
        let visible = self.touched.with(|t| t.contains(path))
            || self.revealed.with(|g| g.contains(&(self.group_of)(path)));
        if !visible {
            return None;
        }
        if let Some(m) = self.raw.with(|r| r.get(path).cloned()) {
            return Some((m, true));
        }
        self.findings.with(|f| {
            let mine = mine(f, path);
            mine.iter()
                .find(|e| e.is_error())
                .or_else(|| mine.first())
                .map(|e| (e.message.clone(), e.is_error()))
        })
    }

    /// Every blocking problem in group `group` (or all, with `None`), as
    /// `(path, message)` in path order, for a summary.
    pub fn errors_in(self, group: Option<u8>) -> Vec<(String, String)> {
        let wanted = |p: &str| group.is_none_or(|g| (self.group_of)(p) == g);
        let mut out: Vec<(String, String)> = self.raw.with(|r| {
            r.iter()
                .filter(|(p, _)| wanted(p))
                .map(|(p, m)| (p.clone(), m.clone()))
                .collect()
        });
        self.findings.with(|f| {
            for (path, list) in f {
                // Unparsed text speaks for its field; the model judged the
                // value the text did not replace.
                if !wanted(path) || out.iter().any(|(p, _)| p == path) {
                    continue;
                }
                if let Some(e) = list.iter().find(|e| e.is_error()) {
                    out.push((path.clone(), e.message.clone()));
                }
            }
        });
        self.server.with(|s| {
            out.extend(s.iter().filter(|(p, _)| wanted(p)).cloned());
        });
        out.sort_by_key(|(p, _)| path_order(p));
        out.dedup();
        out
    }

    /// Every blocking problem: [`FieldState::errors_in`] for all groups.
    pub fn errors(self) -> Vec<(String, String)> {
        self.errors_in(None)
    }

    /// Shows every message of `group` (its Next was pressed).
    pub fn reveal(self, group: u8) {
        if !self.revealed.with_untracked(|g| g.contains(&group)) {
            self.revealed.update(|g| {
                g.insert(group);
            });
        }
    }

    /// True once `group`'s messages show.
    pub fn is_revealed(self, group: u8) -> bool {
        self.revealed.with(|g| g.contains(&group))
    }

    /// A save was pressed on a one-page form: shows every message, forgets
    /// the last save's errors, and says whether the value may be sent
    /// (nothing blocks).
    pub fn submit(self) -> bool {
        self.reveal(0);
        self.server.set(Vec::new());
        self.raw.with_untracked(BTreeMap::is_empty)
            && self
                .findings
                .with_untracked(|f| !f.values().flatten().any(FieldError::is_error))
    }

    /// Puts the server's errors under their fields (already in the form's
    /// namespace).
    pub fn set_server(self, errors: Vec<(String, String)>) {
        self.server.set(errors);
    }

    /// True while the last save's errors are shown.
    pub fn has_server_errors(self) -> bool {
        self.server.with(|s| !s.is_empty())
    }

    /// Forgets the last save's errors (the value they described is gone).
    pub fn clear_server(self) {
        if self.server.with_untracked(|s| !s.is_empty()) {
            self.server.set(Vec::new());
        }
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

/// The findings at `path` and its members: an exact lookup, then a range
/// scan of the keys that start with it (the map is ordered, so this stays
/// cheap for 500 endpoint rows).
fn mine<'a>(f: &'a BTreeMap<String, Vec<FieldError>>, path: &str) -> Vec<&'a FieldError> {
    let mut out: Vec<&FieldError> = f.get(path).into_iter().flatten().collect();
    for (p, list) in
        f.range::<str, _>((std::ops::Bound::Excluded(path), std::ops::Bound::Unbounded))
    {
        if !p.starts_with(path) {
            break;
        }
        if belongs(p, path) {
            out.extend(list);
        }
    }
    out
}

/// Sorts `origins[10]` after `origins[9]`, and otherwise by path.
fn path_order(path: &str) -> (String, usize, String) {
    let top = path
        .split(['.', '[', '#'])
        .next()
        .unwrap_or_default()
        .to_owned();
    let index = path
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0);
    (top, index, path.to_owned())
}

/// Moves focus to the first field of `form` that says it is invalid.
/// Runs after the messages render (they do on the next microtask).
pub fn focus_first_invalid(form: web_sys::HtmlElement) {
    request_animation_frame(move || {
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

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::validate::{Rule, Severity};

    fn with_owner(f: impl FnOnce()) {
        Owner::new().with(f);
    }

    fn finding(path: &str, message: &str) -> FieldError {
        FieldError {
            path: path.to_owned(),
            code: Rule::NameCharset,
            message: message.to_owned(),
            severity: Severity::Error,
        }
    }

    #[test]
    fn a_finding_belongs_to_its_field_and_its_members() {
        assert!(belongs("port", "port"));
        assert!(belongs("header.Host", "header"));
        assert!(belongs("members[2].monitor_id", "members"));
        assert!(!belongs("portal", "port"));
        assert!(!belongs("header", "header.Host"));
        // A row keyed by identity is not a member of the list's own path.
        assert!(!belongs("origins#3.weight", "origins"));
    }

    #[test]
    fn messages_wait_for_a_touch_or_a_reveal() {
        with_owner(|| {
            let findings = Signal::stored(vec![finding("name", "bad name")]);
            let fields = FieldState::new(findings);
            assert_eq!(fields.message_now("name"), None);
            fields.touch("name");
            assert_eq!(fields.message_now("name"), Some(("bad name".into(), true)));
            assert_eq!(fields.errors().len(), 1);
            assert!(!fields.submit());
        });
    }

    #[test]
    fn unparsed_text_speaks_for_its_field_until_fixed() {
        with_owner(|| {
            let fields = FieldState::new(Signal::stored(vec![]));
            fields.input("port", Err("port must be a whole number".into()));
            fields.reveal(0);
            assert_eq!(
                fields.message_now("port"),
                Some(("port must be a whole number".into(), true))
            );
            assert!(!fields.submit());
            fields.input("port", Ok(()));
            assert_eq!(fields.message_now("port"), None);
            assert!(fields.submit());
        });
    }

    #[test]
    fn a_removed_row_takes_its_state_and_leaves_the_others() {
        with_owner(|| {
            let fields = FieldState::new(Signal::stored(vec![]));
            fields.input("origins#1.weight", Err("weight is required".into()));
            fields.input("origins#2.weight", Err("weight is required".into()));
            fields.forget("origins#1");
            let left: Vec<String> = fields.errors().into_iter().map(|(p, _)| p).collect();
            assert_eq!(left, vec!["origins#2.weight".to_owned()]);
        });
    }

    #[test]
    fn groups_reveal_separately_and_order_by_index() {
        fn group(p: &str) -> u8 {
            u8::from(p.starts_with("origins"))
        }
        with_owner(|| {
            let findings = Signal::stored(vec![
                finding("origins[10].name", "ten"),
                finding("origins[9].name", "nine"),
                finding("name", "bad name"),
            ]);
            let fields = FieldState::grouped(findings, group);
            fields.reveal(1);
            assert_eq!(fields.message_now("name"), None);
            assert!(fields.message_now("origins[9].name").is_some());
            let paths: Vec<String> = fields
                .errors_in(Some(1))
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            assert_eq!(paths, vec!["origins[9].name", "origins[10].name"]);
        });
    }

    #[test]
    fn server_errors_show_at_once_and_go_with_an_edit() {
        with_owner(|| {
            let fields = FieldState::new(Signal::stored(vec![]));
            fields.set_server(vec![("name".into(), "taken".into())]);
            assert_eq!(fields.message_now("name"), Some(("taken".into(), true)));
            fields.input("name", Ok(()));
            assert_eq!(fields.message_now("name"), None);
        });
    }
}
