//! pooldeck-server: serves the built console and an embedded,
//! Cloudflare-compatible Load Balancing API stored in SQLite.
//!
//! The library is what the binary runs and what the tests start in-process,
//! so both exercise the same server.

pub mod api;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config_file;
mod console;
pub mod demo;
pub mod faults;
mod headers;
pub mod history;
pub mod ids;
pub mod jobs;
mod lock;
pub mod portal;
pub mod prober;
pub mod proxy;
pub mod session;
mod signin;
pub mod store;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use pooldeck_model::{endpoints_in_other_pools, Limits, Plan};
use tokio::net::TcpListener;

use auth::{Auth, Grant};
use store::{Account, Store};

/// Where the API's data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    File(PathBuf),
    Memory,
}

/// Plan limits (Cloudflare's published Load Balancing limits).
/// Non-Enterprise by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotas {
    pub pools: usize,
    /// Endpoints across all pools of an account.
    pub endpoints: usize,
    pub monitors: usize,
    /// Allows ALL_REGIONS, CHINA, `check_regions: null`, Enterprise monitor
    /// types and 10-second intervals.
    pub enterprise: bool,
}

impl Quotas {
    pub const STANDARD: Quotas = Quotas {
        pools: 20,
        endpoints: 20,
        monitors: 30,
        enterprise: false,
    };
    pub const ENTERPRISE: Quotas = Quotas {
        pools: 100_000,
        endpoints: 1_000_000,
        monitors: 150_000,
        enterprise: true,
    };
}

/// What the server needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen. Must be a loopback address.
    pub listen: SocketAddr,
    /// The built console (Trunk's `dist/`).
    pub dist: PathBuf,
    pub database: Database,
    /// Tokens and what they grant. When empty, the server makes one
    /// read-write token for every account (see [`Server::generated_token`]).
    pub tokens: Vec<(String, Grant)>,
    /// Labels for some of `tokens`, by secret: who history names for their
    /// writes. The others are named by their place ("token #2").
    pub token_labels: std::collections::HashMap<String, String>,
    pub quotas: Quotas,
    /// Reject every address that is not globally routable (as Cloudflare).
    pub strict_public_addresses: bool,
    /// Networks beyond loopback the prober may connect to.
    pub probe_allow: Vec<prober::allow::Cidr>,
    /// Check every second whatever the monitors' intervals (for tests).
    pub fast_probes: bool,
    /// Start the demo endpoints and seed the demo account.
    pub demo: bool,
    /// The account the console opens (`config.json`); the demo account
    /// with `demo`.
    pub account: Option<String>,
    /// Proxy mode: forward `/client/v4` here instead of serving the
    /// embedded API.
    pub upstream: Option<proxy::Upstream>,
    /// Serve everything under this path (`/portal/lb`), as a portal's
    /// reverse proxy would present it; `""` for the root.
    pub base_path: String,
    /// Origins allowed to show the console in a frame, besides its own.
    pub frame_ancestors: Vec<String>,
    /// Test-only fault injection ([`faults`]): mounts the control endpoint
    /// and applies its rules. Refused unless `listen` is loopback.
    pub fault_injection: bool,
    /// How long the history of writes is kept ([`history`]).
    pub history_retention: history::Retention,
    /// Portal sign-in: the header a trusted proxy names the user in
    /// ([`portal`]).
    pub trusted_header: Option<portal::TrustedHeader>,
    /// Where the jobs runner reads the time; the system clock when `None`
    /// (tests pass a [`clock::ManualClock`]).
    pub clock: Option<Arc<dyn clock::Clock>>,
    /// Run the jobs ([`jobs`]) every second. Off for a second server on
    /// the same database, and in tests that tick the runner themselves.
    pub run_jobs: bool,
}

