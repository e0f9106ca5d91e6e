//! Starts what a browser test needs and tears it down again, whatever the
//! test did: chromedriver, a headless Chromium session and pooldeck-server.
//!
//! ```ignore
//! #[tokio::test]
//! async fn example() {
//!     with_console(|b| async move {
//!         b.goto("/pools").await;
//!         b.wait_for("[data-testid=page-title]").await;
//!     })
//!     .await;
//! }
//! ```
//!
//! A failing test prints the browser's console log.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::oneshot;

/// How long to wait for an element before failing.
pub const WAIT: Duration = Duration::from_secs(20);

/// The flags Chromium needs on this kind of machine: headless, as root, and
/// without any background traffic to hosts it cannot reach.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
];

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

fn require(path: &std::path::Path, what: &str, var: &str) {
    assert!(
        path.exists(),
        "{what} not found at {}. Install Debian's `chromium` and `chromium-driver` packages \
         (apt-get install chromium chromium-driver), run `cargo xtask test` (it installs them), \
         or point {var} at it.",
        path.display()
    );
}

/// The built console: `$POOLDECK_DIST`, or `dist/` at the workspace root.
fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("POOLDECK_DIST").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"),
        PathBuf::from,
    );
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build the console first with `cargo xtask build` \
         (or run everything with `cargo xtask test`).",
        dist.display()
    );
    dist
}

/// The temporary directory of one test's chromedriver and browser (their
/// `TMPDIR`), removed with everything in it when the test ends.
///
/// Chromium keeps its profile (about 3 MB) and its singleton socket in
/// directories it makes in `TMPDIR`. chromedriver removes the profile only
/// once a session has quit, and it is stopped right after: every test's
/// profile stayed, and a day of test runs left 7,800 of them, 12 GB, in
/// `/tmp`.
struct BrowserTmp(PathBuf);

impl BrowserTmp {
    fn new() -> BrowserTmp {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "pooldeck-e2e-browser-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        // A dead run with the same process ID may have left it.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        BrowserTmp(dir)
    }
}

