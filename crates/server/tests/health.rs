//! Health is measured: the prober checks real loopback endpoints that go up
//! and down, never contacts anything else, and records transitions.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::{eventually, lb, spawn_endpoint, TestServer, ACCOUNT};
use serde_json::{json, Value};

async fn fast_server() -> TestServer {
    TestServer::with(|c| c.fast_probes = true).await
}

async fn http_monitor(api: &common::Api, extra: Value) -> String {
    let mut body = json!({"type": "http", "path": "/health", "expected_codes": "2xx", "description": "health", "timeout": 2, "retries": 0});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    api.post(&lb("/monitors"), body).await.ok()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn health_reflects_real_endpoints_and_follows_them_up_and_down() {
    let good_up = Arc::new(AtomicBool::new(true));
    let bad_up = Arc::new(AtomicBool::new(false));
    let good = spawn_endpoint("127.0.0.2", good_up.clone()).await;
    let bad = spawn_endpoint("127.0.0.3", bad_up.clone()).await;
    let server = fast_server().await;
    let api = server.api();
    let monitor = http_monitor(&api, json!({})).await;
    let pool = api
        .post(
            &lb("/pools"),
            json!({
                "name": "web", "monitor": monitor, "check_regions": ["WEU", "ENAM"], "minimum_origins": 2,
                "origins": [
                    {"name": "good", "address": "127.0.0.2", "port": good},
                    {"name": "bad", "address": "127.0.0.3", "port": bad},
                    {"name": "elsewhere", "address": "192.0.2.10"}
                ]
            }),
        )
        .await
        .ok();
    let id = pool["id"].as_str().unwrap().to_owned();
    let health_path = lb(&format!("/pools/{id}/health"));

    let health = eventually(10, || async {
        let reply = api.get(&health_path).await;
        (reply.status == 200).then(|| reply.ok()).filter(|h| {
            h["pop_health"]["WEU"]["origins"]
                .as_array()
                .is_some_and(|o| o.len() == 3)
        })
    })
    .await;
    assert_eq!(health["pool_id"], json!(id));
    let regions: Vec<&String> = health["pop_health"].as_object().unwrap().keys().collect();
    assert_eq!(regions, ["ENAM", "WEU"], "every selected region reports");
    let weu = &health["pop_health"]["WEU"];
    assert_eq!(
        weu["healthy"],
        json!(false),
        "1 of 2 needed endpoints is healthy"
    );
    let by_address = |address: &str| -> Value {
        weu["origins"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|o| o.get(address).cloned())
            .unwrap()
    };
    let g = by_address("127.0.0.2");
    assert_eq!(g["healthy"], json!(true));
    assert_eq!(g["response_code"], json!(200));
    assert!(g["rtt"].as_str().unwrap().ends_with("ms"));
    assert_eq!(g["failure_reason"], json!("No failures"));
    let b = by_address("127.0.0.3");
    assert_eq!(b["healthy"], json!(false));
    assert_eq!(b["response_code"], json!(503));
    assert_eq!(b["failure_reason"], json!("Response code mismatch error"));
    let e = by_address("192.0.2.10");
    // Regression (defect 8): an endpoint that was not probed had
    // `"healthy": null`, which Cloudflare's schema (a boolean) does not allow.
    assert_eq!(e["healthy"], json!(false), "not confirmed healthy");
    assert_eq!(
        e["failure_reason"],
        json!("not probed: address outside the probe allow-list")
    );

    let shown = api.get(&lb(&format!("/pools/{id}"))).await.ok();
    assert_eq!(shown["healthy"], json!(false));
    let endpoint = |name: &str| {
        shown["origins"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == json!(name))
            .unwrap()
            .clone()
    };
    assert_eq!(endpoint("bad")["healthy"], json!(false));
    assert_eq!(endpoint("good")["healthy"], json!(true));
    assert!(
        endpoint("elsewhere").get("healthy").is_none(),
        "not probed means unknown"
    );
    assert_eq!(
        endpoint("elsewhere")["failure_reason"],
        json!("not probed: address outside the probe allow-list")
    );

    // The bad endpoint recovers: the pool turns healthy.
    bad_up.store(true, Ordering::SeqCst);
    eventually(10, || async {
        (api.get(&lb(&format!("/pools/{id}"))).await.ok()["healthy"] == json!(true)).then_some(())
    })
    .await;
    // The good one goes down: unhealthy again.
    good_up.store(false, Ordering::SeqCst);
    eventually(10, || async {
        (api.get(&lb(&format!("/pools/{id}"))).await.ok()["healthy"] == json!(false)).then_some(())
    })
    .await;

    let store = server.state().store.clone();
    let events = store.events_since(ACCOUNT, "2000-01-01T00:00:00Z").unwrap();
    let pool_events: Vec<bool> = events
        .iter()
        .filter(|e| e.source == "pool")
        .map(|e| e.healthy)
        .collect();
    assert_eq!(pool_events, [false, true, false], "{events:#?}");
    assert!(events
        .iter()
        .any(|e| e.source == "origin" && e.address.as_deref() == Some("127.0.0.3") && e.healthy));
}

#[tokio::test]
async fn a_stopped_endpoint_fails_tcp_and_http_checks() {
    // Bind and release a port so nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.4:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = fast_server().await;
    let api = server.api();
    let tcp = api
        .post(
            &lb("/monitors"),
            json!({"type": "tcp", "port": port, "timeout": 1, "retries": 1}),
        )
        .await
        .ok();
    let pool = api
        .post(&lb("/pools"), json!({"name": "db", "monitor": tcp["id"], "check_regions": ["WEU"], "origins": [{"name": "db1", "address": "127.0.0.4"}]}))
        .await
        .ok();
    let id = pool["id"].as_str().unwrap();
    let reason = eventually(10, || async {
        let p = api.get(&lb(&format!("/pools/{id}"))).await.ok();
        p["origins"][0]["failure_reason"]
            .as_str()
            .map(str::to_owned)
    })
    .await;
    assert_eq!(reason, "TCP connection failed");
}

#[tokio::test]
async fn pools_without_a_monitor_count_as_healthy_and_have_no_health_info() {
    let server = fast_server().await;
    let api = server.api();
    let pool = api
        .post(&lb("/pools"), common::pool_body("plain", &["192.0.2.1"]))
        .await
        .ok();
    let id = pool["id"].as_str().unwrap();
    let shown = api.get(&lb(&format!("/pools/{id}"))).await.ok();
    assert_eq!(shown["healthy"], json!(true));
    let reply = api.get(&lb(&format!("/pools/{id}/health"))).await;
    assert_eq!(reply.status, 404);
    assert!(reply.messages()[0].contains("Health info unavailable"));
}

#[tokio::test]
async fn preview_checks_an_unsaved_monitor_against_a_pool() {
    let up = Arc::new(AtomicBool::new(true));
    let port = spawn_endpoint("127.0.0.5", up).await;
    let server = fast_server().await;
    let api = server.api();
    let pool = api
        .post(&lb("/pools"), json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "127.0.0.5", "port": port}, {"name": "b", "address": "192.0.2.77"}]}))
        .await
        .ok();
    let id = pool["id"].as_str().unwrap().to_owned();
    // A monitor that expects 201 fails against an endpoint answering 200.
    for (codes, healthy) in [("200", true), ("201", false)] {
        let started = api
            .post(
                &lb(&format!("/pools/{id}/preview")),
                json!({"type": "http", "path": "/health", "expected_codes": codes, "timeout": 2}),
            )
            .await
            .ok();
        assert_eq!(started["pools"][&id], json!("web"));
        let preview_id = started["preview_id"].as_str().unwrap().to_owned();
        let result = eventually(10, || async {
            let r = api.get(&lb(&format!("/preview/{preview_id}"))).await.ok();
            r.get(&id).cloned()
        })
        .await;
        assert_eq!(
            result["origins"][0]["127.0.0.5"]["healthy"],
            json!(healthy),
            "{codes}: {result:#}"
        );
        // Regression (defect 8): not probed was `"healthy": null`; the
        // schema says boolean, and the reason says why.
        let unprobed = &result["origins"][1]["192.0.2.77"];
        assert_eq!(unprobed["healthy"], json!(false), "{result:#}");
        assert_eq!(
            unprobed["failure_reason"],
            json!("not probed: address outside the probe allow-list")
        );
        assert_eq!(result["healthy"], json!(healthy));
    }
    let reply = api
        .post(
            &lb(&format!("/pools/{id}/preview")),
            json!({"type": "http", "expected_codes": "nope"}),
        )
        .await;
    assert_eq!(reply.pointers(), ["/expected_codes"]);
    assert_eq!(
        api.get(&lb("/preview/ffffffffffffffffffffffffffffffff"))
            .await
            .status,
        404
    );
}

// Regression (defect 8): with no endpoint probed, `/health` said
// `"healthy": null` for the region and each endpoint; Cloudflare's schema
// says boolean.
#[tokio::test]
async fn health_of_a_pool_nobody_may_probe_is_still_booleans() {
    let server = fast_server().await;
    let api = server.api();
    let monitor = http_monitor(&api, json!({})).await;
    let pool = api
        .post(
            &lb("/pools"),
            json!({"name": "far", "monitor": monitor, "check_regions": ["WEU"],
                "origins": [{"name": "a", "address": "192.0.2.20"}]}),
        )
        .await
        .ok();
    let id = pool["id"].as_str().unwrap().to_owned();
    let weu = eventually(10, || async {
        let reply = api.get(&lb(&format!("/pools/{id}/health"))).await;
        (reply.status == 200).then(|| reply.ok()["pop_health"]["WEU"].clone())
    })
    .await;
    assert_eq!(weu["healthy"], json!(false), "{weu:#}");
    let endpoint = &weu["origins"][0]["192.0.2.20"];
    assert_eq!(endpoint["healthy"], json!(false));
    assert_eq!(
        endpoint["failure_reason"],
        json!("not probed: address outside the probe allow-list")
    );
}
