//! Serving the built console: deep links get the page with an absolute
//! base, missing assets get a 404, and the server refuses to leave loopback.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use pooldeck_server::{app_state, router, Config, Server};
use tower::ServiceExt;

/// A throwaway dist/ shaped like Trunk's output, removed when dropped.
fn fake_dist(tag: &str) -> tempfile::TempDir {
    let dist = tempfile::Builder::new()
        .prefix(&format!("pooldeck-dist-{tag}-"))
        .tempdir()
        .unwrap();
    let dir = dist.path();
    std::fs::write(
        dir.join("index.html"),
        r#"<html><head><base href="./" /><script type="module">import init from './app-1.js';</script></head></html>"#,
    )
    .unwrap();
    std::fs::write(dir.join("app-1.js"), "export default function init() {}").unwrap();
    dist
}

fn config(dist: PathBuf) -> Config {
    Config::new("127.0.0.1:0".parse().unwrap(), dist)
}

async fn get(dist: &std::path::Path, path: &str) -> (StatusCode, Option<String>, String) {
    let cfg = config(dist.to_path_buf());
    let (app, _) = app_state(&cfg).unwrap();
    let res = router(&cfg, app)
        .unwrap()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let cache = res
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, cache, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn the_root_and_deep_links_get_the_page_with_an_absolute_base() {
    let tmp = fake_dist("deep");
    let dist = tmp.path();
    for path in [
        "/",
        "/index.html",
        "/pools",
        "/pools/17b5962d775c646f3f9725cbc7a53df4/edit",
    ] {
        let (status, cache, body) = get(dist, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(r#"<base href="/" />"#), "{path}: {body}");
        assert_eq!(cache.as_deref(), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn assets_are_served_and_missing_ones_are_404_not_the_page() {
    let tmp = fake_dist("assets");
    let dist = tmp.path();
    let (status, _, body) = get(dist, "/app-1.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("export default"));
    let (status, _, body) = get(dist, "/app-2.wasm").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("<html"));
}

#[tokio::test]
async fn refuses_to_listen_beyond_loopback() {
    let tmp = fake_dist("listen");
    let dist = tmp.path();
    let mut cfg = config(dist.to_path_buf());
    cfg.listen = SocketAddr::from(([0, 0, 0, 0], 0));
    let err = Server::bind(cfg).await.err().expect("0.0.0.0 is refused");
    assert!(err.to_string().contains("loopback"), "{err}");
}

#[tokio::test]
async fn a_missing_build_is_a_clear_error() {
    let cfg = config(PathBuf::from("/nonexistent/dist"));
    let (app, _) = app_state(&cfg).unwrap();
    let err = router(&cfg, app).err().unwrap();
    assert!(err.to_string().contains("cargo xtask build"), "{err}");
}

#[tokio::test]
async fn security_cache_and_compression_headers() {
    let tmp = fake_dist("headers");
    let dist = tmp.path();
    std::fs::write(
        dist.join("app-0123456789abcdef_bg.wasm"),
        vec![b'a'; 50_000],
    )
    .unwrap();
    let cfg = config(dist.to_path_buf());
    let (app, _) = app_state(&cfg).unwrap();
    let router = router(&cfg, app).unwrap();
    let get = |path: &str, gzip: bool| {
        let mut req = Request::get(path);
        if gzip {
            req = req.header("accept-encoding", "gzip");
        }
        router.clone().oneshot(req.body(Body::empty()).unwrap())
    };
    let page = get("/pools", false).await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert_eq!(page.headers()["cache-control"], "no-cache");

    let wasm = get("/app-0123456789abcdef_bg.wasm", true).await.unwrap();
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(wasm.headers()["content-encoding"], "gzip");
    let body = to_bytes(wasm.into_body(), 1 << 20).await.unwrap();
    assert!(body.len() < 5_000, "compressed: {} bytes", body.len());
}
