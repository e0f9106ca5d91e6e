//! Sentences for the simulator's results, used verbatim in confirmations:
//! "www.example.com moves to pool us-web", "www.example.com falls back to
//! pool api", "www.example.com reaches nothing: every pool, including the
//! fallback, is down".

use super::{simulate, Destination, Outcome, Route, Scenario};
use crate::load_balancer::LoadBalancer;
use crate::pool::Pool;
use crate::traffic_steering::TrafficSteering;

/// One sentence per route: the default route first, then each geo area
/// (`www.example.com in region WNAM falls back to pool api`). Pool IDs are
/// shown through `pool_names`.
pub fn describe(
    outcome: &Outcome,
    lb: &LoadBalancer,
    pool_names: impl Fn(&str) -> String,
) -> Vec<String> {
    let steering = lb.traffic_steering();
    let mut out = vec![sentence(
        &lb.name,
        &outcome.default,
        outcome.shares.as_deref(),
        &steering,
        &pool_names,
        false,
    )];
    for (area, route) in &outcome.regions {
        let subject = format!("{} in {area}", lb.name);
        out.push(sentence(
            &subject,
            route,
            None,
            &steering,
            &pool_names,
            false,
        ));
    }
    out
}

/// What taking `pool_id` down (disabling it, or it failing) would change,
/// e.g. "www.example.com moves to pool b-web", or `None` when no route
/// changes. Several changes are joined with "; ".
pub fn moves(lb: &LoadBalancer, pools: &[Pool], pool_id: &str) -> Option<String> {
    moves_under(lb, pools, &Scenario::pool_down(pool_id))
}

/// What `scenario` (say, one endpoint taken out for maintenance) would
/// change for `lb` compared with now, in the words of [`moves`].
pub fn moves_under(lb: &LoadBalancer, pools: &[Pool], scenario: &Scenario) -> Option<String> {
    let now = simulate(lb, pools, &Scenario::default());
    let then = simulate(lb, pools, scenario);
    let names = |id: &str| {
        pools
            .iter()
            .find(|p| p.id.as_deref() == Some(id) && !p.name.is_empty())
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    };
    let steering = lb.traffic_steering();
    let same = |a: &Route, b: &Route| a.to == b.to && a.among == b.among;
    let mut changes = Vec::new();
    if !same(&now.default, &then.default) {
        changes.push(sentence(
            &lb.name,
            &then.default,
            then.shares.as_deref(),
            &steering,
            &names,
            true,
        ));
    }
    for ((area, before), (_, after)) in now.regions.iter().zip(&then.regions) {
        if !same(before, after) {
            let subject = format!("{} in {area}", lb.name);
            changes.push(sentence(&subject, after, None, &steering, &names, true));
        }
    }
    (!changes.is_empty()).then(|| changes.join("; "))
}

fn list(ids: &[String], names: &impl Fn(&str) -> String) -> String {
    let names: Vec<String> = ids.iter().map(|id| names(id)).collect();
    list_of(&names)
}

fn sentence(
    subject: &str,
    route: &Route,
    shares: Option<&[(String, f64)]>,
    steering: &TrafficSteering,
    names: &impl Fn(&str) -> String,
    moving: bool,
) -> String {
    let now = if moving { "now " } else { "" };
    let mut s = match (&route.to, route.among.as_slice()) {
        (Destination::Nothing, _) => {
            format!("{subject} reaches nothing: every pool, including the fallback, is down")
        }
        (Destination::Fallback(id), _) => {
            let mut s = format!("{subject} falls back to pool {}", names(id));
            if route.fallback_unhealthy {
                s.push_str(
                    ", which is unhealthy too (Cloudflare uses the fallback pool regardless)",
                );
            }
            s
        }
        (Destination::Pool(id), [_]) | (Destination::Pool(id), []) => {
            let verb = if moving {
                "moves to"
            } else {
                "sends traffic to"
            };
            format!("{subject} {verb} pool {}", names(id))
        }
        (Destination::Pool(_), among) => match shares {
            Some(shares) => {
                let parts: Vec<String> = shares
                    .iter()
                    .map(|(id, share)| format!("{} ({:.0}%)", names(id), share * 100.0))
                    .collect();
                format!(
                    "{subject} {now}splits traffic between pools {}",
                    list_of(&parts)
                )
            }
            None => {
                let by = match steering {
                    TrafficSteering::DynamicLatency => "by latency",
                    TrafficSteering::Proximity => "by proximity",
                    TrafficSteering::LeastOutstandingRequests => "by outstanding requests",
                    TrafficSteering::LeastConnections => "by open connections",
                    _ => "",
                };
                let s = format!(
                    "{subject} {now}picks among pools {} {by}",
                    list(among, names)
                );
                s.trim_end().to_owned()
            }
        },
    };
    if route.assumed {
        s.push_str(" (assuming healthy: no health data)");
    }
    s
}

