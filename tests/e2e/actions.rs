//! What a person does on a page, as test steps: type into a field, click,
//! press Tab until something has focus, type at the focused element, and
//! wait for the address to change.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::json;

use super::harness::Browser;

/// Replaces the text of the input `css`.
pub async fn set_input(b: &Browser, css: &str, text: &str) {
    let el = b.wait_for(css).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

pub async fn click(b: &Browser, css: &str) {
    b.wait_for(css).await.click().await.unwrap();
}

/// Presses Tab until the element with `data-testid=test_id` has focus.
pub async fn tab_to(b: &Browser, test_id: &str) {
    for _ in 0..120 {
        let now = b
            .eval("return document.activeElement && document.activeElement.getAttribute('data-testid')")
            .await;
        if now == json!(test_id) {
            return;
        }
        press(b, Key::Tab).await;
    }
    panic!("Tab never reached {test_id}");
}

/// Types `text` (which may hold `Key` characters) at the focused element.
pub async fn type_keys(b: &Browser, text: &str) {
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

pub async fn press(b: &Browser, key: Key) {
    type_keys(b, &key.to_string()).await;
}

/// Waits until the page's path ends with `path`.
pub async fn wait_path(b: &Browser, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = b.client.current_url().await.unwrap();
        if now.path().ends_with(path) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still at {now}, expected a path ending in {path}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls `check` until it is true, clicking `refresh` between tries.
pub async fn eventually_after(
    b: &Browser,
    refresh: &str,
    what: &str,
    check: impl Fn(String) -> bool,
    read: &str,
) {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let text = b.wait_for(read).await.text().await.unwrap_or_default();
        if check(text.clone()) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: still {text:?}");
        click(b, refresh).await;
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
}

/// Waits until the element matching `css` contains `text`.
pub async fn wait_containing(b: &Browser, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = b.wait_for(css).await.text().await.unwrap_or_default();
        if now.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} shows {now:?}, expected it to contain {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page's query string satisfies `ok` (the pools list
/// writes its view into the address once typing pauses).
pub async fn wait_query(b: &Browser, ok: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = b.client.current_url().await.unwrap();
        if ok(url.query().unwrap_or_default()) {
            return;
        }
        assert!(Instant::now() < deadline, "the address is still {url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page has loaded: a title and no skeleton, then lets
/// transitions end (axe measures colours as drawn; screenshots show them).
pub async fn settle(b: &Browser) {
    b.wait_for("[data-testid=page-title]").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !b.find_all(".pd-skeleton").await.is_empty() {
        assert!(Instant::now() < deadline, "the page never finished loading");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Selects every pool the list shows and opens the bulk change for them,
/// as a person does (the selection lives in the page, so no URL leads
/// there).
pub async fn open_bulk_for_all(b: &Browser) {
    b.goto("/pools").await;
    settle(b).await;
    for css in ["[data-testid=pool-select-all]", "[data-testid=bulk-open]"] {
        b.wait_for(css).await.click().await.unwrap();
    }
    settle(b).await;
}
