//! The console against a misbehaving API, through pooldeck-server's fault
//! mode (`Config::fault_injection`, `/__pooldeck/faults`): every page's
//! main load failing (500, 502, a body that is not JSON, a dropped
//! connection) shows an error panel whose Retry recovers; a 429 with
//! Retry-After is waited out; a failed or unanswered save is never
//! reported as saved, keeps the input and the draft, and its retry does
//! the right thing.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::harness::{with_console_configured, Browser};

async fn with_faults<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    with_console_configured("", |c| c.fault_injection = true, test).await;
}

/// The pages and the request each one cannot do without.
struct Page {
    what: &'static str,
    path: String,
    /// Glob of the main GET.
    api: String,
    /// What shows once it loaded.
    ready: &'static str,
}

async fn seed(b: &Browser) -> String {
    b.api(
        "POST",
        "/monitors",
        Some(json!({"type": "http", "description": "resilience", "expected_codes": "200"})),
    )
    .await;
    b.create_pool(json!({"name": "sturdy", "check_regions": ["WEU"],
        "origins": [{"name": "a", "address": "192.0.2.1"}]}))
        .await
}

fn pages(pool: &str) -> Vec<Page> {
    vec![
        Page {
            what: "pools list",
            path: "/pools".into(),
            api: "*/load_balancers/pools".into(),
            ready: "[data-testid=pool-row]",
        },
        Page {
            what: "pool detail",
            path: format!("/pools/{pool}"),
            api: format!("*/load_balancers/pools/{pool}"),
            ready: "[data-testid=status-line]",
        },
        Page {
            what: "monitors list",
            path: "/monitors".into(),
            api: "*/load_balancers/monitors".into(),
            ready: "[data-testid=monitor-row]",
        },
        Page {
            what: "alerts list",
            path: "/alerts".into(),
            api: "*/alerting/v3/policies".into(),
            ready: "[data-testid=alerts-empty]",
        },
        Page {
            what: "wizard (new)",
            path: "/pools/new".into(),
            api: "*/load_balancers/pools".into(),
            ready: "[data-testid=step-heading]",
        },
        Page {
            what: "wizard (edit)",
            path: format!("/pools/{pool}/edit"),
            api: format!("*/load_balancers/pools/{pool}"),
            ready: "[data-testid=step-heading]",
        },
    ]
}

/// No panic panel, and no panic in the browser's log.
async fn no_panic(b: &Browser, what: &str) {
    assert!(
        b.find_all("[data-testid=panic-panel]").await.is_empty(),
        "{what}: the console panicked"
    );
    let log = b.console_log().await;
    assert!(
        !log.iter().any(|e| e.message.contains("panicked")),
        "{what}: {log:#?}"
    );
}

/// Every page under one kind of fault on its main GET.
async fn every_page_survives(fault: Value, label: &'static str) {
    with_faults(move |b| async move {
        let pool = seed(&b).await;
        for page in pages(&pool) {
            let what = format!("{} under {label}", page.what);
            let mut rule = fault.clone();
            rule["method"] = json!("GET");
            rule["path"] = json!(page.api);
            b.fault(rule).await;
            b.goto(&page.path).await;
            let panel = b.wait_for("[data-testid=error-panel]").await;
            let text = panel.text().await.unwrap();
            assert!(!text.trim().is_empty(), "{what}: an empty error panel");
            assert_eq!(
                panel.attr("role").await.unwrap().as_deref(),
                Some("alert"),
                "{what}"
            );
            assert!(
                b.find_all(page.ready).await.is_empty(),
                "{what}: loaded anyway"
            );
            // Never a blank screen: the shell and a heading stay.
            b.wait_for("[data-testid=app-header]").await;
            b.wait_for("[data-testid=page-title]").await;
            no_panic(&b, &what).await;
            b.clear_faults().await;
            b.wait_for("[data-testid=error-retry]")
                .await
                .click()
                .await
                .unwrap_or_else(|e| panic!("{what}: Retry: {e}"));
            b.wait_for(page.ready).await;
            assert!(
                b.find_all("[data-testid=error-panel]").await.is_empty(),
                "{what}: the error stayed after Retry"
            );
            no_panic(&b, &what).await;
        }
    })
    .await;
}

