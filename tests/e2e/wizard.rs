//! The pool wizard: create through every step, edit with a minimal PATCH,
//! inline errors that block sending, paste import, draft restore,
//! conflict detection, server errors mapped to fields, and the keyboard.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::actions::{click, set_input, tab_to, type_keys, wait_path};
use super::harness::{endpoint, with_console, Browser};

/// Records every request the page sends (method, URL and body), by
/// wrapping `fetch`, which the console calls for each API request. Both
/// of `fetch`'s forms are read: a `Request`, and a URL with an init
/// object. Regression: the recorder read only the first, which the
/// console no longer uses (api/fetch.rs), and saw every body as null.
async fn record_requests(b: &Browser) {
    b.eval(
        "window.__sent = [];
         const f = window.fetch;
         window.fetch = function (input, init) {
           const entry = { method: (init && init.method) || (input && input.method) || 'GET', url: String((input && input.url) || input), body: null };
           window.__sent.push(entry);
           if (init && init.body != null) { entry.body = String(init.body); }
           else if (input && typeof input.clone === 'function') { input.clone().text().then(t => { entry.body = t; }); }
           return f.apply(this, arguments);
         };
         return true;",
    )
    .await;
}

/// The requests recorded so far that were not GETs.
async fn writes(b: &Browser) -> Vec<Value> {
    // Give the asynchronous body reads a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let all = b.eval("return window.__sent || []").await;
    all.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r["method"] != json!("GET"))
        .collect()
}

async fn heading(b: &Browser) -> String {
    b.wait_for("[data-testid=step-heading]")
        .await
        .text()
        .await
        .unwrap()
}

async fn wait_heading(b: &Browser, text: &str) {
    b.wait_for_text("[data-testid=step-heading]", text).await;
}

/// The message shown for the input `input_id`.
async fn message_for(b: &Browser, input_id: &str) -> String {
    b.wait_for(&format!(
        "[data-testid=field-message][data-for='{input_id}']"
    ))
    .await
    .text()
    .await
    .unwrap()
}

async fn pool_named(b: &Browser, name: &str) -> Value {
    b.pool_named(name)
        .await
        .unwrap_or_else(|| panic!("no pool named {name}"))
}

