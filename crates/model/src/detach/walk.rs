//! The walk behind [`super::detach`] and [`super::hidden_references`]:
//! every member that can name a pool, visited once on a copy of the load
//! balancer, in the order of [`LoadBalancer::pool_references`]. Each visit
//! removes the pool, records a [`RefEdit`] with why it was hidden (if it
//! was), and collects problems instead of returning early, so the hidden
//! check and the plan cannot disagree.

use std::collections::BTreeMap;

use super::{suggested_fallback, DetachProblem, RefEdit};
use crate::load_balancer::{LoadBalancer, RandomSteering};
use crate::traffic_steering::{extra_disabled, extra_steering, TrafficSteering};

fn render_ids(ids: &[String]) -> String {
    format!("[{}]", ids.join(", "))
}

fn render_weights(weights: &BTreeMap<String, f64>) -> String {
    let items: Vec<String> = weights.iter().map(|(k, w)| format!("{k}: {w}")).collect();
    format!("{{{}}}", items.join(", "))
}

/// Who a reference belongs to, for the hidden test and its sentence.
struct Scope {
    /// `www.example.com`, `rule "api"`, `pool set #2`.
    who: String,
    steering: TrafficSteering,
    disabled: bool,
}

/// What a member is, for the hidden test.
#[derive(Clone, Copy)]
enum Reads {
    /// Failover lists, fallback pools, a pool set's `pools`: always read.
    Always,
    Geo,
    Weights,
}

impl Scope {
    fn why_hidden(&self, reads: Reads) -> Option<String> {
        if self.disabled {
            return Some(format!("{} is disabled", self.who));
        }
        let read = match reads {
            Reads::Always => true,
            Reads::Geo => self.steering.reads_geo_maps(),
            Reads::Weights => self.steering.reads_pool_weights(),
        };
        (!read).then(|| format!("{} uses {} steering", self.who, self.steering.label()))
    }
}

/// Walks every member once, editing a copy. Problems are collected, not
/// returned early, so [`hidden_references`] can use the same walk.
pub(super) struct Walk<'a> {
    pool_id: &'a str,
    replacement: Option<&'a str>,
    pub(super) after: LoadBalancer,
    /// Each edit with why it is hidden, if it is.
    pub(super) edits: Vec<(RefEdit, Option<String>)>,
    pub(super) problems: Vec<DetachProblem>,
}

