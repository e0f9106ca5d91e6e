//! Running "remove, then delete": one load balancer at a time, each
//! against a fresh read, then the delete.
//!
//! - A load balancer whose `modified_on` moved since it was reviewed is not
//!   written: its plan is redone from the new version and the run stops,
//!   so nobody's edit is overwritten with a change they did not see.
//! - The first failure stops the run. What changed and what did not stays
//!   on screen, and the run resumes from there; a load balancer already
//!   done is never written twice.
//! - The pool is deleted only once no load balancer uses it.
//!
//! The run is not bound to the page (leaving mid-way must not cut a write
//! off), so after each answer it only `try_`-touches the page's signals.

use leptos::prelude::*;
use pooldeck_model::detach::{detach, patch_body, suggested_fallback};

use super::plan::{LbPlan, Step};
use crate::api::Api;

/// Where the whole operation stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Run {
    /// Not started, or stopped for review (a load balancer moved or failed).
    Idle,
    Running,
    /// Every load balancer is done, but the delete itself failed.
    DeleteFailed(String),
    Deleted,
}

/// Sets `plans[i].step`, if the page is still there.
fn set_step(plans: RwSignal<Vec<LbPlan>>, i: usize, step: Step) {
    let _ = plans.try_update(|all| {
        if let Some(p) = all.get_mut(i) {
            p.step = step;
        }
    });
}

/// Runs every load balancer that is not done yet, then deletes the pool.
pub async fn run(api: Api, pool_id: String, plans: RwSignal<Vec<LbPlan>>, run: RwSignal<Run>) {
    let _ = run.try_set(Run::Running);
    let todo: Vec<(usize, LbPlan)> = plans
        .try_get_untracked()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter(|(_, p)| p.step != Step::Done)
        .collect();
    for (i, plan) in todo {
        set_step(plans, i, Step::Working);
        let zone = plan.target.zone.id.clone();
        let fresh = match api.get_load_balancer(&zone, plan.id()).await {
            Ok(lb) => lb,
            Err(e) => {
                set_step(plans, i, Step::Failed(e.summary()));
                let _ = run.try_set(Run::Idle);
                return;
            }
        };
        if fresh.pool_roles(&pool_id).is_empty() {
            // Someone (or an earlier, interrupted run) already removed it.
            let _ = plans.try_update(|all| {
                if let Some(p) = all.get_mut(i) {
                    p.target.lb = fresh.clone();
                    p.step = Step::Done;
                }
            });
            continue;
        }
        if fresh.modified_on != plan.target.lb.modified_on {
            let _ = plans.try_update(|all| {
                if let Some(p) = all.get_mut(i) {
                    // The user's pick still stands if a replacement is
                    // still needed; otherwise there is nothing to pick.
                    p.replacement = if fresh.fallback_pool == pool_id {
                        p.replacement
                            .clone()
                            .or_else(|| suggested_fallback(&fresh, &pool_id))
                    } else {
                        None
                    };
                    p.target.lb = fresh.clone();
                    p.step = Step::Moved;
                }
            });
            let _ = run.try_set(Run::Idle);
            return;
        }
        let detached = match detach(&fresh, &pool_id, plan.replacement.as_deref()) {
            Ok(d) => d,
            Err(problem) => {
                set_step(plans, i, Step::Failed(problem.to_string()));
                let _ = run.try_set(Run::Idle);
                return;
            }
        };
        let body = patch_body(&fresh, &detached.after);
        match api.patch_load_balancer(&zone, plan.id(), body).await {
            Ok(saved) => {
                let _ = plans.try_update(|all| {
                    if let Some(p) = all.get_mut(i) {
                        p.target.lb = saved;
                        p.step = Step::Done;
                    }
                });
            }
            Err(e) => {
                set_step(plans, i, Step::Failed(e.summary()));
                let _ = run.try_set(Run::Idle);
                return;
            }
        }
    }
    match api.delete_pool(&pool_id).await {
        Ok(_) => {
            let _ = run.try_set(Run::Deleted);
        }
        Err(e) => {
            let _ = run.try_set(Run::DeleteFailed(e.summary()));
        }
    }
}
