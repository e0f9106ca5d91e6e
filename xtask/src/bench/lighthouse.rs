//! Lighthouse (`lighthouse` from npm, pinned in `tools.rs`) against the
//! bench's small account: `/pools` of its pooldeck-server, signed in, with
//! the mobile preset (Lighthouse's default: simulated slow 4G and a 4×
//! slower CPU) and `--preset=desktop`, one of each per round, in Debian's
//! Chromium.
//!
//! - Signed in as a browser would be: the sign-in form is posted with the
//!   bench token, and the session cookie it answers is given to Lighthouse
//!   (`--extra-headers`). The console's calls then go through the same
//!   session checks (and its first calls through the same preloads) as in
//!   any browser.
//! - Loopback only: the URL is the bench server's 127.0.0.1 address, and
//!   Chromium runs without background networking, component updates or
//!   sync; Lighthouse's error reporting is off.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::json;
use super::{median, range};
use crate::bench_api::{Server, TOKEN};
use crate::run::step;

/// What Chromium runs with under Lighthouse.
const CHROME_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu \
--disable-background-networking --disable-component-update --disable-sync --no-first-run";

/// The two presets, as named in the report.
const PRESETS: [(&str, Option<&str>); 2] = [("mobile", None), ("desktop", Some("desktop"))];

/// One Lighthouse run's performance figures (ms, score 0–100).
#[derive(Clone, Copy, Debug)]
struct Run {
    score: f64,
    fcp: f64,
    lcp: f64,
    tbt: f64,
    si: f64,
    tti: f64,
}

/// Every run, per preset, in round order.
pub struct Lighthouse {
    version: &'static str,
    runs: [Vec<Run>; 2],
}

