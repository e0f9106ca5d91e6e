//! One build, served under a portal's sub-path: the page, its assets, the
//! API, sign-in and every link stay under `/portal/lb/`. (Where each form
//! and shortcut goes under the sub-path is in `journeys.rs`.)

use serde_json::json;

use super::by_role::{link, wait_heading, wait_path_exact, wait_text};
use super::harness::with_console_at;

#[tokio::test]
async fn the_console_works_under_a_sub_path() {
    with_console_at("/portal/lb", |b| async move {
        let id = b.create_pool(json!({"name": "web", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]})).await;
        b.goto("/pools").await;
        let pool = link(&b, "web").await;
        let pool_path = format!("/portal/lb/pools/{id}");
        assert_eq!(pool.attr("href").await.unwrap().as_deref(), Some(pool_path.as_str()));
        let nav = link(&b, "Monitors").await;
        assert_eq!(nav.attr("href").await.unwrap().as_deref(), Some("/portal/lb/monitors"));
        pool.click().await.unwrap();
        wait_path_exact(&b, &pool_path).await;
        wait_heading(&b, "web").await;
        // A reload of the deep link finds its assets and its data again.
        b.client.refresh().await.unwrap();
        wait_text(&b, "Healthy: 1 of 1 endpoint healthy, threshold 1").await;
        b.assert_no_console_errors().await;
    })
    .await;
}
