//! Version history, as pooldeck-server serves it at `GET /_pooldeck/history`
//! (this server's own API, not Cloudflare's): one entry per write it made
//! or forwarded, with the object before and after.
//!
//! The console lists a pool's entries as versions: [`HistoryEntry::version`]
//! is the pool as it stood after the entry's write, which is what
//! "Restore this version" puts back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{diff, Change};
use crate::pool::Pool;

/// One recorded write.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Increases with every entry; never reused.
    pub seq: i64,
    /// When, in the API's timestamp format (RFC 3339, UTC).
    pub at: String,
    /// Who: an API token's label, the user a portal signed in, the one-time
    /// sign-in link, or a job.
    pub actor: String,
    /// `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: String,
    /// `pool`, `monitor`, `monitor_group`, `policy` or `load_balancer`.
    pub kind: String,
    /// `None` for a zone's object whose account the server does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    pub object_id: String,
    /// The API path written to, relative to `/client/v4`.
    pub path: String,
    /// The object just before the write; `None` for a create (or when the
    /// server could not read it).
    #[serde(default)]
    pub before: Option<Value>,
    /// The object the write answered; `None` for a delete.
    #[serde(default)]
    pub after: Option<Value>,
}

impl HistoryEntry {
    /// What kind of change this was, in words ("Created", "Edited",
    /// "Deleted").
    pub fn verb(&self) -> &'static str {
        match (
            self.before.is_some(),
            self.after.is_some(),
            self.method.as_str(),
        ) {
            (_, _, "POST") | (false, true, _) => "Created",
            (_, false, _) | (_, _, "DELETE") => "Deleted",
            _ => "Edited",
        }
    }

    /// The pool as this entry left it, for a pool's entry that has one.
    pub fn pool_after(&self) -> Option<Pool> {
        self.pool(self.after.as_ref())
    }

    /// The pool as it was before this entry's write.
    pub fn pool_before(&self) -> Option<Pool> {
        self.pool(self.before.as_ref())
    }

    /// What this write changed in the pool, member by member, as the
    /// wizard's review shows an edit: for a create, every member it set;
    /// for a delete, nothing.
    pub fn pool_changes(&self) -> Vec<Change> {
        match (self.pool_before(), self.pool_after()) {
            (Some(before), Some(after)) => diff(&before, &after).changes,
            (None, Some(after)) => after
                .write_body()
                .into_iter()
                .map(|(key, value)| Change {
                    key,
                    before: None,
                    after: Some(value),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// True when restoring this version would change nothing: the pool
    /// is, in every member a write sets, what this write left.
    pub fn matches(&self, current: &Pool) -> bool {
        self.pool_after()
            .is_some_and(|version| diff(current, &version).is_empty())
    }

    /// The draft "Restore this version" starts the wizard with: the
    /// version's members, on the pool as it is now (its ID).
    pub fn restore_draft(&self, current: &Pool) -> Option<Pool> {
        let mut draft = self.pool_after()?.without_server_fields();
        draft.id = current.id.clone();
        Some(draft)
    }

    fn pool(&self, body: Option<&Value>) -> Option<Pool> {
        if self.kind != "pool" {
            return None;
        }
        serde_json::from_value(body?.clone()).ok()
    }
}

/// Members the API sets on its own (timestamps, health as last probed),
/// which a write does not change.
const SERVER_SET: [&str; 4] = ["modified_on", "created_on", "healthy", "failure_reason"];

/// True when two objects differ only in what the API sets on its own: the
/// write did not change this one (a bulk PATCH answers every pool of the
/// page, changed or not).
pub fn same_content(a: &Value, b: &Value) -> bool {
    fn strip(v: &Value) -> Value {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            for key in SERVER_SET {
                o.remove(key);
            }
            if let Some(Value::Array(origins)) = o.get_mut("origins") {
                for origin in origins.iter_mut().filter_map(Value::as_object_mut) {
                    for key in SERVER_SET {
                        origin.remove(key);
                    }
                }
            }
        }
        v
    }
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(method: &str, before: Option<Value>, after: Option<Value>) -> HistoryEntry {
        HistoryEntry {
            method: method.into(),
            kind: "pool".into(),
            before,
            after,
            ..Default::default()
        }
    }

    #[test]
    fn health_and_timestamps_are_not_content() {
        let a = json!({"name": "a", "healthy": true, "modified_on": "1", "origins": [{"address": "x", "healthy": true}]});
        let b = json!({"name": "a", "modified_on": "2", "origins": [{"address": "x", "failure_reason": "down"}]});
        assert!(same_content(&a, &b));
        assert!(!same_content(&a, &json!({"name": "b"})));
    }

    #[test]
    fn verbs() {
        let p = json!({"name": "web"});
        assert_eq!(entry("POST", None, Some(p.clone())).verb(), "Created");
        assert_eq!(
            entry("PATCH", Some(p.clone()), Some(p.clone())).verb(),
            "Edited"
        );
        assert_eq!(entry("DELETE", Some(p.clone()), None).verb(), "Deleted");
    }

    #[test]
    fn the_version_is_the_pool_after_and_keeps_unknown_members() {
        let e = entry(
            "PUT",
            None,
            Some(json!({"id": "p1", "name": "web", "origins": [], "future_member": 7})),
        );
        let pool = e.pool_after().unwrap();
        assert_eq!(pool.name, "web");
        let back = serde_json::to_value(&pool).unwrap();
        assert_eq!(back["future_member"], 7);
    }

    #[test]
    fn changes_restore_and_matching() {
        let v1 = json!({"id": "p1", "name": "web", "description": "one", "origins": [{"name": "a", "address": "192.0.2.1"}]});
        let v2 = json!({"id": "p1", "name": "web", "description": "two", "modified_on": "x", "origins": [{"name": "a", "address": "192.0.2.1"}]});
        let edit = entry("PATCH", Some(v1.clone()), Some(v2.clone()));
        let keys: Vec<String> = edit.pool_changes().into_iter().map(|c| c.key).collect();
        assert_eq!(keys, ["description"], "server-set members are not changes");
        let create = entry("POST", None, Some(v1.clone()));
        assert!(create
            .pool_changes()
            .iter()
            .any(|c| c.key == "name" && c.before.is_none()));
        assert!(entry("DELETE", Some(v1.clone()), None)
            .pool_changes()
            .is_empty());

        let current: Pool = serde_json::from_value(v2).unwrap();
        assert!(edit.matches(&current));
        assert!(!create.matches(&current));
        let draft = create.restore_draft(&current).unwrap();
        assert_eq!(draft.description, "one");
        assert_eq!(draft.id.as_deref(), Some("p1"));
        assert!(!diff(&current, &draft).is_empty());
    }

    #[test]
    fn wire_shape_round_trips() {
        let wire = json!({
            "seq": 3, "at": "2026-12-02T05:00:00.000000Z", "actor": "token #1",
            "method": "PATCH", "kind": "pool", "account_id": "a", "object_id": "p1",
            "path": "/accounts/a/load_balancers/pools/p1",
            "before": {"name": "a"}, "after": {"name": "b"}
        });
        let e: HistoryEntry = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(serde_json::to_value(&e).unwrap(), wire);
    }
}
