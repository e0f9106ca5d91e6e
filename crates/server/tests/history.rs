//! History: every successful write is recorded with who made it and the
//! object before and after, in the embedded API and in proxy mode, and read
//! back at /_pooldeck/history within the caller's accounts.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{Method, StatusCode, Uri};
use common::{lb, pool_body, TestServer, ACCOUNT, OTHER_ACCOUNT, READ_TOKEN, SCOPED_TOKEN};
use pooldeck_model::HistoryEntry;
use serde_json::{json, Value};

async fn history(server: &TestServer, token: &str, query: &str) -> (StatusCode, Value) {
    let (status, _, body) = common::http(
        Method::GET,
        &format!("http://{}/_pooldeck/history?{query}", server.addr),
        &[("authorization", &format!("Bearer {token}"))],
        None,
    )
    .await;
    (status, serde_json::from_str(&body).unwrap())
}

async fn entries(server: &TestServer, query: &str) -> Vec<HistoryEntry> {
    let (status, body) = history(server, common::WRITE_TOKEN, query).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body["result"].clone()).unwrap()
}

#[tokio::test]
async fn embedded_writes_are_recorded_with_before_after_and_who() {
    let server = TestServer::start().await;
    let api = server.api();
    let created = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await
        .ok();
    let id = created["id"].as_str().unwrap().to_owned();
    api.patch(
        &lb(&format!("/pools/{id}")),
        json!({"description": "edited"}),
    )
    .await
    .ok();
    // A refused write changed nothing and is not recorded.
    let refused = api
        .patch(&lb(&format!("/pools/{id}")), json!({"name": ""}))
        .await;
    assert_eq!(refused.status, 400);
    // A health preview is not a change to an object.
    let _ = api
        .post(&lb(&format!("/pools/{id}/preview")), json!({}))
        .await;
    api.delete(&lb(&format!("/pools/{id}"))).await.ok();

    let list = entries(
        &server,
        &format!("account_id={ACCOUNT}&kind=pool&object_id={id}"),
    )
    .await;
    let methods: Vec<&str> = list.iter().map(|e| e.method.as_str()).collect();
    assert_eq!(methods, ["DELETE", "PATCH", "POST"], "newest first");
    let [delete, patch, create] = &list[..] else {
        unreachable!()
    };
    assert!(list.iter().all(|e| e.actor == "token #1"), "{list:?}");
    assert_eq!(create.before, None);
    assert_eq!(create.after.as_ref().unwrap()["name"], "web");
    assert_eq!(create.verb(), "Created");
    assert_ne!(patch.before.as_ref().unwrap()["description"], "edited");
    assert_eq!(patch.after.as_ref().unwrap()["description"], "edited");
    assert_eq!(
        patch.before.as_ref().unwrap()["name"],
        "web",
        "before is the object just before the write"
    );
    assert_eq!(delete.after, None);
    assert_eq!(delete.before.as_ref().unwrap()["description"], "edited");
    assert!(create.seq < patch.seq && patch.seq < delete.seq);
    assert_eq!(patch.path, lb(&format!("/pools/{id}")));
}

#[tokio::test]
async fn history_is_scoped_to_the_callers_accounts() {
    let server = TestServer::start().await;
    server
        .api()
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await
        .ok();
    let (status, body) = history(&server, SCOPED_TOKEN, &format!("account_id={ACCOUNT}")).await;
    assert_eq!(
        (status, body["errors"][0]["code"].clone()),
        (StatusCode::FORBIDDEN, json!(10000))
    );
    let (status, body) = history(
        &server,
        SCOPED_TOKEN,
        &format!("account_id={OTHER_ACCOUNT}"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["result"], json!([]), "nothing of another account");
    let (status, body) = history(&server, READ_TOKEN, &format!("account_id={ACCOUNT}")).await;
    assert_eq!(status, 200, "reading history is a read");
    assert_eq!(body["result"].as_array().unwrap().len(), 1);
    let (status, _) = history(&server, READ_TOKEN, "account_id=nope").await;
    assert_eq!(status, 400);
    let (status, _, _) = common::http(
        Method::GET,
        &format!(
            "http://{}/_pooldeck/history?account_id={ACCOUNT}",
            server.addr
        ),
        &[],
        None,
    )
    .await;
    assert_eq!(status, 400, "no credentials (6003)");
    let (status, _, _) = common::http(
        Method::POST,
        &format!(
            "http://{}/_pooldeck/history?account_id={ACCOUNT}",
            server.addr
        ),
        &[("authorization", &format!("Bearer {}", common::WRITE_TOKEN))],
        None,
    )
    .await;
    assert_eq!(status, 405, "history is read-only");
}

#[tokio::test]
async fn paging_and_the_bulk_patch_record_one_entry_per_changed_pool() {
    let server = TestServer::start().await;
    let api = server.api();
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let mut body = pool_body(name, &["192.0.2.1"]);
        if name != "c" {
            body["notification_email"] = json!("ops@example.com");
        }
        ids.push(
            api.post(&lb("/pools"), body).await.ok()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    api.patch(&lb("/pools"), json!({"notification_email": ""}))
        .await
        .ok();
    let list = entries(&server, &format!("account_id={ACCOUNT}&kind=pool")).await;
    let patched: Vec<&str> = list
        .iter()
        .filter(|e| e.method == "PATCH")
        .map(|e| e.object_id.as_str())
        .collect();
    assert_eq!(
        patched.len(),
        2,
        "c had no email, so it did not change: {patched:?}"
    );
    assert!(patched.contains(&ids[0].as_str()) && patched.contains(&ids[1].as_str()));
    let page = entries(&server, &format!("account_id={ACCOUNT}&per_page=2")).await;
    assert_eq!(page.len(), 2);
    let rest = entries(
        &server,
        &format!("account_id={ACCOUNT}&per_page=10&before={}", page[1].seq),
    )
    .await;
    assert_eq!(page.len() + rest.len(), 5);
    assert!(rest.iter().all(|e| e.seq < page[1].seq));
}

#[tokio::test]
async fn a_labelled_token_and_a_zone_write_are_named() {
    let server = TestServer::with(|c| {
        c.token_labels
            .insert(common::WRITE_TOKEN.to_owned(), "terraform".to_owned());
    })
    .await;
    let api = server.api();
    let pool = api
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await
        .ok();
    let id = pool["id"].as_str().unwrap();
    let created = api
        .post(
            &format!("/zones/{}/load_balancers", common::ZONE),
            json!({"name": "www.example.com", "default_pools": [id], "fallback_pool": id}),
        )
        .await
        .ok();
    let list = entries(&server, &format!("account_id={ACCOUNT}&kind=load_balancer")).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].actor, "terraform");
    assert_eq!(list[0].zone_id.as_deref(), Some(common::ZONE));
    assert_eq!(list[0].object_id, created["id"].as_str().unwrap());
}

