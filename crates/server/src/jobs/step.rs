//! One step of a job: read the pool, check that what the job owns is as it
//! left it, then do the next thing (see the module docs of `jobs`).

use std::time::{Duration, SystemTime};

use axum::http::Method;
use pooldeck_model::jobs::ramp::weight_at;
use pooldeck_model::jobs::{owned_value, patch_for, same, Job, JobSpec, JobState, Pending, Target};
use pooldeck_model::Pool;
use serde_json::Value;

use super::Runner;
use crate::clock::{format_rfc3339, parse_rfc3339};

/// How long a failed read or a transient write failure waits.
const RETRY: Duration = Duration::from_secs(30);
/// How often a running health check is looked at.
const PREVIEW_POLL: Duration = Duration::from_secs(2);

fn at(t: SystemTime) -> String {
    format_rfc3339(t)
}

fn finish(mut job: Job, state: JobState, message: String) -> Job {
    job.state = state;
    job.next_at = None;
    job.message = message;
    job
}

/// What the job works on, in words ("endpoint web-2", "pool web").
fn subject(job: &Job) -> String {
    match job.spec.endpoint() {
        Some(name) => format!("endpoint {name}"),
        None => format!("pool {}", job.pool_name),
    }
}

fn pool_path(job: &Job) -> String {
    format!(
        "/accounts/{}/load_balancers/pools/{}",
        job.account_id, job.pool_id
    )
}

/// Moves `job` one step and returns it (the caller saves it).
pub(super) async fn run(r: &Runner, mut job: Job) -> Job {
    let now = r.now();
    job.updated_at = at(now);
    let pool = match r.call(&job, Method::GET, &pool_path(&job), None).await {
        Ok(v) => match serde_json::from_value::<Pool>(v) {
            Ok(pool) => pool,
            Err(e) => {
                return finish(
                    job,
                    JobState::Failed,
                    format!("the pool could not be read: {e}"),
                )
            }
        },
        Err(e) if e.status == 404 => {
            return finish(job, JobState::Failed, "The pool no longer exists.".into())
        }
        Err(e) => {
            job.message = format!("Could not read the pool ({}); trying again.", e.message);
            job.next_at = Some(at(now + RETRY));
            return job;
        }
    };
    let Some(current) = owned_value(&job.spec, &pool) else {
        let gone = format!("The pool no longer has {}.", subject(&job));
        return finish(job, JobState::Failed, gone);
    };
    // A write sent just before a crash: if the pool holds its value it
    // happened, and the step is done (not sent again); the next waits its
    // turn from now.
    if let Some(pending) = job.pending.take() {
        if same(&current, &pending.value) {
            job.step = pending.step;
            job.written = Some(pending.value);
            return after_step(job, now);
        }
    }
    match job.spec.clone() {
        JobSpec::Ramp { .. } => ramp(r, job, &pool, current, now).await,
        JobSpec::Maintenance { .. } => maintenance(r, job, &pool, current, now).await,
    }
}

/// Sends the PATCH that sets what the job owns to `value` as step `step`,
/// recording it as pending first (see the module docs).
async fn write(
    r: &Runner,
    job: &mut Job,
    pool: &Pool,
    step: u32,
    value: Value,
) -> Result<(), String> {
    let body = patch_for(&job.spec, pool, &value)
        .ok_or_else(|| format!("{} cannot be changed", subject(job)))?;
    job.pending = Some(Pending {
        step,
        value: value.clone(),
    });
    r.app
        .store
        .save_job(job)
        .map_err(|e| format!("the job could not be saved: {e}"))?;
    r.call(
        job,
        Method::PATCH,
        &pool_path(job),
        Some(Value::Object(body)),
    )
    .await
    .map_err(|e| e.message)?;
    job.pending = None;
    job.step = step;
    job.written = Some(value);
    Ok(())
}

