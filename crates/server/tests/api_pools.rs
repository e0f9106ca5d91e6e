//! Pools over real HTTP: the behaviours of Cloudflare's API a naive
//! emulator would miss, one by one.

mod common;

use common::{lb, pool_body, TestServer};
use serde_json::{json, Value};

#[tokio::test]
async fn create_answers_200_with_the_full_pool_and_materialised_defaults() {
    let server = TestServer::start().await;
    let api = server.api();
    let reply = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.10"]))
        .await;
    assert_eq!(reply.status, 200, "creates answer 200, not 201");
    assert_eq!(reply.body["errors"], json!([]));
    assert_eq!(reply.body["messages"], json!([]));
    let pool = reply.ok();
    assert_eq!(pool["id"].as_str().unwrap().len(), 32);
    assert!(pool["created_on"].as_str().unwrap().ends_with('Z'));
    assert_eq!(pool["created_on"], pool["modified_on"]);
    assert_eq!(pool["enabled"], json!(true));
    assert_eq!(pool["minimum_origins"], json!(1));
    assert_eq!(pool["description"], json!(""));
    assert_eq!(pool["notification_email"], json!(""));
    assert_eq!(pool["origins"][0]["weight"], json!(1.0));
    assert_eq!(pool["origins"][0]["enabled"], json!(true));
    // Never set means absent, not zero-filled.
    for key in [
        "load_shedding",
        "notification_filter",
        "latitude",
        "disabled_at",
    ] {
        assert!(pool.get(key).is_none(), "{key} must stay absent: {pool:#}");
    }
    let mut got = api
        .get(&lb(&format!("/pools/{}", pool["id"].as_str().unwrap())))
        .await
        .ok();
    // Reads add the prober's verdict: a pool without a monitor counts as
    // healthy. Apart from that, a read returns what the create returned.
    assert_eq!(got["healthy"], json!(true));
    assert_eq!(got["origins"][0]["healthy"], json!(true));
    got.as_object_mut().unwrap().remove("healthy");
    got["origins"][0].as_object_mut().unwrap().remove("healthy");
    assert_eq!(got, pool);
}

