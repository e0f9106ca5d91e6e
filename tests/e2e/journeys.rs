//! Journeys as a portal team would write them: a person's path through the
//! console, found only by what is on screen (`by_role`), checked by the
//! exact address landed on and the page's heading there.
//!
//! Every journey runs twice: with the console at `/`, and under the
//! portal sub-path `/portal/lb/`, where a path built with the base added
//! twice (`/portal/lb/portal/lb/…`) lands on "Page not found".

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::actions::type_keys as press;
use super::by_role::{
    all, assert_no_source_text, button, clear_by_typing, click_button, click_control, click_link,
    description, disclosure_text, field, fill, find, find_in, names_of, table_rows, wait_heading,
    wait_path_exact, Role, Shown,
};
use super::harness::{with_console, with_console_at, with_console_configured, Browser, ACCOUNT};

const PORTAL: &str = "/portal/lb";

/// Declares `$journey` (an `async fn(Browser)`) as two tests: at the root
/// and under the portal sub-path.
macro_rules! at_root_and_under_a_portal {
    ($($journey:ident),* $(,)?) => {$(
        mod $journey {
            #[tokio::test]
            async fn at_the_root() {
                super::with_console(super::$journey).await;
            }

            #[tokio::test]
            async fn under_a_portal_sub_path() {
                super::with_console_at(super::PORTAL, super::$journey).await;
            }
        }
    )*};
}

at_root_and_under_a_portal!(
    cancel_returns_to_where_the_form_belongs,
    list_shortcuts_open_the_pool_and_its_editor,
    saving_a_monitor_or_a_group_returns_to_monitors,
    saving_an_alert_returns_to_where_it_was_started,
    deleting_a_pool_and_saving_the_wizard_land_on_the_right_page,
    a_pool_with_every_default_saves_on_a_standard_account,
    endpoint_rows_show_exactly_what_review_and_the_saved_pool_hold,
    removing_a_row_keeps_the_error_of_the_row_that_stays,
);

