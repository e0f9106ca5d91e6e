//! The console's sign-in: a one-time link traded for an HttpOnly,
//! SameSite=Strict cookie; the cookie works only with the CSRF header from
//! this origin; the sign-in page takes a token; sign-out ends the session.

mod common;

use axum::http::{header, Method, StatusCode};
use common::{http, TestServer, ACCOUNT, READ_TOKEN};
use serde_json::{json, Value};

fn cookie_of(headers: &axum::http::HeaderMap) -> String {
    let set = headers
        .get(header::SET_COOKIE)
        .expect("a Set-Cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"),
        "{set}"
    );
    set.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_one_time_link_signs_in_once_and_the_cookie_needs_the_csrf_header() {
    let server = TestServer::start().await;
    let code = server.state().sessions.login_code().unwrap();
    let base = format!("http://{}", server.addr);
    let (status, headers, _) = http(
        Method::GET,
        &format!("{base}/pools?login={code}&sort=name"),
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/pools?sort=name",
        "the code leaves the URL"
    );
    let cookie = cookie_of(&headers);

    let pools = format!("{base}/client/v4/accounts/{ACCOUNT}/load_balancers/pools");
    let host = server.addr.to_string();
    let origin = format!("http://{host}");
    let (status, _, body) = http(
        Method::GET,
        &pools,
        &[
            ("cookie", &cookie),
            ("x-pooldeck-csrf", "1"),
            ("origin", &origin),
            ("host", &host),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = http(Method::GET, &pools, &[("cookie", &cookie)], None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF header");
    let (status, _, _) = http(
        Method::GET,
        &pools,
        &[
            ("cookie", &cookie),
            ("x-pooldeck-csrf", "1"),
            ("origin", "http://evil.example"),
            ("host", &host),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another origin");
    let (status, _, _) = http(
        Method::GET,
        &pools,
        &[
            ("cookie", &cookie),
            ("x-pooldeck-csrf", "1"),
            ("sec-fetch-site", "cross-site"),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The operator's session may write.
    let body = json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]});
    let (status, _, text) = http(
        Method::POST,
        &pools,
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        Some(("application/json", body.to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");

    // The link works once.
    let (status, headers, _) = http(Method::GET, &format!("{base}/?login={code}"), &[], None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/_pooldeck/sign-in?used=1"));

    let (_, _, info) = http(
        Method::GET,
        &format!("{base}/_pooldeck/session"),
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        None,
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&info).unwrap(),
        json!({"signed_in": true, "write": true})
    );

    // Signing out ends the session on the server, not just in the browser.
    let (status, headers, _) = http(
        Method::POST,
        &format!("{base}/_pooldeck/sign-out"),
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let (status, _, _) = http(
        Method::GET,
        &pools,
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_sign_in_page_takes_a_token_and_keeps_its_grant() {
    let server = TestServer::start().await;
    let base = format!("http://{}", server.addr);
    let (status, _, page) = http(
        Method::GET,
        &format!("{base}/_pooldeck/sign-in?next=/monitors"),
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"<label for="token">API token</label>"#));
    assert!(page.contains(r#"value="/monitors""#));

    let (status, _, page) = http(
        Method::POST,
        &format!("{base}/_pooldeck/sign-in"),
        &[],
        Some((
            "application/x-www-form-urlencoded",
            "token=wrong&next=%2Fmonitors".into(),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains(r#"aria-invalid="true""#) && page.contains("role=\"alert\""));

    let form = format!("token={READ_TOKEN}&next=%2F%2Fevil.example");
    let (status, headers, _) = http(
        Method::POST,
        &format!("{base}/_pooldeck/sign-in"),
        &[],
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/", "never redirects off-site");
    let cookie = cookie_of(&headers);
    let pools = format!("{base}/client/v4/accounts/{ACCOUNT}/load_balancers/pools");
    let (status, _, _) = http(
        Method::GET,
        &pools,
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = http(
        Method::POST,
        &pools,
        &[("cookie", &cookie), ("x-pooldeck-csrf", "1")],
        Some(("application/json", "{}".into())),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a read token's session cannot write"
    );

    let form = format!("token={READ_TOKEN}");
    let (status, _, _) = http(
        Method::POST,
        &format!("{base}/_pooldeck/sign-in"),
        &[
            ("origin", "http://evil.example"),
            ("host", &server.addr.to_string()),
        ],
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "no sign-in from another site"
    );
}

#[tokio::test]
async fn config_json_tells_the_console_where_and_how() {
    let server = TestServer::with(|c| c.account = Some(ACCOUNT.into())).await;
    let (status, headers, body) = http(
        Method::GET,
        &format!("http://{}/config.json", server.addr),
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let config: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        config,
        json!({"api_base": "client/v4", "account_id": ACCOUNT, "auth": "session", "mode": "embedded",
            "plan": {"enterprise": false, "endpoint_quota": 20, "pool_quota": 20,
                "monitor_quota": 30, "strict_public_addresses": false}})
    );
}

// The console's first API calls are preloaded (`<link rel="preload"
// as="fetch" crossorigin>` in the page), and a preload cannot carry the
// CSRF header. A read whose Fetch Metadata says this origin's script
// fetched it is trusted with the cookie alone; a write never is, and
// metadata of any other kind of request is not enough.
#[tokio::test]
async fn a_preload_from_this_origin_may_read_with_the_cookie_alone() {
    let server = TestServer::start().await;
    let code = server.state().sessions.login_code().unwrap();
    let base = format!("http://{}", server.addr);
    let (_, headers, _) = http(Method::GET, &format!("{base}/?login={code}"), &[], None).await;
    let cookie = cookie_of(&headers);
    let pools = format!("{base}/client/v4/accounts/{ACCOUNT}/load_balancers/pools");
    let preload = [
        ("cookie", cookie.as_str()),
        ("sec-fetch-site", "same-origin"),
        ("sec-fetch-mode", "cors"),
        ("sec-fetch-dest", "empty"),
    ];
    let (status, _, body) = http(Method::GET, &pools, &preload, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let body = json!({"name": "web", "origins": [{"name": "a", "address": "192.0.2.1"}]});
    let (status, _, _) = http(
        Method::POST,
        &pools,
        &preload,
        Some(("application/json", body.to_string())),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a write needs the CSRF header"
    );

    for (name, value) in [
        ("sec-fetch-site", "same-site"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-mode", "no-cors"),
        ("sec-fetch-mode", "navigate"),
        ("sec-fetch-dest", "document"),
    ] {
        let headers: Vec<(&str, &str)> = preload
            .iter()
            .map(|&(k, v)| if k == name { (k, value) } else { (k, v) })
            .collect();
        let (status, _, _) = http(Method::GET, &pools, &headers, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    let (status, _, _) = http(Method::GET, &pools, &preload[..3], None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "without Sec-Fetch-Dest");
}
