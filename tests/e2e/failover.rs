//! The failover simulator, with health the server really measures: a
//! loopback endpoint goes down, and the pool page, the wizard's Health
//! step and the disable confirmation all say where the traffic goes.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::json;

use super::by_role::{click_button, fill, wait_heading};
use super::harness::{switchable_endpoint, with_console_at, Browser, WAIT};

const ZONE: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// The simulator's sentences for the load balancer `name`, as shown.
async fn sentences(b: &Browser, name: &str) -> Vec<String> {
    let v = b
        .eval(&format!(
            "return Array.from(document.querySelectorAll('[data-testid=failover-outcome][data-lb-name=\"{name}\"] [data-testid=failover-sentence]')).map(e => e.textContent);"
        ))
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn wait_sentence(b: &Browser, name: &str, want: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let now = sentences(b, name).await;
        if now.iter().any(|s| s == want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name}: {now:?}, expected {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the checkbox whose label reads `label`, as a person does.
async fn toggle_box(b: &Browser, label: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let clicked = b
            .eval(&format!(
                "const l = Array.from(document.querySelectorAll('label')).find(l => l.textContent.replace(/\\s+/g, ' ').trim() === {label:?} && l.querySelector('input[type=checkbox]'));
                 if (!l) return false; l.querySelector('input').click(); return true;"
            ))
            .await;
        if clicked == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "no checkbox labelled {label:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn the_simulator_follows_real_health(b: Browser) {
    let (port, status) = switchable_endpoint("127.0.0.1", 200).await;
    let monitor = b
        .api(
            "POST",
            "/monitors",
            Some(json!({"type": "http", "description": "fast", "expected_codes": "200", "interval": 60})),
        )
        .await;
    let primary = b
        .create_pool(json!({"name": "primary", "check_regions": ["WEU"], "monitor": monitor["id"],
                            "origins": [{"name": "primary-1", "address": "127.0.0.1", "port": port}]}))
        .await;
    let backup = b
        .create_pool(json!({"name": "backup", "check_regions": ["WEU"],
                            "origins": [{"name": "backup-1", "address": "192.0.2.60"}]}))
        .await;
    let lb = b
        .api_call(
            "POST",
            &format!("/zones/{ZONE}/load_balancers"),
            Some(json!({"name": "www.example.com", "default_pools": [primary, backup], "fallback_pool": backup})),
        )
        .await;
    assert_eq!(lb["success"], json!(true), "{lb:#}");

    b.goto(&format!("/pools/{primary}")).await;
    wait_heading(&b, "primary").await;
    wait_heading(&b, "What if it goes down?").await;
    wait_sentence(
        &b,
        "www.example.com",
        "www.example.com sends traffic to pool primary",
    )
    .await;

    // Marking the endpoint down moves the traffic, and says why.
    toggle_box(&b, "Endpoint primary-1 (127.0.0.1)").await;
    wait_sentence(
        &b,
        "www.example.com",
        "www.example.com sends traffic to pool backup",
    )
    .await;
    click_button(&b, "Everything up again").await;
    wait_sentence(
        &b,
        "www.example.com",
        "www.example.com sends traffic to pool primary",
    )
    .await;

    // The real endpoint goes down: after a refresh the simulator starts
    // from that health, with nothing marked.
    status.store(503, Ordering::SeqCst);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        click_button(&b, "Refresh").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = sentences(&b, "www.example.com").await;
        if now
            .iter()
            .any(|s| s == "www.example.com sends traffic to pool backup")
        {
            break;
        }
        assert!(Instant::now() < deadline, "still {now:?}");
    }
}

#[tokio::test]
async fn the_simulator_answers_from_real_health_when_an_endpoint_goes_down() {
    with_console_at("", the_simulator_follows_real_health).await;
}

#[tokio::test]
async fn the_simulator_works_under_a_sub_path() {
    with_console_at("/portal/lb", the_simulator_follows_real_health).await;
}

#[tokio::test]
async fn the_disable_confirmation_and_the_wizard_give_the_simulators_answer() {
    with_console_at("", |b| async move {
        let first = b
            .create_pool(json!({"name": "first", "check_regions": ["WEU"],
                                "origins": [{"name": "first-1", "address": "192.0.2.70"}]}))
            .await;
        let second = b
            .create_pool(json!({"name": "second", "check_regions": ["WEU"],
                                "origins": [{"name": "second-1", "address": "192.0.2.71"}]}))
            .await;
        b.api_call(
            "POST",
            &format!("/zones/{ZONE}/load_balancers"),
            Some(json!({"name": "www.example.com", "default_pools": [first, second], "fallback_pool": second})),
        )
        .await;

        // The list's Disable asks first, with where the traffic goes.
        b.goto("/pools").await;
        wait_heading(&b, "Pools").await;
        click_button(&b, "Disable pool first").await;
        let deadline = Instant::now() + WAIT;
        let text = loop {
            if let Ok(t) = b.client.get_alert_text().await {
                break t;
            }
            assert!(Instant::now() < deadline, "no confirmation");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(
            text.contains("www.example.com moves to pool second"),
            "{text}"
        );
        b.client.dismiss_alert().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            b.api("GET", &format!("/pools/{first}"), None).await["enabled"],
            json!(true),
            "dismissed: nothing changed"
        );

        // In the wizard, the threshold as typed decides, before saving.
        b.goto(&format!("/pools/{first}/edit")).await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        click_button(&b, "Next").await;
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        click_button(&b, "Next").await;
        wait_heading(&b, "Step 3 of 6: Health").await;
        wait_sentence(&b, "www.example.com", "www.example.com sends traffic to pool first").await;
        fill(&b, "Health Threshold", "2").await;
        wait_sentence(&b, "www.example.com", "www.example.com sends traffic to pool second").await;
        let passed = b
            .eval("return document.querySelector('[data-testid=failover-outcome] p').textContent")
            .await;
        assert_eq!(
            passed,
            json!("Passed over: first (1 healthy endpoint, threshold 2)."),
        );
    })
    .await;
}
