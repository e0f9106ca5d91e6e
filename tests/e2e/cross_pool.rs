//! Endpoints whose address other pools hold too are flagged, on the pool
//! page and live in the endpoint editor, with the traffic other pools add.

use serde_json::{json, Value};

use super::by_role::{clear_by_typing, click_button, fill, wait_heading};
use super::harness::{with_console_at, Browser};

/// The texts of every element matching `css`.
async fn texts(b: &Browser, css: &str) -> Vec<String> {
    let v: Value = b
        .eval(&format!(
            "return Array.from(document.querySelectorAll({css:?})).map(e => e.textContent);"
        ))
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn wait_texts(b: &Browser, css: &str, want: &[&str]) {
    let deadline = std::time::Instant::now() + super::harness::WAIT;
    loop {
        let now = texts(b, css).await;
        if now == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css}: {now:?}, expected {want:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn flags_shared_addresses(b: Browser) {
    let a = b
        .create_pool(json!({"name": "a", "check_regions": ["WEU"], "origins": [
            {"name": "a-1", "address": "192.0.2.80", "weight": 0.5},
            {"name": "a-2", "address": "192.0.2.81"}]}))
        .await;
    let shared = b
        .create_pool(json!({"name": "b", "check_regions": ["WEU"], "origins": [
            {"name": "b-1", "address": "192.0.2.80", "weight": 0, "enabled": false}]}))
        .await;

    // The pool page: a-1's address is also in b, which sends it nothing.
    b.goto(&format!("/pools/{a}")).await;
    wait_heading(&b, "a").await;
    wait_texts(
        &b,
        "[data-testid=endpoint-elsewhere]",
        &["also in pool b (weight 0, disabled)"],
    )
    .await;
    assert!(texts(&b, "[data-testid=endpoint-more-traffic]")
        .await
        .is_empty());

    // The editor of b: its weight-0 endpoint still gets traffic through a.
    b.goto(&format!("/pools/{shared}/edit")).await;
    wait_heading(&b, "Step 1 of 6: Pool").await;
    click_button(&b, "Next").await;
    wait_heading(&b, "Step 2 of 6: Endpoints").await;
    wait_texts(
        &b,
        "[data-testid=endpoint-elsewhere]",
        &["also in pool a (weight 0.5, enabled)"],
    )
    .await;
    wait_texts(
        &b,
        "[data-testid=endpoint-more-traffic]",
        &["1 other pool also sends traffic to this address"],
    )
    .await;
    // It follows the address as typed.
    clear_by_typing(&b, "Address of endpoint b-1").await;
    fill(&b, "Address of endpoint b-1", "192.0.2.99").await;
    wait_texts(&b, "[data-testid=endpoint-elsewhere]", &[]).await;
    clear_by_typing(&b, "Address of endpoint b-1").await;
    fill(&b, "Address of endpoint b-1", "192.0.2.81").await;
    wait_texts(
        &b,
        "[data-testid=endpoint-elsewhere]",
        &["also in pool a (weight 1, enabled)"],
    )
    .await;
}

#[tokio::test]
async fn an_address_other_pools_hold_is_flagged_on_the_pool_page_and_in_the_editor() {
    with_console_at("", flags_shared_addresses).await;
}

#[tokio::test]
async fn shared_addresses_are_flagged_under_a_sub_path() {
    with_console_at("/portal/lb", flags_shared_addresses).await;
}