/// The base path the console is served under (`""` or `/portal/lb`).
fn base(b: &Browser) -> String {
    let after_scheme = b.origin.split_once("://").map_or("", |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or(String::new(), |i| after_scheme[i..].to_owned())
}

/// Waits until the console shows `path` (under its base) with a heading
/// `heading`.
async fn lands_on(b: &Browser, path: &str, heading: &str) {
    wait_path_exact(b, &format!("{}{path}", base(b))).await;
    wait_heading(b, heading).await;
}

/// Opens `path` (under the base) as a typed address or a bookmark would.
async fn open(b: &Browser, path: &str, heading: &str) {
    b.goto(path).await;
    wait_heading(b, heading).await;
}

async fn seed_pool(b: &Browser, name: &str) -> String {
    b.create_pool(json!({"name": name, "check_regions": ["WEU"],
        "origins": [{"name": "a", "address": "192.0.2.1"}]}))
        .await
}

async fn seed_monitor(b: &Browser, description: &str) -> String {
    b.api(
        "POST",
        "/monitors",
        Some(json!({"type": "http", "description": description, "expected_codes": "200"})),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn seed_alert(b: &Browser, pool: &str) -> String {
    let path = format!("/accounts/{ACCOUNT}/alerting/v3/policies");
    let v = b
        .api_call(
            "POST",
            &path,
            Some(json!({"name": "seeded alert", "enabled": true,
                "alert_type": "load_balancing_health_alert",
                "mechanisms": {"email": [{"id": "oncall@example.com"}]},
                "filters": {"pool_id": [pool], "new_health": ["Unhealthy"]}})),
        )
        .await;
    assert_eq!(v["success"], json!(true), "{v:#}");
    v["result"]["id"].as_str().unwrap().to_owned()
}

// Regression (defect 3): Cancel on the monitor, monitor group and alert
// forms went to `/portal/lb/portal/lb/…` under a sub-path.
async fn cancel_returns_to_where_the_form_belongs(b: Browser) {
    let pool = seed_pool(&b, "web").await;
    let monitor = seed_monitor(&b, "seeded check").await;
    let alert = seed_alert(&b, &pool).await;

    let forms: Vec<(String, &str, String, &str)> = vec![
        (
            "/pools/new".into(),
            "Step 1 of 6: Pool",
            "/pools".into(),
            "Pools",
        ),
        (
            format!("/pools/{pool}/edit"),
            "Step 1 of 6: Pool",
            format!("/pools/{pool}"),
            "web",
        ),
        (
            "/monitors/new".into(),
            "Create monitor",
            "/monitors".into(),
            "Monitors",
        ),
        (
            format!("/monitors/{monitor}"),
            "Edit monitor",
            "/monitors".into(),
            "Monitors",
        ),
        (
            "/monitors/groups/new".into(),
            "Create monitor group",
            "/monitors".into(),
            "Monitors",
        ),
        (
            "/alerts/new?type=health".into(),
            "Create alert",
            "/alerts".into(),
            "Alerts",
        ),
        (
            "/alerts/new?type=enablement".into(),
            "Create alert",
            "/alerts".into(),
            "Alerts",
        ),
        (
            format!("/alerts/{alert}"),
            "Edit alert",
            "/alerts".into(),
            "Alerts",
        ),
    ];
    for (form, form_heading, back, back_heading) in forms {
        open(&b, &form, form_heading).await;
        // The form has loaded its data: Cancel is there.
        click_control(&b, "Cancel").await;
        lands_on(&b, &back, back_heading).await;
        assert!(
            all(&b, Role::Heading, "Page not found").await.is_empty(),
            "Cancel on {form} showed Page not found"
        );
    }
    b.assert_no_console_errors().await;
}

async fn has_focus(b: &Browser, el: &fantoccini::elements::Element) -> bool {
    b.client
        .execute(
            "return document.activeElement === arguments[0]",
            vec![json!(el)],
        )
        .await
        .unwrap()
        == json!(true)
}

async fn blur(b: &Browser) {
    b.eval("document.activeElement && document.activeElement.blur(); return true")
        .await;
}

// Regression (defect 3): Enter and `e` built `{base}/pools/{id}` and
// navigate() added the base again: "Page not found" under a sub-path.
async fn list_shortcuts_open_the_pool_and_its_editor(b: Browser) {
    let mut ids = Vec::new();
    for name in ["alpha", "bravo", "charlie"] {
        ids.push(seed_pool(&b, name).await);
    }
    open(&b, "/pools", "Pools").await;
    find(&b, Role::Link, "charlie").await;
    blur(&b).await;

    press(&b, "/").await;
    assert!(
        has_focus(&b, &field(&b, "Search pools").await).await,
        "/ focuses the search"
    );
    blur(&b).await;

    press(&b, "j").await;
    assert!(
        has_focus(&b, &find(&b, Role::Link, "alpha").await).await,
        "j: first pool"
    );
    press(&b, "j").await;
    assert!(
        has_focus(&b, &find(&b, Role::Link, "bravo").await).await,
        "j: next pool"
    );
    press(&b, "j").await;
    press(&b, "k").await;
    assert!(
        has_focus(&b, &find(&b, Role::Link, "bravo").await).await,
        "k: previous pool"
    );

    // Enter with focus on the page (not on the row's link, which would
    // follow itself) is the shortcut's own.
    blur(&b).await;
    press(&b, &Key::Enter.to_string()).await;
    lands_on(&b, &format!("/pools/{}", ids[1]), "bravo").await;

    open(&b, "/pools", "Pools").await;
    find(&b, Role::Link, "charlie").await;
    blur(&b).await;
    press(&b, "j").await;
    press(&b, "e").await;
    lands_on(&b, &format!("/pools/{}/edit", ids[0]), "Step 1 of 6: Pool").await;
    b.assert_no_console_errors().await;
}

// Regression (defect 3): the group form's save redirect built its path
// with the base and navigate() added it again.
async fn saving_a_monitor_or_a_group_returns_to_monitors(b: Browser) {
    open(&b, "/monitors", "Monitors").await;
    click_link(&b, "Create monitor").await;
    lands_on(&b, "/monitors/new", "Create monitor").await;
    fill(&b, "Description", "journey check").await;
    click_button(&b, "Create monitor").await;
    lands_on(&b, "/monitors", "Monitors").await;
    find(&b, Role::Link, "journey check").await;

    click_link(&b, "Create monitor group").await;
    lands_on(&b, "/monitors/groups/new", "Create monitor group").await;
    fill(&b, "Description", "journey group").await;
    click_button(&b, "Add member").await;
    field(&b, "Member 1 monitor")
        .await
        .select_by_label("journey check")
        .await
        .unwrap();
    click_button(&b, "Save monitor group").await;
    lands_on(&b, "/monitors", "Monitors").await;
    find(&b, Role::Link, "journey group").await;
    b.assert_no_console_errors().await;
}

// Regression (defect 3): the alert form's return after saving was computed
// with the base while rendering, and navigate() added it again.
async fn saving_an_alert_returns_to_where_it_was_started(b: Browser) {
    let pool = seed_pool(&b, "web").await;
    open(&b, &format!("/pools/{pool}"), "web").await;
    click_link(&b, "Add an alert for this pool").await;
    wait_heading(&b, "Create alert").await;
    fill(&b, "Name", "web down").await;
    fill(&b, "Email recipients", "ops@example.com").await;
    click_button(&b, "Save alert").await;
    lands_on(&b, &format!("/pools/{pool}"), "web").await;
    find(&b, Role::Link, "web down").await;

    open(&b, "/alerts", "Alerts").await;
    click_link(&b, "Create health alert").await;
    wait_heading(&b, "Create alert").await;
    fill(&b, "Name", "any pool down").await;
    find(&b, Role::Radio, "Every pool")
        .await
        .click()
        .await
        .unwrap();
    fill(&b, "Email recipients", "ops@example.com").await;
    click_button(&b, "Save alert").await;
    lands_on(&b, "/alerts", "Alerts").await;
    find(&b, Role::Link, "any pool down").await;
    assert_eq!(b.policies().await.len(), 2);
    b.assert_no_console_errors().await;
}

/// Waits until `el` can be typed into (a field disabled while it loads).
async fn wait_enabled(el: &fantoccini::elements::Element) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !el.is_enabled().await.unwrap() {
        assert!(Instant::now() < deadline, "the field never became usable");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// Regression (defect 3): the redirects after deleting a pool and after
// the wizard's save must land on the pools list and the pool's page.
async fn deleting_a_pool_and_saving_the_wizard_land_on_the_right_page(b: Browser) {
    let doomed = seed_pool(&b, "doomed").await;
    open(&b, &format!("/pools/{doomed}"), "doomed").await;
    click_button(&b, "Delete").await;
    let dialog = find(&b, Role::Dialog, "Delete pool doomed").await;
    let confirm = field(&b, "Type doomed to confirm").await;
    wait_enabled(&confirm).await;
    confirm.send_keys("doomed").await.unwrap();
    find_in(&b, &dialog, Role::Button, "Delete")
        .await
        .click()
        .await
        .unwrap();
    lands_on(&b, "/pools", "Pools").await;
    assert!(b.pool_named("doomed").await.is_none());

    let kept = seed_pool(&b, "kept").await;
    open(&b, &format!("/pools/{kept}/edit"), "Step 1 of 6: Pool").await;
    fill(&b, "Description", "changed in a journey").await;
    next_to_review(&b, 1).await;
    click_button(&b, "Save changes").await;
    lands_on(&b, &format!("/pools/{kept}"), "kept").await;
    let saved = b.api("GET", &format!("/pools/{kept}"), None).await;
    assert_eq!(saved["description"], json!("changed in a journey"));
    b.assert_no_console_errors().await;
}

/// What the page says is wrong: the text of its alerts and field messages.
async fn problems(b: &Browser) -> Vec<String> {
    let v = b
        .eval(
            "return Array.from(document.querySelectorAll('[role=alert], [aria-invalid=true]'))
               .map(e => e.matches('[aria-invalid=true]')
                 ? (e.getAttribute('aria-label') || e.id) + ': invalid'
                 : e.textContent.trim())
               .filter(Boolean);",
        )
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Presses Next from step `from` until the Review step (6 of 6).
async fn next_to_review(b: &Browser, from: usize) {
    next_to(b, from, 6).await;
}

/// Presses Next from step `from` until step `to`, checking each step's
/// heading and that no step shows source text; fails with what the page
/// says is wrong when a step does not let it through.
async fn next_to(b: &Browser, from: usize, to: usize) {
    for step in from + 1..=to {
        click_button(b, "Next").await;
        let prefix = format!("Step {step} of 6: ");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let headings = names_of(b, Role::Heading).await;
            if headings.iter().any(|h| h.starts_with(&prefix)) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "Next did not reach step {step}; headings {headings:?}; the page says {:?}",
                problems(b).await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_no_source_text(b, &prefix).await;
    }
}

/// Starts a new pool named `name` and goes to the Endpoints step.
async fn new_pool_to_endpoints(b: &Browser, name: &str) {
    open(b, "/pools/new", "Step 1 of 6: Pool").await;
    assert_no_source_text(b, "Step 1").await;
    fill(b, "Name", name).await;
    click_button(b, "Next").await;
    wait_heading(b, "Step 2 of 6: Endpoints").await;
    assert_no_source_text(b, "Step 2").await;
}

/// Fills the endpoint row that is labelled `endpoint {n}` while unnamed.
async fn fill_new_row(b: &Browser, n: usize, name: &str, address: &str) {
    fill(b, &format!("Name of endpoint {n}"), name).await;
    fill(b, &format!("Address of endpoint {name}"), address).await;
}

/// Creates the pool from the Review step and returns it, as saved.
async fn create_from_review(b: &Browser, name: &str) -> Value {
    click_button(b, "Create pool").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let pool = loop {
        if let Some(p) = b.pool_named(name).await {
            break p;
        }
        assert!(
            Instant::now() < deadline,
            "Create pool saved nothing; the page says {:?}",
            problems(b).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let id = pool["id"].as_str().unwrap();
    lands_on(b, &format!("/pools/{id}"), name).await;
    pool
}

// Regression (defect 2): a pool made of the defaults stopped at step 3
// with "probing from every data center is not allowed for this
// subscription, please choose regions" on a non-Enterprise account.
async fn a_pool_with_every_default_saves_on_a_standard_account(b: Browser) {
    pool_with_every_default_saves(&b).await;
}

async fn pool_with_every_default_saves(b: &Browser) {
    new_pool_to_endpoints(b, "defaults").await;
    fill_new_row(b, 1, "a", "192.0.2.1").await;
    next_to_review(b, 2).await;
    let pool = create_from_review(b, "defaults").await;
    assert_eq!(pool["origins"][0]["address"], json!("192.0.2.1"));
    b.assert_no_console_errors().await;
}

// Regression (defect 2), the other plan: an Enterprise account saves the
// defaults too.
mod a_pool_with_every_default_saves_on_an_enterprise_account {
    use super::*;

    fn enterprise(base: &str) -> impl FnOnce(&mut pooldeck_server::Config) {
        let base = base.to_owned();
        move |c| {
            c.base_path = base;
            c.quotas = pooldeck_server::Quotas::ENTERPRISE;
        }
    }

    #[tokio::test]
    async fn at_the_root() {
        with_console_configured("", enterprise(""), |b| async move {
            pool_with_every_default_saves(&b).await;
        })
        .await;
    }

    #[tokio::test]
    async fn under_a_portal_sub_path() {
        with_console_configured(PORTAL, enterprise(PORTAL), |b| async move {
            pool_with_every_default_saves(&b).await;
        })
        .await;
    }
}

/// An endpoint as a person reads it off a row, or off the pool: name,
/// address, enabled, and the weight (`None`: the box is empty, or the
/// pool has none).
#[derive(Clone, Debug, PartialEq)]
struct Endpoint {
    name: String,
    address: String,
    enabled: bool,
    weight: Option<f64>,
}

fn shown_field<'a>(row: &'a [Shown], prefix: &str) -> &'a Shown {
    row.iter()
        .find(|f| f.label.starts_with(prefix))
        .unwrap_or_else(|| panic!("a row without a {prefix:?} field: {row:#?}"))
}

/// What the endpoint rows show, and each row's weight message.
async fn rows_shown(b: &Browser) -> Vec<(Endpoint, String)> {
    table_rows(b, &["Name", "Address", "Weight"])
        .await
        .iter()
        .map(|row| {
            let weight = shown_field(row, "Weight of ");
            (
                Endpoint {
                    name: shown_field(row, "Name of ").value.clone(),
                    address: shown_field(row, "Address of ").value.clone(),
                    enabled: shown_field(row, "Enabled: ").value == "true",
                    weight: weight.value.trim().parse().ok(),
                },
                weight.message.clone(),
            )
        })
        .collect()
}

async fn rows(b: &Browser) -> Vec<Endpoint> {
    rows_shown(b).await.into_iter().map(|(e, _)| e).collect()
}

fn endpoints_of(pool: &Value) -> Vec<Endpoint> {
    pool["origins"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|o| Endpoint {
            name: o["name"].as_str().unwrap_or_default().to_owned(),
            address: o["address"].as_str().unwrap_or_default().to_owned(),
            enabled: o["enabled"].as_bool().unwrap_or(true),
            weight: o["weight"].as_f64(),
        })
        .collect()
}

/// The pool the Review step says it will send.
async fn review_pool(b: &Browser) -> Value {
    let text = disclosure_text(b, "The pool as it will be sent").await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("Review shows no JSON ({e}): {text}"))
}

fn ep(name: &str, address: &str, weight: f64) -> Endpoint {
    Endpoint {
        name: name.into(),
        address: address.into(),
        enabled: true,
        weight: Some(weight),
    }
}

/// Asserts the rows show `expected`, after `what`.
async fn rows_are(b: &Browser, what: &str, expected: &[Endpoint]) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = rows(b).await;
        if now == expected {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after {what}, the rows show {now:#?}, expected {expected:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_no_source_text(b, what).await;
}

// Regression (defects 1 and 4): "Move down" rendered source text instead
// of "↓"; after row edits the rows showed one thing and Review sent
// another.
async fn endpoint_rows_show_exactly_what_review_and_the_saved_pool_hold(b: Browser) {
    new_pool_to_endpoints(&b, "rows").await;
    fill_new_row(&b, 1, "a", "192.0.2.1").await;
    click_button(&b, "Add endpoint").await;
    fill_new_row(&b, 2, "b", "192.0.2.2").await;
    click_button(&b, "Add endpoint").await;
    fill_new_row(&b, 3, "c", "192.0.2.3").await;
    fill(&b, "Weight of endpoint a", "0.1").await;
    fill(&b, "Weight of endpoint b", "0.2").await;
    fill(&b, "Weight of endpoint c", "0.3").await;
    let (a, bb, c) = (
        ep("a", "192.0.2.1", 0.1),
        ep("b", "192.0.2.2", 0.2),
        ep("c", "192.0.2.3", 0.3),
    );
    rows_are(&b, "adding three rows", &[a.clone(), bb.clone(), c.clone()]).await;

    // Regression (defect 1): the arrows are arrows.
    let down = button(&b, "Move endpoint a down").await;
    assert_eq!(down.text().await.unwrap(), "↓");
    assert_eq!(
        button(&b, "Move endpoint b up").await.text().await.unwrap(),
        "↑"
    );

    click_button(&b, "Move endpoint c up").await;
    rows_are(&b, "Move up", &[a.clone(), c.clone(), bb.clone()]).await;
    click_button(&b, "Move endpoint a down").await;
    rows_are(&b, "Move down", &[c.clone(), a.clone(), bb.clone()]).await;
    click_button(&b, "Remove endpoint c").await;
    rows_are(&b, "Remove", &[a.clone(), bb.clone()]).await;

    // A cleared weight shows its message and an empty box; fixing it
    // takes both away.
    clear_by_typing(&b, "Weight of endpoint b").await;
    press(&b, &Key::Tab.to_string()).await;
    let shown = rows_shown(&b).await;
    assert_eq!(shown[1].0.weight, None, "{shown:#?}");
    assert!(
        description(&b, "Weight of endpoint b")
            .await
            .contains("weight is required"),
        "{shown:#?}"
    );
    fill(&b, "Weight of endpoint b", "0.7").await;
    let fixed = ep("b", "192.0.2.2", 0.7);
    rows_are(&b, "fixing the weight", &[a.clone(), fixed.clone()]).await;
    assert_eq!(description(&b, "Weight of endpoint b").await, "");

    let shown = rows(&b).await;
    // Regions are chosen here so that this journey does not depend on the
    // default regions (defect 2 has a journey of its own).
    next_to(&b, 2, 3).await;
    click_button(&b, "Select all 13").await;
    next_to_review(&b, 3).await;
    assert_eq!(
        endpoints_of(&review_pool(&b).await),
        shown,
        "Review sends what the rows showed"
    );
    let saved = create_from_review(&b, "rows").await;
    assert_eq!(
        endpoints_of(&saved),
        shown,
        "the saved pool is what the rows showed"
    );
    b.assert_no_console_errors().await;
}

// Regression (defect 4): with two endpoints, clear endpoint 2's weight,
// then remove endpoint 1. The message vanished while the box stayed empty,
// and Review sent the old weight (0.4).
async fn removing_a_row_keeps_the_error_of_the_row_that_stays(b: Browser) {
    new_pool_to_endpoints(&b, "keeps-errors").await;
    fill_new_row(&b, 1, "a", "192.0.2.1").await;
    click_button(&b, "Add endpoint").await;
    fill_new_row(&b, 2, "b", "192.0.2.2").await;
    fill(&b, "Weight of endpoint a", "0.6").await;
    fill(&b, "Weight of endpoint b", "0.4").await;
    clear_by_typing(&b, "Weight of endpoint b").await;
    press(&b, &Key::Tab.to_string()).await;
    let message = description(&b, "Weight of endpoint b").await;
    assert!(message.contains("weight is required"), "{message:?}");

    click_button(&b, "Remove endpoint a").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while rows(&b).await.len() != 1 {
        assert!(
            Instant::now() < deadline,
            "Remove left {:#?}",
            rows(&b).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let shown = rows_shown(&b).await;
    assert_eq!(shown[0].0.weight, None, "the box stays empty: {shown:#?}");
    assert!(
        shown[0].1.contains("weight is required"),
        "the row that stays keeps its message: {shown:#?}"
    );

    // Saving is blocked: Next stops at this step, or, if it gets to Review,
    // Review must not send a weight the row does not show, and Create pool
    // must save nothing.
    for _ in 0..4 {
        if !all(&b, Role::Button, "Create pool").await.is_empty() {
            break;
        }
        click_button(&b, "Next").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    if !all(&b, Role::Button, "Create pool").await.is_empty() {
        let review = endpoints_of(&review_pool(&b).await);
        assert_eq!(
            review.iter().map(|e| e.weight).collect::<Vec<_>>(),
            vec![None],
            "Review sends a weight the row does not show"
        );
        click_button(&b, "Create pool").await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
    } else {
        wait_heading(&b, "Step 2 of 6: Endpoints").await;
    }
    assert!(
        b.pool_named("keeps-errors").await.is_none(),
        "the pool was saved"
    );
    wait_path_exact(&b, &format!("{}/pools/new", base(&b))).await;
}
