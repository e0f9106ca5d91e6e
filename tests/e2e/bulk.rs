//! Bulk changes from the pools list: select by searching, review every
//! pool's PATCH first, apply with per-pool results, retry what failed.

use serde_json::{json, Value};

use super::by_role::{
    click_button, click_link, description, fill, find, wait_heading, wait_text, Role,
};
use super::harness::{with_console_at, with_console_configured, Browser};

async fn seed(b: &Browser) -> (String, String, String) {
    let a = b
        .create_pool(
            json!({"name": "web-a", "check_regions": ["WEU"], "origins": [
            {"name": "a-1", "address": "192.0.2.90"}, {"name": "a-2", "address": "192.0.2.91"}]}),
        )
        .await;
    let bb = b
        .create_pool(
            json!({"name": "web-b", "check_regions": ["WEU"], "origins": [
            {"name": "b-1", "address": "192.0.2.90"}]}),
        )
        .await;
    let other = b
        .create_pool(
            json!({"name": "other", "check_regions": ["WEU"], "origins": [
            {"name": "o-1", "address": "192.0.2.92"}]}),
        )
        .await;
    (a, bb, other)
}

async fn enabled_of(b: &Browser, id: &str) -> Vec<(String, bool)> {
    let pool: Value = b.api("GET", &format!("/pools/{id}"), None).await;
    pool["origins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_owned(),
                o["enabled"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn texts(b: &Browser, css: &str) -> Vec<String> {
    let v = b
        .eval(&format!(
            "return Array.from(document.querySelectorAll({css:?})).map(e => e.textContent);"
        ))
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// From the pools list: search for the address, select all that match,
/// and review disabling that endpoint.
async fn review_endpoint_disable(b: &Browser) {
    b.goto("/pools").await;
    wait_heading(b, "Pools").await;
    fill(b, "Search pools", "192.0.2.90").await;
    wait_text(b, "2 of 3 pools").await;
    b.wait_for("[aria-label='Select all 2 shown pools']")
        .await
        .click()
        .await
        .unwrap();
    wait_text(b, "2 pools selected").await;
    click_link(b, "Change the selected pools…").await;
    wait_heading(b, "Change the selected pools").await;
    wait_text(b, "2 pools selected: web-a, web-b").await;
    find(
        b,
        Role::Radio,
        "Disable an endpoint in every pool that has it",
    )
    .await
    .click()
    .await
    .unwrap();
    fill(b, "Endpoint address", "192.0.2.90").await;
    click_button(b, "Review the change").await;
    wait_heading(
        b,
        "Disable endpoint 192.0.2.90 in every selected pool that has it",
    )
    .await;
}

async fn bulk_endpoint_disable(b: Browser) {
    let (a, bb, other) = seed(&b).await;
    review_endpoint_disable(&b).await;
    // The diff comes first, per pool, and nothing is sent yet.
    assert_eq!(
        texts(&b, "[data-pool-name=web-a] [data-testid=bulk-change]").await,
        ["origins[a-1].enabled: true → false"]
    );
    assert_eq!(
        texts(&b, "[data-pool-name=web-b] [data-testid=bulk-change]").await,
        ["origins[b-1].enabled: true → false"]
    );
    let body: Value =
        serde_json::from_str(&texts(&b, "[data-pool-name=web-a] [data-testid=bulk-body]").await[0])
            .unwrap();
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["origins"]
    );
    assert_eq!(
        enabled_of(&b, &a).await,
        [("a-1".into(), true), ("a-2".into(), true)]
    );

    click_button(&b, "Apply to 2 pools").await;
    wait_text(&b, "2 of 2 pools changed.").await;
    assert_eq!(
        enabled_of(&b, &a).await,
        [("a-1".into(), false), ("a-2".into(), true)]
    );
    assert_eq!(enabled_of(&b, &bb).await, [("b-1".into(), false)]);
    assert_eq!(
        enabled_of(&b, &other).await,
        [("o-1".into(), true)],
        "not selected"
    );
}

#[tokio::test]
async fn a_bulk_endpoint_disable_across_pools_found_by_address_shows_the_diff_first() {
    with_console_at("", bulk_endpoint_disable).await;
}

#[tokio::test]
async fn a_bulk_change_works_under_a_sub_path() {
    with_console_at("/portal/lb", bulk_endpoint_disable).await;
}

async fn retried_alone(b: Browser) {
    let (a, bb, _) = seed(&b).await;
    b.fault(json!({"method": "PATCH", "path": format!("*/pools/{bb}"), "status": 503, "times": 1}))
        .await;
    review_endpoint_disable(&b).await;
    click_button(&b, "Apply to 2 pools").await;
    wait_text(&b, "1 of 2 pools changed. 1 failed.").await;
    let state = texts(&b, "[data-pool-name=web-b] [data-testid=bulk-state]").await;
    assert!(state[0].starts_with("Failed:"), "{state:?}");
    assert_eq!(enabled_of(&b, &bb).await, [("b-1".into(), true)]);
    click_button(&b, "Retry the 1 that failed").await;
    wait_text(&b, "2 of 2 pools changed.").await;
    assert_eq!(enabled_of(&b, &bb).await, [("b-1".into(), false)]);
    assert_eq!(
        enabled_of(&b, &a).await,
        [("a-1".into(), false), ("a-2".into(), true)]
    );
}

#[tokio::test]
async fn a_failed_pool_is_retried_alone() {
    with_console_configured("", |c| c.fault_injection = true, retried_alone).await;
}

#[tokio::test]
async fn a_failed_pool_is_retried_alone_under_a_sub_path() {
    with_console_configured(
        "/portal/lb",
        |c| {
            c.base_path = "/portal/lb".into();
            c.fault_injection = true;
        },
        retried_alone,
    )
    .await;
}

#[tokio::test]
async fn pools_are_selected_with_the_keyboard() {
    with_console_at("", |b| async move {
        seed(&b).await;
        b.goto("/pools").await;
        wait_heading(&b, "Pools").await;
        let body = b.wait_for("body").await;
        body.send_keys("j").await.unwrap();
        body.send_keys("x").await.unwrap();
        wait_text(&b, "1 pool selected").await;
        body.send_keys("j").await.unwrap();
        body.send_keys("x").await.unwrap();
        wait_text(&b, "2 pools selected").await;
        body.send_keys("x").await.unwrap();
        wait_text(&b, "1 pool selected").await;
        click_button(&b, "Clear selection").await;
        assert!(b.find_all("[data-testid=selection-bar]").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_bulk_weight_is_checked_as_typed_with_the_apis_message() {
    with_console_at("", |b| async move {
        seed(&b).await;
        b.goto("/pools").await;
        wait_heading(&b, "Pools").await;
        b.wait_for("[data-testid=pool-select-all]")
            .await
            .click()
            .await
            .unwrap();
        click_link(&b, "Change the selected pools…").await;
        wait_heading(&b, "Change the selected pools").await;
        find(
            &b,
            Role::Radio,
            "Set an endpoint's weight in every pool that has it",
        )
        .await
        .click()
        .await
        .unwrap();
        fill(&b, "Endpoint address", "192.0.2.90").await;
        fill(&b, "Weight", "1.5").await;
        let deadline = std::time::Instant::now() + super::harness::WAIT;
        loop {
            let said = description(&b, "Weight").await;
            if said.contains("weight 1.5 must be between 0 and 1 in steps of 0.01") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the weight box says {said:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let weight = find(&b, Role::Field, "Weight").await;
        assert_eq!(
            weight.attr("aria-invalid").await.unwrap().as_deref(),
            Some("true")
        );
        let review = find(&b, Role::Button, "Review the change").await;
        assert!(review.attr("disabled").await.unwrap().is_some());
        super::by_role::clear_by_typing(&b, "Weight").await;
        fill(&b, "Weight", "0.25").await;
        let review = find(&b, Role::Button, "Review the change").await;
        let deadline = std::time::Instant::now() + super::harness::WAIT;
        while review.attr("disabled").await.unwrap().is_some() {
            assert!(
                std::time::Instant::now() < deadline,
                "Review stays disabled"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(description(&b, "Weight").await, "");
    })
    .await;
}
