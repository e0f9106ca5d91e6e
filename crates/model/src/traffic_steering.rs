//! Which traffic steering policy a load balancer (or one of its rules or
//! pool sets) is really using, and which pool-naming members that policy
//! reads. Both the detach plan (is a reference *hidden*?) and the failover
//! simulator (where does traffic go?) decide with this, so they agree.
//!
//! Cloudflare's `steering_policy` (API reference, "Steering Policy for this
//! load balancer"):
//! - `off`: `default_pools` in failover order;
//! - `geo`: `pop_pools`, then `country_pools`, then `region_pools`, then
//!   `default_pools`;
//! - `random`: a random pool, weighted by `random_steering`;
//! - `dynamic_latency`: the pool of `default_pools` with the lowest RTT;
//! - `proximity`: the closest pool by the pools' latitude and longitude;
//! - `least_outstanding_requests` / `least_connections`: `random_steering`
//!   weights scaled by each pool's pending requests / open connections;
//! - `""` (the default, and what absent means): **`geo` if any of
//!   `region_pools` / `country_pools` / `pop_pools` is set, otherwise `off`**.
//!
//! Pool sets (`overrides.steering_policy`) default to failover order when
//! the member is omitted (developers.cloudflare.com, "Pool sets").

use serde_json::Value;

use crate::extra::Extra;
use crate::load_balancer::LoadBalancer;
use crate::string_enum::string_enum;

string_enum! {
    /// A load balancer's traffic steering policy, as in effect.
    pub enum TrafficSteering {
        Off = "off" => "off",
        Geo = "geo" => "geo",
        Random = "random" => "random",
        DynamicLatency = "dynamic_latency" => "dynamic latency",
        Proximity = "proximity" => "proximity",
        LeastOutstandingRequests = "least_outstanding_requests" => "least outstanding requests",
        LeastConnections = "least_connections" => "least connections",
    }
}

impl TrafficSteering {
    /// Reads a wire value. `""` and absent resolve to `geo` when
    /// `has_geo_maps`, else `off`, as the API documents.
    pub fn resolve(wire: Option<&str>, has_geo_maps: bool) -> TrafficSteering {
        match wire {
            None | Some("") if has_geo_maps => TrafficSteering::Geo,
            None | Some("") => TrafficSteering::Off,
            Some(s) => TrafficSteering::from(s),
        }
    }

    /// False only when this policy is known not to read the geo maps
    /// (`region_pools`, `country_pools`, `pop_pools`). An unknown policy
    /// might, so its references are never called hidden.
    pub fn reads_geo_maps(&self) -> bool {
        matches!(self, TrafficSteering::Geo | TrafficSteering::Other(_))
    }

    /// False only when this policy is known not to read pool weights
    /// (`random_steering.pool_weights`, a pool set's `pool_weights`).
    /// Least outstanding requests and least connections scale them.
    pub fn reads_pool_weights(&self) -> bool {
        matches!(
            self,
            TrafficSteering::Random
                | TrafficSteering::LeastOutstandingRequests
                | TrafficSteering::LeastConnections
                | TrafficSteering::Other(_)
        )
    }
}

/// `steering_policy` from an object's unknown members (rule and pool-set
/// overrides keep it there).
pub(crate) fn extra_steering(extra: &Extra) -> Option<&str> {
    extra.get("steering_policy").and_then(Value::as_str)
}

/// `disabled: true` in an object's unknown members (rules, pool sets).
pub(crate) fn extra_disabled(extra: &Extra) -> bool {
    extra.get("disabled").and_then(Value::as_bool) == Some(true)
}

impl LoadBalancer {
    /// True when any of `region_pools`, `country_pools`, `pop_pools` has a key.
    pub fn has_geo_maps(&self) -> bool {
        [&self.region_pools, &self.country_pools, &self.pop_pools]
            .into_iter()
            .any(|m| m.as_ref().is_some_and(|m| !m.is_empty()))
    }

    /// The steering policy in effect, with `""` and absent resolved.
    pub fn traffic_steering(&self) -> TrafficSteering {
        TrafficSteering::resolve(self.steering_policy.as_deref(), self.has_geo_maps())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn empty_and_absent_mean_geo_only_with_geo_maps() {
        let mut lb = LoadBalancer::default();
        assert_eq!(lb.traffic_steering(), TrafficSteering::Off);
        lb.steering_policy = Some(String::new());
        assert_eq!(lb.traffic_steering(), TrafficSteering::Off);
        lb.region_pools = Some(BTreeMap::new());
        assert_eq!(
            lb.traffic_steering(),
            TrafficSteering::Off,
            "{{}} is no map"
        );
        lb.region_pools = Some(BTreeMap::from([("WNAM".into(), vec!["p".into()])]));
        assert_eq!(lb.traffic_steering(), TrafficSteering::Geo);
        lb.steering_policy = None;
        assert_eq!(lb.traffic_steering(), TrafficSteering::Geo);
        lb.steering_policy = Some("off".into());
        assert_eq!(lb.traffic_steering(), TrafficSteering::Off);
        lb.steering_policy = Some("future".into());
        assert_eq!(
            lb.traffic_steering(),
            TrafficSteering::Other("future".into())
        );
    }

    #[test]
    fn what_each_policy_reads() {
        use TrafficSteering::*;
        for p in TrafficSteering::KNOWN {
            assert_eq!(p.reads_geo_maps(), *p == Geo, "{p}");
            assert_eq!(
                p.reads_pool_weights(),
                matches!(p, Random | LeastOutstandingRequests | LeastConnections),
                "{p}"
            );
        }
        let unknown = Other("x".into());
        assert!(unknown.reads_geo_maps() && unknown.reads_pool_weights());
    }
}
