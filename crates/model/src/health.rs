//! Pool health and preview results (Cloudflare's "Pool Health Details" and
//! "Preview Result" responses).
//!
//! On the wire, each element of `origins` is a one-key map keyed by the
//! endpoint address: `[{"192.0.2.1": {"healthy": true, …}}]`.
//! [`AddressHealth`] reads and writes that shape.
//!
//! Cloudflare's schema makes every `healthy` here a boolean, so servers
//! write `true` or `false` (false: not confirmed healthy) and say why in
//! `failure_reason`. The types still read `null`, which older
//! pooldeck-servers sent for an endpoint they did not probe.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::extra::Extra;

/// The Health Threshold rule: a pool is healthy when at least
/// `minimum_origins` of its enabled endpoints are healthy. (A threshold of
/// 0 or less is always met.) The prober, the status summary and the
/// wizard's what-if table all decide with this.
pub fn pool_is_healthy(healthy_enabled: usize, minimum_origins: i64) -> bool {
    i64::try_from(healthy_enabled).unwrap_or(i64::MAX) >= minimum_origins
}

/// `GET …/pools/{id}/health`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoolHealth {
    #[serde(default)]
    pub pool_id: String,
    /// Keyed by PoP or region label.
    #[serde(default)]
    pub pop_health: BTreeMap<String, PopHealth>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One PoP's or region's view of the pool.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PopHealth {
    /// A boolean on the wire; `None` reads an older server's `null`.
    #[serde(default)]
    pub healthy: Option<bool>,
    #[serde(default)]
    pub origins: Vec<AddressHealth>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One endpoint's health, keyed by its address.
#[derive(Clone, Debug, PartialEq)]
pub struct AddressHealth {
    pub address: String,
    pub health: OriginHealth,
}

impl Serialize for AddressHealth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(&self.address, &self.health)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for AddressHealth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, OriginHealth>::deserialize(d)?;
        let mut entries = map.into_iter();
        match (entries.next(), entries.next()) {
            (Some((address, health)), None) => Ok(AddressHealth { address, health }),
            _ => Err(D::Error::custom(
                "an origin health entry must have exactly one address key",
            )),
        }
    }
}

/// The start of `failure_reason` for an endpoint that was not checked at
/// all (pooldeck-server's prober only reaches addresses it is allowed to,
/// and not every monitor type): `"not probed: …"`.
pub const NOT_PROBED: &str = "not probed";

/// The health of one endpoint as seen from one place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OriginHealth {
    /// A boolean on the wire (`false` for an endpoint that was not
    /// probed, with the reason in `failure_reason`); `None` reads an older
    /// server's `null`. [`OriginHealth::verdict`] tells the cases apart.
    #[serde(default)]
    pub healthy: Option<bool>,
    /// A string with a unit, e.g. `"12.1ms"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtt: Option<String>,
    /// e.g. `"No failures"`, `"TCP connection failed"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_code: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl OriginHealth {
    /// An endpoint that was not checked, and why (`"not probed: …"`):
    /// `healthy: false`, since nothing confirmed it healthy.
    pub fn not_probed(why: &str) -> Self {
        OriginHealth {
            healthy: Some(false),
            failure_reason: Some(if why.starts_with(NOT_PROBED) {
                why.to_owned()
            } else {
                format!("{NOT_PROBED}: {why}")
            }),
            ..OriginHealth::default()
        }
    }

    /// True when the endpoint was not checked at all: `null` from an older
    /// server, or a [`NOT_PROBED`] reason.
    pub fn is_not_probed(&self) -> bool {
        self.healthy.is_none()
            || self
                .failure_reason
                .as_deref()
                .is_some_and(|r| r.starts_with(NOT_PROBED))
    }

    /// What a check found: `Some(healthy)`, or `None` when the endpoint
    /// was not probed (so "unknown", not "unhealthy").
    pub fn verdict(&self) -> Option<bool> {
        if self.is_not_probed() {
            None
        } else {
            self.healthy
        }
    }

    /// `rtt` as a duration, when it parses.
    pub fn rtt_duration(&self) -> Option<Duration> {
        parse_rtt(self.rtt.as_deref()?)
    }
}

/// Parses `"12.1ms"`, `"850us"`, `"1.2s"` or `"300ns"`.
pub fn parse_rtt(s: &str) -> Option<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic() || c == 'µ')?;
    let (number, unit) = s.split_at(split);
    let value: f64 = number.trim().parse().ok()?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let seconds = match unit {
        "s" => value,
        "ms" => value / 1e3,
        "us" | "µs" => value / 1e6,
        "ns" => value / 1e9,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

/// Formats a duration the way the API writes `rtt`: milliseconds with one
/// decimal, e.g. `"12.1ms"`.
pub fn format_rtt(d: Duration) -> String {
    format!("{:.1}ms", d.as_secs_f64() * 1e3)
}

/// `POST …/preview`: the ID to poll, and the pools it covers (ID → name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PreviewStart {
    pub preview_id: String,
    #[serde(default)]
    pub pools: BTreeMap<String, String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET …/preview/{id}`: results keyed by pool ID.
pub type PreviewResult = BTreeMap<String, PreviewPool>;

/// One pool's preview result.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PreviewPool {
    /// A boolean on the wire; `None` reads an older server's `null`.
    #[serde(default)]
    pub healthy: Option<bool>,
    #[serde(default)]
    pub origins: Vec<AddressHealth>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn not_probed_is_false_on_the_wire_and_unknown_to_readers() {
        let h = OriginHealth::not_probed("address outside the probe allow-list");
        assert_eq!(
            serde_json::to_value(&h).unwrap(),
            json!({"healthy": false, "failure_reason": "not probed: address outside the probe allow-list"})
        );
        assert_eq!(h.verdict(), None);
        let older: OriginHealth = serde_json::from_value(json!({"healthy": null})).unwrap();
        assert_eq!((older.healthy, older.verdict()), (None, None));
        let failed: OriginHealth = serde_json::from_value(
            json!({"healthy": false, "failure_reason": "TCP connection failed"}),
        )
        .unwrap();
        assert_eq!(failed.verdict(), Some(false));
        let preview: PreviewResult = serde_json::from_value(
            json!({"p": {"healthy": null, "origins": [{"192.0.2.1": {"healthy": null}}]}}),
        )
        .unwrap();
        assert_eq!(
            preview["p"].healthy, None,
            "older servers' null still reads"
        );
    }
}
