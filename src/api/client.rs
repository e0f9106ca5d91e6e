//! The fetch client: one place for credentials, the CSRF header, the time
//! limit, cancellation, retries and the envelope.
//!
//! - Session mode sends pooldeck-server's cookie (`credentials:
//!   same-origin`) and the `X-Pooldeck-CSRF` header; token mode sends the
//!   pasted token from sessionStorage.
//! - Every request is aborted after [`TIMEOUT_MS`], and when the future
//!   awaiting it is dropped or the reactive owner it started under is
//!   cleaned up. Page loads (`LocalResource`) and page-bound tasks
//!   (`spawn_local_scoped_with_cancellation`) run under their page, so
//!   leaving the page cancels them. Writes run in unscoped tasks, which
//!   have no owner: leaving never cuts a save off half-way, and such a task
//!   must read nothing the page owns once it has awaited.
//! - GETs, and only GETs, are retried on a network failure, a timeout, 429
//!   or 5xx, after [`backoff`] or the server's `Retry-After`.
//! - While the browser is offline nothing is sent; the error says so.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use pooldeck_model::{Envelope, ResultInfo};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use web_sys::{AbortController, RequestCredentials};

use super::config::{AuthMode, RuntimeConfig};
use super::error::{transient_status, ApiError, ErrorKind};

/// Aborts its request when dropped.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How long one attempt may take.
pub const TIMEOUT_MS: u32 = 20_000;
/// How many times a GET is tried in all.
pub const GET_ATTEMPTS: u32 = 3;
/// sessionStorage key of the pasted token (token mode). Never localStorage:
/// it must not outlive the tab.
pub const TOKEN_KEY: &str = "pooldeck.token";

/// The delay before retry `attempt` (1-based): 400 ms, then 1.2 s; a
/// `Retry-After` wins, capped at 10 s.
pub fn backoff(attempt: u32, retry_after: Option<u32>) -> u32 {
    match retry_after {
        Some(secs) => secs.min(10) * 1000,
        None => 400 * 3u32.pow(attempt.saturating_sub(1)),
    }
}

/// The API, as configured for this page.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub config: RuntimeConfig,
}

impl Api {
    pub fn new(config: RuntimeConfig) -> Self {
        Api { config }
    }

    /// The account the console works in.
    pub fn account(&self) -> Result<String, ApiError> {
        self.config.account_id.clone().ok_or_else(|| {
            ApiError::new(
                ErrorKind::Api,
                0,
                "No account is selected. Choose one in Settings.",
            )
        })
    }

    /// `/accounts/{account}/load_balancers` + `rest`.
    pub fn lb_path(&self, rest: &str) -> Result<String, ApiError> {
        Ok(format!(
            "/accounts/{}/load_balancers{rest}",
            self.account()?
        ))
    }

    /// The server's sign-in page, coming back to `next` afterwards. The
    /// page lives beside the API, so it is found from the API's base.
    pub fn sign_in_url(&self, next: &str) -> String {
        format!(
            "{}/_pooldeck/sign-in?next={}",
            self.server_root(),
            encode_component(next)
        )
    }

    /// Where pooldeck-server's own routes (`/_pooldeck/…`) live: beside
    /// the API, so found from the API's base.
    pub fn server_root(&self) -> &str {
        self.config
            .api_base
            .strip_suffix("/client/v4")
            .unwrap_or(&self.config.api_base)
    }

