//! Jobs from the console: a maintenance window whose endpoint comes back
//! only once it is healthy, and a weight ramp, both started from the pool
//! page by visible labels and followed on the Jobs page, at `/` and under
//! a portal sub-path. The server runs them on its real clock, so the
//! windows and steps here are a few seconds long.

use std::sync::atomic::Ordering;

use serde_json::json;

use super::by_role::{click_button, click_link, field, fill, find, wait_heading, Role};
use super::harness::{switchable_endpoint, with_console_at, Browser};

/// Waits (up to `secs`) until a job row's message contains `text`.
async fn wait_job_message(b: &Browser, text: &str, secs: u64) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        let v = b
            .eval("return Array.from(document.querySelectorAll('[data-testid=job-message]')).map(e => e.textContent).join(' | ');")
            .await;
        let shown = v.as_str().unwrap_or_default().to_owned();
        if shown.contains(text) {
            return shown;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no job says {text:?}; shown: {shown}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn radio(b: &Browser, label: &str) {
    find(b, Role::Radio, label).await.click().await.unwrap();
}

async fn maintenance_comes_back_only_when_healthy(b: Browser) {
    let (port, status) = switchable_endpoint("127.0.0.1", 200).await;
    let monitor = b
        .api(
            "POST",
            "/monitors",
            Some(json!({"type": "http", "description": "svc", "expected_codes": "200", "interval": 60})),
        )
        .await;
    let id = b
        .create_pool(
            json!({"name": "svc", "check_regions": ["WEU"], "monitor": monitor["id"],
            "origins": [{"name": "app-1", "address": "127.0.0.1", "port": port},
                        {"name": "app-2", "address": "192.0.2.5"}]}),
        )
        .await;
    b.goto(&format!("/pools/{id}")).await;
    wait_heading(&b, "svc").await;
    click_link(&b, "Schedule…").await;
    wait_heading(&b, "Schedule a job on svc").await;
    field(&b, "Take out of service")
        .await
        .select_by_label("Endpoint app-1")
        .await
        .unwrap();
    fill(&b, "Duration (minutes)", "0.2").await;
    fill(&b, "When it ends, check health again every (seconds)", "10").await;
    click_button(&b, "Schedule maintenance").await;
    wait_heading(&b, "Jobs").await;
    wait_job_message(&b, "disabled for maintenance", 10).await;
    let pool = b.api("GET", &format!("/pools/{id}"), None).await;
    assert_eq!(pool["origins"][0]["enabled"], json!(false), "{pool:#}");

    // Down when the window ends: it stays disabled, and the page says so.
    status.store(500, Ordering::SeqCst);
    let shown = wait_job_message(&b, "failed its health check", 40).await;
    let pool = b.api("GET", &format!("/pools/{id}"), None).await;
    assert_eq!(pool["origins"][0]["enabled"], json!(false));
    // Regression: the Jobs page showed the server's raw RFC 3339 UTC times
    // ("Next check at 2026-12-02T02:10:00.000000Z"), in the row heading
    // and the message; they read in the browser's zone and locale now.
    let raw = b
        .eval("return Array.from(document.querySelectorAll('[data-testid=job-row]')).map(r => r.textContent).filter(t => /\\d{4}-\\d\\d-\\d\\dT\\d\\d:/.test(t))")
        .await;
    assert_eq!(
        raw,
        json!([]),
        "raw times on the Jobs page; message: {shown}"
    );
    assert!(shown.contains("Next check at "), "{shown}");
    // Healthy again: the next check passes and it is enabled.
    status.store(200, Ordering::SeqCst);
    wait_job_message(&b, "passed its health check", 40).await;
    let pool = b.api("GET", &format!("/pools/{id}"), None).await;
    assert_eq!(pool["origins"][0]["enabled"], json!(true));
    super::by_role::assert_no_source_text(&b, "the jobs page").await;
}

#[tokio::test]
async fn scheduled_maintenance_re_enables_the_endpoint_only_once_healthy() {
    with_console_at("", maintenance_comes_back_only_when_healthy).await;
}

#[tokio::test]
async fn scheduled_maintenance_works_under_a_sub_path() {
    with_console_at("/portal/lb", maintenance_comes_back_only_when_healthy).await;
}

#[tokio::test]
async fn a_weight_ramp_runs_to_its_target_and_each_step_is_shown() {
    with_console_at("", |b| async move {
        let id = b
            .create_pool(json!({"name": "web", "check_regions": ["WEU"],
                "origins": [{"name": "old", "address": "192.0.2.1"},
                            {"name": "new", "address": "192.0.2.2", "weight": 0.0}]}))
            .await;
        b.goto(&format!("/pools/{id}/jobs/new")).await;
        wait_heading(&b, "Schedule a job on web").await;
        radio(&b, "Weight ramp (slow start)").await;
        field(&b, "Endpoint")
            .await
            .select_by_label("new")
            .await
            .unwrap();
        fill(&b, "Steps", "2").await;
        fill(&b, "Over (minutes)", "0.05").await;
        let plan = b
            .eval("return document.querySelector('[data-testid=ramp-plan]').textContent")
            .await;
        assert_eq!(
            plan,
            json!("Weights, one step every 2 s: 0.5, 1."),
            "the weights shown are the ones the steps will send"
        );
        click_button(&b, "Start ramp").await;
        wait_heading(&b, "Jobs").await;
        wait_job_message(&b, "Done: new is at weight 1 after 2 steps.", 20).await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["origins"][0]["weight"], json!(1.0), "old untouched");
        assert_eq!(pool["origins"][1]["weight"], json!(1.0));
        // The pool's history names the job for each step.
        b.goto(&format!("/pools/{id}/history")).await;
        wait_heading(&b, "History of web").await;
        let v = b
            .eval("return Array.from(document.querySelectorAll('[data-testid=history-version] h2')).map(e => e.textContent)")
            .await;
        let headings: Vec<String> = serde_json::from_value(v).unwrap();
        assert_eq!(headings.len(), 3, "{headings:?}");
        assert!(headings[0].starts_with("Edited by sign-in link (ramp job"), "{headings:?}");
    })
    .await;
}

