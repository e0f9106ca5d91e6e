//! Portal sign-in: a user header is trusted only from the listed proxies,
//! signs the user in (their name then appears in history), and sessions
//! survive a restart because they are stored in SQLite.

mod common;

use std::net::IpAddr;

use axum::http::{HeaderMap, Method, StatusCode};
use common::{lb, pool_body, TestServer, ACCOUNT};
use pooldeck_server::portal::TrustedHeader;
use serde_json::{json, Value};

const HEADER: &str = "x-forwarded-email";
const PROXY: &str = "127.0.0.2";

fn ip(s: &str) -> Option<IpAddr> {
    Some(s.parse().unwrap())
}

async fn portal_server(db: Option<std::path::PathBuf>) -> TestServer {
    let adjust = |c: &mut pooldeck_server::Config| {
        let mut trusted = TrustedHeader::from_loopback(HEADER.parse().unwrap());
        trusted.proxies = vec![format!("{PROXY}/32").parse().unwrap()];
        c.trusted_header = Some(trusted);
    };
    match db {
        Some(db) => TestServer::on(db, adjust).await,
        None => TestServer::with(adjust).await,
    }
}

fn session_cookie(headers: &HeaderMap) -> String {
    let set = headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("pooldeck_session="))
        .expect("a session cookie");
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_user_header_is_refused_from_an_untrusted_address() {
    let server = portal_server(None).await;
    let url = format!("http://{}/client/v4{}", server.addr, lb("/pools"));
    let (status, _, body) = common::http_from(
        ip("127.0.0.1"),
        Method::GET,
        &url,
        &[(HEADER, "mallory@example.com")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("x-forwarded-email") && message.contains("127.0.0.1"),
        "says which header and where it came from: {message}"
    );
    // The console page says so too, as text.
    let (status, _, text) = common::http_from(
        ip("127.0.0.1"),
        Method::GET,
        &format!("http://{}/", server.addr),
        &[(HEADER, "mallory@example.com")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text.contains("trusted proxy"), "{text}");
    // Without the header, the address does not matter.
    let (status, _, _) = common::http_from(
        ip("127.0.0.1"),
        Method::GET,
        &format!("http://{}/config.json", server.addr),
        &[],
        None,
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_trusted_proxy_signs_the_user_in_and_history_names_them() {
    let server = portal_server(None).await;
    let base = format!("http://{}", server.addr);
    let (status, headers, _) = common::http_from(
        ip(PROXY),
        Method::GET,
        &format!("{base}/"),
        &[(HEADER, "ada@example.com")],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let cookie = session_cookie(&headers);
    // The console's own requests: the cookie, the CSRF header, and the
    // proxy's header on each (as oauth2-proxy sends it).
    let (status, headers, body) = common::http_from(
        ip(PROXY),
        Method::POST,
        &format!("{base}/client/v4{}", lb("/pools")),
        &[
            (HEADER, "ada@example.com"),
            ("cookie", &cookie),
            ("x-pooldeck-csrf", "1"),
        ],
        Some((
            "application/json",
            pool_body("web", &["192.0.2.1"]).to_string(),
        )),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        headers.get("set-cookie").is_none(),
        "the session is reused while it is the same user's"
    );
    let (_, _, body) = common::http(
        Method::GET,
        &format!("{base}/_pooldeck/history?account_id={ACCOUNT}"),
        &[("authorization", &format!("Bearer {}", common::WRITE_TOKEN))],
        None,
    )
    .await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["result"][0]["actor"], json!("ada@example.com"));

    // Someone else signs in to the portal in the same browser: a new
    // session, in their name.
    let (_, headers, _) = common::http_from(
        ip(PROXY),
        Method::GET,
        &format!("{base}/"),
        &[(HEADER, "grace@example.com"), ("cookie", &cookie)],
        None,
    )
    .await;
    assert_ne!(session_cookie(&headers), cookie);
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let server = portal_server(None).await;
    let base = format!("http://{}", server.addr);
    let (_, headers, _) = common::http_from(
        ip(PROXY),
        Method::GET,
        &format!("{base}/"),
        &[(HEADER, "ada@example.com")],
        None,
    )
    .await;
    let cookie = session_cookie(&headers);
    let db = server.db.clone();
    server.stop().await;

    let server = portal_server(Some(db)).await;
    // No user header now: the stored session alone signs the browser in.
    let (status, _, body) = common::http(
        Method::GET,
        &format!("http://{}/client/v4{}", server.addr, lb("/pools")),
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let stored: Vec<String> = server
        .state()
        .store
        .live_sessions(0)
        .unwrap()
        .into_iter()
        .map(|s| s.id_hash)
        .collect();
    let secret = cookie.trim_start_matches("pooldeck_session=");
    assert!(
        stored.iter().all(|h| h != secret && h.len() == 64),
        "only hashes are stored"
    );
}
