//! Serving the built console: deep links get the page with an absolute
//! base, missing assets get a 404, and the server refuses to leave loopback.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use pooldeck_server::{app_state, router, Config, Server};
use tower::ServiceExt;

/// A throwaway dist/ shaped like Trunk's output.
fn fake_dist(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pooldeck-dist-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        r#"<html><head><base href="./" /><script type="module">import init from './app-1.js';</script></head></html>"#,
    )
    .unwrap();
    std::fs::write(dir.join("app-1.js"), "export default function init() {}").unwrap();
    dir
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
    let dist = fake_dist("deep");
    for path in [
        "/",
        "/index.html",
        "/pools",
        "/pools/17b5962d775c646f3f9725cbc7a53df4/edit",
    ] {
        let (status, cache, body) = get(&dist, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(r#"<base href="/" />"#), "{path}: {body}");
        assert_eq!(cache.as_deref(), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn assets_are_served_and_missing_ones_are_404_not_the_page() {
    let dist = fake_dist("assets");
    let (status, _, body) = get(&dist, "/app-1.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("export default"));
    let (status, _, body) = get(&dist, "/app-2.wasm").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("<html"));
}

#[tokio::test]
async fn refuses_to_listen_beyond_loopback() {
    let mut cfg = config(fake_dist("listen"));
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
