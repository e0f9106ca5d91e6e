//! Serving the built console from `dist/`.
//!
//! - Files that exist are served as they are; when `FILE.br` or `FILE.gz`
//!   lies beside one (`cargo xtask precompress`) and the request's
//!   `Accept-Encoding` allows it, that sibling is sent instead, with
//!   `Content-Encoding`, the original's `Content-Type` and `Vary:
//!   Accept-Encoding`. The compression layer in `lib.rs` never compresses
//!   an answer that already has a `Content-Encoding`, and compresses on the
//!   fly the files that have no sibling.
//! - A navigation to any other path (no file extension: `/pools/abc`) gets
//!   `index.html`, so deep links and reloads work; the app's router takes it
//!   from there. A missing asset (`/app-1234.wasm`) is a plain 404 instead of
//!   an HTML page the browser would try to run.
//! - Trunk writes `<base href="./">` so one build works under any path. For
//!   a deep link that relative base would resolve to the wrong directory, so
//!   the server rewrites it to the mount path when it serves `index.html`.
//!   The page is always this rewritten copy, never a precompressed
//!   `index.html.br` (which would still hold the relative base).
//! - The served page also carries the console's configuration (what
//!   `config.json` answers) in `<meta name="pooldeck-config">`, so the
//!   console need not fetch it after its wasm has started; and, for the
//!   pools list (`/`, `/pools`), `<link rel="preload">`s of the two API
//!   calls that page starts with, so they are answered while the wasm is
//!   still downloading.

use std::io;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use pooldeck_model::ConsoleConfig;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Where the API lives; see `lib.rs`.
pub const API_PREFIX: &str = "/client/v4";

/// The base element Trunk writes for `public_url = "./"`.
const RELATIVE_BASE: &str = r#"<base href="./""#;

/// The `<meta>` whose `content` is the console configuration as JSON (what
/// `config.json` answers). The console reads it first (`src/api/load.rs`).
pub const CONFIG_META: &str = "pooldeck-config";

/// Query parameters with which the console overrides the API base, the
/// account or the authentication (`src/api/load.rs`): with any of them the
/// first API calls are not the ones the server would preload.
const OVERRIDING_PARAMS: [&str; 3] = ["api", "account", "auth"];

