//! Monitors and monitor groups: create, edit and delete a monitor through
//! the one monitor form; "Test this monitor" against a pool; delete refused
//! while pools use a monitor; groups with member flags; the keyboard alone.

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::actions::{click, set_input, tab_to, type_keys, wait_containing, wait_path};
use super::harness::{endpoint, with_console, Browser};

async fn monitors(b: &Browser) -> Vec<Value> {
    b.api("GET", "/monitors", None)
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn find_monitor(b: &Browser, description: &str) -> Value {
    monitors(b)
        .await
        .into_iter()
        .find(|m| m["description"] == json!(description))
        .unwrap_or_else(|| panic!("no monitor {description:?}"))
}

#[tokio::test]
async fn create_test_edit_and_delete_a_monitor() {
    with_console(|b| async move {
        let port = endpoint("127.0.0.1", 200).await;
        b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "127.0.0.1", "port": port}]}))
            .await;
        b.goto("/monitors").await;
        b.wait_for("[data-testid=monitors-empty]").await;
        click(&b, "[data-testid=monitor-new]").await;
        wait_path(&b, "/monitors/new").await;
        b.wait_for("[data-testid=monitor-form]").await;
        assert!(
            b.find_all("[aria-invalid]").await.is_empty(),
            "no field is marked invalid before any input"
        );

        // A bad value is caught as typed, with the API's message.
        set_input(&b, "[data-testid=monitor-expected-codes]", "2x").await;
        set_input(&b, "[data-testid=monitor-description]", "api check").await;
        wait_containing(&b, "[data-testid=field-message][data-for=monitor-expected-codes]",
            "must be a status code such as 200 or a class such as 2xx",
        )
        .await;
        set_input(&b, "[data-testid=monitor-expected-codes]", "2xx").await;
        set_input(&b, "[data-testid=monitor-path]", "/healthz").await;
        click(&b, "[data-testid=monitor-header-add]").await;
        set_input(&b, "[data-testid=monitor-header-value]", "api.example.com").await;

        // Test this monitor: the pool's endpoint answers 200.
        // Regression: a rename of the type `Checks` to `FieldState` also
        // rewrote the first word of this hint, which then read
        // "FieldState a pool's endpoints…".
        let hint = b.wait_for("#monitor-test-hint").await.text().await.unwrap();
        assert_eq!(
            hint,
            "Checks a pool's endpoints with the monitor as it is in this form, saved or not. Nothing is saved."
        );
        b.wait_for("[data-testid=monitor-test-pool]").await;
        click(&b, "[data-testid=preview-run]").await;
        b.wait_for("[data-testid=preview-row][data-healthy=Healthy]")
            .await;

        click(&b, "[data-testid=monitor-save]").await;
        wait_path(&b, "/monitors").await;
        wait_containing(&b, "[data-testid=monitors-table]", "api check").await;
        let m = find_monitor(&b, "api check").await;
        assert_eq!(m["path"], "/healthz");
        assert_eq!(m["expected_codes"], "2xx");
        assert_eq!(m["header"], json!({"Host": ["api.example.com"]}));
        let id = m["id"].as_str().unwrap().to_owned();

        // Edit: the form opens with what was saved; only the interval changes.
        click(&b, &format!("[data-monitor-id='{id}'] [data-testid=monitor-edit]")).await;
        wait_path(&b, &format!("/monitors/{id}")).await;
        let header = b.wait_for("[data-testid=monitor-header-value]").await;
        assert_eq!(header.prop("value").await.unwrap().as_deref(), Some("api.example.com"));
        set_input(&b, "[data-testid=monitor-interval]", "120").await;
        click(&b, "[data-testid=monitor-save]").await;
        wait_path(&b, "/monitors").await;
        wait_containing(&b, "[data-testid=monitors-table]", "120 s").await;
        let m = find_monitor(&b, "api check").await;
        assert_eq!(m["interval"], 120);
        assert_eq!(m["header"], json!({"Host": ["api.example.com"]}));

        // Delete: nothing uses it, so it asks and then deletes.
        click(&b, &format!("[data-monitor-id='{id}'] [data-testid=monitor-delete]")).await;
        b.wait_for("[data-testid=delete-free]").await;
        click(&b, "[data-testid=delete-confirm]").await;
        b.wait_for("[data-testid=monitors-empty]").await;
        assert!(monitors(&b).await.is_empty());
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn deleting_a_monitor_in_use_is_refused_and_names_the_pools() {
    with_console(|b| async move {
        let m = b
            .api("POST", "/monitors", Some(json!({"type": "http", "description": "shared", "expected_codes": "200"})))
            .await;
        let mid = m["id"].as_str().unwrap().to_owned();
        for name in ["alpha", "beta"] {
            b.create_pool(json!({"name": name, "check_regions": ["WEU"], "monitor": mid, "origins": [{"name": "a", "address": "192.0.2.10"}]}))
                .await;
        }
        b.goto("/monitors").await;
        b.wait_for_text(&format!("[data-monitor-id='{mid}'] [data-testid=monitor-pools]"), "2: alpha, beta")
            .await;
        click(&b, &format!("[data-monitor-id='{mid}'] [data-testid=monitor-delete]")).await;
        b.wait_for("[data-testid=delete-blocked]").await;
        let names: Vec<String> = {
            let mut out = Vec::new();
            for el in b.find_all("[data-testid=delete-referrer]").await {
                out.push(el.text().await.unwrap());
            }
            out
        };
        assert_eq!(names, ["alpha", "beta"]);
        let confirm = b.wait_for("[data-testid=delete-confirm]").await;
        assert!(!confirm.is_enabled().await.unwrap(), "delete is not offered");
        // Esc closes the dialog and the monitor is still there.
        type_keys(&b, &Key::Escape.to_string()).await;
        assert_eq!(monitors(&b).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn monitor_groups_are_created_and_edited_with_member_flags() {
    with_console(|b| async move {
        let mut ids = Vec::new();
        for d in ["http check", "tcp check"] {
            let body = if d.starts_with("tcp") {
                json!({"type": "tcp", "description": d, "port": 5432})
            } else {
                json!({"type": "http", "description": d, "expected_codes": "200"})
            };
            ids.push(
                b.api("POST", "/monitors", Some(body)).await["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
        b.goto("/monitors").await;
        b.wait_for("[data-testid=groups-empty]").await;
        click(&b, "[data-testid=group-new]").await;
        wait_path(&b, "/monitors/groups/new").await;
        // Saving with nothing shows the model's messages, and sends nothing.
        click(&b, "[data-testid=group-save]").await;
        b.wait_for("[data-testid=group-description][aria-invalid=true]")
            .await;
        set_input(&b, "[data-testid=group-description]", "api and db").await;
        for id in &ids {
            click(&b, "[data-testid=group-member-add]").await;
            let selects = b.find_all("[data-testid=group-member-monitor]").await;
            selects
                .last()
                .unwrap()
                .clone()
                .select_by_value(id)
                .await
                .unwrap();
        }
        let must = b
            .find_all("[data-testid=group-member-must-be-healthy]")
            .await;
        must[0].click().await.unwrap();
        let only = b
            .find_all("[data-testid=group-member-monitoring-only]")
            .await;
        only[1].click().await.unwrap();
        click(&b, "[data-testid=group-save]").await;
        wait_path(&b, "/monitors").await;
        wait_containing(
            &b,
            "[data-testid=groups-table]",
            "http check (must be healthy); tcp check (monitoring only)",
        )
        .await;
        let groups = b.api("GET", "/monitor_groups", None).await;
        let g = &groups[0];
        assert_eq!(g["description"], "api and db");
        let members = g["members"].as_array().unwrap();
        assert_eq!(members[0]["monitor_id"], json!(ids[0]));
        assert_eq!(
            (
                members[0]["must_be_healthy"].clone(),
                members[0]["monitoring_only"].clone()
            ),
            (json!(true), json!(false))
        );
        assert_eq!(
            (
                members[1]["must_be_healthy"].clone(),
                members[1]["monitoring_only"].clone()
            ),
            (json!(false), json!(true))
        );

        // Edit: remove the second member.
        click(&b, "[data-testid=group-edit]").await;
        b.wait_for("[data-testid=group-member]").await;
        let removes = b.find_all("[data-testid=group-member-remove]").await;
        removes[1].click().await.unwrap();
        click(&b, "[data-testid=group-save]").await;
        wait_path(&b, "/monitors").await;
        wait_containing(
            &b,
            "[data-testid=groups-table]",
            "http check (must be healthy)",
        )
        .await;
        let groups = b.api("GET", "/monitor_groups", None).await;
        assert_eq!(groups[0]["members"].as_array().unwrap().len(), 1);
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn the_monitor_form_works_with_the_keyboard_alone() {
    with_console(|b| async move {
        b.goto("/monitors").await;
        b.wait_for("[data-testid=monitors-empty]").await;
        tab_to(&b, "monitor-new").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_path(&b, "/monitors/new").await;
        b.wait_for("[data-testid=monitor-form]").await;
        tab_to(&b, "monitor-type").await;
        // A select takes the first letters of an option.
        type_keys(&b, "TCP").await;
        b.wait_for("[data-testid=monitor-port]").await;
        tab_to(&b, "monitor-description").await;
        type_keys(&b, "db port").await;
        tab_to(&b, "monitor-port").await;
        type_keys(&b, "5432").await;
        // Enter in a field submits the form.
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_path(&b, "/monitors").await;
        wait_containing(&b, "[data-testid=monitors-table]", "db port").await;
        let m = find_monitor(&b, "db port").await;
        assert_eq!(
            (m["type"].clone(), m["port"].clone()),
            (json!("tcp"), json!(5432))
        );
        assert_eq!(m["method"], "connection_established");
    })
    .await;
}

#[tokio::test]
async fn the_monitor_group_form_works_with_the_keyboard_alone() {
    with_console(|b| async move {
        let m = b
            .api(
                "POST",
                "/monitors",
                Some(json!({"type": "http", "description": "zeta check", "expected_codes": "200"})),
            )
            .await;
        b.goto("/monitors/groups/new").await;
        b.wait_for("[data-testid=group-form]").await;
        tab_to(&b, "group-description").await;
        type_keys(&b, "keyboard group").await;
        tab_to(&b, "group-member-add").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        // Adding a member moves focus to its monitor picker.
        b.wait_for("[data-testid=group-member-monitor]:focus").await;
        type_keys(&b, "zeta").await;
        tab_to(&b, "group-member-must-be-healthy").await;
        type_keys(&b, &Key::Space.to_string()).await;
        tab_to(&b, "group-save").await;
        type_keys(&b, &Key::Enter.to_string()).await;
        wait_path(&b, "/monitors").await;
        let groups = b.api("GET", "/monitor_groups", None).await;
        assert_eq!(groups[0]["description"], "keyboard group");
        assert_eq!(groups[0]["members"][0]["monitor_id"], m["id"]);
        assert_eq!(groups[0]["members"][0]["must_be_healthy"], true);
        assert_eq!(groups[0]["members"][0]["enabled"], true);
    })
    .await;
}

#[tokio::test]
async fn leaving_a_monitor_form_with_changes_asks_first() {
    with_console(|b| async move {
        b.goto("/monitors/new").await;
        b.wait_for("[data-testid=monitor-form]").await;
        // Untouched: a link just leaves.
        click(&b, "[data-testid=nav-alerts]").await;
        wait_path(&b, "/alerts").await;
        b.goto("/monitors/new").await;
        set_input(&b, "[data-testid=monitor-description]", "half typed").await;
        click(&b, "[data-testid=nav-pools]").await;
        let asked = b.client.get_alert_text().await.unwrap();
        assert!(asked.contains("not saved"), "{asked}");
        b.client.dismiss_alert().await.unwrap();
        // Still here, with the input.
        let kept = b.wait_for("[data-testid=monitor-description]").await;
        assert_eq!(
            kept.prop("value").await.unwrap().as_deref(),
            Some("half typed")
        );
        click(&b, "[data-testid=nav-pools]").await;
        b.client.accept_alert().await.unwrap();
        wait_path(&b, "/pools").await;
    })
    .await;
}
