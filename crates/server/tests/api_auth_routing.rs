//! Tokens, account isolation, and the envelope on every kind of failure.

mod common;

use axum::http::Method;
use common::{lb, pool_body, TestServer, ACCOUNT, OTHER_ACCOUNT, READ_TOKEN, SCOPED_TOKEN};
use serde_json::json;

#[tokio::test]
async fn missing_or_malformed_authorization_is_400_6003_with_6111() {
    let server = TestServer::start().await;
    for token in [None, Some("has space"), Some("")] {
        let reply = server.api_as(token).get(&lb("/pools")).await;
        assert_eq!(reply.status, 400, "{token:?}");
        assert_eq!(reply.codes(), [6003]);
        assert_eq!(
            reply.body["errors"][0]["error_chain"][0]["code"],
            json!(6111)
        );
    }
}

#[tokio::test]
async fn a_wrong_token_is_403_10000_and_read_tokens_cannot_write() {
    let server = TestServer::start().await;
    let reply = server
        .api_as(Some("not-a-configured-token"))
        .get(&lb("/pools"))
        .await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (403, vec![10000]));
    let read = server.api_as(Some(READ_TOKEN));
    read.get(&lb("/pools")).await.ok();
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let path = if method == Method::POST {
            lb("/pools")
        } else {
            lb("/pools/0123456789abcdef0123456789abcdef")
        };
        let reply = read
            .call(method.clone(), &path, Some(pool_body("x", &["192.0.2.1"])))
            .await;
        assert_eq!(
            (reply.status.as_u16(), reply.codes()),
            (403, vec![10000]),
            "{method}"
        );
    }
    assert!(server
        .api()
        .get(&lb("/pools"))
        .await
        .ok()
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn accounts_are_isolated_and_scoped_tokens_stay_in_their_accounts() {
    let server = TestServer::start().await;
    let api = server.api();
    let pool = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await
        .ok();
    let id = pool["id"].as_str().unwrap();
    let other = format!("/accounts/{OTHER_ACCOUNT}/load_balancers/pools");
    assert!(api.get(&other).await.ok().as_array().unwrap().is_empty());
    assert_eq!(
        api.get(&format!("{other}/{id}")).await.status,
        404,
        "invisible from another account"
    );
    assert_eq!(api.delete(&format!("{other}/{id}")).await.status, 404);
    // The same name is free in another account.
    api.post(&other, pool_body("web", &["192.0.2.1"]))
        .await
        .ok();

    let scoped = server.api_as(Some(SCOPED_TOKEN));
    assert_eq!(scoped.get(&other).await.ok().as_array().unwrap().len(), 1);
    let reply = scoped.get(&lb("/pools")).await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (403, vec![10000]));
}

#[tokio::test]
async fn malformed_account_ids_get_the_routing_error() {
    let server = TestServer::start().await;
    for bad in [
        "abc",
        "0123456789ABCDEF0123456789ABCDEZ",
        "0123456789abcdef0123456789abcdef0",
    ] {
        let reply = server
            .api()
            .get(&format!("/accounts/{bad}/load_balancers/pools"))
            .await;
        assert_eq!(
            (reply.status.as_u16(), reply.codes()),
            (400, vec![7003, 7000]),
            "{bad}"
        );
        assert!(reply.messages()[0]
            .contains(&format!("/client/v4/accounts/{bad}/load_balancers/pools")));
    }
    let reply = server.api().get("/zones/nope/load_balancers").await;
    assert_eq!(reply.codes(), [7003, 7000]);
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_get_envelopes() {
    let server = TestServer::start().await;
    let api = server.api();
    let reply = api
        .get(&format!("/accounts/{ACCOUNT}/load_balancers/nothing"))
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.codes(), [7003, 7000]);
    let reply = api.get("/").await;
    assert_eq!(reply.status, 404);
    let reply = api.call(Method::DELETE, &lb("/pools"), None).await;
    assert_eq!((reply.status.as_u16(), reply.codes()), (405, vec![7001]));
    let reply = api
        .call(
            Method::PATCH,
            &format!("/accounts/{ACCOUNT}/alerting/v3/policies/x"),
            None,
        )
        .await;
    assert_eq!(reply.status, 405, "policies have no PATCH");
}