#[tokio::test]
async fn creates_a_pool_through_every_step_with_a_new_inline_monitor() {
    with_console(|b| async move {
        let p1 = endpoint("127.0.0.2", 200).await;
        let p2 = endpoint("127.0.0.3", 200).await;
        b.goto("/pools").await;
        click(&b, "[data-testid=pool-new]").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        assert!(b
            .eval("return document.title")
            .await
            .as_str()
            .unwrap()
            .contains("Step 1 of 6"));
        set_input(&b, "[data-testid=pool-name]", "web-e2e").await;
        set_input(
            &b,
            "[data-testid=pool-description]",
            "created by the wizard",
        )
        .await;
        click(&b, "[data-testid=steering-least_connections]").await;
        click(&b, "[data-testid=wizard-next]").await;

        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        assert_eq!(
            b.wait_for("[data-testid=step-endpoints]")
                .await
                .attr("aria-current")
                .await
                .unwrap()
                .as_deref(),
            Some("step")
        );
        set_input(&b, "[data-testid=endpoint-name]", "one").await;
        set_input(&b, "[data-testid=endpoint-address]", "127.0.0.2").await;
        set_input(&b, "[data-testid=endpoint-port]", &p1.to_string()).await;
        click(&b, "[data-testid=add-endpoint]").await;
        let row2 = "[data-testid=endpoint-row]:nth-child(2)";
        set_input(&b, &format!("{row2} [data-testid=endpoint-name]"), "two").await;
        set_input(
            &b,
            &format!("{row2} [data-testid=endpoint-address]"),
            "127.0.0.3",
        )
        .await;
        set_input(
            &b,
            &format!("{row2} [data-testid=endpoint-port]"),
            &p2.to_string(),
        )
        .await;
        // The share column follows the weights as they are typed.
        set_input(&b, &format!("{row2} [data-testid=endpoint-weight]"), "0.25").await;
        let shares: Vec<String> = {
            let mut out = Vec::new();
            for el in b.find_all("[data-testid=endpoint-share]").await {
                out.push(el.attr("data-share").await.unwrap().unwrap_or_default());
            }
            out
        };
        assert_eq!(shares, ["80.0", "20.0"]);
        b.wait_for("[data-testid=relative-note]").await;
        click(&b, "[data-testid=wizard-next]").await;

        wait_heading(&b, "Step 3 of 6: Health").await;
        b.wait_for_text(
            "[data-testid=threshold-statement]",
            "The pool is healthy while at least 1 of 2 enabled endpoints are healthy.",
        )
        .await;
        click(&b, "[data-testid=create-monitor]").await;
        b.wait_for("[data-testid=monitor-dialog]").await;
        set_input(&b, "[data-testid=monitor-description]", "e2e http check").await;
        set_input(&b, "[data-testid=monitor-expected-codes]", "2xx").await;
        click(&b, "[data-testid=monitor-save]").await;
        // The new monitor is attached and chosen.
        let option = b
            .wait_for("[data-testid=monitor-option] input:checked")
            .await;
        let _ = option;
        // A new pool starts with one region; replace it with two.
        click(&b, "[data-testid=regions-clear]").await;
        click(&b, "[data-testid=region-check][data-region=WEU]").await;
        click(&b, "[data-testid=map-region][data-region=ENAM]").await;
        b.wait_for_text(
            "[data-testid=probe-cost]",
            "About 12 health checks a minute: 2 regions × 3 probes × 2 endpoints ÷ 60 s interval.",
        )
        .await;
        click(&b, "[data-testid=wizard-next]").await;
        wait_heading(&b, "Step 4 of 6: Traffic").await;
        click(&b, "[data-testid=wizard-next]").await;
        wait_heading(&b, "Step 5 of 6: Notifications").await;
        click(&b, "[data-testid=wizard-next]").await;
        wait_heading(&b, "Step 6 of 6: Review").await;
        b.wait_for_text("[data-testid=save-plan]", "Saving creates the pool (POST).")
            .await;
        // Every step rendered without an error in the page.
        b.assert_no_console_errors().await;
        click(&b, "[data-testid=wizard-save]").await;

        // The detail page of the new pool, healthy once probed.
        b.wait_for_text("[data-testid=page-title]", "web-e2e").await;
        let pool = pool_named(&b, "web-e2e").await;
        assert_eq!(
            pool["origin_steering"]["policy"],
            json!("least_connections")
        );
        assert_eq!(pool["check_regions"], json!(["WEU", "ENAM"]));
        assert_eq!(pool["origins"].as_array().unwrap().len(), 2);
        let monitor = b
            .api(
                "GET",
                &format!("/monitors/{}", pool["monitor"].as_str().unwrap()),
                None,
            )
            .await;
        assert_eq!(monitor["description"], json!("e2e http check"));
        assert_eq!(monitor["expected_codes"], json!("2xx"));
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            b.goto(&format!("/pools/{}", pool["id"].as_str().unwrap()))
                .await;
            let line = b
                .wait_for("[data-testid=status-line]")
                .await
                .text()
                .await
                .unwrap();
            if line.starts_with("Healthy") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "pool never became healthy: {line}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn editing_a_weight_sends_a_patch_with_only_origins() {
    with_console(|b| async move {
        let id = b
            .create_pool(json!({"name": "edit-me", "description": "keep", "check_regions": ["WEU"], "latitude": 50.1, "longitude": 8.7,
                "origins": [{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.2"}], "some_future_member": {"x": 1}}))
            .await;
        b.goto(&format!("/pools/{id}")).await;
        click(&b, "[data-testid=detail-edit]").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        record_requests(&b).await;
        click(&b, "[data-testid=step-endpoints]").await;
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        set_input(&b, "[data-testid=endpoint-row]:nth-child(2) [data-testid=endpoint-weight]", "0.5").await;
        click(&b, "[data-testid=step-review]").await;
        b.wait_for_text("[data-testid=save-plan]", "Saving sends a PATCH with only: origins.").await;
        b.wait_for("[data-testid=diff-row][data-key=origins]").await;
        click(&b, "[data-testid=wizard-save]").await;
        wait_path(&b, &format!("/pools/{id}")).await;
        let sent = writes(&b).await;
        assert_eq!(sent.len(), 1, "{sent:#?}");
        assert_eq!(sent[0]["method"], json!("PATCH"));
        let body: Value = serde_json::from_str(sent[0]["body"].as_str().unwrap()).unwrap();
        assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["origins"]);
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["origins"][1]["weight"], json!(0.5));
        assert_eq!(pool["description"], json!("keep"));
        assert_eq!(pool["some_future_member"], json!({"x": 1}), "unknown members survive");
    })
    .await;
}

#[tokio::test]
async fn inline_errors_name_their_field_and_nothing_is_sent() {
    with_console(|b| async move {
        b.goto("/pools/new").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        record_requests(&b).await;
        set_input(&b, "[data-testid=pool-name]", "bad name!").await;
        b.wait_for("[data-testid=pool-name]")
            .await
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
        assert_eq!(
            message_for(&b, "f-name").await,
            "name \"bad name!\" may contain only letters, digits, '-' and '_': validation failed"
        );
        let name = b.wait_for("[data-testid=pool-name]").await;
        assert_eq!(
            name.attr("aria-invalid").await.unwrap().as_deref(),
            Some("true")
        );
        assert_eq!(
            name.attr("aria-describedby").await.unwrap().as_deref(),
            Some("f-name-msg f-name-hint")
        );
        // Next is blocked, and the summary links to the field.
        click(&b, "[data-testid=wizard-next]").await;
        b.wait_for("[data-testid=error-summary]").await;
        assert_eq!(heading(&b).await, "Step 1 of 6: Pool");
        click(&b, "[data-testid=error-link][data-path=name]").await;
        assert_eq!(
            b.eval("return document.activeElement.id").await,
            json!("f-name")
        );
        set_input(&b, "[data-testid=pool-name]", "good-name").await;
        click(&b, "[data-testid=wizard-next]").await;
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        set_input(&b, "[data-testid=endpoint-name]", "private").await;
        set_input(&b, "[data-testid=endpoint-address]", "10.0.0.5").await;
        set_input(&b, "[data-testid=endpoint-weight]", "1.5").await;
        click(&b, "[data-testid=wizard-next]").await;
        b.wait_for("[data-testid=error-summary]").await;
        assert_eq!(heading(&b).await, "Step 2 of 6: Endpoints");
        assert_eq!(
            message_for(&b, "f-origins-0-weight").await,
            "weight 1.5 must be between 0 and 1 in steps of 0.01: validation failed"
        );
        assert_eq!(
            message_for(&b, "f-origins-0-virtual_network_id").await,
            "a virtual network is required for the private address 10.0.0.5: validation failed"
        );
        let weight = b.wait_for("[data-testid=endpoint-weight]").await;
        assert_eq!(
            weight.attr("aria-invalid").await.unwrap().as_deref(),
            Some("true")
        );
        assert_eq!(
            weight.attr("aria-describedby").await.unwrap().as_deref(),
            Some("f-origins-0-weight-msg")
        );
        // Saving from the review jumps back to the first step with errors.
        click(&b, "[data-testid=step-review]").await;
        click(&b, "[data-testid=wizard-save]").await;
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        assert!(writes(&b).await.is_empty(), "nothing may be sent");
    })
    .await;
}

#[tokio::test]
async fn pasting_fifty_endpoints_adds_the_good_lines_and_lists_the_bad() {
    with_console(|b| async move {
        b.goto("/pools/new").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        click(&b, "[data-testid=step-endpoints]").await;
        click(&b, "[data-testid=paste-endpoints]").await;
        let lines: Vec<String> = (1..=50)
            .map(|i| match i {
                10 => format!("e{i},192.0.2.{i},1.5"),
                20 => format!("e{i},not an address!"),
                30 => format!("e{i},10.0.0.{i}"),
                _ => format!("e{i},192.0.2.{i},0.5,8080"),
            })
            .collect();
        let text = lines.join("\n");
        let area = b.wait_for("[data-testid=paste-text]").await;
        b.client
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true})); return true;",
                vec![serde_json::to_value(&area).unwrap(), json!(text)],
            )
            .await
            .unwrap();
        b.wait_for_text("[data-testid=paste-summary]", "47 lines ready to add, 3 with problems.").await;
        let mut bad = Vec::new();
        for el in b.find_all("[data-testid=paste-bad-line]").await {
            bad.push(el.text().await.unwrap());
        }
        assert_eq!(bad.len(), 3);
        assert!(bad[0].starts_with("Line 10: weight 1.5 must be between 0 and 1"), "{bad:?}");
        assert!(bad[1].starts_with("Line 20: \"not an address!\" is not a valid IP address or hostname"), "{bad:?}");
        assert!(bad[2].starts_with("Line 30: a virtual network is required"), "{bad:?}");
        click(&b, "[data-testid=paste-add]").await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while b.find_all("[data-testid=endpoint-row]").await.len() != 47 {
            assert!(Instant::now() < deadline, "47 rows expected");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The bad lines stay in the box to be fixed.
        let left = b.eval("return document.querySelector('[data-testid=paste-text]').value").await;
        assert_eq!(left.as_str().unwrap().lines().count(), 3);
        let shares = b.find_all("[data-testid=endpoint-share]").await;
        assert_eq!(shares[0].attr("data-share").await.unwrap().as_deref(), Some("2.1"));
    })
    .await;
}

#[tokio::test]
async fn a_reload_mid_wizard_offers_the_draft_back() {
    with_console(|b| async move {
        b.goto("/pools/new").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        set_input(&b, "[data-testid=pool-name]", "half-done").await;
        click(&b, "[data-testid=wizard-next]").await;
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        set_input(&b, "[data-testid=endpoint-name]", "kept").await;
        set_input(&b, "[data-testid=endpoint-address]", "192.0.2.44").await;
        // Leaving asks first while there are unsaved changes.
        let guarded = b.eval("const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;").await;
        assert_eq!(guarded, json!(true));
        b.client.refresh().await.unwrap();
        let _ = b.client.accept_alert().await;
        click(&b, "[data-testid=draft-restore]").await;
        let name = b.wait_for("[data-testid=pool-name]").await;
        assert_eq!(name.prop("value").await.unwrap().as_deref(), Some("half-done"));
        click(&b, "[data-testid=step-endpoints]").await;
        let address = b.wait_for("[data-testid=endpoint-address]").await;
        assert_eq!(address.prop("value").await.unwrap().as_deref(), Some("192.0.2.44"));
    })
    .await;
}

#[tokio::test]
async fn a_conflicting_save_is_detected_and_rebased() {
    with_console(|b| async move {
        let id = b
            .create_pool(json!({"name": "shared", "check_regions": ["WEU"],
                "origins": [{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.2"}]}))
            .await;
        b.goto(&format!("/pools/{id}/edit")).await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        click(&b, "[data-testid=step-endpoints]").await;
        set_input(&b, "[data-testid=endpoint-weight]", "0.3").await;
        // Someone else saves in between.
        b.api("PATCH", &format!("/pools/{id}"), Some(json!({"description": "theirs"}))).await;
        click(&b, "[data-testid=step-review]").await;
        click(&b, "[data-testid=wizard-save]").await;
        b.wait_for("[data-testid=conflict-dialog]").await;
        b.wait_for("[data-testid=conflict-row][data-key=description]").await;
        b.wait_for("[data-testid=conflict-row][data-key=origins]").await;
        // Nothing was written by the console.
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["origins"][0]["weight"], json!(1.0));
        click(&b, "[data-testid=conflict-rebase]").await;
        b.wait_for_text("[data-testid=save-plan]", "Saving sends a PATCH with only: origins.").await;
        click(&b, "[data-testid=wizard-save]").await;
        wait_path(&b, &format!("/pools/{id}")).await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["description"], json!("theirs"), "their change is kept");
        assert_eq!(pool["origins"][0]["weight"], json!(0.3), "and so is mine");
    })
    .await;
}

#[tokio::test]
async fn a_server_side_1002_is_shown_under_its_field() {
    with_console(|b| async move {
        let monitor = b
            .api(
                "POST",
                "/monitors",
                Some(json!({"type": "http", "description": "soon gone", "expected_codes": "200"})),
            )
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        b.goto("/pools/new").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        set_input(&b, "[data-testid=pool-name]", "orphan").await;
        click(&b, "[data-testid=wizard-next]").await;
        set_input(&b, "[data-testid=endpoint-name]", "a").await;
        set_input(&b, "[data-testid=endpoint-address]", "192.0.2.7").await;
        click(&b, "[data-testid=wizard-next]").await;
        wait_heading(&b, "Step 3 of 6: Health").await;
        click(
            &b,
            &format!("[data-testid=monitor-option][data-monitor-id='{monitor}'] input"),
        )
        .await;
        click(&b, "[data-testid=region-check][data-region=WEU]").await;
        // The monitor disappears before the save: only the server knows.
        b.api("DELETE", &format!("/monitors/{monitor}"), None).await;
        click(&b, "[data-testid=step-review]").await;
        click(&b, "[data-testid=wizard-save]").await;
        wait_heading(&b, "Step 3 of 6: Health").await;
        let message = message_for(&b, "f-monitor").await;
        assert!(
            message.contains(&monitor) && message.ends_with("validation failed"),
            "{message}"
        );
        b.wait_for("[data-testid=error-summary]").await;
    })
    .await;
}

#[tokio::test]
async fn the_whole_wizard_works_with_the_keyboard_alone() {
    with_console(|b| async move {
        b.goto("/pools").await;
        tab_to(&b, "pool-new").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        tab_to(&b, "pool-name").await;
        type_keys(&b, "keyboard-pool").await;
        // Enter in a field is Next.
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
        assert_eq!(
            b.eval("return document.activeElement.id").await,
            json!("wizard-step-heading")
        );
        tab_to(&b, "endpoint-name").await;
        type_keys(&b, "k1").await;
        tab_to(&b, "endpoint-address").await;
        type_keys(&b, "192.0.2.81").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_heading(&b, "Step 3 of 6: Health").await;
        tab_to(&b, "check-kind-monitor").await;
        // Arrow keys move through a radio group: monitor → none.
        type_keys(&b, &Key::Down.to_string()).await;
        // The default region stays: the one nearest the browser's time
        // zone (the harness runs Chromium in UTC, which has none: WNAM).
        tab_to(&b, "wizard-next").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_heading(&b, "Step 4 of 6: Traffic").await;
        tab_to(&b, "wizard-next").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_heading(&b, "Step 5 of 6: Notifications").await;
        tab_to(&b, "wizard-next").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_heading(&b, "Step 6 of 6: Review").await;
        tab_to(&b, "wizard-save").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        b.wait_for_text("[data-testid=page-title]", "keyboard-pool")
            .await;
        let pool = pool_named(&b, "keyboard-pool").await;
        assert_eq!(pool["check_regions"], json!(["WNAM"]));
        assert_eq!(pool["origins"][0]["address"], json!("192.0.2.81"));
        assert!(pool.get("monitor").is_none() || pool["monitor"].is_null());
    })
    .await;
}

#[tokio::test]
async fn clone_from_the_list_prefills_a_new_pool() {
    with_console(|b| async move {
        let source = b
            .create_pool(json!({"name": "origin-pool", "description": "to copy", "check_regions": ["WEU", "SAS"],
                "origins": [{"name": "a", "address": "192.0.2.1", "weight": 0.4}]}))
            .await;
        b.goto("/pools").await;
        click(&b, "[data-pool-name=origin-pool] [data-testid=pool-clone]").await;
        wait_heading(&b, "Step 1 of 6: Pool").await;
        b.wait_for_text("[data-testid=page-title]", "Clone pool origin-pool").await;
        let name = b.wait_for("[data-testid=pool-name]").await;
        assert_eq!(name.prop("value").await.unwrap().as_deref(), Some("origin-pool-copy"));
        click(&b, "[data-testid=step-review]").await;
        b.wait_for_text("[data-testid=save-plan]", "Saving creates the pool (POST).").await;
        click(&b, "[data-testid=wizard-save]").await;
        b.wait_for_text("[data-testid=page-title]", "origin-pool-copy").await;
        let copy = pool_named(&b, "origin-pool-copy").await;
        assert_ne!(copy["id"], json!(source));
        assert_eq!(copy["check_regions"], json!(["WEU", "SAS"]));
        assert_eq!(copy["origins"][0]["weight"], json!(0.4));
        assert_eq!(copy["description"], json!("to copy"));
    })
    .await;
}

/// A pool of 300 endpoints renders only the rows in view, and still every
/// row is reachable: shares follow a weight, scrolling renders the rest,
/// and a new row far below is scrolled to and focused.
#[tokio::test]
async fn a_large_pool_renders_the_rows_in_view_and_reaches_every_row() {
    super::harness::with_console_configured(
        "",
        |c| c.quotas = pooldeck_server::Quotas::ENTERPRISE,
        |b| async move {
            let origins: Vec<Value> = (0..300)
                .map(|i| {
                    let address = if i < 250 {
                        format!("192.0.2.{}", i + 1)
                    } else {
                        format!("198.51.100.{}", i - 249)
                    };
                    json!({"name": format!("e{i}"), "address": address})
                })
                .collect();
            let id = b
                .create_pool(json!({"name": "wide", "check_regions": ["WEU"], "origins": origins}))
                .await;
            b.goto(&format!("/pools/{id}/edit")).await;
            wait_heading(&b, "Step 1 of 6: Pool").await;
            click(&b, "[data-testid=step-endpoints]").await;
            wait_heading(&b, "Step 2 of 6: Endpoints").await;
            let rendered = b.find_all("[data-testid=endpoint-row]").await.len();
            assert!((10..80).contains(&rendered), "{rendered} of 300 rows rendered");
            // The caption still counts every row.
            b.wait_for_text("[data-testid=endpoint-rows] caption", "300 endpoints").await;
            // A weight changes every share: 0.5 of 299.5.
            set_input(&b, "[data-testid=endpoint-row]:first-child [data-testid=endpoint-weight]", "0.5").await;
            let first = b.wait_for("[data-testid=endpoint-row]:first-child [data-testid=endpoint-share]").await;
            assert_eq!(first.attr("data-share").await.unwrap().as_deref(), Some("0.2"));
            // Scrolled to the end, the last rows render.
            b.eval("const w = document.querySelector('.pd-virtual'); w.scrollTop = w.scrollHeight; return true;").await;
            b.wait_for("[data-testid=endpoint-row][data-key='299']").await;
            // Back to the top, then add a row: it is scrolled to and focused.
            b.eval("document.querySelector('.pd-virtual').scrollTop = 0; return true;").await;
            b.wait_for("[data-testid=endpoint-row][data-key='0']").await;
            click(&b, "[data-testid=add-endpoint]").await;
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            loop {
                let focused = b.eval("return document.activeElement && document.activeElement.id").await;
                if focused == json!("f-origins-300-name") {
                    break;
                }
                assert!(std::time::Instant::now() < deadline, "focus is on {focused}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            b.assert_no_console_errors().await;
        },
    )
    .await;
}

/// The boxes (text, top, height) of the elements directly in the first
/// `css` on the page.
async fn row_boxes(b: &Browser, css: &str) -> Vec<Value> {
    b.wait_for(css).await;
    let boxes = b
        .eval(&format!(
            "return [...document.querySelector({css:?}).children].map((e) => {{ \
               const r = e.getBoundingClientRect(); \
               return [e.textContent.trim(), Math.round(r.top), Math.round(r.height)]; }});"
        ))
        .await;
    boxes.as_array().unwrap().clone()
}

/// Regression: the forms' rule that puts space above a submit button
/// applied to one in a row of buttons too, so the row grew: on the
/// wizard, Back and Cancel stretched to 46 px with Cancel's text at the
/// top, and Next sat lower than both; the monitor form's Cancel and Save
/// the same. Each row's buttons now share one line and one height.
#[tokio::test]
async fn buttons_in_a_row_share_one_line() {
    with_console(|b| async move {
        for (page, row, count) in [
            ("/pools/new", ".pd-wizard-nav", 3),
            ("/monitors/new", "form .pd-dialog-actions", 2),
        ] {
            b.goto(page).await;
            let boxes = row_boxes(&b, row).await;
            assert_eq!(boxes.len(), count, "{page}: {boxes:?}");
            let last = boxes.last().unwrap();
            for one in &boxes {
                assert_eq!(
                    (&one[1], &one[2]),
                    (&last[1], &last[2]),
                    "{page}: each at the submit button's top and height: {boxes:?}"
                );
            }
        }
    })
    .await;
}
