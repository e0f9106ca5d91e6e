//! Start-up: behind pooldeck-server the console takes its configuration
//! from the page (no config.json request) and its first API calls are the
//! preloads the page names, each fetched once; on a static host it still
//! reads config.json.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::harness::{with_console, with_console_at, with_console_configured, Browser, ACCOUNT};

/// What the page fetched, by resource timing: `[path, initiatorType]`.
async fn fetched(b: &Browser) -> Vec<(String, String)> {
    let v = b
        .eval(
            "return performance.getEntriesByType('resource') \
             .map((e) => [new URL(e.name).pathname, e.initiatorType]);",
        )
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap().to_owned(),
                e[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// How the page fetched the pool listing (`link` for the preload, `fetch`
/// for the console's own request), in order, and everything it fetched.
async fn pool_listing_fetches(b: &Browser) -> (Vec<String>, Vec<(String, String)>) {
    let pools = format!("/client/v4/accounts/{ACCOUNT}/load_balancers/pools");
    let all = fetched(b).await;
    let kinds = all
        .iter()
        .filter(|(p, _)| *p == pools)
        .map(|(_, kind)| kind.clone())
        .collect();
    (kinds, all)
}

/// Opens the pools list at `base` and checks the start-up's requests.
async fn pools_start_from_the_page_and_the_preloads(b: Browser, base: &str) {
    b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]}))
        .await;
    b.goto("/pools").await;
    b.wait_for("[data-testid=pool-row]").await;
    // Let any late or duplicate request land before counting.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let all = fetched(&b).await;
    assert!(
        !all.iter().any(|(p, _)| p.ends_with("/config.json")),
        "the configuration came with the page: {all:?}"
    );
    let configured = b
        .eval("return performance.getEntriesByName('pooldeck:config').length")
        .await;
    assert_eq!(configured, json!(1));
    for what in ["pools", "monitors"] {
        let path = format!("{base}/client/v4/accounts/{ACCOUNT}/load_balancers/{what}");
        let hits: Vec<_> = all.iter().filter(|(p, _)| *p == path).collect();
        assert_eq!(
            hits.len(),
            1,
            "{path} fetched once, by its preload: {all:?}"
        );
        assert_eq!(hits[0].1, "link", "{path} came from the preload: {all:?}");
    }
    let warnings: Vec<_> = b
        .console_log()
        .await
        .into_iter()
        // Chromium's words for a preload that went unused or did not match
        // (not Trunk's wasm preload's `integrity` notice), on this page. (The
        // page the sign-in link lands on may be left before its console has
        // started, and then says its preloads went unused.)
        .filter(|e| {
            e.message.starts_with(&format!("{}/pools", b.origin))
                && (e
                    .message
                    .contains("preloaded using link preload but not used")
                    || e.message.contains("A preload for"))
        })
        .collect();
    let said: Vec<&str> = warnings.iter().map(|e| e.message.as_str()).collect();
    assert!(said.is_empty(), "preload warnings: {said:?}");
    b.assert_no_console_errors().await;
}

#[tokio::test]
async fn behind_the_server_the_config_and_first_calls_come_with_the_page() {
    with_console(|b| async move { pools_start_from_the_page_and_the_preloads(b, "").await }).await;
}

#[tokio::test]
async fn under_a_sub_path_too() {
    with_console_at("/portal/lb", |b| async move {
        pools_start_from_the_page_and_the_preloads(b, "/portal/lb").await
    })
    .await;
}

/// Installed before the page's scripts: records whether the pools list's
/// loading state was ever put into the page, even for a moment, and the
/// time of the first pool row.
const WATCH_THE_START: &str = "
  window.__start = { loading: false, row: null };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType !== 1) continue;
      if (n.matches('[data-testid=pools-loading]') || n.querySelector('[data-testid=pools-loading]'))
        window.__start.loading = true;
    }
    if (window.__start.row === null && document.querySelector('[data-testid=pool-row]'))
      window.__start.row = performance.now();
  }).observe(document, { childList: true, subtree: true, attributes: true });
";

