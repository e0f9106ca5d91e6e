//! The jobs runner: scheduled maintenance and weight ramps, persisted in
//! SQLite and run by this server, so they outlive the browser that asked.
//!
//! Every second (or when a test calls [`Runner::tick`]) the runner takes
//! the live jobs that are due by its [`Clock`] and moves each one step
//! ([`step`]). A step is a fresh GET of the pool, then a PATCH of only the
//! key the job owns (`pooldeck_model::jobs::owned`), sent through the same
//! `/client/v4` router as any request, so it works in proxy mode too and
//! lands in the history under the job's name. If the value the job last
//! wrote is no longer there, someone else changed it: the job pauses and
//! says so, and never overwrites the edit.
//!
//! A step's write is recorded as *pending* before it is sent and as done
//! after; after a crash (a SIGKILL between the two) the next step reads the
//! pool and counts the write as done if the pool holds its value, else
//! sends it. So no step is repeated or skipped.
//!
//! One server should run the jobs of a database. Two on one database would
//! both take due jobs, and one's write would look like "someone else's
//! edit" to the other, which pauses. Start the others with `--no-jobs`.

mod call;
pub mod routes;
mod step;

pub use call::JobActor;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;

use crate::clock::{format_rfc3339, Clock};
use crate::AppState;

/// How often the runner looks for due jobs.
pub const TICK: Duration = Duration::from_secs(1);

/// The label history gives the runner's own credentials; each write is
/// named after its job instead ([`call::JobActor`]).
pub const RUNNER_LABEL: &str = "jobs runner";

/// Runs the jobs. One per server.
pub struct Runner {
    app: Arc<AppState>,
    /// The `/client/v4` router, history included.
    api: Router,
    clock: Arc<dyn Clock>,
}

impl Runner {
    pub fn new(app: Arc<AppState>, api: Router, clock: Arc<dyn Clock>) -> Self {
        Runner { app, api, clock }
    }

    /// Moves every due job one step; returns how many it moved.
    pub async fn tick(&self) -> usize {
        let now = format_rfc3339(self.clock.now());
        let store = self.app.store.clone();
        let due = match tokio::task::spawn_blocking(move || store.due_jobs(&now)).await {
            Ok(Ok(due)) => due,
            Ok(Err(e)) => {
                eprintln!("pooldeck-server: reading due jobs failed: {e}");
                return 0;
            }
            Err(_) => return 0,
        };
        let mut moved = 0;
        for job in due {
            // Cancelling takes the same lock, so a step and a cancel never
            // interleave; the job is read again under it.
            let _guard = self.app.jobs_lock.lock().await;
            let Ok(Some(job)) = self.app.store.job(&job.id) else {
                continue;
            };
            if !job.state.is_live() {
                continue;
            }
            let job = step::run(self, job).await;
            if let Err(e) = self.app.store.save_job(&job) {
                eprintln!("pooldeck-server: saving job {} failed: {e}", job.id);
            }
            moved += 1;
        }
        moved
    }

    /// Ticks every [`TICK`] until `stop` resolves.
    pub async fn run(self: Arc<Self>, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(TICK) => { self.tick().await; }
            }
        }
    }

    fn now(&self) -> std::time::SystemTime {
        self.clock.now()
    }
}
