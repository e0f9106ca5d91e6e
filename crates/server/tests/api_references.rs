//! Load balancers, references and the 1005 refusal to delete what is used.

mod common;

use common::{lb, pool_body, TestServer, ACCOUNT, ZONE};
use serde_json::{json, Value};

fn zone(rest: &str) -> String {
    format!("/zones/{ZONE}/load_balancers{rest}")
}

async fn new_pool(api: &common::Api, name: &str, address: &str) -> String {
    let pool = api
        .post(&lb("/pools"), pool_body(name, &[address]))
        .await
        .ok();
    pool["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_pool_used_by_a_load_balancer_cannot_be_deleted_and_the_error_names_it() {
    let server = TestServer::start().await;
    let api = server.api();
    let primary = new_pool(&api, "primary", "192.0.2.1").await;
    let backup = new_pool(&api, "backup", "192.0.2.2").await;
    let geo = new_pool(&api, "geo", "192.0.2.3").await;
    let lb_body = json!({
        "name": "www.example.com",
        "default_pools": [primary],
        "fallback_pool": backup,
        "region_pools": {"WNAM": [geo]},
        "steering_policy": "off",
        "proxied": true
    });
    let balancer = api.post(&zone(""), lb_body).await.ok();
    assert_eq!(
        balancer["steering_policy"],
        json!("off"),
        "unmodelled members are kept"
    );

    // Still referenced by the stale geo map even though steering is "off".
    let reply = api.delete(&lb(&format!("/pools/{geo}"))).await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (412, vec![1005]));
    assert!(
        reply.messages()[0].contains("www.example.com (region pool (WNAM))"),
        "{:?}",
        reply.messages()
    );
    let reply = api.delete(&lb(&format!("/pools/{backup}"))).await;
    assert!(reply.messages()[0].contains("www.example.com (fallback pool)"));

    let refs = api
        .get(&lb(&format!("/pools/{primary}/references")))
        .await
        .ok();
    assert_eq!(
        refs,
        json!([{
            "reference_type": "referrer",
            "resource_id": balancer["id"],
            "resource_name": "www.example.com",
            "resource_type": "load_balancer",
            "roles": ["default pool"]
        }])
    );

    // Detach the geo pool; now it can go.
    let lb_id = balancer["id"].as_str().unwrap();
    api.patch(&zone(&format!("/{lb_id}")), json!({"region_pools": null}))
        .await
        .ok();
    api.delete(&lb(&format!("/pools/{geo}"))).await.ok();
    // Deleting the load balancer frees the rest.
    api.delete(&zone(&format!("/{lb_id}"))).await.ok();
    api.delete(&lb(&format!("/pools/{primary}"))).await.ok();
    api.delete(&lb(&format!("/pools/{backup}"))).await.ok();
}

#[tokio::test]
async fn rule_overrides_and_pool_sets_count_as_uses() {
    let server = TestServer::start().await;
    let api = server.api();
    let main = new_pool(&api, "main", "192.0.2.1").await;
    let in_rule = new_pool(&api, "in-rule", "192.0.2.2").await;
    let in_set = new_pool(&api, "in-set", "192.0.2.3").await;
    api.post(
        &zone(""),
        json!({
            "name": "api.example.com",
            "default_pools": [main],
            "fallback_pool": main,
            "rules": [{"name": "beta users", "overrides": {"default_pools": [in_rule]}}],
            "pool_sets": [{"name": "blue", "overrides": {"pools": [in_set]}}]
        }),
    )
    .await
    .ok();
    let reply = api.delete(&lb(&format!("/pools/{in_rule}"))).await;
    assert!(reply.messages()[0].contains("rule override (beta users)"));
    let reply = api.delete(&lb(&format!("/pools/{in_set}"))).await;
    assert!(reply.messages()[0].contains("pool set (blue)"));
}

