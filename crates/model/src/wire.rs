//! What each kind of object looks like as a request body: every member
//! the client may write, unknown ones included, and none of those the API
//! sets itself. The console builds its bodies with [`WireObject::write_body`]
//! and the server strips incoming ones with [`WireObject::strip_read_only`],
//! so the two agree on which members are read-only.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::load_balancer::LoadBalancer;
use crate::monitor::Monitor;
use crate::monitor_group::MonitorGroup;
use crate::policy::Policy;
use crate::pool::{Pool, ORIGIN_READ_ONLY, POOL_READ_ONLY};

/// An object the API takes as a request body.
pub trait WireObject: Serialize {
    /// Top-level members the API sets itself.
    const READ_ONLY: &'static [&'static str];

    /// Removes read-only members nested below the top level (an endpoint's
    /// health, a group member's timestamps). Most kinds have none.
    fn strip_nested(_body: &mut Map<String, Value>) {}

    /// `body` without the members the API sets itself.
    fn strip_read_only(mut body: Map<String, Value>) -> Map<String, Value> {
        for key in Self::READ_ONLY {
            body.remove(*key);
        }
        Self::strip_nested(&mut body);
        body
    }

    /// The body to send on POST or PUT.
    fn write_body(&self) -> Map<String, Value> {
        let Ok(Value::Object(body)) = serde_json::to_value(self) else {
            unreachable!("model objects serialize to JSON objects")
        };
        Self::strip_read_only(body)
    }
}

/// Removes `keys` from every object in the array `body[member]`.
fn strip_each(body: &mut Map<String, Value>, member: &str, keys: &[&str]) {
    if let Some(Value::Array(items)) = body.get_mut(member) {
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            for key in keys {
                item.remove(*key);
            }
        }
    }
}

impl WireObject for Pool {
    const READ_ONLY: &'static [&'static str] = POOL_READ_ONLY;
    fn strip_nested(body: &mut Map<String, Value>) {
        strip_each(body, "origins", ORIGIN_READ_ONLY);
    }
}

impl WireObject for Monitor {
    const READ_ONLY: &'static [&'static str] = &["id", "created_on", "modified_on"];
}

/// A member's timestamps; the 2026-01 Go SDK also used these names for
/// the group's own, so both vintages are read-only at the top level too.
const MEMBER_READ_ONLY: &[&str] = &["created_at", "updated_at"];

impl WireObject for MonitorGroup {
    const READ_ONLY: &'static [&'static str] = &[
        "id",
        "created_on",
        "modified_on",
        "created_at",
        "updated_at",
    ];
    fn strip_nested(body: &mut Map<String, Value>) {
        strip_each(body, "members", MEMBER_READ_ONLY);
    }
}

impl WireObject for Policy {
    /// Alerting names its timestamps `created` and `modified`.
    const READ_ONLY: &'static [&'static str] = &["id", "created", "modified"];
}

impl WireObject for LoadBalancer {
    const READ_ONLY: &'static [&'static str] = &["id", "created_on", "modified_on"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(v: Value) -> Map<String, Value> {
        let Value::Object(m) = v else { unreachable!() };
        m
    }

    #[test]
    fn a_pool_without_server_fields_is_its_write_body() {
        let read: Pool = serde_json::from_value(json!({
            "id": "p1", "created_on": "t0", "modified_on": "t1", "name": "web",
            "enabled": false, "disabled_at": "t1", "networks": ["cloudflare"], "healthy": false,
            "check_regions": null, "later": {"x": 1},
            "origins": [{"name": "a", "address": "192.0.2.1", "enabled": false, "disabled_at": "t1",
                "healthy": false, "failure_reason": "TCP connection failed", "weight": 0.56}]
        }))
        .unwrap();
        let clean = read.without_server_fields();
        let mut expected = read.clone();
        (expected.id, expected.created_on, expected.modified_on) = (None, None, None);
        (expected.disabled_at, expected.networks, expected.healthy) = (None, None, None);
        let o = &mut expected.origins[0];
        (o.disabled_at, o.healthy, o.failure_reason) = (None, None, None);
        assert_eq!(clean, expected);
        assert_eq!(clean.check_regions, Some(None), "null stays null");
        assert_eq!(clean.origins[0].weight, 0.56);
    }

    #[test]
    fn nested_read_only_members_go_too() {
        let group: MonitorGroup = serde_json::from_value(json!({
            "id": "g", "description": "d", "created_at": "t", "later": 1,
            "members": [{"monitor_id": "m", "enabled": true, "monitoring_only": false,
                "must_be_healthy": false, "created_at": "t", "updated_at": "t"}]
        }))
        .unwrap();
        let body = Value::Object(group.write_body());
        assert_eq!(body.get("id"), None);
        assert_eq!(body["later"], json!(1), "unknown members are written back");
        assert_eq!(body["members"][0].get("created_at"), None);
        assert_eq!(body["members"][0]["monitor_id"], json!("m"));

        let pool = Pool::strip_read_only(object(json!({
            "name": "p", "healthy": true, "networks": ["cloudflare"],
            "origins": [{"name": "a", "healthy": false, "failure_reason": "x", "weight": 0.5}]
        })));
        assert_eq!(
            Value::Object(pool),
            json!({"name": "p", "origins": [{"name": "a", "weight": 0.5}]})
        );
        let policy =
            Policy::strip_read_only(object(json!({"id": "x", "created": "t", "name": "n"})));
        assert_eq!(Value::Object(policy), json!({"name": "n"}));
    }
}
