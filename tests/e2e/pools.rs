//! The pools list and pool detail against the real server: health that the
//! prober measured on loopback endpoints, search by endpoint address, URL
//! state, sorting, safe delete, enable/disable, and markup shown as text.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::actions::wait_query;
use super::harness::{endpoint, with_console, Browser};

async fn monitor(b: &Browser) -> String {
    b.api("POST", "/monitors", Some(json!({"type": "http", "path": "/", "expected_codes": "2xx", "timeout": 2, "retries": 0, "description": "root"})))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Reloads `path` until the rows' names and badges are `expected`.
async fn wait_for_badges(b: &Browser, path: &str, expected: &[(&str, &str)]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        b.goto(path).await;
        b.wait_for("[data-testid=pools-table]").await;
        let mut seen = Vec::new();
        for row in b.find_all("[data-testid=pool-row]").await {
            let name = row
                .attr("data-pool-name")
                .await
                .unwrap()
                .unwrap_or_default();
            let badge = row
                .find(fantoccini::Locator::Css("[data-testid=status-badge]"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            seen.push((name, badge));
        }
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        if seen == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "rows {seen:?}, expected {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

async fn row_names(b: &Browser) -> Vec<String> {
    let mut out = Vec::new();
    for row in b.find_all("[data-testid=pool-row]").await {
        out.push(
            row.attr("data-pool-name")
                .await
                .unwrap()
                .unwrap_or_default(),
        );
    }
    out
}

#[tokio::test]
async fn the_list_shows_measured_health_searches_by_address_and_keeps_its_view_in_the_url() {
    with_console(|b| async move {
        let ok = endpoint("127.0.0.2", 200).await;
        let bad = endpoint("127.0.0.3", 503).await;
        let m = monitor(&b).await;
        b.create_pool(json!({"name": "web", "monitor": m, "check_regions": ["WEU"], "origins": [{"name": "w1", "address": "127.0.0.2", "port": ok}]})).await;
        b.create_pool(json!({"name": "api", "monitor": m, "check_regions": ["WEU"], "origins": [{"name": "a1", "address": "127.0.0.3", "port": bad}]})).await;
        b.create_pool(json!({
            "name": "docs",
            "description": "<script>window.__xss = 1</script><b>bold</b>",
            "check_regions": ["WEU"],
            "origins": [{"name": "d1", "address": "192.0.2.10"}]
        }))
        .await;
        wait_for_badges(&b, "/pools", &[("api", "Critical"), ("docs", "Healthy"), ("web", "Healthy")]).await;

        // Markup in data is text, never markup.
        let cell = b.wait_for("[data-pool-name=docs] td:nth-child(2)").await;
        assert_eq!(cell.text().await.unwrap(), "<script>window.__xss = 1</script><b>bold</b>");
        assert_eq!(b.eval("return window.__xss === undefined && !document.querySelector('tbody b')").await, json!(true));

        // "Where is 192.0.2.10 used?"
        let search = b.wait_for("[data-testid=pool-search]").await;
        search.send_keys("192.0.2.10").await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", "1 of 3 pools").await;
        assert_eq!(row_names(&b).await, ["docs"]);
        wait_query(&b, |q| q == "q=192.0.2.10").await;

        // The view survives a reload.
        b.client.refresh().await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", "1 of 3 pools").await;
        assert_eq!(b.wait_for("[data-testid=pool-search]").await.prop("value").await.unwrap().as_deref(), Some("192.0.2.10"));

        // Clear the search, filter by health, then sort.
        let search = b.wait_for("[data-testid=pool-search]").await;
        search.clear().await.unwrap();
        search.send_keys(" ").await.unwrap();
        search.send_keys(&Key::Backspace.to_string()).await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", "3 of 3 pools").await;
        b.wait_for("[data-testid=sort-name]").await.click().await.unwrap();
        assert_eq!(row_names(&b).await, ["web", "docs", "api"], "name, descending");
        assert_eq!(
            b.wait_for("th:has([data-testid=sort-name])").await.attr("aria-sort").await.unwrap().as_deref(),
            Some("descending")
        );
        b.wait_for("[data-testid=sort-health]").await.click().await.unwrap();
        assert_eq!(row_names(&b).await, ["docs", "web", "api"], "health, ascending; ties by name");
        wait_query(&b, |q| q.contains("sort=health")).await;
        b.assert_no_console_errors().await;
    })
    .await;
}

/// Regression: an endpoint the server did not probe (outside its probe
/// allow-list) is `healthy: false` on the wire with a "not probed: …"
/// reason. The status line said "Unknown" while the region grid showed
/// the same endpoint as a red "Unhealthy".
#[tokio::test]
async fn an_endpoint_not_probed_is_unknown_in_the_region_grid_as_in_the_status_line() {
    with_console(|b| async move {
        let m = monitor(&b).await;
        let id = b
            .create_pool(json!({
                "name": "far", "monitor": m, "check_regions": ["WEU"],
                "origins": [{"name": "outside", "address": "192.0.2.10"}]
            }))
            .await;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let h = b.api_raw("GET", &format!("/pools/{id}/health")).await;
            let reason = h["result"]["pop_health"]["WEU"]["origins"][0]["192.0.2.10"]
                ["failure_reason"]
                .clone();
            if reason.as_str().is_some_and(|r| r.starts_with("not probed")) {
                break;
            }
            assert!(Instant::now() < deadline, "no health: {h:#}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        b.goto(&format!("/pools/{id}")).await;
        let status = b.wait_for("[data-testid=status-line]").await;
        let cell = b
            .wait_for("[data-testid=health-cell][data-region=WEU]")
            .await;
        assert!(
            status.text().await.unwrap().starts_with("Unknown"),
            "{}",
            status.text().await.unwrap()
        );
        assert_eq!(
            cell.attr("data-healthy").await.unwrap().as_deref(),
            Some("Unknown")
        );
        let text = cell.text().await.unwrap();
        assert!(
            text.starts_with("Unknown") && !text.contains("Unhealthy"),
            "{text}"
        );
        assert!(
            text.contains("not probed: address outside the probe allow-list"),
            "{text}"
        );
        assert_eq!(
            cell.attr("class").await.unwrap().as_deref(),
            Some("pd-unknown")
        );
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn the_detail_page_shows_the_same_health_as_the_server_and_who_uses_the_pool() {
    with_console(|b| async move {
        let ok = endpoint("127.0.0.4", 200).await;
        let bad = endpoint("127.0.0.5", 500).await;
        let m = monitor(&b).await;
        let id = b
            .create_pool(json!({
                "name": "web", "monitor": m, "check_regions": ["WEU", "ENAM"], "minimum_origins": 1,
                "origins": [{"name": "good", "address": "127.0.0.4", "port": ok}, {"name": "bad", "address": "127.0.0.5", "port": bad}]
            }))
            .await;
        // Wait until the server has health for both endpoints.
        let deadline = Instant::now() + Duration::from_secs(15);
        let health: Value = loop {
            let h = b.api_raw("GET", &format!("/pools/{id}/health")).await;
            if h["success"] == json!(true) && h["result"]["pop_health"]["WEU"]["origins"].as_array().is_some_and(|o| o.len() == 2) {
                break h["result"].clone();
            }
            assert!(Instant::now() < deadline, "no health: {h:#}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        b.goto(&format!("/pools/{id}")).await;
        b.wait_for_text("[data-testid=status-line]", "Degraded: 1 of 2 endpoints healthy, threshold 1").await;
        let cells = b.find_all("[data-testid=health-cell]").await;
        assert_eq!(cells.len(), 4, "2 endpoints × 2 regions");
        for cell in cells {
            let region = cell.attr("data-region").await.unwrap().unwrap();
            let address = cell.attr("data-address").await.unwrap().unwrap();
            let shown = cell.attr("data-healthy").await.unwrap().unwrap();
            let server = health["pop_health"][&region]["origins"]
                .as_array()
                .unwrap()
                .iter()
                .find_map(|o| o.get(&address).cloned())
                .unwrap();
            let not_probed = server["failure_reason"].as_str().is_some_and(|r| r.starts_with("not probed"));
            let expected = match server["healthy"].as_bool() {
                _ if not_probed => "Unknown",
                Some(true) => "Healthy",
                Some(false) => "Unhealthy",
                None => "Unknown",
            };
            assert_eq!(shown, expected, "{region} {address}");
            assert!(cell.text().await.unwrap().contains(server["failure_reason"].as_str().unwrap()));
        }
        assert_eq!(b.wait_for("[data-testid=used-by-none]").await.text().await.unwrap(), "No load balancer uses this pool.");
        b.assert_no_console_errors().await;
    })
    .await;
}

/// Per row: how many line boxes its pool link takes, on how many lines its
/// action buttons sit, whether its Enabled cell is shown, and its Health
/// badge.
async fn row_layout(b: &Browser) -> Vec<Value> {
    b.eval(
        "return Array.from(document.querySelectorAll('[data-testid=pool-row]')).map(r => {
           const tops = new Set(Array.from(r.querySelectorAll('.pd-actions > *'))
             .map(e => Math.round(e.getBoundingClientRect().top)));
           const enabled = r.children[2];
           return {
             name: r.getAttribute('data-pool-name'),
             name_lines: r.querySelector('[data-testid=pool-link]').getClientRects().length,
             action_lines: tops.size,
             enabled_shown: getComputedStyle(enabled).visibility === 'visible' && enabled.offsetWidth > 0,
             health: r.querySelector('[data-testid=status-badge]').textContent,
           };
         });",
    )
    .await
    .as_array()
    .cloned()
    .unwrap_or_default()
}

/// Regression: at 1024 px the table's automatic layout squeezed the Name
/// column until names broke at their hyphens ("pool-" / "0000") and a
/// row's four buttons took three lines. The columns now have set widths
/// (table-layout: fixed): at 1024 px the buttons go two by two and the
/// Enabled column, which Health repeats, is left out; at 1400 px every
/// column shows and the buttons sit on one line.
#[tokio::test]
async fn the_pools_table_keeps_names_whole_at_1024_and_1400_px() {
    with_console(|b| async move {
        for (name, enabled) in [
            ("primary-dc-1", true),
            ("pool-0001", true),
            ("standby-eu", false),
        ] {
            b.create_pool(
                json!({"name": name, "enabled": enabled, "description": "web tier",
                "check_regions": ["WEU"], "origins": [{"name": "e1", "address": "192.0.2.1"}]}),
            )
            .await;
        }
        for (width, action_lines, enabled_shown) in [(1024, 2, false), (1400, 1, true)] {
            b.client.set_window_size(width, 900).await.unwrap();
            b.goto("/pools").await;
            b.wait_for_text("[data-testid=pools-count]", "3 of 3 pools")
                .await;
            let rows = row_layout(&b).await;
            assert_eq!(rows.len(), 3, "{rows:?}");
            for row in &rows {
                assert_eq!(row["name_lines"], json!(1), "at {width} px: {row}");
                assert_eq!(
                    row["action_lines"],
                    json!(action_lines),
                    "at {width} px: {row}"
                );
                assert_eq!(
                    row["enabled_shown"],
                    json!(enabled_shown),
                    "at {width} px: {row}"
                );
            }
            // Without the Enabled column nothing is lost: Health says it.
            let standby = rows
                .iter()
                .find(|r| r["name"] == json!("standby-eu"))
                .unwrap();
            assert_eq!(standby["health"], json!("Disabled"), "{standby}");
        }
    })
    .await;
}
