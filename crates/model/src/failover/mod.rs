//! The failover simulator: where a load balancer's traffic goes if the
//! pools and endpoints the user marks down really were down.
//!
//! The console asks this before a risky action ("disabling this pool moves
//! www.example.com to pool us-web") and in the what-if view. It decides a
//! pool's health exactly like the status badges do ([`pool_status`], so the
//! Health Threshold rule of [`crate::health::pool_is_healthy`]), then
//! follows Cloudflare's documented steering:
//!
//! - **Off** (and `""` without geo maps): the first healthy pool of
//!   `default_pools`; "If all pools are marked unhealthy, Load Balancing
//!   will direct traffic to the fallback pool" (developers.cloudflare.com,
//!   Load Balancing › Traffic steering › Standard).
//! - **Geo**: each PoP, country and region listed gets its own route: its
//!   pools in failover order, then **the fallback pool**, not
//!   `default_pools`: "A fallback pool will be used if there is only one
//!   pool in the same region and it is unavailable. If there are multiple
//!   pools in the same region, the order of the pools will be respected"
//!   (… › Geo, "Failover behavior"; the Pool sets page adds "Geo steering
//!   uses one global fallback pool"). Only areas *not listed* use
//!   `default_pools` (PoP → country → region → default precedence), which
//!   is [`Outcome::default`].
//! - **Random**: the healthy default pools with a weight above 0 share the
//!   traffic by `random_steering.pool_weights` (else `default_weight`, else
//!   1): [`Outcome::shares`].
//! - **Dynamic latency, proximity, least outstanding requests, least
//!   connections**: a live measure picks among the healthy default pools
//!   ([`Route::among`]); the last two scale `random_steering` weights, so a
//!   pool with weight 0 is left out.
//!
//! Decisions the docs leave open, made here:
//! - An enabled endpoint with no health report counts as healthy (an
//!   unmonitored pool gets traffic) and the route says so with
//!   [`Route::assumed`], so the UI can say "assuming healthy (no health
//!   data)".
//! - The fallback pool gets traffic whatever its health (the API: "the
//!   pool ID to use when all other pools are detected as unhealthy"). So an
//!   unhealthy fallback is still [`Destination::Fallback`], flagged with
//!   [`Route::fallback_unhealthy`]. But a fallback that is disabled, that
//!   the user marked down, that is missing, or none of whose enabled
//!   endpoints is left up, serves nothing: [`Destination::Nothing`].
//! - Rules and pool sets match on request properties the simulator does not
//!   have; [`Outcome::note`] says how many could override the result.

mod describe;
mod note;

pub use describe::{describe, moves, moves_under};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::health::pool_is_healthy;
use crate::load_balancer::LoadBalancer;
use crate::pool::Pool;
use crate::status::{pool_status, PoolStatus};
use crate::traffic_steering::TrafficSteering;

/// What the user marks down.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Pool IDs.
    pub down_pools: BTreeSet<String>,
    /// (pool ID, endpoint address).
    pub down_endpoints: BTreeSet<(String, String)>,
}

impl Scenario {
    /// Only `pool_id` is down.
    pub fn pool_down(pool_id: &str) -> Scenario {
        Scenario {
            down_pools: BTreeSet::from([pool_id.to_owned()]),
            ..Scenario::default()
        }
    }
}

/// Why a pool was passed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// No pool with this ID in the account.
    Missing,
    Disabled,
    /// The user marked the pool down.
    MarkedDown,
    /// Fewer healthy enabled endpoints than the Health Threshold (after
    /// the endpoints the user marked down).
    BelowThreshold {
        healthy: usize,
        threshold: i64,
    },
    /// The API reports the pool unhealthy though its endpoints meet the
    /// threshold (`healthy: false`, as the status badge shows it).
    ReportedUnhealthy,
    /// Weighted steering with a weight of 0: it gets no traffic.
    ZeroWeight,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Missing => f.write_str("not in this account"),
            SkipReason::Disabled => f.write_str("disabled"),
            SkipReason::MarkedDown => f.write_str("marked down"),
            SkipReason::BelowThreshold { healthy, threshold } => write!(
                f,
                "{healthy} healthy endpoint{}, threshold {threshold}",
                if *healthy == 1 { "" } else { "s" }
            ),
            SkipReason::ReportedUnhealthy => f.write_str("reported unhealthy"),
            SkipReason::ZeroWeight => f.write_str("weight 0"),
        }
    }
}

