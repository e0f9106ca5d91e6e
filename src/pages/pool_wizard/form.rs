//! The wizard's form state: a draft pool held in signals, and derived from
//! it, the model crate's validation in a [`FieldState`]. Each endpoint row
//! has a signal of its own, so typing in one row re-renders that row (and
//! the share column), not the table.
//!
//! A field shows its findings once it was touched, or once Next or Save
//! was pressed on its step; what the server refused is shown at once.
//!
//! Row state is keyed by the row, not its index. The model speaks of
//! `origins[2].weight`; the form files that as `origins#<key>.weight`
//! ([`stable_path`]), so unparsed text, a touched mark or a server
//! error stays with its row when another row is removed or the row moves.
//! (Keyed by index, removing endpoint 1 once left endpoint 2 showing an
//! empty weight box with no message while Review sent its old weight.)
//!
//! What only needs to know that some row changed (the share column's
//! total, the autosave) tracks [`Form::edits`], which each row's own
//! watcher notifies, instead of subscribing to all 500 rows again on every
//! keystroke. The draft itself still reads every row.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use pooldeck_model::validate::{check_name_unique, validate_pool, Limits};
use pooldeck_model::{Origin, Pool};

use super::alert_request::AlertRequest;
use super::steps::{step_of, Step};
use crate::components::field::FieldState;
#[cfg(test)]
use crate::components::field::Message;

/// One endpoint row: a stable key (for rendering, focus and field state)
/// and its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub key: u64,
    pub origin: RwSignal<Origin>,
}

/// The form. `Copy`: every member is a signal or a stored value.
#[derive(Clone, Copy)]
pub struct Form {
    /// Everything but the endpoints.
    pub base: RwSignal<Pool>,
    pub rows: RwSignal<Vec<Row>>,
    /// The health alert to create after saving.
    pub alert: RwSignal<AlertRequest>,
    /// The whole pool as it would be sent.
    pub draft: Memo<Pool>,
    /// Findings, unparsed text, server errors and touched fields, with
    /// row paths keyed by row ([`stable_path`]); one group per step.
    pub fields: FieldState,
    pub step: RwSignal<Step>,
    /// Bumped when the draft is replaced wholesale (a restore, a rebase),
    /// so inputs that only read their value once render again.
    pub generation: RwSignal<u64>,
    /// Notified (a microtask after the write) whenever a row's value
    /// changes, whoever wrote it: each row has a watcher that tracks it
    /// (see [`Form::watch_rows`]).
    pub edits: Trigger,
    next_key: StoredValue<u64>,
    /// The wizard's owner. Row signals are created under it, not under
    /// whatever step or banner ran the handler: those are disposed when
    /// the user moves on, and the rows must outlive them. Held weakly: the
    /// form is stored under that owner, and a strong handle there would
    /// keep the wizard alive after the user left it.
    owner: StoredValue<WeakOwner>,
}

/// The field-state group of a path: its step.
fn group_of(path: &str) -> u8 {
    step_of(path) as u8
}

impl Form {
    /// A form over `initial`. `others` are the account's pools as
    /// `(id, name)`, for the uniqueness check; `own_id` is skipped in it.
    pub fn new(
        initial: Pool,
        limits: Limits,
        others: Vec<(String, String)>,
        own_id: Option<String>,
    ) -> Form {
        let edits = Trigger::new();
        let (base, rows) = split(initial, 0);
        let next_key = StoredValue::new(rows.len() as u64);
        let owner = StoredValue::new(Owner::current().unwrap_or_default().downgrade());
        let base = RwSignal::new(base);
        let rows = RwSignal::new(rows);
        let alert = RwSignal::new(AlertRequest::default());
        let draft = Memo::new(move |_| {
            let mut pool = base.get();
            pool.origins = rows.with(|r| r.iter().map(|row| row.origin.get()).collect());
            pool
        });
        let findings = Signal::derive(move || {
            let keys = rows.with(|r| keys_of(r));
            draft.with(|pool| {
                let mut all = validate_pool(pool, &limits);
                all.extend(check_name_unique(
                    &pool.name,
                    own_id.as_deref(),
                    others.iter().map(|(id, n)| (id.as_str(), n.as_str())),
                ));
                all.extend(alert.with(|a| a.findings(&pool.name)));
                for f in &mut all {
                    f.path = stable_path(&f.path, &keys);
                }
                all
            })
        });
        Form {
            base,
            rows,
            alert,
            draft,
            fields: FieldState::grouped(findings, group_of),
            step: RwSignal::new(Step::Pool),
            generation: RwSignal::new(0),
            edits,
            next_key,
            owner,
        }
    }

