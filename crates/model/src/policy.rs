//! Notification policies (Alerting v3) for the two load-balancing alert
//! kinds of the seed's "Set up alerts" section (Cloudflare's Alerting v3).
//!
//! Every filter value is an array of *strings*, booleans included, and case
//! matters (`Healthy`, `pool`). Filters are stored verbatim in
//! [`Policy::filters`]; [`HealthAlertFilter`] and [`EnablementAlertFilter`]
//! are typed views over them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::string_enum::string_enum;

string_enum! {
    /// `alert_type`. Only the load-balancing kinds are known here.
    pub enum AlertType {
        Health = "load_balancing_health_alert" => "Load Balancing Health Alert",
        PoolEnablement = "load_balancing_pool_enablement_alert" => "Pool Enablement",
        /// The name older accounts exposed for Pool Enablement.
        LegacyPoolToggle = "g6_pool_toggle_alert" => "Pool Enablement (legacy)",
    }
}

impl AlertType {
    /// True for both names of the Pool Enablement alert.
    pub fn is_pool_enablement(&self) -> bool {
        matches!(
            self,
            AlertType::PoolEnablement | AlertType::LegacyPoolToggle
        )
    }

    /// True for the alert kinds this console manages.
    pub fn is_load_balancing(&self) -> bool {
        self.is_known()
    }
}

/// A notification policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// A UUID; hyphenated in responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default = "crate::defaults::yes")]
    pub enabled: bool,
    pub alert_type: AlertType,
    #[serde(default)]
    pub mechanisms: Mechanisms,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filters: BTreeMap<String, Vec<String>>,
    /// e.g. `"30m"`; not every alert type takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_interval: Option<String>,
    /// Read-only. Note: `created`, not `created_on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Read-only. Note: `modified`, not `modified_on`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// A legacy member some responses carry; opaque.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Policy {
    /// An enabled policy of `alert_type` with nothing else set.
    pub fn new(name: impl Into<String>, alert_type: AlertType) -> Self {
        Policy {
            id: None,
            name: name.into(),
            description: None,
            enabled: true,
            alert_type,
            mechanisms: Mechanisms::default(),
            filters: BTreeMap::new(),
            alert_interval: None,
            created: None,
            modified: None,
            conditions: None,
            extra: Extra::new(),
        }
    }

    /// The pools the policy names; empty means every pool in the account.
    pub fn pool_ids(&self) -> &[String] {
        self.filters.get(FILTER_POOL_ID).map_or(&[], Vec::as_slice)
    }

    /// True when the policy covers `pool_id` (explicitly or as "all pools").
    pub fn covers_pool(&self, pool_id: &str) -> bool {
        let ids = self.pool_ids();
        ids.is_empty() || ids.iter().any(|id| id == pool_id)
    }
}

/// Where alerts go. For email the `id` is the address; for webhooks and
/// PagerDuty it is the destination ID.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mechanisms {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Vec<MechanismTarget>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<Vec<MechanismTarget>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagerduty: Option<Vec<MechanismTarget>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MechanismTarget {
    pub id: String,
    /// Responses may add a display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl MechanismTarget {
    pub fn new(id: impl Into<String>) -> Self {
        MechanismTarget {
            id: id.into(),
            name: None,
            extra: Extra::new(),
        }
    }
}

/// Filter key: the pools to watch.
pub const FILTER_POOL_ID: &str = "pool_id";
/// Filter key (health alert): `Healthy` / `Unhealthy`.
pub const FILTER_NEW_HEALTH: &str = "new_health";
/// Filter key (health alert): `pool` / `origin`.
pub const FILTER_EVENT_SOURCE: &str = "event_source";
/// Filter key (enablement alert): `"true"` / `"false"`.
pub const FILTER_ENABLED: &str = "enabled";

/// Which of two things a trigger fires on: one, the other, or either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Either<T> {
    Only(T),
    #[default]
    Both,
}

/// A health state a health alert fires on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewHealth {
    Healthy,
    Unhealthy,
}

impl NewHealth {
    pub fn as_str(self) -> &'static str {
        match self {
            NewHealth::Healthy => "Healthy",
            NewHealth::Unhealthy => "Unhealthy",
        }
    }
}

/// The event source a health alert watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventSource {
    Pool,
    /// An endpoint; the API's word is "origin".
    Origin,
}

