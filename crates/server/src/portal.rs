//! Portal sign-in: an internal portal authenticates people (SSO) in a
//! proxy in front of pooldeck-server, which passes the user's name in a
//! header (oauth2-proxy's `X-Forwarded-Email`, for example).
//!
//! With `--trust-user-header NAME`, a request that carries the header from
//! a trusted proxy (`--trusted-proxy CIDR`, loopback by default) signs that
//! user in: the browser gets a session (stored in SQLite like any other)
//! whose writes history names after the user. The same header from any
//! other address is refused with a 403 that says why, since anyone could
//! otherwise claim any name. A request with an `Authorization` header is
//! left to the token. Portal users get the grant the one-time sign-in link
//! gives (the first read-write token's). Cookie-authenticated writes still
//! need the CSRF header, as for every session.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, OriginalUri, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use crate::prober::allow::Cidr;
use crate::session::{session_id, set_cookie, COOKIE};
use crate::AppState;

/// Which header names the user, and which proxies may set it.
#[derive(Clone, Debug)]
pub struct TrustedHeader {
    pub header: HeaderName,
    pub proxies: Vec<Cidr>,
}

impl TrustedHeader {
    /// Trusts `header` from loopback only (a proxy on the same machine).
    pub fn from_loopback(header: HeaderName) -> Self {
        TrustedHeader {
            header,
            proxies: vec![
                "127.0.0.0/8".parse().expect("a valid network"),
                "::1/128".parse().expect("a valid network"),
            ],
        }
    }

    fn trusts(&self, peer: Option<IpAddr>) -> bool {
        peer.is_some_and(|ip| self.proxies.iter().any(|c| c.contains(ip)))
    }
}

/// The name in the header, if it is one: 1–256 printable characters.
fn user_name(value: &HeaderValue) -> Option<String> {
    let name = value.to_str().ok()?.trim();
    let ok = !name.is_empty() && name.len() <= 256 && !name.chars().any(char::is_control);
    ok.then(|| name.to_owned())
}

/// The middleware (mounted on everything when the header is configured).
pub async fn middleware(
    State((app, trusted)): State<(Arc<AppState>, Arc<TrustedHeader>)>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(value) = req.headers().get(&trusted.header).cloned() else {
        return next.run(req).await;
    };
    if req.headers().contains_key(header::AUTHORIZATION) {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let api = req
        .extensions()
        .get::<OriginalUri>()
        .is_some_and(|u| u.path().contains("/client/v4/") || u.path().contains("/_pooldeck/"));
    if !trusted.trusts(peer) {
        let why = format!(
            "{} is accepted only from a trusted proxy (--trusted-proxy); this request came from {}",
            trusted.header,
            peer.map_or_else(|| "an unknown address".to_owned(), |ip| ip.to_string()),
        );
        return refuse(api, StatusCode::FORBIDDEN, why);
    }
    let Some(user) = user_name(&value) else {
        return refuse(
            api,
            StatusCode::BAD_REQUEST,
            format!(
                "{} must hold a user name (1 to 256 printable characters)",
                trusted.header
            ),
        );
    };
    // The browser's session is reused while it is this user's; a new user
    // (someone else signed in to the portal) gets a new one.
    let current = session_id(req.headers())
        .filter(|id| app.sessions.who(id).as_deref() == Some(user.as_str()));
    if current.is_some() {
        return next.run(req).await;
    }
    let id = app.sessions.start(app.auth.operator_grant(), &user);
    // This request already counts as signed in: its cookie header is
    // rewritten to carry the new session instead of any other.
    let others: Vec<String> = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !pair.starts_with(&format!("{COOKIE}=")))
        .map(str::to_owned)
        .collect();
    let cookie = std::iter::once(format!("{COOKIE}={id}"))
        .chain(others)
        .collect::<Vec<_>>()
        .join("; ");
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        req.headers_mut().insert(header::COOKIE, cookie);
    }
    let mut res = next.run(req).await;
    if let Ok(set) = HeaderValue::from_str(&set_cookie(&id)) {
        res.headers_mut().append(header::SET_COOKIE, set);
    }
    res
}

fn refuse(api: bool, status: StatusCode, why: String) -> Response {
    if api {
        ApiError::new(status, 10000, why).into_response()
    } else {
        (status, [(header::CACHE_CONTROL, "no-store")], why).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names() {
        assert_eq!(
            user_name(&HeaderValue::from_static(" ada@example.com ")).as_deref(),
            Some("ada@example.com")
        );
        assert_eq!(user_name(&HeaderValue::from_static("")), None);
        assert_eq!(
            user_name(&HeaderValue::from_str(&"x".repeat(257)).unwrap()),
            None
        );
    }

    #[test]
    fn loopback_is_trusted_by_default() {
        let t = TrustedHeader::from_loopback(HeaderName::from_static("x-forwarded-email"));
        assert!(t.trusts(Some("127.0.0.1".parse().unwrap())));
        assert!(t.trusts(Some("::1".parse().unwrap())));
        assert!(!t.trusts(Some("192.0.2.10".parse().unwrap())));
        assert!(!t.trusts(None));
    }
}
