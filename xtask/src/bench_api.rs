//! `cargo xtask bench-api`: requests per second and p50/p99 latency of the
//! embedded API at 32 concurrent connections, beside a trivial axum handler
//! measured in the same run (the ceiling on this machine).
//!
//! The load generator is plain threads over keep-alive HTTP/1.1 sockets: no
//! dependency, and nothing between the measurement and the server. Both
//! servers run on loopback only; every request loop is bounded in time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use crate::run::{step, Cmd};

const CONNECTIONS: usize = 32;
const WARMUP: Duration = Duration::from_secs(1);
const MEASURE: Duration = Duration::from_secs(5);
pub const TOKEN: &str = "bench-token-0000000000000000000000000000";
pub const ACCOUNT: &str = "0123456789abcdef0123456789abcdef";
const POOLS: usize = 200;

/// One measured scenario.
pub struct Figures {
    pub name: String,
    pub requests: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a program and reads `http://ADDR/` from the first line that has
/// it; returns the process and the address.
pub fn start(mut cmd: Command, marker: &str) -> Result<(Child, String), String> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let Some(Ok(line)) = lines.next() else {
            return Err(format!("the server exited before printing {marker:?}"));
        };
        if let Some(rest) = line.strip_prefix(marker) {
            break rest
                .trim()
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines.by_ref() {});
    Ok((child, addr))
}

/// One keep-alive connection that sends requests and reads whole answers.
pub struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    pub fn open(addr: &str) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream: BufReader::new(stream),
            host: addr.to_owned(),
        })
    }

    /// Sends one request and returns the status code.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> std::io::Result<u16> {
        let body = body.unwrap_or("");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.stream.get_mut().write_all(head.as_bytes())?;
        let mut status = 0;
        let mut length = 0usize;
        let mut line = String::new();
        loop {
            line.clear();
            if self.stream.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = line.trim_end();
            if status == 0 {
                status = l
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
            } else if l.is_empty() {
                break;
            } else if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok(status)
    }
}

/// Runs `CONNECTIONS` loops of `make_request` for the warm-up and then the
/// measured window; returns the figures of the window.
fn measure(
    name: &str,
    addr: &str,
    method: &'static str,
    path: String,
    body: Option<String>,
) -> Result<Figures, String> {
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let ready = Arc::new(Barrier::new(CONNECTIONS + 1));
    let mut threads = Vec::new();
    for _ in 0..CONNECTIONS {
        let (stop, measuring, ready) = (stop.clone(), measuring.clone(), ready.clone());
        let (addr, path, body) = (addr.to_owned(), path.clone(), body.clone());
        threads.push(std::thread::spawn(
            move || -> Result<Vec<Duration>, String> {
                let mut conn = Conn::open(&addr).map_err(|e| e.to_string())?;
                ready.wait();
                let mut latencies = Vec::with_capacity(64 * 1024);
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let status = conn
                        .request(method, &path, body.as_deref())
                        .map_err(|e| e.to_string())?;
                    if status != 200 {
                        return Err(format!("{method} {path} answered {status}"));
                    }
                    if measuring.load(Ordering::Relaxed) {
                        latencies.push(t.elapsed());
                    }
                }
                Ok(latencies)
            },
        ));
    }
    ready.wait();
    std::thread::sleep(WARMUP);
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    std::thread::sleep(MEASURE);
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in threads {
        all.extend(t.join().map_err(|_| "a load thread panicked")??);
    }
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Figures {
        name: name.to_owned(),
        requests: all.len(),
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50: pct(0.50),
        p99: pct(0.99),
    })
}

/// Builds pooldeck-server (dev profile) and starts it with `args` on a free
/// loopback port; returns the process and its address.
pub fn start_server(args: &[&str]) -> Result<(Child, String), String> {
    Cmd::new("cargo")
        .args([
            "build",
            "--quiet",
            "-p",
            "pooldeck-server",
            "--bin",
            "pooldeck-server",
        ])
        .run()?;
    let target = target_dir();
    let mut cmd = Command::new(target.join("debug").join("pooldeck-server"));
    cmd.args(["--listen", "127.0.0.1:0"]).args(args);
    start(cmd, "Pooldeck console: ")
}

/// Cargo's target directory, where the benchmarks find what they built.
pub fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| crate::root().join("target"), std::path::PathBuf::from)
}

/// Builds pooldeck-server with the `server` profile (and `extra` targets).
pub fn build_server(extra: &[&str]) -> Result<(), String> {
    Cmd::new("cargo")
        .args([
            "build",
            "--quiet",
            "--profile",
            "server",
            "-p",
            "pooldeck-server",
            "--bin",
            "pooldeck-server",
        ])
        .args(extra.iter().copied())
        .run()
}