/// `index.html` with its base made absolute for the mount path
/// (`base_path` is `""` at the root, or like `/portal/lb`).
fn rooted_index(html: &str, base_path: &str) -> String {
    html.replacen(RELATIVE_BASE, &format!(r#"<base href="{base_path}/""#), 1)
}

/// Escapes text for a double-quoted HTML attribute value.
fn attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Inserts `tags` just before `</head>` (the page as it is without one).
fn before_head_end(html: &str, tags: &str) -> String {
    match html.find("</head>") {
        Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

/// The configuration `<meta>`.
fn config_meta(config: &ConsoleConfig) -> String {
    let json = serde_json::to_string(config).expect("the console config serialises");
    format!(
        r#"<meta name="{CONFIG_META}" content="{}" />"#,
        attribute(&json)
    )
}

/// The API calls the pools list makes first (`src/pages/pools`:
/// `list_pools` and `list_monitors`), as the console requests them: the
/// same URL (the API base `client/v4` against the page's base, the account
/// in lower case) and the same mode and credentials (`fetch` in session
/// mode: `cors`, `same-origin`, which is what `crossorigin="anonymous"`
/// gives a preload). None when the console would call something else: a
/// token-mode or absolute API base, no account, or an account ID that
/// would need escaping in a URL.
///
/// `data-pooldeck-answer` marks them for the boot script, which reads their
/// answers while the wasm loads (`xtask/src/boot.js`).
fn pools_preloads(config: &ConsoleConfig, base_path: &str) -> Option<String> {
    if config.auth.as_deref() != Some("session") || config.api_base.as_deref() != Some("client/v4")
    {
        return None;
    }
    let account = config.account_id.as_deref()?.to_ascii_lowercase();
    if account.is_empty()
        || !account
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    Some(
        ["pools", "monitors"]
            .iter()
            .map(|what| {
                format!(
                    r#"<link rel="preload" as="fetch" crossorigin="anonymous" data-pooldeck-answer href="{}{API_PREFIX}/accounts/{account}/load_balancers/{what}" />"#,
                    attribute(base_path)
                )
            })
            .collect(),
    )
}

/// The page as served: without preloads for every path, and with them for
/// the pools list.
struct Index {
    plain: Arc<str>,
    pools: Option<Arc<str>>,
}

impl Index {
    fn new(html: &str, base_path: &str, config: &ConsoleConfig) -> Index {
        let rooted = rooted_index(html, base_path);
        let meta = config_meta(config);
        let plain = before_head_end(&rooted, &meta);
        let pools = pools_preloads(config, base_path)
            .map(|links| before_head_end(&rooted, &format!("{meta}{links}")).into());
        Index {
            plain: plain.into(),
            pools,
        }
    }

    /// The page for `uri` (the path within the mount).
    fn for_uri(&self, uri: &Uri) -> &str {
        // Exactly the paths the router sends to the pools list.
        let pools_list = matches!(uri.path(), "/" | "/pools");
        let overridden = uri.query().is_some_and(|q| {
            q.split('&').any(|pair| {
                let name = pair.split('=').next().unwrap_or("");
                OVERRIDING_PARAMS.contains(&name)
            })
        });
        match &self.pools {
            Some(pools) if pools_list && !overridden => pools,
            _ => &self.plain,
        }
    }
}

/// The router that serves `dist`, with `config` written into the page.
/// Fails when `dist/index.html` is missing, since nothing useful could be
/// served.
pub fn router(dist: &Path, base_path: &str, config: &ConsoleConfig) -> io::Result<Router> {
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
    let index = Arc::new(Index::new(&html, base_path, config));
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip();
    let serve_index = {
        let index = index.clone();
        move |uri: Uri| {
            let index = index.clone();
            async move { index_response(index.for_uri(&uri)) }
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
                let uri = req.uri().clone();
                match files.oneshot(req).await {
                    Ok(res) if res.status() == StatusCode::NOT_FOUND && is_navigation => {
                        index_response(index.for_uri(&uri))
                    }
                    Ok(res) => with_vary(res.into_response()),
                    Err(never) => match never {},
                }
            }
        }))
}

/// A precompressed sibling depends on `Accept-Encoding`, and caches must
/// know (ServeDir does not say so; the compression layer says it only for
/// what it compresses itself).
fn with_vary(mut res: Response) -> Response {
    let varies = res.headers().get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    });
    if res.headers().contains_key(header::CONTENT_ENCODING) && !varies {
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
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
    use super::*;

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

    fn session_config(account: &str) -> ConsoleConfig {
        ConsoleConfig {
            api_base: Some("client/v4".into()),
            account_id: Some(account.into()),
            auth: Some("session".into()),
            ..ConsoleConfig::default()
        }
    }

    #[test]
    fn the_config_meta_is_escaped_and_reads_back() {
        let config = session_config(r#"a"b<c>&'d"#);
        let meta = config_meta(&config);
        let content = meta
            .strip_prefix(r#"<meta name="pooldeck-config" content=""#)
            .and_then(|c| c.strip_suffix("\" />"))
            .unwrap();
        assert!(!content.contains(['"', '<', '>', '\'']), "{content}");
        let unescaped = content
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let back: ConsoleConfig = serde_json::from_str(&unescaped).unwrap();
        assert_eq!(back, config);
    }

    #[test]
    fn preloads_only_what_the_pools_list_fetches() {
        let links = pools_preloads(&session_config("ABCDEF0123"), "/portal/lb").unwrap();
        assert_eq!(
            links,
            "<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" data-pooldeck-answer href=\"/portal/lb/client/v4/accounts/abcdef0123/load_balancers/pools\" />\
             <link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" data-pooldeck-answer href=\"/portal/lb/client/v4/accounts/abcdef0123/load_balancers/monitors\" />"
        );
        assert_eq!(pools_preloads(&session_config("a/b"), ""), None);
        let token = ConsoleConfig {
            auth: Some("token".into()),
            ..session_config("abc")
        };
        assert_eq!(pools_preloads(&token, ""), None);
        let no_account = ConsoleConfig {
            account_id: None,
            ..session_config("abc")
        };
        assert_eq!(pools_preloads(&no_account, ""), None);
    }

    #[test]
    fn the_pools_list_alone_gets_the_preloads() {
        let html = r#"<html><head><base href="./" /></head><body></body></html>"#;
        let index = Index::new(html, "", &session_config("abc"));
        let page = |uri: &str| index.for_uri(&uri.parse().unwrap()).to_owned();
        for uri in ["/", "/pools", "/pools?q=web&sort=name"] {
            assert!(page(uri).contains("rel=\"preload\""), "{uri}");
        }
        for uri in [
            "/pools/abc",
            "/pools/",
            "/monitors",
            "/?account=def",
            "/pools?api=x",
            "/?auth=token",
        ] {
            let p = page(uri);
            assert!(!p.contains("rel=\"preload\""), "{uri}");
            assert!(p.contains(CONFIG_META), "{uri}");
        }
        assert!(page("/").ends_with("</head><body></body></html>"));
    }
}