impl Drop for BrowserTmp {
    /// Retried for up to 3 s: a browser that is still shutting down writes
    /// into its profile while it is removed, and the removal then fails
    /// with the directory not empty (3 tests in a run of 124 did).
    fn drop(&mut self) {
        for _ in 0..30 {
            let _ = std::fs::remove_dir_all(&self.0);
            if !self.0.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Starts chromedriver on a port it picks itself (`--port=0`) and reads
/// the port from its start-up line. Probing for a free port first raced
/// with the other tests' servers and chromedrivers.
///
/// A chromedriver that exits or stays silent is replaced, up to three
/// times in all, and the panic then says what each one printed. One in a
/// clean-clone CI run announced nothing within 60 s and failed a test that
/// had not begun; the message could not say whether it had died or hung.
///
/// The likely cause, reproduced by hand: chromedriver binds `[::1]` on a
/// port of the kernel's choosing, then `127.0.0.1` on the same port, and
/// exits ("IPv4 port not available. Exiting...") when that one is taken,
/// as it can be by any of the other tests' servers and connections.
async fn start_chromedriver(tmp: &BrowserTmp) -> (Child, u16) {
    let driver = env_path("CHROMEDRIVER", "/usr/bin/chromedriver");
    require(&driver, "chromedriver", "CHROMEDRIVER");
    start_chromedriver_at(&driver, tmp).await
}

/// [`start_chromedriver`] with the chromedriver at `driver`.
async fn start_chromedriver_at(driver: &std::path::Path, tmp: &BrowserTmp) -> (Child, u16) {
    let mut failures = Vec::new();
    for attempt in 1..=3 {
        match try_start_chromedriver(driver, tmp).await {
            Ok(started) => {
                if !failures.is_empty() {
                    eprintln!(
                        "chromedriver started at attempt {attempt}, after:\n{}",
                        failures.join("\n")
                    );
                }
                return started;
            }
            Err(why) => failures.push(format!("attempt {attempt}: {why}")),
        }
    }
    panic!("chromedriver did not start:\n{}", failures.join("\n"));
}

/// How long one chromedriver may take to announce its port. It usually
/// does within a second. An earlier CI failure put down to a slow start
/// under load, when the limit was 15 s, had the same message as an exit,
/// and was most likely one; the limit only has to catch a chromedriver
/// that will never start.
const CHROMEDRIVER_START: Duration = Duration::from_secs(40);

/// One chromedriver start: its process and port, or what went wrong with
/// everything it printed.
async fn try_start_chromedriver(
    driver: &std::path::Path,
    tmp: &BrowserTmp,
) -> Result<(Child, u16), String> {
    let began = Instant::now();
    let mut child = Command::new(driver)
        .arg("--port=0")
        .env("TMPDIR", &tmp.0)
        // One time zone everywhere: a new pool's default check region
        // follows the browser's (UTC has none nearer than the fallback).
        .env("TZ", "UTC")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", driver.display()))?;
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
    // stderr is only read for the report, but always drained, so that
    // chromedriver never blocks on a full pipe.
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut stderr_lines = BufReader::new(child.stderr.take().expect("piped stderr")).lines();
    let stderr_sink = stderr.clone();
    let stderr_drained = tokio::spawn(async move {
        while let Ok(Some(line)) = stderr_lines.next_line().await {
            let mut seen = stderr_sink.lock().expect("stderr lines");
            if seen.len() < 50 {
                seen.push(line);
            }
        }
    });
    let mut printed = Vec::new();
    let outcome = tokio::time::timeout(CHROMEDRIVER_START, async {
        loop {
            match stdout.next_line().await {
                Ok(Some(line)) => {
                    let port = line
                        .split("started successfully on port ")
                        .nth(1)
                        .and_then(|rest| rest.trim_end_matches('.').trim().parse::<u16>().ok());
                    printed.push(line);
                    if let Some(port) = port {
                        return Ok(port);
                    }
                }
                Ok(None) => return Err("closed its output".to_owned()),
                Err(e) => return Err(format!("output unreadable: {e}")),
            }
        }
    })
    .await;
    let why = match outcome {
        Ok(Ok(port)) => {
            // Keep draining its output so it never blocks on a full pipe.
            tokio::spawn(async move { while let Ok(Some(_)) = stdout.next_line().await {} });
            return Ok((child, port));
        }
        Ok(Err(why)) => why,
        Err(_) => format!(
            "announced no port within {} s",
            CHROMEDRIVER_START.as_secs()
        ),
    };
    let _ = child.start_kill();
    let status = tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .map_or_else(|_| "still running".to_owned(), |s| format!("{s:?}"));
    // Its last words, once the pipe has closed behind them.
    let _ = tokio::time::timeout(Duration::from_secs(1), stderr_drained).await;
    let stderr = stderr.lock().expect("stderr lines").join(" | ");
    Err(format!(
        "{why} after {:.1} s; exit: {status}; stdout: {:?}; stderr: {stderr:?}",
        began.elapsed().as_secs_f64(),
        printed.join(" | ")
    ))
}

/// The account the tests work in, and a token for seeding it.
pub const ACCOUNT: &str = "0123456789abcdef0123456789abcdef";
pub const TOKEN: &str = "e2e-token-000000000000000000000000000000";

/// pooldeck-server in-process: the test account opens in the console,
/// probes run every second, and `TOKEN` may write.
async fn start_server(
    adjust: impl FnOnce(&mut pooldeck_server::Config),
) -> (SocketAddr, oneshot::Sender<()>, String) {
    let mut config =
        pooldeck_server::Config::new(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), dist_dir());
    config.account = Some(ACCOUNT.into());
    config.fast_probes = true;
    config.tokens = vec![(
        TOKEN.into(),
        pooldeck_server::auth::Grant {
            write: true,
            accounts: None,
        },
    )];
    adjust(&mut config);
    let server = pooldeck_server::Server::bind(config)
        .await
        .expect("server binds");
    let addr = server.local_addr().expect("bound address");
    let login = server.login_code().expect("a one-time sign-in code");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    (addr, stop, login)
}

/// A browser session pointed at a running console.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    /// `http://127.0.0.1:PORT` plus the base path, without a trailing
    /// slash: every path the tests use is under it.
    pub origin: String,
}

impl Browser {
    /// Opens `path` (starting with `/`) on the console's server.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.origin);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    /// Waits for the first element matching `css`. Errors while waiting
    /// (the page navigating away mid-lookup: "aborted by navigation") are
    /// retried until the deadline, then reported.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let err = match self.client.find(Locator::Css(css)).await {
                Ok(el) => return el,
                Err(e) => e,
            };
            assert!(Instant::now() < deadline, "waiting for {css}: {err}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the element matching `css` has exactly `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            let el = self.wait_for(css).await;
            let now = el.text().await.unwrap_or_default();
            if now == text {
                return el;
            }
            assert!(
                Instant::now() < deadline,
                "{css} shows {now:?}, expected {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every element matching `css`, now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    /// Runs a script in the page and returns its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Runs `script` in every page this session opens from now on, before
    /// any of the page's own scripts: to watch a page start.
    pub async fn before_every_page(&self, script: &str) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": script }),
            })
            .await
            .unwrap_or_else(|e| panic!("addScriptToEvaluateOnNewDocument: {e}"));
    }

    /// The browser process's command line (DevTools'
    /// `Browser.getBrowserCommandLine`; chromedriver starts Chromium with
    /// `--enable-automation`, which it needs).
    pub async fn browser_command_line(&self) -> Vec<String> {
        let v = self
            .client
            .issue_cmd(Cdp {
                cmd: "Browser.getBrowserCommandLine",
                params: json!({}),
            })
            .await
            .unwrap_or_else(|e| panic!("Browser.getBrowserCommandLine: {e}"));
        serde_json::from_value(v["arguments"].clone()).expect("a list of arguments")
    }

    /// The browser's console messages since the last call (chromedriver's
    /// log endpoint drains them).
    pub async fn console_log(&self) -> Vec<LogEntry> {
        match self.client.issue_cmd(BrowserLog).await {
            Ok(Value::Array(entries)) => entries
                .into_iter()
                .filter_map(|e| serde_json::from_value(e).ok())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Fails the test if the page logged any error (level SEVERE).
    pub async fn assert_no_console_errors(&self) {
        let errors: Vec<_> = self
            .console_log()
            .await
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            .collect();
        assert!(errors.is_empty(), "the page logged errors: {errors:#?}");
    }
}

/// axe-core's script, installed by `cargo xtask test` (or `cargo xtask
/// tools`) and named by `$POOLDECK_AXE`.
fn axe_source() -> String {
    let path = std::env::var_os("POOLDECK_AXE").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "POOLDECK_AXE is not set: the accessibility scans need axe-core. Run the tests with \
             `cargo xtask test`, or install it with `cargo xtask tools` and set \
             POOLDECK_AXE=~/.cache/pooldeck/tools/axe-core-<version>/node_modules/axe-core/axe.min.js"
        )
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read axe-core at {} ($POOLDECK_AXE): {e}. Run `cargo xtask tools` (or \
             `cargo xtask test`) to install it.",
            path.display()
        )
    })
}

