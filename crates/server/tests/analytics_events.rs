//! `GET /accounts/{id}/load_balancing_analytics/events`: the transition log
//! grouped into Cloudflare-shaped health events, filtered by time and pool.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::{eventually, lb, spawn_endpoint, TestServer, ACCOUNT, OTHER_ACCOUNT};
use pooldeck_server::store::HealthEvent;
use serde_json::{json, Value};

const T1: &str = "2020-05-01T10:00:00.000000Z";
const T2: &str = "2020-05-01T10:05:00.000000Z";
const T3: &str = "2020-05-01T10:10:00.000000Z";
const GONE: &str = "ffffffffffffffffffffffffffffffff";

fn events_path(query: &str) -> String {
    format!("/accounts/{ACCOUNT}/load_balancing_analytics/events{query}")
}

fn row(at: &str, pool_id: &str, address: Option<&str>, healthy: bool) -> HealthEvent {
    HealthEvent {
        at: at.into(),
        account_id: ACCOUNT.into(),
        pool_id: pool_id.into(),
        source: if address.is_some() { "origin" } else { "pool" },
        address: address.map(str::to_owned),
        healthy,
    }
}

/// A pool "web" (endpoints a = 127.0.0.2, b = 127.0.0.3, b disabled, no
/// monitor, so nothing probes it) and a log: at T1 both endpoints and the
/// pool go down, and an endpoint of a since-deleted pool too; at T2 `a`
/// and the pool come back; at T3 `b` comes back alone.
async fn logged() -> (TestServer, String) {
    let server = TestServer::start().await;
    let api = server.api();
    let pool = api
        .post(
            &lb("/pools"),
            json!({"name": "web", "check_regions": ["WEU"], "origins": [
                {"name": "a", "address": "127.0.0.2"},
                {"name": "b", "address": "127.0.0.3", "enabled": false}
            ]}),
        )
        .await
        .ok();
    let id = pool["id"].as_str().unwrap().to_owned();
    let mut other = row(T1, "0123", Some("192.0.2.1"), false);
    other.account_id = OTHER_ACCOUNT.into();
    server
        .state()
        .store
        .record_events(&[
            row(T1, &id, Some("127.0.0.2"), false),
            row(T1, &id, Some("127.0.0.3"), false),
            row(T1, &id, None, false),
            row(T1, GONE, Some("198.51.100.9"), false),
            other,
            row(T2, &id, Some("127.0.0.2"), true),
            row(T2, &id, None, true),
            row(T3, &id, Some("127.0.0.3"), true),
        ])
        .unwrap();
    (server, id)
}

fn ids(events: &Value) -> Vec<i64> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn rows_of_one_moment_and_pool_become_one_cloudflare_shaped_event() {
    let (server, id) = logged().await;
    let reply = server
        .api()
        .get(&events_path("?since=2020-05-01T00:00:00Z"))
        .await;
    assert_eq!(
        reply.body["result_info"],
        json!({"page": 1, "per_page": 4, "count": 4, "total_count": 4, "total_pages": 1})
    );
    let events = reply.ok();
    assert_eq!(
        events,
        json!([
            {
                "id": 1, "timestamp": T1,
                "pool": {"id": id, "name": "web", "healthy": false, "changed": true, "minimum_origins": 1},
                "origins": [
                    {"name": "a", "address": "127.0.0.2", "ip": "127.0.0.2", "enabled": true,
                     "healthy": false, "changed": true},
                    {"name": "b", "address": "127.0.0.3", "ip": "127.0.0.3", "enabled": false,
                     "healthy": false, "changed": true}
                ]
            },
            {
                "id": 4, "timestamp": T1,
                "pool": {"id": GONE, "changed": false},
                "origins": [
                    {"address": "198.51.100.9", "ip": "198.51.100.9", "healthy": false, "changed": true}
                ]
            },
            {
                "id": 6, "timestamp": T2,
                "pool": {"id": id, "name": "web", "healthy": true, "changed": true, "minimum_origins": 1},
                "origins": [
                    {"name": "a", "address": "127.0.0.2", "ip": "127.0.0.2", "enabled": true,
                     "healthy": true, "changed": true, "failure_reason": "No failures"}
                ]
            },
            {
                "id": 8, "timestamp": T3,
                "pool": {"id": id, "name": "web", "healthy": true, "changed": false, "minimum_origins": 1},
                "origins": [
                    {"name": "b", "address": "127.0.0.3", "ip": "127.0.0.3", "enabled": false,
                     "healthy": true, "changed": true, "failure_reason": "No failures"}
                ]
            }
        ])
    );
    // The model type reads what the server writes.
    let typed: Vec<pooldeck_model::HealthEvent> = serde_json::from_value(events).unwrap();
    assert_eq!(typed[3].pool.healthy, Some(true));
}