fn list_of(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{lb, pool, up};
    use super::*;
    use serde_json::json;

    fn name(id: &str) -> String {
        format!("{id}-web")
    }

    fn down(ids: &[&str]) -> Scenario {
        Scenario {
            down_pools: ids.iter().map(|s| s.to_string()).collect(),
            ..Scenario::default()
        }
    }

    #[test]
    fn sentences_for_each_destination() {
        let l = lb(json!({}));
        let say = |s: &Scenario| describe(&simulate(&l, &up(), s), &l, name);
        assert_eq!(
            say(&Scenario::default()),
            ["www.example.com sends traffic to pool a-web"]
        );
        assert_eq!(
            say(&down(&["a", "b"])),
            ["www.example.com falls back to pool fb-web"]
        );
        assert_eq!(
            say(&down(&["a", "b", "fb"])),
            ["www.example.com reaches nothing: every pool, including the fallback, is down"]
        );
        let mut pools = up();
        pools[0] = pool("a", &[None]);
        assert_eq!(
            describe(&simulate(&l, &pools, &Scenario::default()), &l, name),
            ["www.example.com sends traffic to pool a-web (assuming healthy: no health data)"]
        );
        pools[3] = Pool {
            minimum_origins: 2,
            ..pool("fb", &[Some(true), Some(false)])
        };
        assert_eq!(
            describe(&simulate(&l, &pools, &down(&["a", "b"])), &l, name),
            ["www.example.com falls back to pool fb-web, which is unhealthy too (Cloudflare uses the fallback pool regardless)"]
        );
    }

    #[test]
    fn sentences_for_shares_live_measures_and_geo() {
        let l = lb(
            json!({"steering_policy": "random", "default_pools": ["a", "b", "c"],
            "random_steering": {"pool_weights": {"a": 0.5, "b": 0.25, "c": 0.25}}}),
        );
        assert_eq!(
            describe(&simulate(&l, &up(), &Scenario::default()), &l, name),
            ["www.example.com splits traffic between pools a-web (50%), b-web (25%) and c-web (25%)"]
        );
        let l = lb(json!({"steering_policy": "dynamic_latency"}));
        assert_eq!(
            describe(&simulate(&l, &up(), &Scenario::default()), &l, name),
            ["www.example.com picks among pools a-web and b-web by latency"]
        );
        let l = lb(json!({"steering_policy": "geo", "region_pools": {"WNAM": ["c"]}}));
        assert_eq!(
            describe(&simulate(&l, &up(), &down(&["c"])), &l, name),
            [
                "www.example.com sends traffic to pool a-web",
                "www.example.com in region WNAM falls back to pool fb-web"
            ]
        );
    }

    #[test]
    fn moves_says_what_changes() {
        let l = lb(json!({}));
        assert_eq!(
            moves(&l, &up(), "a").as_deref(),
            Some("www.example.com moves to pool b-web")
        );
        assert_eq!(moves(&l, &up(), "b"), None, "b takes no traffic now");
        assert_eq!(moves(&l, &up(), "unrelated"), None);
        let single = lb(json!({"default_pools": ["a"]}));
        assert_eq!(
            moves(&single, &up(), "a").as_deref(),
            Some("www.example.com falls back to pool fb-web")
        );
        let only = lb(json!({"default_pools": ["a"], "fallback_pool": "a"}));
        assert_eq!(
            moves(&only, &up(), "a").as_deref(),
            Some("www.example.com reaches nothing: every pool, including the fallback, is down")
        );
        let random = lb(json!({"steering_policy": "random", "default_pools": ["a", "b", "c"]}));
        assert_eq!(
            moves(&random, &up(), "c").as_deref(),
            Some("www.example.com now splits traffic between pools a-web (50%) and b-web (50%)")
        );
        let geo = lb(json!({"steering_policy": "geo", "region_pools": {"WNAM": ["c", "b"]}}));
        assert_eq!(
            moves(&geo, &up(), "c").as_deref(),
            Some("www.example.com in region WNAM moves to pool b-web")
        );
        assert_eq!(
            moves(&geo, &up(), "a").as_deref(),
            Some("www.example.com moves to pool b-web")
        );
    }

    #[test]
    fn moves_under_an_endpoint_taken_out() {
        let l = lb(json!({}));
        let mut pools = up();
        pools[0] = Pool {
            minimum_origins: 2,
            ..pool("a", &[Some(true), Some(true)])
        };
        let out = |addr: &str| Scenario {
            down_endpoints: [("a".to_owned(), addr.to_owned())].into(),
            ..Scenario::default()
        };
        assert_eq!(
            moves_under(&l, &pools, &out("192.0.2.1")).as_deref(),
            Some("www.example.com moves to pool b-web"),
            "one of two endpoints out puts pool a below its Health Threshold of 2"
        );
        pools[0].minimum_origins = 1;
        assert_eq!(
            moves_under(&l, &pools, &out("192.0.2.1")),
            None,
            "the other endpoint keeps pool a healthy"
        );
    }
}
