//! The numbers the wizard shows as the user types: each endpoint's share
//! of traffic, what the Health Threshold tolerates, and what the chosen
//! regions cost in probes.

use pooldeck_model::health::pool_is_healthy;

/// Each endpoint's planned share of traffic: its weight ÷ the sum of the
/// weights of enabled endpoints. `None` for a disabled endpoint, and for
/// every endpoint while the enabled weights sum to zero (no traffic).
/// Unlike the detail page's shares, health is not known yet, so every
/// enabled endpoint counts.
pub fn planned_share(enabled: bool, weight: f64, enabled_total: f64) -> Option<f64> {
    (enabled && enabled_total > 0.0 && weight.is_finite() && weight >= 0.0)
        .then(|| weight / enabled_total)
}

/// The sum of the weights of enabled endpoints (invalid weights count 0).
pub fn enabled_total(rows: impl IntoIterator<Item = (bool, f64)>) -> f64 {
    rows.into_iter()
        .filter(|(enabled, w)| *enabled && w.is_finite() && *w > 0.0)
        .map(|(_, w)| w)
        .sum()
}

/// The live statement under the Health Threshold input.
pub fn threshold_statement(minimum: i64, enabled: usize) -> String {
    let plural = if enabled == 1 { "" } else { "s" };
    if minimum <= 0 {
        return format!(
            "With a threshold of 0 the pool is always healthy, even when all {enabled} enabled endpoint{plural} are down."
        );
    }
    format!("The pool is healthy while at least {minimum} of {enabled} enabled endpoint{plural} are healthy.")
}

/// One row of the "what if" table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatIf {
    pub failed: usize,
    pub healthy_left: usize,
    pub pool_healthy: bool,
}

/// The pool's verdict for every number of failed endpoints, 0 to all.
pub fn what_if(minimum: i64, enabled: usize) -> Vec<WhatIf> {
    (0..=enabled)
        .map(|failed| {
            let left = enabled - failed;
            WhatIf {
                failed,
                healthy_left: left,
                pool_healthy: pool_is_healthy(left, minimum),
            }
        })
        .collect()
}

/// How many endpoint failures the pool survives (`None`: it is never
/// healthy, the threshold being above the number of enabled endpoints).
pub fn tolerated_failures(minimum: i64, enabled: usize) -> Option<usize> {
    let minimum = minimum.max(0) as usize;
    enabled.checked_sub(minimum)
}

/// Each selected region probes from three data centres.
pub const PROBES_PER_REGION: u64 = 3;

/// Health checks per minute: regions × 3 probes × endpoints ÷ interval
/// (seconds), per minute. Zero when nothing is checked.
pub fn probes_per_minute(regions: usize, endpoints: usize, interval_secs: i64) -> f64 {
    if interval_secs <= 0 {
        return 0.0;
    }
    (regions as u64 * PROBES_PER_REGION * endpoints as u64) as f64 * 60.0 / interval_secs as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_follow_enabled_weights() {
        let rows = [(true, 1.0), (true, 0.5), (false, 1.0), (true, 0.5)];
        let total = enabled_total(rows);
        assert_eq!(total, 2.0);
        let shares: Vec<Option<f64>> = rows
            .iter()
            .map(|(e, w)| planned_share(*e, *w, total))
            .collect();
        assert_eq!(shares, [Some(0.5), Some(0.25), None, Some(0.25)]);
        assert_eq!(planned_share(true, 0.0, 0.0), None, "nothing gets traffic");
        assert_eq!(
            enabled_total([(true, f64::NAN), (true, -1.0), (true, 0.3)]),
            0.3
        );
    }

    #[test]
    fn threshold_arithmetic() {
        assert_eq!(
            threshold_statement(2, 3),
            "The pool is healthy while at least 2 of 3 enabled endpoints are healthy."
        );
        assert!(threshold_statement(0, 1).contains("always healthy"));
        assert_eq!(tolerated_failures(2, 3), Some(1));
        assert_eq!(tolerated_failures(4, 3), None);
        let table = what_if(2, 3);
        assert_eq!(table.len(), 4);
        assert!(table[1].pool_healthy && !table[2].pool_healthy);
        assert_eq!(table[3].healthy_left, 0);
    }

    #[test]
    fn probe_cost() {
        // 2 regions × 3 probes × 4 endpoints every 60 s = 24 a minute.
        assert_eq!(probes_per_minute(2, 4, 60), 24.0);
        // 13 regions × 3 × 10 endpoints every 15 s = 1560 a minute.
        assert_eq!(probes_per_minute(13, 10, 15), 1560.0);
        assert_eq!(probes_per_minute(3, 2, 0), 0.0);
    }
}
