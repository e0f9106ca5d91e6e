//! The console validates against the server's own plan settings.

use serde_json::json;

use super::actions::{click, set_input};
use super::harness::with_console_configured;

/// The message under the endpoint field `id`, if any.
async fn message(b: &super::harness::Browser, id: &str) -> Option<String> {
    let v = b
        .eval(&format!(
            "const m = document.getElementById('{id}-msg'); return m ? m.textContent : null;"
        ))
        .await;
    v.as_str().map(str::to_owned)
}

// Regression (defect 6): config.json carried neither the server's
// strict_public_addresses nor what is left of the endpoint quota, so the
// wizard let through pools the server then refused. With strict public
// addresses on, a private address without a virtual network is refused as
// it is typed, with the server's message, and nothing is sent.
#[tokio::test]
async fn a_strict_server_refuses_a_private_address_in_the_wizard_as_typed() {
    with_console_configured(
        "",
        |c| c.strict_public_addresses = true,
        |b| async move {
            b.goto("/pools/new").await;
            b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
                .await;
            set_input(&b, "[data-testid=pool-name]", "strict").await;
            click(&b, "[data-testid=wizard-next]").await;
            set_input(&b, "[data-testid=endpoint-name]", "a").await;
            // Loopback: accepted by a lenient server, refused by a strict one.
            set_input(&b, "[data-testid=endpoint-address]", "127.0.0.1").await;
            click(&b, "[data-testid=wizard-next]").await;
            b.wait_for("[data-testid=error-summary]").await;
            let shown = message(&b, "f-origins-0-address").await.unwrap_or_default();
            assert!(shown.ends_with("validation failed"), "{shown:?}");
            assert!(shown.contains("127.0.0.1"), "{shown:?}");
            let pools = b.api("GET", "/pools", None).await;
            assert_eq!(pools, json!([]), "nothing was sent");
        },
    )
    .await;
}

// Regression (defect 6): the wizard allowed the whole account quota in one
// pool; the server allows what the other pools leave.
#[tokio::test]
async fn the_endpoint_quota_counts_the_other_pools() {
    with_console_configured(
        "",
        |c| c.quotas.endpoints = 3,
        |b| async move {
            b.create_pool(json!({"name": "first", "check_regions": ["WEU"],
                "origins": [{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.2"}]}))
                .await;
            b.goto("/pools/new").await;
            b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
                .await;
            set_input(&b, "[data-testid=pool-name]", "second").await;
            click(&b, "[data-testid=wizard-next]").await;
            set_input(&b, "[data-testid=endpoint-name]", "c").await;
            set_input(&b, "[data-testid=endpoint-address]", "192.0.2.3").await;
            // One endpoint fits what is left of the quota.
            click(&b, "[data-testid=wizard-next]").await;
            b.wait_for_text("[data-testid=step-heading]", "Step 3 of 6: Health")
                .await;
            click(&b, "[data-testid=step-endpoints]").await;
            click(&b, "[data-testid=add-endpoint]").await;
            let names = b.find_all("[data-testid=endpoint-name]").await;
            names[1].send_keys("d").await.unwrap();
            let addresses = b.find_all("[data-testid=endpoint-address]").await;
            addresses[1].send_keys("192.0.2.4").await.unwrap();
            click(&b, "[data-testid=wizard-next]").await;
            let summary = b.wait_for("[data-testid=error-summary]").await;
            let text = summary.text().await.unwrap();
            assert!(text.contains("validation failed"), "{text}");
            b.wait_for_text("[data-testid=step-heading]", "Step 2 of 6: Endpoints")
                .await;
        },
    )
    .await;
}
