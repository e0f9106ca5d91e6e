//! The search-growth scenario: how a search keystroke's cost grows with the
//! number of pools. One server per size (1,000, 5,000 and 20,000 pools of
//! 10 endpoints, seeded through the API as the main scenarios' are); each
//! round opens each size's pools list in a new browser and types the same
//! queries as the 5,000-pool search scenario, keystroke to updated DOM.
//!
//! The list renders only the rows in view and a keystroke only filters
//! haystacks built once per load, so the cost should barely move with the
//! size; the table shows p50 and p95 per round at each size, and judges the
//! 5,000-pool figures against the search budget in every round.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{
    median, numbers, pct, search_queries, seed_pools, start_server, step, typed, verdict, Ctx,
    LARGE_POOLS, SEARCH_P50_GOAL, SEARCH_P95_BUDGET, WAIT,
};

/// The list sizes measured.
pub const SIZES: [usize; 3] = [1_000, LARGE_POOLS, 20_000];

/// Per size (in [`SIZES`] order), per round: (p50, p95) to updated DOM.
#[derive(Default)]
pub struct Growth {
    pub rounds: Vec<Vec<(f64, f64)>>,
    /// Per size: how long the first row took to show, per round, in ms.
    pub loaded: Vec<Vec<f64>>,
}

/// Starts a server per size, seeds it, and measures `runs` rounds.
pub fn measure(ctx: &Ctx, runs: usize, server_bin: &Path, dist: &Path) -> Result<Growth, String> {
    step("Search growth: seeding 1,000, 5,000 and 20,000 pools on three servers");
    let mut servers = Vec::new();
    for n in SIZES {
        let s = start_server(server_bin, dist, true)?;
        let t = Instant::now();
        seed_pools(&s.addr, n)?;
        println!("seeded {n} pools in {:.1}s", t.elapsed().as_secs_f64());
        servers.push(s);
    }
    let mut g = Growth {
        rounds: vec![Vec::new(); SIZES.len()],
        loaded: vec![Vec::new(); SIZES.len()],
    };
    for run in 0..runs {
        step(&format!("Search growth, round {} of {runs}", run + 1));
        for (k, (n, server)) in SIZES.iter().zip(&servers).enumerate() {
            let s = ctx.signed_in(server)?;
            let t = Instant::now();
            s.goto(&format!("http://{}/pools", server.addr))?;
            s.wait(
                "the pools count",
                &format!(
                    "const c = document.querySelector('[data-testid=pools-count]'); \
                     return !!c && c.textContent.includes('of {n} pools');"
                ),
                WAIT,
            )?;
            let shown = t.elapsed().as_secs_f64() * 1e3;
            std::thread::sleep(Duration::from_millis(500));
            let rendered = numbers(&s.eval(
                "return JSON.stringify([document.querySelectorAll('[data-testid=pool-row]').length]);",
                "[]",
            )?)?[0];
            let (keys, _) = typed(&s, "[data-testid=pool-search]", &search_queries())?;
            drop(s);
            let dom: Vec<f64> = keys.iter().map(|k| k.dom).collect();
            let (p50, p95) = (pct(&dom, 0.5), pct(&dom, 0.95));
            println!(
                "{n} pools: list shown in {shown:.0} ms with {rendered} rows in the DOM; \
                 search p50 {p50:.2} ms, p95 {p95:.2} ms"
            );
            g.rounds[k].push((p50, p95));
            g.loaded[k].push(shown);
        }
    }
    Ok(g)
}

impl Growth {
    /// The BENCHMARKS.md section: one line per size.
    pub fn section(&self) -> String {
        let mut s = String::from(
            "\n### Search keystroke cost as the list grows\n\n\
             Each size is its own pooldeck-server, seeded through the API with pools of 10 \
             endpoints; each round is a new Chromium on that size's pools list, typing the 30 \
             queries of the search scenario (keystroke to updated DOM, as above). The list renders \
             only the rows in view, and a keystroke only filters haystacks built once per load.\n\n\
             | pools | p50 (median) | p95 (median) | p50 per round | p95 per round | list shown (median) |\n\
             |---|---|---|---|---|---|\n",
        );
        for (k, n) in SIZES.iter().enumerate() {
            let r = &self.rounds[k];
            let p50: Vec<f64> = r.iter().map(|x| x.0).collect();
            let p95: Vec<f64> = r.iter().map(|x| x.1).collect();
            let each = |xs: &[f64]| {
                xs.iter()
                    .map(|x| format!("{x:.2}"))
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            s.push_str(&format!(
                "| {n} | {:.2} ms | {:.2} ms | {} | {} | {:.0} ms |\n",
                median(&p50),
                median(&p95),
                each(&p50),
                each(&p95),
                median(&self.loaded[k]),
            ));
        }
        if let Some(k) = SIZES.iter().position(|&n| n == LARGE_POOLS) {
            let r = &self.rounds[k];
            let worst = r.iter().map(|x| x.1).fold(0.0, f64::max);
            let p50 = median(&r.iter().map(|x| x.0).collect::<Vec<_>>());
            s.push_str(&format!(
                "\nAt {LARGE_POOLS} pools: worst round's p95 {worst:.2} ms (budget {SEARCH_P95_BUDGET} ms in \
                 every round: {}); median p50 {p50:.2} ms (goal {SEARCH_P50_GOAL} ms: {}).\n",
                verdict(!r.is_empty() && worst < SEARCH_P95_BUDGET),
                verdict(p50 < SEARCH_P50_GOAL),
            ));
        }
        s
    }
}
