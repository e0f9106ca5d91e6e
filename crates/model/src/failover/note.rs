//! [`super::Outcome::note`]: what the routes cannot show. A live measure
//! (latency, proximity, pending requests, open connections) picks among the
//! healthy pools at request time; geo areas have a precedence; rules and
//! pool sets match request properties the simulator does not have. The
//! note says so in words, with pool names.

use super::{Route, Sim};
use crate::load_balancer::LoadBalancer;
use crate::traffic_steering::{extra_disabled, TrafficSteering};

pub(super) fn note(
    lb: &LoadBalancer,
    steering: &TrafficSteering,
    default: &Route,
    sim: &Sim,
) -> Option<String> {
    let mut notes = Vec::new();
    let names = |ids: &[String]| {
        let names: Vec<String> = ids.iter().map(|id| sim.name(id)).collect();
        names.join(", ")
    };
    let by = match steering {
        TrafficSteering::DynamicLatency => {
            Some("by latency (in failover order until Cloudflare has RTT data)")
        }
        TrafficSteering::Proximity => Some("by proximity to the visitor"),
        TrafficSteering::LeastOutstandingRequests => {
            Some("by random_steering weights and outstanding requests")
        }
        TrafficSteering::LeastConnections => {
            Some("by random_steering weights and open connections")
        }
        _ => None,
    };
    if let (Some(by), false) = (by, default.among.is_empty()) {
        notes.push(format!(
            "among the healthy pools {}, {by}",
            names(&default.among)
        ));
    }
    if *steering == TrafficSteering::Proximity {
        let lacking: Vec<String> = default
            .among
            .iter()
            .filter(|id| {
                sim.pools
                    .get(id.as_str())
                    .is_some_and(|p| p.latitude.is_none() || p.longitude.is_none())
            })
            .cloned()
            .collect();
        if !lacking.is_empty() {
            notes.push(format!("without coordinates: {}", names(&lacking)));
        }
    }
    if let TrafficSteering::Other(policy) = steering {
        notes.push(format!(
            "steering policy \"{policy}\" is unknown to this version; shown as failover order"
        ));
    }
    if *steering == TrafficSteering::Geo {
        notes.push(
            "a PoP's pools come before its country's, a country's before its region's; areas not listed use default_pools"
                .to_owned(),
        );
    }
    let count = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let rules = lb
        .rules
        .iter()
        .flatten()
        .filter(|r| r.overrides.is_some() && !extra_disabled(&r.extra))
        .count();
    let sets = lb
        .pool_sets
        .iter()
        .flatten()
        .filter(|s| !extra_disabled(&s.extra))
        .count();
    if sets > 0 {
        notes.push(format!(
            "{} can override this for the requests they match (evaluated before rules)",
            count(sets, "pool set")
        ));
    }
    if rules > 0 {
        notes.push(format!("{} can override this", count(rules, "rule")));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}
