//! The pools list at 2,000 pools: only a window of rows is in the DOM, the
//! scrollbar still spans the whole list, the keyboard reaches a pool far
//! down and opens it, a focused row keeps its focus while it is scrolled
//! out of view and back, and search finds any pool.

use serde_json::{json, Value};

use super::actions::type_keys as press;
use super::by_role::{field, find, wait_heading, wait_path_exact, Role};
use super::harness::{with_console_configured, Browser};

const POOLS: usize = 2_000;
/// More rows than this in the DOM means the list is not windowed.
const MAX_RENDERED: usize = 80;

/// Seeds `pool-0000`… through the API; pool `i`'s endpoint is at
/// 192.0.2.(i % 250 + 1).
async fn seed(b: &Browser) -> Vec<String> {
    let mut ids = Vec::with_capacity(POOLS);
    for i in 0..POOLS {
        ids.push(
            b.create_pool(json!({
                "name": format!("pool-{i:04}"),
                "description": format!("team {}", i % 37),
                "check_regions": ["WEU"],
                "origins": [{"name": "a", "address": format!("192.0.2.{}", i % 250 + 1)}],
            }))
            .await,
        );
    }
    ids
}

async fn rendered_rows(b: &Browser) -> usize {
    b.find_all("[data-testid=pool-row]").await.len()
}

/// The accessible name of the focused element's row, if focus is in one.
async fn focused_pool(b: &Browser) -> Value {
    b.eval(
        "const r = document.activeElement && document.activeElement.closest('tr[data-pool-name]'); \
         return r && r.getAttribute('data-pool-name');",
    )
    .await
}