/// A pool's health under a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolState {
    /// Healthy: load balancers may send it traffic.
    pub up: bool,
    /// Why not, when not up.
    pub skip: Option<SkipReason>,
    /// Some endpoint counted as healthy had no health report.
    pub assumed: bool,
    /// Enabled endpoints that are neither reported unhealthy nor marked
    /// down: whether anything could answer at all.
    pub serving: usize,
}

/// Decides whether `pool` (with ID `pool_id`) is up under `scenario`:
/// enabled, not marked down, and enough of its enabled endpoints healthy
/// and not marked down to meet `minimum_origins`. Endpoints without a
/// report count as healthy (`assumed`). The verdict is [`pool_status`]'s
/// on the pool as the scenario changes it.
pub fn pool_state(pool_id: &str, pool: Option<&Pool>, scenario: &Scenario) -> PoolState {
    let down = |skip| PoolState {
        up: false,
        skip: Some(skip),
        assumed: false,
        serving: 0,
    };
    let Some(pool) = pool else {
        return down(SkipReason::Missing);
    };
    if !pool.enabled {
        return down(SkipReason::Disabled);
    }
    if scenario.down_pools.contains(pool_id) {
        return down(SkipReason::MarkedDown);
    }
    let mut p = pool.clone();
    let mut assumed = false;
    for o in &mut p.origins {
        if scenario
            .down_endpoints
            .contains(&(pool_id.to_owned(), o.address.clone()))
        {
            o.healthy = Some(false);
        } else if o.enabled && o.healthy.is_none() {
            o.healthy = Some(true);
            assumed = true;
        }
    }
    let s = pool_status(&p);
    let threshold_met = pool_is_healthy(s.healthy, s.threshold);
    let up = match s.status {
        PoolStatus::Healthy | PoolStatus::Degraded => true,
        // No enabled endpoint and no pool report: the threshold alone.
        PoolStatus::Unknown => threshold_met,
        PoolStatus::Critical | PoolStatus::Disabled => false,
    };
    let skip = match (up, threshold_met) {
        (true, _) => None,
        (false, true) => Some(SkipReason::ReportedUnhealthy),
        (false, false) => Some(SkipReason::BelowThreshold {
            healthy: s.healthy,
            threshold: s.threshold,
        }),
    };
    PoolState {
        up,
        skip,
        assumed: up && assumed,
        serving: s.healthy,
    }
}

/// Where a route's traffic ends up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A healthy candidate (the first of [`Route::among`]).
    Pool(String),
    /// Every candidate is down: the pool of last resort.
    Fallback(String),
    /// Every candidate is down and the fallback cannot serve either.
    Nothing,
}

/// One route through the candidates.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub to: Destination,
    /// The healthy candidates the policy picks between, in failover order:
    /// one under failover steering, all of them under the others; empty
    /// when falling back.
    pub among: Vec<String>,
    /// Candidates passed over, in order (with the fallback last when it
    /// cannot serve).
    pub skipped: Vec<(String, SkipReason)>,
    /// A pool taking traffic was counted healthy without health data.
    pub assumed: bool,
    /// [`Destination::Fallback`] to a pool that is itself unhealthy.
    pub fallback_unhealthy: bool,
}

/// The simulation's result for one load balancer.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Traffic `default_pools` handles: all of it, or under geo steering
    /// that of the areas not listed.
    pub default: Route,
    /// Geo steering only: `pop LAX`, `country US`, `region WNAM`, in that
    /// precedence order, each with its route.
    pub regions: Vec<(String, Route)>,
    /// Random steering only: each taking pool's share of traffic (0..1).
    pub shares: Option<Vec<(String, f64)>>,
    /// What the routes cannot show: how a live measure picks, what rules
    /// and pool sets may override.
    pub note: Option<String>,
}

/// Accounts' pools by ID.
type Pools<'a> = BTreeMap<&'a str, &'a Pool>;

struct Sim<'a> {
    pools: Pools<'a>,
    scenario: &'a Scenario,
    fallback: &'a str,
}