/// When the preloaded pools answer finished downloading, and when the boot
/// script checked which answers had (its `pooldeck:answers-checked` mark),
/// in ms since navigation.
const ANSWER_AND_CHECK: &str = "
  const link = document.querySelector('link[rel=preload][data-pooldeck-answer][href*=\"/load_balancers/pools\"]');
  const answer = link && performance.getEntriesByName(link.href)[0];
  const check = performance.getEntriesByName('pooldeck:answers-checked')[0];
  return { arrived: answer ? answer.responseEnd : null, checked: check ? check.startTime : null };
";

/// Regression: the console fetched its first API answers itself once its
/// wasm ran, so every start painted \"Loading pools…\" and the rows a frame
/// or more later. The boot script now reads the page's preloads while the
/// wasm loads, and the first render has the rows.
///
/// An answer still downloading when the boot script checks is rightly not
/// waited for, and its loading state may show; on a loaded machine that
/// happens now and then. Such a start proves nothing either way, so the
/// page is loaded again, up to five times, until one start had its answer
/// in time. A loading state shown for an answer that had arrived fails at
/// once.
#[tokio::test]
async fn the_first_render_shows_the_pools_without_a_loading_frame() {
    with_console_configured("", |c| c.fault_injection = true, |b| async move {
        b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]}))
            .await;
        b.before_every_page(WATCH_THE_START).await;
        let mut late = Vec::new();
        loop {
            b.goto("/pools").await;
            b.wait_for("[data-testid=pool-row][data-pool-name=web]").await;
            let start = b.eval("return window.__start").await;
            assert!(start["row"].is_number(), "{start}");
            let timing = b.eval(ANSWER_AND_CHECK).await;
            let (Some(arrived), Some(checked)) =
                (timing["arrived"].as_f64(), timing["checked"].as_f64())
            else {
                panic!("the page preloaded the pools and the boot script checked: {timing}");
            };
            if start["loading"] == json!(false) {
                break;
            }
            assert!(
                arrived > checked,
                "the loading state showed although the answer had arrived before the check: \
                 {start} {timing}"
            );
            late.push(timing);
            assert!(
                late.len() < 5,
                "in five starts the answer never arrived before the check: {late:?}"
            );
        }

        // Late answers: the loading state shows meanwhile (and the watch
        // above would have seen it), then the rows.
        b.fault(json!({"path": "*/load_balancers/pools", "latency_ms": 1500}))
            .await;
        b.goto("/pools").await;
        b.wait_for("[data-testid=pool-row][data-pool-name=web]").await;
        let start = b.eval("return window.__start").await;
        assert_eq!(start["loading"], json!(true), "{start}");
        b.assert_no_console_errors().await;
    })
    .await;
}

/// A preloaded answer the client would retry (503) is retried, not shown.
#[tokio::test]
async fn a_failed_preload_is_retried_like_any_other_get() {
    with_console_configured("", |c| c.fault_injection = true, |b| async move {
        b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]}))
            .await;
        b.fault(json!({"path": "*/load_balancers/pools", "status": 503, "times": 1}))
            .await;
        b.goto("/pools").await;
        b.wait_for("[data-testid=pool-row][data-pool-name=web]").await;
        let (kinds, all) = pool_listing_fetches(&b).await;
        assert_eq!(
            kinds,
            ["link", "fetch"],
            "the preload's 503, then the console's retry: {all:?}"
        );
        assert!(b.find_all("[data-testid=error-panel]").await.is_empty());
    })
    .await;
}

