//! A minimal W3C WebDriver client for chromedriver on loopback, plus
//! chromedriver's CDP pass-through (`goog/cdp/execute`), which is how the
//! timing observer is installed before any page script runs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::http;
use super::json::{self, Json};

/// Chromium's flags: headless, as root, no background traffic to any host
/// (the rule is that nothing leaves loopback), precise `performance.memory`
/// and `gc()` so heap figures are after a collection.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--window-size=1280,900",
    "--enable-precise-memory-info",
    "--js-flags=--expose-gc",
];

/// A chromedriver process on a port it picked itself.
pub struct Driver {
    child: Child,
    addr: String,
    /// chromedriver's and its browsers' `TMPDIR`, removed when the driver
    /// stops. Chromium makes its profile (a few MB) and socket directories
    /// there, and leaves them when a browser is not quit cleanly; every
    /// round of every scenario is a new browser.
    tmp: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Retried: a browser still shutting down writes into its profile
        // while it is removed (tests/e2e/harness.rs saw it).
        for _ in 0..30 {
            let _ = std::fs::remove_dir_all(&self.tmp);
            if !self.tmp.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Driver {
    pub fn start(chromedriver: &Path) -> Result<Driver, String> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let tmp = std::env::temp_dir().join(format!(
            "pooldeck-bench-browser-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)
            .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        let mut child = Command::new(chromedriver)
            // No --allowed-ips: with it chromedriver listens on every
            // interface; without, on loopback only.
            .arg("--port=0")
            .env("TMPDIR", &tmp)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let port = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                return Err("chromedriver exited before announcing its port".into());
            };
            if let Some(rest) = line.split("started successfully on port ").nth(1) {
                break rest.trim().trim_end_matches('.').to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Ok(Driver {
            child,
            addr: format!("127.0.0.1:{port}"),
            tmp,
        })
    }

    /// A new browser: a fresh temporary profile, so a cold HTTP cache and
    /// a cold compiled-code cache.
    pub fn session(&self, chrome: &Path) -> Result<Session, String> {
        let args: Vec<String> = CHROME_ARGS.iter().map(|a| json::quote(a)).collect();
        let caps = format!(
            r#"{{"capabilities":{{"alwaysMatch":{{"browserName":"chrome","pageLoadStrategy":"normal","goog:chromeOptions":{{"binary":{},"args":[{}]}}}}}}}}"#,
            json::quote(&chrome.to_string_lossy()),
            args.join(",")
        );
        let answer = call(&self.addr, "POST", "/session", Some(&caps))?;
        let id = answer
            .get("sessionId")
            .as_str()
            .ok_or("chromedriver returned no session id")?
            .to_owned();
        let session = Session {
            driver: self.addr.clone(),
            id,
        };
        session.post(
            "timeouts",
            r#"{"script":180000,"pageLoad":120000,"implicit":0}"#,
        )?;
        Ok(session)
    }
}

/// One WebDriver command; returns the answer's `value`.
fn call(addr: &str, method: &str, path: &str, body: Option<&str>) -> Result<Json, String> {
    let res = http::request(addr, method, path, &[], body, Duration::from_secs(300))?;
    let answer = json::parse(&res.text()).map_err(|e| format!("{method} {path}: {e}"))?;
    let value = answer.get("value").clone();
    if res.status != 200 {
        return Err(format!(
            "{method} {path}: {} {}",
            value.get("error").as_str().unwrap_or("error"),
            value.get("message").as_str().unwrap_or("")
        ));
    }
    Ok(value)
}

pub struct Session {
    driver: String,
    id: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = call(
            &self.driver,
            "DELETE",
            &format!("/session/{}", self.id),
            None,
        );
    }
}

impl Session {
    fn post(&self, what: &str, body: &str) -> Result<Json, String> {
        call(
            &self.driver,
            "POST",
            &format!("/session/{}/{what}", self.id),
            Some(body),
        )
    }

    /// A Chrome DevTools Protocol command; `params` is a JSON object.
    pub fn cdp(&self, cmd: &str, params: &str) -> Result<Json, String> {
        self.post(
            "goog/cdp/execute",
            &format!(r#"{{"cmd":{},"params":{params}}}"#, json::quote(cmd)),
        )
    }

    /// Navigates and waits for the load event.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.post("url", &format!(r#"{{"url":{}}}"#, json::quote(url)))
            .map(|_| ())
    }

    /// Runs `script` (a function body; `arguments` holds `args`, a JSON
    /// array) and returns its value; a returned promise is awaited.
    pub fn eval(&self, script: &str, args: &str) -> Result<Json, String> {
        self.post(
            "execute/sync",
            &format!(r#"{{"script":{},"args":{args}}}"#, json::quote(script)),
        )
    }

    /// Evaluates `script` until it returns something other than null,
    /// false or an error (the page may be navigating), or fails after
    /// `timeout`.
    pub fn wait(&self, what: &str, script: &str, timeout: Duration) -> Result<Json, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let last = match self.eval(script, "[]") {
                Ok(Json::Null | Json::Bool(false)) => "not yet".to_owned(),
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out after {}s waiting for {what} ({last})",
                    timeout.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
