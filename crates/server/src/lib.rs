//! pooldeck-server: serves the built console and an embedded,
//! Cloudflare-compatible Load Balancing API stored in SQLite.
//!
//! The library is what the binary runs and what the tests start in-process,
//! so both exercise the same server.

pub mod api;
pub mod auth;
pub mod cli;
mod clock;
mod console;
pub mod ids;
pub mod store;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use pooldeck_model::{Limits, Pool};
use tokio::net::TcpListener;

use auth::{Auth, Grant};
use store::{Account, Store};

/// Where the API's data lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    File(PathBuf),
    Memory,
}

/// Plan limits (contract §1). Non-Enterprise by default.
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
    pub quotas: Quotas,
    /// Reject every address that is not globally routable (as Cloudflare).
    pub strict_public_addresses: bool,
}

impl Config {
    /// Defaults: loopback port 8787, `dist/`, an in-memory database.
    pub fn new(listen: SocketAddr, dist: PathBuf) -> Self {
        Config {
            listen,
            dist,
            database: Database::Memory,
            tokens: Vec::new(),
            quotas: Quotas::STANDARD,
            strict_public_addresses: false,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pub store: Arc<Store>,
    pub auth: Auth,
    pub quotas: Quotas,
    pub strict_public_addresses: bool,
}

impl AppState {
    /// The validation limits for a pool write in `account`: the endpoints
    /// left in the account's quota (not counting the pool being replaced).
    pub fn limits(&self, account: Option<&Account>, replacing: Option<&str>) -> Limits {
        let used: usize = account
            .into_iter()
            .flat_map(|a| a.pools.values())
            .filter(|p| p.id.as_deref() != replacing || replacing.is_none())
            .map(|p| p.origins.len())
            .sum();
        let base = if self.quotas.enterprise {
            Limits::ENTERPRISE
        } else {
            Limits::STANDARD
        };
        Limits {
            max_origins: self.quotas.endpoints.saturating_sub(used),
            strict_public_addresses: self.strict_public_addresses,
            ..base
        }
    }

    /// A pool as the API shows it. (Health annotations join here once the
    /// prober runs.)
    pub fn present_pool(&self, _account_id: &str, pool: Pool) -> Pool {
        pool
    }
}

/// Every route the server answers: the API under `/client/v4`, and the
/// console everywhere else.
pub fn router(config: &Config, app: Arc<AppState>) -> io::Result<Router> {
    Ok(console::router(&config.dist)?.nest(console::API_PREFIX, api::router(app)))
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
        auth.add(token.clone(), grant.clone());
    }
    let generated = auth.is_empty().then(|| {
        let token = ids::new_secret();
        auth.add(
            token.clone(),
            Grant {
                write: true,
                accounts: None,
            },
        );
        token
    });
    let app = AppState {
        store: Arc::new(store),
        auth,
        quotas: config.quotas,
        strict_public_addresses: config.strict_public_addresses,
    };
    Ok((Arc::new(app), generated))
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    router: Router,
    generated_token: Option<String>,
}

impl Server {
    /// Checks the configuration and binds the listening socket.
    pub async fn bind(config: Config) -> io::Result<Server> {
        if !config.listen.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {}: pooldeck-server listens on loopback addresses only (127.0.0.0/8, ::1)",
                    config.listen
                ),
            ));
        }
        let (app, generated_token) = app_state(&config)?;
        let router = router(&config, app)?;
        let listener = TcpListener::bind(config.listen).await?;
        Ok(Server {
            listener,
            router,
            generated_token,
        })
    }

    /// The read-write token the server made because none was configured.
    pub fn generated_token(&self) -> Option<&str> {
        self.generated_token.as_deref()
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