/// Runs Lighthouse `rounds` times per preset against `/pools` of `server`.
pub fn measure(
    cli: &Path,
    chrome: &Path,
    server: &Server,
    rounds: usize,
) -> Result<Lighthouse, String> {
    let cookie = sign_in(&server.addr)?;
    let headers = format!(r#"{{"Cookie":{}}}"#, json::quote(&cookie));
    let url = format!("http://{}/pools", server.addr);
    let out_dir = std::env::temp_dir().join(format!("pooldeck-lighthouse-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let mut runs: [Vec<Run>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for (i, (name, preset)) in PRESETS.iter().enumerate() {
            step(&format!(
                "Lighthouse {} ({name}), round {} of {rounds}",
                crate::tools::LIGHTHOUSE,
                round + 1
            ));
            let report = out_dir.join(format!("{name}-{round}.json"));
            let r = lighthouse(cli, chrome, &url, &headers, *preset, &report)?;
            println!(
                "lighthouse {name}: performance {:.0}, FCP {:.0} ms, LCP {:.0} ms, TBT {:.0} ms, SI {:.0} ms, TTI {:.0} ms",
                r.score, r.fcp, r.lcp, r.tbt, r.si, r.tti
            );
            runs[i].push(r);
        }
    }
    // The reports are read; a run a day must not pile them up in /tmp.
    let _ = std::fs::remove_dir_all(&out_dir);
    Ok(Lighthouse {
        version: crate::tools::LIGHTHOUSE,
        runs,
    })
}

fn lighthouse(
    cli: &Path,
    chrome: &Path,
    url: &str,
    headers: &str,
    preset: Option<&str>,
    report: &PathBuf,
) -> Result<Run, String> {
    let mut cmd = Command::new(cli);
    cmd.arg(url)
        .args([
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--no-enable-error-reporting",
        ])
        .arg(format!("--output-path={}", report.display()))
        .arg(format!("--chrome-flags={CHROME_FLAGS}"))
        .arg(format!("--extra-headers={headers}"))
        .env("CHROME_PATH", chrome)
        // Chromium's profile and socket directories go with the reports
        // (`measure` removes them), not into /tmp.
        .env("TMPDIR", report.parent().unwrap_or(Path::new(".")));
    if let Some(p) = preset {
        cmd.arg(format!("--preset={p}"));
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {}: {e}", cli.display()))?;
    if !status.success() {
        return Err(format!("lighthouse failed ({status}) on {url}"));
    }
    let text = std::fs::read_to_string(report)
        .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
    let lhr = json::parse(&text)?;
    if let Some(e) = lhr.get("runtimeError").get("message").as_str() {
        return Err(format!("lighthouse on {url}: {e}"));
    }
    let final_url = lhr.get("finalDisplayedUrl").as_str().unwrap_or("");
    if final_url != url {
        return Err(format!(
            "lighthouse ended on {final_url}, not {url}: was the sign-in lost?"
        ));
    }
    let audit = |id: &str| lhr.get("audits").get(id).get("numericValue").as_f64();
    let value = |id: &str| audit(id).ok_or_else(|| format!("lighthouse report has no {id}"));
    Ok(Run {
        score: lhr
            .get("categories")
            .get("performance")
            .get("score")
            .as_f64()
            .map(|s| s * 100.0)
            .ok_or("lighthouse report has no performance score")?,
        fcp: value("first-contentful-paint")?,
        lcp: value("largest-contentful-paint")?,
        tbt: value("total-blocking-time")?,
        si: value("speed-index")?,
        tti: value("interactive")?,
    })
}

/// Posts the sign-in form with the bench token and returns the session
/// cookie (`pooldeck_session=…`) the server sets.
fn sign_in(addr: &str) -> Result<String, String> {
    if !addr.starts_with("127.0.0.1:") {
        return Err(format!("refusing to sign in at {addr}: loopback only"));
    }
    let body = format!("token={TOKEN}&next=%2F_pooldeck%2Fsession");
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    write!(
        stream,
        "POST /_pooldeck/sign-in HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| format!("sign-in at {addr}: {e}"))?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("sign-in at {addr}: {e}"))?;
    answer
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then_some(value.trim())
        })
        .find_map(|v| {
            let pair = v.split(';').next()?.trim();
            pair.starts_with("pooldeck_session=")
                .then(|| pair.to_owned())
        })
        .ok_or_else(|| {
            format!(
                "signing in at {addr} set no session cookie: {}",
                answer.lines().next().unwrap_or("")
            )
        })
}

impl Lighthouse {
    /// The BENCHMARKS.md subsection.
    pub fn section(&self) -> String {
        let mut s = String::from("### Lighthouse\n\n");
        s.push_str(&format!(
            "Lighthouse {} (npm; `--only-categories=performance`) on `/pools` of the \
             {}-pool server, signed in (the session cookie of a token sign-in, passed with \
             `--extra-headers`), in Debian's Chromium (`{CHROME_FLAGS}`). \"mobile\" is \
             Lighthouse's default (simulated slow 4G, 4× CPU slowdown, a phone's screen), \
             \"desktop\" is `--preset=desktop`; both simulate the throttling from a trace \
             taken on loopback (Lantern), so they say what the critical path costs on such a \
             network, not what loopback gives. One run of each per round; the median, then \
             each round.\n\n",
            self.version,
            super::SMALL_POOLS
        ));
        s.push_str(
            "| preset | performance | FCP | LCP | TBT | Speed Index | TTI | performance per round |\n\
             |---|---|---|---|---|---|---|---|\n",
        );
        for (i, (name, _)) in PRESETS.iter().enumerate() {
            let runs = &self.runs[i];
            let col = |f: fn(&Run) -> f64| runs.iter().map(f).collect::<Vec<_>>();
            let ms = |f: fn(&Run) -> f64| format!("{:.0} ms", median(&col(f)));
            s.push_str(&format!(
                "| {name} | **{:.0}** | {} | {} | {} | {} | {} | {} |\n",
                median(&col(|r| r.score)),
                ms(|r| r.fcp),
                ms(|r| r.lcp),
                ms(|r| r.tbt),
                ms(|r| r.si),
                ms(|r| r.tti),
                col(|r| r.score)
                    .iter()
                    .map(|x| format!("{x:.0}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        s.push_str(&format!(
            "\nRange of LCP over rounds: mobile {} ms, desktop {} ms.\n\n",
            range(&self.runs[0].iter().map(|r| r.lcp).collect::<Vec<_>>()),
            range(&self.runs[1].iter().map(|r| r.lcp).collect::<Vec<_>>())
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_shows_medians_and_rounds() {
        let r = |score, lcp| Run {
            score,
            fcp: 100.0,
            lcp,
            tbt: 0.0,
            si: 200.0,
            tti: 300.0,
        };
        let l = Lighthouse {
            version: "12.2.3",
            runs: [
                vec![r(90.0, 2000.0), r(94.0, 1800.0)],
                vec![r(100.0, 500.0)],
            ],
        };
        let s = l.section();
        assert!(s.contains("| mobile | **92** | 100 ms | 1900 ms |"), "{s}");
        assert!(s.contains("| desktop | **100** |"), "{s}");
        assert!(s.contains("90, 94"), "{s}");
    }
}