impl Browser {
    /// Every axe-core violation on the page as it is now (all impacts):
    /// `{id, impact, help, nodes: [{target, summary}]}`.
    pub async fn axe_violations(&self, what: &str) -> Vec<Value> {
        static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let loaded = self.eval("return typeof window.axe === 'object'").await;
        if loaded != json!(true) {
            let source = AXE.get_or_init(axe_source);
            self.client
                .execute(source, vec![])
                .await
                .unwrap_or_else(|e| panic!("injecting axe-core: {e}"));
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
                   }))))
                   .catch(e => done({error: String(e)}));",
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("running axe-core on {what}: {e}"));
        if let Some(err) = found.get("error") {
            panic!("axe-core failed on {what}: {err}");
        }
        found.as_array().cloned().unwrap_or_default()
    }

    /// Runs axe-core on the page as it is now and fails the test on any
    /// violation of serious or critical impact, listing each one with the
    /// elements it was found on. `what` names the page in the message.
    pub async fn assert_accessible(&self, what: &str) {
        let found = self.axe_violations(what).await;
        let bad: Vec<&Value> = found
            .iter()
            .filter(|v| v["impact"] == json!("serious") || v["impact"] == json!("critical"))
            .collect();
        if !bad.is_empty() {
            let mut report = String::new();
            for v in &bad {
                report.push_str(&format!(
                    "\n- [{}] {}: {}",
                    v["impact"].as_str().unwrap_or("?"),
                    v["id"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or("?")
                ));
                for n in v["nodes"].as_array().into_iter().flatten().take(8) {
                    report.push_str(&format!(
                        "\n    at {}\n       {}",
                        n["target"].as_str().unwrap_or("?"),
                        n["summary"]
                            .as_str()
                            .unwrap_or("")
                            .replace('\n', "\n       ")
                    ));
                }
            }
            panic!(
                "{what}: {} serious or critical accessibility violation(s):{report}",
                bad.len()
            );
        }
    }
}

