//! Acting on pools from the list: safe delete and enable/disable.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::json;

use super::harness::{with_console, Browser, ACCOUNT};

const ZONE: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

async fn seed(b: &Browser) -> (String, String) {
    let used = b.create_pool(json!({"name": "used", "check_regions": ["WEU"], "origins": [{"name": "u1", "address": "192.0.2.1"}]})).await;
    let unused = b.create_pool(json!({"name": "unused", "check_regions": ["WEU"], "origins": [{"name": "n1", "address": "192.0.2.2"}]})).await;
    let lb = b
        .api_call(
            "POST",
            &format!("/zones/{ZONE}/load_balancers"),
            Some(
                json!({"name": "www.example.com", "default_pools": [used], "fallback_pool": used}),
            ),
        )
        .await;
    assert_eq!(lb["success"], json!(true), "{lb:#}");
    (used, unused)
}

async fn active_label(b: &Browser) -> String {
    b.eval("return document.activeElement && document.activeElement.getAttribute('aria-label')")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn delete_is_refused_while_a_load_balancer_uses_the_pool_and_needs_the_name_otherwise() {
    with_console(|b| async move {
        let (used, unused) = seed(&b).await;
        b.goto("/pools").await;
        // The detail page says which load balancer uses the pool, and how.
        b.goto(&format!("/pools/{used}")).await;
        b.wait_for_text(
            "[data-testid=used-by-item]",
            "www.example.com: default pool, fallback pool",
        )
        .await;
        b.goto("/pools").await;
        b.wait_for("[data-pool-name=used] [data-testid=pool-delete]")
            .await
            .click()
            .await
            .unwrap();
        let referrer = b.wait_for("[data-testid=delete-referrer]").await;
        assert_eq!(referrer.text().await.unwrap(), "www.example.com");
        let confirm = b.wait_for("[data-testid=delete-confirm]").await;
        assert!(
            confirm.attr("disabled").await.unwrap().is_some(),
            "cannot delete a used pool"
        );
        // Esc closes, and focus returns to the button that opened it.
        b.wait_for("[data-testid=delete-dialog]")
            .await
            .send_keys(&Key::Escape.to_string())
            .await
            .unwrap();
        wait_until("the dialog to close", || {
            let b = b.clone();
            async move { b.find_all("[data-testid=delete-dialog]").await.is_empty() }
        })
        .await;
        assert_eq!(active_label(&b).await, "Delete pool used");

        b.wait_for("[data-pool-name=unused] [data-testid=pool-delete]")
            .await
            .click()
            .await
            .unwrap();
        let input = b.wait_for("[data-testid=delete-confirm-input]").await;
        wait_until("the name field to be ready", || {
            let input = input.clone();
            async move { input.attr("disabled").await.unwrap().is_none() }
        })
        .await;
        // Focus moved into the dialog, onto the field.
        assert_eq!(
            b.eval("return document.activeElement.id").await,
            json!("delete-confirm-name")
        );
        input.send_keys("unuse").await.unwrap();
        assert!(b
            .wait_for("[data-testid=delete-confirm]")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some());
        input.send_keys("d").await.unwrap();
        wait_until("the delete button", || {
            let b = b.clone();
            async move {
                b.wait_for("[data-testid=delete-confirm]")
                    .await
                    .attr("disabled")
                    .await
                    .unwrap()
                    .is_none()
            }
        })
        .await;
        b.wait_for("[data-testid=delete-confirm]")
            .await
            .click()
            .await
            .unwrap();
        wait_until("the row to go", || {
            let b = b.clone();
            async move { b.find_all("[data-pool-name=unused]").await.is_empty() }
        })
        .await;
        b.wait_for_text("[data-testid=toast]", "Pool unused deleted")
            .await;
        assert_eq!(
            b.api_raw("GET", &format!("/pools/{unused}")).await["success"],
            json!(false)
        );
        assert_eq!(
            b.api_raw("GET", &format!("/pools/{used}")).await["success"],
            json!(true)
        );
        let _ = ACCOUNT;
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn pools_are_disabled_and_enabled_from_the_list_with_a_warning_when_used() {
    with_console(|b| async move {
        let (used, unused) = seed(&b).await;
        b.goto("/pools").await;
        b.wait_for("[data-pool-name=unused] [data-testid=pool-toggle]")
            .await
            .click()
            .await
            .unwrap();
        b.wait_for_text("[data-pool-name=unused] td:nth-child(3)", "Disabled")
            .await;
        assert_eq!(
            b.api("GET", &format!("/pools/{unused}"), None).await["enabled"],
            json!(false)
        );
        b.wait_for("[data-pool-name=unused] [data-testid=pool-toggle]")
            .await
            .click()
            .await
            .unwrap();
        b.wait_for_text("[data-pool-name=unused] td:nth-child(3)", "Enabled")
            .await;

        // Disabling a pool a load balancer uses asks first, naming it.
        b.wait_for("[data-pool-name=used] [data-testid=pool-toggle]")
            .await
            .click()
            .await
            .unwrap();
        wait_until("the confirmation", || {
            let b = b.clone();
            async move { b.client.get_alert_text().await.is_ok() }
        })
        .await;
        let text = b.client.get_alert_text().await.ok();
        assert!(text.unwrap().contains("www.example.com"));
        b.client.dismiss_alert().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            b.api("GET", &format!("/pools/{used}"), None).await["enabled"],
            json!(true),
            "dismissed: nothing changed"
        );
        b.wait_for("[data-pool-name=used] [data-testid=pool-toggle]")
            .await
            .click()
            .await
            .unwrap();
        wait_until("the confirmation", || {
            let b = b.clone();
            async move { b.client.get_alert_text().await.is_ok() }
        })
        .await;
        b.client.accept_alert().await.unwrap();
        b.wait_for_text("[data-pool-name=used] td:nth-child(3)", "Disabled")
            .await;
        assert_eq!(
            b.api("GET", &format!("/pools/{used}"), None).await["enabled"],
            json!(false)
        );
    })
    .await;
}

/// Regression: the list reuses a row for whatever pool is at its place,
/// so a pool that moves (here: enabled while the list is sorted by state)
/// must take the focus with it. Left on the row, the focus would sit on the
/// Enable button of the pool that slid into that place, and a second Enter
/// would enable a pool nobody chose.
#[tokio::test]
async fn a_pool_that_moves_when_enabled_keeps_the_focus_and_its_neighbour_stays_put() {
    with_console(|b| async move {
        let mut ids = Vec::new();
        for name in ["alpha", "bravo", "charlie"] {
            ids.push(
                b.create_pool(json!({"name": name, "enabled": false, "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]}))
                    .await,
            );
        }
        // Sorted by state, disabled first: alpha, bravo, charlie. (From
        // the address, not a click: focus taken by a click is left alone.)
        b.goto("/pools?sort=enabled").await;
        b.wait_for("[data-pool-name=alpha]").await;
        // The keyboard: `j` onto alpha's link, Tab to its Enable button.
        b.eval("document.activeElement && document.activeElement.blur(); return true")
            .await;
        super::actions::type_keys(&b, "j").await;
        for _ in 0..3 {
            super::actions::press(&b, Key::Tab).await;
        }
        assert_eq!(active_label(&b).await, "Enable pool alpha");
        super::actions::press(&b, Key::Enter).await;
        wait_until("alpha to be listed last, enabled", || {
            let b = b.clone();
            async move {
                b.eval("return [...document.querySelectorAll('[data-testid=pool-row]')].map(r => r.getAttribute('data-pool-name')).join(',')")
                    .await
                    == json!("bravo,charlie,alpha")
            }
        })
        .await;
        // The focus went with alpha, to its link: not to bravo's button.
        wait_until("the focus on alpha's link", || {
            let b = b.clone();
            async move {
                b.eval("const e = document.activeElement; return e && e.getAttribute('data-testid') === 'pool-link' && e.closest('tr').getAttribute('data-pool-name')")
                    .await
                    == json!("alpha")
            }
        })
        .await;
        super::actions::press(&b, Key::Tab).await;
        assert_eq!(active_label(&b).await, "Edit pool alpha");
        assert_eq!(
            b.api("GET", &format!("/pools/{}", ids[1]), None).await["enabled"],
            json!(false),
            "bravo was not touched"
        );
    })
    .await;
}
