//! The diff picks the smallest request: a PATCH of the changed top-level
//! keys, or a PUT when a key must be removed that `null` cannot reset.

use pooldeck_model::{diff, CheckRegion, LoadShedding, Origin, Pool, WritePlan};
use serde_json::{json, Value};

fn server_copy() -> Pool {
    Pool {
        id: Some("17b5962d775c646f3f9725cbc7a53df4".into()),
        modified_on: Some("2026-01-01T00:00:00Z".into()),
        healthy: Some(true),
        name: "web".into(),
        check_regions: Some(Some(vec![CheckRegion::Weu])),
        latitude: Some(1.0),
        longitude: Some(2.0),
        load_shedding: Some(Some(LoadShedding::default())),
        origins: vec![Origin::new("a", "192.0.2.1"), Origin::new("b", "192.0.2.2")],
        ..Pool::default()
    }
}

#[test]
fn no_change_means_no_request() {
    let d = diff(&server_copy(), &server_copy());
    assert!(d.is_empty());
    assert_eq!(d.plan(&server_copy()), WritePlan::Nothing);
}

#[test]
fn a_weight_edit_patches_only_origins() {
    let mut edited = server_copy();
    edited.origins[1].weight = 0.5;
    let d = diff(&server_copy(), &edited);
    let WritePlan::Patch(body) = d.plan(&edited) else {
        panic!("expected a PATCH")
    };
    assert_eq!(body.keys().collect::<Vec<_>>(), ["origins"]);
    assert_eq!(body["origins"][1]["weight"], json!(0.5));
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].key, "origins");
}

#[test]
fn reordering_endpoints_is_not_a_change() {
    let mut edited = server_copy();
    edited.origins.reverse();
    assert!(diff(&server_copy(), &edited).is_empty());
}

#[test]
fn read_only_members_are_not_changes() {
    let mut edited = server_copy();
    edited.healthy = Some(false);
    edited.modified_on = Some("2027-01-01T00:00:00Z".into());
    edited.origins[0].failure_reason = Some("TCP connection failed".into());
    assert!(diff(&server_copy(), &edited).is_empty());
}

#[test]
fn clearing_a_nullable_member_patches_it_with_null() {
    let mut edited = server_copy();
    edited.load_shedding = None;
    let d = diff(&server_copy(), &edited);
    assert!(!d.needs_put());
    assert_eq!(d.patch["load_shedding"], Value::Null);
}

#[test]
fn removing_coordinates_needs_a_put() {
    let mut edited = server_copy();
    edited.latitude = None;
    edited.longitude = None;
    let d = diff(&server_copy(), &edited);
    assert!(d.needs_put());
    assert_eq!(d.put_reasons.len(), 2);
    let WritePlan::Put(body) = d.plan(&edited) else {
        panic!("expected a PUT")
    };
    assert!(!body.contains_key("latitude"));
    assert!(!body.contains_key("id"), "read-only members are not sent");
    assert_eq!(body["name"], json!("web"));
}

#[test]
fn several_changes_are_all_listed_and_patched() {
    let mut edited = server_copy();
    edited.description = "now described".into();
    edited.enabled = false;
    edited.extra.insert("future".into(), json!(1));
    let d = diff(&server_copy(), &edited);
    let keys: Vec<_> = d.changes.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["description", "enabled", "future"]);
    assert_eq!(d.changes[1].before, Some(json!(true)));
    assert_eq!(d.changes[1].after, Some(json!(false)));
    assert_eq!(d.patch.len(), 3);
}