#[tokio::test]
async fn retention_prunes_old_entries_at_start() {
    let server = TestServer::start().await;
    server
        .api()
        .post(&lb("/pools"), pool_body("web", &["192.0.2.1"]))
        .await
        .ok();
    let store = server.state().store.clone();
    store
        .record_history(&HistoryEntry {
            at: "2020-01-01T00:00:00.000000Z".into(),
            actor: "someone".into(),
            method: "PATCH".into(),
            kind: "pool".into(),
            account_id: Some(ACCOUNT.into()),
            object_id: "old".into(),
            path: "/x".into(),
            ..Default::default()
        })
        .unwrap();
    let db = server.db.clone();
    drop(store);
    server.stop().await;
    let server = TestServer::on(db, |c| {
        c.history_retention = pooldeck_server::history::Retention::days(30);
    })
    .await;
    let list = entries(&server, &format!("account_id={ACCOUNT}")).await;
    let ids: Vec<&str> = list.iter().map(|e| e.object_id.as_str()).collect();
    assert!(!ids.contains(&"old"), "pruned: {ids:?}");
    assert_eq!(list.len(), 1, "the recent write is kept");
}

/// A fake Cloudflare that holds one pool: GET answers it, PATCH changes it.
async fn stateful_upstream() -> (String, Arc<Mutex<Value>>) {
    let pool = Arc::new(Mutex::new(json!({
        "id": "17b5962d775c646f3f9725cbc7a53df4", "name": "web", "enabled": true,
        "origins": [{"name": "a", "address": "192.0.2.1", "enabled": true}],
        "upstream_only_member": {"kept": true}
    })));
    let held = pool.clone();
    let app = axum::Router::new().fallback(move |method: Method, _uri: Uri, body: Bytes| {
        let held = held.clone();
        async move {
            let mut pool = held.lock().unwrap();
            if method == Method::PATCH {
                let patch: Value = serde_json::from_slice(&body).unwrap();
                for (k, v) in patch.as_object().unwrap() {
                    pool[k] = v.clone();
                }
            }
            let envelope = json!({"success": true, "errors": [], "messages": [], "result": *pool});
            ([("content-type", "application/json")], envelope.to_string())
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/client/v4", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, pool)
}

#[tokio::test]
async fn proxy_writes_are_recorded_from_a_get_before_and_the_answer_after() {
    let (base, _) = stateful_upstream().await;
    let server = TestServer::with(move |c| {
        c.upstream = Some(pooldeck_server::proxy::Upstream {
            base,
            token: "upstream-token".into(),
            accounts: vec![],
            read_only: false,
        });
    })
    .await;
    let id = "17b5962d775c646f3f9725cbc7a53df4";
    server
        .api()
        .patch(&lb(&format!("/pools/{id}")), json!({"enabled": false}))
        .await
        .ok();
    let list = entries(&server, &format!("account_id={ACCOUNT}&object_id={id}")).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let e = &list[0];
    assert_eq!(
        (e.method.as_str(), e.kind.as_str(), e.actor.as_str()),
        ("PATCH", "pool", "token #1")
    );
    assert_eq!(e.before.as_ref().unwrap()["enabled"], true);
    assert_eq!(e.after.as_ref().unwrap()["enabled"], false);
    assert_eq!(
        e.after.as_ref().unwrap()["upstream_only_member"],
        json!({"kept": true}),
        "the object is kept as the API gave it"
    );
}
