//! Health is measured, not invented: a background prober runs each enabled
//! pool's monitor (or monitor group) against its enabled endpoints on the
//! monitor's interval, and what it finds fills `/health`, the `healthy`
//! members of pools and endpoints, previews, and the health-event log that
//! alerts read.
//!
//! Every selected check region reports the same local result. Only
//! addresses on the allow-list are ever contacted ([`allow`]).

pub mod allow;
pub mod check;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use pooldeck_model::health::{format_rtt, pool_is_healthy};
use pooldeck_model::monitor_group::{group_verdict, MemberVerdict};
use pooldeck_model::{
    AddressHealth, CheckRegion, Monitor, Origin, OriginHealth, Pool, PoolHealth, PopHealth,
    PreviewPool, PreviewResult,
};
use tokio::sync::Semaphore;

use crate::clock::now_rfc3339;
use crate::lock::Recover;
use crate::store::{HealthEvent, State, Store};
use allow::AllowList;
use check::{check, http_client, HttpClient, Outcome};

/// How many checks may run at once.
const CONCURRENCY: usize = 64;

/// A monitor as one voting (or observing) member of the check.
#[derive(Clone, Debug)]
struct Member {
    monitor: Monitor,
    monitoring_only: bool,
    must_be_healthy: bool,
}

/// What the prober knows about one endpoint of one pool.
#[derive(Clone, Debug)]
struct EndpointHealth {
    /// The latest check.
    outcome: Outcome,
    /// The verdict after `consecutive_up`/`consecutive_down`.
    verdict: Option<bool>,
    /// The latest raw result and how many times in a row it came.
    streak: (Option<bool>, i64),
    checked_at: Instant,
}

#[derive(Clone, Debug, Default)]
struct PoolBook {
    endpoints: HashMap<String, EndpointHealth>,
    verdict: Option<bool>,
}

/// A preview: `None` until its checks finish.
struct Preview {
    account_id: String,
    result: Option<PreviewResult>,
    started: Instant,
}

/// The prober and everything it has found.
pub struct Prober {
    allow: AllowList,
    /// `--fast-probes`: check every second whatever the monitor's interval.
    fast: bool,
    client: HttpClient,
    book: RwLock<HashMap<String, PoolBook>>,
    previews: Mutex<HashMap<String, Preview>>,
    /// Advances when anything a pool read shows changes (a verdict or a
    /// failure reason; not every RTT sample).
    version: std::sync::atomic::AtomicU64,
}

/// One pool's due checks.
struct Job {
    account_id: String,
    pool_id: String,
    origin: Origin,
    members: Vec<Member>,
}

