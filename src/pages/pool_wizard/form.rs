//! The wizard's form state: a draft pool held in signals, and derived from
//! it, the model crate's validation. Each endpoint row has a signal of its
//! own, so typing in one row re-renders that row (and the share column),
//! not the table.
//!
//! A field shows its findings once it was touched, or once Next or Save
//! was pressed on its step; what the server refused is shown at once.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use pooldeck_model::validate::{check_name_unique, validate_pool, FieldError, Limits};
use pooldeck_model::{Origin, Pool};

use super::alert_request::AlertRequest;
use super::steps::{step_of, Step};

/// One endpoint row: a stable key (for rendering and focus) and its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub key: u64,
    pub origin: RwSignal<Origin>,
}

/// What a field shows under itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub message: String,
    /// False for a warning, which does not block.
    pub blocks: bool,
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
    /// Validation findings by field path.
    pub findings: Memo<HashMap<String, Vec<FieldError>>>,
    /// Field paths the user has left.
    pub touched: RwSignal<HashSet<String>>,
    /// Steps whose Next (or Save) was pressed: all their findings show.
    pub attempted: RwSignal<HashSet<Step>>,
    /// Inputs that do not parse (an empty weight): path → message.
    pub raw: RwSignal<HashMap<String, String>>,
    /// What the server refused on the last save: path → message.
    pub server: RwSignal<Vec<(String, String)>>,
    pub step: RwSignal<Step>,
    /// Bumped when the draft is replaced wholesale (a restore, a rebase),
    /// so inputs that only read their value once render again.
    pub generation: RwSignal<u64>,
    next_key: StoredValue<u64>,
    /// The wizard's owner. Row signals are created under it, not under
    /// whatever step or banner ran the handler: those are disposed when
    /// the user moves on, and the rows must outlive them.
    owner: StoredValue<Owner>,
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
        let (base, rows) = split(initial, 0);
        let next_key = StoredValue::new(rows.len() as u64);
        let owner = StoredValue::new(Owner::current().unwrap_or_default());
        let base = RwSignal::new(base);
        let rows = RwSignal::new(rows);
        let alert = RwSignal::new(AlertRequest::default());
        let draft = Memo::new(move |_| {
            let mut pool = base.get();
            pool.origins = rows.with(|r| r.iter().map(|row| row.origin.get()).collect());
            pool
        });
        let findings = Memo::new(move |_| {
            draft.with(|pool| {
                let mut all = validate_pool(pool, &limits);
                all.extend(check_name_unique(
                    &pool.name,
                    own_id.as_deref(),
                    others.iter().map(|(id, n)| (id.as_str(), n.as_str())),
                ));
                all.extend(alert.with(|a| a.findings(&pool.name)));
                let mut map: HashMap<String, Vec<FieldError>> = HashMap::new();
                for f in all {
                    map.entry(f.path.clone()).or_default().push(f);
                }
                map
            })
        });
        Form {
            base,
            rows,
            alert,
            draft,
            findings,
            touched: RwSignal::new(HashSet::new()),
            attempted: RwSignal::new(HashSet::new()),
            raw: RwSignal::new(HashMap::new()),
            server: RwSignal::new(Vec::new()),
            step: RwSignal::new(Step::Pool),
            generation: RwSignal::new(0),
            next_key,
            owner,
        }
    }

    /// Replaces the whole draft (restore, rebase) and re-renders inputs.
    pub fn replace(&self, pool: Pool) {
        let start = self.next_key.get_value();
        let (base, rows) = self.owner.with_value(|o| o.with(|| split(pool, start)));
        self.next_key.set_value(start + rows.len() as u64);
        self.raw.set(HashMap::new());
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
            origin: self.owner.with_value(|o| o.with(|| RwSignal::new(origin))),
        }
    }

    /// Marks a field as left by the user.
    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_owned());
            });
        }
    }

    /// Records (or clears) an input that does not parse.
    pub fn set_raw(&self, path: &str, problem: Option<String>) {
        let present = self.raw.with_untracked(|r| r.get(path).cloned());
        if present != problem {
            self.raw.update(|r| match problem {
                Some(p) => {
                    r.insert(path.to_owned(), p);
                }
                None => {
                    r.remove(path);
                }
            });
        }
    }

    /// What the field at `path` shows now, if anything.
    pub fn shown(&self, path: &str) -> Option<Shown> {
        if let Some(m) = self
            .server
            .with(|s| s.iter().find(|(p, _)| p == path).map(|(_, m)| m.clone()))
        {
            return Some(Shown {
                message: m,
                blocks: true,
            });
        }
        let visible = self.touched.with(|t| t.contains(path))
            || self.attempted.with(|a| a.contains(&step_of(path)));
        if !visible {
            return None;
        }
        if let Some(m) = self.raw.with(|r| r.get(path).cloned()) {
            return Some(Shown {
                message: m,
                blocks: true,
            });
        }
        self.findings.with(|f| {
            let list = f.get(path)?;
            let pick = list
                .iter()
                .find(|e| e.is_error())
                .or_else(|| list.first())?;
            Some(Shown {
                message: pick.message.clone(),
                blocks: pick.is_error(),
            })
        })
    }

    /// Every blocking problem on `step`, as `(path, message)`, in path
    /// order: the summary above the step's form.
    pub fn step_errors(&self, step: Step) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.findings.with(|f| {
            f.values()
                .flatten()
                .filter(|e| e.is_error() && step_of(&e.path) == step)
                .map(|e| (e.path.clone(), e.message.clone()))
                .collect()
        });
        self.raw.with(|r| {
            out.extend(
                r.iter()
                    .filter(|(p, _)| step_of(p) == step)
                    .map(|(p, m)| (p.clone(), m.clone())),
            )
        });
        self.server.with(|s| {
            out.extend(s.iter().filter(|(p, _)| step_of(p) == step).cloned());
        });
        out.sort_by_key(|a| path_order(&a.0));
        out.dedup();
        out
    }

    /// The first step with a blocking problem.
    pub fn first_step_with_errors(&self) -> Option<Step> {
        Step::ALL
            .into_iter()
            .find(|s| !self.step_errors(*s).is_empty())
    }
}

