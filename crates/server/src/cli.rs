//! Command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::auth::Grant;
use crate::{Config, Database, Quotas};

/// Serves the Pooldeck console and an embedded, Cloudflare-compatible Load
/// Balancing API stored in SQLite, under /client/v4.
#[derive(Debug, Parser)]
#[command(name = "pooldeck-server", version, about)]
pub struct Args {
    /// Address to listen on. Loopback only (127.0.0.0/8 or ::1).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// The built console: the `dist/` directory Trunk writes.
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,

    /// The SQLite database file of the embedded API (created if missing).
    #[arg(long, default_value = "pooldeck.db", conflicts_with = "memory")]
    pub db: PathBuf,

    /// Keep the embedded API's data in memory only; nothing survives a
    /// restart.
    #[arg(long)]
    pub memory: bool,

    /// An API token with read and write access to every account
    /// (`Authorization: Bearer <token>`). Repeatable. With no --token and no
    /// --read-token, the server makes one and prints it.
    #[arg(long = "token", value_name = "SECRET")]
    pub tokens: Vec<String>,

    /// An API token with read-only access to every account. Repeatable.
    #[arg(long = "read-token", value_name = "SECRET")]
    pub read_tokens: Vec<String>,

    /// Enterprise limits: lifts the pool, endpoint and monitor quotas and
    /// allows ALL_REGIONS, CHINA, `check_regions: null`, the Enterprise
    /// monitor types and 10-second intervals.
    #[arg(long)]
    pub enterprise: bool,

    /// Reject endpoint addresses that are not globally routable unless they
    /// have a virtual network, as Cloudflare does. (Off by default, so
    /// loopback endpoints can be probed.)
    #[arg(long)]
    pub strict_public_addresses: bool,

    /// A network the health prober may connect to, besides loopback (which
    /// is always allowed). Repeatable. No other address is ever contacted:
    /// endpoints outside the list report "not probed".
    #[arg(long = "probe-allow", value_name = "CIDR")]
    pub probe_allow: Vec<crate::prober::allow::Cidr>,

    /// Check every endpoint every second, whatever its monitor's interval
    /// (for tests and demos).
    #[arg(long)]
    pub fast_probes: bool,

    /// Start five tiny HTTP endpoints on 127.0.0.2-6 (port 18080) and seed
    /// a demo account with monitors, pools, load balancers and an alert, so
    /// the console shows real, changing health. Seeds only an empty account.
    #[arg(long)]
    pub demo: bool,

    /// The account ID (32 hex characters) the console opens. Defaults to
    /// the demo account with --demo.
    #[arg(long, value_parser = parse_account)]
    pub account: Option<String>,

    /// Proxy mode: forward /client/v4 to this API (for example
    /// https://api.cloudflare.com/client/v4) instead of serving the embedded
    /// one. Callers still sign in to this server; the upstream token stays
    /// here and never reaches the browser.
    #[arg(long, value_name = "URL", conflicts_with = "demo")]
    pub upstream: Option<String>,

    /// The environment variable that holds the upstream API token (proxy
    /// mode). The token is read once at start and never printed.
    #[arg(
        long,
        value_name = "VAR",
        default_value = "CLOUDFLARE_API_TOKEN",
        requires = "upstream"
    )]
    pub upstream_token_env: String,

    /// Proxy mode: forward only requests for this account (repeatable);
    /// everything else gets a Cloudflare-shaped 403.
    #[arg(long = "allow-account", value_name = "ID", value_parser = parse_account, requires = "upstream")]
    pub allow_accounts: Vec<String>,

    /// A TOML file with tokens scoped to accounts, quotas, the probe
    /// allow-list and the account to open (see the README). Flags add to it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,

    /// Serve everything (console, API, sign-in) under this path, e.g.
    /// `/portal/lb`, as an internal portal presents it.
    #[arg(long, value_name = "PATH", default_value = "", value_parser = parse_base_path)]
    pub base_path: String,

    /// An origin allowed to show the console in a frame (repeatable), e.g.
    /// https://portal.example. Its own origin always may.
    #[arg(long = "frame-ancestors", value_name = "ORIGIN", value_parser = parse_origin)]
    pub frame_ancestors: Vec<String>,

    /// Proxy mode: forward only reads (GET, HEAD).
    #[arg(long, requires = "upstream")]
    pub read_only: bool,

    /// Portal sign-in: take the user's name from this header (for example
    /// X-Forwarded-Email from oauth2-proxy), set by a proxy in front of
    /// this server. The name appears in history and jobs.
    #[arg(long, value_name = "NAME", value_parser = parse_header_name)]
    pub trust_user_header: Option<axum::http::HeaderName>,

    /// A network the --trust-user-header proxy connects from (repeatable).
    /// Default: loopback. The header from any other address is refused.
    #[arg(
        long = "trusted-proxy",
        value_name = "CIDR",
        requires = "trust_user_header"
    )]
    pub trusted_proxies: Vec<crate::prober::allow::Cidr>,

    /// Do not run jobs (scheduled maintenance, weight ramps) here: for a
    /// second server on the same database, where one already runs them.
    #[arg(long)]
    pub no_jobs: bool,

    /// Keep the history of writes (who changed what, before and after)
    /// for this many days; 0 keeps it forever.
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub history_days: u64,

    /// TEST ONLY: mount /__pooldeck/faults, whose rules make chosen
    /// requests slow, failed (500/502/429…), malformed or dropped. Refused
    /// unless --listen is a loopback address.
    #[arg(long)]
    pub fault_injection: bool,
}

