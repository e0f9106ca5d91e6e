//! The browser's `fetch`, in the one shape the console uses: a method, a
//! URL, a few headers, an optional text body, and an answer read as text
//! or left to the caller.
//!
//! Why not gloo-net: its request builder brought the `http` crate, its
//! stream support, and an error type that holds a serde_json error, whose
//! messages (and std's I/O error texts) then sat in the first load. This is
//! the part of it the console used, on web-sys directly.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCache, RequestCredentials, RequestInit, Response};

/// The HTTP methods the console sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request to send with [`send`].
pub struct Request<'a> {
    pub method: Method,
    pub url: &'a str,
    /// Header names and values, in order.
    pub headers: &'a [(&'a str, &'a str)],
    /// `None` leaves the browser's default (`same-origin`).
    pub credentials: Option<RequestCredentials>,
    /// The request's HTTP cache mode; `None` leaves the browser's default.
    pub cache: Option<RequestCache>,
    pub body: Option<&'a str>,
    pub signal: Option<&'a AbortSignal>,
}

impl<'a> Request<'a> {
    /// A plain GET of `url`.
    pub fn get(url: &'a str) -> Self {
        Request {
            method: Method::Get,
            url,
            headers: &[],
            credentials: None,
            cache: None,
            body: None,
            signal: None,
        }
    }
}

/// Sends `req` and waits for the answer's head; the error is the browser's
/// message (a refused connection, CORS, an abort).
pub async fn send(req: &Request<'_>) -> Result<Response, String> {
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    let headers = Headers::new().map_err(describe)?;
    for (name, value) in req.headers {
        headers.append(name, value).map_err(describe)?;
    }
    init.set_headers(&headers);
    if let Some(credentials) = req.credentials {
        init.set_credentials(credentials);
    }
    if let Some(cache) = req.cache {
        init.set_cache(cache);
    }
    if let Some(body) = req.body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(signal) = req.signal {
        init.set_signal(Some(signal));
    }
    let window = web_sys::window().ok_or("no window")?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(req.url, &init))
        .await
        .map_err(describe)?;
    answer.dyn_into().map_err(describe)
}

/// The answer's body as text.
pub async fn text(answer: &Response) -> Result<String, String> {
    let text = JsFuture::from(answer.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(text.as_string().unwrap_or_default())
}

/// A thrown JavaScript value as a message: an `Error`'s own, or the value
/// if it is a string.
fn describe(thrown: JsValue) -> String {
    match thrown.dyn_ref::<js_sys::Error>() {
        Some(e) => e.message().into(),
        None => thrown
            .as_string()
            .unwrap_or_else(|| "the request failed".to_owned()),
    }
}