/// Builds both servers, loads 200 pools, measures, and returns the table.
pub fn run() -> Result<Vec<Figures>, String> {
    step("Building pooldeck-server and the ceiling handler (profile `server`)");
    build_server(&["--example", "ceiling"])?;
    let target = target_dir();
    let bin = target.join("server");
    let dist = std::env::temp_dir().join(format!("pooldeck-bench-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    std::fs::write(dist.join("index.html"), "<html></html>").map_err(|e| e.to_string())?;

    let mut api_cmd = Command::new(bin.join("pooldeck-server"));
    api_cmd
        .args([
            "--listen",
            "127.0.0.1:0",
            "--memory",
            "--enterprise",
            "--token",
            TOKEN,
        ])
        .arg("--dist")
        .arg(&dist);
    let (child, addr) = start(api_cmd, "Pooldeck console: ")?;
    let api = Server { child, addr };
    let (child, addr) = start(
        Command::new(bin.join("examples").join("ceiling")),
        "ceiling: ",
    )?;
    let ceiling = Server { child, addr };

    step(&format!("Loading {POOLS} pools with 10 endpoints each"));
    let mut conn = Conn::open(&api.addr).map_err(|e| e.to_string())?;
    let pools = format!("/client/v4/accounts/{ACCOUNT}/load_balancers/pools");
    for i in 0..POOLS {
        let origins: Vec<String> = (0..10)
            .map(|j| format!(r#"{{"name":"e{j}","address":"192.0.2.{j}","weight":0.5}}"#))
            .collect();
        let body = format!(
            r#"{{"name":"pool-{i:04}","description":"bench","check_regions":["WEU","ENAM"],"origins":[{}]}}"#,
            origins.join(",")
        );
        let status = conn
            .request("POST", &pools, Some(&body))
            .map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("creating pool {i} answered {status}"));
        }
    }
    // One more to read and patch, found by its name.
    let body = r#"{"name":"target","check_regions":["WEU"],"origins":[{"name":"a","address":"192.0.2.200"}]}"#;
    let id = create_and_get_id(&api.addr, &pools, body)?;
    let one = format!("{pools}/{id}");

    step(&format!(
        "Measuring: {CONNECTIONS} connections, {}s warm-up, {}s per scenario",
        WARMUP.as_secs(),
        MEASURE.as_secs()
    ));
    Ok(vec![
        measure(
            "ceiling: trivial axum handler",
            &ceiling.addr,
            "GET",
            "/".into(),
            None,
        )?,
        measure("GET pool", &api.addr, "GET", one.clone(), None)?,
        measure(
            &format!("list pools ({} pools)", POOLS + 1),
            &api.addr,
            "GET",
            pools.clone(),
            None,
        )?,
        measure(
            "PATCH pool (description)",
            &api.addr,
            "PATCH",
            one,
            Some(r#"{"description":"patched by the benchmark"}"#.into()),
        )?,
    ])
}

pub fn create_and_get_id(addr: &str, pools: &str, body: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let req = format!(
        "POST {pools} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    let at = answer
        .find("\"id\":\"")
        .ok_or("no id in the create answer")?
        + 6;
    Ok(answer[at..at + 32].to_owned())
}

/// The figures as a Markdown table, each scenario with its target and
/// pass/miss: GET pool at 50% or more of the ceiling, every p99 under 10 ms.
pub fn table(figures: &[Figures]) -> String {
    let ceiling = figures.first().map_or(1.0, |f| f.per_second);
    let mut out = String::from("| scenario | requests/s | share of ceiling | p50 | p99 | requests measured | target | verdict |\n|---|---|---|---|---|---|---|---|\n");
    for (i, f) in figures.iter().enumerate() {
        let share = f.per_second / ceiling;
        let p99_ok = f.p99 < Duration::from_millis(10);
        let (target, verdict) = match i {
            0 => ("—", "—"),
            1 => (
                "≥ 50% of ceiling, p99 < 10 ms",
                if share >= 0.5 && p99_ok {
                    "**pass**"
                } else {
                    "**miss**"
                },
            ),
            _ => ("p99 < 10 ms", if p99_ok { "**pass**" } else { "**miss**" }),
        };
        out.push_str(&format!(
            "| {} | {:.0} | {:.0}% | {:.2} ms | {:.2} ms | {} | {target} | {verdict} |\n",
            f.name,
            f.per_second,
            100.0 * share,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3,
            f.requests
        ));
    }
    out
}
