//! Pages whose code is a separate wasm chunk (src/pages/chunks.rs): the
//! first load leaves them out, idle time prefetches them, and a failed
//! fetch leaves the console working with a way to retry.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::by_role::{click_button, click_link, wait_heading, wait_text};
use super::harness::{with_console_configured, Browser, WAIT};
use super::screens::{shoot, THEMES, WIDTHS};

/// The split modules the page has requested so far, by file name, with
/// when each request started (ms since navigation).
async fn split_fetches(b: &Browser) -> Vec<(String, f64)> {
    let v = b
        .eval(
            "return performance.getEntriesByType('resource')
               .filter(e => /\\/(split|chunk)_[^/]*\\.wasm$/.test(new URL(e.name).pathname))
               .map(e => [new URL(e.name).pathname.split('/').pop(), e.startTime]);",
        )
        .await;
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e[0].as_str().unwrap_or_default().to_owned(),
                        e[1].as_f64().unwrap_or(0.0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// When the pools list's API answer arrived (ms since navigation).
async fn pools_answered_at(b: &Browser) -> f64 {
    let v: Value = b
        .eval(
            "const e = performance.getEntriesByType('resource')
               .find(e => new URL(e.name).pathname.endsWith('/load_balancers/pools'));
             return e ? e.responseEnd : null;",
        )
        .await;
    v.as_f64().expect("the pools list was fetched")
}

/// The server for these tests: fault injection on, under `base`.
fn with_faults(base: &str) -> impl FnOnce(&mut pooldeck_server::Config) {
    let base = base.to_owned();
    move |c| {
        c.base_path = base;
        c.fault_injection = true;
    }
}

async fn failed_fetch_then_retry(b: Browser) {
    // Every split module fails, from before the page starts.
    b.fault(json!({"path": "*/split_*.wasm", "status": 503}))
        .await;
    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    click_link(&b, "Monitors").await;
    wait_text(&b, "This page could not be loaded.").await;
    // The rest of the console still works.
    assert!(b.find_all("[data-testid=panic-panel]").await.is_empty());
    click_link(&b, "Pools").await;
    wait_heading(&b, "Pools").await;
    click_link(&b, "Monitors").await;
    wait_text(&b, "This page could not be loaded.").await;
    if !b.origin.contains("/portal/") {
        shoot_the_panel(&b).await;
    }
    // The connection is back: Retry fetches again and opens the page.
    b.clear_faults().await;
    click_button(&b, "Retry").await;
    wait_heading(&b, "Monitors").await;
    assert!(b.find_all("[data-testid=chunk-error]").await.is_empty());
}

/// With `POOLDECK_SCREENSHOTS`, the panel in both themes and widths.
async fn shoot_the_panel(b: &Browser) {
    if std::env::var_os("POOLDECK_SCREENSHOTS").is_none() {
        return;
    }
    for theme in THEMES {
        for width in WIDTHS {
            b.client.set_window_size(width, 900).await.unwrap();
            b.eval(&format!(
                "localStorage.setItem('pooldeck.theme', '{theme}');"
            ))
            .await;
            b.goto("/monitors").await;
            wait_text(b, "This page could not be loaded.").await;
            shoot(b, "chunk-error", theme, width).await;
        }
    }
}

#[tokio::test]
async fn a_page_whose_code_fails_to_load_shows_retry_and_retry_opens_it() {
    with_console_configured("", with_faults(""), failed_fetch_then_retry).await;
}

#[tokio::test]
async fn a_page_whose_code_fails_to_load_shows_retry_under_a_sub_path() {
    with_console_configured(
        "/portal/lb",
        with_faults("/portal/lb"),
        failed_fetch_then_retry,
    )
    .await;
}

async fn dialog_content_fails_then_retry(b: Browser) {
    b.create_pool(json!({"name": "doomed", "check_regions": ["WEU"],
        "origins": [{"name": "e1", "address": "192.0.2.1"}]}))
        .await;
    // The dialogs' content is a chunk of its own; it fails from the start,
    // before the idle prefetch could bring it.
    b.fault(json!({"path": "*/split_pool_dialogs.wasm", "status": 503}))
        .await;
    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    click_button(&b, "Delete pool doomed").await;
    // The dialog's frame opens at once, and says what failed inside it.
    let dialog = b.wait_for("[role=dialog]").await;
    wait_text(&b, "This dialog could not be loaded.").await;
    assert!(
        dialog.text().await.unwrap().contains("Delete pool doomed"),
        "the dialog keeps its title"
    );
    assert!(b.find_all("[data-testid=panic-panel]").await.is_empty());
    // Escape still closes it, and the list still works.
    super::actions::type_keys(&b, &fantoccini::key::Key::Escape.to_string()).await;
    let deadline = Instant::now() + WAIT;
    while !b.find_all("[role=dialog]").await.is_empty() {
        assert!(Instant::now() < deadline, "Esc did not close the dialog");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // With the connection back, Retry in the dialog brings its content.
    click_button(&b, "Delete pool doomed").await;
    wait_text(&b, "This dialog could not be loaded.").await;
    b.clear_faults().await;
    click_button(&b, "Retry").await;
    wait_text(
        &b,
        "No load balancer uses this pool. Deleting it cannot be undone.",
    )
    .await;
    super::by_role::fill(&b, "Type doomed to confirm", "doomed").await;
    click_button(&b, "Delete").await;
    wait_text(&b, "Pool doomed deleted").await;
}

/// The list's Enable/Disable button is in the first load; the code behind
/// it is chunk code (`chunks::toggle_pool`). When that chunk cannot be
/// fetched, the click says so, and the pool is left as it was.
async fn toggle_code_fails_then_works(b: Browser) {
    b.create_pool(json!({"name": "steady", "check_regions": ["WEU"],
        "origins": [{"name": "e1", "address": "192.0.2.1"}]}))
        .await;
    b.fault(json!({"path": "*/split_pool_dialogs.wasm", "status": 503}))
        .await;
    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    click_button(&b, "Disable pool steady").await;
    wait_text(
        &b,
        "Could not change pool steady: the code for this action could not be loaded. \
         Check the connection, then retry.",
    )
    .await;
    assert!(b.find_all("[data-testid=panic-panel]").await.is_empty());
    let pool = b.pool_named("steady").await.expect("the pool is there");
    assert_eq!(pool["enabled"], json!(true), "nothing was sent");
    // With the connection back, the same button disables it.
    b.clear_faults().await;
    click_button(&b, "Disable pool steady").await;
    wait_text(&b, "Pool steady disabled").await;
    super::by_role::button(&b, "Enable pool steady").await;
    let pool = b.pool_named("steady").await.expect("the pool is there");
    assert_eq!(pool["enabled"], json!(false));
}

#[tokio::test]
async fn a_toggle_whose_code_fails_to_load_says_so_and_changes_nothing() {
    with_console_configured("", with_faults(""), toggle_code_fails_then_works).await;
}

#[tokio::test]
async fn a_toggle_whose_code_fails_to_load_says_so_under_a_sub_path() {
    with_console_configured(
        "/portal/lb",
        with_faults("/portal/lb"),
        toggle_code_fails_then_works,
    )
    .await;
}

#[tokio::test]
async fn a_dialog_whose_code_fails_to_load_shows_retry_inside_it() {
    with_console_configured("", with_faults(""), dialog_content_fails_then_retry).await;
}

async fn prefetched_when_idle(b: Browser) {
    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    b.wait_for("[data-testid=pool-row], [data-testid=pools-empty]")
        .await;
    // Every area's chunk arrives once the page is idle...
    let expected = [
        "split_pool_dialogs.wasm",
        "split_pool_detail.wasm",
        "split_pool_wizard.wasm",
        "split_monitors.wasm",
        "split_alerts.wasm",
        "split_settings.wasm",
    ];
    let deadline = Instant::now() + WAIT;
    let fetched = loop {
        let fetched = split_fetches(&b).await;
        if expected
            .iter()
            .all(|name| fetched.iter().any(|(f, _)| f == name))
        {
            break fetched;
        }
        assert!(
            Instant::now() < deadline,
            "chunks fetched so far: {fetched:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // ...and only after the list's own data, so they do not slow it.
    let answered = pools_answered_at(&b).await;
    for (name, start) in &fetched {
        assert!(
            *start > answered,
            "{name} was requested at {start} ms, before the pools answer at {answered} ms"
        );
    }
    // Now no page needs the network for its code.
    b.fault(json!({"path": "*.wasm", "status": 503})).await;
    click_link(&b, "Monitors").await;
    wait_heading(&b, "Monitors").await;
    click_link(&b, "Alerts").await;
    wait_heading(&b, "Alerts").await;
    assert!(b.find_all("[data-testid=chunk-error]").await.is_empty());
}

#[tokio::test]
async fn every_chunk_is_prefetched_after_the_first_page_has_its_data() {
    with_console_configured("", with_faults(""), prefetched_when_idle).await;
}

/// Counts, from now on, the modules the page compiles
/// (`window.__compiled`). WebDriver's scripts run outside the page's CSP.
async fn count_compiles(b: &Browser) {
    b.eval(
        "window.__compiled = 0;
         const streaming = WebAssembly.instantiateStreaming;
         WebAssembly.instantiateStreaming = (...args) => { window.__compiled++; return streaming(...args); };
         const plain = WebAssembly.instantiate;
         WebAssembly.instantiate = (...args) => { window.__compiled++; return plain(...args); };
         return 0;",
    )
    .await;
}

async fn compiled(b: &Browser) -> u64 {
    b.eval("return window.__compiled;")
        .await
        .as_u64()
        .unwrap_or(0)
}

/// Regression: the idle prefetch compiled and instantiated every area
/// right after the list had shown, which held a slow phone's main thread
/// for seconds (Lighthouse mobile: 700–1,100 ms of blocking time). It now
/// only fetches the files into the HTTP cache; an area compiles when it is
/// opened, from the cache.
async fn prefetched_without_compiling(b: Browser) {
    b.goto("/pools").await;
    // Once the console runs (its own module is instantiated, which the
    // boot script may do after the page's load event), and before the
    // prefetch begins (it waits for a second without input after
    // start-up), the counter is put in place.
    wait_heading(&b, "Pools").await;
    count_compiles(&b).await;
    let expected = [
        "split_pool_dialogs.wasm",
        "split_monitors.wasm",
        "split_settings.wasm",
    ];
    let deadline = Instant::now() + WAIT;
    loop {
        let fetched = split_fetches(&b).await;
        if expected
            .iter()
            .all(|name| fetched.iter().any(|(f, _)| f == name))
        {
            break;
        }
        assert!(Instant::now() < deadline, "fetched so far: {fetched:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(compiled(&b).await, 0, "the prefetch compiled modules");
    // Opened, an area compiles, and its code comes from the cache.
    b.fault(json!({"path": "*.wasm", "status": 503})).await;
    click_link(&b, "Settings").await;
    wait_heading(&b, "Settings").await;
    assert!(b.find_all("[data-testid=chunk-error]").await.is_empty());
    assert!(compiled(&b).await > 0, "opening Settings compiled its area");
}

#[tokio::test]
async fn the_idle_prefetch_fetches_chunks_without_compiling_them() {
    with_console_configured("", with_faults(""), prefetched_without_compiling).await;
}

#[tokio::test]
async fn the_idle_prefetch_finds_its_files_under_a_sub_path() {
    with_console_configured(
        "/portal/lb",
        with_faults("/portal/lb"),
        prefetched_without_compiling,
    )
    .await;
}

#[tokio::test]
async fn a_dialog_whose_code_fails_to_load_shows_retry_under_a_sub_path() {
    with_console_configured(
        "/portal/lb",
        with_faults("/portal/lb"),
        dialog_content_fails_then_retry,
    )
    .await;
}

/// Regression: the idle prefetch fetched a file in every idle period, and
/// idle periods come between keystrokes, so each answer was handled in
/// the middle of someone's typing (the search and weight benchmarks'
/// profiles showed it in every keystroke series). It now waits for a
/// second without input before each file.
async fn prefetch_pauses_while_typing(b: Browser) {
    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    b.wait_for("[data-testid=pool-row], [data-testid=pools-empty]")
        .await;
    let deadline = Instant::now() + WAIT;
    while split_fetches(&b).await.is_empty() {
        assert!(Instant::now() < deadline, "the prefetch never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Four seconds of typing in the search box, a keystroke every 100 ms,
    // the way a browser delivers them (keydown, then input).
    b.eval(
        "const box = document.querySelector('[data-testid=pool-search]');
         window.__typing = { start: performance.now(), end: null };
         let n = 0;
         const timer = setInterval(() => {
           box.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
           box.value = n % 2 ? '' : 'x';
           box.dispatchEvent(new Event('input', { bubbles: true }));
           if (++n === 40) { clearInterval(timer); window.__typing.end = performance.now(); }
         }, 100);
         return 0;",
    )
    .await;
    let deadline = Instant::now() + WAIT;
    let (start, end) = loop {
        let t = b.eval("return window.__typing;").await;
        if let Some(end) = t["end"].as_f64() {
            break (t["start"].as_f64().unwrap_or(0.0), end);
        }
        assert!(Instant::now() < deadline, "the typing never ended");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // A file already asked for when the typing began may still start.
    let during: Vec<_> = split_fetches(&b)
        .await
        .into_iter()
        .filter(|(_, at)| *at > start + 250.0 && *at < end)
        .collect();
    assert!(during.is_empty(), "fetched while typing: {during:?}");
    // Once the typing has stopped, the prefetch goes on.
    let deadline = Instant::now() + WAIT;
    while !split_fetches(&b).await.iter().any(|(_, at)| *at > end) {
        assert!(Instant::now() < deadline, "the prefetch did not resume");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_prefetch_waits_while_someone_types() {
    with_console_configured("", with_faults(""), prefetch_pauses_while_typing).await;
}

/// A page whose code the server takes and never answers: the fetch is
/// given up at the link module's time limit (20 s, added by the build in
/// `xtask/src/chunk_time_limit.rs`), the page shows Retry, and Retry opens
/// it. Before the limit the page said "Loading…" for as long as the
/// connection stayed open.
async fn hung_fetch_then_retry(b: Browser) {
    // Held longer than the limit, once; the retry's fetch is answered.
    b.fault(json!({"path": "*/split_monitors.wasm", "latency_ms": 40_000, "times": 1}))
        .await;
    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    let clicked = Instant::now();
    click_link(&b, "Monitors").await;
    wait_text(&b, "Loading…").await;
    let deadline = clicked + Duration::from_secs(35);
    while b.find_all("[data-testid=chunk-error]").await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "no error panel 35 s after the click: the hung fetch was not given up"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let waited = clicked.elapsed();
    assert!(
        waited >= Duration::from_secs(18),
        "given up after {waited:?}, before the 20 s limit"
    );
    wait_text(&b, "This page could not be loaded.").await;
    assert!(b.find_all("[data-testid=panic-panel]").await.is_empty());
    click_button(&b, "Retry").await;
    wait_heading(&b, "Monitors").await;
    assert!(b.find_all("[data-testid=chunk-error]").await.is_empty());
}

#[tokio::test]
async fn a_page_whose_code_never_arrives_is_given_up_at_the_time_limit() {
    with_console_configured("", with_faults(""), hung_fetch_then_retry).await;
}
