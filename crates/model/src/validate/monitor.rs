//! The monitor and monitor-group rules (as Cloudflare's API documents them).

use std::collections::HashSet;

use super::{FieldError, Limits, Rule};
use crate::monitor::{Monitor, MonitorType, TCP_METHOD};
use crate::monitor_group::MonitorGroup;

/// The longest monitor interval, in seconds.
pub const MAX_INTERVAL: i64 = 3600;
/// Timeout range, in seconds (Terraform's client-side bounds).
pub const TIMEOUT_RANGE: (i64, i64) = (1, 10);
/// Retries range.
pub const RETRIES_RANGE: (i64, i64) = (0, 5);

/// Validates a monitor as a POST or PUT body.
pub fn validate_monitor(m: &Monitor, limits: &Limits) -> Vec<FieldError> {
    let mut out = Vec::new();
    if !m.kind.is_known() {
        out.push(FieldError::error(
            "type",
            Rule::MonitorType,
            format_args!(
                "monitor type \"{}\" must be one of http, https, tcp, udp_icmp, icmp_ping, smtp",
                m.kind
            ),
        ));
    } else if m.kind.is_enterprise_only() && !limits.enterprise {
        out.push(FieldError::error(
            "type",
            Rule::MonitorTypeEnterprise,
            format_args!("monitor type {} requires an Enterprise plan", m.kind),
        ));
    }
    let min = limits.min_monitor_interval;
    let interval_ok = (min..=MAX_INTERVAL).contains(&m.interval);
    if !interval_ok {
        out.push(FieldError::error(
            "interval",
            Rule::IntervalRange,
            format_args!("interval must be between {min} and {MAX_INTERVAL} seconds"),
        ));
    }
    let (tmin, tmax) = TIMEOUT_RANGE;
    if !(tmin..=tmax).contains(&m.timeout) {
        out.push(FieldError::error(
            "timeout",
            Rule::TimeoutRange,
            format_args!("timeout must be between {tmin} and {tmax} seconds"),
        ));
    } else if interval_ok && m.timeout >= m.interval {
        // Compared only against a valid interval, so one mistake is one error.
        out.push(FieldError::error(
            "timeout",
            Rule::TimeoutRange,
            "timeout must be less than interval",
        ));
    }
    let (rmin, rmax) = RETRIES_RANGE;
    if !(rmin..=rmax).contains(&m.retries) {
        out.push(FieldError::error(
            "retries",
            Rule::RetriesRange,
            format_args!("retries must be between {rmin} and {rmax}"),
        ));
    }
    for (field, value) in [
        ("consecutive_up", m.consecutive_up),
        ("consecutive_down", m.consecutive_down),
    ] {
        if value.is_some_and(|v| v < 0) {
            out.push(FieldError::error(
                field,
                Rule::ConsecutiveRange,
                format_args!("{field} must be 0 or more"),
            ));
        }
    }
    check_port(m, &mut out);
    if m.kind.is_http() {
        check_http(m, &mut out);
    } else if m.kind == MonitorType::Tcp {
        if let Some(method) = m.method.as_deref().filter(|s| !s.is_empty()) {
            if method != TCP_METHOD {
                out.push(FieldError::error(
                    "method",
                    Rule::MonitorMethod,
                    format_args!("method \"{method}\" must be \"{TCP_METHOD}\" for tcp monitors"),
                ));
            }
        }
    }
    out
}

fn check_port(m: &Monitor, out: &mut Vec<FieldError>) {
    match m.port {
        Some(port) if !(0..=65535).contains(&port) => out.push(FieldError::error(
            "port",
            Rule::PortRange,
            format_args!("port {port} must be between 0 and 65535"),
        )),
        Some(port) if port > 0 => {}
        _ if m.kind.needs_port() => out.push(FieldError::error(
            "port",
            Rule::MonitorPortRequired,
            format_args!("a port is required for {} monitors", m.kind),
        )),
        _ => {}
    }
}

fn check_http(m: &Monitor, out: &mut Vec<FieldError>) {
    match m.expected_codes.as_deref() {
        None | Some("") => out.push(FieldError::error(
            "expected_codes",
            Rule::ExpectedCodesRequired,
            "expected_codes is required for http and https monitors",
        )),
        Some(codes) if !is_expected_codes(codes) => out.push(FieldError::error(
            "expected_codes",
            Rule::ExpectedCodesInvalid,
            format_args!(
                "expected_codes \"{codes}\" must be a status code such as 200 or a class such as 2xx"
            ),
        )),
        Some(_) => {}
    }
    if let Some(path) = m.path.as_deref() {
        if !path.starts_with('/') || path.chars().any(char::is_whitespace) {
            out.push(FieldError::error(
                "path",
                Rule::MonitorPath,
                format_args!("path \"{path}\" must start with '/' and contain no spaces"),
            ));
        }
    }
    for name in m.header.iter().flat_map(|h| h.keys()) {
        if !is_header_token(name) {
            out.push(FieldError::error(
                format!("header.{name}"),
                Rule::MonitorHeaderName,
                format_args!(
                    "header name \"{name}\" must be a token: letters, digits and !#$%&'*+-.^_`|~"
                ),
            ));
        } else if name.eq_ignore_ascii_case("user-agent") {
            // Cloudflare's probes always identify themselves.
            out.push(FieldError::error(
                format!("header.{name}"),
                Rule::MonitorHeaderUserAgent,
                "the User-Agent header cannot be overridden",
            ));
        }
    }
    if let Some(method) = m.method.as_deref().filter(|s| !s.is_empty()) {
        if method != "GET" && method != "HEAD" {
            out.push(FieldError::error(
                "method",
                Rule::MonitorMethod,
                format_args!("method \"{method}\" must be GET or HEAD"),
            ));
        }
    }
}

/// An HTTP header name (RFC 9110 `token`).
pub fn is_header_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `"200"` (100–599) or `"2xx"` (1xx–5xx).
pub fn is_expected_codes(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3
        && (b'1'..=b'5').contains(&b[0])
        && ((b[1] == b'x' && b[2] == b'x') || (b[1].is_ascii_digit() && b[2].is_ascii_digit()))
}

/// Validates a monitor group as a POST or PUT body.
pub fn validate_monitor_group(g: &MonitorGroup) -> Vec<FieldError> {
    let mut out = Vec::new();
    if g.description.trim().is_empty() {
        out.push(FieldError::error(
            "description",
            Rule::GroupDescriptionRequired,
            "description is required",
        ));
    }
    if g.members.is_empty() {
        out.push(FieldError::error(
            "members",
            Rule::GroupMembersRequired,
            "a monitor group needs at least one member",
        ));
    }
    let mut seen = HashSet::new();
    for (i, member) in g.members.iter().enumerate() {
        let path = format!("members[{i}].monitor_id");
        if member.monitor_id.is_empty() {
            out.push(FieldError::error(
                path,
                Rule::GroupMemberMonitorRequired,
                "monitor_id is required",
            ));
        } else if !seen.insert(member.monitor_id.as_str()) {
            out.push(FieldError::error(
                path,
                Rule::GroupMemberDuplicate,
                format_args!("monitor {} is a member more than once", member.monitor_id),
            ));
        }
    }
    out
}
