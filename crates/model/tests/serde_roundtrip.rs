//! Serde round-trips over fixtures shaped like the examples in Cloudflare's API
//! reference:
//! unknown members survive, absent optionals stay absent, `null` stays
//! `null`, and unknown enum values are kept verbatim.

use pooldeck_model::{
    AlertType, CheckRegion, Envelope, HealthAlertFilter, LoadBalancer, Monitor, MonitorGroup,
    Policy, Pool, PoolHealth, PoolRole, PreviewResult, Reference, SteeringPolicy,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// JSON → T → JSON gives back exactly the input (for fixtures that already
/// carry every default the type materialises).
fn exact<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).expect("fixture parses");
    let back = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(&back, value, "JSON round-trip changed the document");
    typed
}

/// T → JSON → T gives back the same value.
fn stable<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).expect("fixture parses");
    let again: T = serde_json::from_value(serde_json::to_value(&typed).unwrap()).unwrap();
    assert_eq!(typed, again);
    typed
}

#[test]
fn seed_create_response_parses_and_is_stable() {
    let env: Envelope<Pool> = stable(&fixture("pool_create_response.json"));
    let pool = env.into_result().unwrap();
    assert_eq!(pool.name, "primary-dc-1");
    assert!(!pool.enabled);
    assert_eq!(pool.minimum_origins, 2);
    assert_eq!(pool.regions(), &[CheckRegion::Weu, CheckRegion::Enam]);
    assert_eq!(pool.origins[0].weight, 0.56);
    assert_eq!(pool.origins[0].host(), Some("example.com"));
    assert_eq!(pool.shedding().unwrap().default_percent, 0.0);
    // Fields the response did not carry stay absent, not zero-filled.
    assert_eq!(pool.latitude, None);
    assert_eq!(pool.health_sources, None);
    assert_eq!(pool.origins[0].port, None);
}

#[test]
fn list_response_round_trips_exactly() {
    let env: Envelope<Vec<Pool>> = exact(&fixture("pool_list_canonical.json"));
    let pools = env.result.unwrap();
    let pool = &pools[0];
    assert_eq!(pool.healthy, Some(true));
    assert_eq!(pool.check_regions, Some(None), "null is kept as null");
    assert_eq!(pool.load_shedding, Some(None));
    assert_eq!(pool.notification_filter, None, "absent is kept absent");
    assert_eq!(
        pool.steering_policy(),
        SteeringPolicy::LeastOutstandingRequests
    );
    assert_eq!(
        pool.origins[1].failure_reason.as_deref(),
        Some("TCP connection failed")
    );
    assert_eq!(pool.disabled_at.as_deref(), Some("2026-03-02T11:30:00.25Z"));
}

#[test]
fn unknown_members_and_values_round_trip_exactly() {
    let pool: Pool = exact(&fixture("pool_with_unknown_fields.json"));
    assert_eq!(pool.extra["pool_tier"], json!(3));
    assert_eq!(pool.regions()[1], CheckRegion::Other("MARS".into()));
    assert_eq!(
        pool.steering_policy(),
        SteeringPolicy::Other("quantum".into())
    );
    let header = pool.origins[0].header.as_ref().unwrap();
    assert_eq!(header.extra["X-Future"], json!(["1"]));
    assert_eq!(pool.origins[0].extra["ech"], json!({"enabled": true}));
}

#[test]
fn write_body_keeps_unknown_members_and_drops_read_only_ones() {
    let env: Envelope<Vec<Pool>> =
        serde_json::from_value(fixture("pool_list_canonical.json")).unwrap();
    let mut pool = env.result.unwrap().remove(0);
    pool.extra.insert("future".into(), json!({"x": 1}));
    let body = pool.write_body();
    for key in [
        "id",
        "created_on",
        "modified_on",
        "disabled_at",
        "networks",
        "healthy",
    ] {
        assert!(!body.contains_key(key), "{key} must not be sent");
    }
    assert_eq!(body["future"], json!({"x": 1}));
    let origin = body["origins"][1].as_object().unwrap();
    for key in ["healthy", "failure_reason", "disabled_at"] {
        assert!(!origin.contains_key(key), "origin {key} must not be sent");
    }
    assert_eq!(
        origin["virtual_network_id"],
        json!("c8d7a9e0-1b2c-4d3e-8f40-5a6b7c8d9e0f")
    );
}

