//! A real server on a free 127.0.0.1 port with a temporary database, and
//! a small JSON client for it.

#![allow(dead_code)] // each test binary uses a different part

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Bytes;
use axum::http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use pooldeck_server::auth::Grant;
use pooldeck_server::{Config, Database, Quotas, Server};
use serde_json::Value;
use tokio::io::AsyncBufReadExt;
use tokio::sync::oneshot;

pub const ACCOUNT: &str = "0123456789abcdef0123456789abcdef";
pub const OTHER_ACCOUNT: &str = "fedcba9876543210fedcba9876543210";
pub const ZONE: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const WRITE_TOKEN: &str = "write-token-0000000000000000000000000000";
pub const READ_TOKEN: &str = "read-token-00000000000000000000000000000";
pub const SCOPED_TOKEN: &str = "scoped-token-000000000000000000000000000";

/// A unique, empty scratch directory, in this process's own directory
/// under the system temp dir ([`process_root`]).
pub fn scratch(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    empty_dir(process_root().join(format!("{tag}-{}", N.fetch_add(1, Ordering::Relaxed))))
}

/// The name every test process's directory starts with.
const ROOT_PREFIX: &str = "pooldeck-test-run-";

/// This process's directory for scratch directories,
/// `pooldeck-test-run-<pid>`. The servers the tests start hold their
/// databases and dist/ there, and some tests restart a server on the same
/// database, so nothing is removed while the process runs; a test binary
/// has no hook at exit either. Instead the first call removes the
/// directories of test processes that are no longer running. Before, every
/// run left about 150 directories (13 MB) in the temporary directory.
pub fn process_root() -> PathBuf {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(remove_dead_runs);
    std::env::temp_dir().join(format!("{ROOT_PREFIX}{}", std::process::id()))
}