    /// Runs `f` under the wizard's owner; once that is gone (the page is
    /// being torn down), under whatever owner is current.
    fn in_owner<T>(&self, f: impl FnOnce() -> T) -> T {
        match self.owner.with_value(WeakOwner::upgrade) {
            Some(owner) => owner.with(f),
            None => f(),
        }
    }

    /// Replaces the whole draft (restore, rebase) and re-renders inputs.
    pub fn replace(&self, pool: Pool) {
        let start = self.next_key.get_value();
        let (base, rows) = self.in_owner(|| split(pool, start));
        self.next_key.set_value(start + rows.len() as u64);
        self.fields.reset_inputs();
        self.base.set(base);
        self.rows.set(rows);
        self.generation.update(|g| *g += 1);
    }

    /// A new row holding `origin`.
    pub fn new_row(&self, origin: Origin) -> Row {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        Row {
            key,
            origin: self.in_owner(|| RwSignal::new(origin)),
        }
    }

    /// Starts the rows' watchers, for [`Form::edits`]: each row, from when
    /// it is added, has an effect that tracks that row alone and notifies
    /// `edits` when it changes. Called once by the wizard (effects need the
    /// browser's executor; the form's tests run without one).
    pub fn watch_rows(&self) {
        let form = *self;
        let watched = StoredValue::new(HashSet::<u64>::new());
        Effect::new(move |_| {
            form.rows.with(|rows| {
                for row in rows {
                    if watched.with_value(|w| w.contains(&row.key)) {
                        continue;
                    }
                    watched.update_value(|w| {
                        w.insert(row.key);
                    });
                    let (origin, edits) = (row.origin, form.edits);
                    // Owned by the form, not by this effect, which would
                    // dispose of them when it runs again.
                    form.in_owner(|| {
                        Effect::watch(move || origin.track(), move |_, _, _| edits.notify(), false)
                    });
                }
            })
        });
    }

    /// Removes the row `key` and everything the form knew about it.
    pub fn remove_row(&self, key: u64) {
        self.rows.update(|r| r.retain(|x| x.key != key));
        self.fields.forget(&row_path(key, None));
    }

    /// The row keys in order, untracked.
    pub fn keys(&self) -> Vec<u64> {
        self.rows.with_untracked(|r| keys_of(r))
    }

    /// Marks a field as left by the user.
    pub fn touch(&self, path: &str) {
        self.fields.touch(path);
    }

    /// Records (or clears) an input that does not parse.
    pub fn set_raw(&self, path: &str, problem: Option<String>) {
        self.fields.input(path, problem.map_or(Ok(()), Err));
    }

    /// What the field at `path` shows now, if anything.
    #[cfg(test)]
    pub fn shown(&self, path: &str) -> Message {
        self.fields.message_now(path)
    }

    /// Shows every message of `step` (its Next was pressed).
    pub fn attempt(&self, step: Step) {
        self.fields.reveal(step as u8);
    }

    /// True once `step`'s messages show (Next, Save, or a server refusal).
    pub fn step_revealed(&self, step: Step) -> bool {
        self.fields.is_revealed(step as u8) || self.fields.has_server_errors()
    }

    /// Every blocking problem on `step`, as `(model path, message)` in
    /// path order: the summary above the step's form.
    pub fn step_errors(&self, step: Step) -> Vec<(String, String)> {
        let list = self.fields.errors_in(Some(step as u8));
        self.rows.with(|r| {
            let keys = keys_of(r);
            list.into_iter()
                .map(|(p, m)| (index_path(&p, &keys), m))
                .collect()
        })
    }

    /// The first step with a blocking problem.
    pub fn first_step_with_errors(&self) -> Option<Step> {
        Step::ALL
            .into_iter()
            .find(|s| !self.step_errors(*s).is_empty())
    }
}

fn keys_of(rows: &[Row]) -> Vec<u64> {
    rows.iter().map(|r| r.key).collect()
}

/// `origins#<key>` and, with `field`, `.field` after it.
pub fn row_path(key: u64, field: Option<&str>) -> String {
    match field {
        Some(f) => format!("origins#{key}.{f}"),
        None => format!("origins#{key}"),
    }
}