#[tokio::test]
async fn load_balancers_must_name_existing_pools_of_one_account() {
    let server = TestServer::start().await;
    let api = server.api();
    let reply = api
        .post(&zone(""), json!({"name": "www.example.com", "default_pools": ["ffffffffffffffffffffffffffffffff"], "fallback_pool": "ffffffffffffffffffffffffffffffff"}))
        .await;
    assert_eq!(reply.codes(), [1002, 1002]);
    assert_eq!(reply.pointers(), ["/default_pools/0", "/fallback_pool"]);
    let reply = api
        .post(
            &zone(""),
            json!({"name": "not a hostname", "default_pools": [], "fallback_pool": ""}),
        )
        .await;
    let mut pointers = reply.pointers();
    pointers.sort();
    assert_eq!(pointers, ["/default_pools", "/fallback_pool", "/name"]);
    assert!(api.get(&zone("")).await.ok().as_array().unwrap().is_empty());
}

#[tokio::test]
async fn monitors_in_use_cannot_be_deleted_and_references_name_the_pools() {
    let server = TestServer::start().await;
    let api = server.api();
    let monitor = api
        .post(
            &lb("/monitors"),
            json!({"type": "http", "description": "login page", "expected_codes": "200"}),
        )
        .await
        .ok();
    let mid = monitor["id"].as_str().unwrap().to_owned();
    assert_eq!(monitor["method"], json!("GET"), "defaults are materialised");
    assert_eq!(monitor["path"], json!("/"));
    assert_eq!(monitor["interval"], json!(60));
    assert_eq!(monitor["retries"], json!(2));
    assert_eq!(monitor["timeout"], json!(5));
    let mut body = pool_body("web", &["192.0.2.1"]);
    body["monitor"] = json!(mid);
    let pool = api.post(&lb("/pools"), body).await.ok();

    let refs = api
        .get(&lb(&format!("/monitors/{mid}/references")))
        .await
        .ok();
    assert_eq!(refs[0]["resource_type"], json!("pool"));
    assert_eq!(refs[0]["resource_name"], json!("web"));
    assert_eq!(refs[0]["reference_type"], json!("referrer"));
    let pool_refs = api
        .get(&lb(&format!(
            "/pools/{}/references",
            pool["id"].as_str().unwrap()
        )))
        .await
        .ok();
    assert_eq!(pool_refs[0]["reference_type"], json!("referral"));
    assert_eq!(pool_refs[0]["resource_name"], json!("login page"));

    let reply = api.delete(&lb(&format!("/monitors/{mid}"))).await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (412, vec![1005]));
    assert!(
        reply.messages()[0].contains("pool web"),
        "{:?}",
        reply.messages()
    );

    api.patch(
        &lb(&format!("/pools/{}", pool["id"].as_str().unwrap())),
        json!({"monitor": null}),
    )
    .await
    .ok();
    assert_eq!(
        api.delete(&lb(&format!("/monitors/{mid}"))).await.ok(),
        json!({"id": mid})
    );
}

#[tokio::test]
async fn monitor_validation_put_and_patch() {
    let server = TestServer::start().await;
    let api = server.api();
    let reply = api
        .post(&lb("/monitors"), json!({"type": "tcp", "interval": 5}))
        .await;
    let mut pointers = reply.pointers();
    pointers.sort();
    assert_eq!(pointers, ["/interval", "/port"]);
    let m = api
        .post(
            &lb("/monitors"),
            json!({"type": "tcp", "port": 5432, "description": "db"}),
        )
        .await
        .ok();
    assert_eq!(m["method"], json!("connection_established"));
    let path = lb(&format!("/monitors/{}", m["id"].as_str().unwrap()));
    let patched = api.patch(&path, json!({"interval": 120})).await.ok();
    assert_eq!(
        (patched["interval"].clone(), patched["port"].clone()),
        (json!(120), json!(5432))
    );
    let replaced = api
        .put(&path, json!({"type": "http", "expected_codes": "2xx"}))
        .await
        .ok();
    assert_eq!(replaced["description"], json!(""), "PUT resets");
    assert_eq!(replaced["created_on"], m["created_on"]);
}

