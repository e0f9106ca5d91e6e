//! Load balancers, modelled only as far as they refer to pools (Cloudflare's
//! load balancer object). Everything else is kept verbatim in `extra`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::extra::Extra;

/// A zone's load balancer. `name` is its DNS hostname.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    #[serde(default)]
    pub name: String,
    /// Pool IDs in failover order.
    #[serde(default)]
    pub default_pools: Vec<String>,
    /// Used when every other pool is unhealthy.
    #[serde(default)]
    pub fallback_pool: String,
    /// `off`, `geo`, `random`, `dynamic_latency`, `proximity`,
    /// `least_outstanding_requests`, `least_connections` or `""`, verbatim.
    /// Absent stays absent; [`LoadBalancer::traffic_steering`] reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steering_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_pools: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_pools: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pop_pools: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_steering: Option<RandomSteering>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<LoadBalancerRule>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_sets: Option<Vec<PoolSet>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RandomSteering {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_weights: Option<BTreeMap<String, f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_weight: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancerRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<RuleOverrides>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_pools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_pool: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_pools: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_pools: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pop_pools: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_steering: Option<RandomSteering>,
    /// 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pools: Option<Vec<String>>,
    /// 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_weights: Option<BTreeMap<String, f64>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A pool set (2026): its overrides may name pools too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoolSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<PoolSetOverrides>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoolSetOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_pool: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_weights: Option<BTreeMap<String, f64>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where a load balancer uses a pool. Any of these blocks deleting the pool,
/// including geo maps left behind after steering moved away from `geo`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PoolRole {
    Default,
    Fallback,
    Region(String),
    Country(String),
    Pop(String),
    RandomSteeringWeight,
    /// In a rule's overrides; the rule's name, or its position.
    Rule(String),
    /// In a pool set's overrides; the set's name, or its position.
    PoolSet(String),
}

impl fmt::Display for PoolRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolRole::Default => f.write_str("default pool"),
            PoolRole::Fallback => f.write_str("fallback pool"),
            PoolRole::Region(code) => write!(f, "region pool ({code})"),
            PoolRole::Country(code) => write!(f, "country pool ({code})"),
            PoolRole::Pop(code) => write!(f, "PoP pool ({code})"),
            PoolRole::RandomSteeringWeight => f.write_str("random steering weight"),
            PoolRole::Rule(name) => write!(f, "rule override ({name})"),
            PoolRole::PoolSet(name) => write!(f, "pool set ({name})"),
        }
    }
}

fn in_map(map: &Option<BTreeMap<String, Vec<String>>>, pool_id: &str) -> Vec<String> {
    map.iter()
        .flatten()
        .filter(|(_, ids)| ids.iter().any(|id| id == pool_id))
        .map(|(key, _)| key.clone())
        .collect()
}

fn in_weights(map: &Option<BTreeMap<String, f64>>, pool_id: &str) -> bool {
    map.as_ref().is_some_and(|m| m.contains_key(pool_id))
}

impl LoadBalancer {
    /// Every way this load balancer uses `pool_id`, in a stable order.
    pub fn pool_roles(&self, pool_id: &str) -> Vec<PoolRole> {
        let mut roles = Vec::new();
        if self.default_pools.iter().any(|id| id == pool_id) {
            roles.push(PoolRole::Default);
        }
        if self.fallback_pool == pool_id {
            roles.push(PoolRole::Fallback);
        }
        roles.extend(
            in_map(&self.region_pools, pool_id)
                .into_iter()
                .map(PoolRole::Region),
        );
        roles.extend(
            in_map(&self.country_pools, pool_id)
                .into_iter()
                .map(PoolRole::Country),
        );
        roles.extend(
            in_map(&self.pop_pools, pool_id)
                .into_iter()
                .map(PoolRole::Pop),
        );
        if let Some(rs) = &self.random_steering {
            if in_weights(&rs.pool_weights, pool_id) {
                roles.push(PoolRole::RandomSteeringWeight);
            }
        }
        for (i, rule) in self.rules.iter().flatten().enumerate() {
            let Some(o) = &rule.overrides else { continue };
            let uses = o.default_pools.iter().flatten().any(|id| id == pool_id)
                || o.fallback_pool.as_deref() == Some(pool_id)
                || !in_map(&o.region_pools, pool_id).is_empty()
                || !in_map(&o.country_pools, pool_id).is_empty()
                || !in_map(&o.pop_pools, pool_id).is_empty()
                || o.random_steering
                    .as_ref()
                    .is_some_and(|rs| in_weights(&rs.pool_weights, pool_id))
                || o.pools.iter().flatten().any(|id| id == pool_id)
                || in_weights(&o.pool_weights, pool_id);
            if uses {
                let name = rule.name.clone().unwrap_or_else(|| format!("#{}", i + 1));
                roles.push(PoolRole::Rule(name));
            }
        }
        for (i, set) in self.pool_sets.iter().flatten().enumerate() {
            let Some(o) = &set.overrides else { continue };
            let uses = o.pools.iter().flatten().any(|id| id == pool_id)
                || o.fallback_pool.as_deref() == Some(pool_id)
                || in_weights(&o.pool_weights, pool_id);
            if uses {
                let name = set.name.clone().unwrap_or_else(|| format!("#{}", i + 1));
                roles.push(PoolRole::PoolSet(name));
            }
        }
        roles
    }

