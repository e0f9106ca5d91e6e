//! What the load balancers page shows of one load balancer, as plain data:
//! its pools grouped by the role they play, in the order traffic meets
//! them, and whether search matches it. Pure, so it is tested off the
//! browser.

use std::collections::HashMap;

use pooldeck_model::LoadBalancer;

use crate::api::ZonedLoadBalancer;

/// One role's pools, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolGroup {
    /// "Default pools", "Fallback pool", "Region WNAM", "Rule block-eu".
    pub label: String,
    /// Pool IDs, in the order the load balancer tries them.
    pub pools: Vec<String>,
    /// The steering policy in effect does not read this group, so it sends
    /// no traffic (though it still blocks deleting the pool).
    pub hidden: bool,
}

fn map_groups(
    out: &mut Vec<PoolGroup>,
    prefix: &str,
    map: &Option<std::collections::BTreeMap<String, Vec<String>>>,
    hidden: bool,
) {
    for (key, pools) in map.iter().flatten() {
        out.push(PoolGroup {
            label: format!("{prefix} {key}"),
            pools: pools.clone(),
            hidden,
        });
    }
}

/// The load balancer's pools by role. Geo steering consults PoP pools,
/// then country pools, then region pools, then the default pools, so the
/// maps are listed in that order, before the defaults; the fallback comes
/// last, as it does for traffic.
pub fn pool_groups(lb: &LoadBalancer) -> Vec<PoolGroup> {
    let steering = lb.traffic_steering();
    let geo_hidden = !steering.reads_geo_maps();
    let mut out = Vec::new();
    map_groups(&mut out, "PoP", &lb.pop_pools, geo_hidden);
    map_groups(&mut out, "Country", &lb.country_pools, geo_hidden);
    map_groups(&mut out, "Region", &lb.region_pools, geo_hidden);
    out.push(PoolGroup {
        label: "Default pools".into(),
        pools: lb.default_pools.clone(),
        hidden: false,
    });
    if let Some(weights) = lb
        .random_steering
        .as_ref()
        .and_then(|r| r.pool_weights.as_ref())
        .filter(|w| !w.is_empty())
    {
        out.push(PoolGroup {
            label: "Random steering weights".into(),
            pools: weights.keys().cloned().collect(),
            hidden: !steering.reads_pool_weights(),
        });
    }
    for (i, rule) in lb.rules.iter().flatten().enumerate() {
        let pools: Vec<String> = lb
            .pool_references()
            .into_iter()
            .filter(|(path, _)| path.starts_with(&format!("rules[{i}].")))
            .map(|(_, id)| id)
            .fold(Vec::new(), |mut acc, id| {
                if !acc.contains(&id) {
                    acc.push(id);
                }
                acc
            });
        if !pools.is_empty() {
            let name = rule.name.clone().unwrap_or_else(|| format!("#{}", i + 1));
            out.push(PoolGroup {
                label: format!("Rule {name}"),
                pools,
                hidden: false,
            });
        }
    }
    if !lb.fallback_pool.is_empty() {
        out.push(PoolGroup {
            label: "Fallback pool".into(),
            pools: vec![lb.fallback_pool.clone()],
            hidden: false,
        });
    }
    out
}

/// "proxied, TTL auto" / "DNS only, TTL 30 s".
pub fn proxy_summary(lb: &LoadBalancer) -> String {
    let proxied = lb
        .extra
        .get("proxied")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let ttl = lb.extra.get("ttl").and_then(serde_json::Value::as_u64);
    match (proxied, ttl) {
        // Cloudflare ignores the TTL of a proxied record.
        (true, _) => "Proxied".into(),
        (false, Some(t)) if t > 1 => format!("DNS only, TTL {t} s"),
        (false, _) => "DNS only, TTL auto".into(),
    }
}

/// True when every word of `query` is found in the hostname, the zone or
/// the name of a pool the load balancer uses (any case).
pub fn matches(row: &ZonedLoadBalancer, pool_names: &HashMap<String, String>, query: &str) -> bool {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return true;
    }
    let mut haystack = format!("{} {}", row.lb.name, row.zone.name);
    for (_, id) in row.lb.pool_references() {
        haystack.push(' ');
        haystack.push_str(pool_names.get(&id).map_or(id.as_str(), String::as_str));
    }
    let haystack = haystack.to_lowercase();
    words.iter().all(|w| haystack.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::Zone;
    use serde_json::json;

    fn lb(value: serde_json::Value) -> LoadBalancer {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn groups_follow_the_order_traffic_meets_them() {
        let lb = lb(json!({
            "name": "www.example.com", "steering_policy": "geo",
            "default_pools": ["eu", "us"], "fallback_pool": "api",
            "region_pools": {"WNAM": ["us"]}, "country_pools": {"DE": ["eu"]},
            "rules": [{"name": "beta", "overrides": {"default_pools": ["api", "eu"], "fallback_pool": "api"}}]
        }));
        let labels: Vec<(String, Vec<String>, bool)> = pool_groups(&lb)
            .into_iter()
            .map(|g| (g.label, g.pools, g.hidden))
            .collect();
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            labels,
            vec![
                ("Country DE".into(), v(&["eu"]), false),
                ("Region WNAM".into(), v(&["us"]), false),
                ("Default pools".into(), v(&["eu", "us"]), false),
                ("Rule beta".into(), v(&["api", "eu"]), false),
                ("Fallback pool".into(), v(&["api"]), false),
            ]
        );
    }

    #[test]
    fn geo_maps_left_behind_by_another_policy_are_hidden() {
        let lb = lb(json!({
            "name": "www.example.com", "steering_policy": "off",
            "default_pools": ["eu"], "fallback_pool": "eu",
            "region_pools": {"WNAM": ["us"]},
            "random_steering": {"pool_weights": {"eu": 0.5}}
        }));
        let groups = pool_groups(&lb);
        let hidden: Vec<&str> = groups
            .iter()
            .filter(|g| g.hidden)
            .map(|g| g.label.as_str())
            .collect();
        assert_eq!(hidden, ["Region WNAM", "Random steering weights"]);
    }

    #[test]
    fn proxied_and_ttl_read_as_cloudflare_shows_them() {
        assert_eq!(
            proxy_summary(&lb(json!({"proxied": true, "ttl": 30}))),
            "Proxied"
        );
        assert_eq!(
            proxy_summary(&lb(json!({"proxied": false, "ttl": 30}))),
            "DNS only, TTL 30 s"
        );
        assert_eq!(proxy_summary(&lb(json!({"ttl": 1}))), "DNS only, TTL auto");
    }

    #[test]
    fn search_matches_hostname_zone_and_pool_names() {
        let row = ZonedLoadBalancer {
            zone: Zone {
                id: "z".into(),
                name: "example.com".into(),
                ..Zone::default()
            },
            lb: lb(
                json!({"name": "www.example.com", "default_pools": ["p1"], "fallback_pool": "p2"}),
            ),
        };
        let names = HashMap::from([
            ("p1".to_owned(), "eu-web".to_owned()),
            ("p2".to_owned(), "api".to_owned()),
        ]);
        assert!(matches(&row, &names, ""));
        assert!(matches(&row, &names, "WWW"));
        assert!(matches(&row, &names, "eu-web api"));
        assert!(!matches(&row, &names, "us-web"));
        assert!(!matches(&row, &names, "www nothing"));
    }
}
