//! The test-only fault mode: off by default (the control endpoint is a
//! 404), loopback-only, and each kind of fault as a client sees it.

mod common;

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Method, Request, StatusCode};
use clap::Parser;
use common::{http, lb, pool_body, TestServer, WRITE_TOKEN};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use pooldeck_server::cli::Args;
use pooldeck_server::faults::{FaultRule, CONTROL_PATH, MALFORMED_BODY};
use pooldeck_server::Server;
use serde_json::{json, Value};

async fn faulty() -> TestServer {
    TestServer::with(|c| c.fault_injection = true).await
}

/// Calls the control endpoint; returns the status and the JSON answer.
async fn control(server: &TestServer, method: Method, body: Option<Value>) -> (StatusCode, Value) {
    let url = format!("http://{}{CONTROL_PATH}", server.addr);
    let (status, _, text) = http(
        method,
        &url,
        &[],
        body.map(|b| ("application/json", b.to_string())),
    )
    .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn add(server: &TestServer, rules: Value) {
    let (status, answer) = control(server, Method::POST, Some(rules)).await;
    assert_eq!(status, 200, "{answer}");
}

/// `GET` of an API path with the write token: status, headers and text.
async fn get_raw(server: &TestServer, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    http(
        Method::GET,
        &format!("http://{}/client/v4{path}", server.addr),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        None,
    )
    .await
}

#[tokio::test]
async fn off_by_default_the_control_endpoint_is_a_404_and_nothing_is_injected() {
    let server = TestServer::start().await;
    assert!(server.state().faults.is_none());
    for method in [Method::GET, Method::POST, Method::DELETE] {
        let (status, _) = control(
            &server,
            method.clone(),
            Some(json!([{"path": "*", "status": 500}])),
        )
        .await;
        assert_eq!(status, 404, "{method}");
    }
    assert_eq!(server.api().get(&lb("/pools")).await.status, 200);
    let based = TestServer::with(|c| c.base_path = "/portal/lb".into()).await;
    let (status, _, _) = http(
        Method::GET,
        &format!("http://{}/portal/lb{CONTROL_PATH}", based.addr),
        &[],
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn fault_injection_is_refused_unless_listening_on_loopback() {
    let mut config = common::config(common::scratch("db").join("x.db"));
    config.listen = "0.0.0.0:0".parse().unwrap();
    config.fault_injection = true;
    let e = Server::bind(config.clone()).await.err().expect("refused");
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        e.to_string()
            .starts_with("refusing --fault-injection on 0.0.0.0:0: the fault mode is for tests"),
        "{e}"
    );
    // The same through the command line, on IPv6 too.
    let args = Args::try_parse_from([
        "pooldeck-server",
        "--memory",
        "--fault-injection",
        "--listen",
        "[::]:0",
    ])
    .unwrap();
    let e = Server::bind(args.into_config().unwrap())
        .await
        .err()
        .expect("refused");
    assert!(e.to_string().contains("--fault-injection"), "{e}");
    // Without the flag the general loopback rule still answers.
    config.fault_injection = false;
    let e = Server::bind(config).await.err().expect("refused");
    assert!(!e.to_string().contains("fault"), "{e}");
    // On loopback it starts.
    let on = Args::try_parse_from(["pooldeck-server", "--fault-injection"]).unwrap();
    assert!(on.into_config().unwrap().fault_injection);
}

#[tokio::test]
async fn the_control_endpoint_adds_lists_validates_and_clears_rules() {
    let server = faulty().await;
    let (status, answer) = control(&server, Method::GET, None).await;
    assert_eq!((status, answer), (StatusCode::OK, json!({"rules": []})));
    add(&server, json!({"path": "/monitors", "latency_ms": 5})).await;
    add(
        &server,
        json!([{"method": "GET", "path": "*/pools*", "status": 429, "retry_after": 2, "times": 3}]),
    )
    .await;
    let (_, answer) = control(&server, Method::GET, None).await;
    assert_eq!(
        answer,
        json!({"rules": [
            {"path": "/monitors", "latency_ms": 5},
            {"method": "GET", "path": "*/pools*", "status": 429, "retry_after": 2, "times": 3}
        ]})
    );
    let rules: Vec<FaultRule> = serde_json::from_value(answer["rules"].clone()).unwrap();
    assert_eq!(rules.len(), 2);
    for bad in [
        json!({"path": "/x", "status": 200}),
        json!({"path": "/x", "drop": true, "malformed": true}),
        json!({"path": "/x", "bogus": 1}),
        json!("nonsense"),
    ] {
        let (status, answer) = control(&server, Method::POST, Some(bad.clone())).await;
        assert_eq!(status, 400, "{bad}");
        assert!(answer["error"].is_string(), "{answer}");
    }
    let (status, answer) = control(&server, Method::DELETE, None).await;
    assert_eq!((status, answer), (StatusCode::OK, json!({"rules": []})));
    let (status, _) = control(&server, Method::PUT, Some(json!([]))).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn latency_delays_the_answer_but_keeps_it() {
    let server = faulty().await;
    add(&server, json!({"path": "*/pools", "latency_ms": 400})).await;
    let started = Instant::now();
    let pools = server.api().get(&lb("/pools")).await.ok();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(pools, json!([]));
    let started = Instant::now();
    server.api().get(&lb("/monitors")).await.ok();
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "other paths are not delayed"
    );
}

#[tokio::test]
async fn statuses_come_with_the_api_error_envelope_and_429_with_retry_after() {
    let server = faulty().await;
    add(
        &server,
        json!([
            {"path": "*/pools", "status": 500},
            {"path": "*/monitors", "status": 502},
            {"path": "*/monitor_groups", "status": 429, "retry_after": 7}
        ]),
    )
    .await;
    let api = server.api();
    for (path, status) in [("/pools", 500), ("/monitors", 502)] {
        let reply = api.get(&lb(path)).await;
        assert_eq!(reply.status, status);
        assert_eq!(reply.codes(), [1000]);
        assert!(reply.messages()[0].starts_with(&format!("injected fault: {status} ")));
    }
    let (status, headers, text) = get_raw(&server, &lb("/monitor_groups")).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "7");
    assert_eq!(headers["content-type"], "application/json");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["success"], json!(false));
    // The standard headers are still there.
    let (_, headers, _) = get_raw(&server, &lb("/pools")).await;
    assert_eq!(headers["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn malformed_answers_200_with_a_body_that_is_not_json() {
    let server = faulty().await;
    add(&server, json!({"path": "/config.json", "malformed": true})).await;
    add(&server, json!({"path": "*/pools", "malformed": true})).await;
    let (status, headers, text) = get_raw(&server, &lb("/pools")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(text, MALFORMED_BODY);
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let (status, _, text) = http(
        Method::GET,
        &format!("http://{}/config.json", server.addr),
        &[],
        None,
    )
    .await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, MALFORMED_BODY));
}

/// A GET that reports a failed exchange as `Err` instead of panicking.
async fn try_get(url: &str) -> Result<(StatusCode, Bytes), String> {
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let req = Request::get(url)
        .header("authorization", format!("Bearer {WRITE_TOKEN}"))
        .header("accept-encoding", "gzip, br")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let res = client.request(req).await.map_err(|e| e.to_string())?;
    let status = res.status();
    let body = res.into_body().collect().await.map_err(|e| e.to_string())?;
    Ok((status, body.to_bytes()))
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let server = faulty().await;
    add(
        &server,
        json!({"path": "*/pools*", "drop": true, "times": 1}),
    )
    .await;
    let url = format!("http://{}/client/v4{}", server.addr, lb("/pools"));
    let dropped = try_get(&url).await;
    assert!(dropped.is_err(), "{dropped:?}");
    let (status, _) = try_get(&url).await.expect("the next request is answered");
    assert_eq!(status, 200);
}

#[tokio::test]
async fn times_expires_a_rule_after_that_many_matches() {
    let server = faulty().await;
    add(
        &server,
        json!({"path": "*/pools", "status": 502, "times": 2}),
    )
    .await;
    let api = server.api();
    assert_eq!(
        api.get(&lb("/monitors")).await.status,
        200,
        "no match, no use"
    );
    assert_eq!(api.get(&lb("/pools")).await.status, 502);
    let (_, answer) = control(&server, Method::GET, None).await;
    assert_eq!(answer["rules"][0]["times"], json!(1));
    assert_eq!(api.get(&lb("/pools")).await.status, 502);
    assert_eq!(api.get(&lb("/pools")).await.status, 200);
    let (_, answer) = control(&server, Method::GET, None).await;
    assert_eq!(answer, json!({"rules": []}));
}

#[tokio::test]
async fn a_method_filter_leaves_other_methods_alone_and_rules_apply_in_order() {
    let server = faulty().await;
    add(
        &server,
        json!([
            {"method": "post", "path": "*/pools", "status": 500},
            {"path": "*/pools", "status": 502}
        ]),
    )
    .await;
    let api = server.api();
    let post = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await;
    assert_eq!(post.status, 500, "the first matching rule wins");
    assert_eq!(api.get(&lb("/pools")).await.status, 502);
    control(&server, Method::DELETE, None).await;
    add(
        &server,
        json!({"method": "PATCH", "path": "*/pools*", "status": 500}),
    )
    .await;
    assert_eq!(api.get(&lb("/pools")).await.ok(), json!([]));
    assert_eq!(
        api.post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn after_handler_applies_the_write_and_loses_the_answer() {
    let server = faulty().await;
    add(
        &server,
        json!({"method": "POST", "path": "*/pools", "status": 502, "after_handler": true, "times": 1}),
    )
    .await;
    let api = server.api();
    let post = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await;
    assert_eq!(post.status, 502);
    let pools = api.get(&lb("/pools")).await.ok();
    assert_eq!(pools[0]["name"], json!("web"), "the write happened");
}

#[tokio::test]
async fn under_a_base_path_the_control_endpoint_and_patterns_still_work() {
    let server = TestServer::with(|c| {
        c.fault_injection = true;
        c.base_path = "/portal/lb".into();
    })
    .await;
    let control_url = format!("http://{}/portal/lb{CONTROL_PATH}", server.addr);
    let (status, _, _) = http(
        Method::POST,
        &control_url,
        &[],
        Some((
            "application/json",
            json!({"path": "/portal/lb/client/v4/*/pools", "status": 500}).to_string(),
        )),
    )
    .await;
    assert_eq!(status, 200);
    let (_, answer) = control(&server, Method::GET, None).await;
    assert_eq!(
        answer["rules"].as_array().unwrap().len(),
        1,
        "same rules at the root"
    );
    let (status, _, _) = http(
        Method::GET,
        &format!("http://{}/portal/lb/client/v4{}", server.addr, lb("/pools")),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        None,
    )
    .await;
    assert_eq!(status, 500);
}

#[tokio::test]
async fn in_process_tests_can_set_rules_on_the_state() {
    let server = faulty().await;
    let faults = server.state().faults.clone().expect("the mode is on");
    faults
        .add(vec![FaultRule {
            path: "*/pools".into(),
            status: Some(502),
            times: Some(1),
            ..Default::default()
        }])
        .unwrap();
    assert_eq!(server.api().get(&lb("/pools")).await.status, 502);
    assert_eq!(server.api().get(&lb("/pools")).await.status, 200);
}