impl Sim<'_> {
    fn state(&self, id: &str) -> PoolState {
        pool_state(id, self.pools.get(id).copied(), self.scenario)
    }

    fn name(&self, id: &str) -> String {
        match self.pools.get(id) {
            Some(p) if !p.name.is_empty() => p.name.clone(),
            _ => id.to_owned(),
        }
    }

    /// `candidates` (deduplicated, in order), keeping those that are up and
    /// pass `takes`; failover keeps only the first. None left: the fallback.
    fn route(&self, candidates: &[String], failover: bool, takes: impl Fn(&str) -> bool) -> Route {
        let mut seen = BTreeSet::new();
        let mut route = Route {
            to: Destination::Nothing,
            among: Vec::new(),
            skipped: Vec::new(),
            assumed: false,
            fallback_unhealthy: false,
        };
        for id in candidates.iter().filter(|id| seen.insert(id.as_str())) {
            if failover && !route.among.is_empty() {
                break;
            }
            let state = self.state(id);
            match state.skip {
                Some(reason) => route.skipped.push((id.clone(), reason)),
                None if !takes(id) => route.skipped.push((id.clone(), SkipReason::ZeroWeight)),
                None => {
                    route.assumed |= state.assumed;
                    route.among.push(id.clone());
                }
            }
        }
        if let Some(first) = route.among.first() {
            route.to = Destination::Pool(first.clone());
            return route;
        }
        let state = self.state(self.fallback);
        let cannot_serve = match &state.skip {
            Some(SkipReason::Missing | SkipReason::Disabled | SkipReason::MarkedDown) => true,
            _ => state.serving == 0 && !state.up,
        };
        if self.fallback.is_empty() {
            // No pool of last resort configured (the API requires one).
        } else if cannot_serve {
            let reason = state.skip.unwrap_or(SkipReason::Missing);
            route.skipped.push((self.fallback.to_owned(), reason));
        } else {
            route.to = Destination::Fallback(self.fallback.to_owned());
            route.assumed = state.assumed;
            route.fallback_unhealthy = !state.up;
        }
        route
    }
}

