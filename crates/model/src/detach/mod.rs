//! The plan for "remove this pool from these load balancers, then delete it".
//!
//! Cloudflare refuses to delete a pool that any load balancer still names
//! (API error 1005), and it counts every place a pool can be named: the
//! failover list, the fallback pool, the geo maps, `random_steering`
//! weights, rule overrides and pool-set overrides. Some of those do not
//! steer any traffic under the load balancer's current `steering_policy`
//! (geo maps survive a change away from `geo`, weights survive a change
//! away from `random`): they are *hidden* references, the ones users cannot
//! find in the dashboard. [`detach`] removes the pool from all of them at
//! once and says, per change, what moved and whether it was hidden, so the
//! confirmation can show a diff the user can trust; [`patch_body`] turns
//! that into the PATCH that sends exactly the keys the diff showed.
//!
//! The plan refuses (a [`DetachProblem`]) rather than produce a load
//! balancer the API would reject or one that still names the pool: no
//! default pool left, a fallback pool without a replacement, a pool set
//! left with nowhere to send traffic.

mod walk;

use std::fmt;

use serde_json::{Map, Value};

use crate::load_balancer::{LoadBalancer, PoolRole};
use crate::wire::WireObject;
use walk::Walk;

/// One member of the load balancer that changes, as a diff line.
#[derive(Clone, Debug, PartialEq)]
pub struct RefEdit {
    /// `default_pools`, `fallback_pool`, `region_pools.WNAM`,
    /// `random_steering.pool_weights`, `rules[0].overrides.default_pools`,
    /// `pool_sets[1].overrides.pools`, …
    pub path: String,
    /// The value before, rendered: `[eu, us]`, `eu`, `{eu: 0.4, us: 0.6}`.
    pub before: String,
    /// The value after, rendered the same way; `None` when the member is
    /// removed (an emptied geo list, an emptied override).
    pub after: Option<String>,
    /// The member sends no traffic under the steering policy in effect (or
    /// its rule or pool set is disabled), yet blocks deleting the pool.
    pub hidden: bool,
    /// What the change means beyond the values ("WNAM now follows
    /// default_pools").
    pub note: Option<String>,
}

impl RefEdit {
    /// `region_pools.WNAM: [eu, us] → [us]`, `… → (removed)`.
    pub fn diff_line(&self) -> String {
        format!(
            "{}: {} → {}",
            self.path,
            self.before,
            self.after.as_deref().unwrap_or("(removed)")
        )
    }
}

impl fmt::Display for RefEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diff_line())
    }
}

/// A load balancer with the pool removed, and every change that took.
#[derive(Clone, Debug, PartialEq)]
pub struct Detached {
    pub after: LoadBalancer,
    pub edits: Vec<RefEdit>,
}

/// A reference that steers no traffic but still blocks deleting the pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenReference {
    pub path: String,
    /// A sentence for the UI, e.g. "region_pools.WNAM still names this
    /// pool, but www.example.com uses off steering, so it sends no traffic;
    /// …".
    pub explanation: String,
}

/// Why no plan is offered for a load balancer.
#[derive(Clone, Debug, PartialEq)]
pub enum DetachProblem {
    /// The pool is the only default pool; the API needs at least one.
    NoDefaultPoolLeft { lb_name: String },
    /// The pool is the fallback pool and no replacement was given.
    NeedsFallbackReplacement {
        lb_name: String,
        /// [`suggested_fallback`].
        suggestion: Option<String>,
    },
    /// The replacement is empty or the pool being removed.
    InvalidReplacement {
        lb_name: String,
        replacement: String,
    },
    /// A pool set names only this pool and has no `fixed_response`; the
    /// API rejects a pool set with neither (`POOL_SET_NO_INTENT`).
    PoolSetLeftEmpty { lb_name: String, path: String },
    /// A safety net: the plan would still name the pool.
    StillReferenced {
        lb_name: String,
        roles: Vec<PoolRole>,
    },
}