impl EventSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EventSource::Pool => "pool",
            EventSource::Origin => "origin",
        }
    }
}

/// The typed view of a `load_balancing_health_alert` policy's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthAlertFilter {
    /// Empty: every pool, including future ones.
    pub pool_ids: Vec<String>,
    pub new_health: Either<NewHealth>,
    pub event_source: Either<EventSource>,
}

/// The typed view of a Pool Enablement policy's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnablementAlertFilter {
    /// Empty: every pool in the account.
    pub pool_ids: Vec<String>,
    /// `Only(true)`: fires on enable; `Only(false)`: on disable.
    pub enabled: Either<bool>,
}

fn either_values<T: Copy>(
    e: Either<T>,
    both: [T; 2],
    name: impl Fn(T) -> &'static str,
) -> Vec<String> {
    match e {
        Either::Only(v) => vec![name(v).to_owned()],
        Either::Both => both.iter().map(|v| name(*v).to_owned()).collect(),
    }
}

fn read_either<T: Copy>(
    values: Option<&Vec<String>>,
    both: [T; 2],
    name: impl Fn(T) -> &'static str,
) -> Either<T> {
    let Some(values) = values else {
        return Either::Both;
    };
    let has = |v: T| values.iter().any(|s| s == name(v));
    match (has(both[0]), has(both[1])) {
        (true, false) => Either::Only(both[0]),
        (false, true) => Either::Only(both[1]),
        _ => Either::Both,
    }
}

fn bool_name(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

impl HealthAlertFilter {
    /// Reads the typed view; missing keys mean "either".
    pub fn from_filters(filters: &BTreeMap<String, Vec<String>>) -> Self {
        HealthAlertFilter {
            pool_ids: filters.get(FILTER_POOL_ID).cloned().unwrap_or_default(),
            new_health: read_either(
                filters.get(FILTER_NEW_HEALTH),
                [NewHealth::Healthy, NewHealth::Unhealthy],
                NewHealth::as_str,
            ),
            event_source: read_either(
                filters.get(FILTER_EVENT_SOURCE),
                [EventSource::Pool, EventSource::Origin],
                EventSource::as_str,
            ),
        }
    }

    /// Writes the view into `filters`, leaving other keys untouched.
    pub fn write_to(&self, filters: &mut BTreeMap<String, Vec<String>>) {
        if self.pool_ids.is_empty() {
            filters.remove(FILTER_POOL_ID);
        } else {
            filters.insert(FILTER_POOL_ID.into(), self.pool_ids.clone());
        }
        filters.insert(
            FILTER_NEW_HEALTH.into(),
            either_values(
                self.new_health,
                [NewHealth::Healthy, NewHealth::Unhealthy],
                NewHealth::as_str,
            ),
        );
        filters.insert(
            FILTER_EVENT_SOURCE.into(),
            either_values(
                self.event_source,
                [EventSource::Pool, EventSource::Origin],
                EventSource::as_str,
            ),
        );
    }

    /// True when an event of this kind matches the filter.
    pub fn matches(&self, pool_id: &str, source: EventSource, health: NewHealth) -> bool {
        (self.pool_ids.is_empty() || self.pool_ids.iter().any(|p| p == pool_id))
            && matches!(self.event_source, Either::Both)
                | (self.event_source == Either::Only(source))
            && matches!(self.new_health, Either::Both) | (self.new_health == Either::Only(health))
    }
}

impl EnablementAlertFilter {
    /// Reads the typed view; a missing key means "either".
    pub fn from_filters(filters: &BTreeMap<String, Vec<String>>) -> Self {
        EnablementAlertFilter {
            pool_ids: filters.get(FILTER_POOL_ID).cloned().unwrap_or_default(),
            enabled: read_either(filters.get(FILTER_ENABLED), [true, false], bool_name),
        }
    }

    /// Writes the view into `filters`, leaving other keys untouched.
    pub fn write_to(&self, filters: &mut BTreeMap<String, Vec<String>>) {
        if self.pool_ids.is_empty() {
            filters.remove(FILTER_POOL_ID);
        } else {
            filters.insert(FILTER_POOL_ID.into(), self.pool_ids.clone());
        }
        filters.insert(
            FILTER_ENABLED.into(),
            either_values(self.enabled, [true, false], bool_name),
        );
    }
}