/// One console message.
#[derive(Debug, serde::Deserialize)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

/// chromedriver's `POST /session/{id}/se/log` for the browser log.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute`: one DevTools
/// protocol command.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"cmd": self.cmd, "params": self.params}).to_string()),
        )
    }
}

/// Runs `test` against a fresh server and browser, then tears both down.
/// A failure (panic) in the test is re-raised after the browser's console
/// log has been printed and the session closed.
pub async fn with_console<F, Fut>(test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_console_at("", test).await;
}

/// [`with_console`] with everything served under `base_path` (`/portal/lb`),
/// as an internal portal presents it.
pub async fn with_console_at<F, Fut>(base_path: &str, test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let base = base_path.to_owned();
    with_console_configured(base_path, move |c| c.base_path = base, test).await;
}

/// [`with_console`] with the server's configuration adjusted by `adjust`
/// (`base_path` must match what `adjust` sets).
pub async fn with_console_configured<F, Fut>(
    base_path: &str,
    adjust: impl FnOnce(&mut pooldeck_server::Config),
    test: F,
) where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let chrome = env_path("CHROME", "/usr/bin/chromium");
    require(&chrome, "Chromium", "CHROME");
    let tmp = BrowserTmp::new();
    let (mut driver, driver_port) = start_chromedriver(&tmp).await;
    let (addr, stop_server, login) = start_server(adjust).await;

    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chrome, "args": CHROME_ARGS}),
    );
    caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}/"))
        .await
        .expect("a chromedriver session");
    let browser = Browser {
        client: client.clone(),
        origin: format!("http://{addr}{base_path}"),
    };
    // Sign the browser in the way a person does: with the one-time link.
    browser.goto(&format!("/?login={login}")).await;
    browser.wait_for("[data-testid=app-header]").await;

    let outcome = tokio::spawn(test(browser.clone())).await;
    if outcome.is_err() {
        eprintln!("--- browser console log ---");
        for entry in browser.console_log().await {
            eprintln!("[{}] {}", entry.level, entry.message);
        }
        eprintln!("--- end of browser console log ---");
    }
    let _ = client.close().await;
    let _ = stop_server.send(());
    // chromedriver (and a browser it failed to quit) go before their
    // temporary directory does.
    let _ = driver.kill().await;
    drop(tmp);
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("test task failed: {e}"),
        }
    }
}

/// Calls to the server's API with the test token, for seeding and for
/// checking what the console did.
impl Browser {
    /// An account call (`path` under `/accounts/{ACCOUNT}/load_balancers`)
    /// that must succeed; returns its `result`.
    pub async fn api(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = self
            .api_call(
                method,
                &format!("/accounts/{ACCOUNT}/load_balancers{path}"),
                body,
            )
            .await;
        assert_eq!(v["success"], json!(true), "{method} {path}: {v:#}");
        v["result"].clone()
    }

