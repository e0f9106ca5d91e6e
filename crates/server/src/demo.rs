//! `--demo`: a working account for a first look, with health that is real
//! and changes.
//!
//! Five tiny HTTP servers run on loopback addresses 127.0.0.2–127.0.0.6
//! (port 18080, fixed so a restarted demo finds its endpoints again): three
//! healthy, one that is down for the last 90 seconds of every 4 minutes, and one
//! that always answers 503. The seed adds monitors, pools (one with
//! documentation addresses that are never probed), two load balancers and a
//! health alert. It goes through the API with an internal token, so demo
//! data passes the same validation as anyone's, and it runs only when the
//! demo account is still empty.

use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The demo account and zone.
pub const DEMO_ACCOUNT: &str = "de000000000000000000000000000001";
pub const DEMO_ZONE: &str = "de000000000000000000000000000002";
/// The port every demo endpoint listens on, each on its own address.
pub const DEMO_PORT: u16 = 18080;

#[derive(Clone, Copy)]
enum Behaviour {
    Healthy,
    /// Down for the last 90 s of every 240 s.
    Flapping,
    Failing,
}

const ENDPOINTS: &[(&str, Behaviour)] = &[
    ("127.0.0.2", Behaviour::Healthy),
    ("127.0.0.3", Behaviour::Healthy),
    ("127.0.0.4", Behaviour::Flapping),
    ("127.0.0.5", Behaviour::Failing),
    ("127.0.0.6", Behaviour::Healthy),
];

/// Starts the demo endpoints. One that cannot bind is reported and skipped
/// (its pool then shows the failure, which is the honest result).
pub async fn start_endpoints() {
    let started = Instant::now();
    for &(ip, behaviour) in ENDPOINTS {
        let app = Router::new().route(
            "/health",
            get(move || async move {
                let up = match behaviour {
                    Behaviour::Healthy => true,
                    Behaviour::Failing => false,
                    // Up for 150 s, then down for 90 s, so a first look finds it up.
                    Behaviour::Flapping => started.elapsed().as_secs() % 240 < 150,
                };
                if up {
                    (StatusCode::OK, "ok")
                } else {
                    (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
                }
            }),
        );
        match tokio::net::TcpListener::bind((ip, DEMO_PORT)).await {
            Ok(listener) => {
                tokio::spawn(async move { axum::serve(listener, app).await });
            }
            Err(e) => eprintln!("demo endpoint {ip}:{DEMO_PORT} not started: {e}"),
        }
    }
}

async fn call(
    router: &Router,
    token: &str,
    method: &str,
    path: &str,
    body: Value,
) -> Result<Value, String> {
    let req = Request::builder()
        .method(method)
        .uri(format!("/client/v4{path}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .map_err(|e| e.to_string())?;
    let res = router
        .clone()
        .oneshot(req)
        .await
        .map_err(|e| e.to_string())?;
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if v["success"] == json!(true) {
        Ok(v["result"].clone())
    } else {
        Err(format!("{method} {path}: {}", v["errors"]))
    }
}

fn id(v: &Value) -> Value {
    v["id"].clone()
}

/// Seeds the demo account unless it already has pools.
pub async fn seed(router: &Router, token: &str) -> Result<(), String> {
    let a = format!("/accounts/{DEMO_ACCOUNT}/load_balancers");
    let existing = call(router, token, "GET", &format!("{a}/pools"), Value::Null).await?;
    if existing.as_array().is_some_and(|p| !p.is_empty()) {
        return Ok(());
    }
    let web = call(router, token, "POST", &format!("{a}/monitors"), json!({
        "type": "http", "description": "Web health check", "method": "GET", "path": "/health",
        "port": DEMO_PORT, "expected_codes": "2xx", "expected_body": "ok", "interval": 60, "timeout": 5, "retries": 1,
        "header": {"Host": ["health.example.com"]}
    })).await?;
    let tcp = call(router, token, "POST", &format!("{a}/monitors"), json!({
        "type": "tcp", "description": "TCP connect", "port": 5432, "interval": 120, "timeout": 5, "retries": 2
    })).await?;
    let endpoint = |name: &str, address: &str, weight: f64| json!({"name": name, "address": address, "weight": weight});
    let eu = call(router, token, "POST", &format!("{a}/pools"), json!({
        "name": "eu-web", "description": "Frankfurt web servers", "monitor": id(&web),
        "check_regions": ["WEU", "EEU"], "latitude": 50.11, "longitude": 8.68,
        "origins": [endpoint("eu-web-1", "127.0.0.2", 0.6), endpoint("eu-web-2", "127.0.0.3", 0.4)]
    })).await?;
    let us = call(router, token, "POST", &format!("{a}/pools"), json!({
        "name": "us-web", "description": "Virginia web server (goes down every few minutes)", "monitor": id(&web),
        "check_regions": ["ENAM", "WNAM"], "latitude": 38.95, "longitude": -77.45,
        "origins": [endpoint("us-web-1", "127.0.0.4", 1.0)]
    })).await?;
    let api = call(router, token, "POST", &format!("{a}/pools"), json!({
        "name": "api", "description": "API servers; needs both endpoints healthy", "monitor": id(&web),
        "minimum_origins": 2, "check_regions": ["WEU", "ENAM"],
        "origin_steering": {"policy": "least_outstanding_requests"},
        "load_shedding": {"default_percent": 10, "default_policy": "hash", "session_percent": 0, "session_policy": "hash"},
        "origins": [endpoint("api-1", "127.0.0.5", 0.5), endpoint("api-2", "127.0.0.6", 0.5)]
    })).await?;
    call(router, token, "POST", &format!("{a}/pools"), json!({
        "name": "legacy-dc", "description": "Documentation addresses: never probed, so health stays unknown",
        "monitor": id(&tcp), "check_regions": ["SAS"],
        "origins": [endpoint("legacy-1", "192.0.2.10", 1.0), endpoint("legacy-2", "2001:db8::10", 1.0)]
    })).await?;
    let z = format!("/zones/{DEMO_ZONE}/load_balancers");
    call(router, token, "POST", &z, json!({
        "name": "www.example.com", "default_pools": [id(&eu), id(&us)], "fallback_pool": id(&api),
        "region_pools": {"WNAM": [id(&us)], "ENAM": [id(&us)]}, "steering_policy": "geo", "proxied": true, "ttl": 30
    })).await?;
    call(router, token, "POST", &z, json!({
        "name": "api.example.com", "default_pools": [id(&api)], "fallback_pool": id(&eu), "proxied": true
    })).await?;
    call(router, token, "POST", &format!("/accounts/{DEMO_ACCOUNT}/alerting/v3/policies"), json!({
        "name": "API pool unhealthy", "description": "Pages the on-call engineer", "enabled": true,
        "alert_type": "load_balancing_health_alert",
        "mechanisms": {"email": [{"id": "oncall@example.com"}]},
        "filters": {"pool_id": [id(&api)], "new_health": ["Unhealthy"], "event_source": ["pool", "origin"]}
    })).await?;
    Ok(())
}