    /// A GET of one of pooldeck-server's own routes (`path` starts with
    /// `/_pooldeck/`), answered in the API's envelope, with the same
    /// credentials and retries as an API call.
    pub async fn get_server<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call_server(Method::GET, path, None).await
    }

    /// Any call to one of pooldeck-server's own routes (see
    /// [`Api::get_server`]); only GETs are retried, as for the API.
    pub async fn call_server<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, ApiError> {
        let url = format!("{}{path}", self.server_root());
        self.call_url(method, &url, body)
            .await
            .map(|(result, _)| result)
    }

    /// Sends a request and unwraps the envelope's `result`.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, ApiError> {
        self.call_page(method, path, body)
            .await
            .map(|(result, _)| result)
    }

    /// Like [`Api::call`], keeping the envelope's `result_info`, for the
    /// lists that are paged (`GET /zones`).
    pub async fn call_page<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(T, Option<ResultInfo>), ApiError> {
        let url = format!("{}{path}", self.config.api_base);
        self.call_url(method, &url, body).await
    }

    /// The request with its retries, then the envelope read into `T`.
    /// Only the reading is generic: the retry loop is compiled once, not
    /// once per result type (each copy of it cost about 5 KB of wasm).
    async fn call_url<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<(T, Option<ResultInfo>), ApiError> {
        let answer = self.answer(method, url, body).await?;
        unwrap_page(answer.status, answer.retry_after, &answer.text)
    }

    /// Sends the request, and a GET again after a transient failure (the
    /// network, a timeout, 429 or 5xx, whatever the answer's body says)
    /// until [`GET_ATTEMPTS`] are spent; the last answer is returned as it
    /// came, for the envelope to be read.
    async fn answer(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Answer, ApiError> {
        let attempts = if method == Method::GET {
            GET_ATTEMPTS
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            let answer = self.once(method.clone(), url, body).await;
            let retry = match &answer {
                Err(e) => e.is_transient().then_some(e.retry_after),
                Ok(a) => transient_status(a.status).then_some(a.retry_after),
            };
            match retry {
                Some(retry_after) if attempt < attempts => {
                    gloo_timers::future::TimeoutFuture::new(backoff(attempt, retry_after)).await;
                    attempt += 1;
                }
                _ => return answer,
            }
        }
    }

    /// One request, up to its answer's text. Not generic over the result
    /// type, so it is compiled once rather than once per call site's `T`.
    async fn once(
        &self,
        method: Method,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Answer, ApiError> {
        let window =
            web_sys::window().ok_or_else(|| ApiError::new(ErrorKind::Network, 0, "no window"))?;
        if !window.navigator().on_line() {
            return Err(ApiError::new(ErrorKind::Offline, 0, "offline"));
        }
        let controller = AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let _timer = controller.clone().map(|c| {
            let flag = timed_out.clone();
            gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || {
                flag.set(true);
                c.abort();
            })
        });
        // A cancelled task drops this future, and the guard aborts the
        // fetch with it (after an answer, aborting does nothing).
        let _abort_on_drop = controller.clone().map(AbortOnDrop);
        if let Some(c) = controller.clone() {
            // Under an owner (a page's load or scoped task), disposing the
            // owner aborts the request. Unscoped tasks have no owner, and
            // this does nothing there.
            if leptos::prelude::Owner::current().is_some() {
                let c = send_wrapper::SendWrapper::new(c);
                leptos::prelude::on_cleanup(move || c.abort());
            }
        }
        let mut req = RequestBuilder::new(url)
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        req = match self.config.auth {
            AuthMode::Session => req
                .credentials(RequestCredentials::SameOrigin)
                .header("X-Pooldeck-CSRF", "1"),
            AuthMode::Token => {
                let token = window
                    .session_storage()
                    .ok()
                    .flatten()
                    .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
                match token {
                    Some(t) => req
                        .credentials(RequestCredentials::Omit)
                        .header("Authorization", &format!("Bearer {t}")),
                    None => req.credentials(RequestCredentials::Omit),
                }
            }
        };
        let sent = match body {
            Some(b) => {
                req.header("Content-Type", "application/json")
                    .body(b.to_string())
                    .map_err(|e| ApiError::new(ErrorKind::Network, 0, e.to_string()))?
                    .send()
                    .await
            }
            None => req.send().await,
        };
        let response = match sent {
            Ok(r) => r,
            Err(_) if timed_out.get() => {
                return Err(ApiError::new(ErrorKind::Timeout, 0, "timeout"))
            }
            Err(e) => return Err(ApiError::new(ErrorKind::Network, 0, e.to_string())),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.trim().parse().ok());
        let text = response
            .text()
            .await
            .map_err(|e| ApiError::new(ErrorKind::Network, status, e.to_string()))?;
        Ok(Answer {
            status,
            retry_after,
            text,
        })
    }
}

/// An HTTP answer, before its envelope is read.
struct Answer {
    status: u16,
    retry_after: Option<u32>,
    text: String,
}

/// `encodeURIComponent`, in Rust so it is testable off the browser.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads an answer: the `result` of a success, or the errors of a failure.
pub fn unwrap_envelope<T: DeserializeOwned>(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
) -> Result<T, ApiError> {
    unwrap_page(status, retry_after, text).map(|(result, _)| result)
}

/// [`unwrap_envelope`], with the paging facts of a list.
///
/// Only the parse into `Envelope<T>` is generic; what to make of an answer
/// that is not a successful envelope of `T` is [`not_a_result`], compiled
/// once rather than once per result type.
pub fn unwrap_page<T: DeserializeOwned>(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
) -> Result<(T, Option<ResultInfo>), ApiError> {
    // Straight into `T`, in one pass: no `Value` tree first. (For 5,000
    // pools that tree was built and then converted, and the converter was
    // compiled once per result type.)
    match serde_json::from_str::<Envelope<T>>(text) {
        Ok(env) if env.success && (200..300).contains(&status) => {
            let info = env.result_info;
            match env.result {
                Some(result) => Ok((result, info)),
                // A success without a result (alert-policy DELETE) is
                // `null`, for a `T` that accepts it (an `Option`).
                None => {
                    T::deserialize(serde::de::value::UnitDeserializer::<serde_json::Error>::new())
                        .map(|result| (result, info))
                        .map_err(|e| ApiError::new(ErrorKind::Malformed, status, e.to_string()))
                }
            }
        }
        Ok(env) => Err(refused(status, retry_after, text, env.errors)),
        Err(e) => Err(not_a_result(status, retry_after, text, e)),
    }
}

