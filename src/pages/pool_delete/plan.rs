//! What "remove from these load balancers, then delete" will do, per load
//! balancer, as plain data: the load balancer as the user reviewed it, the
//! replacement fallback they picked, and the model crate's plan for it.
//! Pure, so it is tested off the browser.

use std::collections::HashMap;

use pooldeck_model::detach::{detach, suggested_fallback, DetachProblem, Detached};

use crate::api::ZonedLoadBalancer;

/// Where one load balancer's edit stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Not sent yet.
    Pending,
    /// Being read or written.
    Working,
    /// The load balancer no longer uses the pool.
    Done,
    /// Someone changed it after it was reviewed; the plan was redone from
    /// the new version and needs another look.
    Moved,
    /// The write failed; nothing changed for this load balancer.
    Failed(String),
}

/// One load balancer's part of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct LbPlan {
    /// The load balancer as the user reviewed it.
    pub target: ZonedLoadBalancer,
    /// The fallback pool that replaces the deleted one, when it was the
    /// fallback (offered: [`suggested_fallback`]).
    pub replacement: Option<String>,
    pub step: Step,
}

impl LbPlan {
    /// A plan for `target`, with the suggested replacement fallback.
    pub fn new(target: ZonedLoadBalancer, pool_id: &str) -> LbPlan {
        let replacement = (target.lb.fallback_pool == pool_id)
            .then(|| suggested_fallback(&target.lb, pool_id))
            .flatten();
        LbPlan {
            target,
            replacement,
            step: Step::Pending,
        }
    }

    /// Whether the pool is this load balancer's fallback, so a replacement
    /// must be chosen.
    pub fn needs_replacement(&self, pool_id: &str) -> bool {
        self.target.lb.fallback_pool == pool_id
    }

    /// The model's plan for the reviewed load balancer.
    pub fn detached(&self, pool_id: &str) -> Result<Detached, DetachProblem> {
        detach(&self.target.lb, pool_id, self.replacement.as_deref())
    }

    /// The load balancer's ID (always set on what the API returns).
    pub fn id(&self) -> &str {
        self.target.lb.id.as_deref().unwrap_or_default()
    }
}

/// Why the whole operation cannot start yet: every load balancer's
/// problem, in order.
pub fn problems(plans: &[LbPlan], pool_id: &str) -> Vec<DetachProblem> {
    plans
        .iter()
        .filter(|p| p.step != Step::Done)
        .filter_map(|p| p.detached(pool_id).err())
        .collect()
}

/// Pool IDs in a diff line, written as pool names (IDs are 32 hex
/// characters, so a replacement cannot hit anything else).
pub fn with_names(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (id, name) in names {
        if out.contains(id.as_str()) {
            out = out.replace(id.as_str(), name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::{LoadBalancer, Zone};
    use serde_json::json;

    const P: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const Q: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const R: &str = "cccccccccccccccccccccccccccccccc";

    fn target(lb: serde_json::Value) -> ZonedLoadBalancer {
        ZonedLoadBalancer {
            zone: Zone::default(),
            lb: serde_json::from_value::<LoadBalancer>(lb).unwrap(),
        }
    }

    #[test]
    fn the_fallback_replacement_is_offered_from_the_remaining_defaults() {
        let plan = LbPlan::new(
            target(
                json!({"id": "l", "name": "www.example.com", "default_pools": [P, Q], "fallback_pool": P}),
            ),
            P,
        );
        assert!(plan.needs_replacement(P));
        assert_eq!(plan.replacement.as_deref(), Some(Q));
        let after = plan.detached(P).unwrap().after;
        assert_eq!(
            (after.default_pools, after.fallback_pool),
            (vec![Q.to_owned()], Q.to_owned())
        );
    }

    #[test]
    fn a_load_balancer_left_without_default_pools_blocks_the_whole_operation() {
        let ok = LbPlan::new(
            target(
                json!({"id": "1", "name": "a.example.com", "default_pools": [P, Q], "fallback_pool": R}),
            ),
            P,
        );
        let only = LbPlan::new(
            target(
                json!({"id": "2", "name": "b.example.com", "default_pools": [P], "fallback_pool": R}),
            ),
            P,
        );
        let found = problems(&[ok.clone(), only], P);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].to_string().starts_with("b.example.com"),
            "{}",
            found[0]
        );
        assert!(problems(&[ok], P).is_empty());
    }

    #[test]
    fn a_done_load_balancer_is_not_planned_again() {
        let mut only = LbPlan::new(
            target(
                json!({"id": "2", "name": "b.example.com", "default_pools": [P], "fallback_pool": R}),
            ),
            P,
        );
        only.step = Step::Done;
        assert!(problems(&[only], P).is_empty());
    }

    #[test]
    fn diff_lines_name_pools() {
        let names = HashMap::from([
            (P.to_owned(), "eu".to_owned()),
            (Q.to_owned(), "us".to_owned()),
        ]);
        assert_eq!(
            with_names(&format!("default_pools: [{P}, {Q}] → [{Q}]"), &names),
            "default_pools: [eu, us] → [us]"
        );
    }
}