impl Config {
    /// Defaults: loopback port 8787, `dist/`, an in-memory database.
    pub fn new(listen: SocketAddr, dist: PathBuf) -> Self {
        Config {
            listen,
            dist,
            database: Database::Memory,
            tokens: Vec::new(),
            token_labels: Default::default(),
            quotas: Quotas::STANDARD,
            strict_public_addresses: false,
            probe_allow: Vec::new(),
            fast_probes: false,
            demo: false,
            account: None,
            upstream: None,
            base_path: String::new(),
            frame_ancestors: Vec::new(),
            fault_injection: false,
            history_retention: history::Retention::DEFAULT,
            trusted_header: None,
            clock: None,
            run_jobs: true,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pub store: Arc<Store>,
    pub auth: Auth,
    pub quotas: Quotas,
    pub strict_public_addresses: bool,
    pub prober: Arc<prober::Prober>,
    pub sessions: session::Sessions,
    /// The account the console opens, if one is configured.
    pub account_id: Option<String>,
    /// True in proxy mode (for `config.json`).
    pub proxied: bool,
    /// Serialised pool lists, by account and `?monitor=` filter.
    pub list_cache: api::cache::ListCache,
    /// Where everything is mounted (see [`Config::base_path`]).
    pub base_path: String,
    /// The fault rules, when [`Config::fault_injection`] is on.
    pub faults: Option<Arc<faults::Faults>>,
    /// How long history is kept.
    pub history_retention: history::Retention,
    /// The jobs runner's own token (never printed): its writes are named
    /// after their jobs in the history.
    pub jobs_token: String,
    /// Held while a job moves or is cancelled, so the two never interleave.
    pub jobs_lock: tokio::sync::Mutex<()>,
}

impl AppState {
    /// The plan this server enforces, as `config.json` states it to the
    /// console: the same value both sides derive [`Limits`] from.
    pub fn plan(&self) -> Plan {
        Plan {
            enterprise: self.quotas.enterprise,
            endpoint_quota: Some(self.quotas.endpoints),
            pool_quota: Some(self.quotas.pools),
            monitor_quota: Some(self.quotas.monitors),
            strict_public_addresses: self.strict_public_addresses,
        }
    }

    /// The validation limits for a pool write in `account`: the endpoints
    /// left in the account's quota (not counting the pool being replaced).
    pub fn limits(&self, account: Option<&Account>, replacing: Option<&str>) -> Limits {
        let others = account.into_iter().flat_map(|a| a.pools.values());
        self.plan()
            .pool_limits(endpoints_in_other_pools(others, replacing))
    }
}

/// Every route the server answers: the API under `/client/v4`, and the
/// console everywhere else.
pub fn router(config: &Config, app: Arc<AppState>) -> io::Result<Router> {
    router_and_runner(config, app).map(|(router, _)| router)
}

/// [`router`], and the jobs runner that uses the same `/client/v4` router
/// (so its writes are recorded in the history like any other).
pub fn router_and_runner(
    config: &Config,
    app: Arc<AppState>,
) -> io::Result<(Router, Arc<jobs::Runner>)> {
    let faults = app.faults.clone();
    let pages = console::router(
        &config.dist,
        &config.base_path,
        &signin::console_config(&app),
    )?
    .layer(axum::middleware::from_fn_with_state(
        app.clone(),
        signin::login_link,
    ));
    let api = match &config.upstream {
        Some(upstream) => proxy::router(app.clone(), upstream.clone()),
        None => api::router(app.clone()),
    };
    let api = history::record::wrap(api, app.clone());
    let clock = config
        .clock
        .clone()
        .unwrap_or_else(|| Arc::new(clock::SystemClock));
    let runner = Arc::new(jobs::Runner::new(app.clone(), api.clone(), clock));
    let everything = pages
        .merge(signin::router(app.clone()))
        .merge(history::routes::router(app.clone()))
        .merge(jobs::routes::router(runner.clone()))
        .nest(console::API_PREFIX, api);
    let mounted = match config.base_path.trim_end_matches('/') {
        "" => everything,
        base => under_base_path(base.to_owned(), everything),
    };
    let mounted = match &config.trusted_header {
        Some(trusted) => mounted.layer(axum::middleware::from_fn_with_state(
            (app, Arc::new(trusted.clone())),
            portal::middleware,
        )),
        None => mounted,
    };
    // Faults see the path as sent (base path included) and sit inside the
    // timeout and the standard headers, so an injected answer is shaped
    // like any other.
    let faulty = mounted.layer(axum::middleware::from_fn_with_state(
        faults::Layer {
            faults,
            base_path: config.base_path.clone(),
        },
        faults::middleware,
    ));
    let router = faulty
        .layer(axum::middleware::from_fn(headers::timeout))
        .layer(axum::middleware::from_fn({
            let csp = axum::http::HeaderValue::from_str(&headers::csp(&config.frame_ancestors))
                .map_err(|_| {
                    io::Error::other("--frame-ancestors holds a character a header cannot")
                })?;
            let base_path: Arc<str> = config.base_path.trim_end_matches('/').into();
            move |req, next| headers::standard(csp.clone(), base_path.clone(), req, next)
        }))
        .layer(
            tower_http::compression::CompressionLayer::new()
                // Fast levels: without a precompressed sibling (which
                // console.rs sends as it is: an answer with a
                // Content-Encoding is never compressed again) the wasm is
                // compressed per request, and level 5 is within a few
                // percent of the best for a fraction of the time.
                .quality(tower_http::compression::CompressionLevel::Precise(5)),
        );
    Ok((router, runner))
}

/// Serves `inner` under `base` (`/portal/lb`): the prefix is stripped before
/// `inner` routes the request, so `/portal/lb`, `/portal/lb/` and
/// everything below reach it as `/…`; anything else is a 404. (axum's
/// `nest` does not route `/portal/lb/`, which is where the page lives.)
/// Handlers that need the full path read `OriginalUri`.
fn under_base_path(base: String, inner: Router) -> Router {
    use axum::extract::Request;
    use axum::http::{StatusCode, Uri};
    use axum::middleware::Next;
    use axum::response::IntoResponse;
    Router::new()
        .fallback_service(inner)
        .layer(axum::middleware::from_fn(
            move |mut req: Request, next: Next| {
                let base = base.clone();
                async move {
                    let path = req.uri().path();
                    let rest = if path == base {
                        Some("/".to_owned())
                    } else {
                        path.strip_prefix(base.as_str())
                            .filter(|r| r.starts_with('/'))
                            .map(str::to_owned)
                    };
                    let Some(rest) = rest else {
                        return StatusCode::NOT_FOUND.into_response();
                    };
                    let rewritten = match req.uri().query() {
                        Some(q) => format!("{rest}?{q}"),
                        None => rest,
                    };
                    match rewritten.parse::<Uri>() {
                        Ok(uri) => {
                            *req.uri_mut() = uri;
                            next.run(req).await
                        }
                        Err(_) => StatusCode::BAD_REQUEST.into_response(),
                    }
                }
            },
        ))
}

/// Builds the shared state: opens the store and sets up the tokens.
pub fn app_state(config: &Config) -> io::Result<(Arc<AppState>, Option<String>)> {
    let store = match &config.database {
        Database::File(path) => Store::open(path),
        Database::Memory => Store::in_memory(),
    }
    .map_err(|e| io::Error::other(e.0))?;
    let mut auth = Auth::default();
    for (token, grant) in &config.tokens {
        match config.token_labels.get(token) {
            Some(label) => auth.add_labelled(token.clone(), grant.clone(), label.clone()),
            None => auth.add(token.clone(), grant.clone()),
        }
    }
    let generated = auth.is_empty().then(|| {
        let token = ids::new_secret();
        auth.add_labelled(
            token.clone(),
            Grant {
                write: true,
                accounts: None,
            },
            "generated token".to_owned(),
        );
        token
    });
    // Computed before the runner's token is added: that token must never
    // be what the sign-in link grants.
    let operator = auth.operator_grant();
    let jobs_token = ids::new_secret();
    auth.add_labelled(
        jobs_token.clone(),
        Grant {
            write: true,
            accounts: None,
        },
        jobs::RUNNER_LABEL.to_owned(),
    );
    let store = Arc::new(store);
    if let Some(cutoff) = config
        .history_retention
        .cutoff(std::time::SystemTime::now())
    {
        store
            .prune_history(&cutoff)
            .map_err(|e| io::Error::other(e.0))?;
    }
    let sessions = session::Sessions::persistent(operator, store.clone())
        .map_err(|e| io::Error::other(e.0))?;
    let account_id = config
        .account
        .clone()
        .or_else(|| config.demo.then(|| demo::DEMO_ACCOUNT.to_owned()))
        .or_else(|| {
            config
                .upstream
                .as_ref()
                .and_then(|u| u.accounts.first().cloned())
        });
    let app = AppState {
        store,
        auth,
        quotas: config.quotas,
        strict_public_addresses: config.strict_public_addresses,
        prober: Arc::new(prober::Prober::new(
            prober::allow::AllowList::new(config.probe_allow.clone()),
            config.fast_probes,
        )),
        sessions,
        account_id,
        proxied: config.upstream.is_some(),
        list_cache: Default::default(),
        base_path: config.base_path.clone(),
        faults: config
            .fault_injection
            .then(|| Arc::new(faults::Faults::new())),
        history_retention: config.history_retention,
        jobs_token,
        jobs_lock: tokio::sync::Mutex::new(()),
    };
    Ok((Arc::new(app), generated))
}

/// Seeds the demo account through the API, like any client, with a token
/// that exists only while seeding: it is added before anything else holds
/// the state and removed before the server starts.
async fn seed_demo(app: &mut Arc<AppState>) -> io::Result<()> {
    let token = ids::new_secret();
    let only = || io::Error::other("the demo seed must run before the state is shared");
    Arc::get_mut(app).ok_or_else(only)?.auth.add(
        token.clone(),
        Grant {
            write: true,
            accounts: None,
        },
    );
    let seeded = demo::seed(&api::router_for_seed(app.clone()), &token).await;
    Arc::get_mut(app).ok_or_else(only)?.auth.remove(&token);
    seeded.map_err(|e| io::Error::other(format!("seeding the demo account failed: {e}")))
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    router: Router,
    app: Arc<AppState>,
    generated_token: Option<String>,
    runner: Arc<jobs::Runner>,
    run_jobs: bool,
}

impl Server {
    /// Checks the configuration and binds the listening socket.
    pub async fn bind(config: Config) -> io::Result<Server> {
        // Checked first and said separately: fault injection must never be
        // reachable off this machine, whatever else the listen check
        // becomes.
        if config.fault_injection && !config.listen.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing --fault-injection on {}: the fault mode is for tests and needs a loopback listen address (127.0.0.0/8, ::1)",
                    config.listen
                ),
            ));
        }
        if !config.listen.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {}: pooldeck-server listens on loopback addresses only (127.0.0.0/8, ::1)",
                    config.listen
                ),
            ));
        }
        let (mut app, generated_token) = app_state(&config)?;
        if config.demo {
            demo::start_endpoints().await;
            seed_demo(&mut app).await?;
        }
        let (router, runner) = router_and_runner(&config, app.clone())?;
        let listener = TcpListener::bind(config.listen).await?;
        Ok(Server {
            listener,
            router,
            app,
            generated_token,
            runner,
            run_jobs: config.run_jobs,
        })
    }

    /// The one-time sign-in link's code, while unused.
    pub fn login_code(&self) -> Option<String> {
        self.app.sessions.login_code()
    }

    /// The read-write token the server made because none was configured.
    pub fn generated_token(&self) -> Option<&str> {
        self.generated_token.as_deref()
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The jobs runner (tests tick it themselves).
    pub fn runner(&self) -> Arc<jobs::Runner> {
        self.runner.clone()
    }

    /// The shared state (the tests look at the store and the prober).
    pub fn state(&self) -> Arc<AppState> {
        self.app.clone()
    }

    /// Serves, and runs the prober, until `shutdown` completes; then
    /// finishes in-flight requests (and so in-flight writes) and returns.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let prober = self.app.prober.clone();
        let store = self.app.store.clone();
        let mut stop_prober = stop_rx.clone();
        let probing = tokio::spawn(prober.run(store, async move {
            let _ = stop_prober.wait_for(|stop| *stop).await;
        }));
        let mut stop_jobs = stop_rx.clone();
        let jobs = self.run_jobs.then(|| {
            tokio::spawn(self.runner.clone().run(async move {
                let _ = stop_jobs.wait_for(|stop| *stop).await;
            }))
        });
        // The peer's address is what portal sign-in trusts a user header by.
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        })
        .await;
        let _ = probing.await;
        if let Some(jobs) = jobs {
            let _ = jobs.await;
        }
        served
    }
}