impl fmt::Display for DetachProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DetachProblem::NoDefaultPoolLeft { lb_name } => write!(
                f,
                "{lb_name}: this is its only default pool, and a load balancer needs at least one; add another pool first"
            ),
            DetachProblem::NeedsFallbackReplacement { lb_name, suggestion } => {
                write!(f, "{lb_name}: this is its fallback pool; choose another pool of last resort")?;
                match suggestion {
                    Some(s) => write!(f, " (suggested: {s})"),
                    None => Ok(()),
                }
            }
            DetachProblem::InvalidReplacement { lb_name, replacement } if replacement.trim().is_empty() => {
                write!(f, "{lb_name}: the replacement fallback pool is empty")
            }
            DetachProblem::InvalidReplacement { lb_name, .. } => write!(
                f,
                "{lb_name}: the replacement fallback pool must be another pool, not the one being removed"
            ),
            DetachProblem::PoolSetLeftEmpty { lb_name, path } => write!(
                f,
                "{lb_name}: {path} names only this pool, and a pool set needs pools or a fixed response"
            ),
            DetachProblem::StillReferenced { lb_name, roles } => {
                let roles: Vec<String> = roles.iter().map(ToString::to_string).collect();
                write!(f, "{lb_name} would still use this pool as {}", roles.join(", "))
            }
        }
    }
}

impl std::error::Error for DetachProblem {}

/// The replacement to offer when the pool is the fallback: the first
/// default pool that remains.
pub fn suggested_fallback(lb: &LoadBalancer, pool_id: &str) -> Option<String> {
    lb.default_pools.iter().find(|id| *id != pool_id).cloned()
}

/// Removes `pool_id` from every member of `lb` that names it.
///
/// - `default_pools` keeps its order; emptied, it is refused.
/// - `fallback_pool` becomes `fallback_replacement`, which is required.
/// - A geo list (region, country, PoP) left empty loses its key: an empty
///   list is not a valid map value, and without the key the area follows
///   the next level (PoP → country → region → `default_pools`).
/// - The pool's weight goes from every `pool_weights`.
/// - Rule overrides: an emptied `default_pools` or `pools` override is
///   removed (the rule then uses the load balancer's); a `fallback_pool`
///   override becomes the replacement, or is removed when none was given
///   (the rule then uses the load balancer's fallback pool).
/// - Pool-set overrides: the same, except that a pool set left without
///   `pools` and without a `fixed_response` is refused. Without
///   `fallback_pool` a pool set uses the load balancer's (Cloudflare, "Pool
///   sets").
///
/// A `fallback_replacement` that is empty or is `pool_id` is refused even
/// when this load balancer does not need it: it is a mistake either way.
pub fn detach(
    lb: &LoadBalancer,
    pool_id: &str,
    fallback_replacement: Option<&str>,
) -> Result<Detached, DetachProblem> {
    if let Some(r) = fallback_replacement {
        if r.trim().is_empty() || r == pool_id {
            return Err(DetachProblem::InvalidReplacement {
                lb_name: lb.name.clone(),
                replacement: r.to_owned(),
            });
        }
    }
    let walk = Walk::run(lb, pool_id, fallback_replacement);
    if let Some(problem) = walk.problems.into_iter().next() {
        return Err(problem);
    }
    let roles = walk.after.pool_roles(pool_id);
    if !roles.is_empty() {
        return Err(DetachProblem::StillReferenced {
            lb_name: lb.name.clone(),
            roles,
        });
    }
    Ok(Detached {
        after: walk.after,
        edits: walk.edits.into_iter().map(|(e, _)| e).collect(),
    })
}

/// The references to `pool_id` that send no traffic under the policy in
/// effect, in the order of [`LoadBalancer::pool_references`].
pub fn hidden_references(lb: &LoadBalancer, pool_id: &str) -> Vec<HiddenReference> {
    Walk::run(lb, pool_id, None)
        .edits
        .into_iter()
        .filter_map(|(edit, why)| {
            let why = why?;
            Some(HiddenReference {
                explanation: format!(
                    "{} still names this pool, but {why}, so it sends no traffic; Cloudflare still counts it, so the pool cannot be deleted until it is removed",
                    edit.path
                ),
                path: edit.path,
            })
        })
        .collect()
}