#[tokio::test]
async fn origins_come_back_sorted_by_name_and_lists_by_name() {
    let server = TestServer::start().await;
    let api = server.api();
    let body = json!({"name": "b-pool", "check_regions": ["WEU"], "origins": [
        {"name": "zeta", "address": "192.0.2.3"},
        {"name": "alpha", "address": "192.0.2.1"},
        {"name": "mid", "address": "192.0.2.2"}
    ]});
    let pool = api.post(&lb("/pools"), body).await.ok();
    let names: Vec<&str> = pool["origins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "mid", "zeta"]);
    api.post(&lb("/pools"), pool_body("a-pool", &["192.0.2.9"]))
        .await
        .ok();
    let list = api.get(&lb("/pools")).await;
    assert_eq!(list.body["result_info"]["count"], json!(2));
    let list = list.ok();
    assert_eq!(list[0]["name"], json!("a-pool"));
    assert_eq!(list[1]["name"], json!("b-pool"));
}

async fn created(api: &common::Api, body: Value) -> (String, Value) {
    let pool = api.post(&lb("/pools"), body).await.ok();
    (pool["id"].as_str().unwrap().to_owned(), pool)
}

#[tokio::test]
async fn put_is_a_full_replacement_that_resets_omitted_fields() {
    let server = TestServer::start().await;
    let api = server.api();
    let mut body = pool_body("web", &["192.0.2.10", "192.0.2.11"]);
    body["description"] = json!("primary");
    body["minimum_origins"] = json!(2);
    body["load_shedding"] = json!({"default_percent": 10});
    body["latitude"] = json!(51.5);
    body["longitude"] = json!(-0.1);
    let (id, before) = created(&api, body).await;
    let after = api
        .put(
            &lb(&format!("/pools/{id}")),
            pool_body("web", &["192.0.2.10"]),
        )
        .await
        .ok();
    assert_eq!(after["description"], json!(""));
    assert_eq!(after["minimum_origins"], json!(1));
    assert!(after.get("load_shedding").is_none());
    assert!(after.get("latitude").is_none());
    assert_eq!(
        after["created_on"], before["created_on"],
        "created_on never changes"
    );
    assert_ne!(after["modified_on"], before["modified_on"]);
    assert_eq!(after["id"], json!(id));
    // name and origins are required on PUT.
    let reply = api
        .put(
            &lb(&format!("/pools/{id}")),
            json!({"check_regions": ["WEU"]}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert!(reply.codes().iter().all(|c| *c == 1002));
    assert!(reply.pointers().contains(&"/name".to_owned()));
    assert!(reply.pointers().contains(&"/origins".to_owned()));
}

#[tokio::test]
async fn patch_replaces_only_the_supplied_keys_and_null_resets() {
    let server = TestServer::start().await;
    let api = server.api();
    let mut body = pool_body("web", &["192.0.2.10", "192.0.2.11"]);
    body["description"] = json!("keep me");
    body["load_shedding"] = json!({"default_percent": 10, "default_policy": "hash"});
    body["notification_filter"] = json!({"pool": {"disable": true, "healthy": null}});
    let (id, _) = created(&api, body).await;
    let path = lb(&format!("/pools/{id}"));
    let after = api
        .patch(
            &path,
            json!({"origins": [{"name": "solo", "address": "192.0.2.99", "weight": 0.5}]}),
        )
        .await
        .ok();
    assert_eq!(after["description"], json!("keep me"));
    assert_eq!(
        after["origins"].as_array().unwrap().len(),
        1,
        "origins replaced whole, no merge"
    );
    assert_eq!(after["origins"][0]["weight"], json!(0.5));
    assert_eq!(after["load_shedding"]["default_policy"], json!("hash"));
    let after = api
        .patch(
            &path,
            json!({"load_shedding": null, "notification_filter": null}),
        )
        .await
        .ok();
    assert_eq!(
        after["load_shedding"],
        Value::Null,
        "null resets a nullable member"
    );
    assert_eq!(after["notification_filter"], Value::Null);
    // A nested object is replaced, not merged.
    let after = api
        .patch(
            &path,
            json!({"notification_filter": {"origin": {"disable": true}}}),
        )
        .await
        .ok();
    assert!(after["notification_filter"].get("pool").is_none());
    // An empty PATCH changes nothing but modified_on.
    let same = api.patch(&path, json!({})).await.ok();
    assert_eq!(same["notification_filter"], after["notification_filter"]);
}

#[tokio::test]
async fn disabled_at_follows_enabled_on_the_pool_and_each_endpoint() {
    let server = TestServer::start().await;
    let api = server.api();
    let (id, pool) = created(&api, pool_body("web", &["192.0.2.10", "192.0.2.11"])).await;
    assert!(pool.get("disabled_at").is_none());
    let path = lb(&format!("/pools/{id}"));
    let off = api
        .patch(
            &path,
            json!({"enabled": false, "disabled_at": "1999-01-01T00:00:00Z"}),
        )
        .await
        .ok();
    let since = off["disabled_at"].as_str().unwrap().to_owned();
    assert_ne!(since, "1999-01-01T00:00:00Z", "client values are ignored");
    let still = api.patch(&path, json!({"description": "x"})).await.ok();
    assert_eq!(
        still["disabled_at"],
        json!(since),
        "kept while the pool stays disabled"
    );
    let on = api.patch(&path, json!({"enabled": true})).await.ok();
    assert!(on.get("disabled_at").is_none(), "removed when re-enabled");

    let mut origins = on["origins"].clone();
    origins[1]["enabled"] = json!(false);
    let one_off = api.patch(&path, json!({"origins": origins})).await.ok();
    let since = one_off["origins"][1]["disabled_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(one_off["origins"][0].get("disabled_at").is_none());
    let again = api
        .patch(&path, json!({"origins": one_off["origins"]}))
        .await
        .ok();
    assert_eq!(again["origins"][1]["disabled_at"], json!(since));
}

#[tokio::test]
async fn read_only_members_in_a_body_are_ignored_and_unknown_ones_kept() {
    let server = TestServer::start().await;
    let api = server.api();
    let mut body = pool_body("web", &["192.0.2.10"]);
    for (k, v) in [
        ("id", json!("ffffffffffffffffffffffffffffffff")),
        ("created_on", json!("2000-01-01T00:00:00Z")),
        ("healthy", json!(false)),
        ("networks", json!(["jdcloud"])),
    ] {
        body[k] = v;
    }
    body["origins"][0]["healthy"] = json!(false);
    body["origins"][0]["failure_reason"] = json!("made up");
    body["future_member"] = json!({"kept": true});
    let pool = api.post(&lb("/pools"), body).await.ok();
    assert_ne!(pool["id"], json!("ffffffffffffffffffffffffffffffff"));
    assert_ne!(pool["created_on"], json!("2000-01-01T00:00:00Z"));
    assert!(pool.get("networks").is_none());
    assert!(pool["origins"][0].get("failure_reason").is_none());
    assert_eq!(pool["future_member"], json!({"kept": true}));
}

#[tokio::test]
async fn every_validation_rule_is_a_400_1002_item_with_a_pointer() {
    let server = TestServer::start().await;
    let api = server.api();
    let body = json!({
        "name": "bad name",
        "check_regions": ["WEU", "ALL_REGIONS"],
        "latitude": 10,
        "origins": [
            {"name": "a", "address": "10.0.0.5", "weight": 1.5},
            {"name": "a", "address": "not an address", "port": 70000}
        ]
    });
    let reply = api.post(&lb("/pools"), body).await;
    assert_eq!(reply.status, 400);
    assert!(reply.codes().iter().all(|c| *c == 1002));
    let mut pointers = reply.pointers();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/check_regions/1",
            "/longitude",
            "/name",
            "/origins/0/virtual_network_id",
            "/origins/0/weight",
            "/origins/1/address",
            "/origins/1/name",
            "/origins/1/port"
        ]
    );
    assert!(reply
        .messages()
        .iter()
        .all(|m| m.ends_with(": validation failed")));
    assert!(
        api.get(&lb("/pools"))
            .await
            .ok()
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn non_enterprise_must_choose_regions_and_enterprise_may_not() {
    let server = TestServer::start().await;
    let mut body = pool_body("web", &["192.0.2.10"]);
    body.as_object_mut().unwrap().remove("check_regions");
    let reply = server.api().post(&lb("/pools"), body.clone()).await;
    assert_eq!(reply.codes(), [1002]);
    assert!(reply.messages()[0].starts_with("probing from every data center is not allowed"));
    let enterprise = TestServer::with(|c| c.quotas = pooldeck_server::Quotas::ENTERPRISE).await;
    body["check_regions"] = Value::Null;
    let pool = enterprise.api().post(&lb("/pools"), body).await.ok();
    assert_eq!(pool["check_regions"], Value::Null);
}

#[tokio::test]
async fn names_are_unique_in_the_account_with_1003() {
    let server = TestServer::start().await;
    let api = server.api();
    let (id, _) = created(&api, pool_body("web", &["192.0.2.10"])).await;
    let reply = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.11"]))
        .await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (400, vec![1003]));
    assert!(reply.messages()[0].ends_with("value not unique"));
    // Saving a pool under its own name is fine.
    api.put(
        &lb(&format!("/pools/{id}")),
        pool_body("web", &["192.0.2.12"]),
    )
    .await
    .ok();
}

#[tokio::test]
async fn quotas_limit_pools_and_endpoints_with_the_observed_message() {
    let server = TestServer::with(|c| {
        c.quotas = pooldeck_server::Quotas {
            pools: 2,
            endpoints: 3,
            monitors: 1,
            enterprise: false,
        }
    })
    .await;
    let api = server.api();
    created(&api, pool_body("p1", &["192.0.2.1", "192.0.2.2"])).await;
    let reply = api
        .post(&lb("/pools"), pool_body("p2", &["192.0.2.3", "192.0.2.4"]))
        .await;
    assert_eq!(reply.codes(), [1002]);
    assert_eq!(
        reply.messages()[0],
        "origin list length must be in range [1, 1]: validation failed"
    );
    created(&api, pool_body("p2", &["192.0.2.3"])).await;
    let reply = api.post(&lb("/pools"), pool_body("p3", &[])).await;
    assert!(reply.codes().contains(&1004) || reply.codes().contains(&1002));
    let reply = api
        .post(&lb("/pools"), pool_body("p3", &["192.0.2.5"]))
        .await;
    assert_eq!(reply.codes(), [1002], "no endpoints left: [1, 0]");
    assert!(reply.messages()[0].contains("[1, 0]"));
}

#[tokio::test]
async fn pools_name_monitors_that_exist_and_can_be_filtered_by_them() {
    let server = TestServer::start().await;
    let api = server.api();
    let mut body = pool_body("web", &["192.0.2.10"]);
    body["monitor"] = json!("0123456789abcdef0123456789abcdef");
    let reply = api.post(&lb("/pools"), body.clone()).await;
    assert_eq!(reply.pointers(), ["/monitor"]);
    let monitor = api
        .post(
            &lb("/monitors"),
            json!({"type": "http", "path": "/health", "expected_codes": "2xx"}),
        )
        .await
        .ok();
    body["monitor"] = monitor["id"].clone();
    created(&api, body).await;
    created(&api, pool_body("other", &["192.0.2.11"])).await;
    let filtered = api
        .get(&lb(&format!(
            "/pools?monitor={}",
            monitor["id"].as_str().unwrap()
        )))
        .await
        .ok();
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    assert_eq!(filtered[0]["name"], json!("web"));
}

#[tokio::test]
async fn unknown_pools_are_404_and_delete_answers_the_id() {
    let server = TestServer::start().await;
    let api = server.api();
    let missing = lb("/pools/ffffffffffffffffffffffffffffffff");
    for reply in [
        api.get(&missing).await,
        api.delete(&missing).await,
        api.patch(&missing, json!({})).await,
    ] {
        assert_eq!(reply.status, 404);
        assert_eq!(reply.codes(), [1001]);
    }
    let (id, _) = created(&api, pool_body("web", &["192.0.2.10"])).await;
    let gone = api.delete(&lb(&format!("/pools/{id}"))).await.ok();
    assert_eq!(gone, json!({"id": id}));
    assert_eq!(api.get(&lb(&format!("/pools/{id}"))).await.status, 404);
}

#[tokio::test]
async fn bulk_patch_only_clears_notification_email_one_page_at_a_time() {
    let server = TestServer::with(|c| c.quotas = pooldeck_server::Quotas::ENTERPRISE).await;
    let api = server.api();
    for i in 0..30 {
        let mut body = pool_body(&format!("p{i:02}"), &[&format!("192.0.2.{i}")]);
        body["notification_email"] = json!("ops@example.com");
        created(&api, body).await;
    }
    let reply = api
        .patch(
            &lb("/pools"),
            json!({"notification_email": "x@example.com"}),
        )
        .await;
    assert_eq!(reply.codes(), [1002]);
    let reply = api
        .patch(
            &lb("/pools"),
            json!({"notification_email": "", "enabled": false}),
        )
        .await;
    assert_eq!(reply.codes(), [1002]);
    let first = api
        .patch(&lb("/pools"), json!({"notification_email": ""}))
        .await;
    assert_eq!(first.body["result_info"]["total_count"], json!(30));
    let first = first.ok();
    assert_eq!(first.as_array().unwrap().len(), 25, "25 pools by default");
    assert_eq!(first[0]["name"], json!("p00"));
    assert!(first
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["notification_email"] == json!("")));
    let untouched = api.get(&lb("/pools")).await.ok();
    assert_eq!(
        untouched[29]["notification_email"],
        json!("ops@example.com")
    );
    let second = api
        .patch(&lb("/pools?page=2"), json!({"notification_email": ""}))
        .await
        .ok();
    assert_eq!(second.as_array().unwrap().len(), 5);
}

/// The list is served from a cache; it must never lag a write.
#[tokio::test]
async fn the_list_reflects_every_write_at_once() {
    let server = TestServer::start().await;
    let api = server.api();
    let names = |list: Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(names(api.get(&lb("/pools")).await.ok()).is_empty());
    let (id, _) = created(&api, pool_body("one", &["192.0.2.1"])).await;
    assert_eq!(names(api.get(&lb("/pools")).await.ok()), ["one"]);
    api.patch(&lb(&format!("/pools/{id}")), json!({"name": "renamed"}))
        .await
        .ok();
    assert_eq!(names(api.get(&lb("/pools")).await.ok()), ["renamed"]);
    created(&api, pool_body("two", &["192.0.2.2"])).await;
    assert_eq!(names(api.get(&lb("/pools")).await.ok()), ["renamed", "two"]);
    api.delete(&lb(&format!("/pools/{id}"))).await.ok();
    assert_eq!(names(api.get(&lb("/pools")).await.ok()), ["two"]);
    let other = format!("/accounts/{}/load_balancers/pools", common::OTHER_ACCOUNT);
    assert!(
        names(api.get(&other).await.ok()).is_empty(),
        "one cache entry per account"
    );
}