/// Where `lb` sends traffic under `scenario`, given the account's `pools`
/// as the API reports them (health included).
pub fn simulate(lb: &LoadBalancer, pools: &[Pool], scenario: &Scenario) -> Outcome {
    let sim = Sim {
        pools: pools
            .iter()
            .filter_map(|p| Some((p.id.as_deref()?, p)))
            .collect(),
        scenario,
        fallback: &lb.fallback_pool,
    };
    let steering = lb.traffic_steering();
    let weight = |id: &str| {
        let rs = lb.random_steering.as_ref();
        rs.and_then(|rs| rs.pool_weights.as_ref()?.get(id).copied())
            .or_else(|| rs.and_then(|rs| rs.default_weight))
            .unwrap_or(1.0)
    };
    let weighted = matches!(
        steering,
        TrafficSteering::Random
            | TrafficSteering::LeastOutstandingRequests
            | TrafficSteering::LeastConnections
    );
    let failover = matches!(
        steering,
        TrafficSteering::Off | TrafficSteering::Geo | TrafficSteering::Other(_)
    );
    let default = sim.route(&lb.default_pools, failover, |id| {
        !weighted || weight(id) > 0.0
    });

    let mut regions = Vec::new();
    if steering == TrafficSteering::Geo {
        for (kind, map) in [
            ("pop", &lb.pop_pools),
            ("country", &lb.country_pools),
            ("region", &lb.region_pools),
        ] {
            for (key, ids) in map.iter().flatten() {
                regions.push((format!("{kind} {key}"), sim.route(ids, true, |_| true)));
            }
        }
    }

    let shares = (steering == TrafficSteering::Random).then(|| {
        let total: f64 = default.among.iter().map(|id| weight(id)).sum();
        default
            .among
            .iter()
            .map(|id| (id.clone(), weight(id) / total))
            .collect()
    });

    let note = note::note(lb, &steering, &default, &sim);
    Outcome {
        default,
        regions,
        shares,
        note,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::origin::Origin;
    use serde_json::json;

    /// A pool `id` (named `id-web`) with endpoints of the given health.
    pub(crate) fn pool(id: &str, health: &[Option<bool>]) -> Pool {
        Pool {
            id: Some(id.into()),
            name: format!("{id}-web"),
            origins: health
                .iter()
                .enumerate()
                .map(|(i, h)| Origin {
                    healthy: *h,
                    ..Origin::new(format!("o{i}"), format!("192.0.2.{i}"))
                })
                .collect(),
            ..Pool::default()
        }
    }

    pub(crate) fn lb(v: serde_json::Value) -> LoadBalancer {
        let mut base = json!({"name": "www.example.com", "default_pools": ["a", "b"],
                              "fallback_pool": "fb"});
        for (k, val) in v.as_object().unwrap() {
            base[k] = val.clone();
        }
        serde_json::from_value(base).unwrap()
    }

    pub(crate) fn up() -> Vec<Pool> {
        ["a", "b", "c", "fb"]
            .iter()
            .map(|id| pool(id, &[Some(true)]))
            .collect()
    }

    fn down(ids: &[&str]) -> Scenario {
        Scenario {
            down_pools: ids.iter().map(|s| s.to_string()).collect(),
            ..Scenario::default()
        }
    }

    fn pool_to(id: &str) -> Destination {
        Destination::Pool(id.into())
    }

    #[test]
    fn off_and_empty_fail_over_in_order() {
        for policy in [json!("off"), json!(""), json!(null)] {
            let l = lb(json!({"steering_policy": policy}));
            let o = simulate(&l, &up(), &Scenario::default());
            assert_eq!(
                (o.default.to, o.default.among),
                (pool_to("a"), vec!["a".into()])
            );
            assert!(o.regions.is_empty() && o.shares.is_none() && o.note.is_none());
            let o = simulate(&l, &up(), &down(&["a"]));
            assert_eq!(o.default.to, pool_to("b"));
            assert_eq!(o.default.skipped, [("a".into(), SkipReason::MarkedDown)]);
            let o = simulate(&l, &up(), &down(&["a", "b"]));
            assert_eq!(o.default.to, Destination::Fallback("fb".into()));
            assert!(!o.default.fallback_unhealthy);
        }
    }

    #[test]
    fn nothing_reachable_when_the_fallback_is_down_or_disabled() {
        let l = lb(json!({}));
        let o = simulate(&l, &up(), &down(&["a", "b", "fb"]));
        assert_eq!(o.default.to, Destination::Nothing);
        assert_eq!(
            o.default.skipped.last(),
            Some(&("fb".into(), SkipReason::MarkedDown))
        );
        let mut pools = up();
        pools[3].enabled = false;
        let o = simulate(&l, &pools, &down(&["a", "b"]));
        assert_eq!(o.default.to, Destination::Nothing);
        // A fallback with no endpoint left up.
        let mut pools = up();
        pools[3] = pool("fb", &[Some(false), Some(false)]);
        assert_eq!(
            simulate(&l, &pools, &down(&["a", "b"])).default.to,
            Destination::Nothing
        );
        // No fallback configured, or one that does not exist.
        let mut none = l.clone();
        none.fallback_pool = String::new();
        assert_eq!(
            simulate(&none, &up(), &down(&["a", "b"])).default.to,
            Destination::Nothing
        );
        none.fallback_pool = "ghost".into();
        let o = simulate(&none, &up(), &down(&["a", "b"]));
        assert_eq!(
            o.default.skipped.last(),
            Some(&("ghost".into(), SkipReason::Missing))
        );
    }

    #[test]
    fn an_unhealthy_fallback_still_gets_traffic() {
        let l = lb(json!({}));
        let mut pools = up();
        // Threshold 2, one of two endpoints healthy: unhealthy, but serving.
        pools[3] = Pool {
            minimum_origins: 2,
            ..pool("fb", &[Some(true), Some(false)])
        };
        let o = simulate(&l, &pools, &down(&["a", "b"]));
        assert_eq!(o.default.to, Destination::Fallback("fb".into()));
        assert!(o.default.fallback_unhealthy);
    }

    #[test]
    fn threshold_edge_cases() {
        let l = lb(json!({}));
        let mut pools = up();
        pools[0] = Pool {
            minimum_origins: 2,
            ..pool("a", &[Some(true), Some(true), Some(true)])
        };
        let addr = |i: usize| ("a".to_string(), format!("192.0.2.{i}"));
        let one_down = Scenario {
            down_endpoints: BTreeSet::from([addr(0)]),
            ..Scenario::default()
        };
        assert_eq!(simulate(&l, &pools, &one_down).default.to, pool_to("a"));
        let two_down = Scenario {
            down_endpoints: BTreeSet::from([addr(0), addr(1)]),
            ..Scenario::default()
        };
        let o = simulate(&l, &pools, &two_down);
        assert_eq!(o.default.to, pool_to("b"));
        assert_eq!(
            o.default.skipped,
            [(
                "a".into(),
                SkipReason::BelowThreshold {
                    healthy: 1,
                    threshold: 2
                }
            )]
        );
        // Already reported unhealthy: one endpoint down → below threshold.
        pools[0] = Pool {
            minimum_origins: 2,
            ..pool("a", &[Some(true), Some(false)])
        };
        assert_eq!(
            simulate(&l, &pools, &Scenario::default()).default.to,
            pool_to("b")
        );
        // A disabled endpoint does not count.
        pools[0].origins[1].healthy = Some(true);
        pools[0].origins[1].enabled = false;
        assert_eq!(
            simulate(&l, &pools, &Scenario::default()).default.to,
            pool_to("b")
        );
        // The API's pool verdict counts too.
        pools[0] = Pool {
            healthy: Some(false),
            ..pool("a", &[Some(true)])
        };
        let o = simulate(&l, &pools, &Scenario::default());
        assert_eq!(
            o.default.skipped,
            [("a".into(), SkipReason::ReportedUnhealthy)]
        );
    }

    #[test]
    fn disabled_and_missing_pools_are_skipped() {
        let l = lb(json!({"default_pools": ["ghost", "a", "b"]}));
        let mut pools = up();
        pools[0].enabled = false;
        let o = simulate(&l, &pools, &Scenario::default());
        assert_eq!(o.default.to, pool_to("b"));
        assert_eq!(
            o.default.skipped,
            [
                ("ghost".into(), SkipReason::Missing),
                ("a".into(), SkipReason::Disabled)
            ]
        );
        assert_eq!(SkipReason::Disabled.to_string(), "disabled");
    }

    #[test]
    fn unknown_health_is_assumed_healthy_and_said_so() {
        let l = lb(json!({}));
        let mut pools = up();
        pools[0] = pool("a", &[None, None]);
        let o = simulate(&l, &pools, &Scenario::default());
        assert_eq!(o.default.to, pool_to("a"));
        assert!(o.default.assumed);
        let state = pool_state("a", Some(&pools[0]), &Scenario::default());
        assert_eq!((state.up, state.assumed, state.serving), (true, true, 2));
        // Known-healthy pools are not assumed.
        assert!(!simulate(&l, &up(), &Scenario::default()).default.assumed);
        // Marking the unknown endpoints down takes the pool down.
        let s = Scenario {
            down_endpoints: BTreeSet::from([
                ("a".into(), "192.0.2.0".into()),
                ("a".into(), "192.0.2.1".into()),
            ]),
            ..Scenario::default()
        };
        assert_eq!(simulate(&l, &pools, &s).default.to, pool_to("b"));
    }

    #[test]
    fn geo_precedence_and_fallthrough_to_the_fallback() {
        let l = lb(json!({"steering_policy": "geo",
            "region_pools": {"WNAM": ["b", "c"], "ENAM": ["c"]},
            "country_pools": {"US": ["c", "a"]},
            "pop_pools": {"LAX": ["b"]}}));
        let o = simulate(&l, &up(), &Scenario::default());
        let keys: Vec<&str> = o.regions.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["pop LAX", "country US", "region ENAM", "region WNAM"]
        );
        let to: Vec<&Destination> = o.regions.iter().map(|(_, r)| &r.to).collect();
        assert_eq!(
            to,
            [&pool_to("b"), &pool_to("c"), &pool_to("c"), &pool_to("b")]
        );
        assert_eq!(o.default.to, pool_to("a"));
        assert!(o
            .note
            .as_deref()
            .unwrap()
            .contains("areas not listed use default_pools"));
        // Every pool of a region down: the fallback, even though the
        // default pools are up (Cloudflare's geo "Failover behavior").
        let o = simulate(&l, &up(), &down(&["c"]));
        let enam = &o.regions[2].1;
        assert_eq!(enam.to, Destination::Fallback("fb".into()));
        assert_eq!(o.regions[3].1.to, pool_to("b"), "WNAM still has b");
        assert_eq!(
            o.regions[1].1.to,
            pool_to("a"),
            "US fails over within its list"
        );
        // "" with geo maps is geo.
        let mut empty = l.clone();
        empty.steering_policy = Some(String::new());
        assert_eq!(
            simulate(&empty, &up(), &Scenario::default()).regions.len(),
            4
        );
        // Geo maps under off steering are not routes.
        let mut off = l;
        off.steering_policy = Some("off".into());
        assert!(simulate(&off, &up(), &Scenario::default())
            .regions
            .is_empty());
    }

    #[test]
    fn random_shares_by_weight() {
        let l = lb(
            json!({"steering_policy": "random", "default_pools": ["a", "b", "c"],
            "random_steering": {"default_weight": 0.5, "pool_weights": {"a": 0.3, "b": 0.2}}}),
        );
        let o = simulate(&l, &up(), &Scenario::default());
        assert_eq!(o.default.among, ["a", "b", "c"]);
        let shares = o.shares.unwrap();
        let expect = [("a", 0.3), ("b", 0.2), ("c", 0.5)];
        for ((id, share), (eid, e)) in shares.iter().zip(expect) {
            assert_eq!(id, eid);
            assert!((share - e).abs() < 1e-9, "{id}: {share}");
        }
        let o = simulate(&l, &up(), &down(&["c"]));
        let shares = o.shares.unwrap();
        assert!((shares[0].1 - 0.6).abs() < 1e-9 && (shares[1].1 - 0.4).abs() < 1e-9);
        // Weight 0 gets nothing; no weights at all means equal shares.
        let l = lb(json!({"steering_policy": "random",
            "random_steering": {"pool_weights": {"a": 0.0}}}));
        let o = simulate(&l, &up(), &Scenario::default());
        assert_eq!(o.default.skipped, [("a".into(), SkipReason::ZeroWeight)]);
        assert_eq!(o.shares.unwrap(), [("b".to_string(), 1.0)]);
        let l = lb(json!({"steering_policy": "random"}));
        let shares = simulate(&l, &up(), &Scenario::default()).shares.unwrap();
        assert_eq!(shares, [("a".to_string(), 0.5), ("b".to_string(), 0.5)]);
        // All down: the fallback, and no shares.
        let o = simulate(&l, &up(), &down(&["a", "b"]));
        assert_eq!(o.default.to, Destination::Fallback("fb".into()));
        assert_eq!(o.shares, Some(vec![]));
    }

    #[test]
    fn live_measure_policies_pick_among_the_healthy() {
        for (policy, words) in [
            ("dynamic_latency", "by latency"),
            ("proximity", "by proximity"),
            ("least_outstanding_requests", "outstanding requests"),
            ("least_connections", "open connections"),
        ] {
            let l = lb(json!({"steering_policy": policy, "default_pools": ["a", "b", "c"]}));
            let o = simulate(&l, &up(), &down(&["b"]));
            assert_eq!(o.default.among, ["a", "c"], "{policy}");
            assert_eq!(o.default.to, pool_to("a"));
            assert!(o.shares.is_none() && o.regions.is_empty());
            let note = o.note.unwrap();
            assert!(
                note.starts_with("among the healthy pools a-web, c-web, "),
                "{note}"
            );
            assert!(note.contains(words), "{note}");
            let o = simulate(&l, &up(), &down(&["a", "b", "c"]));
            assert_eq!(o.default.to, Destination::Fallback("fb".into()));
            assert_eq!(o.note, None);
        }
        // Proximity names pools without coordinates.
        let l = lb(json!({"steering_policy": "proximity"}));
        let mut pools = up();
        (pools[0].latitude, pools[0].longitude) = (Some(37.8), Some(-122.4));
        let note = simulate(&l, &pools, &Scenario::default()).note.unwrap();
        assert!(note.ends_with("; without coordinates: b-web"), "{note}");
        // Weighted live measures leave weight 0 out.
        let l = lb(json!({"steering_policy": "least_connections",
            "random_steering": {"pool_weights": {"b": 0.0}}}));
        assert_eq!(
            simulate(&l, &up(), &Scenario::default()).default.among,
            ["a"]
        );
    }

    #[test]
    fn unknown_policy_rules_and_pool_sets_are_noted() {
        let l = lb(json!({"steering_policy": "quantum",
            "rules": [{"overrides": {"default_pools": ["c"]}}, {"overrides": {}, "disabled": true},
                      {"name": "no overrides"}],
            "pool_sets": [{"overrides": {"pools": ["c"]}}]}));
        let o = simulate(&l, &up(), &Scenario::default());
        assert_eq!(o.default.to, pool_to("a"));
        assert_eq!(
            o.note.as_deref(),
            Some("steering policy \"quantum\" is unknown to this version; shown as failover order; 1 pool set can override this for the requests they match (evaluated before rules); 1 rule can override this")
        );
    }
}
