//! The API answers the page preloaded, as the boot script read them while
//! the wasm loaded (`xtask/src/boot.js`: a map from URL to
//! `{ settled, status, retryAfter, text, failed }` in
//! `globalThis.__pooldeckAnswers`).
//!
//! Each answer is taken once: the first GET of its URL uses it, and later
//! ones (a reload) go to the server. An answer that has already arrived
//! can be taken at once, so the pools list's first render shows its rows
//! ([`Api::listing_at_hand`](super::Api::listing_at_hand)).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::error::transient_status;

#[wasm_bindgen]
extern "C" {
    /// One entry of the boot script's map; its fields are set once the
    /// answer has been read.
    type PreloadedAnswer;

    #[wasm_bindgen(method, getter)]
    fn settled(this: &PreloadedAnswer) -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    fn status(this: &PreloadedAnswer) -> Option<u16>;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &PreloadedAnswer) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn text(this: &PreloadedAnswer) -> Option<String>;
    /// `text` as a handle, to see whether it is there without copying
    /// the body into the wasm's memory.
    #[wasm_bindgen(method, getter, js_name = text)]
    fn text_handle(this: &PreloadedAnswer) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn failed(this: &PreloadedAnswer) -> Option<bool>;
}

/// An HTTP answer, before its envelope is read.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<u32>,
    pub text: String,
}

/// The boot script's map; None on a page that has none.
fn answers() -> Option<js_sys::Map> {
    js_sys::Reflect::get(&js_sys::global(), &"__pooldeckAnswers".into())
        .ok()?
        .dyn_into()
        .ok()
}

fn entry(url: &str) -> Option<PreloadedAnswer> {
    let found = answers()?.get(&url.into());
    (!found.is_undefined()).then(|| found.unchecked_into())
}

fn remove(url: &str) {
    if let Some(map) = answers() {
        map.delete(&url.into());
    }
}

impl PreloadedAnswer {
    /// The answer's status once its body has been read; None while it is
    /// on its way, and for a request that failed. Copies nothing.
    fn arrived_status(&self) -> Option<u16> {
        if self.failed() == Some(true) || !self.text_handle().is_string() {
            return None;
        }
        self.status()
    }

    /// True once the answer has arrived with a status the client would
    /// not retry.
    fn is_final(&self) -> bool {
        self.arrived_status()
            .is_some_and(|status| !transient_status(status))
    }

    /// The answer, once it has arrived; None while it is on its way, and
    /// for a request that failed (the caller then asks the server itself).
    fn arrived(&self) -> Option<Answer> {
        if self.failed() == Some(true) {
            return None;
        }
        Some(Answer {
            status: self.status()?,
            retry_after: self.retry_after().and_then(|v| v.trim().parse().ok()),
            text: self.text()?,
        })
    }
}

/// True when `url`'s preloaded answer has arrived and is final: not a
/// status the client would retry ([`take_arrived`] leaves it to
/// [`take`] and the retry loop then).
pub fn has_arrived(url: &str) -> bool {
    entry(url).is_some_and(|e| e.is_final())
}

/// Takes `url`'s preloaded answer if [`has_arrived`] says it may.
pub fn take_arrived(url: &str) -> Option<Answer> {
    let entry = entry(url)?;
    if !entry.is_final() {
        return None;
    }
    remove(url);
    entry.arrived()
}

/// What became of a preloaded answer the client waited for.
pub enum Preloaded {
    Arrived(Answer),
    /// The request failed; the caller sends its own.
    Failed,
    /// Still on its way when the time limit ran out.
    TimedOut,
}

/// Takes `url`'s preloaded answer, to be waited for, up to `limit_ms`, if
/// it is on its way. None when the page preloaded no such URL or it was
/// taken already.
pub fn take(url: &str, limit_ms: i32) -> Option<impl std::future::Future<Output = Preloaded>> {
    let entry = entry(url)?;
    remove(url);
    Some(async move {
        // The first of the answer and the time limit, raced in JS, so the
        // first load carries no future-racing code for this one use. The
        // boot script's promise never rejects.
        let limit = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let _ = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, limit_ms);
            }
        });
        let first = js_sys::Promise::race(&js_sys::Array::of2(&entry.settled(), &limit));
        let _ = JsFuture::from(first).await;
        if entry.failed() == Some(true) {
            return Preloaded::Failed;
        }
        entry
            .arrived()
            .map_or(Preloaded::TimedOut, Preloaded::Arrived)
    })
}
