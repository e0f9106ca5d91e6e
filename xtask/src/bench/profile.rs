//! `--profile`: Chromium's sampling CPU profiler (CDP `Profiler`) around a
//! scenario's keystrokes, summed by function, so a slow keystroke can be
//! traced to the code it runs. Function names in the console's wasm show
//! only in a build that keeps them (Trunk's `data-keep-debug`); a release
//! build shows `wasm-function[N]`.

use std::collections::BTreeMap;

use super::webdriver::Session;

/// Sampling interval, in microseconds.
const INTERVAL_US: u32 = 100;

/// Set by `--profile`: every typed scenario is profiled.
pub static ON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Starts the profiler in `s`.
pub fn start(s: &Session) -> Result<(), String> {
    s.cdp("Profiler.enable", "{}")?;
    s.cdp(
        "Profiler.setSamplingInterval",
        &format!(r#"{{"interval":{INTERVAL_US}}}"#),
    )?;
    s.cdp("Profiler.start", "{}")?;
    Ok(())
}

/// Stops the profiler and prints the `top` functions by self time and by
/// total time (each function counted once per stack), in ms per keystroke
/// over `keystrokes`.
pub fn stop_and_print(
    s: &Session,
    what: &str,
    keystrokes: usize,
    top: usize,
) -> Result<(), String> {
    let v = s.cdp("Profiler.stop", "{}")?;
    let p = v.get("profile");
    let nodes = p.get("nodes").as_array();
    let start = p.get("startTime").as_f64().unwrap_or(0.0);
    let end = p.get("endTime").as_f64().unwrap_or(0.0);
    let samples: f64 = nodes
        .iter()
        .map(|n| n.get("hitCount").as_f64().unwrap_or(0.0))
        .sum();
    // Each sample stands for an equal share of the profile's span.
    let per_sample = if samples > 0.0 {
        (end - start) / 1e3 / samples
    } else {
        0.0
    };
    let mut parent: BTreeMap<i64, i64> = BTreeMap::new();
    let mut name: BTreeMap<i64, String> = BTreeMap::new();
    let mut hits: BTreeMap<i64, f64> = BTreeMap::new();
    for n in nodes {
        let id = n.get("id").as_f64().unwrap_or(-1.0) as i64;
        let f = n.get("callFrame");
        let func = f.get("functionName").as_str().unwrap_or("");
        let url = f.get("url").as_str().unwrap_or("");
        let file = url.rsplit('/').next().unwrap_or("");
        name.insert(
            id,
            if func.is_empty() {
                format!("({file})")
            } else {
                func.to_owned()
            },
        );
        hits.insert(id, n.get("hitCount").as_f64().unwrap_or(0.0));
        for c in n.get("children").as_array() {
            if let Some(c) = c.as_f64() {
                parent.insert(c as i64, id);
            }
        }
    }
    let mut own: BTreeMap<&str, f64> = BTreeMap::new();
    let mut total: BTreeMap<&str, f64> = BTreeMap::new();
    for (id, h) in &hits {
        if *h == 0.0 {
            continue;
        }
        let ms = h * per_sample;
        *own.entry(&name[id]).or_default() += ms;
        let mut seen: Vec<&str> = Vec::new();
        let mut at = Some(*id);
        while let Some(i) = at {
            let n = name[&i].as_str();
            if !seen.contains(&n) {
                seen.push(n);
                *total.entry(n).or_default() += ms;
            }
            at = parent.get(&i).copied();
        }
    }
    let per = keystrokes.max(1) as f64;
    let print = |title: &str, m: &BTreeMap<&str, f64>| {
        let mut v: Vec<(&&str, &f64)> = m.iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(a.1));
        println!("{what}: {title}, ms per keystroke");
        for (n, ms) in v.into_iter().take(top) {
            let short: String = n.chars().take(140).collect();
            println!("  {:8.3}  {short}", ms / per);
        }
    };
    print("self time", &own);
    print("total time", &total);
    Ok(())
}
