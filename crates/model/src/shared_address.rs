//! Endpoint addresses that sit in more than one pool.
//!
//! A pool's weights only say how *that* pool splits its traffic. When the
//! same address is an endpoint of several pools, setting its weight to 0
//! (or disabling it) in one pool does not drain it: every other pool that
//! lists it still sends it traffic. [`AddressIndex`] finds those other uses
//! so the console can say so next to the endpoint, instead of letting a
//! share of "0 %" read as "this host gets nothing".
//!
//! Addresses are compared by [`normalise_address`], which [`crate::bulk`]
//! uses too, so "the endpoint 192.0.2.1" means the same endpoints in a bulk
//! change as in this index.

use std::collections::HashMap;

use crate::pool::Pool;
use crate::validate::{parse_address, Address};

/// The form two endpoint addresses are compared in: trimmed; an IP address
/// by its parsed value (IPv6 with or without brackets, `2001:0db8:0:0::1`
/// is `2001:db8::1`); a hostname in lower case without a trailing dot, as
/// DNS names are case-insensitive and `example.com.` is `example.com`.
/// Anything that is neither is trimmed and lower-cased, so even an invalid
/// address still matches itself.
///
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) stays distinct from
/// the IPv4 address: the API stores what was written, and these are two
/// different strings to it.
pub fn normalise_address(address: &str) -> String {
    match parse_address(address) {
        Some(Address::Ip(ip)) => ip.to_string(),
        Some(Address::Hostname(host)) => {
            let host = host.strip_suffix('.').unwrap_or(&host);
            host.to_ascii_lowercase()
        }
        None => address.trim().to_lowercase(),
    }
}

/// One endpoint, in one pool, with a given address.
#[derive(Clone, Debug, PartialEq)]
pub struct AddressUse {
    /// The pool's ID (`""` for a pool that has none yet).
    pub pool_id: String,
    pub pool_name: String,
    pub endpoint_name: String,
    pub weight: f64,
    /// Whether this use can take traffic at all: the endpoint *and* its
    /// pool are enabled.
    pub enabled: bool,
    /// Whether the pool is enabled (to tell "endpoint disabled" from "pool
    /// disabled").
    pub pool_enabled: bool,
}

impl AddressUse {
    /// True when this use sends the address traffic (enabled, weight > 0).
    /// Health is left out: an unhealthy endpoint gets traffic again the
    /// moment it recovers.
    pub fn takes_traffic(&self) -> bool {
        self.enabled && self.weight > 0.0
    }

    /// "weight 0.5, enabled" / "weight 1, disabled" / "weight 1, pool
    /// disabled".
    fn summary(&self) -> String {
        let state = if !self.pool_enabled {
            "pool disabled"
        } else if self.enabled {
            "enabled"
        } else {
            "disabled"
        };
        format!("weight {}, {state}", self.weight)
    }
}

/// Every endpoint of every pool, by normalised address. Built once from the
/// account's pools, then asked about each endpoint shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddressIndex {
    uses: HashMap<String, Vec<AddressUse>>,
}

impl AddressIndex {
    /// Indexes `pools`' endpoints. Endpoints with an empty address are left
    /// out: they share nothing.
    pub fn new(pools: &[Pool]) -> Self {
        let mut uses: HashMap<String, Vec<AddressUse>> = HashMap::new();
        for pool in pools {
            for origin in &pool.origins {
                if origin.address.trim().is_empty() {
                    continue;
                }
                uses.entry(normalise_address(&origin.address))
                    .or_default()
                    .push(AddressUse {
                        pool_id: pool.id.clone().unwrap_or_default(),
                        pool_name: pool.name.clone(),
                        endpoint_name: origin.name.clone(),
                        weight: origin.weight,
                        enabled: origin.enabled && pool.enabled,
                        pool_enabled: pool.enabled,
                    });
            }
        }
        for list in uses.values_mut() {
            list.sort_by(|a, b| {
                (&a.pool_name, &a.pool_id, &a.endpoint_name).cmp(&(
                    &b.pool_name,
                    &b.pool_id,
                    &b.endpoint_name,
                ))
            });
        }
        AddressIndex { uses }
    }

    /// The uses of `address` in pools other than the one with ID
    /// `this_pool` (`None`: a pool not in the index, such as a new one, so
    /// every use counts), sorted by pool name. Uses in the same pool are not
    /// "elsewhere": the pool's own shares already account for them.
    pub fn elsewhere(&self, address: &str, this_pool: Option<&str>) -> Vec<&AddressUse> {
        self.uses
            .get(&normalise_address(address))
            .into_iter()
            .flatten()
            .filter(|u| this_pool != Some(u.pool_id.as_str()))
            .collect()
    }
}