#[test]
fn absent_null_and_value_stay_distinct() {
    let absent: Pool = serde_json::from_value(json!({"name": "a"})).unwrap();
    let null: Pool = serde_json::from_value(json!({"name": "a", "load_shedding": null})).unwrap();
    let set: Pool =
        serde_json::from_value(json!({"name": "a", "load_shedding": {"default_percent": 5}}))
            .unwrap();
    assert_eq!(absent.load_shedding, None);
    assert_eq!(null.load_shedding, Some(None));
    assert!(matches!(set.load_shedding, Some(Some(_))));
    let out = serde_json::to_value(&absent).unwrap();
    assert!(out.get("load_shedding").is_none());
    let out = serde_json::to_value(&null).unwrap();
    assert_eq!(out["load_shedding"], Value::Null);
    // Defaults the API materialises are filled in on read.
    assert!(absent.enabled);
    assert_eq!(absent.minimum_origins, 1);
    let one: Pool =
        serde_json::from_value(json!({"origins": [{"name": "o", "address": "a.example"}]}))
            .unwrap();
    assert_eq!(one.origins[0].weight, 1.0);
    assert!(one.origins[0].enabled);
}

#[test]
fn health_and_preview_use_address_keyed_entries() {
    let env: Envelope<PoolHealth> = exact(&fixture("pool_health.json"));
    let health = env.result.unwrap();
    let ams = &health.pop_health["Amsterdam, NL"];
    assert_eq!(ams.origins[0].address, "2001:db8::5");
    assert_eq!(ams.origins[0].health.response_code, Some(401));
    assert_eq!(
        ams.origins[0].health.rtt_duration(),
        Some(std::time::Duration::from_micros(12_100))
    );
    let wnam = &health.pop_health["WNAM"];
    assert_eq!(
        wnam.origins[1].health.healthy, None,
        "unknown health is null"
    );

    let env: Envelope<PreviewResult> = exact(&fixture("preview.json"));
    let preview = env.result.unwrap();
    assert_eq!(
        preview["17b5962d775c646f3f9725cbc7a53df4"].origins[0].address,
        "127.0.0.1"
    );

    let two_keys =
        json!({"healthy": true, "origins": [{"a": {"healthy": true}, "b": {"healthy": true}}]});
    assert!(serde_json::from_value::<pooldeck_model::PopHealth>(two_keys).is_err());
}

#[test]
fn references_monitor_and_group_round_trip_exactly() {
    let env: Envelope<Vec<Reference>> = exact(&fixture("references.json"));
    assert_eq!(env.result.unwrap()[0].resource_name, "www.example.com");
    let monitor: Monitor = exact(&fixture("monitor.json"));
    assert_eq!(monitor.host_header(), Some("example.com"));
    assert_eq!(monitor.display_name(), "Login page monitor");
    let group: MonitorGroup = exact(&fixture("monitor_group.json"));
    assert!(group.members[1].monitoring_only);
}

#[test]
fn load_balancer_keeps_everything_and_finds_every_pool_role() {
    let lb: LoadBalancer = exact(&fixture("load_balancer.json"));
    assert_eq!(lb.steering_policy.as_deref(), Some("geo"));
    assert_eq!(lb.traffic_steering(), pooldeck_model::TrafficSteering::Geo);
    assert_eq!(
        lb.pool_roles("p1"),
        vec![PoolRole::Default, PoolRole::Region("ENAM".into())]
    );
    assert_eq!(lb.pool_roles("p3"), vec![PoolRole::Fallback]);
    assert_eq!(lb.pool_roles("p4"), vec![PoolRole::Region("WNAM".into())]);
    assert_eq!(lb.pool_roles("p5"), vec![PoolRole::Country("US".into())]);
    assert_eq!(lb.pool_roles("p6"), vec![PoolRole::Pop("LAX".into())]);
    assert_eq!(lb.pool_roles("p7"), vec![PoolRole::RandomSteeringWeight]);
    assert_eq!(
        lb.pool_roles("p8"),
        vec![PoolRole::Rule("route the api".into())]
    );
    assert_eq!(lb.pool_roles("p9"), vec![PoolRole::Rule("#2".into())]);
    assert_eq!(lb.pool_roles("p10"), vec![PoolRole::Rule("#2".into())]);
    assert_eq!(lb.pool_roles("p11"), vec![PoolRole::PoolSet("blue".into())]);
    assert_eq!(lb.pool_roles("p12"), vec![PoolRole::PoolSet("blue".into())]);
    assert!(lb.pool_roles("nope").is_empty());
    assert_eq!(
        PoolRole::Region("WEU".into()).to_string(),
        "region pool (WEU)"
    );
}

