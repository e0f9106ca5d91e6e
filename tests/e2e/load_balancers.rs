//! Pools in context: the load balancers page, and removing a pool from
//! the load balancers that use it before deleting it. Driven by visible
//! labels, at `/` and under a portal sub-path.

use serde_json::{json, Value};

use super::by_role::{
    clear_by_typing, click_button, click_control, click_link, fill, find, wait_heading,
    wait_path_exact, wait_text, Role,
};
use super::harness::{with_console_at, with_console_configured, Browser};

const ZONE: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// The base path the browser runs under (`""` or `/portal/lb`).
fn base_of(b: &Browser) -> String {
    let after_scheme = b.origin.split("//").nth(1).unwrap_or_default();
    after_scheme
        .find('/')
        .map(|i| after_scheme[i..].to_owned())
        .unwrap_or_default()
}

async fn pool(b: &Browser, name: &str, address: &str) -> String {
    b.create_pool(json!({
        "name": name, "check_regions": ["WEU"],
        "origins": [{"name": format!("{name}-1"), "address": address}]
    }))
    .await
}

async fn balancer(b: &Browser, body: Value) -> Value {
    let reply = b
        .api_call("POST", &format!("/zones/{ZONE}/load_balancers"), Some(body))
        .await;
    assert_eq!(reply["success"], json!(true), "{reply:#}");
    reply["result"].clone()
}

async fn read_balancer(b: &Browser, id: &str) -> Value {
    b.api_call("GET", &format!("/zones/{ZONE}/load_balancers/{id}"), None)
        .await["result"]
        .clone()
}

