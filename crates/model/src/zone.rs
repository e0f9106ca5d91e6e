//! Zones (Cloudflare's `GET /zones`), as far as finding a load balancer's
//! zone needs them.
//!
//! Load balancers live under `/zones/{zone_id}/load_balancers`, but a
//! pool's references name a load balancer only by ID and hostname. The one
//! way a real account allows to get from there to the zone is the account's
//! zone list: the zone whose name the hostname ends with. [`zone_for_hostname`]
//! is that rule, shared by the console and the server's tests.

use serde::{Deserialize, Serialize};

use crate::extra::Extra;

/// One zone of an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub id: String,
    /// The domain, e.g. `example.com`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<ZoneAccount>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The account a zone belongs to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ZoneAccount {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The zone a hostname belongs to: the one whose name is the hostname or a
/// dot-separated suffix of it. When zones nest (`example.com` and
/// `eu.example.com`, a delegated subdomain), the longest name wins, as DNS
/// resolves it. Case and a trailing dot are ignored.
pub fn zone_for_hostname<'a>(zones: &'a [Zone], hostname: &str) -> Option<&'a Zone> {
    let host = normalise(hostname);
    zones
        .iter()
        .filter(|z| {
            let name = normalise(&z.name);
            !name.is_empty()
                && (host == name
                    || host
                        .strip_suffix(name.as_str())
                        .is_some_and(|rest| rest.ends_with('.')))
        })
        .max_by_key(|z| z.name.len())
}

fn normalise(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The zone name pooldeck-server gives a zone it first meets through a load
/// balancer's hostname: the last two labels (`www.example.com` →
/// `example.com`). Public-suffix zones (`example.co.uk`) come out wrong,
/// which the embedded API accepts: it only has to be a suffix of its load
/// balancers' hostnames, so the console's lookup finds it.
pub fn zone_name_from_hostname(hostname: &str) -> String {
    let host = normalise(hostname);
    let labels: Vec<&str> = host.split('.').collect();
    let keep = labels.len().min(2);
    labels[labels.len() - keep..].join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(id: &str, name: &str) -> Zone {
        Zone {
            id: id.into(),
            name: name.into(),
            ..Zone::default()
        }
    }

    #[test]
    fn a_hostname_finds_the_zone_it_ends_with() {
        let zones = [zone("a", "example.com"), zone("b", "example.org")];
        assert_eq!(
            zone_for_hostname(&zones, "www.example.com").unwrap().id,
            "a"
        );
        assert_eq!(zone_for_hostname(&zones, "example.org").unwrap().id, "b");
        assert_eq!(
            zone_for_hostname(&zones, "WWW.Example.COM.").unwrap().id,
            "a"
        );
    }

    #[test]
    fn a_suffix_must_end_at_a_label_boundary() {
        let zones = [zone("a", "example.com")];
        assert!(zone_for_hostname(&zones, "www.badexample.com").is_none());
        assert!(zone_for_hostname(&zones, "example.com.evil").is_none());
    }

    #[test]
    fn the_longest_matching_zone_wins() {
        let zones = [zone("a", "example.com"), zone("b", "eu.example.com")];
        assert_eq!(
            zone_for_hostname(&zones, "lb.eu.example.com").unwrap().id,
            "b"
        );
        assert_eq!(
            zone_for_hostname(&zones, "lb.us.example.com").unwrap().id,
            "a"
        );
    }

    #[test]
    fn a_zone_without_a_name_matches_nothing() {
        assert!(zone_for_hostname(&[zone("a", "")], "example.com").is_none());
    }

    #[test]
    fn a_first_seen_zone_is_named_by_the_last_two_labels() {
        assert_eq!(zone_name_from_hostname("www.example.com"), "example.com");
        assert_eq!(zone_name_from_hostname("Example.com."), "example.com");
        assert_eq!(zone_name_from_hostname("localhost"), "localhost");
    }

    #[test]
    fn unknown_zone_members_round_trip() {
        let raw = serde_json::json!({
            "id": "z", "name": "example.com", "status": "active",
            "account": {"id": "a", "name": "Ops", "type": "standard"},
            "plan": {"id": "free"}
        });
        let z: Zone = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&z).unwrap(), raw);
    }
}