/// A model path in the form's namespace: `origins[2].weight` →
/// `origins#<key of row 2>.weight`; other paths unchanged. `keys` are the
/// rows' keys in order.
pub fn stable_path(path: &str, keys: &[u64]) -> String {
    let Some(rest) = path.strip_prefix("origins[") else {
        return path.to_owned();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return path.to_owned();
    };
    match index.parse::<usize>().ok().and_then(|i| keys.get(i)) {
        Some(key) => format!("origins#{key}{tail}"),
        None => path.to_owned(),
    }
}

/// The model path of a form path, for element IDs and links:
/// `origins#<key>.weight` → `origins[<its index now>].weight`.
pub fn index_path(path: &str, keys: &[u64]) -> String {
    let Some(rest) = path.strip_prefix("origins#") else {
        return path.to_owned();
    };
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (key, tail) = rest.split_at(end);
    match key
        .parse::<u64>()
        .ok()
        .and_then(|k| keys.iter().position(|x| *x == k))
    {
        Some(i) => format!("origins[{i}]{tail}"),
        None => path.to_owned(),
    }
}

fn split(mut pool: Pool, first_key: u64) -> (Pool, Vec<Row>) {
    let origins = std::mem::take(&mut pool.origins);
    let rows = origins
        .into_iter()
        .enumerate()
        .map(|(i, o)| Row {
            key: first_key + i as u64,
            origin: RwSignal::new(o),
        })
        .collect();
    (pool, rows)
}

