//! The console loads, mounts and shows its shell, at the root and on deep
//! links, with no errors in the browser console.

use super::harness::with_console;

#[tokio::test]
async fn console_loads_and_shows_its_shell() {
    with_console(|b| async move {
        b.goto("/").await;
        b.wait_for("[data-testid=app-header]").await;
        b.wait_for_text("[data-testid=page-title]", "Pools").await;
        let labels: Vec<String> = {
            let mut out = Vec::new();
            for link in b.find_all("nav[aria-label=Main] a").await {
                out.push(link.text().await.unwrap());
            }
            out
        };
        assert_eq!(
            labels,
            [
                "Pools",
                "Load balancers",
                "Monitors",
                "Jobs",
                "Alerts",
                "Settings"
            ]
        );
        assert_eq!(b.client.title().await.unwrap(), "Pools · Pooldeck");
        assert_eq!(b.find_all("h1").await.len(), 1, "one <h1> per page");
        b.wait_for("main#main").await;
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn a_deep_link_loads_its_page_and_marks_the_nav() {
    with_console(|b| async move {
        b.goto("/monitors").await;
        b.wait_for_text("[data-testid=page-title]", "Monitors")
            .await;
        let current = b.wait_for("[data-testid=nav-monitors]").await;
        assert_eq!(
            current.attr("aria-current").await.unwrap().as_deref(),
            Some("page")
        );
        assert_eq!(b.client.title().await.unwrap(), "Monitors · Pooldeck");
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn navigation_happens_in_the_page() {
    with_console(|b| async move {
        b.goto("/pools").await;
        b.wait_for_text("[data-testid=page-title]", "Pools").await;
        // A marker on window survives client-side navigation, not a reload.
        b.eval("window.__pooldeckMarker = 1").await;
        b.wait_for("[data-testid=nav-alerts]")
            .await
            .click()
            .await
            .unwrap();
        b.wait_for_text("[data-testid=page-title]", "Alerts").await;
        assert!(b
            .client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/alerts"));
        assert_eq!(
            b.eval("return window.__pooldeckMarker").await,
            serde_json::json!(1)
        );
        b.assert_no_console_errors().await;
    })
    .await;
}

#[tokio::test]
async fn an_unknown_path_says_so() {
    with_console(|b| async move {
        b.goto("/no/such/page").await;
        b.wait_for_text("[data-testid=page-title]", "Page not found")
            .await;
        b.assert_no_console_errors().await;
    })
    .await;
}

/// Guards the guard: if chromedriver stopped returning the browser log,
/// every `assert_no_console_errors` above would pass vacuously.
#[tokio::test]
async fn the_harness_sees_console_errors() {
    with_console(|b| async move {
        b.goto("/").await;
        b.wait_for("[data-testid=app-header]").await;
        b.eval("console.error('pooldeck-harness-probe')").await;
        let log = b.console_log().await;
        assert!(
            log.iter()
                .any(|e| e.level == "SEVERE" && e.message.contains("pooldeck-harness-probe")),
            "the console error did not reach the harness: {log:#?}"
        );
    })
    .await;
}

/// Regression: every test's browser left its profile (about 3 MB) in
/// `/tmp`, because chromedriver removes it only when the session is quit
/// cleanly. A day of runs left 7,800 directories, 12 GB, and filled the
/// disk. The profile now lives in a directory of the test's own, and that
/// directory is gone when the test is.
#[tokio::test]
async fn a_tests_browser_leaves_nothing_in_the_temporary_directory() {
    let (tx, rx) = tokio::sync::oneshot::channel();
    with_console(|b| async move {
        let profile = b
            .browser_command_line()
            .await
            .into_iter()
            .find_map(|a| {
                a.strip_prefix("--user-data-dir=")
                    .map(std::path::PathBuf::from)
            })
            .expect("chromedriver gave the browser a profile directory");
        assert!(
            profile.is_dir(),
            "{} exists while the test runs",
            profile.display()
        );
        tx.send(profile).unwrap();
    })
    .await;
    let profile = rx.await.unwrap();
    let own = profile.parent().expect("the profile is in a directory");
    assert!(
        own.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("pooldeck-e2e-browser-")),
        "the profile {} is in the test's own directory",
        profile.display()
    );
    assert!(!own.exists(), "{} is removed after the test", own.display());
}
