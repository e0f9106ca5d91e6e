//! Bad input of every kind gets a Cloudflare-shaped 4xx, never a 5xx or a
//! crash: malformed JSON, wrong types, huge bodies, random bodies.

mod common;

use axum::body::Bytes;
use axum::http::Method;
use common::{lb, pool_body, TestServer};
use proptest::prelude::*;
use serde_json::{json, Value};

#[tokio::test]
async fn malformed_json_and_non_objects_are_400_1002() {
    let server = TestServer::start().await;
    let api = server.api();
    for body in ["{", "{\"name\": }", "[1, 2]", "\"pool\"", "null", "\u{0}"] {
        let reply = api
            .raw(Method::POST, &lb("/pools"), Some(Bytes::from(body)))
            .await;
        assert_eq!(
            (reply.status.as_u16(), reply.codes()),
            (400, vec![1002]),
            "{body:?}"
        );
    }
}

#[tokio::test]
async fn wrong_types_name_the_member() {
    let server = TestServer::start().await;
    let api = server.api();
    let mut body = pool_body("web", &["192.0.2.1"]);
    body["origins"][0]["weight"] = json!("heavy");
    let reply = api.post(&lb("/pools"), body).await;
    assert_eq!(reply.codes(), [1002]);
    assert_eq!(reply.pointers(), ["/origins/0/weight"]);
    assert!(
        reply.messages()[0].starts_with("origins.0.weight: invalid type"),
        "{:?}",
        reply.messages()
    );
    let reply = api
        .post(&lb("/pools"), json!({"name": 7, "origins": "none"}))
        .await;
    assert_eq!(reply.codes(), [1002]);
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413() {
    let server = TestServer::start().await;
    let big = json!({"name": "x", "description": "d".repeat(1024 * 1024 + 10)});
    let reply = server.api().post(&lb("/pools"), big).await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (413, vec![1002]));
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[ -~]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("WEU"),
            Just("10.0.0.1"),
            Just("random"),
            Just("192.0.2.1")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("name".to_owned()),
                    Just("origins".to_owned()),
                    Just("address".to_owned()),
                    Just("weight".to_owned()),
                    Just("check_regions".to_owned()),
                    Just("load_shedding".to_owned()),
                    Just("header".to_owned()),
                    Just("Host".to_owned()),
                    Just("monitor".to_owned()),
                    Just("minimum_origins".to_owned()),
                    Just("port".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..5,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn random_bodies_never_get_a_5xx() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TestServer::start());
    let api = server.api();
    let pool = rt
        .block_on(api.post(&lb("/pools"), pool_body("seed", &["192.0.2.1"])))
        .ok();
    let id = pool["id"].as_str().unwrap().to_owned();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(256));
    runner
        .run(&(json_value(), 0usize..5), |(body, target)| {
            let (method, path) = match target {
                0 => (Method::POST, lb("/pools")),
                1 => (Method::PUT, lb(&format!("/pools/{id}"))),
                2 => (Method::PATCH, lb(&format!("/pools/{id}"))),
                3 => (Method::POST, lb("/monitors")),
                _ => (
                    Method::POST,
                    format!("/zones/{}/load_balancers", common::ZONE),
                ),
            };
            let reply = rt.block_on(api.call(method, &path, Some(body.clone())));
            prop_assert!(
                reply.status.as_u16() < 500,
                "{} for {body}: {:#}",
                reply.status,
                reply.body
            );
            prop_assert!(reply.body.get("success").is_some());
            Ok(())
        })
        .unwrap();
    // The server still answers normally afterwards.
    rt.block_on(api.get(&lb(&format!("/pools/{id}")))).ok();
}