/// The error for an answer that did not parse as an envelope of the
/// expected result: an error envelope with some other `result`, a success
/// whose result does not fit (`parse_error` says why), or not an envelope
/// at all.
#[inline(never)]
fn not_a_result(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
    parse_error: serde_json::Error,
) -> ApiError {
    match serde_json::from_str::<Envelope<IgnoredAny>>(text) {
        Ok(env) if !env.success || !(200..300).contains(&status) => {
            refused(status, retry_after, text, env.errors)
        }
        Ok(_) => ApiError::new(ErrorKind::Malformed, status, parse_error.to_string()),
        Err(_) => malformed(status, retry_after, text),
    }
}

/// A failure the API (or something in front of it) answered: its errors,
/// or, when it gave none, the start of what it sent.
#[inline(never)]
fn refused(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
    errors: Vec<pooldeck_model::ApiMessage>,
) -> ApiError {
    let errors = if errors.is_empty() {
        malformed(status, retry_after, text).errors
    } else {
        errors
    };
    ApiError {
        kind: ErrorKind::Api,
        status,
        errors,
        retry_after,
    }
}

/// An answer that is not the API's JSON, quoted for the error panel.
fn malformed(status: u16, retry_after: Option<u32>, text: &str) -> ApiError {
    ApiError {
        retry_after,
        ..ApiError::new(
            ErrorKind::Malformed,
            status,
            text.chars().take(200).collect::<String>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_respects_retry_after() {
        assert_eq!(backoff(1, None), 400);
        assert_eq!(backoff(2, None), 1200);
        assert_eq!(backoff(1, Some(3)), 3000);
        assert_eq!(backoff(1, Some(120)), 10_000);
    }

    #[test]
    fn envelopes_unwrap() {
        let ok: Vec<u32> = unwrap_envelope(
            200,
            None,
            r#"{"success":true,"errors":[],"messages":[],"result":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(ok, [1, 2]);
        let err = unwrap_envelope::<Value>(412, None, r#"{"success":false,"errors":[{"code":1005,"message":"in use"}],"messages":[],"result":null}"#).unwrap_err();
        assert_eq!(
            (err.kind, err.status, err.codes().collect::<Vec<_>>()),
            (ErrorKind::Api, 412, vec![1005])
        );
        let html = unwrap_envelope::<Value>(502, Some(2), "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(
            (html.kind, html.retry_after),
            (ErrorKind::Malformed, Some(2))
        );
        assert!(html.summary().contains("HTTP 502"));
        let nothing: Option<u32> =
            unwrap_envelope(200, None, r#"{"success":true,"errors":[],"messages":[]}"#).unwrap();
        assert_eq!(nothing, None, "alert-policy DELETE has no result");
    }

    #[test]
    fn an_error_envelope_is_read_whatever_its_result_holds() {
        // The result does not fit `T`, but the errors are what matter.
        let err = unwrap_envelope::<Vec<u32>>(
            400,
            None,
            r#"{"success":false,"errors":[{"code":1002,"message":"bad"}],"messages":[],"result":{"x":1}}"#,
        )
        .unwrap_err();
        assert_eq!(
            (err.kind, err.codes().collect::<Vec<_>>()),
            (ErrorKind::Api, vec![1002])
        );
        // A success whose result does not fit is malformed, and says why.
        let wrong = unwrap_envelope::<Vec<u32>>(
            200,
            None,
            r#"{"success":true,"errors":[],"messages":[],"result":{"x":1}}"#,
        )
        .unwrap_err();
        assert_eq!(wrong.kind, ErrorKind::Malformed);
        // A 5xx with a success envelope is still a failure.
        let odd = unwrap_envelope::<Vec<u32>>(
            503,
            None,
            r#"{"success":true,"errors":[],"messages":[],"result":[1]}"#,
        )
        .unwrap_err();
        assert_eq!((odd.kind, odd.status), (ErrorKind::Api, 503));
        // A success without a result, for a `T` that needs one.
        let missing =
            unwrap_envelope::<Vec<u32>>(200, None, r#"{"success":true,"errors":[],"messages":[]}"#)
                .unwrap_err();
        assert_eq!(missing.kind, ErrorKind::Malformed);
    }

    #[test]
    fn sign_in_is_found_beside_the_api() {
        let api = Api::new(RuntimeConfig {
            api_base: "http://127.0.0.1:8787/client/v4".into(),
            account_id: None,
            auth: AuthMode::Session,
            mode: "embedded".into(),
            limits: Default::default(),
            plan: Default::default(),
        });
        assert!(api.account().is_err());
        assert_eq!(
            api.sign_in_url("/pools?q=a b"),
            "http://127.0.0.1:8787/_pooldeck/sign-in?next=%2Fpools%3Fq%3Da%20b"
        );
    }
}
