//! A panic in the console (the release build aborts right after the panic
//! hook) shows a static error panel with a Reload button instead of a dead
//! page. `/__panic` panics only when the test armed it in localStorage.

use std::time::{Duration, Instant};

use serde_json::json;

use super::harness::with_console;

#[tokio::test]
async fn a_panic_shows_a_panel_that_reloads_the_page() {
    with_console(|b| async move {
        // Unarmed, the route is an ordinary unknown page.
        b.goto("/__panic").await;
        b.wait_for_text("[data-testid=page-title]", "Page not found").await;
        assert!(b.find_all("[data-testid=panic-panel]").await.is_empty());

        b.eval("localStorage.setItem('pooldeck.test.panic', '1'); return true").await;
        b.goto("/__panic").await;
        let panel = b.wait_for("[data-testid=panic-panel]").await;
        assert_eq!(panel.attr("role").await.unwrap().as_deref(), Some("alert"));
        assert!(panel.text().await.unwrap().contains("internal error"));
        assert_eq!(
            b.eval("return document.activeElement.getAttribute('data-testid')").await,
            json!("panic-reload"),
            "focus is on Reload"
        );
        // The panic is still logged to the browser console.
        let log = b.console_log().await;
        assert!(
            log.iter().any(|e| e.message.contains("test panic requested at /__panic")),
            "{log:#?}"
        );
        // Reload works, although the wasm instance aborted.
        b.eval("localStorage.removeItem('pooldeck.test.panic'); window.__beforeReload = 1; return true")
            .await;
        b.wait_for("[data-testid=panic-reload]").await.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while b.eval("return window.__beforeReload === 1").await == json!(true) {
            assert!(Instant::now() < deadline, "Reload did not reload the page");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        b.wait_for_text("[data-testid=page-title]", "Page not found").await;
        assert!(b.find_all("[data-testid=panic-panel]").await.is_empty());
    })
    .await;
}
