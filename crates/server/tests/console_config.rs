//! `config.json` states the plan the server enforces, and the console's
//! derivation from it (the model's `Plan::pool_limits`) gives the limits
//! the server checks a write with.

mod common;

use axum::http::Method;
use common::{lb, TestServer, ACCOUNT};
use pooldeck_model::validate::Findings;
use pooldeck_model::{endpoints_in_other_pools, validate_pool, ConsoleConfig, Pool};

async fn console_config(server: &TestServer) -> ConsoleConfig {
    let (_, _, body) = common::http(
        Method::GET,
        &format!("http://{}/config.json", server.addr),
        &[],
        None,
    )
    .await;
    serde_json::from_str(&body).unwrap()
}

fn pool(name: &str, addresses: &[String]) -> Pool {
    serde_json::from_value(common::pool_body(
        name,
        &addresses.iter().map(String::as_str).collect::<Vec<_>>(),
    ))
    .unwrap()
}

fn hosts(from: usize, n: usize) -> Vec<String> {
    (from..from + n)
        .map(|i| format!("e{i}.example.com"))
        .collect()
}

// Regression (defect 6): config.json sent only `enterprise` and the whole
// account quota as `max_origins`, so the console passed pools the server
// then refused: one with more endpoints than the other pools left, or
// (with --strict-public-addresses) one with a non-routable address.
#[tokio::test]
async fn the_console_derives_the_limits_the_server_checks_a_write_with() {
    let server = TestServer::with(|c| {
        c.account = Some(ACCOUNT.into());
        c.strict_public_addresses = true;
        c.quotas.endpoints = 10;
    })
    .await;
    let plan = console_config(&server).await.effective_plan();
    assert!(plan.strict_public_addresses);
    assert_eq!(plan.endpoint_quota, Some(10));
    assert!(!plan.enterprise);

    let api = server.api();
    api.post(&lb("/pools"), common::pool_body("zero", &["a.example.com"]))
        .await
        .ok();
    let first = pool("first", &hosts(0, 7));
    let id = api
        .post(&lb("/pools"), serde_json::to_value(&first).unwrap())
        .await
        .ok()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // 8 endpoints used: a new pool may have 2, and "first", when replaced,
    // 10 - 1 = 9.
    let pools: Vec<Pool> = serde_json::from_value(api.get(&lb("/pools")).await.ok()).unwrap();
    let for_new = plan.pool_limits(endpoints_in_other_pools(&pools, None));
    assert_eq!(for_new.max_origins, 2);
    assert_eq!(
        plan.pool_limits(endpoints_in_other_pools(&pools, Some(&id)))
            .max_origins,
        9
    );

    for (draft, rule) in [
        (pool("third", &hosts(20, 3)), "origin_count"),
        (
            pool("fourth", &["192.0.2.1".to_owned()]),
            "address_not_routable",
        ),
    ] {
        let findings = validate_pool(&draft, &for_new);
        let codes: Vec<&str> = findings.errors().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, [rule], "the console refuses it");
        let console: Vec<String> = findings.errors().map(|f| f.message.clone()).collect();
        let reply = api
            .post(&lb("/pools"), serde_json::to_value(&draft).unwrap())
            .await;
        assert_eq!(reply.status, 400, "{rule}: the server refuses it too");
        assert_eq!(reply.messages(), console, "{rule}: in the same words");
    }
    // And what the console lets through, the server takes.
    let fits = pool("fifth", &hosts(30, 2));
    assert!(!validate_pool(&fits, &for_new).has_errors());
    api.post(&lb("/pools"), serde_json::to_value(&fits).unwrap())
        .await
        .ok();
}
