//! Data survives restarts, and every write acknowledged with 200 survives a
//! SIGKILL in the middle of a burst of writes.

mod common;

use std::time::Duration;

use common::{empty_dir, fake_dist, lb, pool_body, scratch, TestServer, WRITE_TOKEN};
use serde_json::json;

/// Regression: a test's scratch directory is named after its process ID,
/// and a later test binary given the same (reused) ID found the dead
/// run's database there, with a pool named `web` already in it (the
/// portal test then failed with "already exists").
#[test]
fn a_scratch_directory_a_dead_run_left_starts_empty() {
    let dir = scratch("reused");
    std::fs::write(dir.join("pooldeck.db"), b"a dead run's database").unwrap();
    let dir = empty_dir(dir);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[tokio::test]
async fn a_restart_keeps_every_object() {
    let server = TestServer::start().await;
    let db = server.db.clone();
    let api = server.api();
    let monitor = api
        .post(
            &lb("/monitors"),
            json!({"type": "http", "expected_codes": "2xx"}),
        )
        .await
        .ok();
    let mut body = pool_body("web", &["192.0.2.1"]);
    body["monitor"] = monitor["id"].clone();
    body["future"] = json!({"kept": [1, 2]});
    let pool = api.post(&lb("/pools"), body).await.ok();
    let balancer = api
        .post(
            &format!("/zones/{}/load_balancers", common::ZONE),
            json!({"name": "www.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"]}),
        )
        .await
        .ok();
    server.stop().await;

    let again = TestServer::on(db, |_| {}).await;
    let api = again.api();
    let id = pool["id"].as_str().unwrap();
    assert_eq!(
        common::without_health(api.get(&lb(&format!("/pools/{id}"))).await.ok()),
        pool
    );
    assert_eq!(
        api.get(&lb(&format!(
            "/monitors/{}",
            monitor["id"].as_str().unwrap()
        )))
        .await
        .ok(),
        monitor
    );
    let lbs = api
        .get(&format!("/zones/{}/load_balancers", common::ZONE))
        .await
        .ok();
    assert_eq!(lbs[0], balancer);
    // The zone still belongs to the account, so the pool is still protected.
    assert_eq!(
        api.delete(&lb(&format!("/pools/{id}"))).await.codes(),
        [1005]
    );
}

#[tokio::test]
async fn every_acknowledged_write_survives_sigkill() {
    let dir = scratch("sigkill");
    let db = dir.join("pooldeck.db");
    let dist = fake_dist();
    let (mut child, addr) = common::spawn_binary(&db, &dist).await;
    let api = common::Api::for_base(&format!("http://{addr}/client/v4"), WRITE_TOKEN);

    // Eight writers create pools as fast as they can; each remembers what
    // was acknowledged.
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for w in 0..8 {
        let api = api.clone();
        let acked = acked.clone();
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let body = pool_body(&format!("w{w}-{i}"), &["192.0.2.1"]);
                match api.try_post(&lb("/pools"), body).await {
                    Some((200, result)) => acked
                        .lock()
                        .unwrap()
                        .push(result["id"].as_str().unwrap().to_owned()),
                    Some(_) => panic!("a write failed while the server was up"),
                    None => return, // the server is gone
                }
            }
        }));
    }
    // Kill it mid-burst, once a good number of writes are in.
    while acked.lock().unwrap().len() < 150 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.start_kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().await.unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();

    let (_child, addr) = common::spawn_binary(&db, &dist).await;
    let api = common::Api::for_base(&format!("http://{addr}/client/v4"), WRITE_TOKEN);
    let stored = api.get(&lb("/pools")).await.ok();
    let stored: std::collections::HashSet<&str> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let lost: Vec<&String> = acked
        .iter()
        .filter(|id| !stored.contains(id.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes were lost: {lost:?}",
        lost.len(),
        acked.len()
    );
    assert!(acked.len() >= 150);
}

#[tokio::test]
async fn sigterm_finishes_in_flight_writes_then_exits_cleanly() {
    let dir = scratch("sigterm");
    let db = dir.join("pooldeck.db");
    let dist = fake_dist();
    let (mut child, addr) = common::spawn_binary(&db, &dist).await;
    let api = common::Api::for_base(&format!("http://{addr}/client/v4"), WRITE_TOKEN);
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (api, acked) = (api.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                match api
                    .try_post(
                        &lb("/pools"),
                        pool_body(&format!("t{w}-{i}"), &["192.0.2.1"]),
                    )
                    .await
                {
                    Some((200, result)) => acked
                        .lock()
                        .unwrap()
                        .push(result["id"].as_str().unwrap().to_owned()),
                    _ => return,
                }
            }
        }));
    }
    while acked.lock().unwrap().len() < 50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let pid = child.id().expect("running") as i32;
    // SIGTERM through the shell's kill: no libc dependency for one signal.
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("exits after SIGTERM")
        .unwrap();
    assert!(exit.success(), "exit status {exit:?}");
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let (_child, addr) = common::spawn_binary(&db, &dist).await;
    let api = common::Api::for_base(&format!("http://{addr}/client/v4"), WRITE_TOKEN);
    let stored = api.get(&lb("/pools")).await.ok();
    let stored: std::collections::HashSet<&str> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        acked.iter().all(|id| stored.contains(id.as_str())),
        "an acknowledged write was lost"
    );
}
