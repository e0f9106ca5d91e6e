//! Property: any pool the validator accepts survives a serialize /
//! deserialize round-trip unchanged, unknown members included.

use pooldeck_model::{
    validate_pool, CheckRegion, Findings, Limits, LoadShedding, NotificationFilter, Origin,
    OriginHeader, OriginSteering, Pool, SheddingPolicy, SteeringPolicy,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn origin() -> impl Strategy<Value = Origin> {
    (
        "[a-z][a-z0-9-]{0,10}",
        prop_oneof![
            (0u8..=255).prop_map(|n| format!("192.0.2.{n}")),
            (0u16..=0xffff).prop_map(|n| format!("2001:db8::{n:x}")),
            "[a-z]{1,8}\\.example\\.com",
        ],
        any::<bool>(),
        0u32..=100,
        proptest::option::of(0i64..=65535),
        proptest::option::of("[a-z]{1,8}\\.example\\.org"),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(name, address, enabled, weight, port, host, flatten)| Origin {
                name,
                address,
                enabled,
                weight: f64::from(weight) / 100.0,
                port,
                header: host.map(OriginHeader::host),
                flatten_cname: flatten,
                ..Origin::default()
            },
        )
}

fn extra_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i32>().prop_map(|n| json!(n)),
        "[ -~]{0,12}".prop_map(|s| json!(s)),
        any::<bool>().prop_map(|b| json!({"nested": b, "list": [1, "two", null]})),
    ]
}

fn pool() -> impl Strategy<Value = Pool> {
    (
        "[A-Za-z0-9_-]{1,24}",
        "[ -~]{0,60}",
        any::<bool>(),
        0i64..=4,
        proptest::collection::vec(origin(), 1..6),
        proptest::sample::subsequence(CheckRegion::GEOGRAPHIC.to_vec(), 1..4),
        proptest::option::of((-9000i32..=9000, -18000i32..=18000)),
        proptest::option::of(proptest::option::of((
            0u32..=100,
            0u32..=100,
            any::<bool>(),
        ))),
        proptest::sample::select(SteeringPolicy::KNOWN.to_vec()),
        proptest::collection::btree_map("x_[a-z]{1,6}", extra_value(), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(
                name,
                description,
                enabled,
                min,
                origins,
                regions,
                coords,
                shed,
                steering,
                extra,
                filter,
            )| {
                Pool {
                    name,
                    description,
                    enabled,
                    minimum_origins: min,
                    origins,
                    check_regions: Some(Some(regions)),
                    latitude: coords.map(|(lat, _)| f64::from(lat) / 100.0),
                    longitude: coords.map(|(_, lon)| f64::from(lon) / 100.0),
                    load_shedding: shed.map(|s| {
                        s.map(|(d, sp, hash)| LoadShedding {
                            default_percent: f64::from(d),
                            session_percent: f64::from(sp) / 3.0,
                            default_policy: if hash {
                                SheddingPolicy::Hash
                            } else {
                                SheddingPolicy::Random
                            },
                            ..LoadShedding::default()
                        })
                    }),
                    origin_steering: Some(OriginSteering {
                        policy: steering,
                        ..Default::default()
                    }),
                    notification_filter: filter.then(|| Some(NotificationFilter::default())),
                    extra: extra.into_iter().collect(),
                    ..Pool::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn accepted_pools_round_trip_unchanged(pool in pool()) {
        let found = validate_pool(&pool, &Limits::STANDARD);
        prop_assume!(!found.has_errors());
        let text = serde_json::to_string(&pool).unwrap();
        let back: Pool = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &pool);
        // And the JSON itself is a fixed point.
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
    }
}
