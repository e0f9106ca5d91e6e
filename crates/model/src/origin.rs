//! An endpoint of a pool. The API keeps the older name "origin"; the
//! dashboard and the docs say "endpoint" (Cloudflare's pool `origins`).

use serde::{Deserialize, Serialize};

use crate::extra::Extra;

/// One endpoint (`origins[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// Unique within the pool; the API sorts `origins` by it.
    #[serde(default)]
    pub name: String,
    /// An IPv4 or IPv6 address, or a hostname that points at the endpoint.
    #[serde(default)]
    pub address: String,
    /// A disabled endpoint gets no traffic and is not health-checked.
    #[serde(default = "crate::defaults::yes")]
    pub enabled: bool,
    /// Read-only: set while the endpoint is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<String>,
    /// 0–1 in steps of 0.01. Zero means no traffic, but health checks go on.
    #[serde(default = "crate::defaults::weight")]
    pub weight: f64,
    /// The Host header override, `{"Host": ["example.com"]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<OriginHeader>,
    /// A Cloudflare Tunnel virtual network (UUID); required for private IPs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_network_id: Option<String>,
    /// Upstream port; 0 or absent means the protocol default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// Resolve CNAME addresses to A/AAAA before answering (2026; default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flatten_cname: Option<bool>,
    /// Read-only and undocumented: the endpoint's current health.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthy: Option<bool>,
    /// Read-only and undocumented, e.g. "No failures".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Origin {
    fn default() -> Self {
        Origin {
            name: String::new(),
            address: String::new(),
            enabled: true,
            disabled_at: None,
            weight: 1.0,
            header: None,
            virtual_network_id: None,
            port: None,
            flatten_cname: None,
            healthy: None,
            failure_reason: None,
            extra: Extra::new(),
        }
    }
}

impl Origin {
    /// An enabled endpoint with weight 1 and nothing else set.
    pub fn new(name: impl Into<String>, address: impl Into<String>) -> Self {
        Origin {
            name: name.into(),
            address: address.into(),
            ..Origin::default()
        }
    }

    /// The Host header override, if exactly one is set.
    pub fn host(&self) -> Option<&str> {
        match self.header.as_ref()?.host.as_deref()? {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// `header` of an endpoint. Only `Host` is supported, with at most one value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OriginHeader {
    #[serde(rename = "Host", default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl OriginHeader {
    /// A header object carrying one Host value.
    pub fn host(value: impl Into<String>) -> Self {
        OriginHeader {
            host: Some(vec![value.into()]),
            extra: Extra::new(),
        }
    }
}