/// Removes the [`process_root`]s of processes that have exited.
fn remove_dead_runs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(ROOT_PREFIX))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `dir`, emptied of whatever a run before left there. The names carry
/// the process ID, and process IDs are reused: a test binary once found
/// a dead run's database in its "new" directory, and a pool named `web`
/// already in it.
pub fn empty_dir(dir: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A throwaway dist/ with an index page.
pub fn fake_dist() -> PathBuf {
    let dir = scratch("dist");
    std::fs::write(
        dir.join("index.html"),
        r#"<html><head><base href="./" /></head></html>"#,
    )
    .unwrap();
    dir
}

/// The configuration the tests use: a file database, three tokens.
pub fn config(db: PathBuf) -> Config {
    let mut cfg = Config::new("127.0.0.1:0".parse().unwrap(), fake_dist());
    cfg.database = Database::File(db);
    cfg.tokens = vec![
        (
            WRITE_TOKEN.into(),
            Grant {
                write: true,
                accounts: None,
            },
        ),
        (
            READ_TOKEN.into(),
            Grant {
                write: false,
                accounts: None,
            },
        ),
        (
            SCOPED_TOKEN.into(),
            Grant {
                write: true,
                accounts: Some([OTHER_ACCOUNT.to_owned()].into()),
            },
        ),
    ];
    cfg
}

/// A running server; stops when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    app: std::sync::Arc<pooldeck_server::AppState>,
    /// The jobs runner, for tests that tick it with a manual clock.
    pub runner: std::sync::Arc<pooldeck_server::jobs::Runner>,
    pub db: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::with(|_| {}).await
    }

    pub async fn with(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let db = scratch("db").join("pooldeck.db");
        Self::on(db, adjust).await
    }

    /// Starts a server on an existing database file.
    pub async fn on(db: PathBuf, adjust: impl FnOnce(&mut Config)) -> TestServer {
        let mut cfg = config(db.clone());
        cfg.quotas = Quotas::STANDARD;
        adjust(&mut cfg);
        let server = Server::bind(cfg).await.expect("server binds");
        let addr = server.local_addr().unwrap();
        let app = server.state();
        let runner = server.runner();
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(async move {
            server
                .run(async move {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        TestServer {
            app,
            runner,
            addr,
            db,
            stop: Some(stop),
            done: Some(done),
        }
    }

    /// The server's shared state.
    pub fn state(&self) -> std::sync::Arc<pooldeck_server::AppState> {
        self.app.clone()
    }

    /// A client with the read-write token.
    pub fn api(&self) -> Api {
        self.api_as(Some(WRITE_TOKEN))
    }

    pub fn api_as(&self, token: Option<&str>) -> Api {
        Api {
            base: format!("http://{}/client/v4", self.addr),
            token: token.map(str::to_owned),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            let _ = done.await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A JSON client for `/client/v4`.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub token: Option<String>,
    client: Client<HttpConnector, Full<Bytes>>,
}

/// A response: status and parsed body.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    /// The `result` of a successful reply; panics with the body otherwise.
    pub fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{:#}", self.body);
        assert_eq!(self.body["success"], Value::Bool(true), "{:#}", self.body);
        self.body["result"].clone()
    }

    /// The error codes of a failed reply, checking the envelope's shape.
    pub fn codes(&self) -> Vec<i64> {
        assert_eq!(self.body["success"], Value::Bool(false), "{:#}", self.body);
        assert_eq!(self.body["result"], Value::Null);
        assert_eq!(self.body["messages"], serde_json::json!([]));
        self.body["errors"]
            .as_array()
            .expect("errors is an array")
            .iter()
            .map(|e| e["code"].as_i64().unwrap())
            .collect()
    }

    /// The error messages of a failed reply.
    pub fn messages(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The JSON pointers of the error items.
    pub fn pointers(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["source"]["pointer"].as_str().map(str::to_owned))
            .collect()
    }
}

impl Api {
    /// A client for any base URL (e.g. a server binary started by a test).
    pub fn for_base(base: &str, token: &str) -> Api {
        Api {
            base: base.to_owned(),
            token: Some(token.to_owned()),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// POSTs and returns `(status, result)`, or `None` when the connection
    /// fails (the server is gone).
    pub async fn try_post(&self, path: &str, body: Value) -> Option<(u16, Value)> {
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("{}{path}", self.base))
            .header(
                "authorization",
                format!("Bearer {}", self.token.as_deref().unwrap_or("")),
            )
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body.to_string())))
            .unwrap();
        let res = self.client.request(req).await.ok()?;
        let status = res.status().as_u16();
        let bytes = res.into_body().collect().await.ok()?.to_bytes();
        let body: Value = serde_json::from_slice(&bytes).ok()?;
        Some((status, body["result"].clone()))
    }

    pub async fn raw(&self, method: Method, path: &str, body: Option<Bytes>) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        let req = req.body(Full::new(body.unwrap_or_default())).unwrap();
        let res = self.client.request(req).await.expect("the server answers");
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
        Reply { status, body }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.raw(method, path, body.map(|b| Bytes::from(b.to_string())))
            .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }
}

/// `/accounts/{ACCOUNT}/load_balancers` + `rest`.
pub fn lb(rest: &str) -> String {
    format!("/accounts/{ACCOUNT}/load_balancers{rest}")
}

/// A minimal valid pool body.
pub fn pool_body(name: &str, addresses: &[&str]) -> Value {
    let origins: Vec<Value> = addresses
        .iter()
        .enumerate()
        .map(|(i, a)| serde_json::json!({"name": format!("e{i}"), "address": a}))
        .collect();
    serde_json::json!({"name": name, "check_regions": ["WEU"], "origins": origins})
}

/// A tiny HTTP endpoint on `ip`: `GET /health` answers 200 "alive" while
/// `up` is true and 503 otherwise. Returns its port.
pub async fn spawn_endpoint(ip: &str, up: std::sync::Arc<std::sync::atomic::AtomicBool>) -> u16 {
    use axum::routing::get;
    use std::sync::atomic::Ordering;
    let app = axum::Router::new().route(
        "/health",
        get(move || {
            let up = up.clone();
            async move {
                if up.load(Ordering::SeqCst) {
                    (StatusCode::OK, "service alive")
                } else {
                    (StatusCode::SERVICE_UNAVAILABLE, "down")
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind((ip, 0))
        .await
        .expect("bind a loopback endpoint");
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}

/// Polls `f` every 100 ms until it returns `Some`, for at most `secs`.
pub async fn eventually<T, F, Fut>(secs: u64, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "condition not met within {secs} s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A raw HTTP exchange for tests that need headers (cookies, CSRF, Origin):
/// returns the status, the response headers and the body as text.
pub async fn http(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, String)>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    http_from(None, method, url, headers, body).await
}

/// [`http`] from a chosen local address (any of 127.0.0.0/8 on Linux), for
/// tests of what the server trusts by the peer's address.
pub async fn http_from(
    local: Option<std::net::IpAddr>,
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, String)>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut connector = HttpConnector::new();
    connector.set_local_address(local);
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build(connector);
    let mut req = Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let payload = match body {
        Some((content_type, text)) => {
            req = req.header("content-type", content_type);
            Bytes::from(text)
        }
        None => Bytes::new(),
    };
    let res = client
        .request(req.body(Full::new(payload)).unwrap())
        .await
        .expect("the server answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A pool without what the prober adds on reads (`healthy`,
/// `failure_reason`), to compare it with what a write returned.
pub fn without_health(mut pool: Value) -> Value {
    if let Some(p) = pool.as_object_mut() {
        p.remove("healthy");
    }
    for origin in pool["origins"].as_array_mut().into_iter().flatten() {
        if let Some(o) = origin.as_object_mut() {
            o.remove("healthy");
            o.remove("failure_reason");
        }
    }
    pool
}

/// Starts the real binary (Enterprise limits, the write token) and returns it with the address it printed.
pub async fn spawn_binary(
    db: &std::path::Path,
    dist: &std::path::Path,
) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_pooldeck-server"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--enterprise",
            "--token",
            WRITE_TOKEN,
        ])
        .arg("--db")
        .arg(db)
        .arg("--dist")
        .arg(dist)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(url) = line.strip_prefix("Pooldeck console: http://") {
                return Some(url.trim_end_matches('/').to_owned());
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .expect("the server printed its address");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, addr)
}
