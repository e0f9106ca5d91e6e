//! Jobs: weight ramps and scheduled maintenance, run by the server with an
//! injected clock (no test waits for a schedule), pausing on someone
//! else's edit and on bad health, gated on a health check, cancellable,
//! and resumed after a crash without repeating or skipping a step.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::http::Method;
use common::{lb, TestServer, ACCOUNT, WRITE_TOKEN};
use pooldeck_model::jobs::{Job, JobState, Pending};
use pooldeck_model::HistoryEntry;
use pooldeck_server::clock::{Clock, ManualClock};
use serde_json::{json, Value};

async fn server(clock: Arc<ManualClock>) -> TestServer {
    TestServer::with(move |c| {
        c.clock = Some(clock);
        c.run_jobs = false;
        c.fast_probes = true;
    })
    .await
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(SystemTime::now()))
}

async fn post_job(s: &TestServer, pool: &str, spec: Value) -> (u16, Value) {
    let (status, _, body) = common::http(
        Method::POST,
        &format!("http://{}/_pooldeck/jobs", s.addr),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        Some((
            "application/json",
            json!({"account_id": ACCOUNT, "pool_id": pool, "spec": spec}).to_string(),
        )),
    )
    .await;
    (status.as_u16(), serde_json::from_str(&body).unwrap())
}

async fn job(s: &TestServer, id: &str) -> Job {
    s.state().store.job(id).unwrap().expect("the job exists")
}

async fn weight(s: &TestServer, pool: &str, endpoint: usize) -> f64 {
    s.api().get(&lb(&format!("/pools/{pool}"))).await.ok()["origins"][endpoint]["weight"]
        .as_f64()
        .unwrap()
}

/// Sets endpoint `index`'s weight by hand, as someone else would.
async fn set_weight(s: &TestServer, pool: &str, index: usize, weight: f64) {
    let mut origins = s.api().get(&lb(&format!("/pools/{pool}"))).await.ok()["origins"].clone();
    origins[index]["weight"] = json!(weight);
    for o in origins.as_array_mut().unwrap() {
        let o = o.as_object_mut().unwrap();
        o.remove("healthy");
        o.remove("failure_reason");
    }
    s.api()
        .patch(&lb(&format!("/pools/{pool}")), json!({"origins": origins}))
        .await
        .ok();
}

