//! `GET /zones`: how a console finds a load balancer's zone from its
//! hostname, since a pool's references give only the load balancer's ID
//! and name.

mod common;

use common::{lb, pool_body, TestServer, ACCOUNT, OTHER_ACCOUNT, SCOPED_TOKEN, ZONE};
use pooldeck_model::{zone_for_hostname, Zone};
use serde_json::{json, Value};

const OTHER_ZONE: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// A pool for load balancers to name.
async fn web_pool(api: &common::Api) -> Value {
    api.post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await
        .ok()
}

async fn balancer_in(api: &common::Api, zone: &str, name: &str, pool: &Value) -> Value {
    api.post(
        &format!("/zones/{zone}/load_balancers"),
        json!({"name": name, "default_pools": [pool["id"]], "fallback_pool": pool["id"]}),
    )
    .await
    .ok()
}

#[tokio::test]
async fn a_zone_is_listed_under_the_domain_of_its_first_load_balancer() {
    let server = TestServer::start().await;
    let api = server.api();
    let pool = web_pool(&api).await;
    let balancer = balancer_in(&api, ZONE, "www.example.com", &pool).await;

    let reply = api.get(&format!("/zones?account.id={ACCOUNT}")).await;
    let info = reply.body["result_info"].clone();
    let zones: Vec<Zone> = serde_json::from_value(reply.ok()).unwrap();
    assert_eq!(zones.len(), 1);
    assert_eq!(
        (zones[0].id.as_str(), zones[0].name.as_str()),
        (ZONE, "example.com")
    );
    assert_eq!(zones[0].account.as_ref().unwrap().id, ACCOUNT);
    assert_eq!(info["total_count"], 1);
    assert_eq!(info["per_page"], 20);

    // The console's lookup: hostname → zone → the load balancer itself.
    let zone = zone_for_hostname(&zones, balancer["name"].as_str().unwrap()).unwrap();
    let id = balancer["id"].as_str().unwrap();
    let again = api
        .get(&format!("/zones/{}/load_balancers/{id}", zone.id))
        .await
        .ok();
    assert_eq!(again, balancer);

    let one = api.get(&format!("/zones/{ZONE}")).await.ok();
    assert_eq!(one["name"], "example.com");
    let by_name = api.get("/zones?name=EXAMPLE.com").await.ok();
    assert_eq!(by_name.as_array().unwrap().len(), 1);
    let none = api.get("/zones?name=example.org").await.ok();
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn a_token_sees_only_the_zones_of_its_accounts() {
    let server = TestServer::start().await;
    let api = server.api();
    let mine = web_pool(&api).await;
    balancer_in(&api, ZONE, "www.example.com", &mine).await;
    let scoped = server.api_as(Some(SCOPED_TOKEN));
    let theirs = scoped
        .post(
            &format!("/accounts/{OTHER_ACCOUNT}/load_balancers/pools"),
            pool_body("theirs", &["192.0.2.2"]),
        )
        .await
        .ok();
    balancer_in(&scoped, OTHER_ZONE, "lb.example.org", &theirs).await;

    let seen = scoped.get("/zones").await.ok();
    let names: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["example.org"]);
    let reply = scoped.get(&format!("/zones/{ZONE}")).await;
    assert_eq!(reply.status.as_u16(), 403);
    let all = api.get("/zones").await.ok();
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "an all-accounts token sees both"
    );
}

#[tokio::test]
async fn zones_are_paged_like_cloudflare() {
    let server = TestServer::start().await;
    let api = server.api();
    let pool = web_pool(&api).await;
    for i in 0..7 {
        let zone = format!("{i:032x}");
        balancer_in(&api, &zone, &format!("lb.zone{i}.example"), &pool).await;
    }
    let reply = api.get("/zones?per_page=5&page=2").await;
    let info = reply.body["result_info"].clone();
    let page = reply.ok();
    assert_eq!(page.as_array().unwrap().len(), 2);
    assert_eq!(page[0]["name"], "zone5.example");
    assert_eq!(
        (info["page"].clone(), info["total_pages"].clone()),
        (json!(2), json!(2))
    );
    for bad in ["per_page=4", "per_page=51"] {
        let reply = api.get(&format!("/zones?{bad}")).await;
        assert_eq!(reply.status.as_u16(), 400, "{bad}");
    }
    let missing = api.get(&format!("/zones/{}", "c".repeat(32))).await;
    assert_eq!(missing.status.as_u16(), 404);
}

#[tokio::test]
async fn a_zone_keeps_its_name_across_a_restart() {
    let server = TestServer::start().await;
    let db = server.db.clone();
    let api = server.api();
    let pool = web_pool(&api).await;
    balancer_in(&api, ZONE, "www.example.com", &pool).await;
    server.stop().await;
    let again = TestServer::on(db, |_| {}).await;
    let zones = again.api().get("/zones").await.ok();
    assert_eq!(zones[0]["name"], "example.com");
}
