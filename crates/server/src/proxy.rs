//! Proxy mode: `/client/v4/*` is forwarded to a real Cloudflare API with a
//! token the server holds, so the browser never sees it.
//!
//! Callers still authenticate to pooldeck-server (session cookie or a local
//! token) before anything is forwarded: otherwise anyone who can reach the
//! server could spend the upstream token. Their own credentials are never
//! forwarded. An allow-list of account IDs, and `--read-only`, refuse
//! everything else with a Cloudflare-shaped 403 before it leaves. Upstream
//! answers, errors included, pass through unchanged.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use pooldeck_model::codes::CODE_INTERNAL;

use crate::api::body::BODY_LIMIT;
use crate::api::error::ApiError;
use crate::auth::is_mutation;
use crate::AppState;

/// Where and how to forward.
#[derive(Clone, Debug)]
pub struct Upstream {
    /// e.g. `https://api.cloudflare.com/client/v4` (no trailing slash).
    pub base: String,
    /// The server-held API token. Never logged.
    pub token: String,
    /// Accounts that may be reached; empty means any.
    pub accounts: Vec<String>,
    /// Refuse every method but GET and HEAD.
    pub read_only: bool,
}

impl Upstream {
    /// Why a request may not be forwarded, if it may not.
    fn refuse(&self, method: &Method, path: &str) -> Option<ApiError> {
        if self.read_only && is_mutation(method) {
            return Some(ApiError::forbidden());
        }
        if self.accounts.is_empty() {
            return None;
        }
        let account = path
            .strip_prefix("/accounts/")
            .and_then(|rest| rest.split('/').next());
        match account {
            Some(id) if self.accounts.iter().any(|a| a.eq_ignore_ascii_case(id)) => None,
            // Zone routes cannot be tied to an account without asking the
            // upstream, so with an allow-list they are refused.
            _ => Some(ApiError::forbidden()),
        }
    }
}

type HttpsClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

struct Proxy {
    app: Arc<AppState>,
    upstream: Upstream,
    client: HttpsClient,
}

/// The `/client/v4` router of proxy mode.
pub fn router(app: Arc<AppState>, upstream: Upstream) -> Router {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    let client = Client::builder(TokioExecutor::new()).build(connector);
    let proxy = Arc::new(Proxy {
        app,
        upstream,
        client,
    });
    Router::new().fallback(forward).with_state(proxy)
}

async fn forward(
    State(proxy): State<Arc<Proxy>>,
    OriginalUri(uri): OriginalUri,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let path = uri
        .path()
        .strip_prefix(crate::console::API_PREFIX)
        .unwrap_or(uri.path());
    if let Err(e) = proxy
        .app
        .auth
        .check(&proxy.app.sessions, &parts.headers, &parts.method)
    {
        return e.into_response();
    }
    if let Some(refusal) = proxy.upstream.refuse(&parts.method, path) {
        return refusal.into_response();
    }
    let Ok(body) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            ..ApiError::invalid("", "request body too large")
        }
        .into_response();
    };
    let target = match uri.query() {
        Some(q) => format!("{}{path}?{q}", proxy.upstream.base),
        None => format!("{}{path}", proxy.upstream.base),
    };
    let mut out = axum::http::Request::builder()
        .method(parts.method.clone())
        .uri(&target);
    if let Some(ct) = parts.headers.get(header::CONTENT_TYPE) {
        out = out.header(header::CONTENT_TYPE, ct);
    }
    let Ok(auth) = HeaderValue::from_str(&format!("Bearer {}", proxy.upstream.token)) else {
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            CODE_INTERNAL,
            "the upstream token is not a valid header value",
        )
        .into_response();
    };
    let Ok(request) = out
        .header(header::AUTHORIZATION, auth)
        .body(Full::new(body))
    else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            CODE_INTERNAL,
            "the request could not be forwarded",
        )
        .into_response();
    };
    let response = match proxy.client.request(request).await {
        Ok(r) => r,
        Err(_) => {
            return ApiError::new(
                StatusCode::BAD_GATEWAY,
                CODE_INTERNAL,
                "the upstream API could not be reached",
            )
            .into_response()
        }
    };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = body.collect().await.map(|c| c.to_bytes()) else {
        return ApiError::new(
            StatusCode::BAD_GATEWAY,
            CODE_INTERNAL,
            "the upstream API's answer broke off",
        )
        .into_response();
    };
    let mut res = Response::new(Body::from(bytes));
    *res.status_mut() = parts.status;
    for name in [header::CONTENT_TYPE, header::RETRY_AFTER] {
        if let Some(v) = parts.headers.get(&name) {
            res.headers_mut().insert(name, v.clone());
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upstream(accounts: &[&str], read_only: bool) -> Upstream {
        Upstream {
            base: "http://127.0.0.1:1".into(),
            token: "t".into(),
            accounts: accounts.iter().map(|s| s.to_string()).collect(),
            read_only,
        }
    }

    #[test]
    fn refusals() {
        let a = "0123456789abcdef0123456789abcdef";
        let open = upstream(&[], false);
        assert!(open
            .refuse(&Method::POST, "/zones/x/load_balancers")
            .is_none());
        let listed = upstream(&[a], false);
        assert!(listed
            .refuse(&Method::GET, &format!("/accounts/{a}/load_balancers/pools"))
            .is_none());
        assert!(listed
            .refuse(
                &Method::GET,
                "/accounts/ffffffffffffffffffffffffffffffff/load_balancers/pools"
            )
            .is_some());
        assert!(listed
            .refuse(&Method::GET, "/zones/x/load_balancers")
            .is_some());
        let ro = upstream(&[], true);
        assert!(ro
            .refuse(&Method::GET, "/accounts/x/load_balancers/pools")
            .is_none());
        assert!(ro
            .refuse(&Method::DELETE, "/accounts/x/load_balancers/pools/y")
            .is_some());
    }
}