impl Prober {
    pub fn new(allow: AllowList, fast: bool) -> Self {
        Prober {
            allow,
            fast,
            client: http_client(),
            book: RwLock::new(HashMap::new()),
            previews: Mutex::new(HashMap::new()),
            version: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn interval(&self, members: &[Member]) -> Duration {
        if self.fast {
            return Duration::from_secs(1);
        }
        let secs = members
            .iter()
            .map(|m| m.monitor.interval)
            .min()
            .unwrap_or(60)
            .max(1);
        Duration::from_secs(secs as u64)
    }

    /// The monitors that check a pool, or none (no monitor attached).
    fn members(state: &State, account_id: &str, pool: &Pool) -> Vec<Member> {
        let Some(account) = state.account(account_id) else {
            return Vec::new();
        };
        if let Some(monitor) = pool.monitor_id().and_then(|id| account.monitors.get(id)) {
            return vec![Member {
                monitor: monitor.clone(),
                monitoring_only: false,
                must_be_healthy: false,
            }];
        }
        let Some(group) = pool
            .monitor_group_id()
            .and_then(|id| account.monitor_groups.get(id))
        else {
            return Vec::new();
        };
        group
            .members
            .iter()
            .filter(|m| m.enabled)
            .filter_map(|m| {
                account.monitors.get(&m.monitor_id).map(|monitor| Member {
                    monitor: monitor.clone(),
                    monitoring_only: m.monitoring_only,
                    must_be_healthy: m.must_be_healthy,
                })
            })
            .collect()
    }

    /// The checks that are due now; forgets pools and endpoints that are
    /// gone or disabled.
    fn due(&self, state: &State) -> Vec<Job> {
        let now = Instant::now();
        let mut jobs = Vec::new();
        let mut live: HashSet<String> = HashSet::new();
        let book = self.book.read().recover();
        for (account_id, account) in &state.accounts {
            for (pool_id, pool) in &account.pools {
                let members = Self::members(state, account_id, pool);
                if !pool.enabled || members.is_empty() {
                    continue;
                }
                live.insert(pool_id.clone());
                let every = self.interval(&members);
                for origin in pool.enabled_origins() {
                    let last = book
                        .get(pool_id)
                        .and_then(|b| b.endpoints.get(&origin.address));
                    if last.is_none_or(|e| now.duration_since(e.checked_at) >= every) {
                        jobs.push(Job {
                            account_id: account_id.clone(),
                            pool_id: pool_id.clone(),
                            origin: origin.clone(),
                            members: members.clone(),
                        });
                    }
                }
            }
        }
        drop(book);
        let mut book = self.book.write().recover();
        book.retain(|id, _| live.contains(id));
        jobs
    }

    /// Runs one endpoint's check with every member monitor and combines
    /// them as a monitor group would.
    async fn run_job(&self, job: &Job) -> Outcome {
        let ip = match self.allow.target(&job.origin.address) {
            Ok(ip) => ip,
            Err(reason) => return Outcome::unknown(reason),
        };
        let mut results = Vec::with_capacity(job.members.len());
        for member in &job.members {
            results.push(check(&self.client, ip, &job.origin, &member.monitor, &job.pool_id).await);
        }
        combine(&job.members, results)
    }

    /// One round: run what is due, update verdicts, record transitions.
    pub async fn round(self: &Arc<Self>, store: &Arc<Store>) {
        let jobs = store.read(|s| self.due(s));
        if jobs.is_empty() {
            return;
        }
        let permits = Arc::new(Semaphore::new(CONCURRENCY));
        let mut tasks = tokio::task::JoinSet::new();
        for job in jobs {
            let me = self.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire().await;
                let outcome = me.run_job(&job).await;
                (job, outcome)
            });
        }
        let mut results = Vec::new();
        while let Some(Ok(done)) = tasks.join_next().await {
            results.push(done);
        }
        let events = store.read(|s| self.record(s, results));
        if !events.is_empty() {
            let store = store.clone();
            let _ = tokio::task::spawn_blocking(move || store.record_events(&events)).await;
        }
    }

    /// Folds results into the book and returns the transitions.
    fn record(&self, state: &State, results: Vec<(Job, Outcome)>) -> Vec<HealthEvent> {
        let at = now_rfc3339();
        let mut events = Vec::new();
        let mut book = self.book.write().recover();
        let mut touched: HashMap<String, String> = HashMap::new();
        for (job, outcome) in results {
            let (up, down) = job
                .members
                .first()
                .map(|m| {
                    (
                        m.monitor.consecutive_up.unwrap_or(0),
                        m.monitor.consecutive_down.unwrap_or(0),
                    )
                })
                .unwrap_or((0, 0));
            let pool = book.entry(job.pool_id.clone()).or_default();
            let before = pool.endpoints.get(&job.origin.address).cloned();
            let raw = outcome.healthy;
            let streak = match &before {
                Some(e) if e.streak.0 == raw => (raw, e.streak.1 + 1),
                _ => (raw, 1),
            };
            let previous = before.as_ref().and_then(|e| e.verdict);
            let needed = match raw {
                Some(true) => up.max(1),
                Some(false) => down.max(1),
                None => 1,
            };
            let verdict = if previous.is_none() || streak.1 >= needed {
                raw
            } else {
                previous
            };
            if is_transition(previous, verdict) {
                events.push(HealthEvent {
                    at: at.clone(),
                    account_id: job.account_id.clone(),
                    pool_id: job.pool_id.clone(),
                    source: "origin",
                    address: Some(job.origin.address.clone()),
                    healthy: verdict == Some(true),
                });
            }
            let shown_before = before
                .as_ref()
                .map(|e| (e.verdict, e.outcome.failure_reason.clone()));
            if shown_before != Some((verdict, outcome.failure_reason.clone())) {
                self.version
                    .fetch_add(1, std::sync::atomic::Ordering::Release);
            }
            pool.endpoints.insert(
                job.origin.address.clone(),
                EndpointHealth {
                    outcome,
                    verdict,
                    streak,
                    checked_at: Instant::now(),
                },
            );
            touched.insert(job.pool_id, job.account_id);
        }
        for (pool_id, account_id) in touched {
            let Some(pool) = state
                .account(&account_id)
                .and_then(|a| a.pools.get(&pool_id))
            else {
                continue;
            };
            let entry = book.entry(pool_id.clone()).or_default();
            let enabled: Vec<&Origin> = pool.enabled_origins().collect();
            entry
                .endpoints
                .retain(|address, _| enabled.iter().any(|o| &o.address == address));
            let verdicts: Vec<Option<bool>> = enabled
                .iter()
                .map(|o| entry.endpoints.get(&o.address).and_then(|e| e.verdict))
                .collect();
            let verdict = if verdicts.iter().all(Option::is_none) {
                None
            } else {
                let healthy = verdicts.iter().filter(|v| **v == Some(true)).count();
                Some(pool_is_healthy(healthy, pool.minimum_origins))
            };
            let previous = entry.verdict;
            if is_transition(previous, verdict) {
                events.push(HealthEvent {
                    at: at.clone(),
                    account_id: account_id.clone(),
                    pool_id: pool_id.clone(),
                    source: "pool",
                    address: None,
                    healthy: verdict == Some(true),
                });
            }
            if entry.verdict != verdict {
                self.version
                    .fetch_add(1, std::sync::atomic::Ordering::Release);
            }
            entry.verdict = verdict;
        }
        events
    }

