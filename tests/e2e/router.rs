//! The console's own router (`src/router`): Back and Forward stay inside
//! the document and show the page each address names, the main
//! navigation marks where the person is, and only plain clicks on in-app
//! links are taken over, at the root and under a portal's sub-path.

use serde_json::json;

use super::by_role::{find_in, link, wait_heading, wait_path_exact, Role};
use super::harness::{with_console, with_console_at, Browser};

/// The main navigation's link named `name`.
async fn nav_link(b: &Browser, name: &str) -> fantoccini::elements::Element {
    let nav = b.wait_for("nav[aria-label=Main]").await;
    find_in(b, &nav, Role::Link, name).await
}

/// Which main navigation item says it is the current page.
async fn current_section(b: &Browser) -> Vec<String> {
    let mut out = Vec::new();
    for a in b
        .find_all("nav[aria-label=Main] a[aria-current=page]")
        .await
    {
        out.push(a.text().await.unwrap());
    }
    out
}

/// Waits for the heading, then checks the navigation marks `section`.
async fn at(b: &Browser, heading: &str, section: &str) {
    wait_heading(b, heading).await;
    assert_eq!(current_section(b).await, [section], "on {heading:?}");
}

async fn back_and_forward(b: Browser, base: &str) {
    let pool = |name: &str| json!({"name": name, "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]});
    let alpha = b.create_pool(pool("alpha")).await;
    b.create_pool(pool("beta")).await;
    b.goto("/pools").await;
    at(&b, "Pools", "Pools").await;
    // A marker on window survives navigation inside the page, not a load.
    b.eval("window.__pooldeckMarker = 1").await;

    link(&b, "alpha").await.click().await.unwrap();
    at(&b, "alpha", "Pools").await;
    wait_path_exact(&b, &format!("{base}/pools/{alpha}")).await;
    nav_link(&b, "Monitors").await.click().await.unwrap();
    at(&b, "Monitors", "Monitors").await;

    b.client.back().await.unwrap();
    at(&b, "alpha", "Pools").await;
    b.client.back().await.unwrap();
    at(&b, "Pools", "Pools").await;
    wait_path_exact(&b, &format!("{base}/pools")).await;
    b.client.forward().await.unwrap();
    at(&b, "alpha", "Pools").await;

    // Bug this router must not have: one pool's page kept, with its data,
    // when the address moves to another pool.
    nav_link(&b, "Pools").await.click().await.unwrap();
    at(&b, "Pools", "Pools").await;
    link(&b, "beta").await.click().await.unwrap();
    at(&b, "beta", "Pools").await;
    b.client.back().await.unwrap();
    at(&b, "Pools", "Pools").await;
    b.client.back().await.unwrap();
    at(&b, "alpha", "Pools").await;
    wait_path_exact(&b, &format!("{base}/pools/{alpha}")).await;

    assert_eq!(
        b.eval("return window.__pooldeckMarker").await,
        json!(1),
        "a navigation reloaded the document"
    );
    b.assert_no_console_errors().await;
}

#[tokio::test]
async fn back_and_forward_show_each_address_in_the_page() {
    with_console(|b| back_and_forward(b, "")).await;
}

#[tokio::test]
async fn back_and_forward_show_each_address_under_a_sub_path() {
    with_console_at("/portal/lb", |b| back_and_forward(b, "/portal/lb")).await;
}

/// Dispatches a click on the first element matching `css` with the
/// modifier keys of `init` and reports whether the console took it over
/// (called `preventDefault`). A listener on `window`, which runs after
/// the console's on `document`, records that and then stops the browser
/// from following the link, so the page stays for the next probe.
async fn taken_over(b: &Browser, css: &str, init: &str) -> bool {
    let script = format!(
        "const el = document.querySelector({css:?});
         let seen = null;
         const probe = (ev) => {{ seen = ev.defaultPrevented; ev.preventDefault(); }};
         window.addEventListener('click', probe);
         el.dispatchEvent(new MouseEvent('click', Object.assign({{bubbles: true, cancelable: true}}, {init})));
         window.removeEventListener('click', probe);
         return seen;"
    );
    b.eval(&script)
        .await
        .as_bool()
        .expect("the probe saw the click")
}

#[tokio::test]
async fn only_plain_clicks_on_in_app_links_are_taken_over() {
    with_console(|b| async move {
        b.goto("/pools").await;
        wait_heading(&b, "Pools").await;
        let monitors = "nav[aria-label=Main] a[data-testid=nav-monitors]";
        for keys in [
            "{ctrlKey: true}",
            "{metaKey: true}",
            "{shiftKey: true}",
            "{altKey: true}",
        ] {
            assert!(
                !taken_over(&b, monitors, keys).await,
                "a click with {keys}: a new tab or window"
            );
        }
        assert!(
            !taken_over(&b, monitors, "{button: 1}").await,
            "a middle click"
        );
        let brand = "[data-testid=brand]";
        b.eval("document.querySelector('[data-testid=brand]').setAttribute('target', '_blank')")
            .await;
        assert!(!taken_over(&b, brand, "{}").await, "a link with a target");
        // None of those probes navigated; a plain click does.
        wait_path_exact(&b, "/pools").await;
        assert!(taken_over(&b, monitors, "{}").await, "a plain click");
        wait_heading(&b, "Monitors").await;
        wait_path_exact(&b, "/monitors").await;

        // Bug: with `<base href>` at the console's root, the browser
        // resolves `#main` to the root, so the skip link loaded the pools
        // list from every page. It now moves focus to the content, here.
        b.eval("window.__pooldeckMarker = 2").await;
        // From the keyboard, as it is used: it is off-screen until focused.
        b.wait_for("[data-testid=skip-link]")
            .await
            .send_keys(&fantoccini::key::Key::Enter.to_string())
            .await
            .unwrap();
        let focused =
            "return document.activeElement.id || document.activeElement.outerHTML.slice(0, 80)";
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let now = b.eval(focused).await;
            if now == json!("main") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "focus is on {now}, not the content"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        wait_path_exact(&b, "/monitors").await;
        wait_heading(&b, "Monitors").await;
        assert_eq!(b.eval("return window.__pooldeckMarker").await, json!(2));
        b.assert_no_console_errors().await;
    })
    .await;
}
