//! Proxy mode against a fake upstream on loopback (never the internet):
//! the server-held token is injected, callers' credentials are not
//! forwarded, the allow-list and read-only rules hold, and upstream answers
//! pass through unchanged.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use common::{TestServer, ACCOUNT, OTHER_ACCOUNT};
use pooldeck_server::proxy::Upstream;
use serde_json::json;

const UPSTREAM_TOKEN: &str = "upstream-secret-held-by-the-server";

#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    uri: String,
    authorization: Option<String>,
    body: String,
}

/// A fake Cloudflare: records each request, answers pool lists with a
/// success and everything else with a 1002 validation error.
async fn fake_upstream() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push(Seen {
                method: method.clone(),
                uri: uri.to_string(),
                authorization: headers.get("authorization").map(|v| v.to_str().unwrap().to_owned()),
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            if method == Method::GET {
                (StatusCode::OK, [("content-type", "application/json")], r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"p1","name":"from-upstream"}]}"#)
            } else {
                (StatusCode::BAD_REQUEST, [("content-type", "application/json")], r#"{"success":false,"errors":[{"code":1002,"message":"upstream says no: validation failed"}],"messages":[],"result":null}"#)
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/client/v4", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

async fn proxy_server(base: String, accounts: &[&str], read_only: bool) -> TestServer {
    let accounts: Vec<String> = accounts.iter().map(|s| s.to_string()).collect();
    TestServer::with(move |c| {
        c.upstream = Some(Upstream {
            base,
            token: UPSTREAM_TOKEN.into(),
            accounts,
            read_only,
        });
    })
    .await
}

fn pools(account: &str) -> String {
    format!("/accounts/{account}/load_balancers/pools")
}

#[tokio::test]
async fn forwards_with_the_server_held_token_and_passes_answers_through() {
    let (base, seen) = fake_upstream().await;
    let server = proxy_server(base, &[ACCOUNT], false).await;
    let api = server.api();

    let reply = api.get(&format!("{}?monitor=m1", pools(ACCOUNT))).await;
    assert_eq!(reply.ok(), json!([{"id": "p1", "name": "from-upstream"}]));
    let reply = api.post(&pools(ACCOUNT), json!({"name": "x"})).await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.body["errors"][0]["message"],
        json!("upstream says no: validation failed"),
        "errors pass through unchanged"
    );

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].uri,
        format!("/client/v4{}?monitor=m1", pools(ACCOUNT))
    );
    for s in &seen {
        assert_eq!(
            s.authorization.as_deref(),
            Some(format!("Bearer {UPSTREAM_TOKEN}").as_str()),
            "the caller's token is never forwarded"
        );
    }
    assert_eq!(seen[1].method, Method::POST);
    assert_eq!(seen[1].body, r#"{"name":"x"}"#);
}

#[tokio::test]
async fn the_allow_list_read_only_and_local_auth_refuse_before_forwarding() {
    let (base, seen) = fake_upstream().await;
    let server = proxy_server(base, &[ACCOUNT], true).await;
    let api = server.api();
    let reply = api.get(&pools(OTHER_ACCOUNT)).await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (403, vec![10000]));
    let reply = api
        .get(&format!("/zones/{}/load_balancers", common::ZONE))
        .await;
    assert_eq!(
        reply.status, 403,
        "zones cannot be tied to an allowed account"
    );
    let reply = api.post(&pools(ACCOUNT), json!({})).await;
    assert_eq!(
        (reply.status.as_u16(), reply.codes()),
        (403, vec![10000]),
        "read-only"
    );
    let reply = server.api_as(None).get(&pools(ACCOUNT)).await;
    assert_eq!(
        reply.codes(),
        [6003],
        "callers must authenticate to this server"
    );
    assert!(seen.lock().unwrap().is_empty(), "nothing was forwarded");
    api.get(&pools(ACCOUNT)).await.ok();
    assert_eq!(seen.lock().unwrap().len(), 1);

    let (_, _, config) = common::http(
        Method::GET,
        &format!("http://{}/config.json", server.addr),
        &[],
        None,
    )
    .await;
    let config: serde_json::Value = serde_json::from_str(&config).unwrap();
    assert_eq!(
        (config["mode"].clone(), config["account_id"].clone()),
        (json!("proxy"), json!(ACCOUNT))
    );
    assert_eq!(
        config.get("plan"),
        None,
        "a proxy does not know the real account's plan"
    );
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_envelope() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = proxy_server(format!("http://127.0.0.1:{port}/client/v4"), &[], false).await;
    let reply = server.api().get(&pools(ACCOUNT)).await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.body["success"], json!(false));
}
