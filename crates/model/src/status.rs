//! A pool's health at a glance, as the console shows it:
//! Healthy / Degraded / Critical / Unknown, worked out from `healthy`, the
//! endpoints' `healthy` and the Health Threshold (`minimum_origins`), with a
//! sentence that explains itself.

use crate::health::pool_is_healthy;
use crate::pool::Pool;

/// The status of a pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PoolStatus {
    /// Every enabled endpoint is healthy.
    Healthy,
    /// At or above the threshold, but some enabled endpoints are unhealthy.
    Degraded,
    /// Below the threshold: load balancers fail over away from it.
    Critical,
    /// No health information yet (or none of its endpoints is probed).
    Unknown,
    /// Disabled: it gets no traffic and is not health-checked.
    Disabled,
}

impl PoolStatus {
    pub const ALL: [PoolStatus; 5] = [
        PoolStatus::Healthy,
        PoolStatus::Degraded,
        PoolStatus::Critical,
        PoolStatus::Unknown,
        PoolStatus::Disabled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PoolStatus::Healthy => "Healthy",
            PoolStatus::Degraded => "Degraded",
            PoolStatus::Critical => "Critical",
            PoolStatus::Unknown => "Unknown",
            PoolStatus::Disabled => "Disabled",
        }
    }

    /// The value used in URLs and CSS classes.
    pub fn slug(self) -> &'static str {
        match self {
            PoolStatus::Healthy => "healthy",
            PoolStatus::Degraded => "degraded",
            PoolStatus::Critical => "critical",
            PoolStatus::Unknown => "unknown",
            PoolStatus::Disabled => "disabled",
        }
    }

    pub fn from_slug(s: &str) -> Option<PoolStatus> {
        PoolStatus::ALL.into_iter().find(|p| p.slug() == s)
    }
}

/// A pool's status with the counts behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusSummary {
    pub status: PoolStatus,
    /// Enabled endpoints reported healthy.
    pub healthy: usize,
    /// Enabled endpoints with any health report.
    pub reported: usize,
    /// Enabled endpoints.
    pub enabled: usize,
    /// All endpoints.
    pub total: usize,
    pub threshold: i64,
}

