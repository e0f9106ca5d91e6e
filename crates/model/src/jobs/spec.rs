//! What a job is asked to do, and the checks a request must pass.

use serde::{Deserialize, Serialize};

use crate::pool::Pool;

/// What a maintenance window takes out of service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// The whole pool (`enabled`).
    Pool,
    /// One endpoint, by name (its `enabled`).
    Endpoint { name: String },
}

/// A job's instructions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JobSpec {
    /// Disable `target` from `start_at` to `end_at` (RFC 3339), then
    /// re-enable it once a health check with the pool's monitor passes,
    /// checking again every `recheck_secs` until it does.
    Maintenance {
        target: Target,
        start_at: String,
        end_at: String,
        #[serde(default = "default_recheck")]
        recheck_secs: u64,
    },
    /// Bring `endpoint`'s weight from `from` (its current weight when
    /// absent) to `to` in `steps` equal steps, one every `interval_secs`.
    /// It pauses when the endpoint or the pool turns unhealthy, and with
    /// `rollback` sets the weight back to where it started.
    Ramp {
        endpoint: String,
        #[serde(default)]
        from: Option<f64>,
        to: f64,
        steps: u32,
        interval_secs: u64,
        #[serde(default)]
        rollback: bool,
    },
}

fn default_recheck() -> u64 {
    60
}

/// `POST /_pooldeck/jobs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRequest {
    pub account_id: String,
    pub pool_id: String,
    pub spec: JobSpec,
}

impl JobSpec {
    /// `maintenance` or `ramp`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            JobSpec::Maintenance { .. } => "maintenance",
            JobSpec::Ramp { .. } => "ramp",
        }
    }

    /// The job in one line, as lists show it.
    pub fn describe(&self) -> String {
        let minutes = |secs: u64| match secs {
            s if s % 60 == 0 => format!("{} min", s / 60),
            s => format!("{s} s"),
        };
        match self {
            JobSpec::Maintenance {
                target,
                start_at,
                end_at,
                ..
            } => {
                let what = match target {
                    Target::Pool => "the pool".to_owned(),
                    Target::Endpoint { name } => format!("endpoint {name}"),
                };
                // Full RFC 3339 times: the console shows them in the
                // browser's zone (`times::time_spans`).
                format!("Maintenance of {what}, {start_at} to {end_at}")
            }
            JobSpec::Ramp {
                endpoint,
                from,
                to,
                steps,
                interval_secs,
                ..
            } => {
                let from = from.map_or("its weight".to_owned(), |f| f.to_string());
                format!(
                    "Ramp {endpoint} from {from} to {to} in {steps} steps, one every {}",
                    minutes(*interval_secs)
                )
            }
        }
    }

    /// The endpoint the job works on, if it is one endpoint.
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            JobSpec::Maintenance {
                target: Target::Endpoint { name },
                ..
            } => Some(name),
            JobSpec::Ramp { endpoint, .. } => Some(endpoint),
            JobSpec::Maintenance { .. } => None,
        }
    }

    /// Why the request cannot run on `pool`, if it cannot. `start_at` and
    /// `end_at` must be in the API's timestamp format (checked by the
    /// caller, which can parse them); here only their order is compared.
    pub fn problem(&self, pool: &Pool) -> Option<String> {
        if let Some(name) = self.endpoint() {
            if !pool.origins.iter().any(|o| o.name == name) {
                return Some(format!("pool {} has no endpoint named {name}", pool.name));
            }
        }
        match self {
            JobSpec::Maintenance {
                start_at,
                end_at,
                recheck_secs,
                ..
            } => {
                if end_at <= start_at {
                    return Some("the window must end after it starts".into());
                }
                if !(10..=86_400).contains(recheck_secs) {
                    return Some("recheck_secs must be between 10 and 86400".into());
                }
                None
            }
            JobSpec::Ramp {
                from,
                to,
                steps,
                interval_secs,
                ..
            } => {
                let weight = |w: f64| (0.0..=1.0).contains(&w);
                if !weight(*to) || from.is_some_and(|f| !weight(f)) {
                    return Some("weights are between 0 and 1".into());
                }
                if !(1..=100).contains(steps) {
                    return Some("steps must be between 1 and 100".into());
                }
                if !(1..=86_400).contains(interval_secs) {
                    return Some("interval_secs must be between 1 and 86400".into());
                }
                None
            }
        }
    }
}
