//! What one cell of the pool page's health grid says about an endpoint in
//! one region.
//!
//! It reads the check's verdict, not the wire's `healthy`: an endpoint
//! the server did not probe is `healthy: false` with a "not probed: …"
//! reason, and the grid once showed it as a red "Unhealthy" beside a
//! status line (and list badge) that rightly said "Unknown".

use pooldeck_model::OriginHealth;

/// The cell's word and CSS class: `("Healthy", "pd-ok")`,
/// `("Unhealthy", "pd-bad")`, or `("Unknown", "pd-unknown")` for an
/// endpoint nobody checked.
pub fn health_mark(health: &OriginHealth) -> (&'static str, &'static str) {
    match health.verdict() {
        Some(true) => ("Healthy", "pd-ok"),
        Some(false) => ("Unhealthy", "pd-bad"),
        None => ("Unknown", "pd-unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_says_healthy_or_unhealthy() {
        let ok = OriginHealth {
            healthy: Some(true),
            ..OriginHealth::default()
        };
        let failed = OriginHealth {
            healthy: Some(false),
            failure_reason: Some("TCP connection failed".into()),
            ..OriginHealth::default()
        };
        assert_eq!(health_mark(&ok), ("Healthy", "pd-ok"));
        assert_eq!(health_mark(&failed), ("Unhealthy", "pd-bad"));
    }

    #[test]
    fn an_endpoint_not_probed_is_unknown_not_unhealthy() {
        let skipped = OriginHealth::not_probed("address outside the probe allow-list");
        assert_eq!(skipped.healthy, Some(false), "as the wire has it");
        assert_eq!(health_mark(&skipped), ("Unknown", "pd-unknown"));
        let older_server = OriginHealth::default();
        assert_eq!(health_mark(&older_server), ("Unknown", "pd-unknown"));
    }
}