    /// Runs rounds until `stop` resolves.
    pub async fn run(
        self: Arc<Self>,
        store: Arc<Store>,
        stop: impl std::future::Future<Output = ()>,
    ) {
        let tick = if self.fast {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(1)
        };
        tokio::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => return,
                () = self.round(&store) => {}
            }
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(tick) => {}
            }
            self.expire_previews();
        }
    }

    /// The change counter (see the field).
    pub fn version(&self) -> u64 {
        self.version.load(std::sync::atomic::Ordering::Acquire)
    }

    /// A pool as the API shows it: `healthy` on the pool and on each
    /// enabled endpoint, from the latest verdicts. A pool without a monitor
    /// is not checked and counts as healthy, as Cloudflare treats it.
    pub fn annotate(&self, state: &State, account_id: &str, mut pool: Pool) -> Pool {
        if !pool.enabled {
            return pool;
        }
        let unmonitored = Self::members(state, account_id, &pool).is_empty();
        let book = self.book.read().recover();
        let entry = pool.id.as_deref().and_then(|id| book.get(id));
        for origin in pool.origins.iter_mut().filter(|o| o.enabled) {
            if unmonitored {
                origin.healthy = Some(true);
                continue;
            }
            if let Some(e) = entry.and_then(|b| b.endpoints.get(&origin.address)) {
                origin.healthy = e.verdict;
                origin.failure_reason = Some(e.outcome.failure_reason.clone());
            }
        }
        pool.healthy = if unmonitored {
            Some(true)
        } else {
            entry.and_then(|b| b.verdict)
        };
        pool
    }

    /// `GET …/pools/{id}/health`: `None` when there is no health data (no
    /// monitor, disabled, or not checked yet).
    pub fn health(&self, state: &State, account_id: &str, pool: &Pool) -> Option<PoolHealth> {
        let pool_id = pool.id.clone()?;
        if !pool.enabled || Self::members(state, account_id, pool).is_empty() {
            return None;
        }
        let book = self.book.read().recover();
        let entry = book.get(&pool_id)?;
        let origins: Vec<AddressHealth> = pool
            .enabled_origins()
            .filter_map(|o| {
                entry
                    .endpoints
                    .get(&o.address)
                    .map(|e| address_health(&o.address, e.verdict, &e.outcome))
            })
            .collect();
        if origins.is_empty() {
            return None;
        }
        let regions: Vec<String> = match pool.regions() {
            [] => CheckRegion::GEOGRAPHIC
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            rs if rs.contains(&CheckRegion::AllRegions) => CheckRegion::GEOGRAPHIC
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            rs => rs.iter().map(|r| r.as_str().to_owned()).collect(),
        };
        let pop_health: BTreeMap<String, PopHealth> = regions
            .into_iter()
            .map(|region| {
                (
                    region,
                    PopHealth {
                        // A boolean in Cloudflare's schema: not known to be
                        // healthy is false.
                        healthy: Some(entry.verdict.unwrap_or(false)),
                        origins: origins.clone(),
                        extra: Default::default(),
                    },
                )
            })
            .collect();
        Some(PoolHealth {
            pool_id,
            pop_health,
            extra: Default::default(),
        })
    }

    /// Starts checking `pools` with `monitor` once, now; the result is read
    /// with [`Prober::preview`].
    pub fn start_preview(
        self: &Arc<Self>,
        account_id: &str,
        pools: Vec<Pool>,
        monitor: Monitor,
    ) -> String {
        let id = crate::ids::new_hex_id();
        self.previews.lock().recover().insert(
            id.clone(),
            Preview {
                account_id: account_id.to_owned(),
                result: None,
                started: Instant::now(),
            },
        );
        let me = self.clone();
        let preview_id = id.clone();
        tokio::spawn(async move {
            let member = vec![Member {
                monitor,
                monitoring_only: false,
                must_be_healthy: false,
            }];
            let mut result = PreviewResult::new();
            for pool in pools {
                let pool_id = pool.id.clone().unwrap_or_default();
                let mut origins = Vec::new();
                let mut healthy = 0usize;
                // Disabled endpoints are checked too (a maintenance job
                // asks whether one may come back), but only enabled ones
                // count towards the pool's verdict.
                for origin in &pool.origins {
                    let job = Job {
                        account_id: String::new(),
                        pool_id: pool_id.clone(),
                        origin: origin.clone(),
                        members: member.clone(),
                    };
                    let outcome = me.run_job(&job).await;
                    healthy += usize::from(origin.enabled && outcome.healthy == Some(true));
                    origins.push(address_health(&origin.address, outcome.healthy, &outcome));
                }
                result.insert(
                    pool_id,
                    PreviewPool {
                        healthy: Some(pool_is_healthy(healthy, pool.minimum_origins)),
                        origins,
                        extra: Default::default(),
                    },
                );
            }
            if let Some(p) = me.previews.lock().recover().get_mut(&preview_id) {
                p.result = Some(result);
            }
        });
        id
    }

    /// A preview's result: `None` for an unknown ID (or another account's),
    /// `Some(None)` while its checks run.
    pub fn preview(&self, account_id: &str, id: &str) -> Option<Option<PreviewResult>> {
        let previews = self.previews.lock().recover();
        let p = previews.get(id).filter(|p| p.account_id == account_id)?;
        Some(p.result.clone())
    }

    fn expire_previews(&self) {
        let mut previews = self.previews.lock().recover();
        previews.retain(|_, p| p.started.elapsed() < Duration::from_secs(600));
    }
}