impl<'a> Walk<'a> {
    pub(super) fn run(
        lb: &LoadBalancer,
        pool_id: &'a str,
        replacement: Option<&'a str>,
    ) -> Walk<'a> {
        let mut w = Walk {
            pool_id,
            replacement,
            after: lb.clone(),
            edits: Vec::new(),
            problems: Vec::new(),
        };
        w.top(lb);
        w.rules(lb);
        w.pool_sets(lb);
        w
    }

    fn edit(&mut self, scope: &Scope, reads: Reads, path: String, before: String) -> &mut RefEdit {
        let why = scope.why_hidden(reads);
        self.edits.push((
            RefEdit {
                path,
                before,
                after: None,
                hidden: why.is_some(),
                note: None,
            },
            why,
        ));
        &mut self.edits.last_mut().expect("just pushed").0
    }

    /// `ids` without the pool, or `None` when it is not there.
    fn without(&self, ids: &[String]) -> Option<Vec<String>> {
        ids.iter().any(|id| id == self.pool_id).then(|| {
            ids.iter()
                .filter(|id| *id != self.pool_id)
                .cloned()
                .collect()
        })
    }

    fn top(&mut self, lb: &LoadBalancer) {
        let scope = Scope {
            who: lb.name.clone(),
            steering: lb.traffic_steering(),
            disabled: false,
        };
        if let Some(rest) = self.without(&lb.default_pools) {
            if rest.is_empty() {
                self.problems.push(DetachProblem::NoDefaultPoolLeft {
                    lb_name: lb.name.clone(),
                });
            }
            let after = Some(render_ids(&rest));
            self.edit(
                &scope,
                Reads::Always,
                "default_pools".into(),
                render_ids(&lb.default_pools),
            )
            .after = after;
            self.after.default_pools = rest;
        }
        if lb.fallback_pool == self.pool_id {
            let replacement = self.replacement;
            let e = self.edit(
                &scope,
                Reads::Always,
                "fallback_pool".into(),
                lb.fallback_pool.clone(),
            );
            match replacement {
                Some(r) => {
                    e.after = Some(r.to_owned());
                    self.after.fallback_pool = r.to_owned();
                }
                None => {
                    e.after = Some(lb.fallback_pool.clone());
                    self.problems.push(DetachProblem::NeedsFallbackReplacement {
                        lb_name: lb.name.clone(),
                        suggestion: suggested_fallback(lb, self.pool_id),
                    });
                }
            }
        }
        let mut maps = (
            self.after.region_pools.take(),
            self.after.country_pools.take(),
            self.after.pop_pools.take(),
        );
        self.geo_maps(&scope, "", &mut maps);
        (
            self.after.region_pools,
            self.after.country_pools,
            self.after.pop_pools,
        ) = maps;
        let mut rs = self.after.random_steering.take();
        self.random_steering(&scope, "random_steering", &mut rs);
        self.after.random_steering = rs;
    }

    fn geo_maps(&mut self, scope: &Scope, at: &str, maps: &mut (GeoMap, GeoMap, GeoMap)) {
        let (region, country, pop) = maps;
        self.geo_map(
            scope,
            &format!("{at}region_pools"),
            region,
            "follows default_pools",
        );
        self.geo_map(
            scope,
            &format!("{at}country_pools"),
            country,
            "follows its region's pools, or default_pools",
        );
        self.geo_map(
            scope,
            &format!("{at}pop_pools"),
            pop,
            "follows its country's or region's pools, or default_pools",
        );
    }

    /// Removes the pool from each list; an emptied list loses its key. The
    /// map itself stays (as `{}` when emptied) so a PATCH still sends it.
    fn geo_map(&mut self, scope: &Scope, path: &str, map: &mut GeoMap, follows: &str) {
        let Some(m) = map else { return };
        let keys: Vec<String> = m.keys().cloned().collect();
        for key in keys {
            let Some(rest) = self.without(&m[&key]) else {
                continue;
            };
            let before = render_ids(&m[&key]);
            let e = self.edit(scope, Reads::Geo, format!("{path}.{key}"), before);
            if rest.is_empty() {
                e.note = Some(format!("{key} now {follows}"));
                m.remove(&key);
            } else {
                e.after = Some(render_ids(&rest));
                m.insert(key, rest);
            }
        }
    }

    fn weights(&mut self, scope: &Scope, path: String, map: &mut Option<BTreeMap<String, f64>>) {
        let Some(m) = map else { return };
        if !m.contains_key(self.pool_id) {
            return;
        }
        let before = render_weights(m);
        m.remove(self.pool_id);
        let after = Some(render_weights(m));
        self.edit(scope, Reads::Weights, path, before).after = after;
    }

    fn random_steering(&mut self, scope: &Scope, at: &str, rs: &mut Option<RandomSteering>) {
        if let Some(rs) = rs {
            self.weights(scope, format!("{at}.pool_weights"), &mut rs.pool_weights);
        }
    }

    /// An override list (`default_pools`, `pools`); emptied, it is removed
    /// and `emptied` says what follows. Returns true when it was emptied.
    fn override_list(
        &mut self,
        scope: &Scope,
        path: String,
        list: &mut Option<Vec<String>>,
        emptied: String,
    ) -> bool {
        let Some(ids) = list else { return false };
        let Some(rest) = self.without(ids) else {
            return false;
        };
        let e = self.edit(scope, Reads::Always, path, render_ids(ids));
        if rest.is_empty() {
            e.note = Some(emptied);
            *list = None;
            true
        } else {
            e.after = Some(render_ids(&rest));
            *list = Some(rest);
            false
        }
    }

    /// An override `fallback_pool`: the replacement, or removed.
    fn override_fallback(&mut self, scope: &Scope, path: String, fallback: &mut Option<String>) {
        if fallback.as_deref() != Some(self.pool_id) {
            return;
        }
        let replacement = self.replacement;
        let who = scope.who.clone();
        let e = self.edit(scope, Reads::Always, path, self.pool_id.to_owned());
        match replacement {
            Some(r) => {
                e.after = Some(r.to_owned());
                *fallback = Some(r.to_owned());
            }
            None => {
                e.note = Some(format!("{who} now uses the load balancer's fallback_pool"));
                *fallback = None;
            }
        }
    }

    fn rules(&mut self, lb: &LoadBalancer) {
        let Some(mut rules) = self.after.rules.take() else {
            return;
        };
        for (i, rule) in rules.iter_mut().enumerate() {
            let Some(o) = &mut rule.overrides else {
                continue;
            };
            let who = match &rule.name {
                Some(name) => format!("rule \"{name}\""),
                None => format!("rule #{}", i + 1),
            };
            let maps_here = [&o.region_pools, &o.country_pools, &o.pop_pools]
                .into_iter()
                .any(|m| m.as_ref().is_some_and(|m| !m.is_empty()));
            let steering = match extra_steering(&o.extra) {
                Some(s) => TrafficSteering::resolve(Some(s), maps_here || lb.has_geo_maps()),
                None => lb.traffic_steering(),
            };
            let scope = Scope {
                who,
                steering,
                disabled: extra_disabled(&rule.extra),
            };
            let at = format!("rules[{i}].overrides");
            let uses_lbs = format!("{} now uses the load balancer's default_pools", scope.who);
            self.override_list(
                &scope,
                format!("{at}.default_pools"),
                &mut o.default_pools,
                uses_lbs,
            );
            self.override_fallback(&scope, format!("{at}.fallback_pool"), &mut o.fallback_pool);
            let mut maps = (
                o.region_pools.take(),
                o.country_pools.take(),
                o.pop_pools.take(),
            );
            self.geo_maps(&scope, &format!("{at}."), &mut maps);
            (o.region_pools, o.country_pools, o.pop_pools) = maps;
            self.random_steering(
                &scope,
                &format!("{at}.random_steering"),
                &mut o.random_steering,
            );
            let no_override = format!("{} no longer overrides pools", scope.who);
            self.override_list(&scope, format!("{at}.pools"), &mut o.pools, no_override);
            self.weights(&scope, format!("{at}.pool_weights"), &mut o.pool_weights);
        }
        self.after.rules = Some(rules);
    }

    fn pool_sets(&mut self, lb: &LoadBalancer) {
        let Some(mut sets) = self.after.pool_sets.take() else {
            return;
        };
        for (i, set) in sets.iter_mut().enumerate() {
            let Some(o) = &mut set.overrides else {
                continue;
            };
            let who = match &set.name {
                Some(name) => format!("pool set \"{name}\""),
                None => format!("pool set #{}", i + 1),
            };
            let scope = Scope {
                who,
                // Omitted, a pool set uses failover order.
                steering: TrafficSteering::resolve(extra_steering(&o.extra), false),
                disabled: extra_disabled(&set.extra),
            };
            let at = format!("pool_sets[{i}].overrides");
            let fixed = set.extra.contains_key("fixed_response");
            let note = format!("{} now answers with its fixed response", scope.who);
            if self.override_list(&scope, format!("{at}.pools"), &mut o.pools, note) && !fixed {
                self.problems.push(DetachProblem::PoolSetLeftEmpty {
                    lb_name: lb.name.clone(),
                    path: format!("{at}.pools"),
                });
            }
            self.override_fallback(&scope, format!("{at}.fallback_pool"), &mut o.fallback_pool);
            self.weights(&scope, format!("{at}.pool_weights"), &mut o.pool_weights);
        }
        self.after.pool_sets = Some(sets);
    }
}

type GeoMap = Option<BTreeMap<String, Vec<String>>>;