#[tokio::test]
async fn since_until_and_pool_bound_the_list() {
    let (server, id) = logged().await;
    let api = server.api();
    let get = |q: String| {
        let api = api.clone();
        async move { api.get(&events_path(&q)).await.ok() }
    };
    // Bounds are inclusive and compare as instants, whatever the offset.
    assert_eq!(
        ids(&get("?since=2020-05-01T12:05:00%2B02:00".into()).await),
        [6, 8]
    );
    assert_eq!(
        ids(&get(format!("?since=2020-05-01T00:00:00Z&until={T1}")).await),
        [1, 4]
    );
    assert_eq!(
        ids(&get(format!("?since={T1}&until=2020-05-01T10:05:00Z")).await),
        [1, 4, 6]
    );
    assert_eq!(
        ids(&get(format!("?since=2020-01-01T00:00:00Z&pool_id={id}")).await),
        [1, 6, 8]
    );
    assert_eq!(
        ids(&get("?since=2020-01-01T00:00:00Z&pool_name=web".into()).await),
        [1, 6, 8]
    );
    assert_eq!(
        ids(&get("?since=2020-01-01T00:00:00Z&pool_healthy=false".into()).await),
        [1]
    );
    assert_eq!(
        ids(&get("?since=2020-01-01T00:00:00Z&origin_healthy=true".into()).await),
        [6, 8]
    );
    assert_eq!(
        ids(&get("?since=2020-01-01T00:00:00Z&origin_name=b".into()).await),
        [1, 8]
    );
    // A window that starts after the pool's last change still knows its
    // health, from the log before the window.
    let late = get(format!("?since={T3}")).await;
    assert_eq!(ids(&late), [8]);
    assert_eq!(late[0]["pool"]["healthy"], json!(true));
    // Without `since`, the last 24 hours: none of the 2020 rows.
    assert_eq!(get(String::new()).await, json!([]));
}

#[tokio::test]
async fn bad_times_and_flags_are_400_with_the_error_envelope() {
    let (server, _) = logged().await;
    let api = server.api();
    for (query, message) in [
        (
            "?since=yesterday",
            "since \"yesterday\" is not an RFC 3339 date-time: validation failed",
        ),
        (
            "?until=2020-05-01",
            "until \"2020-05-01\" is not an RFC 3339 date-time: validation failed",
        ),
        (
            "?pool_healthy=yes",
            "pool_healthy \"yes\" must be true or false: validation failed",
        ),
    ] {
        let reply = api.get(&events_path(query)).await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.codes(), [1002]);
        assert_eq!(reply.messages(), [message]);
    }
}

#[tokio::test]
async fn the_route_is_authenticated_and_scoped_like_other_account_routes() {
    let (server, _) = logged().await;
    let path = events_path("?since=2020-01-01T00:00:00Z");
    let anonymous = server.api_as(None).get(&path).await;
    assert_eq!(anonymous.codes(), [6003]);
    let scoped = server.api_as(Some(common::SCOPED_TOKEN)).get(&path).await;
    assert_eq!((scoped.status.as_u16(), scoped.codes()), (403, vec![10000]));
    let read = server
        .api_as(Some(common::READ_TOKEN))
        .get(&path)
        .await
        .ok();
    assert_eq!(ids(&read), [1, 4, 6, 8]);
    let bad = server
        .api()
        .get("/accounts/nothex/load_balancing_analytics/events")
        .await;
    assert_eq!(bad.codes(), [7003, 7000]);
    // Another account sees only its own row.
    let other = server
        .api()
        .get(&format!(
            "/accounts/{OTHER_ACCOUNT}/load_balancing_analytics/events?since=2020-01-01T00:00:00Z"
        ))
        .await
        .ok();
    assert_eq!(other.as_array().unwrap().len(), 1);
    assert_eq!(other[0]["pool"]["id"], json!("0123"));
}

#[tokio::test]
async fn an_endpoint_that_goes_down_and_up_is_listed_as_the_prober_saw_it() {
    let up = Arc::new(AtomicBool::new(true));
    let port = spawn_endpoint("127.0.0.4", up.clone()).await;
    let server = TestServer::with(|c| c.fast_probes = true).await;
    let api = server.api();
    let monitor = api
        .post(
            &lb("/monitors"),
            json!({"type": "http", "path": "/health", "expected_codes": "2xx",
                   "description": "health", "timeout": 2, "retries": 0}),
        )
        .await
        .ok()["id"]
        .clone();
    let pool = api
        .post(
            &lb("/pools"),
            json!({"name": "api", "monitor": monitor, "check_regions": ["WEU"],
                   "origins": [{"name": "only", "address": "127.0.0.4", "port": port}]}),
        )
        .await
        .ok();
    let id = pool["id"].as_str().unwrap().to_owned();
    let healthy = |want: bool| {
        let api = api.clone();
        let path = lb(&format!("/pools/{id}"));
        async move {
            eventually(10, || async {
                (api.get(&path).await.ok()["healthy"] == json!(want)).then_some(())
            })
            .await
        }
    };
    healthy(true).await;
    up.store(false, Ordering::SeqCst);
    healthy(false).await;
    up.store(true, Ordering::SeqCst);
    healthy(true).await;

    let events = api.get(&events_path("")).await.ok();
    let shape: Vec<Value> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            json!([
                e["pool"]["id"],
                e["pool"]["name"],
                e["pool"]["changed"],
                e["pool"]["healthy"],
                e["origins"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| json!([o["name"], o["ip"], o["changed"], o["healthy"]]))
                    .collect::<Vec<_>>()
            ])
        })
        .collect();
    assert_eq!(
        shape,
        [
            json!([id, "api", true, false, [["only", "127.0.0.4", true, false]]]),
            json!([id, "api", true, true, [["only", "127.0.0.4", true, true]]]),
        ]
    );
    let stamps: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["timestamp"].as_str().unwrap())
        .collect();
    assert!(stamps[0] < stamps[1], "oldest first: {stamps:?}");
}