#[tokio::test]
async fn monitor_groups_check_members_and_refuse_delete_while_used() {
    let server = TestServer::start().await;
    let api = server.api();
    let m = api
        .post(
            &lb("/monitors"),
            json!({"type": "http", "expected_codes": "2xx"}),
        )
        .await
        .ok();
    let reply = api
        .post(&lb("/monitor_groups"), json!({"description": "g", "members": [{"monitor_id": "nope", "enabled": true, "monitoring_only": false, "must_be_healthy": true}]}))
        .await;
    assert_eq!(reply.pointers(), ["/members/0/monitor_id"]);
    let g = api
        .post(&lb("/monitor_groups"), json!({"description": "edge", "members": [{"monitor_id": m["id"], "enabled": true, "monitoring_only": false, "must_be_healthy": true}]}))
        .await
        .ok();
    let gid = g["id"].as_str().unwrap().to_owned();
    let mut body = pool_body("web", &["192.0.2.1"]);
    body["monitor_group"] = json!(gid);
    api.post(&lb("/pools"), body.clone()).await.ok();
    body["name"] = json!("both");
    body["monitor"] = m["id"].clone();
    let reply = api.post(&lb("/pools"), body).await;
    assert_eq!(
        reply.pointers(),
        ["/monitor_group"],
        "monitor XOR monitor group"
    );
    let reply = api.delete(&lb(&format!("/monitor_groups/{gid}"))).await;
    assert_eq!(reply.codes(), [1005]);
    let reply = api
        .delete(&lb(&format!("/monitors/{}", m["id"].as_str().unwrap())))
        .await;
    assert!(
        reply.messages()[0].contains("monitor group edge"),
        "{:?}",
        reply.messages()
    );
    let refs = api
        .get(&lb(&format!("/monitor_groups/{gid}/references")))
        .await
        .ok();
    let kinds: Vec<&Value> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["resource_type"])
        .collect();
    assert_eq!(kinds, [&json!("pool"), &json!("monitor")]);
}

#[tokio::test]
async fn the_pool_quota_is_enforced() {
    let server = TestServer::with(|c| {
        c.quotas = pooldeck_server::Quotas {
            pools: 2,
            endpoints: 100,
            monitors: 1,
            enterprise: false,
        }
    })
    .await;
    let api = server.api();
    new_pool(&api, "a", "192.0.2.1").await;
    new_pool(&api, "b", "192.0.2.2").await;
    let reply = api
        .post(&lb("/pools"), pool_body("c", &["192.0.2.3"]))
        .await;
    assert_eq!(reply.codes(), [1004]);
    api.post(
        &lb("/monitors"),
        json!({"type": "http", "expected_codes": "2xx"}),
    )
    .await
    .ok();
    let reply = api
        .post(
            &lb("/monitors"),
            json!({"type": "http", "expected_codes": "2xx"}),
        )
        .await;
    assert_eq!(reply.codes(), [1004]);
    let _ = ACCOUNT;
}

// Regression: the pool page's "Used by" list (and the 1005 message) came
// in the order of the server's zone map, which differs between runs, so
// the same pool listed its load balancers differently on each load.
#[tokio::test]
async fn a_pools_load_balancers_come_sorted_by_hostname_across_zones() {
    let server = TestServer::start().await;
    let api = server.api();
    let pool = new_pool(&api, "shared", "192.0.2.9").await;
    let zones = [
        ("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "zeta.example.net"),
        ("cccccccccccccccccccccccccccccccc", "alpha.example.org"),
        ("dddddddddddddddddddddddddddddddd", "mid.example.com"),
    ];
    for (zone_id, host) in zones {
        api.post(
            &format!("/zones/{zone_id}/load_balancers"),
            json!({"name": host, "default_pools": [pool], "fallback_pool": pool}),
        )
        .await
        .ok();
    }
    let refs = api
        .get(&lb(&format!("/pools/{pool}/references")))
        .await
        .ok();
    let names: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["resource_name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["alpha.example.org", "mid.example.com", "zeta.example.net"]
    );
    let reply = api.delete(&lb(&format!("/pools/{pool}"))).await;
    let message = &reply.messages()[0];
    let (a, m, z) = (
        message.find("alpha").unwrap(),
        message.find("mid").unwrap(),
        message.find("zeta").unwrap(),
    );
    assert!(a < m && m < z, "{message}");
}
