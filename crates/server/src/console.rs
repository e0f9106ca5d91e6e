//! Serving the built console from `dist/`.
//!
//! - Files that exist are served as they are.
//! - A navigation to any other path (no file extension: `/pools/abc`) gets
//!   `index.html`, so deep links and reloads work; the app's router takes it
//!   from there. A missing asset (`/app-1234.wasm`) is a plain 404 instead of
//!   an HTML page the browser would try to run.
//! - Trunk writes `<base href="./">` so one build works under any path. For
//!   a deep link that relative base would resolve to the wrong directory, so
//!   the server rewrites it to the mount path when it serves `index.html`.

use std::io;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Where the API lives; see `lib.rs`.
pub const API_PREFIX: &str = "/client/v4";

/// The base element Trunk writes for `public_url = "./"`.
const RELATIVE_BASE: &str = r#"<base href="./""#;

/// `index.html` with its base made absolute for the mount path
/// (`base_path` is `""` at the root, or like `/portal/lb`).
fn rooted_index(html: &str, base_path: &str) -> String {
    html.replacen(RELATIVE_BASE, &format!(r#"<base href="{base_path}/""#), 1)
}

/// The router that serves `dist`. Fails when `dist/index.html` is missing,
/// since nothing useful could be served.
pub fn router(dist: &Path, base_path: &str) -> io::Result<Router> {
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot read {}: {e}. Build the console first (`cargo xtask build`) or pass --dist",
                index_path.display()
            ),
        )
    })?;
    let index: Arc<str> = rooted_index(&html, base_path).into();
    let files = ServeDir::new(dist).append_index_html_on_directories(false);
    let serve_index = {
        let index = index.clone();
        move || {
            let index = index.clone();
            async move { index_response(&index) }
        }
    };
    Ok(Router::new()
        .route("/", get(serve_index.clone()))
        .route("/index.html", get(serve_index))
        .fallback(move |req: Request<Body>| {
            let files = files.clone();
            let index = index.clone();
            async move {
                // The API's prefix never serves the page, whatever is under it.
                let path = req.uri().path();
                if path == API_PREFIX || path.starts_with(&format!("{API_PREFIX}/")) {
                    return crate::api::error::ApiError::no_route(path).into_response();
                }
                let is_navigation = !req
                    .uri()
                    .path()
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .contains('.');
                match files.oneshot(req).await {
                    Ok(res) if res.status() == StatusCode::NOT_FOUND && is_navigation => {
                        index_response(&index)
                    }
                    Ok(res) => res.into_response(),
                    Err(never) => match never {},
                }
            }
        }))
}

fn index_response(index: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            // The page names hashed assets; it must be revalidated so a new
            // build is picked up at once.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        index.to_owned(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::rooted_index;

    #[test]
    fn rewrites_only_the_relative_base() {
        let html = r#"<head><base href="./" /><script src="./app.js"></script></head>"#;
        assert_eq!(
            rooted_index(html, ""),
            r#"<head><base href="/" /><script src="./app.js"></script></head>"#
        );
        let already = r#"<base href="/x/" />"#;
        assert_eq!(rooted_index(already, ""), already);
        assert!(rooted_index(html, "/portal/lb").contains(r#"<base href="/portal/lb/" />"#));
    }
}
