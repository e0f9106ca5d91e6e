//! Health events ("List Healthcheck Events",
//! `GET /accounts/{account_id}/load_balancing_analytics/events`), and what
//! a health alert would have made of them.
//!
//! One event is one moment in one pool: whether the pool's own health
//! changed then (`pool.changed`), and which of its endpoints changed
//! (`origins[i].changed`). [`would_fire`] replays a notification policy
//! over a list of events, so the console can show "this alert would have
//! fired N times in the last day" before the policy is saved.

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::policy::{AlertType, EventSource, HealthAlertFilter, NewHealth, Policy};

/// One item of the events list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HealthEvent {
    /// Stable for the same event across reads.
    #[serde(default)]
    pub id: i64,
    /// RFC 3339, e.g. `"2014-01-01T05:20:00.12345Z"`.
    #[serde(default)]
    pub timestamp: String,
    #[serde(default)]
    pub pool: EventPool,
    #[serde(default)]
    pub origins: Vec<EventOrigin>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The pool an event belongs to, as it was (health) and as it is now
/// (name, threshold).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventPool {
    #[serde(default)]
    pub id: String,
    /// Absent when the pool no longer exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pool's health at the time; absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy: Option<bool>,
    /// True when the pool's own health changed in this event.
    #[serde(default)]
    pub changed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_origins: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One endpoint in an event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventOrigin {
    /// Absent when the endpoint (or its pool) no longer exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy: Option<bool>,
    /// True when this endpoint's health changed in this event.
    #[serde(default)]
    pub changed: bool,
    /// e.g. `"No failures"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn new_health(healthy: bool) -> NewHealth {
    if healthy {
        NewHealth::Healthy
    } else {
        NewHealth::Unhealthy
    }
}

