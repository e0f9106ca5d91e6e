//! A load-balancing pool (Cloudflare's Load Balancing API, "Pools").

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::extra::Extra;
use crate::load_shedding::LoadShedding;
use crate::notification_filter::NotificationFilter;
use crate::origin::Origin;
use crate::region::{CheckRegion, HealthSource};
use crate::steering::{OriginSteering, SteeringPolicy};
use crate::wire::WireObject;

/// A pool as the API returns it and takes it.
///
/// Fields the API fills in with a default (`enabled`, `minimum_origins`,
/// `description`, `notification_email`) are plain values. Optional objects
/// that may be absent or `null` stay so: they are never zero-filled, which is
/// the drift Terraform had to fix. Unknown members are kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    /// Read-only: 32 lowercase hex characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Read-only (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    /// Read-only (RFC 3339); advances on every successful write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    /// Letters, digits, `-` and `_`; unique in the account.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A disabled pool gets no traffic and is not health-checked.
    #[serde(default = "crate::defaults::yes")]
    pub enabled: bool,
    /// Read-only: set while the pool is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<String>,
    /// The Health Threshold: healthy endpoints needed for a healthy pool.
    #[serde(default = "crate::defaults::minimum_origins")]
    pub minimum_origins: i64,
    /// A monitor ID in the same account. Never together with `monitor_group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor: Option<String>,
    /// A monitor-group ID (Enterprise, 2026). Never together with `monitor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_group: Option<String>,
    /// Health Monitor Regions. `null` means every data centre (Enterprise).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub check_regions: Option<Option<Vec<CheckRegion>>>,
    /// `null` or exactly `["regional", "global"]` (beta, 2026).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub health_sources: Option<Option<Vec<HealthSource>>>,
    /// Proximity steering coordinates; set together with `longitude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub load_shedding: Option<Option<LoadShedding>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_steering: Option<OriginSteering>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub notification_filter: Option<Option<NotificationFilter>>,
    /// Deprecated comma-separated addresses; superseded by notification
    /// policies.
    #[serde(default)]
    pub notification_email: String,
    /// The endpoints. The API returns them sorted by name.
    #[serde(default)]
    pub origins: Vec<Origin>,
    /// Read-only: where the pool is deployed (`cloudflare`, `jdcloud`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networks: Option<Vec<String>>,
    /// Read-only and undocumented: the pool's current health.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Pool {
    fn default() -> Self {
        Pool {
            id: None,
            created_on: None,
            modified_on: None,
            name: String::new(),
            description: String::new(),
            enabled: true,
            disabled_at: None,
            minimum_origins: 1,
            monitor: None,
            monitor_group: None,
            check_regions: None,
            health_sources: None,
            latitude: None,
            longitude: None,
            load_shedding: None,
            origin_steering: None,
            notification_filter: None,
            notification_email: String::new(),
            origins: Vec::new(),
            networks: None,
            healthy: None,
            extra: Extra::new(),
        }
    }
}

/// Members the API sets itself. They are stripped from request bodies: the
/// server ignores them, and sending them back only invites confusion.
pub const POOL_READ_ONLY: &[&str] = &[
    "id",
    "created_on",
    "modified_on",
    "disabled_at",
    "networks",
    "healthy",
];

/// Read-only members of each endpoint.
pub const ORIGIN_READ_ONLY: &[&str] = &["disabled_at", "healthy", "failure_reason"];

impl Pool {
    /// The attached monitor, treating `""` as none.
    pub fn monitor_id(&self) -> Option<&str> {
        self.monitor.as_deref().filter(|m| !m.is_empty())
    }

    /// The attached monitor group, treating `""` as none.
    pub fn monitor_group_id(&self) -> Option<&str> {
        self.monitor_group.as_deref().filter(|m| !m.is_empty())
    }

    /// The steering policy, with absent read as `random`.
    pub fn steering_policy(&self) -> SteeringPolicy {
        self.origin_steering
            .as_ref()
            .map(|s| s.policy.clone())
            .unwrap_or_default()
    }

    /// The selected regions; empty for absent, `null` (all data centres) too.
    pub fn regions(&self) -> &[CheckRegion] {
        match &self.check_regions {
            Some(Some(regions)) => regions,
            _ => &[],
        }
    }

    /// The load-shedding settings, if any are set.
    pub fn shedding(&self) -> Option<&LoadShedding> {
        self.load_shedding.as_ref().and_then(Option::as_ref)
    }

    /// The endpoints that are enabled.
    pub fn enabled_origins(&self) -> impl Iterator<Item = &Origin> {
        self.origins.iter().filter(|o| o.enabled)
    }

    /// The body to send on POST or PUT: every writable member, unknown ones
    /// included, without the read-only ones ([`WireObject::write_body`],
    /// here so callers need not import the trait).
    pub fn write_body(&self) -> Map<String, Value> {
        WireObject::write_body(self)
    }

    /// The same pool without anything the server set (ID, timestamps,
    /// `disabled_at`, health, on the pool and on each endpoint): what a
    /// clone starts from, and what a draft is rebased onto. The members
    /// dropped are exactly those [`Pool::write_body`] leaves out.
    pub fn without_server_fields(&self) -> Pool {
        serde_json::from_value(Value::Object(self.write_body()))
            .expect("a pool's write body reads back as a pool")
    }

    /// Sorts the endpoints by name, as the API returns them.
    pub fn sort_origins(&mut self) {
        self.origins.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