    /// The whole envelope of an account call, success or not.
    pub async fn api_raw(&self, method: &str, path: &str) -> Value {
        self.api_call(
            method,
            &format!("/accounts/{ACCOUNT}/load_balancers{path}"),
            None,
        )
        .await
    }

    /// Any `/client/v4` call; returns the envelope.
    pub async fn api_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.server_call(method, &format!("/client/v4{path}"), body)
            .await
    }

    /// The `seq` of each recorded write of pool `id`, newest first
    /// (pooldeck-server's `/_pooldeck/history`).
    pub async fn pool_history_seqs(&self, id: &str) -> Vec<i64> {
        let v = self
            .server_call(
                "GET",
                &format!("/_pooldeck/history?account_id={ACCOUNT}&kind=pool&object_id={id}"),
                None,
            )
            .await;
        v["result"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["seq"].as_i64())
            .collect()
    }

    /// Starts a job on pool `id` (pooldeck-server's `/_pooldeck/jobs`);
    /// returns the job.
    pub async fn start_job(&self, id: &str, spec: Value) -> Value {
        let v = self
            .server_call(
                "POST",
                "/_pooldeck/jobs",
                Some(json!({"account_id": ACCOUNT, "pool_id": id, "spec": spec})),
            )
            .await;
        assert_eq!(v["success"], json!(true), "{v:#}");
        v["result"].clone()
    }

    /// Any call to the server under the base path, with the test token;
    /// returns the JSON answer.
    async fn server_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        use http_body_util::{BodyExt, Full};
        let client: hyper_util::client::legacy::Client<_, Full<bytes::Bytes>> =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        let req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.origin))
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/json")
            .body(Full::new(bytes::Bytes::from(
                body.map(|b| b.to_string()).unwrap_or_default(),
            )))
            .unwrap();
        let res = client.request(req).await.expect("the API answers");
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).expect("JSON")
    }

    /// Adds fault rules (one rule or a list; see pooldeck-server's
    /// `faults.rs`) on a server started with `fault_injection`. Returns
    /// the active rules.
    pub async fn fault(&self, rules: Value) -> Value {
        self.faults_call("POST", Some(rules)).await
    }

    /// Removes every fault rule.
    pub async fn clear_faults(&self) {
        self.faults_call("DELETE", None).await;
    }

    /// The fault rules still active (a rule with `times` expires).
    pub async fn active_faults(&self) -> Value {
        self.faults_call("GET", None).await["rules"].clone()
    }

    async fn faults_call(&self, method: &str, body: Option<Value>) -> Value {
        use http_body_util::{BodyExt, Full};
        let client: hyper_util::client::legacy::Client<_, Full<bytes::Bytes>> =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        let req = http::Request::builder()
            .method(method)
            .uri(format!("{}/__pooldeck/faults", self.origin))
            .header("content-type", "application/json")
            .body(Full::new(bytes::Bytes::from(
                body.map(|b| b.to_string()).unwrap_or_default(),
            )))
            .unwrap();
        let res = client
            .request(req)
            .await
            .expect("the fault endpoint answers");
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        assert!(
            status.is_success(),
            "{method} faults: {status} {}",
            String::from_utf8_lossy(&bytes)
        );
        serde_json::from_slice(&bytes).expect("JSON")
    }

    /// The pool named `name`, as the API holds it.
    pub async fn pool_named(&self, name: &str) -> Option<Value> {
        self.api("GET", "/pools", None)
            .await
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == json!(name))
            .cloned()
    }

    /// Every alerting policy of the account.
    pub async fn policies(&self) -> Vec<Value> {
        let path = format!("/accounts/{ACCOUNT}/alerting/v3/policies");
        self.api_call("GET", &path, None).await["result"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Creates a pool and returns its ID.
    pub async fn create_pool(&self, body: Value) -> String {
        self.api("POST", "/pools", Some(body)).await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// A tiny HTTP endpoint on `ip` answering every request with `status`;
/// returns its port. For pools whose health the prober really measures.
pub async fn endpoint(ip: &str, status: u16) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind((ip, 0))
        .await
        .expect("bind a loopback endpoint");
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = sock.read(&mut buf).await;
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                );
                let _ = sock.write_all(reply.as_bytes()).await;
            });
        }
    });
    port
}