fn parse_header_name(s: &str) -> Result<axum::http::HeaderName, String> {
    let name = axum::http::HeaderName::try_from(s.trim())
        .map_err(|_| "a header name looks like X-Forwarded-Email".to_owned())?;
    if matches!(
        name,
        axum::http::header::AUTHORIZATION | axum::http::header::COOKIE | axum::http::header::HOST
    ) {
        return Err(format!("{name} cannot name the user"));
    }
    Ok(name)
}

fn parse_origin(s: &str) -> Result<String, String> {
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.split_once("://").is_some_and(|(_, rest)| {
            !rest.is_empty() && !rest.contains(['/', ' ', ';', ',', '\''])
        });
    if ok {
        Ok(s.to_owned())
    } else {
        Err("an origin looks like https://portal.example".into())
    }
}

fn parse_base_path(s: &str) -> Result<String, String> {
    let trimmed = s.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let ok = trimmed.starts_with('/')
        && trimmed.split('/').skip(1).all(|seg| {
            !seg.is_empty()
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
        });
    if ok {
        Ok(trimmed.to_owned())
    } else {
        Err("a base path looks like /portal/lb".into())
    }
}

fn parse_account(s: &str) -> Result<String, String> {
    if crate::ids::is_hex_id(s) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err("an account ID is 32 hexadecimal characters".into())
    }
}

impl Args {
    /// The configuration these flags describe. Fails when proxy mode's
    /// token variable is unset or empty.
    pub fn into_config(self) -> Result<Config, String> {
        let upstream = match &self.upstream {
            None => None,
            Some(url) => {
                let token = std::env::var(&self.upstream_token_env).unwrap_or_default();
                if token.trim().is_empty() {
                    return Err(format!(
                        "proxy mode needs the upstream API token in ${}",
                        self.upstream_token_env
                    ));
                }
                Some(crate::proxy::Upstream {
                    base: url.trim_end_matches('/').to_owned(),
                    token: token.trim().to_owned(),
                    accounts: self.allow_accounts.clone(),
                    read_only: self.read_only,
                })
            }
        };
        let file = match &self.config {
            Some(path) => Some(crate::config_file::load(path)?),
            None => None,
        };
        let mut config = Config::from(self);
        config.upstream = upstream;
        if let Some(file) = file {
            file.apply(&mut config)?;
        }
        Ok(config)
    }
}

impl From<Args> for Config {
    fn from(args: Args) -> Self {
        let write = args.tokens.into_iter().map(|t| {
            (
                t,
                Grant {
                    write: true,
                    accounts: None,
                },
            )
        });
        let read = args.read_tokens.into_iter().map(|t| {
            (
                t,
                Grant {
                    write: false,
                    accounts: None,
                },
            )
        });
        Config {
            listen: args.listen,
            dist: args.dist,
            database: if args.memory {
                Database::Memory
            } else {
                Database::File(args.db)
            },
            tokens: write.chain(read).collect(),
            token_labels: Default::default(),
            quotas: if args.enterprise {
                Quotas::ENTERPRISE
            } else {
                Quotas::STANDARD
            },
            strict_public_addresses: args.strict_public_addresses,
            probe_allow: args.probe_allow,
            fast_probes: args.fast_probes,
            demo: args.demo,
            account: args.account,
            upstream: None,
            base_path: args.base_path,
            frame_ancestors: args.frame_ancestors,
            fault_injection: args.fault_injection,
            history_retention: crate::history::Retention::days(args.history_days),
            clock: None,
            run_jobs: !args.no_jobs,
            trusted_header: args.trust_user_header.map(|header| {
                let mut trusted = crate::portal::TrustedHeader::from_loopback(header);
                if !args.trusted_proxies.is_empty() {
                    trusted.proxies = args.trusted_proxies;
                }
                trusted
            }),
        }
    }
}