/// The uses grouped by pool, keeping their order (they arrive sorted).
fn by_pool<'a>(uses: &[&'a AddressUse]) -> Vec<Vec<&'a AddressUse>> {
    let mut groups: Vec<Vec<&AddressUse>> = Vec::new();
    for &u in uses {
        match groups.last_mut() {
            Some(group) if group[0].pool_id == u.pool_id && group[0].pool_name == u.pool_name => {
                group.push(u)
            }
            _ => groups.push(vec![u]),
        }
    }
    groups
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The line under an endpoint: "also in pool eu-web (weight 0.5,
/// enabled)", "also in pools eu-web (weight 0.5, enabled) and us-web
/// (weight 0, disabled)". A pool that lists the address twice (another port
/// or virtual network) shows both: "eu-web (weight 1, enabled; weight 0,
/// disabled)". `None` when the address is nowhere else.
pub fn describe_elsewhere(uses: &[&AddressUse]) -> Option<String> {
    let groups = by_pool(uses);
    let parts: Vec<String> = groups
        .iter()
        .map(|group| {
            let summaries: Vec<String> = group.iter().map(|u| u.summary()).collect();
            format!("{} ({})", group[0].pool_name, summaries.join("; "))
        })
        .collect();
    match parts.len() {
        0 => None,
        1 => Some(format!("also in pool {}", parts[0])),
        _ => Some(format!("also in pools {}", and_list(&parts))),
    }
}

