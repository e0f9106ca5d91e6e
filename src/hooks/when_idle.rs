//! `when_idle`: a future that resolves once the browser has nothing more
//! urgent to do.

use wasm_bindgen::prelude::*;

/// Resolves in the browser's next idle period (`requestIdleCallback`), or
/// after a zero timeout where that API is missing (Safari). For work that
/// must not compete with the first render or its API calls, such as
/// prefetching chunks.
pub async fn when_idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let window = web_sys::window().expect("a browser window");
        let has_idle = js_sys::Reflect::has(&window, &JsValue::from_str("requestIdleCallback"))
            .unwrap_or(false);
        let scheduled = if has_idle {
            window.request_idle_callback(&resolve).map(|_| ())
        } else {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .map(|_| ())
        };
        if scheduled.is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
