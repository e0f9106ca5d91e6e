//! Signing in and out of the console, and the runtime `config.json`.
//! (Sessions themselves are in `session.rs`.)

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Form, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pooldeck_model::ConsoleConfig;
use serde::Deserialize;
use serde_json::json;

use crate::api::error::ApiError;
use crate::session::{clear_cookie, same_origin, session_id, set_cookie};
use crate::AppState;

/// Routes under `/_pooldeck` and `/config.json`.
pub fn router(app: Arc<AppState>) -> Router {
    Router::new()
        .route("/config.json", get(config_json))
        .route("/_pooldeck/sign-in", get(sign_in_page).post(sign_in))
        .route("/_pooldeck/sign-out", post(sign_out))
        .route("/_pooldeck/session", get(session_info))
        .with_state(app)
}

/// What the console reads at start: where the API is, which account to
/// open, how to authenticate, and the plan its forms validate against.
/// The API base is relative, so one build works under any path.
async fn config_json(State(app): State<Arc<AppState>>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Json(console_config(&app)),
    )
        .into_response()
}

/// `config.json`'s content. The plan is the one the server's own writes
/// are checked against ([`AppState::plan`]), so a form that passes in the
/// console passes here. A proxy cannot know the real account's plan, so it
/// leaves it out and the console falls back to the stricter defaults.
pub(crate) fn console_config(app: &AppState) -> ConsoleConfig {
    ConsoleConfig {
        api_base: Some("client/v4".into()),
        account_id: app.account_id.clone(),
        auth: Some("session".into()),
        mode: Some(if app.proxied { "proxy" } else { "embedded" }.into()),
        plan: (!app.proxied).then(|| app.plan()),
        ..ConsoleConfig::default()
    }
}

/// A path to go back to after signing in: same-site and absolute-path
/// only; otherwise the console's home (`base/`).
fn safe_next(next: Option<&str>, base: &str) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => format!("{base}/"),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(next: &str, error: Option<&str>) -> Html<String> {
    let error = error
        .map(|e| {
            format!(
                r#"<p id="sign-in-error" role="alert" class="error">{}</p>"#,
                escape(e)
            )
        })
        .unwrap_or_default();
    let described = if error.is_empty() {
        ""
    } else {
        r#" aria-describedby="sign-in-error" aria-invalid="true""#
    };
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Sign in · Pooldeck</title>
<link rel="icon" href="data:,"></head>
<body>
<main>
<h1>Sign in to Pooldeck</h1>
<p>Open the sign-in link pooldeck-server printed when it started, or paste an API token this server accepts.</p>
{error}
<form method="post" action="sign-in">
<input type="hidden" name="next" value="{next}">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" required{described} data-testid="sign-in-token">
<button type="submit" data-testid="sign-in-submit">Sign in</button>
</form>
</main>
</body>
</html>"#,
        next = escape(next)
    ))
}

#[derive(Deserialize)]
struct SignInQuery {
    next: Option<String>,
    used: Option<String>,
}

async fn sign_in_page(State(app): State<Arc<AppState>>, Query(q): Query<SignInQuery>) -> Response {
    let error = q.used.is_some().then_some(
        "That sign-in link was already used or is not valid. Paste an API token instead.",
    );
    let mut res = page(&safe_next(q.next.as_deref(), &app.base_path), error).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("static header"),
    );
    res
}

#[derive(Deserialize)]
struct SignInForm {
    token: String,
    next: Option<String>,
}

async fn sign_in(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let next = safe_next(form.next.as_deref(), &app.base_path);
    // A form posted from another site must not sign anyone in.
    if !crate::session::from_this_site(&headers) {
        return (
            StatusCode::FORBIDDEN,
            page(&next, Some("Sign-in must come from this site.")),
        )
            .into_response();
    }
    let token = form.token.trim();
    match app.auth.grant_for(token).zip(app.auth.label_for(token)) {
        Some((grant, label)) => {
            let id = app.sessions.start(grant, &label);
            ([(header::SET_COOKIE, set_cookie(&id))], Redirect::to(&next)).into_response()
        }
        None => (
            StatusCode::UNAUTHORIZED,
            page(&next, Some("That token is not valid for this server.")),
        )
            .into_response(),
    }
}

async fn sign_out(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if !same_origin(&headers) {
        return ApiError::forbidden().into_response();
    }
    if let Some(id) = session_id(&headers) {
        app.sessions.end(id);
    }
    (
        [(header::SET_COOKIE, clear_cookie())],
        Json(json!({"success": true})),
    )
        .into_response()
}

/// Whether the browser's session is live, and what it may do.
async fn session_info(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let grant = session_id(&headers)
        .filter(|_| same_origin(&headers))
        .and_then(|id| app.sessions.grant(id));
    Json(json!({"signed_in": grant.is_some(), "write": grant.is_some_and(|g| g.write)}))
        .into_response()
}

/// Middleware on console pages: `?login=CODE` is traded for a session and
/// the browser is sent back to the same page without the code (so it does
/// not linger in the history or the address bar).
pub async fn login_link(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(code) = login_code(req.uri()) else {
        return next.run(req).await;
    };
    // The full path, prefix included, even when mounted under a base path.
    let full = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().clone(), |u| u.0.clone());
    let clean = without_login(&full);
    match app.sessions.redeem(&code) {
        Some(id) => (
            [(header::SET_COOKIE, set_cookie(&id))],
            Redirect::to(&clean),
        )
            .into_response(),
        None => Redirect::to(&format!(
            "{}/_pooldeck/sign-in?used=1&next={}",
            app.base_path,
            urlencode(&clean)
        ))
        .into_response(),
    }
}

fn login_code(uri: &Uri) -> Option<String> {
    let query: HashMap<String, String> = serde_urlencoded_pairs(uri.query()?);
    query.get("login").cloned()
}

fn serde_urlencoded_pairs(query: &str) -> HashMap<String, String> {
    axum::extract::Query::<HashMap<String, String>>::try_from_uri(
        &format!("/?{query}").parse().unwrap_or_default(),
    )
    .map(|q| q.0)
    .unwrap_or_default()
}

fn without_login(uri: &Uri) -> String {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.starts_with("login=") && !p.is_empty())
        .collect();
    if rest.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{}", uri.path(), rest.join("&"))
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_stay_on_this_site() {
        assert_eq!(safe_next(Some("/pools?q=1"), ""), "/pools?q=1");
        assert_eq!(safe_next(Some("//evil.example"), ""), "/");
        assert_eq!(safe_next(Some("https://evil.example"), ""), "/");
        assert_eq!(safe_next(Some("/\\evil"), ""), "/");
        assert_eq!(safe_next(None, ""), "/");
        assert_eq!(safe_next(None, "/portal/lb"), "/portal/lb/");
    }

    #[test]
    fn the_login_code_is_removed_from_the_url() {
        let uri: Uri = "/pools?login=abc&sort=name".parse().unwrap();
        assert_eq!(login_code(&uri).as_deref(), Some("abc"));
        assert_eq!(without_login(&uri), "/pools?sort=name");
        assert_eq!(without_login(&"/?login=abc".parse().unwrap()), "/");
    }
}