/// The note next to an endpoint's traffic share when other pools send the
/// address traffic too, so the share is not all it gets: "1 other pool
/// also sends traffic to this address", "2 other pools also send …".
/// `None` when no other use is enabled with a weight above 0.
pub fn extra_traffic_note(uses: &[&AddressUse]) -> Option<String> {
    let pools = by_pool(uses)
        .into_iter()
        .filter(|group| group.iter().any(|u| u.takes_traffic()))
        .count();
    match pools {
        0 => None,
        1 => Some("1 other pool also sends traffic to this address".to_owned()),
        n => Some(format!("{n} other pools also send traffic to this address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;

    fn pool(id: &str, name: &str, enabled: bool, origins: Vec<Origin>) -> Pool {
        Pool {
            id: Some(id.into()),
            name: name.into(),
            enabled,
            origins,
            ..Pool::default()
        }
    }

    fn endpoint(name: &str, address: &str, weight: f64, enabled: bool) -> Origin {
        Origin {
            weight,
            enabled,
            ..Origin::new(name, address)
        }
    }

    fn account() -> Vec<Pool> {
        vec![
            pool(
                "p-us",
                "us-web",
                true,
                vec![
                    endpoint("web-1", "192.0.2.1", 0.0, false),
                    endpoint("web-2", "192.0.2.2", 1.0, true),
                ],
            ),
            pool(
                "p-eu",
                "eu-web",
                true,
                vec![endpoint("web-1", "192.0.2.1", 0.5, true)],
            ),
            pool(
                "p-ap",
                "ap-web",
                true,
                vec![endpoint("web-1", "192.0.2.1", 0.0, true)],
            ),
            pool(
                "p-old",
                "old-web",
                false,
                vec![endpoint("legacy", "192.0.2.1", 1.0, true)],
            ),
        ]
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalise_address(" 192.0.2.1 "), "192.0.2.1");
        assert_eq!(normalise_address("2001:0db8:0:0::1"), "2001:db8::1");
        assert_eq!(normalise_address("[2001:DB8::1]"), "2001:db8::1");
        assert_eq!(
            normalise_address("Origin.Example.COM"),
            "origin.example.com"
        );
        assert_eq!(
            normalise_address("origin.example.com."),
            "origin.example.com"
        );
        assert_eq!(normalise_address(" not valid! "), "not valid!");
        assert_ne!(
            normalise_address("::ffff:192.0.2.1"),
            normalise_address("192.0.2.1")
        );
    }

    #[test]
    fn elsewhere_leaves_out_this_pool_and_sorts_by_pool_name() {
        let index = AddressIndex::new(&account());
        let names = |uses: Vec<&AddressUse>| -> Vec<String> {
            uses.iter().map(|u| u.pool_name.clone()).collect()
        };
        assert_eq!(
            names(index.elsewhere("192.0.2.1", Some("p-us"))),
            ["ap-web", "eu-web", "old-web"]
        );
        assert_eq!(
            names(index.elsewhere("192.0.2.1", None)),
            ["ap-web", "eu-web", "old-web", "us-web"],
            "a pool not in the index (a new one) sees every use"
        );
        assert!(index.elsewhere("192.0.2.2", Some("p-us")).is_empty());
        assert!(index.elsewhere("198.51.100.7", None).is_empty());
    }

    #[test]
    fn a_use_is_enabled_only_when_its_pool_is() {
        let index = AddressIndex::new(&account());
        let uses = index.elsewhere("192.0.2.1", Some("p-us"));
        let old = uses.iter().find(|u| u.pool_name == "old-web").unwrap();
        assert!(!old.enabled && !old.pool_enabled);
        assert!(!old.takes_traffic());
        let eu = uses.iter().find(|u| u.pool_name == "eu-web").unwrap();
        assert_eq!(
            (eu.pool_id.as_str(), eu.endpoint_name.as_str(), eu.weight),
            ("p-eu", "web-1", 0.5)
        );
        assert!(eu.enabled && eu.pool_enabled && eu.takes_traffic());
    }

    #[test]
    fn addresses_match_however_they_are_written() {
        let pools = vec![
            pool(
                "a",
                "a",
                true,
                vec![
                    endpoint("v6", "2001:db8::1", 1.0, true),
                    endpoint("host", "Origin.Example.com", 1.0, true),
                ],
            ),
            pool(
                "b",
                "b",
                true,
                vec![
                    endpoint("v6", "[2001:0DB8:0:0::1]", 1.0, true),
                    endpoint("host", "origin.example.com.", 1.0, true),
                    endpoint("empty", "  ", 1.0, true),
                ],
            ),
        ];
        let index = AddressIndex::new(&pools);
        assert_eq!(index.elsewhere("2001:db8:0::1", Some("a")).len(), 1);
        assert_eq!(index.elsewhere(" ORIGIN.example.com ", Some("a")).len(), 1);
        assert!(
            index.elsewhere("", None).is_empty(),
            "empty addresses are not indexed"
        );
    }

    #[test]
    fn descriptions() {
        let index = AddressIndex::new(&account());
        assert_eq!(describe_elsewhere(&[]), None);
        assert_eq!(
            describe_elsewhere(&index.elsewhere("192.0.2.1", Some("p-us"))).unwrap(),
            "also in pools ap-web (weight 0, enabled), eu-web (weight 0.5, enabled) \
             and old-web (weight 1, pool disabled)"
        );
        let two = AddressIndex::new(&account()[..2]);
        assert_eq!(
            describe_elsewhere(&two.elsewhere("192.0.2.1", None)).unwrap(),
            "also in pools eu-web (weight 0.5, enabled) and us-web (weight 0, disabled)"
        );
        assert_eq!(
            describe_elsewhere(&two.elsewhere("192.0.2.1", Some("p-us"))).unwrap(),
            "also in pool eu-web (weight 0.5, enabled)"
        );
    }

    #[test]
    fn a_pool_with_the_address_twice_is_one_pool() {
        let pools = vec![
            pool(
                "a",
                "a",
                true,
                vec![endpoint("web", "192.0.2.1", 1.0, true)],
            ),
            pool(
                "b",
                "b",
                true,
                vec![
                    endpoint("web-443", "192.0.2.1", 1.0, true),
                    endpoint("web-80", "192.0.2.1", 0.0, false),
                ],
            ),
        ];
        let index = AddressIndex::new(&pools);
        let uses = index.elsewhere("192.0.2.1", Some("a"));
        assert_eq!(uses.len(), 2);
        assert_eq!(
            describe_elsewhere(&uses).unwrap(),
            "also in pool b (weight 1, enabled; weight 0, disabled)"
        );
        assert_eq!(
            extra_traffic_note(&uses).unwrap(),
            "1 other pool also sends traffic to this address"
        );
    }

    #[test]
    fn traffic_notes() {
        let index = AddressIndex::new(&account());
        // eu-web only: ap-web has weight 0, old-web is disabled.
        assert_eq!(
            extra_traffic_note(&index.elsewhere("192.0.2.1", Some("p-us"))).unwrap(),
            "1 other pool also sends traffic to this address"
        );
        // From eu-web: us-web's use is disabled, ap-web's is weight 0.
        assert_eq!(
            extra_traffic_note(&index.elsewhere("192.0.2.1", Some("p-eu"))),
            None
        );
        let mut pools = account();
        pools[2].origins[0].weight = 0.25;
        let index = AddressIndex::new(&pools);
        assert_eq!(
            extra_traffic_note(&index.elsewhere("192.0.2.1", Some("p-us"))).unwrap(),
            "2 other pools also send traffic to this address"
        );
        assert_eq!(extra_traffic_note(&[]), None);
    }
}