/// One endpoint's entry in `/health` and preview results. Cloudflare's
/// schema makes `healthy` a boolean, so an endpoint without a verdict (not
/// probed) is `false`, with `"not probed: …"` saying why.
/// Whether a verdict change is an event to log (and alert on): a change
/// between known verdicts, or a first verdict that is "down". A first
/// "up" is how every endpoint starts, not news.
fn is_transition(previous: Option<bool>, verdict: Option<bool>) -> bool {
    verdict.is_some() && verdict != previous && (previous.is_some() || verdict == Some(false))
}

fn address_health(address: &str, verdict: Option<bool>, outcome: &Outcome) -> AddressHealth {
    let health = match verdict {
        None => OriginHealth::not_probed(&outcome.failure_reason),
        Some(healthy) => OriginHealth {
            healthy: Some(healthy),
            rtt: outcome.rtt.map(format_rtt),
            failure_reason: Some(outcome.failure_reason.clone()),
            response_code: outcome.response_code.map(i64::from),
            extra: Default::default(),
        },
    };
    AddressHealth {
        address: address.to_owned(),
        health,
    }
}

/// Combines the members' results the way a monitor group votes (a single
/// monitor is a group of one).
fn combine(members: &[Member], results: Vec<Outcome>) -> Outcome {
    if results.len() == 1 {
        return results.into_iter().next().expect("one result");
    }
    let verdicts: Vec<MemberVerdict> = members
        .iter()
        .zip(&results)
        .filter_map(|(m, r)| {
            r.healthy.map(|healthy| MemberVerdict {
                enabled: true,
                monitoring_only: m.monitoring_only,
                must_be_healthy: m.must_be_healthy,
                healthy,
            })
        })
        .collect();
    if verdicts.is_empty() {
        return results
            .into_iter()
            .next()
            .unwrap_or_else(|| Outcome::unknown("no monitor checked"));
    }
    let healthy = group_verdict(&verdicts);
    let first_failure = results.iter().find(|r| r.healthy == Some(false)).cloned();
    let first_pass = results.iter().find(|r| r.healthy == Some(true)).cloned();
    let mut outcome = if healthy {
        first_pass.or(first_failure)
    } else {
        first_failure.or(first_pass)
    }
    .expect("at least one known result");
    outcome.healthy = Some(healthy);
    outcome
}
