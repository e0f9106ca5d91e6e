//! The fetch client: one place for credentials, the CSRF header, the time
//! limit, cancellation, retries and the envelope.
//!
//! - Session mode sends pooldeck-server's cookie (`credentials:
//!   same-origin`) and the `X-Pooldeck-CSRF` header; token mode sends the
//!   pasted token from sessionStorage.
//! - Every request is aborted after [`TIMEOUT_MS`], and when the future
//!   awaiting it is dropped or the reactive owner it started under is
//!   cleaned up. Page loads (`use_load`, `LocalResource`) and page-bound tasks
//!   (`spawn_local_scoped_with_cancellation`) run under their page, so
//!   leaving the page cancels them. Writes run in unscoped tasks, which
//!   have no owner: leaving never cuts a save off half-way, and such a task
//!   must read nothing the page owns once it has awaited.
//! - GETs, and only GETs, are retried on a network failure, a timeout, 429
//!   or 5xx, after [`backoff`] or the server's `Retry-After`.
//! - While the browser is offline nothing is sent; the error says so.
//! - The first GET of a URL the page preloaded takes the answer the boot
//!   script read (`preloaded.rs`) instead of asking again.

use std::cell::Cell;
use std::rc::Rc;

use pooldeck_model::json_lite::FromJson;
use pooldeck_model::ResultInfo;
use serde::de::DeserializeOwned;
use serde_json::Value;
use web_sys::{AbortController, RequestCache, RequestCredentials};

use super::answer::{unwrap_listing, unwrap_page};
use super::config::{AuthMode, RuntimeConfig};
use super::error::{transient_status, ApiError, ErrorKind};
use super::fetch::{self, Method, Request};
use super::preloaded::{self, Answer, Preloaded};

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
        self.call_server(Method::Get, path, None).await
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
        let answer = self.answer(method, url, body.map(Value::to_string)).await?;
        unwrap_page(answer.status, answer.retry_after, &answer.text)
    }

    /// A GET of `path` under the API base, read by `json_lite`: the first
    /// load's lists, whose code must not bring serde_json with it.
    pub async fn get_listing<T: FromJson>(&self, path: &str) -> Result<T, ApiError> {
        let url = format!("{}{path}", self.config.api_base);
        let answer = self.answer(Method::Get, &url, None).await?;
        unwrap_listing(answer.status, answer.retry_after, &answer.text).map(|(result, _)| result)
    }

    /// [`Api::get_listing`]'s result at once, when the page preloaded the
    /// GET and its answer has arrived (`preloaded.rs`); None otherwise,
    /// and the answer is left for [`Api::get_listing`].
    pub fn listing_at_hand<T: FromJson>(&self, path: &str) -> Option<Result<T, ApiError>> {
        let url = format!("{}{path}", self.config.api_base);
        let answer = preloaded::take_arrived(&url)?;
        Some(unwrap_listing(answer.status, answer.retry_after, &answer.text).map(|(r, _)| r))
    }

    /// True when [`Api::listing_at_hand`] would give `path`'s result.
    pub fn has_arrived(&self, path: &str) -> bool {
        preloaded::has_arrived(&format!("{}{path}", self.config.api_base))
    }

    /// Sends the request, and a GET again after a transient failure (the
    /// network, a timeout, 429 or 5xx, whatever the answer's body says)
    /// until [`GET_ATTEMPTS`] are spent; the last answer is returned as it
    /// came, for the envelope to be read.
    async fn answer(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
    ) -> Result<Answer, ApiError> {
        let attempts = if method == Method::Get {
            GET_ATTEMPTS
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            let answer = self.once(method, url, body.as_deref()).await;
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
    /// The body comes serialized, so no JSON writer is in the first load.
    async fn once(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
    ) -> Result<Answer, ApiError> {
        let window =
            web_sys::window().ok_or_else(|| ApiError::new(ErrorKind::Network, 0, "no window"))?;
        if !window.navigator().on_line() {
            return Err(ApiError::new(ErrorKind::Offline, 0, "offline"));
        }
        // The page's preload of this GET, read by the boot script: the
        // first GET of its URL takes it, within the same time limit.
        if method == Method::Get {
            if let Some(preloaded) = preloaded::take(url, TIMEOUT_MS as i32) {
                match preloaded.await {
                    Preloaded::Arrived(answer) => return Ok(answer),
                    Preloaded::Failed => {}
                    Preloaded::TimedOut => {
                        return Err(ApiError::new(ErrorKind::Timeout, 0, "timeout"))
                    }
                }
            }
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
        let mut headers = vec![("Accept", "application/json")];
        // Lives as long as `headers`, which borrows it.
        let bearer: Option<String>;
        let credentials = match self.config.auth {
            AuthMode::Session => {
                headers.push(("X-Pooldeck-CSRF", "1"));
                RequestCredentials::SameOrigin
            }
            AuthMode::Token => {
                bearer = window
                    .session_storage()
                    .ok()
                    .flatten()
                    .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
                    .map(|t| format!("Bearer {t}"));
                if let Some(bearer) = &bearer {
                    headers.push(("Authorization", bearer));
                }
                RequestCredentials::Omit
            }
        };
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        let signal = controller.as_ref().map(AbortController::signal);
        let sent = fetch::send(&Request {
            method,
            url,
            headers: &headers,
            credentials: Some(credentials),
            // Past the browser's HTTP cache, both ways. An answer must be
            // what the server holds now, and the cache makes a GET wait for
            // any earlier request of the same URL still open: a preload
            // given up at the time limit above held its retry back for as
            // long as the preload hung.
            cache: Some(RequestCache::NoStore),
            body,
            signal: signal.as_ref(),
        })
        .await;
        let response = match sent {
            Ok(r) => r,
            Err(_) if timed_out.get() => {
                return Err(ApiError::new(ErrorKind::Timeout, 0, "timeout"))
            }
            Err(e) => return Err(ApiError::new(ErrorKind::Network, 0, e)),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse().ok());
        let text = fetch::text(&response)
            .await
            .map_err(|e| ApiError::new(ErrorKind::Network, status, e))?;
        Ok(Answer {
            status,
            retry_after,
            text,
        })
    }
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
