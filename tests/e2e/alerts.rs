//! Alerts: both load-balancing kinds created in the console and checked
//! through the API (the exact filter arrays), the list's summaries, toggle
//! and delete, the pool page's "Alerts for this pool", the "would have
//! fired" count following a real endpoint down and up, and the keyboard.

use std::sync::atomic::Ordering;

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::actions::{
    click, eventually_after, set_input, tab_to, type_keys, wait_containing, wait_path,
};
use super::harness::{switchable_endpoint, with_console, Browser, ACCOUNT};

async fn policy_named(b: &Browser, name: &str) -> Value {
    b.policies()
        .await
        .into_iter()
        .find(|p| p["name"] == json!(name))
        .unwrap_or_else(|| panic!("no policy {name:?}"))
}

async fn three_pools(b: &Browser) -> Vec<String> {
    let mut ids = Vec::new();
    for name in ["web-1", "api-2", "db-3"] {
        ids.push(
            b.create_pool(json!({"name": name, "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.10"}]}))
                .await,
        );
    }
    ids
}

#[tokio::test]
async fn a_health_alert_for_two_pools_on_unhealthy_endpoints_stores_exact_filters() {
    with_console(|b| async move {
        let ids = three_pools(&b).await;
        b.goto("/alerts").await;
        b.wait_for("[data-testid=alerts-empty]").await;
        click(&b, "[data-testid=alert-new-health]").await;
        b.wait_for("[data-testid=alert-form]").await;
        assert!(b.find_all("[aria-invalid]").await.is_empty(), "nothing invalid before input");
        set_input(&b, "[data-testid=alert-name]", "web and api down").await;
        click(&b, "[data-testid=alert-scope-chosen]").await;
        for id in &ids[..2] {
            click(&b, &format!("[data-testid=alert-pool][data-pool-id='{id}']")).await;
        }
        click(&b, "[data-testid=alert-health-unhealthy]").await;
        click(&b, "[data-testid=alert-source-origin]").await;
        // A bad address is caught as typed, with the API's message.
        set_input(&b, "[data-testid=alert-emails]", "ops@example").await;
        click(&b, "[data-testid=alert-save]").await;
        wait_containing(&b, "[data-testid=field-message][data-for=alert-emails]",
            "is not a valid email address",
        )
        .await;
        assert!(b.policies().await.is_empty(), "nothing was sent");
        set_input(&b, "[data-testid=alert-emails]", "ops@example.com").await;
        click(&b, "[data-testid=alert-save]").await;
        wait_path(&b, "/alerts").await;
        b.client.refresh().await.unwrap();
        b.wait_for_text(
            "[data-testid=alert-summary]",
            "Pool web-1 or api-2 becomes Unhealthy, endpoint events → ops@example.com",
        )
        .await;
        let p = policy_named(&b, "web and api down").await;
        assert_eq!(p["alert_type"], "load_balancing_health_alert");
        assert_eq!(
            p["filters"],
            json!({"pool_id": [ids[0], ids[1]], "new_health": ["Unhealthy"], "event_source": ["origin"]})
        );
        assert_eq!(p["mechanisms"], json!({"email": [{"id": "ops@example.com"}]}));
        assert_eq!(p["enabled"], true);

        // Edit keeps the choices; disable and delete from the list.
        click(&b, "[data-testid=alert-edit]").await;
        b.wait_for("[data-testid=alert-kind-fixed]").await;
        let checked = b.find_all("[data-testid=alert-pool]:checked").await;
        assert_eq!(checked.len(), 2);
        click(&b, "[data-testid=alert-cancel]").await;
        click(&b, "[data-testid=alert-toggle]").await;
        b.wait_for_text("[data-testid=alert-toggle]", "Enable").await;
        assert_eq!(policy_named(&b, "web and api down").await["enabled"], false);
        click(&b, "[data-testid=alert-delete]").await;
        click(&b, "[data-testid=delete-confirm]").await;
        b.wait_for("[data-testid=alerts-empty]").await;
        assert!(b.policies().await.is_empty());
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn a_pool_enablement_alert_for_every_pool() {
    with_console(|b| async move {
        three_pools(&b).await;
        b.goto("/alerts/new?type=enablement").await;
        b.wait_for("[data-testid=alert-form]").await;
        set_input(&b, "[data-testid=alert-name]", "any pool toggled").await;
        set_input(
            &b,
            "[data-testid=alert-emails]",
            "ops@example.com, lead@example.com",
        )
        .await;
        set_input(&b, "[data-testid=alert-webhooks]", "hook-1").await;
        // Enablement alerts are not judged by health events.
        wait_containing(&b, "[data-testid=alert-preview]", "Not from health events").await;
        click(&b, "[data-testid=alert-save]").await;
        wait_path(&b, "/alerts").await;
        b.wait_for_text(
            "[data-testid=alert-summary]",
            "Any pool is enabled or disabled → ops@example.com, lead@example.com, webhook hook-1",
        )
        .await;
        let p = policy_named(&b, "any pool toggled").await;
        assert_eq!(p["alert_type"], "load_balancing_pool_enablement_alert");
        assert_eq!(
            p["filters"],
            json!({"enabled": ["true", "false"]}),
            "no pool_id: every pool"
        );
        assert_eq!(p["mechanisms"]["webhooks"], json!([{"id": "hook-1"}]));
    })
    .await;
}

#[tokio::test]
async fn the_would_have_fired_count_follows_an_endpoint_down_and_up() {
    with_console(|b| async move {
        let (port, status) = switchable_endpoint("127.0.0.1", 200).await;
        let m = b
            .api("POST", "/monitors", Some(json!({"type": "http", "description": "fast", "expected_codes": "200", "interval": 60})))
            .await;
        let pool = b
            .create_pool(json!({"name": "edge", "check_regions": ["WEU"], "monitor": m["id"], "origins": [{"name": "a", "address": "127.0.0.1", "port": port}]}))
            .await;
        b.api_call(
            "POST",
            &format!("/accounts/{ACCOUNT}/alerting/v3/policies"),
            Some(json!({"name": "edge health", "enabled": true, "alert_type": "load_balancing_health_alert",
                        "mechanisms": {"email": [{"id": "ops@example.com"}]},
                        "filters": {"pool_id": [pool], "new_health": ["Healthy", "Unhealthy"], "event_source": ["pool", "origin"]}})),
        )
        .await;
        b.goto("/alerts").await;
        b.wait_for_text("[data-testid=alert-fired]", "Would not have fired").await;

        // Down: the endpoint and the pool become Unhealthy (two alerts).
        status.store(500, Ordering::SeqCst);
        eventually_after(&b, "[data-testid=alerts-refresh]", "after going down",
            |t| t == "Would have fired 2 times", "[data-testid=alert-fired]").await;
        // Up again: both become Healthy (two more).
        status.store(200, Ordering::SeqCst);
        eventually_after(&b, "[data-testid=alerts-refresh]", "after coming back",
            |t| t == "Would have fired 4 times", "[data-testid=alert-fired]").await;

        // The same filter as typed in the form: only Unhealthy, only the
        // endpoint, so one of those four.
        b.goto("/alerts/new?type=health").await;
        b.wait_for("[data-testid=alert-form]").await;
        click(&b, "[data-testid=alert-health-unhealthy]").await;
        click(&b, "[data-testid=alert-source-origin]").await;
        wait_containing(&b, "[data-testid=alert-preview]", "Would have fired once").await;
    })
    .await;
}

#[tokio::test]
async fn the_pool_page_lists_its_alerts_and_adds_one_with_the_keyboard() {
    with_console(|b| async move {
        let ids = three_pools(&b).await;
        b.goto(&format!("/pools/{}", ids[0])).await;
        b.wait_for("[data-testid=pool-alerts-none]").await;
        tab_to(&b, "pool-alert-add").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        b.wait_for("[data-testid=alert-form]").await;
        // Prefilled with this pool, and only it.
        let checked = b.find_all("[data-testid=alert-pool]:checked").await;
        assert_eq!(checked.len(), 1);
        assert_eq!(
            checked[0].attr("data-pool-id").await.unwrap(),
            Some(ids[0].clone())
        );
        tab_to(&b, "alert-name").await;
        // Tab selects the field's text; End keeps it and appends.
        type_keys(&b, &format!("{} web-1", Key::End)).await;
        // Radios: focus the group's checked one and move with the arrows.
        tab_to(&b, "alert-health-either").await;
        type_keys(&b, &format!("{}{}", Key::Up, Key::Up)).await;
        b.wait_for("[data-testid=alert-health-unhealthy]:checked")
            .await;
        tab_to(&b, "alert-emails").await;
        type_keys(&b, "ops@example.com").await;
        tab_to(&b, "alert-save").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        // Back on the pool's page, which now lists the alert.
        wait_path(&b, &format!("/pools/{}", ids[0])).await;
        wait_containing(
            &b,
            "[data-testid=pool-alert]",
            "Pool web-1 becomes Unhealthy, pool or endpoint events → ops@example.com",
        )
        .await;
        let p = policy_named(&b, "Pool health web-1").await;
        assert_eq!(p["filters"]["pool_id"], json!([ids[0]]));
        assert_eq!(p["filters"]["new_health"], json!(["Unhealthy"]));
        // It covers that pool only.
        b.goto(&format!("/pools/{}", ids[1])).await;
        b.wait_for("[data-testid=pool-alerts-none]").await;
    })
    .await;
}
