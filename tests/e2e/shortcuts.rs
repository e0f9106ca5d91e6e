//! The pools list's keyboard shortcuts: `/`, `j`/`k`, `Enter`, `e`, `?`,
//! and that they stay out of the way while typing or with modifiers.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::actions::{type_keys as press, wait_path};
use super::harness::{with_console, Browser};

async fn active(b: &Browser) -> Value {
    b.eval("const e = document.activeElement; return e ? (e.getAttribute('data-testid') || e.tagName) : null")
        .await
}

/// The pool name of the highlighted row, if any.
async fn current(b: &Browser) -> Value {
    b.eval("const r = document.querySelector('[data-testid=pool-row][data-current=true]'); return r && r.getAttribute('data-pool-name')")
        .await
}

async fn list(b: &Browser) {
    b.goto("/pools").await;
    b.wait_for("[data-testid=pool-row]").await;
    b.eval("document.activeElement && document.activeElement.blur(); return true")
        .await;
}

#[tokio::test]
async fn the_pools_list_has_keyboard_shortcuts() {
    with_console(|b| async move {
        let mut ids = Vec::new();
        for name in ["alpha", "bravo", "charlie"] {
            ids.push(
                b.create_pool(json!({"name": name, "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]}))
                    .await,
            );
        }
        list(&b).await;

        // j and k move a visible highlight and focus the row's link.
        assert_eq!(current(&b).await, Value::Null);
        press(&b, "j").await;
        assert_eq!(current(&b).await, json!("alpha"));
        assert_eq!(active(&b).await, json!("pool-link"));
        assert!(b
            .eval("return document.activeElement.closest('tr').classList.contains('pd-row-current')")
            .await
            .as_bool()
            .unwrap());
        press(&b, "jj").await;
        assert_eq!(current(&b).await, json!("charlie"));
        press(&b, "j").await;
        assert_eq!(current(&b).await, json!("charlie"), "stops at the last row");
        press(&b, "k").await;
        assert_eq!(current(&b).await, json!("bravo"));
        assert_eq!(
            b.eval("return document.activeElement.textContent").await,
            json!("bravo")
        );
        // Enter opens the highlighted pool.
        press(&b, &Key::Enter.to_string()).await;
        wait_path(&b, &format!("/pools/{}", ids[1])).await;
        b.wait_for_text("[data-testid=page-title]", "bravo").await;

        // Enter with focus off the link, and e, are journeys of their own,
        // at / and under a portal sub-path (journeys.rs).

        // / focuses the search box, and typing j there types j.
        list(&b).await;
        press(&b, "/").await;
        assert_eq!(active(&b).await, json!("pool-search"));
        press(&b, "jk/e?").await;
        let search = b.wait_for("[data-testid=pool-search]").await;
        assert_eq!(search.prop("value").await.unwrap().as_deref(), Some("jk/e?"));
        assert_eq!(current(&b).await, Value::Null, "no row moved while typing");
        assert!(b.find_all("[data-testid=shortcuts-dialog]").await.is_empty());
        search.clear().await.unwrap();
        // Select boxes keep their own keys too.
        b.eval("document.getElementById('health-filter').focus(); return true").await;
        press(&b, "j").await;
        assert_eq!(current(&b).await, Value::Null);

        // Modifiers belong to the browser.
        b.eval("document.activeElement.blur(); return true").await;
        let prevented = b
            .eval(
                "const ev = new KeyboardEvent('keydown', {key: 'j', ctrlKey: true, bubbles: true, cancelable: true});
                 document.body.dispatchEvent(ev); return ev.defaultPrevented;",
            )
            .await;
        assert_eq!(prevented, json!(false));
        assert_eq!(current(&b).await, Value::Null);

        // ? opens the help, which traps focus and closes on Esc.
        press(&b, "?").await;
        let dialog = b.wait_for("[data-testid=shortcuts-dialog]").await;
        // The list arrives a moment after the frame (it is a chunk), and
        // takes the focus.
        b.wait_for("[data-testid=shortcuts-close]").await;
        let text = dialog.text().await.unwrap();
        for k in ["/", "j", "k", "Enter", "e", "?"] {
            assert!(text.contains(k), "the help lists {k}: {text}");
        }
        assert_eq!(
            b.eval("return !!document.activeElement.closest('[data-testid=shortcuts-dialog]')").await,
            json!(true)
        );
        // j inside the dialog does not move the list behind it.
        press(&b, "j").await;
        assert_eq!(current(&b).await, Value::Null);
        press(&b, &Key::Escape.to_string()).await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !b.find_all("[data-testid=shortcuts-dialog]").await.is_empty() {
            assert!(Instant::now() < deadline, "Esc did not close the help");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // Leaving the page removes the listener: j on another page is inert.
        b.wait_for("[data-testid=nav-monitors]").await.click().await.unwrap();
        b.wait_for_text("[data-testid=page-title]", "Monitors").await;
        b.eval("document.activeElement && document.activeElement.blur(); return true").await;
        press(&b, "?").await;
        press(&b, "/").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(b.find_all("[data-testid=shortcuts-dialog]").await.is_empty());
        assert_ne!(active(&b).await, json!("monitor-search"));
        assert!(b.client.current_url().await.unwrap().path().ends_with("/monitors"));
        b.assert_no_console_errors().await;
    })
    .await;
}
