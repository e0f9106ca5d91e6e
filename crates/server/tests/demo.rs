//! `--demo` seeds a working account whose health is measured against real
//! loopback endpoints: healthy, failing and never probed.

mod common;

use common::{eventually, TestServer};
use pooldeck_server::demo::{DEMO_ACCOUNT, DEMO_ZONE};
use serde_json::{json, Value};

#[tokio::test]
async fn the_demo_account_is_seeded_once_with_real_health() {
    let server = TestServer::with(|c| {
        c.demo = true;
        c.fast_probes = true;
    })
    .await;
    let api = server.api();
    let pools_path = format!("/accounts/{DEMO_ACCOUNT}/load_balancers/pools");
    let pools = api.get(&pools_path).await.ok();
    let names: Vec<&str> = pools
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["api", "eu-web", "legacy-dc", "us-web"]);
    let lbs = api
        .get(&format!("/zones/{DEMO_ZONE}/load_balancers"))
        .await
        .ok();
    assert_eq!(lbs.as_array().unwrap().len(), 2);

    let healthy = |pools: &Value, name: &str| -> Value {
        pools
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == json!(name))
            .unwrap()
            .get("healthy")
            .cloned()
            .unwrap_or(Value::Null)
    };
    let pools = eventually(15, || async {
        let pools = api.get(&pools_path).await.ok();
        (healthy(&pools, "eu-web") == json!(true) && healthy(&pools, "api") == json!(false))
            .then_some(pools)
    })
    .await;
    assert_eq!(
        healthy(&pools, "legacy-dc"),
        Value::Null,
        "documentation addresses are never probed"
    );
    let api_pool = pools
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == json!("api"))
        .unwrap();
    let failing = api_pool["origins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == json!("api-1"))
        .unwrap();
    assert_eq!(
        failing["failure_reason"],
        json!("Response code mismatch error")
    );

    // A restart on the same database does not seed again.
    let db = server.db.clone();
    server.stop().await;
    let again = TestServer::on(db, |c| c.demo = true).await;
    let pools = again.api().get(&pools_path).await.ok();
    assert_eq!(pools.as_array().unwrap().len(), 4);
}
