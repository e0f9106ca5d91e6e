//! Which addresses the prober may connect to.
//!
//! By default only loopback (127.0.0.0/8, ::1, `localhost`). Anything else
//! is never contacted; `--probe-allow CIDR` widens the list for a user's
//! own network. Hostnames other than `localhost` are not resolved at all:
//! a DNS lookup is itself traffic leaving the machine, and resolving first
//! and checking after would reopen the SSRF hole this list closes.

use std::net::{IpAddr, Ipv4Addr};
use std::str::FromStr;

/// One network, `address/prefix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (addr, prefix) = s.split_once('/').unwrap_or((s, ""));
        let network: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s:?} is not an IP network"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = if prefix.is_empty() {
            max
        } else {
            prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?} has a bad prefix length"))?
        };
        Ok(Cidr { network, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// The networks the prober may reach.
#[derive(Clone, Debug)]
pub struct AllowList {
    extra: Vec<Cidr>,
}

/// Why an endpoint was not probed.
pub const NOT_ALLOWED: &str = "not probed: address outside the probe allow-list";
pub const NOT_RESOLVED: &str =
    "not probed: the embedded prober does not resolve hostnames other than localhost";

impl AllowList {
    /// Loopback plus `extra`.
    pub fn new(extra: Vec<Cidr>) -> Self {
        AllowList { extra }
    }

    fn allows(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        ip.is_loopback() || self.extra.iter().any(|c| c.contains(ip))
    }

    /// The IP to connect to for an endpoint address, or why not.
    pub fn target(&self, address: &str) -> Result<IpAddr, &'static str> {
        let trimmed = address.trim().trim_start_matches('[').trim_end_matches(']');
        let ip = match trimmed.parse::<IpAddr>() {
            Ok(ip) => ip,
            Err(_) if trimmed.eq_ignore_ascii_case("localhost") => IpAddr::V4(Ipv4Addr::LOCALHOST),
            Err(_) => return Err(NOT_RESOLVED),
        };
        if self.allows(ip) {
            Ok(ip)
        } else {
            Err(NOT_ALLOWED)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_by_default_and_never_resolves() {
        let allow = AllowList::new(vec![]);
        assert!(allow.target("127.0.0.1").is_ok());
        assert!(allow.target("127.9.9.9").is_ok());
        assert!(allow.target("::1").is_ok());
        assert!(allow.target("[::1]").is_ok());
        assert!(allow.target("::ffff:127.0.0.1").is_ok());
        assert_eq!(
            allow.target("localhost").unwrap(),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(allow.target("192.0.2.1"), Err(NOT_ALLOWED));
        assert_eq!(allow.target("10.0.0.1"), Err(NOT_ALLOWED));
        assert_eq!(allow.target("origin.example.com"), Err(NOT_RESOLVED));
        assert_eq!(allow.target("169.254.169.254"), Err(NOT_ALLOWED));
    }

    #[test]
    fn reasons_start_the_way_readers_recognise() {
        // The console tells "not probed" from "unhealthy" by this prefix.
        for reason in [NOT_ALLOWED, NOT_RESOLVED] {
            assert!(reason.starts_with(pooldeck_model::health::NOT_PROBED));
        }
    }

    #[test]
    fn cidrs_widen_it() {
        let allow = AllowList::new(vec![
            "192.0.2.0/28".parse().unwrap(),
            "2001:db8::/32".parse().unwrap(),
        ]);
        assert!(allow.target("192.0.2.15").is_ok());
        assert_eq!(allow.target("192.0.2.16"), Err(NOT_ALLOWED));
        assert!(allow.target("2001:db8::1").is_ok());
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("nonsense".parse::<Cidr>().is_err());
        assert!("0.0.0.0/0"
            .parse::<Cidr>()
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
    }
}