/// The rendered text of the element matching `css` (whitespace collapsed).
async fn text_of(b: &Browser, css: &str) -> String {
    let v = b
        .eval(&format!(
            "const e = document.querySelector({css:?}); return e ? e.innerText.replace(/\\s+/g, ' ').trim() : null;"
        ))
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

/// Every diff line shown for the load balancer `name`.
async fn diff_lines(b: &Browser, name: &str) -> Vec<String> {
    let v = b
        .eval(&format!(
            "return Array.from(document.querySelectorAll('[data-lb-name=\"{name}\"] [data-testid=lb-diff-line] code')).map(e => e.textContent);"
        ))
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn lists_load_balancers_with_their_pools(b: Browser) {
    let eu = pool(&b, "eu-web", "192.0.2.10").await;
    let us = pool(&b, "us-web", "192.0.2.20").await;
    let api = pool(&b, "api", "192.0.2.30").await;
    // A disabled pool shows as such wherever it is used.
    b.api(
        "PATCH",
        &format!("/pools/{api}"),
        Some(json!({"enabled": false})),
    )
    .await;
    balancer(
        &b,
        json!({"name": "www.example.com", "steering_policy": "off", "proxied": true,
               "default_pools": [eu, us], "fallback_pool": api, "region_pools": {"WNAM": [us]}}),
    )
    .await;
    balancer(
        &b,
        json!({"name": "api.example.com", "default_pools": [api], "fallback_pool": eu, "ttl": 30}),
    )
    .await;

    b.goto("/pools").await;
    wait_heading(&b, "Pools").await;
    click_link(&b, "Load balancers").await;
    wait_heading(&b, "Load balancers").await;
    wait_text(&b, "2 of 2 load balancers").await;
    // Hostname with its zone, steering, proxy mode.
    assert_eq!(
        text_of(&b, "[data-lb-name='www.example.com'] th").await,
        "www.example.com example.com"
    );
    assert_eq!(
        text_of(
            &b,
            "[data-lb-name='www.example.com'] [data-testid=lb-steering]"
        )
        .await,
        "off"
    );
    assert_eq!(
        text_of(&b, "[data-lb-name='api.example.com'] td:nth-of-type(2)").await,
        "DNS only, TTL 30 s"
    );
    // Pools by role, in order, with their health.
    assert_eq!(
        text_of(
            &b,
            "[data-lb-name='www.example.com'] [data-group='Default pools'] dd"
        )
        .await,
        "eu-web Healthy us-web Healthy"
    );
    // A region map that "off" steering ignores is a hidden reference.
    let region = text_of(
        &b,
        "[data-lb-name='www.example.com'] [data-group='Region WNAM']",
    )
    .await;
    assert!(region.contains("hidden reference"), "{region}");
    assert!(region.contains("refuses to delete"), "{region}");
    assert_eq!(
        text_of(
            &b,
            "[data-lb-name='www.example.com'] [data-group='Fallback pool'] dd"
        )
        .await,
        "api Disabled"
    );

    // Search by a pool's name narrows to the load balancers that use it.
    fill(&b, "Search load balancers", "us-web").await;
    wait_text(&b, "1 of 2 load balancers").await;
    fill(&b, "Search load balancers", "nothing-matches").await;
    wait_text(&b, "No load balancer matches this search.").await;
    clear_by_typing(&b, "Search load balancers").await;
    wait_text(&b, "2 of 2 load balancers").await;

    // A pool links to its page, under the sub-path too.
    let link = find(&b, Role::Link, "api Disabled").await;
    link.click().await.unwrap();
    wait_heading(&b, "api").await;
    wait_path_exact(&b, &format!("{}/pools/{api}", base_of(&b))).await;
    super::by_role::assert_no_source_text(&b, "the pool page").await;
}

#[tokio::test]
async fn the_load_balancers_page_lists_each_ones_pools_in_order_with_health() {
    with_console_at("", lists_load_balancers_with_their_pools).await;
}

#[tokio::test]
async fn the_load_balancers_page_works_under_a_sub_path() {
    with_console_at("/portal/lb", lists_load_balancers_with_their_pools).await;
}

/// Two load balancers use `gone`: www as a default pool and a region
/// pool, api as its fallback pool. Returns (gone, keep, www id, api id).
async fn seed_used_pool(b: &Browser) -> (String, String, String, String) {
    let gone = pool(b, "gone", "192.0.2.40").await;
    let keep = pool(b, "keep", "192.0.2.41").await;
    let www = balancer(
        b,
        json!({"name": "www.example.com", "steering_policy": "geo",
               "default_pools": [gone, keep], "fallback_pool": keep,
               "region_pools": {"WNAM": [gone], "WEU": [keep, gone]}}),
    )
    .await;
    let api = balancer(
        b,
        json!({"name": "api.example.com", "default_pools": [keep], "fallback_pool": gone}),
    )
    .await;
    (
        gone,
        keep,
        www["id"].as_str().unwrap().to_owned(),
        api["id"].as_str().unwrap().to_owned(),
    )
}

/// From the pools list: Delete, then the dialog's way through.
async fn open_detach_page(b: &Browser, name: &str, id: &str) {
    b.goto("/pools").await;
    wait_heading(b, "Pools").await;
    click_button(b, &format!("Delete pool {name}")).await;
    click_link(b, "Remove from these load balancers, then delete…").await;
    wait_heading(b, &format!("Delete pool {name}")).await;
    wait_path_exact(b, &format!("{}/pools/{id}/delete", base_of(b))).await;
}

async fn detach_then_delete(b: Browser) {
    let (gone, keep, www, api) = seed_used_pool(&b).await;
    open_detach_page(&b, "gone", &gone).await;
    // Each load balancer's change, as a diff in pool names.
    assert_eq!(
        diff_lines(&b, "www.example.com").await,
        [
            "default_pools: [gone, keep] → [keep]",
            "region_pools.WEU: [keep, gone] → [keep]",
            "region_pools.WNAM: [gone] → (removed)",
        ]
    );
    assert_eq!(
        diff_lines(&b, "api.example.com").await,
        ["fallback_pool: gone → keep"]
    );
    // What it does to traffic, in the simulator's words.
    let traffic = text_of(
        &b,
        "[data-lb-name='www.example.com'] [data-testid=lb-traffic]",
    )
    .await;
    assert!(
        traffic.starts_with("Traffic: www.example.com moves to pool keep"),
        "{traffic}"
    );
    // The replacement fallback is picked from the remaining pools.
    let picker = find(&b, Role::Field, "New fallback pool for api.example.com").await;
    assert_eq!(
        picker.prop("value").await.unwrap().as_deref(),
        Some(keep.as_str())
    );

    // Nothing runs until the name is typed.
    let run = find(&b, Role::Button, "Remove from 2 load balancers and delete").await;
    assert!(run.attr("disabled").await.unwrap().is_some());
    fill(&b, "Type gone to confirm", "gone").await;
    click_button(&b, "Remove from 2 load balancers and delete").await;

    wait_heading(&b, "Pools").await;
    wait_text(&b, "Removed gone from 2 load balancers and deleted it.").await;
    assert!(b.pool_named("gone").await.is_none());
    let www = read_balancer(&b, &www).await;
    assert_eq!(www["default_pools"], json!([keep]));
    assert_eq!(www["region_pools"], json!({"WEU": [keep]}));
    assert_eq!(
        www["steering_policy"],
        json!("geo"),
        "untouched members stay"
    );
    let api = read_balancer(&b, &api).await;
    assert_eq!(api["fallback_pool"], json!(keep));
}

#[tokio::test]
async fn detach_and_delete_a_pool_used_as_default_fallback_and_region_pool() {
    with_console_at("", detach_then_delete).await;
}

#[tokio::test]
async fn detach_and_delete_under_a_sub_path() {
    with_console_at("/portal/lb", detach_then_delete).await;
}

async fn partial_failure_then_resume(b: Browser) {
    let (gone, keep, www, api) = seed_used_pool(&b).await;
    // They run in hostname order: api.example.com, then www.example.com,
    // whose write fails once.
    b.fault(json!({"method": "PATCH", "path": format!("*/load_balancers/{www}"), "status": 503, "times": 1}))
        .await;
    open_detach_page(&b, "gone", &gone).await;
    fill(&b, "Type gone to confirm", "gone").await;
    click_button(&b, "Remove from 2 load balancers and delete").await;

    // Honest about what changed and what did not (once the failed write
    // has answered; until then www.example.com says "Changing…").
    let deadline = std::time::Instant::now() + super::harness::WAIT;
    loop {
        let www_state = text_of(&b, "[data-lb-name='www.example.com'] [data-testid=lb-step]").await;
        if www_state.starts_with("Not changed:") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{www_state}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    wait_text(&b, "1 of 2 load balancers changed.").await;
    assert_eq!(
        text_of(&b, "[data-lb-name='api.example.com'] [data-testid=lb-step]").await,
        "Changed: no longer uses this pool"
    );
    assert!(
        b.pool_named("gone").await.is_some(),
        "nothing is deleted half-way"
    );
    assert_eq!(read_balancer(&b, &api).await["fallback_pool"], json!(keep));
    assert_eq!(
        read_balancer(&b, &www).await["default_pools"],
        json!([gone, keep])
    );

    // Someone edits www.example.com meanwhile: the run stops for review
    // instead of overwriting it.
    let edited = b
        .api_call(
            "PATCH",
            &format!("/zones/{ZONE}/load_balancers/{www}"),
            Some(json!({"description": "edited by someone else"})),
        )
        .await;
    assert_eq!(edited["success"], json!(true), "{edited:#}");
    click_button(&b, "Resume: 1 load balancer left, then delete").await;
    wait_text(
        &b,
        "Changed by someone else since you reviewed it. The change below is redone from the new version; review it, then resume.",
    )
    .await;
    assert!(b.pool_named("gone").await.is_some());

    click_button(&b, "Resume: 1 load balancer left, then delete").await;
    wait_heading(&b, "Pools").await;
    assert!(b.pool_named("gone").await.is_none());
    let www = read_balancer(&b, &www).await;
    assert_eq!(www["default_pools"], json!([keep]));
    assert_eq!(
        www["description"],
        json!("edited by someone else"),
        "the other edit is kept"
    );
}

#[tokio::test]
async fn a_partial_failure_is_reported_and_resumes() {
    with_console_configured(
        "",
        |c| c.fault_injection = true,
        partial_failure_then_resume,
    )
    .await;
}

#[tokio::test]
async fn a_partial_failure_resumes_under_a_sub_path() {
    with_console_configured(
        "/portal/lb",
        |c| {
            c.base_path = "/portal/lb".into();
            c.fault_injection = true;
        },
        partial_failure_then_resume,
    )
    .await;
}

#[tokio::test]
async fn a_load_balancer_left_without_default_pools_is_refused() {
    with_console_at("", |b| async move {
        let only = pool(&b, "only", "192.0.2.50").await;
        let other = pool(&b, "other", "192.0.2.51").await;
        balancer(
            &b,
            json!({"name": "solo.example.com", "default_pools": [only], "fallback_pool": other}),
        )
        .await;
        open_detach_page(&b, "only", &only).await;
        let problem = text_of(&b, "[data-testid=lb-problem]").await;
        assert!(
            problem.contains("this is its only default pool"),
            "{problem}"
        );
        fill(&b, "Type only to confirm", "only").await;
        let run = find(&b, Role::Button, "Remove from 1 load balancer and delete").await;
        assert!(run.attr("disabled").await.unwrap().is_some());
        click_control(&b, "Cancel").await;
        wait_heading(&b, "only").await;
        assert!(b.pool_named("only").await.is_some());
    })
    .await;
}