#[test]
fn policies_keep_filters_verbatim_and_typed_views_read_them() {
    let p: Policy = exact(&fixture("policy_health.json"));
    assert_eq!(p.alert_type, AlertType::Health);
    let view = HealthAlertFilter::from_filters(&p.filters);
    use pooldeck_model::policy::{Either, EventSource, NewHealth};
    assert_eq!(view.new_health, Either::Only(NewHealth::Unhealthy));
    assert_eq!(view.event_source, Either::Only(EventSource::Origin));
    assert!(view.matches(
        "17b5962d775c646f3f9725cbc7a53df4",
        EventSource::Origin,
        NewHealth::Unhealthy
    ));
    assert!(!view.matches(
        "17b5962d775c646f3f9725cbc7a53df4",
        EventSource::Pool,
        NewHealth::Unhealthy
    ));
    assert!(!view.matches(
        "17b5962d775c646f3f9725cbc7a53df4",
        EventSource::Origin,
        NewHealth::Healthy
    ));
    assert!(!view.matches("other", EventSource::Origin, NewHealth::Unhealthy));
    let mut filters = Default::default();
    view.write_to(&mut filters);
    assert_eq!(
        filters, p.filters,
        "the typed view writes the same arrays back"
    );

    let e: Policy = exact(&fixture("policy_enablement.json"));
    assert!(e.alert_type.is_pool_enablement());
    assert!(e.covers_pool("anything"), "no pool_id means every pool");
    let view = pooldeck_model::EnablementAlertFilter::from_filters(&e.filters);
    assert_eq!(view.enabled, Either::Both);
    let legacy: Policy =
        serde_json::from_value(json!({"name": "x", "alert_type": "g6_pool_toggle_alert"})).unwrap();
    assert!(legacy.alert_type.is_pool_enablement());
}

#[test]
fn error_envelope_round_trips_and_yields_its_errors() {
    let env: Envelope<Value> = exact(&fixture("error_envelope.json"));
    let errors = env.into_result().unwrap_err();
    assert_eq!(errors[0].code, Some(1002));
    assert_eq!(
        errors[0].source.as_ref().unwrap().pointer.as_deref(),
        Some("/origins")
    );
    assert_eq!(errors[1].error_chain.as_ref().unwrap()[0].code, Some(6111));
}

#[test]
fn success_envelopes_always_carry_empty_arrays() {
    let out = serde_json::to_value(Envelope::ok(json!({"id": "x"}))).unwrap();
    assert_eq!(
        out,
        json!({"success": true, "errors": [], "messages": [], "result": {"id": "x"}})
    );
    let out = serde_json::to_value(Envelope::<Value>::failure(vec![])).unwrap();
    assert_eq!(
        out,
        json!({"success": false, "errors": [], "messages": [], "result": null})
    );
    let out = serde_json::to_value(Envelope::list(vec![1, 2])).unwrap();
    assert_eq!(out["result_info"]["total_count"], json!(2));
}

#[test]
fn load_balancer_lists_every_pool_it_names_with_its_path() {
    let lb: LoadBalancer = serde_json::from_value(fixture("load_balancer.json")).unwrap();
    let refs = lb.pool_references();
    let has = |path: &str, id: &str| refs.iter().any(|(p, i)| p == path && i == id);
    assert!(has("default_pools[1]", "p2"));
    assert!(has("fallback_pool", "p3"));
    assert!(has("region_pools.WNAM[0]", "p4"));
    assert!(has("random_steering.pool_weights.p7", "p7"));
    assert!(has("rules[0].overrides.default_pools[0]", "p8"));
    assert!(has("rules[1].overrides.pool_weights.p10", "p10"));
    assert!(has("pool_sets[0].overrides.fallback_pool", "p12"));
    assert_eq!(refs.len(), 13);
}
