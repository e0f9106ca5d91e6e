//! Leaving the wizard while a save is on its way.

use std::time::Duration;

use serde_json::json;

use super::actions::{click, set_input};
use super::harness::with_console_configured;

// Regression (defect 5): the save task read the page's copy of the pool
// after awaiting the fresh GET, in a task with no owner. Confirming
// "Leave" during that GET disposed the signal, and the read panicked (in
// the release build the console was replaced by its panic panel). The
// write must still finish, and nothing may panic.
#[tokio::test]
async fn leaving_the_wizard_during_a_save_finishes_the_save_without_a_panic() {
    with_console_configured(
        "",
        |c| c.fault_injection = true,
        |b| async move {
            let id = b
                .create_pool(json!({"name": "leave-me", "check_regions": ["WEU"],
                    "origins": [{"name": "a", "address": "192.0.2.1"}]}))
                .await;
            b.goto(&format!("/pools/{id}/edit")).await;
            b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
                .await;
            set_input(&b, "[data-testid=pool-description]", "saved after leaving").await;
            click(&b, "[data-testid=step-review]").await;
            // The fresh read the save makes first takes two seconds.
            b.fault(
                json!({"method": "GET", "path": format!("*/load_balancers/pools/{id}"),
                "latency_ms": 2000, "times": 1}),
            )
            .await;
            click(&b, "[data-testid=wizard-save]").await;
            b.wait_for_text("[data-testid=wizard-save]", "Saving…")
                .await;
            // Leave for the monitors page, and confirm leaving the changes.
            click(&b, "[data-testid=nav-monitors]").await;
            b.client.accept_alert().await.unwrap();
            b.wait_for_text("[data-testid=page-title]", "Monitors")
                .await;
            tokio::time::sleep(Duration::from_millis(3000)).await;
            assert!(
                b.find_all("[data-testid=panic-panel]").await.is_empty(),
                "the console panicked"
            );
            // Still on the page the user chose, and the write went through.
            assert!(b
                .client
                .current_url()
                .await
                .unwrap()
                .path()
                .ends_with("/monitors"));
            let pool = b.api("GET", &format!("/pools/{id}"), None).await;
            assert_eq!(pool["description"], json!("saved after leaving"));
            b.assert_no_console_errors().await;
        },
    )
    .await;
}