impl StatusSummary {
    /// "Degraded: 2 of 3 endpoints healthy, threshold 2".
    pub fn explain(&self) -> String {
        match self.status {
            PoolStatus::Disabled => {
                "Disabled: the pool gets no traffic and is not health-checked".to_owned()
            }
            PoolStatus::Unknown => format!(
                "Unknown: no health reported yet for {} enabled endpoint{}",
                self.enabled,
                plural(self.enabled)
            ),
            s => format!(
                "{}: {} of {} endpoint{} healthy, threshold {}",
                s.label(),
                self.healthy,
                self.enabled,
                plural(self.enabled),
                self.threshold
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What a pool's status is worked out from. The full [`Pool`] and the
/// pools list's [`PoolListing`](crate::PoolListing) both have it, so both
/// go through the one rule, [`pool_status`].
pub trait HealthFacts {
    /// `enabled`.
    fn is_enabled(&self) -> bool;
    /// The pool's own `healthy`, when the API reports one.
    fn reported_healthy(&self) -> Option<bool>;
    /// The Health Threshold, `minimum_origins`.
    fn threshold(&self) -> i64;
    /// Each endpoint's `enabled` and `healthy`.
    fn endpoints(&self) -> impl Iterator<Item = (bool, Option<bool>)>;
}

impl HealthFacts for Pool {
    fn is_enabled(&self) -> bool {
        self.enabled
    }

    fn reported_healthy(&self) -> Option<bool> {
        self.healthy
    }

    fn threshold(&self) -> i64 {
        self.minimum_origins
    }

    fn endpoints(&self) -> impl Iterator<Item = (bool, Option<bool>)> {
        self.origins.iter().map(|o| (o.enabled, o.healthy))
    }
}

/// Works out a pool's status from what the API reported.
pub fn pool_status(pool: &impl HealthFacts) -> StatusSummary {
    let (mut total, mut enabled, mut healthy, mut reported) = (0, 0, 0, 0);
    for (on, health) in pool.endpoints() {
        total += 1;
        if on {
            enabled += 1;
            healthy += usize::from(health == Some(true));
            reported += usize::from(health.is_some());
        }
    }
    let threshold = pool.threshold();
    let status = if !pool.is_enabled() {
        PoolStatus::Disabled
    } else if reported == 0 && pool.reported_healthy().is_none() {
        PoolStatus::Unknown
    } else if !pool_is_healthy(healthy, threshold) || pool.reported_healthy() == Some(false) {
        PoolStatus::Critical
    } else if healthy < enabled {
        PoolStatus::Degraded
    } else {
        PoolStatus::Healthy
    };
    StatusSummary {
        status,
        healthy,
        reported,
        enabled,
        total,
        threshold,
    }
}

/// Each endpoint's share of the pool's traffic: its weight over the sum of
/// the weights of the endpoints that take traffic (enabled and not known to
/// be unhealthy). `None` for an endpoint that takes none. With least
/// outstanding requests or least connections steering the weights scale a
/// live measure, so these are relative, not absolute (see
/// [`crate::SteeringPolicy::weights_are_relative`]).
pub fn traffic_shares(pool: &Pool) -> Vec<Option<f64>> {
    let takes = |o: &crate::origin::Origin| o.enabled && o.healthy != Some(false) && o.weight > 0.0;
    let total: f64 = pool
        .origins
        .iter()
        .filter(|o| takes(o))
        .map(|o| o.weight)
        .sum();
    pool.origins
        .iter()
        .map(|o| (takes(o) && total > 0.0).then(|| o.weight / total))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;

    fn pool(health: &[(bool, Option<bool>)], threshold: i64) -> Pool {
        Pool {
            name: "p".into(),
            minimum_origins: threshold,
            origins: health
                .iter()
                .enumerate()
                .map(|(i, (enabled, healthy))| Origin {
                    enabled: *enabled,
                    healthy: *healthy,
                    ..Origin::new(format!("o{i}"), format!("192.0.2.{i}"))
                })
                .collect(),
            ..Pool::default()
        }
    }

    #[test]
    fn statuses() {
        let s = pool_status(&pool(&[(true, Some(true)), (true, Some(true))], 1));
        assert_eq!(s.status, PoolStatus::Healthy);
        let s = pool_status(&pool(
            &[(true, Some(true)), (true, Some(true)), (true, Some(false))],
            2,
        ));
        assert_eq!(s.status, PoolStatus::Degraded);
        assert_eq!(
            s.explain(),
            "Degraded: 2 of 3 endpoints healthy, threshold 2"
        );
        let s = pool_status(&pool(&[(true, Some(true)), (true, Some(false))], 2));
        assert_eq!(s.status, PoolStatus::Critical);
        assert_eq!(
            s.explain(),
            "Critical: 1 of 2 endpoints healthy, threshold 2"
        );
        let s = pool_status(&pool(&[(true, None)], 1));
        assert_eq!(s.status, PoolStatus::Unknown);
        assert_eq!(
            s.explain(),
            "Unknown: no health reported yet for 1 enabled endpoint"
        );
        let mut disabled = pool(&[(true, Some(true))], 1);
        disabled.enabled = false;
        assert_eq!(pool_status(&disabled).status, PoolStatus::Disabled);
        // A disabled endpoint does not count towards the threshold.
        let s = pool_status(&pool(&[(true, Some(true)), (false, None)], 1));
        assert_eq!((s.status, s.enabled, s.total), (PoolStatus::Healthy, 1, 2));
        for status in PoolStatus::ALL {
            assert_eq!(PoolStatus::from_slug(status.slug()), Some(status));
        }
    }

    #[test]
    fn shares() {
        let mut p = pool(
            &[
                (true, Some(true)),
                (true, Some(true)),
                (true, Some(false)),
                (false, None),
            ],
            1,
        );
        p.origins[0].weight = 0.75;
        p.origins[1].weight = 0.25;
        assert_eq!(traffic_shares(&p), vec![Some(0.75), Some(0.25), None, None]);
        p.origins[1].healthy = None; // unknown still takes traffic
        assert_eq!(traffic_shares(&p)[1], Some(0.25));
        p.origins[0].weight = 0.0;
        assert_eq!(traffic_shares(&p), vec![None, Some(1.0), None, None]);
    }
}
