//! A pool's history: who changed what, field by field, and restoring an
//! older version through the wizard's review. Driven by visible labels, at
//! `/` and under a portal sub-path.

use serde_json::json;

use super::by_role::{click_button, click_link, find, wait_heading, wait_text, Role};
use super::harness::{with_console_at, Browser};

/// The text of every version card, newest first (whitespace collapsed).
async fn versions(b: &Browser) -> Vec<String> {
    let v = b
        .eval(
            "return Array.from(document.querySelectorAll('[data-testid=history-version]')).map(e => e.innerText.replace(/\\s+/g, ' ').trim());",
        )
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn restore_an_older_version(b: Browser) {
    let id = b
        .create_pool(json!({
            "name": "web", "description": "first", "check_regions": ["WEU"],
            "origins": [{"name": "web-1", "address": "192.0.2.10"}]
        }))
        .await;
    b.api(
        "PATCH",
        &format!("/pools/{id}"),
        Some(json!({"description": "second", "minimum_origins": 1})),
    )
    .await;

    b.goto(&format!("/pools/{id}")).await;
    wait_heading(&b, "web").await;
    click_link(&b, "History").await;
    wait_heading(&b, "History of web").await;
    let shown = versions(&b).await;
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("Edited by token #1") && shown[0].contains("Current version"),
        "{}",
        shown[0]
    );
    assert!(
        shown[0].contains(r#"description "first" "second""#),
        "the field, before and after: {}",
        shown[0]
    );
    assert!(shown[1].starts_with("Created by token #1"), "{}", shown[1]);
    // Only the older version can be restored.
    let restore = find(&b, Role::Link, "Restore this version").await;
    restore.click().await.unwrap();

    wait_heading(&b, "Edit pool web").await;
    wait_text(&b, "Saving sends a PATCH with only: description.").await;
    let banner =
        super::by_role::texts_containing(&b, "Restoring the version created by token #1").await;
    assert!(
        banner
            .iter()
            .any(|t| t.contains("nothing is sent until you save")),
        "the restore says which version and that nothing is sent yet: {banner:?}"
    );
    click_button(&b, "Save changes").await;
    wait_heading(&b, "web").await;
    let pool = b.api("GET", &format!("/pools/{id}"), None).await;
    assert_eq!(pool["description"], json!("first"), "{pool:#}");
    assert_eq!(
        pool["minimum_origins"],
        json!(1),
        "a PATCH of the restored member only: the rest is as it is now"
    );

    click_link(&b, "History").await;
    wait_heading(&b, "History of web").await;
    let shown = versions(&b).await;
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(
        shown[0].starts_with("Edited by sign-in link") && shown[0].contains("Current version"),
        "the browser's session made the restore: {}",
        shown[0]
    );
    super::by_role::assert_no_source_text(&b, "the history page").await;
}

#[tokio::test]
async fn restoring_an_older_version_from_history_sends_the_minimal_patch() {
    with_console_at("", restore_an_older_version).await;
}

#[tokio::test]
async fn history_and_restore_work_under_a_sub_path() {
    with_console_at("/portal/lb", restore_an_older_version).await;
}

#[tokio::test]
async fn a_restore_that_meets_someone_elses_save_is_a_conflict_not_an_overwrite() {
    super::harness::with_console(|b| async move {
        let id = b
            .create_pool(json!({
                "name": "shared", "description": "first", "check_regions": ["WEU"],
                "origins": [{"name": "a", "address": "192.0.2.1"}]
            }))
            .await;
        b.api(
            "PATCH",
            &format!("/pools/{id}"),
            Some(json!({"description": "second"})),
        )
        .await;
        b.goto(&format!("/pools/{id}/history")).await;
        wait_heading(&b, "History of shared").await;
        click_link(&b, "Restore this version").await;
        wait_text(&b, "Saving sends a PATCH with only: description.").await;
        // Someone else saves while the restore is being reviewed.
        b.api(
            "PATCH",
            &format!("/pools/{id}"),
            Some(json!({"minimum_origins": 1, "notification_email": "ops@example.com"})),
        )
        .await;
        click_button(&b, "Save changes").await;
        wait_heading(&b, "Someone else changed this pool").await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["description"], json!("second"), "nothing was written");
        click_button(&b, "Rebase my changes").await;
        wait_text(&b, "Saving sends a PATCH with only: description.").await;
        click_button(&b, "Save changes").await;
        wait_heading(&b, "shared").await;
        let pool = b.api("GET", &format!("/pools/{id}"), None).await;
        assert_eq!(pool["description"], json!("first"), "the version is back");
        assert_eq!(
            pool["notification_email"],
            json!("ops@example.com"),
            "their change is kept"
        );
    })
    .await;
}