    /// Every pool ID this load balancer names, with the path it is named
    /// at (`default_pools[0]`, `region_pools.WNAM[1]`, `rules[2].overrides.fallback_pool`).
    pub fn pool_references(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let list = |out: &mut Vec<(String, String)>, path: &str, ids: &[String]| {
            for (i, id) in ids.iter().enumerate() {
                out.push((format!("{path}[{i}]"), id.clone()));
            }
        };
        let map = |out: &mut Vec<(String, String)>,
                   path: &str,
                   m: &Option<BTreeMap<String, Vec<String>>>| {
            for (key, ids) in m.iter().flatten() {
                list(out, &format!("{path}.{key}"), ids);
            }
        };
        let weights =
            |out: &mut Vec<(String, String)>, path: &str, m: &Option<BTreeMap<String, f64>>| {
                for id in m.iter().flat_map(|m| m.keys()) {
                    out.push((format!("{path}.{id}"), id.clone()));
                }
            };
        list(&mut out, "default_pools", &self.default_pools);
        if !self.fallback_pool.is_empty() {
            out.push(("fallback_pool".into(), self.fallback_pool.clone()));
        }
        map(&mut out, "region_pools", &self.region_pools);
        map(&mut out, "country_pools", &self.country_pools);
        map(&mut out, "pop_pools", &self.pop_pools);
        if let Some(rs) = &self.random_steering {
            weights(&mut out, "random_steering.pool_weights", &rs.pool_weights);
        }
        for (i, rule) in self.rules.iter().flatten().enumerate() {
            let Some(o) = &rule.overrides else { continue };
            let at = format!("rules[{i}].overrides");
            list(
                &mut out,
                &format!("{at}.default_pools"),
                o.default_pools.as_deref().unwrap_or(&[]),
            );
            if let Some(id) = &o.fallback_pool {
                out.push((format!("{at}.fallback_pool"), id.clone()));
            }
            map(&mut out, &format!("{at}.region_pools"), &o.region_pools);
            map(&mut out, &format!("{at}.country_pools"), &o.country_pools);
            map(&mut out, &format!("{at}.pop_pools"), &o.pop_pools);
            if let Some(rs) = &o.random_steering {
                weights(
                    &mut out,
                    &format!("{at}.random_steering.pool_weights"),
                    &rs.pool_weights,
                );
            }
            list(
                &mut out,
                &format!("{at}.pools"),
                o.pools.as_deref().unwrap_or(&[]),
            );
            weights(&mut out, &format!("{at}.pool_weights"), &o.pool_weights);
        }
        for (i, set) in self.pool_sets.iter().flatten().enumerate() {
            let Some(o) = &set.overrides else { continue };
            let at = format!("pool_sets[{i}].overrides");
            list(
                &mut out,
                &format!("{at}.pools"),
                o.pools.as_deref().unwrap_or(&[]),
            );
            if let Some(id) = &o.fallback_pool {
                out.push((format!("{at}.fallback_pool"), id.clone()));
            }
            weights(&mut out, &format!("{at}.pool_weights"), &o.pool_weights);
        }
        out
    }

    /// True when this load balancer uses `pool_id` anywhere.
    pub fn uses_pool(&self, pool_id: &str) -> bool {
        !self.pool_roles(pool_id).is_empty()
    }
}