/// Where a job goes after its write of `job.step` is known to be done.
fn after_step(mut job: Job, now: SystemTime) -> Job {
    match job.spec.clone() {
        JobSpec::Ramp {
            endpoint,
            to,
            steps,
            interval_secs,
            ..
        } => {
            if job.step >= steps {
                return finish(
                    job,
                    JobState::Done,
                    format!("Done: {endpoint} is at weight {to} after {steps} steps."),
                );
            }
            let next = now + Duration::from_secs(interval_secs);
            let weight = job.written.clone().unwrap_or_default();
            job.state = JobState::Active;
            job.message = format!(
                "Step {} of {steps}: {endpoint} at weight {weight}. Next step at {}.",
                job.step,
                at(next)
            );
            job.next_at = Some(at(next));
            job
        }
        JobSpec::Maintenance { end_at, .. } => {
            if job.step >= 2 {
                let what = subject(&job);
                return finish(
                    job,
                    JobState::Done,
                    format!("Done: {what} is enabled again."),
                );
            }
            job.state = JobState::Active;
            job.message = format!(
                "{} is disabled for maintenance until {end_at}.",
                subject(&job)
            );
            job.next_at = Some(end_at);
            job
        }
    }
}

/// A write failed: a refusal ends the job, anything else is retried.
fn write_failed(mut job: Job, why: String, now: SystemTime) -> Job {
    if why.contains("cannot be changed") {
        return finish(job, JobState::Failed, why);
    }
    job.message = format!("The change could not be made ({why}); trying again.");
    job.next_at = Some(at(now + RETRY));
    job
}

async fn ramp(r: &Runner, mut job: Job, pool: &Pool, current: Value, now: SystemTime) -> Job {
    let JobSpec::Ramp {
        endpoint,
        from,
        to,
        steps,
        rollback,
        ..
    } = job.spec.clone()
    else {
        unreachable!("called for ramps")
    };
    if let Some(written) = &job.written {
        if !same(&current, written) {
            let message = format!(
                "Paused: {endpoint}'s weight is {current}, not the {written} this ramp set. Someone else changed it, and the ramp does not overwrite that."
            );
            return finish(job, JobState::Paused, message);
        }
    }
    let started = job.started_from.get_or_insert(current.clone()).clone();
    let origin = pool.origins.iter().find(|o| o.name == endpoint);
    let unhealthy = match origin {
        Some(o) if o.healthy == Some(false) => Some(format!(
            "{endpoint} is unhealthy ({})",
            o.failure_reason.as_deref().unwrap_or("no reason given")
        )),
        _ if pool.healthy == Some(false) => Some(format!("pool {} is unhealthy", pool.name)),
        _ => None,
    };
    if let Some(why) = unhealthy {
        if rollback && !same(&current, &started) {
            let step = job.step;
            return match write(r, &mut job, pool, step, started.clone()).await {
                Ok(()) => finish(
                    job,
                    JobState::Paused,
                    format!("Paused and rolled back to weight {started}: {why}."),
                ),
                Err(e) => write_failed(job, e, now),
            };
        }
        return finish(job, JobState::Paused, format!("Paused: {why}."));
    }
    let base = from.unwrap_or_else(|| started.as_f64().unwrap_or(0.0));
    let k = job.step + 1;
    let weight = weight_at(base, to, steps, k);
    match write(r, &mut job, pool, k, Value::from(weight)).await {
        Ok(()) => after_step(job, now),
        Err(e) => write_failed(job, e, now),
    }
}

async fn maintenance(
    r: &Runner,
    mut job: Job,
    pool: &Pool,
    current: Value,
    now: SystemTime,
) -> Job {
    let what = subject(&job);
    if let (Some(written), true) = (&job.written, job.step >= 1) {
        if !same(&current, written) {
            let message = format!(
                "{what} was enabled again by someone else during the window; the job leaves it as it is."
            );
            return finish(job, JobState::Done, message);
        }
    }
    match job.state {
        JobState::Scheduled => {
            job.started_from = Some(current.clone());
            if current == Value::Bool(false) {
                job.step = 1;
                job.written = Some(current);
                let mut job = after_step(job, now);
                job.message = format!(
                    "{what} was already disabled; it stays so, and the job will not enable it."
                );
                return job;
            }
            match write(r, &mut job, pool, 1, Value::Bool(false)).await {
                Ok(()) => after_step(job, now),
                Err(e) => write_failed(job, e, now),
            }
        }
        JobState::Active => {
            if job.started_from == Some(Value::Bool(false)) {
                return finish(
                    job,
                    JobState::Done,
                    format!("Done: {what} stays disabled, as it was before the window."),
                );
            }
            check_health(r, job, pool, now).await
        }
        JobState::WaitingForHealth => match job.preview_id.clone() {
            None => check_health(r, job, pool, now).await,
            Some(id) => read_health(r, job, pool, &id, now).await,
        },
        _ => job,
    }
}

