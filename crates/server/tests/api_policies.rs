//! Notification policies: create and update answer only `{id}`, filters are
//! stored verbatim, and delete answers with no `result`.

mod common;

use common::{TestServer, ACCOUNT};
use serde_json::json;

fn policies(rest: &str) -> String {
    format!("/accounts/{ACCOUNT}/alerting/v3/policies{rest}")
}

#[tokio::test]
async fn health_alert_round_trip() {
    let server = TestServer::start().await;
    let api = server.api();
    let body = json!({
        "name": "web down",
        "alert_type": "load_balancing_health_alert",
        "enabled": true,
        "mechanisms": {"email": [{"id": "ops@example.com"}]},
        "filters": {
            "pool_id": ["17b5962d775c646f3f9725cbc7a53df4", "9a7806061c88ada191ed06f989cc3dac"],
            "new_health": ["Unhealthy"],
            "event_source": ["origin"]
        }
    });
    let created = api.post(&policies(""), body.clone()).await.ok();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created, json!({"id": id}), "create answers only the ID");
    assert!(pooldeck_model::validate::is_uuid(&id));
    let got = api.get(&policies(&format!("/{id}"))).await.ok();
    assert_eq!(got["filters"], body["filters"]);
    assert!(got["created"].is_string() && got["modified"].is_string());
    assert!(got.get("created_on").is_none());

    let mut changed = body.clone();
    changed["filters"]["new_health"] = json!(["Healthy", "Unhealthy"]);
    assert_eq!(
        api.put(&policies(&format!("/{id}")), changed).await.ok(),
        json!({"id": id})
    );
    let got = api.get(&policies(&format!("/{id}"))).await.ok();
    assert_eq!(
        got["filters"]["new_health"],
        json!(["Healthy", "Unhealthy"])
    );
    assert_eq!(
        api.get(&policies("")).await.ok().as_array().unwrap().len(),
        1
    );

    let reply = api.delete(&policies(&format!("/{id}"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        json!({"success": true, "errors": [], "messages": []})
    );
    assert_eq!(api.get(&policies(&format!("/{id}"))).await.status, 404);
}

#[tokio::test]
async fn policies_are_validated() {
    let server = TestServer::start().await;
    let api = server.api();
    let reply = api
        .post(
            &policies(""),
            json!({"name": "", "alert_type": "load_balancing_pool_enablement_alert", "mechanisms": {"email": [{"id": "nobody"}]}, "filters": {"enabled": ["yes"]}}),
        )
        .await;
    let mut pointers = reply.pointers();
    pointers.sort();
    assert_eq!(
        pointers,
        ["/filters/enabled/0", "/mechanisms/email/0/id", "/name"]
    );
    let reply = api.post(&policies(""), json!({"name": "x"})).await;
    assert_eq!(reply.pointers(), ["/alert_type"]);
}