/// Sorts `origins[10]` after `origins[9]`.
fn path_order(path: &str) -> (String, usize, String) {
    let top = path.split(['.', '[']).next().unwrap_or_default().to_owned();
    let index = path
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0);
    (top, index, path.to_owned())
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

    #[test]
    fn ids_and_ordering() {
        assert_eq!(field_id("origins[2].weight"), "f-origins-2-weight");
        assert_eq!(
            field_id("origins[0].header.Host"),
            "f-origins-0-header-Host"
        );
        assert!(path_order("origins[10].name") > path_order("origins[9].name"));
    }

    #[test]
    fn findings_show_after_touch_or_next() {
        with_owner(|| {
            let pool = Pool {
                name: "bad name!".into(),
                origins: vec![Origin::new("a", "192.0.2.1")],
                check_regions: Some(Some(vec![pooldeck_model::CheckRegion::Weu])),
                ..Pool::default()
            };
            let form = Form::new(pool, Limits::STANDARD, vec![], None);
            assert_eq!(form.shown("name"), None, "untouched fields stay quiet");
            form.touch("name");
            let shown = form.shown("name").expect("a finding");
            assert!(shown.blocks);
            assert!(shown.message.contains("may contain only letters"));
            assert_eq!(form.step_errors(Step::Pool).len(), 1);
            assert!(form.step_errors(Step::Endpoints).is_empty());

            // A weight of 1.5 in row 0: shown once Next was pressed.
            form.rows
                .with_untracked(|r| r[0].origin.update(|o| o.weight = 1.5));
            assert_eq!(form.shown("origins[0].weight"), None);
            form.attempted.update(|a| {
                a.insert(Step::Endpoints);
            });
            assert!(form
                .shown("origins[0].weight")
                .unwrap()
                .message
                .starts_with("weight 1.5 must be between 0 and 1"));
            assert_eq!(form.first_step_with_errors(), Some(Step::Pool));
        });
    }

    #[test]
    fn uniqueness_skips_the_pool_itself() {
        with_owner(|| {
            let pool = Pool {
                id: Some("p1".into()),
                name: "web".into(),
                origins: vec![Origin::new("a", "192.0.2.1")],
                check_regions: Some(Some(vec![pooldeck_model::CheckRegion::Weu])),
                ..Pool::default()
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
            form.server.set(vec![(
                "monitor".into(),
                "monitor \"x\" does not exist in this account: validation failed".into(),
            )]);
            assert!(form.shown("monitor").unwrap().blocks);
            form.set_raw("origins[0].weight", Some("weight is required".into()));
            assert!(form
                .step_errors(Step::Endpoints)
                .iter()
                .any(|(p, _)| p == "origins[0].weight"));
            form.set_raw("origins[0].weight", None);
            assert!(!form
                .step_errors(Step::Endpoints)
                .iter()
                .any(|(p, _)| p == "origins[0].weight"));
        });
    }

    #[test]
    fn replacing_the_draft_keeps_keys_unique() {
        with_owner(|| {
            let pool = Pool {
                origins: vec![Origin::new("a", "192.0.2.1"), Origin::new("b", "192.0.2.2")],
                ..Pool::default()
            };
            let form = Form::new(pool.clone(), Limits::STANDARD, vec![], None);
            let before: Vec<u64> = form
                .rows
                .with_untracked(|r| r.iter().map(|r| r.key).collect());
            form.replace(pool);
            let after: Vec<u64> = form
                .rows
                .with_untracked(|r| r.iter().map(|r| r.key).collect());
            assert!(before.iter().all(|k| !after.contains(k)));
            assert_eq!(form.draft.get_untracked().origins.len(), 2);
            assert_eq!(form.generation.get_untracked(), 1);
        });
    }
}
