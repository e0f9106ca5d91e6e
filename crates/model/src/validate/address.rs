//! Endpoint addresses: IP or hostname, and which IP ranges need a virtual
//! network.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::pool::is_valid_hostname;

/// A parsed endpoint address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    Ip(IpAddr),
    Hostname(String),
}

/// Parses an endpoint address. IPv6 may be written with or without
/// brackets. Anything all-numeric that is not an IPv4 address (`10.0.0`) is
/// refused rather than taken for a hostname.
pub fn parse_address(s: &str) -> Option<Address> {
    let s = s.trim();
    let unbracketed = s
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(s);
    if let Ok(ip) = unbracketed.parse::<IpAddr>() {
        return Some(Address::Ip(ip));
    }
    let looks_numeric = s
        .split('.')
        .all(|label| label.bytes().all(|b| b.is_ascii_digit()));
    if looks_numeric || !is_valid_hostname(s) {
        return None;
    }
    Some(Address::Hostname(s.to_owned()))
}

/// What kind of network an IP address belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpClass {
    /// Globally routable.
    Public,
    /// RFC 1918, shared address space (100.64.0.0/10) or IPv6 unique local:
    /// reachable only through a virtual network.
    Private,
    /// 127.0.0.0/8 and ::1.
    Loopback,
    /// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32.
    Documentation,
    /// Anything else that is not globally routable: unspecified, link-local,
    /// multicast, broadcast, reserved.
    Reserved,
}

/// Classifies an IP address. IPv4-mapped IPv6 addresses are classified as
/// the IPv4 address they carry.
pub fn classify_ip(ip: IpAddr) -> IpClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> IpClass {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        IpClass::Loopback
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        IpClass::Private
    } else if (a, b, c) == (192, 0, 2) || (a, b, c) == (198, 51, 100) || (a, b, c) == (203, 0, 113)
    {
        IpClass::Documentation
    } else if ip.is_unspecified()
        || a == 0
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a >= 240
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (18..20).contains(&b))
    {
        IpClass::Reserved
    } else {
        IpClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> IpClass {
    let seg = ip.segments();
    if ip.is_loopback() {
        IpClass::Loopback
    } else if (seg[0] & 0xfe00) == 0xfc00 {
        IpClass::Private
    } else if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        IpClass::Documentation
    } else if ip.is_unspecified() || ip.is_multicast() || (seg[0] & 0xffc0) == 0xfe80 {
        IpClass::Reserved
    } else {
        IpClass::Public
    }
}
