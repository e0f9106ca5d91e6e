//! Times as the person reading them lives them: the server and the API
//! write RFC 3339 (UTC); the console shows the browser's zone and locale.

use pooldeck_model::jobs::time_spans;
use wasm_bindgen::JsValue;

/// `at` (RFC 3339) in the browser's time zone and locale, e.g.
/// "2 Dec 2026, 05:40:12"; as given when the browser cannot read it.
pub fn local_time(at: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(at));
    if date.get_time().is_nan() {
        return at.to_owned();
    }
    date.to_locale_string("default", &JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_else(|| at.to_owned())
}

/// `text` with every RFC 3339 time in it shown by [`local_time`]: a job's
/// "Next check at 2026-12-02T02:10:00Z" reads "Next check at 02/12/2026,
/// 03:10:00" in Paris.
pub fn local_times(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in time_spans(text) {
        out.push_str(&text[last..span.start]);
        out.push_str(&local_time(&text[span.clone()]));
        last = span.end;
    }
    out.push_str(&text[last..]);
    out
}