/// A pool with endpoints `a` (weight 1) and `b` (weight 0), unmonitored.
async fn two_endpoint_pool(s: &TestServer) -> String {
    let body = json!({"name": "web", "check_regions": ["WEU"], "origins": [
        {"name": "a", "address": "192.0.2.1", "weight": 1.0},
        {"name": "b", "address": "192.0.2.2", "weight": 0.0}]});
    s.api().post(&lb("/pools"), body).await.ok()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn ramp(steps: u32, rollback: bool) -> Value {
    json!({"type": "ramp", "endpoint": "b", "from": 0.0, "to": 1.0,
           "steps": steps, "interval_secs": 60, "rollback": rollback})
}

async fn job_history(s: &TestServer, pool: &str) -> Vec<HistoryEntry> {
    let (_, _, body) = common::http(
        Method::GET,
        &format!(
            "http://{}/_pooldeck/history?account_id={ACCOUNT}&object_id={pool}",
            s.addr
        ),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        None,
    )
    .await;
    let v: Value = serde_json::from_str(&body).unwrap();
    let all: Vec<HistoryEntry> = serde_json::from_value(v["result"].clone()).unwrap();
    all.into_iter()
        .filter(|e| e.actor.contains("job"))
        .collect()
}

#[tokio::test]
async fn a_ramp_steps_on_the_clock_and_each_step_is_in_the_history() {
    let clock = clock();
    let s = server(clock.clone()).await;
    let pool = two_endpoint_pool(&s).await;
    let (status, created) = post_job(&s, &pool, ramp(4, false)).await;
    assert_eq!(status, 200, "{created}");
    let id = created["result"]["id"].as_str().unwrap().to_owned();

    assert_eq!(s.runner.tick().await, 1);
    assert_eq!(weight(&s, &pool, 1).await, 0.25);
    assert_eq!(s.runner.tick().await, 0, "the next step is not due yet");
    for expected in [0.5, 0.75, 1.0] {
        clock.advance(Duration::from_secs(60));
        assert_eq!(s.runner.tick().await, 1);
        assert_eq!(weight(&s, &pool, 1).await, expected);
    }
    let done = job(&s, &id).await;
    assert_eq!(done.state, JobState::Done, "{}", done.message);
    assert_eq!(
        weight(&s, &pool, 0).await,
        1.0,
        "the other endpoint never moved"
    );
    let written = job_history(&s, &pool).await;
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(written
        .iter()
        .all(|e| e.method == "PATCH" && e.actor.starts_with("token #1 (ramp job")));
}

#[tokio::test]
async fn a_manual_edit_pauses_the_ramp_and_is_never_overwritten() {
    let clock = clock();
    let s = server(clock.clone()).await;
    let pool = two_endpoint_pool(&s).await;
    let (_, created) = post_job(&s, &pool, ramp(4, false)).await;
    let id = created["result"]["id"].as_str().unwrap().to_owned();
    s.runner.tick().await;
    // Someone sets b's weight by hand between steps.
    set_weight(&s, &pool, 1, 0.9).await;
    clock.advance(Duration::from_secs(60));
    s.runner.tick().await;
    let paused = job(&s, &id).await;
    assert_eq!(paused.state, JobState::Paused);
    assert!(
        paused.message.contains("Someone else changed it"),
        "{}",
        paused.message
    );
    clock.advance(Duration::from_secs(600));
    assert_eq!(s.runner.tick().await, 0, "a paused job does not run");
    assert_eq!(weight(&s, &pool, 1).await, 0.9);
}

#[tokio::test]
async fn a_second_job_on_the_same_endpoint_is_refused_and_bad_specs_say_why() {
    let s = server(clock()).await;
    let pool = two_endpoint_pool(&s).await;
    assert_eq!(post_job(&s, &pool, ramp(4, false)).await.0, 200);
    let (status, body) = post_job(&s, &pool, ramp(2, false)).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = post_job(
        &s,
        &pool,
        json!({"type": "ramp", "endpoint": "zz", "to": 1.0, "steps": 2, "interval_secs": 60}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no endpoint named zz"));
    let (status, _) = post_job(
        &s,
        &pool,
        json!({"type": "maintenance", "target": {"kind": "pool"},
               "start_at": "2026-12-02T03:00:00Z", "end_at": "2026-12-02T02:00:00Z"}),
    )
    .await;
    assert_eq!(status, 400, "the window must end after it starts");
    let (status, _, _) = common::http(
        Method::POST,
        &format!("http://{}/_pooldeck/jobs", s.addr),
        &[("authorization", &format!("Bearer {}", common::READ_TOKEN))],
        Some((
            "application/json",
            json!({"account_id": ACCOUNT, "pool_id": pool, "spec": ramp(2, false)}).to_string(),
        )),
    )
    .await;
    assert_eq!(status, 403, "a read-only token cannot start a job");
}

#[tokio::test]
async fn after_a_crash_a_sent_step_counts_and_an_unsent_one_is_sent_once() {
    let clock = clock();
    let s = server(clock.clone()).await;
    let pool = two_endpoint_pool(&s).await;
    let (_, created) = post_job(&s, &pool, ramp(4, false)).await;
    let id = created["result"]["id"].as_str().unwrap().to_owned();
    s.runner.tick().await; // step 1: 0.25
                           // The process died after sending step 2's PATCH and before recording
                           // it: the pool holds 0.5, the job still says step 1, pending step 2.
    let mut j = job(&s, &id).await;
    j.pending = Some(Pending {
        step: 2,
        value: json!(0.5),
    });
    s.state().store.save_job(&j).unwrap();
    set_weight(&s, &pool, 1, 0.5).await;
    clock.advance(Duration::from_secs(60));
    s.runner.tick().await;
    let j = job(&s, &id).await;
    assert_eq!((j.step, j.state), (2, JobState::Active), "{}", j.message);
    assert_eq!(
        job_history(&s, &pool).await.len(),
        1,
        "step 2 was not sent again"
    );
    // Died before sending step 3: pending, but the pool still holds 0.5.
    let mut j = job(&s, &id).await;
    j.pending = Some(Pending {
        step: 3,
        value: json!(0.75),
    });
    s.state().store.save_job(&j).unwrap();
    clock.advance(Duration::from_secs(60));
    s.runner.tick().await;
    let j = job(&s, &id).await;
    assert_eq!(j.step, 3, "{}", j.message);
    assert_eq!(weight(&s, &pool, 1).await, 0.75);
    assert_eq!(job_history(&s, &pool).await.len(), 2, "step 3 sent once");
}

/// A pool whose one endpoint is a real loopback server, with a monitor.
async fn monitored_pool(s: &TestServer, ip: &str, up: Arc<AtomicBool>) -> String {
    let port = common::spawn_endpoint(ip, up).await;
    let monitor = s
        .api()
        .post(
            &lb("/monitors"),
            json!({"type": "http", "port": port, "path": "/health", "expected_codes": "2xx", "interval": 60, "timeout": 2, "retries": 0}),
        )
        .await
        .ok()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"name": "svc", "check_regions": ["WEU"], "monitor": monitor,
        "origins": [{"name": "only", "address": ip, "weight": 1.0},
                    {"name": "other", "address": "192.0.2.9", "weight": 1.0}]});
    s.api().post(&lb("/pools"), body).await.ok()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn enabled(s: &TestServer, pool: &str) -> bool {
    s.api().get(&lb(&format!("/pools/{pool}"))).await.ok()["origins"][0]["enabled"]
        .as_bool()
        .unwrap()
}

/// Ticks (two clock seconds apart) until the job leaves `state`; the
/// health check itself is real I/O on loopback.
async fn tick_while(
    s: &TestServer,
    clock: &ManualClock,
    id: &str,
    state: JobState,
    also: impl Fn(&Job) -> bool,
) -> Job {
    for _ in 0..100 {
        clock.advance(Duration::from_secs(2));
        s.runner.tick().await;
        let j = job(s, id).await;
        if j.state != state || also(&j) {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the job stayed {state:?}")
}

#[tokio::test]
async fn maintenance_disables_then_re_enables_only_once_healthy() {
    let clock = clock();
    let s = server(clock.clone()).await;
    let up = Arc::new(AtomicBool::new(true));
    let pool = monitored_pool(&s, "127.0.0.21", up.clone()).await;
    let start = pooldeck_server::clock::format_rfc3339(clock.now());
    let end = pooldeck_server::clock::format_rfc3339(clock.now() + Duration::from_secs(600));
    let (status, created) = post_job(
        &s,
        &pool,
        json!({"type": "maintenance", "target": {"kind": "endpoint", "name": "only"},
               "start_at": start, "end_at": end, "recheck_secs": 60}),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let id = created["result"]["id"].as_str().unwrap().to_owned();
    s.runner.tick().await;
    assert!(
        !enabled(&s, &pool).await,
        "disabled at the start of the window"
    );
    assert_eq!(job(&s, &id).await.state, JobState::Active);

    // The window ends while the endpoint is down: it stays disabled.
    up.store(false, Ordering::SeqCst);
    clock.advance(Duration::from_secs(600));
    s.runner.tick().await;
    assert_eq!(job(&s, &id).await.state, JobState::WaitingForHealth);
    let waiting = tick_while(&s, &clock, &id, JobState::WaitingForHealth, |j| {
        j.message.contains("failed its health check")
    })
    .await;
    assert_eq!(waiting.state, JobState::WaitingForHealth);
    assert!(
        waiting.message.contains("stays disabled"),
        "{}",
        waiting.message
    );
    assert!(!enabled(&s, &pool).await);

    // It comes back: the next check passes and it is enabled.
    up.store(true, Ordering::SeqCst);
    clock.advance(Duration::from_secs(60));
    let done = tick_while(&s, &clock, &id, JobState::WaitingForHealth, |_| false).await;
    assert_eq!(done.state, JobState::Done, "{}", done.message);
    assert!(
        done.message.contains("passed its health check"),
        "{}",
        done.message
    );
    assert!(enabled(&s, &pool).await);
    let writes = job_history(&s, &pool).await;
    assert_eq!(writes.len(), 2, "one disable, one enable: {writes:?}");
}

#[tokio::test]
async fn an_unhealthy_endpoint_pauses_a_ramp_and_rolls_it_back() {
    let clock = clock();
    let s = server(clock.clone()).await;
    let up = Arc::new(AtomicBool::new(true));
    let pool = monitored_pool(&s, "127.0.0.22", up.clone()).await;
    // Wait for the prober's first verdict, so health is known.
    common::eventually(20, || async {
        let p = s.api().get(&lb(&format!("/pools/{pool}"))).await.ok();
        (p["origins"][0]["healthy"] == json!(true)).then_some(())
    })
    .await;
    let (_, created) = post_job(
        &s,
        &pool,
        json!({"type": "ramp", "endpoint": "only", "to": 0.5, "steps": 2, "interval_secs": 60, "rollback": true}),
    )
    .await;
    let id = created["result"]["id"].as_str().unwrap().to_owned();
    s.runner.tick().await;
    assert_eq!(
        weight(&s, &pool, 0).await,
        0.75,
        "from its current weight 1.0"
    );
    up.store(false, Ordering::SeqCst);
    common::eventually(20, || async {
        let p = s.api().get(&lb(&format!("/pools/{pool}"))).await.ok();
        (p["origins"][0]["healthy"] == json!(false)).then_some(())
    })
    .await;
    clock.advance(Duration::from_secs(60));
    s.runner.tick().await;
    let paused = job(&s, &id).await;
    assert_eq!(paused.state, JobState::Paused, "{}", paused.message);
    assert!(
        paused.message.contains("rolled back to weight 1"),
        "{}",
        paused.message
    );
    assert_eq!(weight(&s, &pool, 0).await, 1.0);
}

#[tokio::test]
async fn a_cancelled_job_does_nothing_more() {
    let clock = clock();
    let s = server(clock.clone()).await;
    let pool = two_endpoint_pool(&s).await;
    let start = pooldeck_server::clock::format_rfc3339(clock.now() + Duration::from_secs(3600));
    let end = pooldeck_server::clock::format_rfc3339(clock.now() + Duration::from_secs(7200));
    let (_, created) = post_job(
        &s,
        &pool,
        json!({"type": "maintenance", "target": {"kind": "pool"}, "start_at": start, "end_at": end}),
    )
    .await;
    let id = created["result"]["id"].as_str().unwrap().to_owned();
    assert_eq!(created["result"]["state"], json!("scheduled"));
    assert_eq!(s.runner.tick().await, 0, "not due before the window");
    let (status, _, body) = common::http(
        Method::POST,
        &format!("http://{}/_pooldeck/jobs/{id}/cancel", s.addr),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    clock.advance(Duration::from_secs(3601));
    assert_eq!(s.runner.tick().await, 0);
    let pool_now = s.api().get(&lb(&format!("/pools/{pool}"))).await.ok();
    assert_eq!(pool_now["enabled"], json!(true));
    let j = job(&s, &id).await;
    assert_eq!(j.state, JobState::Cancelled);
    assert!(
        j.message.starts_with("Cancelled by token #1"),
        "{}",
        j.message
    );
}

/// The jobs of the database at `addr`'s server.
async fn jobs_of(addr: &str) -> Vec<Job> {
    let (_, _, body) = common::http(
        Method::GET,
        &format!("http://{addr}/_pooldeck/jobs?account_id={ACCOUNT}"),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        None,
    )
    .await;
    let v: Value = serde_json::from_str(&body).unwrap();
    serde_json::from_value(v["result"].clone()).unwrap_or_default()
}

// The one test here that runs on the real clock: a process is killed.
#[tokio::test]
async fn a_ramp_killed_mid_way_resumes_after_restart_without_repeating_or_skipping_a_step() {
    let dir = common::scratch("jobs-sigkill");
    let db = dir.join("pooldeck.db");
    let dist = common::fake_dist();
    let (mut child, addr) = common::spawn_binary(&db, &dist).await;
    let api = common::Api::for_base(&format!("http://{addr}/client/v4"), WRITE_TOKEN);
    let body = json!({"name": "web", "origins": [
        {"name": "a", "address": "192.0.2.1", "weight": 1.0},
        {"name": "b", "address": "192.0.2.2", "weight": 0.0}]});
    let pool = api.post(&lb("/pools"), body).await.ok()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, created) = common::http(
        Method::POST,
        &format!("http://{addr}/_pooldeck/jobs"),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        Some((
            "application/json",
            json!({"account_id": ACCOUNT, "pool_id": pool, "spec": {"type": "ramp",
                   "endpoint": "b", "from": 0.0, "to": 1.0, "steps": 5, "interval_secs": 1}})
            .to_string(),
        )),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    common::eventually(20, || async {
        jobs_of(&addr)
            .await
            .first()
            .filter(|j| j.step >= 2)
            .map(|_| ())
    })
    .await;
    child.kill().await.unwrap(); // SIGKILL
    let (_child, addr) = common::spawn_binary(&db, &dist).await;
    let done = common::eventually(30, || async {
        jobs_of(&addr)
            .await
            .into_iter()
            .next()
            .filter(|j| j.state == JobState::Done)
    })
    .await;
    assert_eq!(done.step, 5, "{}", done.message);
    let (_, _, body) = common::http(
        Method::GET,
        &format!("http://{addr}/_pooldeck/history?account_id={ACCOUNT}&object_id={pool}"),
        &[("authorization", &format!("Bearer {WRITE_TOKEN}"))],
        None,
    )
    .await;
    let v: Value = serde_json::from_str(&body).unwrap();
    let mut weights: Vec<f64> = v["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"].as_str().unwrap_or_default().contains("ramp job"))
        .map(|e| e["after"]["origins"][1]["weight"].as_f64().unwrap())
        .collect();
    weights.reverse();
    assert_eq!(
        weights,
        [0.2, 0.4, 0.6, 0.8, 1.0],
        "each step once, in order"
    );
}