/// A loopback HTTP endpoint whose answer can be changed while it runs:
/// returns its port and the status it answers with (set it to fail it).
pub async fn switchable_endpoint(
    ip: &str,
    status: u16,
) -> (u16, std::sync::Arc<std::sync::atomic::AtomicU16>) {
    use std::sync::atomic::{AtomicU16, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let now = std::sync::Arc::new(AtomicU16::new(status));
    let listener = tokio::net::TcpListener::bind((ip, 0))
        .await
        .expect("bind a loopback endpoint");
    let port = listener.local_addr().unwrap().port();
    let shared = now.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let status = shared.load(Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = sock.read(&mut buf).await;
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                );
                let _ = sock.write_all(reply.as_bytes()).await;
            });
        }
    });
    (port, now)
}

/// Tests of the harness itself.
mod self_tests {
    use super::*;

    /// Regression: a clean-clone CI run failed a test before it began with
    /// "chromedriver announced its port within 60 s", when chromedriver
    /// had most likely exited at once because its IPv4 port was taken.
    /// Here a chromedriver that does exactly that on its first start is
    /// replaced by one that works.
    #[tokio::test]
    async fn a_chromedriver_that_exits_before_announcing_its_port_is_replaced() {
        let real = env_path("CHROMEDRIVER", "/usr/bin/chromedriver");
        require(&real, "chromedriver", "CHROMEDRIVER");
        let tmp = BrowserTmp::new();
        let fake = tmp.0.join("chromedriver-that-fails-once");
        let tried = tmp.0.join("tried");
        std::fs::write(
            &fake,
            format!(
                "#!/bin/sh\n\
                 if [ ! -e '{tried}' ]; then\n\
                 : > '{tried}'\n\
                 echo 'Starting ChromeDriver (fake) on port 0'\n\
                 echo '[SEVERE]: bind() failed: Address already in use (98)' >&2\n\
                 echo 'IPv4 port not available. Exiting...'\n\
                 exit 1\n\
                 fi\n\
                 exec '{real}' \"$@\"\n",
                tried = tried.display(),
                real = real.display()
            ),
        )
        .unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        }

        let failed = try_start_chromedriver(&fake, &tmp).await;
        let why = failed.expect_err("the first start fails");
        assert!(
            why.contains("closed its output")
                && why.contains("IPv4 port not available")
                && why.contains("bind() failed"),
            "the failure says what chromedriver printed: {why}"
        );

        std::fs::remove_file(&tried).unwrap();
        let (mut driver, port) = start_chromedriver_at(&fake, &tmp).await;
        assert!(tried.exists(), "the first start was the failing one");
        let status = status_on_loopback(port).await;
        assert!(
            status.starts_with("HTTP/1.1 200") && status.contains("\"ready\":true"),
            "the replacement answers on the port it announced: {status}"
        );
        let _ = driver.kill().await;
    }

    /// The answer to a plain `GET /status` on `127.0.0.1:port`, read up to
    /// the end of its JSON body (chromedriver keeps the connection open).
    async fn status_on_loopback(port: u16) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .expect("connects");
        stream
            .write_all(format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
            .await
            .expect("sends");
        let mut answer = Vec::new();
        let read = async {
            let mut chunk = [0u8; 4096];
            loop {
                let n = stream.read(&mut chunk).await.expect("a readable answer");
                answer.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&answer);
                if n == 0 || (text.contains("\"ready\"") && text.trim_end().ends_with('}')) {
                    return;
                }
            }
        };
        tokio::time::timeout(WAIT, read)
            .await
            .expect("an answer in time");
        String::from_utf8_lossy(&answer).into_owned()
    }
}