/// The top-level members whose written value differs, with their new
/// value: a PATCH replaces top-level members wholesale, so this is the
/// smallest body that makes `before` into `after`, and it carries exactly
/// what [`Detached::edits`] showed. Read-only members are never sent. A
/// member `after` lacks is sent as `null` ([`detach`] never removes one: an
/// emptied geo map stays `{}`, since leaving it out of a PATCH would keep
/// the old map).
pub fn patch_body(before: &LoadBalancer, after: &LoadBalancer) -> Map<String, Value> {
    let old = WireObject::write_body(before);
    let new = WireObject::write_body(after);
    let mut patch = Map::new();
    for (key, value) in &new {
        if old.get(key) != Some(value) {
            patch.insert(key.clone(), value.clone());
        }
    }
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        patch.insert(key.clone(), Value::Null);
    }
    patch
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lb(v: Value) -> LoadBalancer {
        serde_json::from_value(v).unwrap()
    }

    fn base() -> Value {
        json!({"id": "lb1", "name": "www.example.com", "default_pools": ["x", "us", "eu"],
               "fallback_pool": "eu", "proxied": true})
    }

    fn with(extra: Value) -> LoadBalancer {
        let mut v = base();
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        lb(v)
    }

    /// Detaches "x", asserts nothing still names it, returns the plan.
    fn ok(l: &LoadBalancer, replacement: Option<&str>) -> Detached {
        let d = detach(l, "x", replacement).unwrap();
        assert!(
            d.after.pool_roles("x").is_empty(),
            "{:?}",
            d.after.pool_roles("x")
        );
        assert!(d.after.pool_references().iter().all(|(_, id)| id != "x"));
        d
    }

    fn lines(d: &Detached) -> Vec<String> {
        d.edits.iter().map(RefEdit::diff_line).collect()
    }

    #[test]
    fn default_pools_keep_their_order() {
        let l = with(json!({}));
        let d = ok(&l, None);
        assert_eq!(d.after.default_pools, ["us", "eu"]);
        assert_eq!(lines(&d), ["default_pools: [x, us, eu] → [us, eu]"]);
        assert!(!d.edits[0].hidden);
        assert_eq!(
            Value::Object(patch_body(&l, &d.after)),
            json!({"default_pools": ["us", "eu"]})
        );
    }

    #[test]
    fn unreferenced_pool_is_a_no_op() {
        let l = with(json!({}));
        let d = detach(&l, "nope", None).unwrap();
        assert!(d.edits.is_empty());
        assert_eq!(d.after, l);
        assert!(patch_body(&l, &d.after).is_empty());
    }

    #[test]
    fn last_default_pool_is_refused() {
        let l = with(json!({"default_pools": ["x"], "fallback_pool": "eu"}));
        assert_eq!(
            detach(&l, "x", None),
            Err(DetachProblem::NoDefaultPoolLeft {
                lb_name: "www.example.com".into()
            })
        );
    }

    #[test]
    fn fallback_needs_a_valid_replacement() {
        let l = with(json!({"fallback_pool": "x"}));
        assert_eq!(suggested_fallback(&l, "x").as_deref(), Some("us"));
        let err = detach(&l, "x", None).unwrap_err();
        assert_eq!(
            err,
            DetachProblem::NeedsFallbackReplacement {
                lb_name: "www.example.com".into(),
                suggestion: Some("us".into())
            }
        );
        assert!(err.to_string().contains("(suggested: us)"), "{err}");
        for bad in ["x", "", "  "] {
            assert!(matches!(
                detach(&l, "x", Some(bad)),
                Err(DetachProblem::InvalidReplacement { .. })
            ));
        }
        let d = ok(&l, Some("us"));
        assert_eq!(d.after.fallback_pool, "us");
        assert_eq!(
            lines(&d),
            [
                "default_pools: [x, us, eu] → [us, eu]",
                "fallback_pool: x → us"
            ]
        );
        assert_eq!(
            Value::Object(patch_body(&l, &d.after)),
            json!({"default_pools": ["us", "eu"], "fallback_pool": "us"})
        );
    }

    #[test]
    fn suggestion_is_none_when_nothing_remains() {
        let l = with(json!({"default_pools": ["x"], "fallback_pool": "x"}));
        assert_eq!(suggested_fallback(&l, "x"), None);
    }

    #[test]
    fn geo_lists_lose_the_pool_and_emptied_keys_go() {
        let l = with(json!({"steering_policy": "geo",
            "region_pools": {"WNAM": ["x"], "ENAM": ["x", "us"], "WEU": ["eu"]},
            "country_pools": {"US": ["x"]},
            "pop_pools": {"LAX": ["us", "x"]}}));
        let d = ok(&l, None);
        assert_eq!(
            lines(&d),
            [
                "default_pools: [x, us, eu] → [us, eu]",
                "region_pools.ENAM: [x, us] → [us]",
                "region_pools.WNAM: [x] → (removed)",
                "country_pools.US: [x] → (removed)",
                "pop_pools.LAX: [us, x] → [us]",
            ]
        );
        assert!(d.edits.iter().all(|e| !e.hidden), "geo steering reads them");
        assert_eq!(
            d.edits[2].note.as_deref(),
            Some("WNAM now follows default_pools")
        );
        assert_eq!(
            d.edits[3].note.as_deref(),
            Some("US now follows its region's pools, or default_pools")
        );
        let body = Value::Object(patch_body(&l, &d.after));
        assert_eq!(body["region_pools"], json!({"ENAM": ["us"], "WEU": ["eu"]}));
        assert_eq!(body["country_pools"], json!({}), "sent empty, not left out");
        assert_eq!(body["pop_pools"], json!({"LAX": ["us"]}));
    }

    #[test]
    fn random_weights_lose_the_pool() {
        let l = with(json!({"steering_policy": "random",
            "random_steering": {"default_weight": 0.5, "pool_weights": {"x": 0.3, "us": 0.7}}}));
        let d = ok(&l, None);
        assert_eq!(
            lines(&d)[1],
            "random_steering.pool_weights: {us: 0.7, x: 0.3} → {us: 0.7}"
        );
        assert!(!d.edits[1].hidden);
        assert_eq!(
            Value::Object(patch_body(&l, &d.after))["random_steering"],
            json!({"default_weight": 0.5, "pool_weights": {"us": 0.7}})
        );
    }

    #[test]
    fn rule_overrides_every_kind() {
        let l = with(json!({"rules": [
            {"name": "api", "condition": "true", "overrides": {
                "default_pools": ["x"], "fallback_pool": "x",
                "region_pools": {"WNAM": ["x", "eu"]}, "country_pools": {"US": ["x"]},
                "pop_pools": {"LAX": ["x"]},
                "random_steering": {"pool_weights": {"x": 1.0}},
                "session_affinity": "cookie"}},
            {"overrides": {"default_pools": ["x", "us"], "pools": ["x"], "pool_weights": {"x": 0.5, "eu": 0.5}}}
        ]}));
        // Without a replacement, the rule's fallback override goes.
        let d = ok(&l, None);
        assert_eq!(
            lines(&d),
            [
                "default_pools: [x, us, eu] → [us, eu]",
                "rules[0].overrides.default_pools: [x] → (removed)",
                "rules[0].overrides.fallback_pool: x → (removed)",
                "rules[0].overrides.region_pools.WNAM: [x, eu] → [eu]",
                "rules[0].overrides.country_pools.US: [x] → (removed)",
                "rules[0].overrides.pop_pools.LAX: [x] → (removed)",
                "rules[0].overrides.random_steering.pool_weights: {x: 1} → {}",
                "rules[1].overrides.default_pools: [x, us] → [us]",
                "rules[1].overrides.pools: [x] → (removed)",
                "rules[1].overrides.pool_weights: {eu: 0.5, x: 0.5} → {eu: 0.5}",
            ]
        );
        assert_eq!(
            d.edits[1].note.as_deref(),
            Some("rule \"api\" now uses the load balancer's default_pools")
        );
        assert_eq!(
            d.edits[2].note.as_deref(),
            Some("rule \"api\" now uses the load balancer's fallback_pool")
        );
        assert_eq!(
            d.edits[8].note.as_deref(),
            Some("rule #2 no longer overrides pools")
        );
        let rule = &d.after.rules.as_ref().unwrap()[0];
        let o = rule.overrides.as_ref().unwrap();
        assert_eq!((&o.default_pools, &o.fallback_pool), (&None, &None));
        assert_eq!(o.extra["session_affinity"], json!("cookie"));
        assert_eq!(rule.extra["condition"], json!("true"));
        // Off steering: the rule's geo maps and weights are hidden.
        let hidden: Vec<bool> = d.edits.iter().map(|e| e.hidden).collect();
        assert_eq!(
            hidden,
            [false, false, false, true, true, true, true, false, false, true]
        );
        assert_eq!(
            patch_body(&l, &d.after).keys().collect::<Vec<_>>(),
            ["default_pools", "rules"]
        );
        // With a replacement, the rule's fallback override takes it too.
        let d = ok(&l, Some("eu"));
        assert_eq!(lines(&d)[2], "rules[0].overrides.fallback_pool: x → eu");
    }

    #[test]
    fn pool_sets() {
        let l = with(json!({"pool_sets": [
            {"name": "blue", "match": {"default": true},
             "overrides": {"pools": ["x", "us"], "fallback_pool": "x",
                           "pool_weights": {"x": 0.5}, "steering_policy": "random"}},
            {"name": "teapot", "fixed_response": {"status_code": 418},
             "overrides": {"pools": ["x"]}}
        ]}));
        let d = ok(&l, Some("eu"));
        assert_eq!(
            lines(&d),
            [
                "default_pools: [x, us, eu] → [us, eu]",
                "pool_sets[0].overrides.pools: [x, us] → [us]",
                "pool_sets[0].overrides.fallback_pool: x → eu",
                "pool_sets[0].overrides.pool_weights: {x: 0.5} → {}",
                "pool_sets[1].overrides.pools: [x] → (removed)",
            ]
        );
        assert!(
            d.edits.iter().all(|e| !e.hidden),
            "random reads the weights"
        );
        assert_eq!(
            d.edits[4].note.as_deref(),
            Some("pool set \"teapot\" now answers with its fixed response")
        );
        let sets = d.after.pool_sets.as_ref().unwrap();
        assert_eq!(sets[0].extra["match"], json!({"default": true}));
    }

    #[test]
    fn pool_set_left_with_nowhere_to_go_is_refused() {
        let l = with(json!({"pool_sets": [{"name": "only-x", "overrides": {"pools": ["x"]}}]}));
        assert_eq!(
            detach(&l, "x", None),
            Err(DetachProblem::PoolSetLeftEmpty {
                lb_name: "www.example.com".into(),
                path: "pool_sets[0].overrides.pools".into()
            })
        );
    }

    #[test]
    fn hidden_references_under_off() {
        let l = with(json!({"steering_policy": "off",
            "region_pools": {"WNAM": ["x"]}, "country_pools": {"US": ["us", "x"]},
            "random_steering": {"pool_weights": {"x": 0.2}}}));
        let hidden = hidden_references(&l, "x");
        let paths: Vec<&str> = hidden.iter().map(|h| h.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "region_pools.WNAM",
                "country_pools.US",
                "random_steering.pool_weights"
            ]
        );
        assert_eq!(
            hidden[0].explanation,
            "region_pools.WNAM still names this pool, but www.example.com uses off steering, so it sends no traffic; Cloudflare still counts it, so the pool cannot be deleted until it is removed"
        );
        let d = ok(&l, None);
        assert_eq!(
            d.edits.iter().map(|e| e.hidden).collect::<Vec<_>>(),
            [false, true, true, true]
        );
    }

    #[test]
    fn hidden_references_under_random_and_geo() {
        let maps = json!({"region_pools": {"WNAM": ["x"]},
            "random_steering": {"pool_weights": {"x": 0.2}}});
        let hidden_paths = |policy: &str| {
            let mut v = maps.clone();
            v["steering_policy"] = json!(policy);
            hidden_references(&with(v), "x")
                .into_iter()
                .map(|h| h.path)
                .collect::<Vec<_>>()
        };
        assert_eq!(hidden_paths("random"), ["region_pools.WNAM"]);
        assert_eq!(hidden_paths("geo"), ["random_steering.pool_weights"]);
        // "" with geo maps means geo.
        assert_eq!(hidden_paths(""), ["random_steering.pool_weights"]);
        // Least outstanding requests scales the weights: they steer.
        assert_eq!(
            hidden_paths("least_outstanding_requests"),
            ["region_pools.WNAM"]
        );
        assert_eq!(
            hidden_paths("dynamic_latency"),
            ["region_pools.WNAM", "random_steering.pool_weights"]
        );
        // A policy this version does not know: never claim hidden.
        assert!(hidden_paths("quantum").is_empty());
        let e = &hidden_references(
            &with(json!({"steering_policy": "random",
            "region_pools": {"WNAM": ["x"]}})),
            "x",
        )[0];
        assert!(
            e.explanation.contains("uses random steering"),
            "{}",
            e.explanation
        );
    }

    #[test]
    fn hidden_in_rules_and_pool_sets() {
        let l = with(json!({"steering_policy": "off",
            "rules": [
                {"name": "geo-rule", "overrides": {"steering_policy": "geo", "region_pools": {"WNAM": ["x"]}}},
                {"name": "off", "disabled": true, "overrides": {"default_pools": ["x", "us"]}}
            ],
            "pool_sets": [{"overrides": {"pools": ["us"], "pool_weights": {"x": 1.0}}}]}));
        let hidden = hidden_references(&l, "x");
        let paths: Vec<&str> = hidden.iter().map(|h| h.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "rules[1].overrides.default_pools",
                "pool_sets[0].overrides.pool_weights"
            ]
        );
        assert!(hidden[0].explanation.contains("rule \"off\" is disabled"));
        assert!(hidden[1]
            .explanation
            .contains("pool set #1 uses off steering"));
        ok(&l, None);
    }

    #[test]
    fn every_reference_kind_at_once_and_unknown_fields_survive() {
        let l = with(
            json!({"steering_policy": "geo", "fallback_pool": "x", "ttl": 30,
            "adaptive_routing": {"failover_across_pools": true},
            "region_pools": {"WNAM": ["x"]}, "country_pools": {"US": ["x"]}, "pop_pools": {"LAX": ["x"]},
            "random_steering": {"pool_weights": {"x": 0.2}, "later": 1},
            "rules": [{"overrides": {"pools": ["x", "us"], "fallback_pool": "x"}}],
            "pool_sets": [{"overrides": {"pools": ["x", "eu"], "fallback_pool": "x", "pool_weights": {"x": 1.0}}}]}),
        );
        let d = ok(&l, Some("us"));
        assert_eq!(d.edits.len(), 11);
        assert_eq!(d.after.extra["ttl"], json!(30));
        assert_eq!(d.after.extra["proxied"], json!(true));
        assert_eq!(
            d.after.extra["adaptive_routing"],
            json!({"failover_across_pools": true})
        );
        assert_eq!(
            d.after.random_steering.as_ref().unwrap().extra["later"],
            json!(1)
        );
        assert_eq!(d.after.steering_policy.as_deref(), Some("geo"));
        let body = patch_body(&l, &d.after);
        assert!(!body.contains_key("id"), "read-only members are never sent");
        assert!(!body.contains_key("ttl") && !body.contains_key("steering_policy"));
        // Applying the PATCH to the old body gives the new one.
        let mut applied = l.write_body();
        applied.extend(body);
        assert_eq!(applied, d.after.write_body());
    }

    #[test]
    fn patch_body_sends_null_for_a_removed_member() {
        let before = with(json!({"region_pools": {"WNAM": ["us"]}}));
        let mut after = before.clone();
        after.region_pools = None;
        assert_eq!(
            Value::Object(patch_body(&before, &after)),
            json!({"region_pools": null})
        );
    }

    #[test]
    fn steering_policy_and_unknown_members_round_trip() {
        let v = json!({"id": "lb1", "name": "www.example.com", "default_pools": ["a"],
            "fallback_pool": "a", "steering_policy": "", "location_strategy": {"mode": "pop"},
            "session_affinity_attributes": {"samesite": "Auto"}});
        let l = lb(v.clone());
        assert_eq!(l.steering_policy.as_deref(), Some(""));
        assert!(!l.extra.contains_key("steering_policy"));
        assert_eq!(serde_json::to_value(&l).unwrap(), v);
        let absent = lb(json!({"name": "n", "default_pools": [], "fallback_pool": ""}));
        assert!(serde_json::to_value(&absent)
            .unwrap()
            .get("steering_policy")
            .is_none());
    }

    #[test]
    fn problems_read_well() {
        let p = DetachProblem::NoDefaultPoolLeft {
            lb_name: "www.example.com".into(),
        };
        assert!(p
            .to_string()
            .starts_with("www.example.com: this is its only default pool"));
        let p = DetachProblem::InvalidReplacement {
            lb_name: "a".into(),
            replacement: "".into(),
        };
        assert_eq!(p.to_string(), "a: the replacement fallback pool is empty");
    }
}
