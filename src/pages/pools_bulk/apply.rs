//! Sending a reviewed bulk change, pool by pool.
//!
//! Each pool is read fresh and planned again with the same action; only
//! when that gives exactly the PATCH body the user reviewed is it sent.
//! Otherwise (someone changed the pool meanwhile) it is not sent and says
//! so: nothing is applied that the user did not see. A retry sends only
//! what failed, with the bodies already reviewed, under the same check.
//!
//! Not bound to the page (leaving must not cut writes off); after each
//! answer it only `try_`-touches the page's signals.

use leptos::prelude::*;
use pooldeck_model::validate::Limits;
use pooldeck_model::{bulk, BulkAction, BulkOutcome};
use serde_json::{Map, Value};

use crate::api::Api;

/// How many PATCHes are in flight at once.
const PARALLEL: usize = 4;

/// One pool's part of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub pool_id: String,
    pub pool_name: String,
    /// The PATCH body the user reviewed.
    pub body: Map<String, Value>,
    pub state: JobState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JobState {
    Pending,
    Sending,
    Done,
    /// Changed since the review: not sent.
    Moved,
    Failed(String),
}

async fn send(api: &Api, job: &Job, action: &BulkAction, limits: &Limits) -> JobState {
    let fresh = match api.get_pool(&job.pool_id).await {
        Ok(p) => p,
        Err(e) => return JobState::Failed(e.summary()),
    };
    let again = bulk::plan(std::slice::from_ref(&fresh), action, limits);
    match again.into_iter().next().map(|i| i.outcome) {
        Some(BulkOutcome::Patch { body, .. }) if body == job.body => {}
        // Someone already made this change.
        Some(BulkOutcome::Unchanged) => return JobState::Done,
        _ => return JobState::Moved,
    }
    match api.patch_pool(&job.pool_id, job.body.clone()).await {
        Ok(_) => JobState::Done,
        Err(e) => JobState::Failed(e.summary()),
    }
}

/// Sends every job in `which` state (Pending on the first run, Failed on a
/// retry), a few at a time, updating `jobs` as answers come.
pub async fn run(
    api: Api,
    action: BulkAction,
    limits: Limits,
    jobs: RwSignal<Vec<Job>>,
    running: RwSignal<bool>,
    retry: bool,
) {
    let _ = running.try_set(true);
    let todo: Vec<usize> = jobs
        .try_get_untracked()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, j)| match j.state {
            JobState::Pending => !retry,
            JobState::Failed(_) => retry,
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    for batch in todo.chunks(PARALLEL) {
        let picked: Vec<(usize, Job)> = batch
            .iter()
            .filter_map(|&i| {
                jobs.try_with_untracked(|j| j.get(i).cloned())
                    .flatten()
                    .map(|j| (i, j))
            })
            .collect();
        let _ = jobs.try_update(|all| {
            for (i, _) in &picked {
                all[*i].state = JobState::Sending;
            }
        });
        let answers = futures::future::join_all(
            picked
                .iter()
                .map(|(_, job)| send(&api, job, &action, &limits)),
        )
        .await;
        let _ = jobs.try_update(|all| {
            for ((i, _), state) in picked.iter().zip(answers) {
                all[*i].state = state;
            }
        });
    }
    let _ = running.try_set(false);
}