#[tokio::test]
async fn every_page_survives_a_500() {
    every_page_survives(json!({"status": 500}), "500").await;
}

#[tokio::test]
async fn every_page_survives_a_502() {
    every_page_survives(json!({"status": 502}), "502").await;
}

#[tokio::test]
async fn every_page_survives_a_malformed_body() {
    every_page_survives(json!({"malformed": true}), "a malformed body").await;
}

#[tokio::test]
async fn every_page_survives_a_dropped_connection() {
    every_page_survives(json!({"drop": true}), "a dropped connection").await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    with_faults(|b| async move {
        seed(&b).await;
        b.goto("/monitors").await;
        b.wait_for("[data-testid=monitor-row]").await;
        b.fault(
            json!({"method": "GET", "path": "*/load_balancers/pools", "status": 429,
            "retry_after": 2, "times": 1}),
        )
        .await;
        let started = Instant::now();
        b.wait_for("[data-testid=nav-pools]")
            .await
            .click()
            .await
            .unwrap();
        b.wait_for("[data-testid=pool-row]").await;
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(1900),
            "the list loaded after {took:?}, before Retry-After's 2 s"
        );
        assert!(took < Duration::from_secs(8), "the list took {took:?}");
        assert_eq!(b.active_faults().await, json!([]), "the 429 was served");
        assert!(b.find_all("[data-testid=error-panel]").await.is_empty());
    })
    .await;
}

// --- Saving -------------------------------------------------------------

