//! Test-only fault injection: makes chosen requests slow, failed, garbled
//! or cut off, so the console's handling of a misbehaving API can be tested
//! end to end against the real server.
//!
//! Off by default. With [`crate::Config::fault_injection`]
//! (`--fault-injection`) the server refuses any listen address that is not
//! loopback (see [`crate::Server::bind`]), and mounts a control endpoint at
//! [`CONTROL_PATH`]:
//!
//! - `GET` lists the active rules;
//! - `POST` adds rules (a JSON list of [`FaultRule`], or one rule);
//! - `DELETE` removes them all.
//!
//! Each answers `{"rules": [...]}` (400 `{"error": "..."}` for a bad rule).
//! The control endpoint takes no token, on purpose: it exists only when the
//! flag is on, the flag exists only for tests, and the server then answers
//! only on loopback, where whoever can reach it can already read the
//! process's memory and files. Asking for a token would only make the e2e
//! tests handle one more secret. With the flag off the path is a plain 404.
//!
//! Every other request is checked against the rules in order, and the first
//! that matches applies (see [`FaultRule`]). Rules see the path exactly as
//! the browser sent it, base path included, so `*/pools*` works anywhere.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::error::ApiError;
use crate::lock::Recover;

/// Where the control endpoint lives (also under the base path).
pub const CONTROL_PATH: &str = "/__pooldeck/faults";

/// What a [`FaultRule`] with `malformed` answers: the start of a success
/// envelope, cut off, so it is not JSON.
pub const MALFORMED_BODY: &str = r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"#;

/// One fault: which requests it hits, and what happens to them.
///
/// Matching: `method` (any when absent, case-insensitive) and `path`, a
/// pattern for the request path without the query. A pattern with `*` is a
/// glob over the whole path (`*` is any run of characters, `/` included:
/// `*/pools*`); without one it matches anywhere in the path (`/monitors`).
///
/// Effect, in this order: wait `latency_ms`; then answer `status` (a
/// Cloudflare-shaped error envelope; `retry_after` adds a `Retry-After`
/// header, in seconds), or a 200 whose body is not JSON (`malformed`), or
/// close the connection without a complete answer (`drop`: the browser sees
/// a network error). With none of the three the request then goes on as
/// usual, only later. With `after_handler` the request is served first (a
/// write is applied) and only its answer is replaced: the "did my save
/// happen?" case.
///
/// `times`: the rule applies to that many matching requests and then
/// expires; absent, it stays until cleared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub malformed: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_handler: bool,
    /// Matching requests left; counts down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

impl FaultRule {
    /// Why the rule cannot be used, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        if self.path.is_empty() {
            return Err("path must not be empty".into());
        }
        let effects = usize::from(self.status.is_some())
            + usize::from(self.malformed)
            + usize::from(self.drop);
        if effects > 1 {
            return Err("choose one of status, malformed and drop".into());
        }
        if let Some(s) = self.status {
            if !(400..=599).contains(&s) {
                return Err(format!("status {s} must be an error status (400-599)"));
            }
        }
        if self.retry_after.is_some() && self.status.is_none() {
            return Err("retry_after needs a status (429 or 503)".into());
        }
        if self.times == Some(0) {
            return Err("times must be at least 1".into());
        }
        if self.after_handler && effects == 0 {
            return Err("after_handler needs status, malformed or drop".into());
        }
        if let Some(m) = &self.method {
            if Method::from_bytes(m.to_ascii_uppercase().as_bytes()).is_err() {
                return Err(format!("method {m:?} is not an HTTP method"));
            }
        }
        Ok(())
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && path_matches(&self.path, path)
    }
}

