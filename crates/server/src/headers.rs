//! Response headers every answer gets, and the request timeout.
//!
//! - A strict Content-Security-Policy: scripts from this origin only (the
//!   boot loader is a file, not inline: see `xtask/src/boot_script.rs`),
//!   `'wasm-unsafe-eval'` to compile the console, no inline styles, no
//!   plugins, forms and frames only to and from this origin.
//! - `nosniff`, and `no-referrer` so a one-time sign-in code can never leak
//!   through a Referer header.
//! - Caching: files whose names carry Trunk's content hash are immutable
//!   for a year; everything else is revalidated (`no-cache`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;

/// The policy, with the origins that may frame the console (`'self'` and
/// whatever `--frame-ancestors` adds).
pub fn csp(frame_ancestors: &[String]) -> String {
    let mut ancestors = vec!["'self'".to_owned()];
    ancestors.extend(frame_ancestors.iter().cloned());
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors {}",
        ancestors.join(" ")
    )
}

/// How long one request may take before it is answered with an error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// True for a path with Trunk's 16-hex-digit content hash in it: as a part
/// of a file name (`pooldeck-97d15b39fd7932c6_bg.wasm`,
/// `boot-31ba2726b123e4e4.js`) or as a whole or part of a directory name
/// (`pkg/97d15b39fd7932c6/pooldeck.js`, `pkg/97d15b39fd7932c6/split_a.wasm`).
/// Object IDs (32 hex digits, or UUIDs, whose groups have at most 12) are
/// not hashes.
pub fn is_hashed_asset(path: &str) -> bool {
    path.split('/').any(|segment| {
        segment.split(['-', '_', '.']).any(|part| {
            HASH_DIGITS.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit())
        })
    })
}

/// How many hex digits a content hash has. Trunk writes its 64-bit hash
/// unpadded (`{:x}`), so one build in 16 names its wasm and glue with 15
/// digits (`pooldeck-c6ff36a65568a95.js`), one in 256 with 14: those were
/// served `no-cache`. 13 to 16 digits covers all but one build in 65,536.
const HASH_DIGITS: std::ops::RangeInclusive<usize> = 13..=16;

/// True for what is served from `dist/` (and so may be a hashed asset):
/// anything but the API, the sign-in pages and `config.json`. `path` is
/// as requested, under `base_path` (`""` or like `/portal/lb`), which is
/// not looked at: a portal's path may hold anything.
fn is_console_file(path: &str, base_path: &str) -> bool {
    let Some(rest) = path.strip_prefix(base_path) else {
        return false;
    };
    let under = |prefix: &str| rest == prefix || rest.starts_with(&format!("{prefix}/"));
    !under(crate::console::API_PREFIX) && !under("/_pooldeck") && rest != "/config.json"
}

/// Adds the security and caching headers; `csp` from [`csp`], `base_path`
/// without a trailing slash.
pub async fn standard(csp: HeaderValue, base_path: Arc<str>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let hashed = is_console_file(path, &base_path) && is_hashed_asset(&path[base_path.len()..]);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let cache = if hashed && res.status() == StatusCode::OK {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(cache));
    res
}

/// Answers a request that takes longer than [`REQUEST_TIMEOUT`] with a
/// Cloudflare-shaped 504 instead of hanging the client.
pub async fn timeout(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            pooldeck_model::codes::CODE_INTERNAL,
            "the request took too long",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{csp, is_console_file, is_hashed_asset};

    #[test]
    fn frame_ancestors_extend_self() {
        assert!(csp(&[]).ends_with("frame-ancestors 'self'"));
        assert!(csp(&["https://portal.example".into()])
            .ends_with("frame-ancestors 'self' https://portal.example"));
    }

    #[test]
    fn hashed_names() {
        assert!(is_hashed_asset("/pooldeck-97d15b39fd7932c6_bg.wasm"));
        assert!(is_hashed_asset("/boot-31ba2726b123e4e4.js"));
        assert!(is_hashed_asset("/main-e6e79408651ffed8.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/pools/17b5962d775c646f3f9725cbc7a53df4"));
        assert!(!is_hashed_asset(
            "/pools/17b5962d775c646f3f9725cbc7a53df4/edit"
        ));
        assert!(!is_hashed_asset(
            "/alerts/5b0f6c34-3c2e-4d1a-9f7e-2a8b6c4d0e1f"
        ));
        assert!(!is_hashed_asset("/"));
    }

    // Regression: Trunk's hash is unpadded hex, and a build whose hash
    // began with a zero digit had its wasm and glue served `no-cache`.
    #[test]
    fn unpadded_trunk_hashes() {
        assert!(is_hashed_asset("/pooldeck-c6ff36a65568a95.js"));
        assert!(is_hashed_asset("/pooldeck-c6ff36a65568a95_bg.wasm"));
        assert!(is_hashed_asset("/pooldeck-6ff36a65568a95_bg.wasm"));
        assert!(is_hashed_asset("/pooldeck-ff36a65568a95_bg.wasm"));
        assert!(!is_hashed_asset("/pooldeck-f36a65568a95_bg.wasm"));
    }

    #[test]
    fn hashed_directories() {
        assert!(is_hashed_asset("/pkg/97d15b39fd7932c6/pooldeck.js"));
        assert!(is_hashed_asset("/pkg/97d15b39fd7932c6/split_xyz.wasm"));
        assert!(is_hashed_asset("/pkg/97d15b39fd7932c6/pooldeck_bg.wasm.br"));
        assert!(is_hashed_asset("/pkg-97d15b39fd7932c6/pooldeck.js"));
        assert!(is_hashed_asset("/a/b/97D15B39FD7932C6/c.css"));
        assert!(
            !is_hashed_asset("/pkg/97d15b39fd79/pooldeck.js"),
            "12 digits"
        );
        assert!(
            !is_hashed_asset("/pkg/97d15b39fd7932c6a/pooldeck.js"),
            "17 digits"
        );
        assert!(
            !is_hashed_asset("/pkg/97d15b39fd7932cg/pooldeck.js"),
            "not hex"
        );
    }

    #[test]
    fn only_console_files_count_as_assets() {
        assert!(is_console_file("/pkg/97d15b39fd7932c6/a.js", ""));
        assert!(is_console_file(
            "/portal/lb/pkg/97d15b39fd7932c6/a.js",
            "/portal/lb"
        ));
        assert!(!is_console_file("/other/a.js", "/portal/lb"));
        assert!(!is_console_file("/client/v4/accounts/x/pools", ""));
        assert!(!is_console_file("/portal/lb/client/v4", "/portal/lb"));
        assert!(!is_console_file("/_pooldeck/session", ""));
        assert!(!is_console_file("/config.json", ""));
        assert!(is_console_file("/client/v4x.js", ""));
    }
}