/// The texts of the maintenance form's failover sentences, once loaded.
async fn impact_lines(b: &Browser) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let v = b
            .eval("return Array.from(document.querySelectorAll('[data-testid=maintenance-move]')).map(e => e.textContent)")
            .await;
        let lines: Vec<String> = serde_json::from_value(v).unwrap_or_default();
        if !lines.is_empty() {
            return lines;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no failover sentences"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_maintenance_form_says_which_load_balancers_fail_over() {
    with_console_at("", |b| async move {
        let primary = b
            .create_pool(json!({"name": "primary", "check_regions": ["WEU"],
                "origins": [{"name": "p-1", "address": "192.0.2.61"},
                            {"name": "p-2", "address": "192.0.2.62"}]}))
            .await;
        let backup = b
            .create_pool(json!({"name": "backup", "check_regions": ["WEU"],
                "origins": [{"name": "b-1", "address": "192.0.2.63"}]}))
            .await;
        let lb = b
            .api_call(
                "POST",
                "/zones/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/load_balancers",
                Some(
                    json!({"name": "www.example.com", "default_pools": [primary, backup],
                            "fallback_pool": backup}),
                ),
            )
            .await;
        assert_eq!(lb["success"], json!(true), "{lb:#}");
        b.goto(&format!("/pools/{primary}/jobs/new")).await;
        wait_heading(&b, "Schedule a job on primary").await;
        wait_heading(&b, "Load balancers during the window").await;
        assert_eq!(
            impact_lines(&b).await,
            ["www.example.com moves to pool backup"],
            "the whole pool out moves the traffic"
        );
        field(&b, "Take out of service")
            .await
            .select_by_label("Endpoint p-1")
            .await
            .unwrap();
        assert_eq!(
            impact_lines(&b).await,
            ["www.example.com keeps its traffic where it is."],
            "p-2 keeps the pool at its Health Threshold of 1"
        );
    })
    .await;
}
