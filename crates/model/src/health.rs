//! Pool health and preview results (Cloudflare's "Pool Health Details" and
//! "Preview Result" responses).
//!
//! On the wire, each element of `origins` is a one-key map keyed by the
//! endpoint address: `[{"192.0.2.1": {"healthy": true, …}}]`.
//! [`AddressHealth`] reads and writes that shape.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::extra::Extra;

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
    /// `None` (`null`): not known yet.
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

/// The health of one endpoint as seen from one place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OriginHealth {
    /// `None` (`null`): not probed, or no data yet.
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
    #[serde(default)]
    pub healthy: Option<bool>,
    #[serde(default)]
    pub origins: Vec<AddressHealth>,
    #[serde(flatten)]
    pub extra: Extra,
}