/// Waits until focus is in the row of `pool` (a row far away renders and
/// takes focus a frame after it becomes current).
async fn wait_focused(b: &Browser, pool: &str, why: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now = focused_pool(b).await;
        if now == json!(pool) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "focus is on {now:?}, not {pool}: {why}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Scrolls the list's box as a wheel would, to `top` (a script
/// expression over `box` and `row`, the first rendered row), and waits a
/// few frames for the window to follow.
async fn scroll_to(b: &Browser, top: &str) {
    b.eval(&format!(
        "const box = document.querySelector('[role=region][aria-label=\"Pools (scrolls)\"]'); \
         const row = document.querySelector('[data-testid=pool-row]'); \
         box.scrollTop = {top}; return true;"
    ))
    .await;
    b.eval(
        "return await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => \
         requestAnimationFrame(() => r(true)))));",
    )
    .await;
}

/// With `POOLDECK_SCREENSHOTS`, the windowed list in both themes at both
/// widths, at the top and scrolled half-way, as
/// `pools-long[-scrolled]-<theme>-<width>.png` (the screens test shows only
/// short lists, which are not windowed).
async fn shoot_long_list(b: &Browser) {
    if std::env::var_os("POOLDECK_SCREENSHOTS").is_none() {
        return;
    }
    for theme in super::screens::THEMES {
        for width in super::screens::WIDTHS {
            b.client.set_window_size(width, 1000).await.unwrap();
            b.eval(&format!(
                "localStorage.setItem('pooldeck.theme', '{theme}'); return true"
            ))
            .await;
            b.goto("/pools").await;
            b.wait_for_text(
                "[data-testid=pools-count]",
                &format!("{POOLS} of {POOLS} pools"),
            )
            .await;
            super::actions::settle(b).await;
            super::screens::shoot(b, "pools-long", theme, width).await;
            // Scrolled half-way: the window has moved, and the rows above
            // and below it are spacers.
            scroll_to(b, "box.scrollHeight / 2").await;
            super::actions::settle(b).await;
            super::screens::shoot(b, "pools-long-scrolled", theme, width).await;
        }
    }
    // Back to the harness's window (its --window-size) and theme.
    b.client.set_window_size(1280, 900).await.unwrap();
    b.eval("localStorage.removeItem('pooldeck.theme'); return true")
        .await;
    b.goto("/pools").await;
}

#[tokio::test]
async fn a_long_pools_list_renders_a_window_and_stays_usable() {
    // A standard account holds 20 pools; an Enterprise one, 2,000.
    with_console_configured("", |c| c.quotas = pooldeck_server::Quotas::ENTERPRISE, |b| async move {
        let ids = seed(&b).await;
        b.goto("/pools").await;
        shoot_long_list(&b).await;
        wait_heading(&b, "Pools").await;
        b.wait_for_text("[data-testid=pools-count]", &format!("{POOLS} of {POOLS} pools"))
            .await;
        find(&b, Role::Link, "pool-0000").await;

        // Only a window is rendered, and the table says how long it is.
        let n = rendered_rows(&b).await;
        assert!(
            n > 5 && n <= MAX_RENDERED,
            "{n} rows in the DOM for {POOLS} pools"
        );
        let rowcount = b
            .eval("return document.querySelector('[data-testid=pools-table]').getAttribute('aria-rowcount')")
            .await;
        assert_eq!(rowcount, json!((POOLS + 1).to_string()));
        // The scrollbar reflects the whole list: its box is as tall as
        // every row would be.
        let heights = b
            .eval(
                "const box = document.querySelector('[role=region][aria-label=\"Pools (scrolls)\"]'); \
                 const row = document.querySelector('[data-testid=pool-row]'); \
                 return [box.scrollHeight, row.offsetHeight, box.clientHeight];",
            )
            .await;
        let (scroll_h, row_h, view_h) = (
            heights[0].as_f64().unwrap(),
            heights[1].as_f64().unwrap(),
            heights[2].as_f64().unwrap(),
        );
        assert!(view_h < scroll_h / 10.0, "the list scrolls in its box");
        assert!(
            (scroll_h - row_h * POOLS as f64).abs() < row_h * 10.0,
            "scroll height {scroll_h} for {POOLS} rows of {row_h} px"
        );

        // The keyboard moves through every pool, rendered or not: 120 rows
        // down is far outside the first window; Enter opens it.
        b.eval("document.activeElement && document.activeElement.blur(); return true")
            .await;
        press(&b, "j").await;
        wait_focused(&b, "pool-0000", "j from nowhere").await;
        press(&b, &"j".repeat(119)).await;
        wait_focused(&b, "pool-0119", "119 rows down").await;
        assert!(rendered_rows(&b).await <= MAX_RENDERED);
        let index = b
            .eval("return document.activeElement.closest('tr').getAttribute('aria-rowindex')")
            .await;
        assert_eq!(index, json!("121"), "the row says where it is in the list");
        press(&b, &fantoccini::key::Key::Enter.to_string()).await;
        wait_path_exact(&b, &format!("/pools/{}", ids[119])).await;
        wait_heading(&b, "pool-0119").await;

        // A focused row keeps its focus while it is scrolled away and back.
        b.client.back().await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", &format!("{POOLS} of {POOLS} pools"))
            .await;
        b.eval("document.activeElement && document.activeElement.blur(); return true")
            .await;
        press(&b, "jjjj").await;
        wait_focused(&b, "pool-0003", "four rows down").await;
        scroll_to(&b, "box.scrollHeight").await;
        find(&b, Role::Link, "pool-1999").await;
        assert!(rendered_rows(&b).await <= MAX_RENDERED);
        wait_focused(&b, "pool-0003", "its row scrolled out of view").await;
        scroll_to(&b, "0").await;
        wait_focused(&b, "pool-0003", "its row scrolled back").await;
        press(&b, "j").await;
        wait_focused(&b, "pool-0004", "j after scrolling back").await;

        // Far down by scrolling, a pool disabled from the keyboard: the
        // refreshed list stays where it was, with the focus where it was
        // (it was rebuilt, back at the top with the focus lost).
        scroll_to(&b, "row.offsetHeight * 995").await;
        b.wait_for("[data-pool-name=pool-1000] [data-testid=pool-toggle]")
            .await;
        b.eval("document.querySelector('[data-pool-name=pool-1000] [data-testid=pool-toggle]').focus(); return true")
            .await;
        press(&b, &fantoccini::key::Key::Enter.to_string()).await;
        b.wait_for_text("[data-pool-name=pool-1000] td:nth-child(3)", "Disabled")
            .await;
        // (The wider "Disabled" badge re-flows every row: the list keeps
        // the same rows in view, not the same pixel offset.)
        assert_eq!(
            b.eval("const box = document.querySelector('[role=region][aria-label=\"Pools (scrolls)\"]').getBoundingClientRect(); \
                    const row = document.querySelector('[data-pool-name=pool-1000]').getBoundingClientRect(); \
                    return row.top >= box.top && row.bottom <= box.bottom")
                .await,
            json!(true),
            "the list stays scrolled where it was"
        );
        assert_eq!(
            b.eval("return document.activeElement.getAttribute('aria-label')").await,
            json!("Enable pool pool-1000"),
            "the focus stays on the button that was pressed: {}", b.eval("return document.activeElement.outerHTML.slice(0, 300)").await
        );

        // Far down by scrolling, then opened by its link.
        find(&b, Role::Link, "pool-1000").await.click().await.unwrap();
        wait_path_exact(&b, &format!("/pools/{}", ids[1000])).await;
        wait_heading(&b, "pool-1000").await;

        // Search finds a pool anywhere in the list, and filters the window.
        b.goto("/pools").await;
        b.wait_for_text("[data-testid=pools-count]", &format!("{POOLS} of {POOLS} pools"))
            .await;
        field(&b, "Search pools").await.send_keys("pool-1998").await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", &format!("1 of {POOLS} pools"))
            .await;
        find(&b, Role::Link, "pool-1998").await;
        assert_eq!(rendered_rows(&b).await, 1);
        let search = field(&b, "Search pools").await;
        search.clear().await.unwrap();
        // Where is this address used? Pools 249, 499, … 1999.
        search.send_keys("192.0.2.250").await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", &format!("8 of {POOLS} pools"))
            .await;
        assert_eq!(rendered_rows(&b).await, 8);
        find(&b, Role::Link, "pool-1999").await;

        // A typo and back: the rows in view are filled in again, not built
        // anew (they were, one component per row, when a search went to no
        // match and back), and the places kept for them are never counted,
        // shown or reached.
        search.clear().await.unwrap();
        search.send_keys("pool").await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", &format!("{POOLS} of {POOLS} pools"))
            .await;
        let marked = b
            .eval("const rows = document.querySelectorAll('[data-testid=pool-row]');                    rows.forEach(r => { r.pooldeckKept = true; }); return rows.length")
            .await;
        search.send_keys("zzz").await.unwrap();
        b.wait_for("[data-testid=pools-no-match]").await;
        assert_eq!(rendered_rows(&b).await, 0, "no pool row while nothing matches");
        assert_eq!(
            b.eval("return Array.from(document.querySelectorAll('[data-testid=pools-table] tbody tr'))                     .filter(r => r.offsetHeight > 0 && !r.classList.contains('pd-spacer')).length")
                .await,
            json!(0),
            "a kept place shows nothing"
        );
        search
            .send_keys(&fantoccini::key::Key::Backspace.to_string().repeat(3))
            .await
            .unwrap();
        b.wait_for_text("[data-testid=pools-count]", &format!("{POOLS} of {POOLS} pools"))
            .await;
        find(&b, Role::Link, "pool-0000").await;
        assert_eq!(
            b.eval("const rows = Array.from(document.querySelectorAll('[data-testid=pool-row]'));                     return [rows.length, rows.every(r => r.pooldeckKept === true)]")
                .await,
            json!([marked, true]),
            "the same rows, filled in again"
        );
        b.assert_no_console_errors().await;
    })
    .await;
}
