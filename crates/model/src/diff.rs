//! What changed between two versions of a pool, and the smallest request
//! that makes the change.
//!
//! PATCH replaces only the top-level keys it carries (no deep merge), and
//! `null` resets the nullable ones. So a change is a PATCH of the changed
//! keys, unless a key that cannot be reset with `null` was removed (the
//! coordinates, the monitor, an unknown member); then only a PUT, which
//! replaces the whole pool, can express it.

use serde_json::{Map, Value};

use crate::pool::Pool;

/// Top-level keys whose `null` resets them in a PATCH (PATCH semantics).
pub const NULLABLE_KEYS: &[&str] = &[
    "check_regions",
    "health_sources",
    "load_shedding",
    "notification_filter",
];

/// One changed top-level key. `None` means absent.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub key: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The difference between two pools.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolDiff {
    /// Every changed top-level key, in the order of the pool's fields.
    pub changes: Vec<Change>,
    /// The minimal PATCH body: the changed keys with their new values.
    pub patch: Map<String, Value>,
    /// Why a PATCH is not enough; empty when it is.
    pub put_reasons: Vec<String>,
}

/// The request that saves an edit.
#[derive(Clone, Debug, PartialEq)]
pub enum WritePlan {
    /// Nothing changed.
    Nothing,
    /// PATCH with these keys only.
    Patch(Map<String, Value>),
    /// PUT with the whole pool.
    Put(Map<String, Value>),
}

impl PoolDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// True when only a full replacement can express the change.
    pub fn needs_put(&self) -> bool {
        !self.put_reasons.is_empty()
    }

    /// The request to send to turn the server's copy into `after`.
    pub fn plan(&self, after: &Pool) -> WritePlan {
        if self.is_empty() {
            WritePlan::Nothing
        } else if self.needs_put() {
            WritePlan::Put(after.write_body())
        } else {
            WritePlan::Patch(self.patch.clone())
        }
    }
}

/// The endpoints sorted by name: the API ignores submitted order, so a
/// reordering alone is not a change.
fn normalise(mut body: Map<String, Value>) -> Map<String, Value> {
    if let Some(Value::Array(origins)) = body.get_mut("origins") {
        origins.sort_by(|a, b| {
            let name = |v: &Value| {
                v.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            name(a).cmp(&name(b))
        });
    }
    body
}

/// Compares the writable parts of two pools (read-only members are ignored).
pub fn diff(before: &Pool, after: &Pool) -> PoolDiff {
    let old = normalise(before.write_body());
    let new = normalise(after.write_body());
    let after_body = after.write_body();
    let mut changes = Vec::new();
    let mut patch = Map::new();
    let mut put_reasons = Vec::new();

    let mut keys: Vec<&String> = new.keys().collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
    for key in keys {
        let (b, a) = (old.get(key), new.get(key));
        if b == a {
            continue;
        }
        changes.push(Change {
            key: key.clone(),
            before: b.cloned(),
            after: after_body.get(key).cloned(),
        });
        match after_body.get(key) {
            Some(value) => {
                patch.insert(key.clone(), value.clone());
            }
            None if NULLABLE_KEYS.contains(&key.as_str()) => {
                patch.insert(key.clone(), Value::Null);
            }
            None => put_reasons.push(format!(
                "removing `{key}` needs a full replacement (PUT): PATCH cannot remove it"
            )),
        }
    }
    PoolDiff {
        changes,
        patch,
        put_reasons,
    }
}