/// `pattern` against `path`: a glob when it has `*`, else a substring.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    if !pattern.contains('*') {
        return path.contains(pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !path.starts_with(first) || !path.ends_with(last) || path.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &path[first.len()..path.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The active rules.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    pub fn new() -> Self {
        Self::default()
    }

    /// The rules in force, with what is left of their `times`.
    pub fn rules(&self) -> Vec<FaultRule> {
        self.rules.lock().recover().clone()
    }

    /// Adds rules after the existing ones; none is added if one is bad.
    pub fn add(&self, rules: Vec<FaultRule>) -> Result<(), String> {
        for (i, r) in rules.iter().enumerate() {
            r.check().map_err(|e| format!("rule {i}: {e}"))?;
        }
        self.rules.lock().recover().extend(rules);
        Ok(())
    }

    pub fn clear(&self) {
        self.rules.lock().recover().clear();
    }

    /// The first rule that matches, counted as used (and removed when it
    /// has no uses left).
    fn take(&self, method: &Method, path: &str) -> Option<FaultRule> {
        let mut rules = self.rules.lock().recover();
        let i = rules.iter().position(|r| r.matches(method, path))?;
        let hit = rules[i].clone();
        match &mut rules[i].times {
            Some(1) => drop(rules.remove(i)),
            Some(n) => *n -= 1,
            None => {}
        }
        Some(hit)
    }
}

/// What the middleware needs: the rules (`None`: the mode is off) and the
/// base path the control endpoint is also served under.
#[derive(Clone)]
pub struct Layer {
    pub faults: Option<Arc<Faults>>,
    pub base_path: String,
}

/// The middleware: serves the control endpoint (404 when off) and applies
/// the first matching rule to everything else.
pub async fn middleware(State(layer): State<Layer>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let base = layer.base_path.trim_end_matches('/');
    let is_control =
        path == CONTROL_PATH || (!base.is_empty() && path.strip_prefix(base) == Some(CONTROL_PATH));
    let Some(faults) = layer.faults else {
        if is_control {
            return StatusCode::NOT_FOUND.into_response();
        }
        return next.run(req).await;
    };
    if is_control {
        return control(&faults, req).await;
    }
    let Some(rule) = faults.take(req.method(), &path) else {
        return next.run(req).await;
    };
    if let Some(ms) = rule.latency_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if rule.status.is_none() && !rule.malformed && !rule.drop {
        return next.run(req).await;
    }
    if rule.after_handler {
        // Served, then the answer is lost: what the client sees is below.
        drop(next.run(req).await);
    }
    if let Some(status) = rule.status {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = ApiError::new(
            status,
            pooldeck_model::codes::CODE_INTERNAL,
            format!("injected fault: {} {}", status.as_u16(), path),
        )
        .into_response();
        if let Some(secs) = rule.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        return res;
    }
    if rule.malformed {
        return ([(header::CONTENT_TYPE, "application/json")], MALFORMED_BODY).into_response();
    }
    cut_off()
}

/// A response whose body fails as soon as it is read, with no length
/// announced: hyper then closes the connection without finishing the
/// answer, and the client sees a network error rather than a status. (A
/// `Limited` with a limit of zero fails on its first frame; going through a
/// stream hides its length, which hyper would otherwise announce as 0 and
/// never read the body. No extra dependency needed.)
fn cut_off() -> Response {
    let broken =
        http_body_util::Limited::new(http_body_util::Full::new(Bytes::from_static(b"cut off")), 0);
    Response::new(Body::from_stream(Body::new(broken).into_data_stream()))
}

async fn control(faults: &Faults, req: Request) -> Response {
    let method = req.method().clone();
    let answer = |faults: &Faults| Json(json!({ "rules": faults.rules() })).into_response();
    let bad = |e: String| (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response();
    match method {
        Method::GET => answer(faults),
        Method::DELETE => {
            faults.clear();
            answer(faults)
        }
        Method::POST => {
            let bytes = match axum::body::to_bytes(req.into_body(), 64 * 1024).await {
                Ok(b) => b,
                Err(e) => return bad(format!("cannot read the body: {e}")),
            };
            #[derive(Deserialize)]
            #[serde(untagged)]
            enum OneOrMany {
                Many(Vec<FaultRule>),
                One(FaultRule),
            }
            let rules = match serde_json::from_slice::<OneOrMany>(&bytes) {
                Ok(OneOrMany::Many(rules)) => rules,
                Ok(OneOrMany::One(rule)) => vec![rule],
                Err(_) => {
                    // Say what is wrong with it as a list of rules.
                    let detail = serde_json::from_slice::<Vec<FaultRule>>(&bytes)
                        .err()
                        .map_or_else(String::new, |e| e.to_string());
                    return bad(format!("expected a fault rule or a list of them: {detail}"));
                }
            };
            match faults.add(rules) {
                Ok(()) => answer(faults),
                Err(e) => bad(e),
            }
        }
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let p = "/client/v4/accounts/0123/load_balancers/pools/abc";
        assert!(path_matches("*/pools*", p));
        assert!(path_matches("/pools", p));
        assert!(path_matches("*/pools/*", p));
        assert!(path_matches("/client/v4/*", p));
        assert!(path_matches("*abc", p));
        assert!(path_matches("*", p));
        assert!(path_matches("/client/*/load_balancers/*/abc", p));
        assert!(!path_matches("*/monitors*", p));
        assert!(!path_matches("/pools/*/health", p));
        assert!(!path_matches("*/pools", p), "a glob covers the whole path");
        assert!(path_matches("*/pools", "/x/pools"));
        assert!(
            !path_matches("/a*a", "/a"),
            "prefix and suffix may not overlap"
        );
        assert!(path_matches("/config.json", "/portal/config.json"));
    }

    #[test]
    fn method_filter_and_times() {
        let f = Faults::new();
        f.add(vec![FaultRule {
            method: Some("patch".into()),
            path: "/pools".into(),
            status: Some(500),
            times: Some(2),
            ..Default::default()
        }])
        .unwrap();
        assert!(f.take(&Method::GET, "/pools").is_none());
        assert!(f.take(&Method::PATCH, "/pools").is_some());
        assert_eq!(f.rules()[0].times, Some(1));
        assert!(f.take(&Method::PATCH, "/pools").is_some());
        assert!(f.rules().is_empty());
        assert!(f.take(&Method::PATCH, "/pools").is_none());
    }

    #[test]
    fn bad_rules_are_refused_whole() {
        let f = Faults::new();
        let good = FaultRule {
            path: "/pools".into(),
            latency_ms: Some(10),
            ..Default::default()
        };
        for (bad, why) in [
            (
                FaultRule {
                    path: String::new(),
                    ..Default::default()
                },
                "path",
            ),
            (
                FaultRule {
                    path: "/x".into(),
                    status: Some(500),
                    drop: true,
                    ..Default::default()
                },
                "choose one",
            ),
            (
                FaultRule {
                    path: "/x".into(),
                    status: Some(200),
                    ..Default::default()
                },
                "error status",
            ),
            (
                FaultRule {
                    path: "/x".into(),
                    retry_after: Some(1),
                    ..Default::default()
                },
                "needs a status",
            ),
            (
                FaultRule {
                    path: "/x".into(),
                    times: Some(0),
                    ..Default::default()
                },
                "at least 1",
            ),
            (
                FaultRule {
                    path: "/x".into(),
                    after_handler: true,
                    ..Default::default()
                },
                "after_handler",
            ),
            (
                FaultRule {
                    path: "/x".into(),
                    method: Some("GE T".into()),
                    ..Default::default()
                },
                "not an HTTP method",
            ),
        ] {
            let e = f.add(vec![good.clone(), bad]).unwrap_err();
            assert!(e.starts_with("rule 1: ") && e.contains(why), "{e}");
        }
        assert!(f.rules().is_empty());
    }
}
