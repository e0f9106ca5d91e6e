//! Jobs pooldeck-server runs on a pool, so they outlive the browser:
//! scheduled maintenance (disable an endpoint or the pool for a window, and
//! re-enable it only once its health passes) and a weight ramp (bring an
//! endpoint to a weight in steps). The server persists and runs them; the
//! console lists, creates and cancels them at `/_pooldeck/jobs`. These are
//! the shared types and the pure rules: what a job owns in a pool
//! ([`owned`]), the weights of a ramp ([`ramp`]), and what makes a request
//! valid ([`spec`]).

pub mod impact;
pub mod owned;
pub mod ramp;
pub mod spec;
pub mod times;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use impact::below_threshold;
pub use owned::{owned_value, patch_for, same};
pub use spec::{JobRequest, JobSpec, Target};
pub use times::time_spans;

/// Where a job is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Not started: a maintenance window in the future.
    #[default]
    Scheduled,
    /// Running: inside a maintenance window, or between ramp steps.
    Active,
    /// A maintenance window has ended; the endpoint or pool stays disabled
    /// until a health check passes, retried on a schedule.
    WaitingForHealth,
    /// Stopped by the runner, with the reason in the message: someone
    /// else changed what the job owns, or the endpoint turned unhealthy.
    Paused,
    Done,
    Cancelled,
    /// It cannot go on (the pool or endpoint is gone, the API refused).
    Failed,
}

impl JobState {
    /// True when the runner will act on it again.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            JobState::Scheduled | JobState::Active | JobState::WaitingForHealth
        )
    }

    /// The state in words, as the Jobs page shows it.
    pub fn label(self) -> &'static str {
        match self {
            JobState::Scheduled => "Scheduled",
            JobState::Active => "Running",
            JobState::WaitingForHealth => "Waiting for health",
            JobState::Paused => "Paused",
            JobState::Done => "Done",
            JobState::Cancelled => "Cancelled",
            JobState::Failed => "Failed",
        }
    }
}

/// A write a job has sent but not yet recorded as done. After a crash,
/// the runner reads the pool: if it holds `value`, the write happened and
/// the step counts as done; if not, it is sent again. So a step is never
/// applied twice and never skipped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The step the write makes (its number once done).
    pub step: u32,
    pub value: Value,
}

/// A job, as stored and as `/_pooldeck/jobs` serves it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub account_id: String,
    pub pool_id: String,
    /// The pool's name when the job was made (for lists).
    pub pool_name: String,
    /// Who asked for it (as history names people).
    pub created_by: String,
    pub created_at: String,
    pub spec: JobSpec,
    pub state: JobState,
    /// What it is doing, or why it stopped, in a sentence.
    pub message: String,
    /// When the runner acts next (RFC 3339); `None` once it will not.
    #[serde(default)]
    pub next_at: Option<String>,
    /// Steps done: ramp steps, or maintenance phases (1 once disabled).
    pub step: u32,
    /// The value the job last wrote to what it owns; finding anything else
    /// there at the next step means someone else changed it.
    #[serde(default)]
    pub written: Option<Value>,
    #[serde(default)]
    pub pending: Option<Pending>,
    /// What the job owns as it found it before its first write: where a
    /// ramp starts (and rolls back to), and whether a maintenance found it
    /// already disabled.
    #[serde(default)]
    pub started_from: Option<Value>,
    /// The health preview a returning maintenance waits on.
    #[serde(default)]
    pub preview_id: Option<String>,
    pub updated_at: String,
}

impl Job {
    /// Who history names for this job's writes: its author, and the job.
    pub fn actor(&self) -> String {
        format!(
            "{} ({} job {})",
            self.created_by,
            self.spec.kind_name(),
            self.id.get(..8).unwrap_or(&self.id)
        )
    }
}