/// The element ID of the input for `path`: `origins[2].weight` →
/// `f-origins-2-weight`. The summary links and the server's errors find
/// fields by it.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            '[' | '.' => id.push('-'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => id.push(c),
            _ => id.push('_'),
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::Owner;

    fn with_owner(f: impl FnOnce()) {
        let owner = Owner::new();
        owner.with(f);
    }

    fn two_rows() -> Pool {
        Pool {
            name: "web".into(),
            origins: vec![Origin::new("a", "192.0.2.1"), Origin::new("b", "192.0.2.2")],
            check_regions: Some(Some(vec![pooldeck_model::CheckRegion::Weu])),
            ..Pool::default()
        }
    }

    // Regression: the form kept a strong handle on the wizard's owner in a
    // value stored under that same owner, so leaving the wizard never
    // disposed of it (the pools page had the same cycle in PageTasks, and
    // its key handler went on running on other pages).
    #[test]
    fn the_form_does_not_keep_its_page_alive() {
        let disposed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let owner = Owner::new();
        owner.with(|| {
            let form = Form::new(two_rows(), Limits::STANDARD, vec![], None);
            form.new_row(Origin::new("c", "192.0.2.3"));
            let flag = disposed.clone();
            on_cleanup(move || flag.store(true, std::sync::atomic::Ordering::SeqCst));
        });
        drop(owner);
        assert!(
            disposed.load(std::sync::atomic::Ordering::SeqCst),
            "dropping the page's owner disposed of it"
        );
    }

    #[test]
    fn ids_and_paths() {
        assert_eq!(field_id("origins[2].weight"), "f-origins-2-weight");
        assert_eq!(
            field_id("origins[0].header.Host"),
            "f-origins-0-header-Host"
        );
        let keys = [7, 3];
        assert_eq!(stable_path("origins[1].weight", &keys), "origins#3.weight");
        assert_eq!(stable_path("origins[5].weight", &keys), "origins[5].weight");
        assert_eq!(stable_path("name", &keys), "name");
        assert_eq!(index_path("origins#3.weight", &keys), "origins[1].weight");
        assert_eq!(index_path("origins#7", &keys), "origins[0]");
        assert_eq!(index_path("origins#70.name", &keys), "origins#70.name");
    }

    #[test]
    fn findings_show_after_touch_or_next() {
        with_owner(|| {
            let pool = Pool {
                name: "bad name!".into(),
                ..two_rows()
            };
            let form = Form::new(pool, Limits::STANDARD, vec![], None);
            assert_eq!(form.shown("name"), None, "untouched fields stay quiet");
            form.touch("name");
            let (message, blocks) = form.shown("name").expect("a finding");
            assert!(blocks);
            assert!(message.contains("may contain only letters"));
            assert_eq!(form.step_errors(Step::Pool).len(), 1);
            assert!(form.step_errors(Step::Endpoints).is_empty());

            // A weight of 1.5 in row 0: shown once Next was pressed.
            form.rows
                .with_untracked(|r| r[0].origin.update(|o| o.weight = 1.5));
            let path = row_path(form.keys()[0], Some("weight"));
            assert_eq!(form.shown(&path), None);
            form.attempt(Step::Endpoints);
            assert!(form
                .shown(&path)
                .unwrap()
                .0
                .starts_with("weight 1.5 must be between 0 and 1"));
            // The summary speaks the model's paths, for links and IDs.
            assert_eq!(form.step_errors(Step::Endpoints)[0].0, "origins[0].weight");
            assert_eq!(form.first_step_with_errors(), Some(Step::Pool));
        });
    }

    // Regression (defect 4): unparsed input and touched state were keyed by
    // index (`origins[i]`). Clearing the weight of endpoint 2 and then
    // removing endpoint 1 left the remaining row with an empty box, no
    // message and nothing blocking, while its old weight was sent.
    #[test]
    fn a_rows_unparsed_weight_stays_with_it_when_another_row_goes() {
        with_owner(|| {
            let form = Form::new(two_rows(), Limits::STANDARD, vec![], None);
            let keys = form.keys();
            let second = row_path(keys[1], Some("weight"));
            form.set_raw(&second, Some("weight is required (0 to 1)".into()));
            form.touch(&second);
            form.remove_row(keys[0]);
            assert_eq!(
                form.shown(&second),
                Some(("weight is required (0 to 1)".into(), true))
            );
            // The summary names it at its new index, and saving is blocked.
            assert_eq!(
                form.step_errors(Step::Endpoints),
                vec![(
                    "origins[0].weight".to_owned(),
                    "weight is required (0 to 1)".to_owned()
                )]
            );
            assert_eq!(form.first_step_with_errors(), Some(Step::Endpoints));
        });
    }

    // Regression (defect 4): moving a row gave its message to the neighbour.
    #[test]
    fn a_message_moves_with_its_row() {
        with_owner(|| {
            let form = Form::new(two_rows(), Limits::STANDARD, vec![], None);
            let keys = form.keys();
            form.rows
                .with_untracked(|r| r[0].origin.update(|o| o.address = "not an address".into()));
            let address = row_path(keys[0], Some("address"));
            form.touch(&address);
            assert!(form.shown(&address).is_some());
            form.rows.update(|r| r.swap(0, 1));
            assert!(
                form.shown(&address).is_some(),
                "the message follows the row"
            );
            assert_eq!(form.shown(&row_path(keys[1], Some("address"))), None);
            assert_eq!(form.step_errors(Step::Endpoints)[0].0, "origins[1].address");
        });
    }

    #[test]
    fn uniqueness_skips_the_pool_itself() {
        with_owner(|| {
            let pool = Pool {
                id: Some("p1".into()),
                ..two_rows()
            };
            let others = vec![("p1".to_owned(), "web".to_owned())];
            let editing = Form::new(
                pool.clone(),
                Limits::STANDARD,
                others.clone(),
                Some("p1".into()),
            );
            assert!(editing.step_errors(Step::Pool).is_empty());
            let cloning = Form::new(pool, Limits::STANDARD, others, None);
            assert!(cloning.step_errors(Step::Pool)[0]
                .1
                .ends_with("value not unique"));
        });
    }

    #[test]
    fn server_errors_and_raw_inputs_block() {
        with_owner(|| {
            let form = Form::new(Pool::default(), Limits::STANDARD, vec![], None);
            form.fields.set_server(vec![(
                "monitor".into(),
                "monitor \"x\" does not exist in this account: validation failed".into(),
            )]);
            assert!(form.shown("monitor").unwrap().1);
            form.set_raw("latitude", Some("latitude must be a number".into()));
            assert!(form
                .step_errors(Step::Traffic)
                .iter()
                .any(|(p, _)| p == "latitude"));
            form.set_raw("latitude", None);
            assert!(!form
                .step_errors(Step::Traffic)
                .iter()
                .any(|(p, _)| p == "latitude"));
        });
    }

    #[test]
    fn replacing_the_draft_keeps_keys_unique() {
        with_owner(|| {
            let pool = two_rows();
            let form = Form::new(pool.clone(), Limits::STANDARD, vec![], None);
            let before = form.keys();
            form.replace(pool);
            let after = form.keys();
            assert!(before.iter().all(|k| !after.contains(k)));
            assert_eq!(form.draft.get_untracked().origins.len(), 2);
            assert_eq!(form.generation.get_untracked(), 1);
        });
    }
}
