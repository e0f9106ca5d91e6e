//! Every screen at the two widths a portal gives the console (1400 and
//! 1024 CSS pixels) in light and dark mode: nothing scrolls sideways (the
//! endpoint table included), and no element shows source text (a `view!`
//! attribute cut at a `>` once rendered `on:click=move |_| …` as a button's
//! label), nor a type name of the field layer (a rename of `Checks` to
//! `FieldState` once rewrote a hint's first word). With
//! `POOLDECK_SCREENSHOTS=DIR` each screen is also saved as
//! `DIR/<screen>-<theme>-<width>.png`, to be looked at.

use std::time::Duration;

use serde_json::{json, Value};

use super::actions::settle;
use super::harness::{with_console, Browser, ACCOUNT};

pub const WIDTHS: [u32; 2] = [1400, 1024];
pub const THEMES: [&str; 2] = ["light", "dark"];

async fn seed(b: &Browser) -> (String, String, String) {
    let monitor = b
        .api(
            "POST",
            "/monitors",
            Some(json!({"type": "http", "description": "screens check", "expected_codes": "200"})),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pool = b
        .create_pool(json!({"name": "screens-pool", "description": "looked at", "monitor": monitor,
            "check_regions": ["WEU", "ENAM"],
            "origins": [
                {"name": "web-1", "address": "192.0.2.1", "weight": 0.7},
                {"name": "web-2", "address": "192.0.2.2", "weight": 0.3, "header": {"Host": ["app.example.com"]}},
                {"name": "private", "address": "10.0.0.5", "virtual_network_id": "a5624d4e-044a-4ff0-b3e1-e2465353d4b4", "enabled": false}]}))
        .await;
    let v = b
        .api_call(
            "POST",
            &format!("/accounts/{ACCOUNT}/alerting/v3/policies"),
            Some(json!({"name": "screens alert", "enabled": true,
                "alert_type": "load_balancing_health_alert",
                "mechanisms": {"email": [{"id": "oncall@example.com"}]},
                "filters": {"pool_id": [pool], "new_health": ["Unhealthy"]}})),
        )
        .await;
    assert_eq!(v["success"], json!(true), "{v:#}");
    let alert = v["result"]["id"].as_str().unwrap().to_owned();
    // A running ramp: the Jobs page has a row and the pool page a banner.
    b.start_job(
        &pool,
        json!({"type": "ramp", "endpoint": "web-2", "to": 1.0, "steps": 5, "interval_secs": 3600}),
    )
    .await;
    // An edit, so the pool's history has a version with a diff to show.
    b.api(
        "PATCH",
        &format!("/pools/{pool}"),
        Some(json!({"description": "looked at again", "minimum_origins": 1})),
    )
    .await;
    // Load balancers that use the pool: the load balancers page, the
    // simulator and the detach-and-delete page have something to show.
    let backup = b
        .create_pool(json!({"name": "screens-backup", "check_regions": ["WEU"],
            "origins": [{"name": "backup-1", "address": "192.0.2.1", "weight": 0.5}]}))
        .await;
    let zone = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for lb in [
        json!({"name": "www.example.com", "steering_policy": "off", "proxied": true,
               "default_pools": [pool, backup], "fallback_pool": backup,
               "region_pools": {"WNAM": [pool]}}),
        json!({"name": "api.example.com", "default_pools": [backup], "fallback_pool": pool, "ttl": 30}),
    ] {
        let v = b
            .api_call("POST", &format!("/zones/{zone}/load_balancers"), Some(lb))
            .await;
        assert_eq!(v["success"], json!(true), "{v:#}");
    }
    (pool, monitor, alert)
}

/// What on the page is wider than its box, and any text that looks like
/// Rust source.
async fn problems(b: &Browser) -> Value {
    b.eval(
        "const out = [];
         const root = document.scrollingElement;
         if (root.scrollWidth > root.clientWidth + 1)
             out.push('page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
         for (const el of document.querySelectorAll('.pd-table-wrap')) {
             if (el.scrollWidth > el.clientWidth + 1)
                 out.push('table scrolls sideways: ' + el.scrollWidth + ' > ' + el.clientWidth
                     + ' in ' + (el.querySelector('table') || el).getAttribute('data-testid'));
         }
         // Regression: the pools table ran 24 px into the right margin at
         // 1024 px, which neither check above sees.
         const main = document.querySelector('.pd-main');
         if (main) {
             const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
             for (const t of main.querySelectorAll('table')) {
                 if (t.closest('.pd-table-wrap')) continue;
                 const right = t.getBoundingClientRect().right;
                 if (right > edge + 1)
                     out.push('table runs past the content column: ' + Math.round(right) + ' > '
                         + Math.round(edge) + ' in ' + t.getAttribute('data-testid'));
             }
         }
         const text = document.body.innerText;
         for (const s of ['on:click', 'move ||', '=move', 'prop:value', '.get()',
                          'FieldState', 'FieldMessage', 'NumberRule'])
             if (text.includes(s)) out.push('source text on the page: ' + s);
         return out;",
    )
    .await
}

pub async fn shoot(b: &Browser, name: &str, theme: &str, width: u32) {
    let Some(dir) = std::env::var_os("POOLDECK_SCREENSHOTS") else {
        return;
    };
    let png = b.client.screenshot().await.expect("a screenshot");
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}-{theme}-{width}.png")), png).unwrap();
}

#[tokio::test]
async fn every_screen_fits_both_widths_in_both_themes() {
    with_console(|b| async move {
        let (pool, monitor, alert) = seed(&b).await;
        let pages: Vec<(String, String)> = vec![
            ("pools".into(), "/pools".into()),
            ("pool-detail".into(), format!("/pools/{pool}")),
            ("pool-delete".into(), format!("/pools/{pool}/delete")),
            ("pool-history".into(), format!("/pools/{pool}/history")),
            ("jobs".into(), "/jobs".into()),
            ("job-new".into(), format!("/pools/{pool}/jobs/new")),
            (
                "pool-restore".into(),
                format!(
                    "/pools/{pool}/edit?restore={}",
                    b.pool_history_seqs(&pool)
                        .await
                        .last()
                        .copied()
                        .unwrap_or(0)
                ),
            ),
            ("load-balancers".into(), "/load-balancers".into()),
            ("monitors".into(), "/monitors".into()),
            ("monitor-new".into(), "/monitors/new".into()),
            ("monitor-edit".into(), format!("/monitors/{monitor}")),
            ("group-new".into(), "/monitors/groups/new".into()),
            ("alerts".into(), "/alerts".into()),
            ("alert-new-health".into(), "/alerts/new?type=health".into()),
            (
                "alert-new-enablement".into(),
                "/alerts/new?type=enablement".into(),
            ),
            ("alert-edit".into(), format!("/alerts/{alert}")),
            ("settings".into(), "/settings".into()),
            ("not-found".into(), "/no/such/page".into()),
        ];
        let steps = [
            "pool",
            "endpoints",
            "health",
            "traffic",
            "notifications",
            "review",
        ];
        let mut found = Vec::new();
        for theme in THEMES {
            for width in WIDTHS {
                // Tall enough that a screenshot holds the whole page.
                b.client.set_window_size(width, 1800).await.unwrap();
                b.goto("/pools").await;
                b.eval(&format!(
                    "localStorage.setItem('pooldeck.theme', '{theme}');"
                ))
                .await;
                for (name, path) in &pages {
                    b.goto(path).await;
                    settle(&b).await;
                    assert_eq!(
                        b.eval("return document.documentElement.getAttribute('data-theme')")
                            .await,
                        json!(theme)
                    );
                    shoot(&b, name, theme, width).await;
                    for p in problems(&b).await.as_array().unwrap() {
                        found.push(format!("{name} ({theme}, {width} px): {p}"));
                    }
                }
                // The list's dialogs, whose content is a chunk of its own.
                b.goto("/pools").await;
                settle(&b).await;
                for (name, open, ready, close) in [
                    (
                        "shortcuts-dialog",
                        "[data-testid=shortcuts-help]".to_owned(),
                        "[data-testid=shortcuts-close]",
                        "[data-testid=shortcuts-close]",
                    ),
                    (
                        "delete-dialog",
                        format!("[data-pool-id='{pool}'] [data-testid=pool-delete]"),
                        "[data-testid=delete-blocked]",
                        "[data-testid=delete-cancel]",
                    ),
                ] {
                    b.wait_for(&open).await.click().await.unwrap();
                    b.wait_for(ready).await;
                    settle(&b).await;
                    shoot(&b, name, theme, width).await;
                    for p in problems(&b).await.as_array().unwrap() {
                        found.push(format!("{name} ({theme}, {width} px): {p}"));
                    }
                    b.wait_for(close).await.click().await.unwrap();
                }
                // A bulk change: selected on the list, then reviewed.
                super::actions::open_bulk_for_all(&b).await;
                b.wait_for("input[value=endpoint-weight]")
                    .await
                    .click()
                    .await
                    .unwrap();
                b.wait_for("#bulk-address")
                    .await
                    .send_keys("192.0.2.1")
                    .await
                    .unwrap();
                b.wait_for("#bulk-weight")
                    .await
                    .send_keys("0.4")
                    .await
                    .unwrap();
                for (name, next) in [
                    ("bulk-choose", Some("button[type=submit]")),
                    ("bulk-review", None),
                ] {
                    shoot(&b, name, theme, width).await;
                    for p in problems(&b).await.as_array().unwrap() {
                        found.push(format!("{name} ({theme}, {width} px): {p}"));
                    }
                    if let Some(css) = next {
                        b.wait_for(css).await.click().await.unwrap();
                        b.wait_for("[data-testid=bulk-items]").await;
                        settle(&b).await;
                    }
                }
                // Every step of the wizard, editing the seeded pool.
                b.goto(&format!("/pools/{pool}/edit")).await;
                settle(&b).await;
                for step in steps {
                    b.wait_for(&format!("[data-testid=step-{step}]"))
                        .await
                        .click()
                        .await
                        .unwrap();
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    let name = format!("wizard-{step}");
                    shoot(&b, &name, theme, width).await;
                    for p in problems(&b).await.as_array().unwrap() {
                        found.push(format!("{name} ({theme}, {width} px): {p}"));
                    }
                }
            }
        }
        assert!(found.is_empty(), "{}", found.join("\n"));
    })
    .await;
}
