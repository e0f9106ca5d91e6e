//! Health monitors (Cloudflare's Load Balancing API, "Monitors"). Monitors have
//! no name: `description` is their label.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::string_enum::string_enum;

string_enum! {
    /// `type` of a monitor. Non-Enterprise accounts may use http, https and tcp.
    #[derive(Default)]
    pub enum MonitorType {
        #[default]
        Http = "http" => "HTTP",
        Https = "https" => "HTTPS",
        Tcp = "tcp" => "TCP",
        UdpIcmp = "udp_icmp" => "UDP-ICMP",
        IcmpPing = "icmp_ping" => "ICMP Ping",
        Smtp = "smtp" => "SMTP",
    }
}

/// The only method a tcp monitor takes.
pub const TCP_METHOD: &str = "connection_established";
/// The path an http(s) monitor checks when none is given.
pub const DEFAULT_PATH: &str = "/";

impl MonitorType {
    /// The method the API fills in when none is given: `GET` for http(s),
    /// `connection_established` for tcp, none for the others.
    pub fn default_method(&self) -> Option<&'static str> {
        match self {
            MonitorType::Http | MonitorType::Https => Some("GET"),
            MonitorType::Tcp => Some(TCP_METHOD),
            _ => None,
        }
    }

    /// http and https take a method, path, expected codes and headers.
    pub fn is_http(&self) -> bool {
        matches!(self, MonitorType::Http | MonitorType::Https)
    }

    /// tcp, udp_icmp and smtp need an explicit port.
    pub fn needs_port(&self) -> bool {
        matches!(
            self,
            MonitorType::Tcp | MonitorType::UdpIcmp | MonitorType::Smtp
        )
    }

    /// udp_icmp, icmp_ping and smtp need an Enterprise plan.
    pub fn is_enterprise_only(&self) -> bool {
        matches!(
            self,
            MonitorType::UdpIcmp | MonitorType::IcmpPing | MonitorType::Smtp
        )
    }
}

/// A monitor's name in the console: its description, or `type path` (an
/// http(s) monitor) or its type without one. Monitors have no name of
/// their own; the full [`Monitor`] and the list's
/// [`MonitorListing`](crate::MonitorListing) both name themselves here.
pub fn monitor_label(description: &str, kind: &MonitorType, path: Option<&str>) -> String {
    if !description.trim().is_empty() {
        return description.to_owned();
    }
    match path {
        Some(path) if kind.is_http() => format!("{} {}", kind.label(), path),
        _ => kind.label().to_owned(),
    }
}

/// A monitor as the API returns it and takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Monitor {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: MonitorType,
    #[serde(default)]
    pub description: String,
    /// `GET`/`HEAD` for http(s); `connection_established` for tcp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// http(s) only; defaults to `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 0 means the protocol default. Required for tcp, udp_icmp and smtp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// http(s) only: one code (`"200"`) or a class (`"2xx"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_codes: Option<String>,
    /// http(s) only: a case-insensitive substring of the first 10 KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_body: Option<String>,
    /// http(s) only, e.g. `{"Host": ["example.com"]}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<BTreeMap<String, Vec<String>>>,
    /// Seconds between checks.
    #[serde(default = "crate::defaults::monitor_interval")]
    pub interval: i64,
    /// Seconds before a check counts as failed.
    #[serde(default = "crate::defaults::monitor_timeout")]
    pub timeout: i64,
    /// Immediate retries after a timeout.
    #[serde(default = "crate::defaults::monitor_retries")]
    pub retries: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_redirects: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_insecure: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_up: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consecutive_down: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for Monitor {
    fn default() -> Self {
        Monitor {
            id: None,
            created_on: None,
            modified_on: None,
            kind: MonitorType::Http,
            description: String::new(),
            method: None,
            path: None,
            port: None,
            expected_codes: None,
            expected_body: None,
            header: None,
            interval: crate::defaults::monitor_interval(),
            timeout: crate::defaults::monitor_timeout(),
            retries: crate::defaults::monitor_retries(),
            follow_redirects: None,
            allow_insecure: None,
            probe_zone: None,
            consecutive_up: None,
            consecutive_down: None,
            extra: Extra::new(),
        }
    }
}

impl Monitor {
    /// What the pickers show: the description, or `type path` without one.
    pub fn display_name(&self) -> String {
        monitor_label(&self.description, &self.kind, self.path.as_deref())
    }

    /// Fills in the defaults the API materialises for the monitor's type
    /// (see [`MonitorType::default_method`], [`DEFAULT_PATH`]; `port` 0 is
    /// the protocol default). Members already set are kept.
    pub fn materialise(&mut self) {
        if self.method.is_none() {
            self.method = self.kind.default_method().map(str::to_owned);
        }
        if self.kind.is_http() && self.path.is_none() {
            self.path = Some(DEFAULT_PATH.to_owned());
        }
        if self.port.is_none() {
            self.port = Some(0);
        }
    }

    /// The single Host header value, if set.
    pub fn host_header(&self) -> Option<&str> {
        let header = self.header.as_ref()?;
        let (_, values) = header
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("host"))?;
        values.first().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_gets_the_defaults_the_api_fills_in() {
        let mut http = Monitor::default();
        http.materialise();
        assert_eq!(
            (http.method.as_deref(), http.path.as_deref(), http.port),
            (Some("GET"), Some("/"), Some(0))
        );
        let mut tcp = Monitor {
            kind: MonitorType::Tcp,
            port: Some(5432),
            ..Monitor::default()
        };
        tcp.materialise();
        assert_eq!(
            (tcp.method.as_deref(), tcp.path.as_deref(), tcp.port),
            (Some(TCP_METHOD), None, Some(5432))
        );
        let mut ping = Monitor {
            kind: MonitorType::IcmpPing,
            ..Monitor::default()
        };
        ping.materialise();
        assert_eq!((ping.method, ping.path), (None, None));
        let mut head = Monitor {
            method: Some("HEAD".into()),
            path: Some("/up".into()),
            ..Monitor::default()
        };
        head.materialise();
        assert_eq!(
            (head.method.as_deref(), head.path.as_deref()),
            (Some("HEAD"), Some("/up")),
            "what is set is kept"
        );
    }
}