/// How many alerts `policy` would have sent for `events`: one for each
/// pool whose health changed (`pool.changed`) and one for each endpoint
/// whose health changed, when the policy's filters (pools, `new_health`,
/// `event_source`) take it. A change whose new health is unknown counts
/// for nothing.
///
/// A disabled policy is counted as if it were enabled: the question is
/// "what if". `None` for alert types that health events cannot answer
/// (Pool Enablement fires on configuration changes, not on health).
pub fn would_fire(policy: &Policy, events: &[HealthEvent]) -> Option<usize> {
    if policy.alert_type != AlertType::Health {
        return None;
    }
    let filter = HealthAlertFilter::from_filters(&policy.filters);
    let fires = |source: EventSource, pool_id: &str, healthy: Option<bool>| {
        healthy.is_some_and(|h| filter.matches(pool_id, source, new_health(h)))
    };
    let count = events
        .iter()
        .map(|e| {
            let pool =
                usize::from(e.pool.changed && fires(EventSource::Pool, &e.pool.id, e.pool.healthy));
            let origins = e
                .origins
                .iter()
                .filter(|o| o.changed && fires(EventSource::Origin, &e.pool.id, o.healthy))
                .count();
            pool + origins
        })
        .sum();
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Either, FILTER_EVENT_SOURCE, FILTER_NEW_HEALTH, FILTER_POOL_ID};
    use serde_json::json;

    fn origin(address: &str, healthy: bool, changed: bool) -> EventOrigin {
        EventOrigin {
            address: address.into(),
            healthy: Some(healthy),
            changed,
            ..Default::default()
        }
    }

    fn event(pool_id: &str, pool: Option<bool>, origins: Vec<EventOrigin>) -> HealthEvent {
        HealthEvent {
            id: 1,
            timestamp: "2026-01-01T00:00:00.000000Z".into(),
            pool: EventPool {
                id: pool_id.into(),
                healthy: pool,
                changed: pool.is_some(),
                ..Default::default()
            },
            origins,
            extra: Extra::new(),
        }
    }

    fn health_policy(filter: HealthAlertFilter) -> Policy {
        let mut p = Policy::new("p", AlertType::Health);
        filter.write_to(&mut p.filters);
        p
    }

    /// p1 goes down with one endpoint; p2 loses one endpoint but stays up;
    /// later p1 comes back with its endpoint.
    fn history() -> Vec<HealthEvent> {
        vec![
            event("p1", Some(false), vec![origin("192.0.2.1", false, true)]),
            event("p2", None, vec![origin("192.0.2.2", false, true)]),
            event("p1", Some(true), vec![origin("192.0.2.1", true, true)]),
        ]
    }

    #[test]
    fn reads_the_api_example_and_keeps_unknown_members() {
        let wire = json!({
            "id": 1, "timestamp": "2014-01-01T05:20:00.12345Z", "new": "kept",
            "pool": {"id": "17b5962d775c646f3f9725cbc7a53df4", "name": "some-pool", "healthy": true,
                     "changed": true, "minimum_origins": 1},
            "origins": [{"name": "some-origin", "address": "198.51.100.4", "ip": "198.51.100.4",
                         "enabled": true, "healthy": true, "changed": true,
                         "failure_reason": "No failures"}]
        });
        let e: HealthEvent = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(e.pool.minimum_origins, Some(1));
        assert_eq!(e.origins[0].ip.as_deref(), Some("198.51.100.4"));
        assert_eq!(serde_json::to_value(&e).unwrap(), wire);
    }

    #[test]
    fn optional_members_may_be_absent() {
        let e: HealthEvent = serde_json::from_value(json!({"id": 3, "pool": {"id": "p"}})).unwrap();
        assert!(!e.pool.changed);
        assert_eq!(e.pool.healthy, None);
        assert!(e.origins.is_empty());
        assert_eq!(
            serde_json::to_value(&e.pool).unwrap(),
            json!({"id": "p", "changed": false})
        );
    }

    #[test]
    fn no_filters_count_every_pool_and_endpoint_change() {
        let p = health_policy(HealthAlertFilter::default());
        assert_eq!(would_fire(&p, &history()), Some(5));
        assert_eq!(would_fire(&p, &[]), Some(0));
    }

    #[test]
    fn event_source_pool_or_origin() {
        let pool = health_policy(HealthAlertFilter {
            event_source: Either::Only(EventSource::Pool),
            ..Default::default()
        });
        assert_eq!(would_fire(&pool, &history()), Some(2));
        let origin = health_policy(HealthAlertFilter {
            event_source: Either::Only(EventSource::Origin),
            ..Default::default()
        });
        assert_eq!(would_fire(&origin, &history()), Some(3));
    }

    #[test]
    fn new_health_healthy_or_unhealthy() {
        let down = health_policy(HealthAlertFilter {
            new_health: Either::Only(NewHealth::Unhealthy),
            ..Default::default()
        });
        assert_eq!(would_fire(&down, &history()), Some(3));
        let up = health_policy(HealthAlertFilter {
            new_health: Either::Only(NewHealth::Healthy),
            event_source: Either::Only(EventSource::Pool),
            ..Default::default()
        });
        assert_eq!(would_fire(&up, &history()), Some(1));
    }

    #[test]
    fn pool_filter_and_empty_list_means_every_pool() {
        let p2 = health_policy(HealthAlertFilter {
            pool_ids: vec!["p2".into()],
            ..Default::default()
        });
        assert_eq!(would_fire(&p2, &history()), Some(1));
        let both = health_policy(HealthAlertFilter {
            pool_ids: vec!["p1".into(), "p2".into()],
            ..Default::default()
        });
        assert_eq!(would_fire(&both, &history()), Some(5));
        let mut empty = Policy::new("all", AlertType::Health);
        empty.filters.insert(FILTER_POOL_ID.into(), vec![]);
        assert_eq!(would_fire(&empty, &history()), Some(5));
    }

    #[test]
    fn both_values_listed_mean_either() {
        let mut p = Policy::new("both", AlertType::Health);
        p.filters.insert(
            FILTER_NEW_HEALTH.into(),
            vec!["Healthy".into(), "Unhealthy".into()],
        );
        p.filters.insert(
            FILTER_EVENT_SOURCE.into(),
            vec!["pool".into(), "origin".into()],
        );
        assert_eq!(would_fire(&p, &history()), Some(5));
    }

    #[test]
    fn unchanged_members_and_unknown_health_do_not_fire() {
        let p = health_policy(HealthAlertFilter::default());
        let mut e = event(
            "p1",
            None,
            vec![
                origin("192.0.2.1", true, false),
                EventOrigin {
                    address: "192.0.2.9".into(),
                    changed: true,
                    ..Default::default()
                },
            ],
        );
        e.pool.healthy = Some(false);
        assert_eq!(would_fire(&p, &[e]), Some(0));
    }

    #[test]
    fn a_disabled_policy_still_counts() {
        let mut p = health_policy(HealthAlertFilter::default());
        p.enabled = false;
        assert_eq!(would_fire(&p, &history()), Some(5));
    }

    #[test]
    fn enablement_alerts_cannot_be_judged_from_health() {
        for kind in [AlertType::PoolEnablement, AlertType::LegacyPoolToggle] {
            assert_eq!(would_fire(&Policy::new("e", kind), &history()), None);
        }
        let other = Policy::new("x", AlertType::Other("dos_attack_l7".into()));
        assert_eq!(would_fire(&other, &history()), None);
    }
}