/// Starts a health check of the pool with its monitor; without a monitor
/// nothing can gate the return, and it is re-enabled at once.
async fn check_health(r: &Runner, mut job: Job, pool: &Pool, now: SystemTime) -> Job {
    let what = subject(&job);
    job.state = JobState::WaitingForHealth;
    let Some(monitor_id) = pool.monitor_id() else {
        return match write(r, &mut job, pool, 2, Value::Bool(true)).await {
            Ok(()) => finish(
                job,
                JobState::Done,
                format!("Done: {what} is enabled again. The pool has no monitor, so no health check could gate it."),
            ),
            Err(e) => write_failed(job, e, now),
        };
    };
    let base = format!("/accounts/{}/load_balancers", job.account_id);
    let started = match r
        .call(
            &job,
            Method::GET,
            &format!("{base}/monitors/{monitor_id}"),
            None,
        )
        .await
    {
        Ok(monitor) => {
            r.call(
                &job,
                Method::POST,
                &format!("{base}/pools/{}/preview", job.pool_id),
                Some(monitor),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match started.map(|v| v["preview_id"].as_str().map(str::to_owned)) {
        Ok(Some(id)) => {
            job.preview_id = Some(id);
            job.message =
                format!("The window has ended; checking {what}'s health before enabling it.");
            job.next_at = Some(at(now + PREVIEW_POLL));
        }
        Ok(None) | Err(_) => {
            job.message = format!(
                "The window has ended, but {what}'s health could not be checked; trying again."
            );
            job.next_at = Some(at(now + RETRY));
        }
    }
    job
}

/// Reads the health check `id`: healthy enables, unhealthy waits for the
/// next check, a check still running is looked at again soon.
async fn read_health(r: &Runner, mut job: Job, pool: &Pool, id: &str, now: SystemTime) -> Job {
    let what = subject(&job);
    let path = format!("/accounts/{}/load_balancers/preview/{id}", job.account_id);
    let result = match r.call(&job, Method::GET, &path, None).await {
        Ok(v) => v,
        // Previews are not kept across a restart; start another.
        Err(_) => {
            job.preview_id = None;
            return check_health(r, job, pool, now).await;
        }
    };
    let Some(verdict) = result.get(&job.pool_id) else {
        job.next_at = Some(at(now + PREVIEW_POLL));
        return job;
    };
    let healthy = match job.spec.endpoint() {
        None => verdict["healthy"].as_bool(),
        Some(name) => pool
            .origins
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| {
                verdict["origins"]
                    .as_array()?
                    .iter()
                    .find_map(|entry| entry.get(&o.address))
            })
            .and_then(|h| h["healthy"].as_bool()),
    };
    if healthy == Some(true) {
        return match write(r, &mut job, pool, 2, Value::Bool(true)).await {
            Ok(()) => finish(
                job,
                JobState::Done,
                format!(
                    "Done: {what} passed its health check at {} and is enabled again.",
                    at(now)
                ),
            ),
            Err(e) => write_failed(job, e, now),
        };
    }
    let JobSpec::Maintenance { recheck_secs, .. } = job.spec else {
        unreachable!("only maintenance waits for health")
    };
    let next = now + Duration::from_secs(recheck_secs);
    job.preview_id = None;
    job.message = format!(
        "{what} failed its health check at {}, so it stays disabled. Next check at {}.",
        at(now),
        at(next)
    );
    job.next_at = Some(at(next));
    job
}

/// A job's first `next_at`: the window's start, or now for a ramp.
pub(super) fn first_run(spec: &JobSpec, now: SystemTime) -> Option<String> {
    match spec {
        JobSpec::Maintenance { start_at, .. } => parse_rfc3339(start_at).map(|t| at(t.max(now))),
        JobSpec::Ramp { .. } => Some(at(now)),
    }
}

/// True when two jobs would own the same value of one pool.
pub(super) fn overlaps(a: &JobSpec, b: &JobSpec) -> bool {
    let owns = |s: &JobSpec| match s {
        JobSpec::Maintenance {
            target: Target::Pool,
            ..
        } => ("enabled", None),
        JobSpec::Maintenance {
            target: Target::Endpoint { name },
            ..
        } => ("enabled", Some(name.clone())),
        JobSpec::Ramp { endpoint, .. } => ("weight", Some(endpoint.clone())),
    };
    owns(a) == owns(b)
}
