//! One build, served under a portal's sub-path: the page, its assets, the
//! API, sign-in and every link stay under `/portal/lb/`.

use serde_json::json;

use super::harness::with_console_at;

#[tokio::test]
async fn the_console_works_under_a_sub_path() {
    with_console_at("/portal/lb", |b| async move {
        let id = b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]})).await;
        b.goto("/pools").await;
        let link = b.wait_for("[data-testid=pool-link]").await;
        assert_eq!(link.attr("href").await.unwrap().as_deref(), Some(format!("/portal/lb/pools/{id}").as_str()));
        let nav = b.wait_for("[data-testid=nav-monitors]").await;
        assert_eq!(nav.attr("href").await.unwrap().as_deref(), Some("/portal/lb/monitors"));
        link.click().await.unwrap();
        b.wait_for_text("[data-testid=page-title]", "web").await;
        assert_eq!(b.client.current_url().await.unwrap().path(), format!("/portal/lb/pools/{id}"));
        // A reload of the deep link finds its assets and its data again.
        b.client.refresh().await.unwrap();
        b.wait_for_text("[data-testid=status-line]", "Healthy: 1 of 1 endpoint healthy, threshold 1").await;
        b.assert_no_console_errors().await;
    })
    .await;
}