/// A preloaded answer still on its way when the client's time limit for
/// any request runs out (`TIMEOUT_MS`, 20 s) is given up as a timed-out
/// GET is: the list shows its loading state meanwhile, then asks the
/// server itself and shows the pools.
///
/// Regression: the console's own request went out at the limit and then
/// waited, in the browser's HTTP cache, for the hung preload of the same
/// URL, so the rows came only when the preload did (or never). API
/// requests now bypass the HTTP cache.
#[tokio::test]
async fn a_preload_that_never_answers_is_given_up_at_the_time_limit() {
    with_console_configured("", |c| c.fault_injection = true, |b| async move {
        b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]}))
            .await;
        // Only the page's preload is held; the console's own request is not.
        b.fault(json!({"path": "*/load_balancers/pools", "latency_ms": 30_000, "times": 1}))
            .await;
        // Not `goto`: a pending preload holds the page's load event back,
        // and WebDriver's navigation waits for that event.
        b.before_every_page(WATCH_THE_START).await;
        b.client
            .execute("location.assign('/pools')", vec![])
            .await
            .unwrap();
        let opened = Instant::now();
        let row_at = loop {
            // Errors while the page is being replaced are retried.
            if let Ok(Value::Number(ms)) = b
                .client
                .execute("return window.__start && window.__start.row", vec![])
                .await
            {
                break ms.as_f64().unwrap();
            }
            assert!(
                opened.elapsed() < Duration::from_secs(28),
                "no rows 28 s after opening the page: the preload was waited for past the time limit"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let start = b.eval("return window.__start").await;
        assert_eq!(start["loading"], json!(true), "the loading state showed meanwhile: {start}");
        assert!(
            (19_000.0..28_000.0).contains(&row_at),
            "the rows came {row_at} ms after navigation, not just after the 20 s limit"
        );
        let (kinds, all) = pool_listing_fetches(&b).await;
        // The preload has no entry until it ends, 30 s in.
        assert_eq!(kinds, ["fetch"], "the console's own request: {all:?}");
        assert!(b.find_all("[data-testid=error-panel]").await.is_empty());
        b.assert_no_console_errors().await;
    })
    .await;
}

/// A host that serves dist/ as files, with a config.json of its own and
/// nothing else (no API): what a static host does. `wasm_type` is the
/// Content-Type it gives `.wasm` files.
async fn static_host(config: Value, wasm_type: &'static str) -> String {
    let dist = std::env::var_os("POOLDECK_DIST").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/dist")),
        PathBuf::from,
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let config = config.to_string();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let dist = dist.clone();
            let config = config.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let n = stream.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]);
                let path = head
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .to_owned();
                let name = path.trim_start_matches('/');
                let (status, kind, body) = if path == "/config.json" {
                    ("200 OK", "application/json", config.into_bytes())
                } else if !name.is_empty() && !name.contains("..") && dist.join(name).is_file() {
                    let kind = match name.rsplit('.').next() {
                        Some("wasm") => wasm_type,
                        Some("js") => "text/javascript",
                        Some("css") => "text/css",
                        Some("svg") => "image/svg+xml",
                        _ => "application/octet-stream",
                    };
                    ("200 OK", kind, std::fs::read(dist.join(name)).unwrap())
                } else if !name.contains('.') {
                    let page = std::fs::read(dist.join("index.html")).unwrap();
                    ("200 OK", "text/html; charset=utf-8", page)
                } else {
                    ("404 Not Found", "text/plain", b"not found".to_vec())
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_static_host_still_configures_the_console_with_config_json() {
    const STATIC_ACCOUNT: &str = "abcdefabcdefabcdefabcdefabcdef00";
    let host = static_host(
        json!({"api_base": "client/v4", "account_id": STATIC_ACCOUNT, "auth": "session"}),
        "application/wasm",
    )
    .await;
    with_console(move |b| async move {
        b.client.goto(&format!("{host}/pools")).await.unwrap();
        // No API on this host: the list fails, after the configuration.
        b.wait_for("[data-testid=app-header]").await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let all = loop {
            let all = fetched(&b).await;
            if all.iter().any(|(p, _)| p.contains("/client/v4/")) {
                break all;
            }
            assert!(std::time::Instant::now() < deadline, "no API call: {all:?}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        assert!(
            all.iter().any(|(p, _)| p == "/config.json"),
            "config.json was read: {all:?}"
        );
        let pools = format!("/client/v4/accounts/{STATIC_ACCOUNT}/load_balancers/pools");
        assert!(
            all.iter().any(|(p, kind)| *p == pools && kind == "fetch"),
            "the account of config.json, fetched by the console: {all:?}"
        );
    })
    .await;
}

/// A host that serves wasm under another type (an old server's
/// `application/octet-stream`): the boot script's streaming compile fails,
/// and the console still starts, from the glue's compile of the bytes.
#[tokio::test]
async fn a_host_with_the_wrong_wasm_type_still_starts_the_console() {
    let host = static_host(
        json!({"api_base": "client/v4", "account_id": ACCOUNT, "auth": "session"}),
        "application/octet-stream",
    )
    .await;
    with_console(move |b| async move {
        b.client.goto(&format!("{host}/pools")).await.unwrap();
        b.wait_for("[data-testid=app-header]").await;
    })
    .await;
}