async fn set_input(b: &Browser, css: &str, text: &str) {
    let el = b.wait_for(css).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

async fn click(b: &Browser, css: &str) {
    b.wait_for(css).await.click().await.unwrap();
}

/// Fills a new pool up to the review step.
async fn new_pool_to_review(b: &Browser, name: &str) {
    b.goto("/pools/new").await;
    b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
        .await;
    set_input(b, "[data-testid=pool-name]", name).await;
    click(b, "[data-testid=wizard-next]").await;
    b.wait_for_text("[data-testid=step-heading]", "Step 2 of 6: Endpoints")
        .await;
    set_input(b, "[data-testid=endpoint-name]", "e1").await;
    set_input(b, "[data-testid=endpoint-address]", "192.0.2.50").await;
    click(b, "[data-testid=step-health]").await;
    click(b, "[data-testid=region-check][data-region=WEU]").await;
    click(b, "[data-testid=step-review]").await;
    b.wait_for_text("[data-testid=step-heading]", "Step 6 of 6: Review")
        .await;
}

/// The toasts shown so far.
async fn toasts(b: &Browser) -> Vec<String> {
    let mut out = Vec::new();
    for t in b.find_all("[data-testid=toast]").await {
        out.push(t.text().await.unwrap_or_default());
    }
    out
}

/// After a failed save: the error with Retry, no "saved" toast, the wizard
/// still open on its input.
async fn save_failed_but_kept(b: &Browser, field: &str, value: &str) {
    b.wait_for("[data-testid=save-failed] [data-testid=error-panel]")
        .await;
    b.wait_for("[data-testid=save-failed] [data-testid=error-retry]")
        .await;
    // A toast would have come with the answer; give it a moment anyway.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shown = toasts(b).await;
    assert!(
        !shown.iter().any(|t| t.contains("saved")),
        "a failed save was reported as saved: {shown:?}"
    );
    b.wait_for("[data-testid=wizard]").await;
    b.wait_for_text("[data-testid=step-heading]", "Step 6 of 6: Review")
        .await;
    no_panic(b, "save").await;
    // The input is intact (looked at on its own step).
    let step = if field == "pool-name" {
        "pool"
    } else {
        "endpoints"
    };
    click(b, &format!("[data-testid=step-{step}]")).await;
    let el = b.wait_for(&format!("[data-testid={field}]")).await;
    assert_eq!(el.prop("value").await.unwrap().as_deref(), Some(value));
    click(b, "[data-testid=step-review]").await;
}

/// Reloads the page and restores the draft it offers back.
async fn reload_and_restore(b: &Browser, field: &str, value: &str) {
    b.client.refresh().await.unwrap();
    let _ = b.client.accept_alert().await;
    click(b, "[data-testid=draft-restore]").await;
    let step = if field == "pool-name" {
        "pool"
    } else {
        "endpoints"
    };
    click(b, &format!("[data-testid=step-{step}]")).await;
    let el = b.wait_for(&format!("[data-testid={field}]")).await;
    assert_eq!(el.prop("value").await.unwrap().as_deref(), Some(value));
}

async fn pools_named(b: &Browser, name: &str) -> Vec<Value> {
    b.api("GET", "/pools", None)
        .await
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == json!(name))
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_create_that_failed_is_not_reported_as_saved() {
    with_faults(|b| async move {
        new_pool_to_review(&b, "refused-once").await;
        b.fault(json!({"method": "POST", "path": "*/load_balancers/pools", "status": 500}))
            .await;
        click(&b, "[data-testid=wizard-save]").await;
        save_failed_but_kept(&b, "pool-name", "refused-once").await;
        assert!(pools_named(&b, "refused-once").await.is_empty());
        // The draft survives a reload after the failure.
        reload_and_restore(&b, "pool-name", "refused-once").await;
        // Once the API is back, the same input saves.
        b.clear_faults().await;
        click(&b, "[data-testid=step-review]").await;
        click(&b, "[data-testid=wizard-save]").await;
        b.wait_for_text("[data-testid=page-title]", "refused-once")
            .await;
        assert_eq!(pools_named(&b, "refused-once").await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_found_on_retry() {
    with_faults(|b| async move {
        new_pool_to_review(&b, "lost-answer").await;
        b.fault(
            json!({"method": "POST", "path": "*/load_balancers/pools", "drop": true,
            "after_handler": true}),
        )
        .await;
        click(&b, "[data-testid=wizard-save]").await;
        save_failed_but_kept(&b, "pool-name", "lost-answer").await;
        // The write did happen.
        assert_eq!(pools_named(&b, "lost-answer").await.len(), 1);
        // Retrying does not create it twice, nor claim a name clash: the
        // console finds the pool and says what most likely happened.
        click(&b, "[data-testid=save-failed] [data-testid=error-retry]").await;
        let notice = b.wait_for("[data-testid=save-uncertain]").await;
        assert!(notice.text().await.unwrap().contains("lost-answer"));
        assert_eq!(pools_named(&b, "lost-answer").await.len(), 1);
        assert!(!toasts(&b).await.iter().any(|t| t.contains("saved")));
        // The draft is still there after a reload.
        reload_and_restore(&b, "pool-name", "lost-answer").await;
        b.clear_faults().await;
        click(&b, "[data-testid=step-review]").await;
        click(&b, "[data-testid=wizard-save]").await;
        // After a reload the console no longer knows the answer was lost:
        // the server's 1003 (name taken) is shown under the name.
        b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
            .await;
        b.wait_for("[data-testid=error-summary]").await;
        assert_eq!(pools_named(&b, "lost-answer").await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_notice_after_a_lost_create_opens_the_pool() {
    with_faults(|b| async move {
        new_pool_to_review(&b, "found-it").await;
        b.fault(
            json!({"method": "POST", "path": "*/load_balancers/pools", "drop": true,
            "after_handler": true, "times": 1}),
        )
        .await;
        click(&b, "[data-testid=wizard-save]").await;
        // Chromium resends a POST whose connection closed before any
        // answer (the fault hits only the first), so the console gets the
        // server's "name taken" for its own pool, and says what happened;
        // or, when no resend happened, it shows the error and finds the
        // pool on Retry.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if !b.find_all("[data-testid=save-uncertain]").await.is_empty() {
                break;
            }
            if let Some(retry) = b
                .find_all("[data-testid=save-failed] [data-testid=error-retry]")
                .await
                .into_iter()
                .next()
            {
                retry.click().await.unwrap();
            }
            assert!(Instant::now() < deadline, "no notice about the lost create");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!toasts(&b).await.iter().any(|t| t.contains("saved")));
        assert!(
            b.find_all("[data-testid=error-summary]").await.is_empty(),
            "no name clash shown"
        );
        click(&b, "[data-testid=save-uncertain-open]").await;
        b.wait_for_text("[data-testid=page-title]", "found-it")
            .await;
        let id = pools_named(&b, "found-it").await[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(b.client.current_url().await.unwrap().path().ends_with(&id));
        // Nothing left to restore.
        b.goto("/pools/new").await;
        b.wait_for("[data-testid=step-heading]").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(b.find_all("[data-testid=draft-offer]").await.is_empty());
    })
    .await;
}

/// Opens the edit wizard of `id` and changes the first endpoint's weight.
async fn edit_weight(b: &Browser, id: &str, weight: &str) {
    b.goto(&format!("/pools/{id}/edit")).await;
    b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
        .await;
    click(b, "[data-testid=step-endpoints]").await;
    set_input(b, "[data-testid=endpoint-weight]", weight).await;
    click(b, "[data-testid=step-review]").await;
    b.wait_for_text("[data-testid=step-heading]", "Step 6 of 6: Review")
        .await;
}

#[tokio::test]
async fn an_edit_that_failed_is_not_reported_as_saved() {
    with_faults(|b| async move {
        let id = seed(&b).await;
        edit_weight(&b, &id, "0.4").await;
        b.fault(json!({"method": "PATCH", "path": "*/load_balancers/pools/*", "status": 500}))
            .await;
        click(&b, "[data-testid=wizard-save]").await;
        save_failed_but_kept(&b, "endpoint-weight", "0.4").await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["origins"][0]["weight"], json!(1.0));
        reload_and_restore(&b, "endpoint-weight", "0.4").await;
        b.clear_faults().await;
        click(&b, "[data-testid=step-review]").await;
        click(&b, "[data-testid=wizard-save]").await;
        b.wait_for_text("[data-testid=page-title]", "sturdy").await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["origins"][0]["weight"], json!(0.4));
    })
    .await;
}

#[tokio::test]
async fn an_edit_whose_answer_was_lost_is_not_a_conflict_on_retry() {
    with_faults(|b| async move {
        let id = seed(&b).await;
        edit_weight(&b, &id, "0.6").await;
        b.fault(
            json!({"method": "PATCH", "path": "*/load_balancers/pools/*", "drop": true,
            "after_handler": true}),
        )
        .await;
        click(&b, "[data-testid=wizard-save]").await;
        save_failed_but_kept(&b, "endpoint-weight", "0.6").await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(
            pool["origins"][0]["weight"],
            json!(0.6),
            "the write happened"
        );
        b.clear_faults().await;
        // Retry: the server already has exactly this pool, which is not
        // someone else's change.
        click(&b, "[data-testid=save-failed] [data-testid=error-retry]").await;
        b.wait_for_text("[data-testid=page-title]", "sturdy").await;
        assert!(b.find_all("[data-testid=conflict-dialog]").await.is_empty());
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["origins"][0]["weight"], json!(0.6));
    })
    .await;
}

#[tokio::test]
async fn an_edit_draft_survives_a_reload_after_a_lost_answer() {
    with_faults(|b| async move {
        let id = seed(&b).await;
        edit_weight(&b, &id, "0.7").await;
        b.fault(
            json!({"method": "PATCH", "path": "*/load_balancers/pools/*", "drop": true,
            "after_handler": true}),
        )
        .await;
        click(&b, "[data-testid=wizard-save]").await;
        save_failed_but_kept(&b, "endpoint-weight", "0.7").await;
        b.clear_faults().await;
        // The server has the change, so the reloaded wizard starts from it:
        // nothing was lost, whether or not a draft is offered.
        b.client.refresh().await.unwrap();
        let _ = b.client.accept_alert().await;
        b.wait_for_text("[data-testid=step-heading]", "Step 1 of 6: Pool")
            .await;
        if !b.find_all("[data-testid=draft-restore]").await.is_empty() {
            click(&b, "[data-testid=draft-restore]").await;
        }
        click(&b, "[data-testid=step-endpoints]").await;
        let el = b.wait_for("[data-testid=endpoint-weight]").await;
        assert_eq!(el.prop("value").await.unwrap().as_deref(), Some("0.7"));
    })
    .await;
}
