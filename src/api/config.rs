//! Where the API is and how to reach it, decided at run time so one build
//! works under any path and against any backend.
//!
//! Sources, later ones winning: `config.json` next to `index.html`, then
//! `<meta name="pooldeck:…">` tags a hosting portal may add, then the
//! query parameters `api`, `account` and `auth` of the page URL.

use pooldeck_model::validate::Limits;
use serde::Deserialize;

/// localStorage key of the account chosen in Settings (a preference, not a
/// secret), applied over `config.json` and `<meta>` tags.
pub const ACCOUNT_KEY: &str = "pooldeck.account";

/// How requests are authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// pooldeck-server's session cookie plus the CSRF header: the console
    /// holds no token (the default behind pooldeck-server).
    #[default]
    Session,
    /// A token the user pastes for a direct API base URL, kept in
    /// sessionStorage only.
    Token,
}

impl AuthMode {
    pub fn parse(s: &str) -> Option<AuthMode> {
        match s {
            "session" => Some(AuthMode::Session),
            "token" => Some(AuthMode::Token),
            _ => None,
        }
    }
}

/// `config.json` as served (every member optional).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct ConfigFile {
    pub api_base: Option<String>,
    pub account_id: Option<String>,
    pub auth: Option<String>,
    pub mode: Option<String>,
    /// The account's plan limits, when the server knows them.
    pub limits: Option<PlanLimits>,
}

/// `limits` of `config.json`: what the forms validate against. The real
/// API has no endpoint for it, so a static `config.json` may state it;
/// without one the console assumes the stricter non-Enterprise rules and
/// leaves the endpoint quota to the server.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct PlanLimits {
    #[serde(default)]
    pub enterprise: bool,
    /// Endpoints allowed across the account.
    pub max_origins: Option<usize>,
}

impl PlanLimits {
    /// The validation limits these describe.
    pub fn to_limits(&self) -> Limits {
        let base = if self.enterprise {
            Limits::ENTERPRISE
        } else {
            Limits::STANDARD
        };
        Limits {
            max_origins: self.max_origins.unwrap_or(base.max_origins),
            ..base
        }
    }
}

/// The resolved configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeConfig {
    /// Absolute, without a trailing slash: `http://127.0.0.1:8787/client/v4`.
    pub api_base: String,
    pub account_id: Option<String>,
    pub auth: AuthMode,
    /// `embedded` or `proxy` behind pooldeck-server; `direct` otherwise.
    pub mode: String,
    /// What forms validate against (plan limits).
    pub limits: Limits,
}

/// One layer of overrides (meta tags, query parameters).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    pub api_base: Option<String>,
    pub account_id: Option<String>,
    pub auth: Option<String>,
}

/// Merges the sources. `resolve` turns a relative API base into an absolute
/// URL against the page's base URI.
pub fn resolve_config(
    file: Option<ConfigFile>,
    layers: &[Overrides],
    resolve: impl Fn(&str) -> String,
) -> RuntimeConfig {
    let file = file.unwrap_or_default();
    let mut api_base = file.api_base.clone().unwrap_or_else(|| "client/v4".into());
    let mut account_id = file.account_id.clone();
    let mut auth = file
        .auth
        .as_deref()
        .and_then(AuthMode::parse)
        .unwrap_or_default();
    for layer in layers {
        if let Some(a) = layer.api_base.clone().filter(|s| !s.is_empty()) {
            api_base = a;
        }
        if let Some(a) = layer.account_id.clone().filter(|s| !s.is_empty()) {
            account_id = Some(a);
        }
        if let Some(a) = layer.auth.as_deref().and_then(AuthMode::parse) {
            auth = a;
        }
    }
    let mode = file.mode.clone().unwrap_or_else(|| "direct".into());
    let limits = file.limits.clone().unwrap_or_default().to_limits();
    RuntimeConfig {
        limits,
        api_base: resolve(&api_base).trim_end_matches('/').to_owned(),
        account_id: account_id.map(|a| a.to_ascii_lowercase()),
        auth,
        mode,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(s: &str) -> String {
        if s.contains("://") {
            s.to_owned()
        } else {
            format!("http://host/portal/{s}")
        }
    }

    #[test]
    fn layers_override_in_order() {
        let file = ConfigFile {
            api_base: Some("client/v4".into()),
            account_id: Some("AAAA".into()),
            auth: Some("session".into()),
            mode: Some("embedded".into()),
            limits: Some(PlanLimits {
                enterprise: true,
                max_origins: Some(500),
            }),
        };
        let c = resolve_config(Some(file.clone()), &[], resolve);
        assert_eq!(c.api_base, "http://host/portal/client/v4");
        assert_eq!(c.account_id.as_deref(), Some("aaaa"));
        assert_eq!((c.auth, c.mode.as_str()), (AuthMode::Session, "embedded"));
        assert!(c.limits.enterprise);
        assert_eq!(c.limits.max_origins, 500);
        let meta = Overrides {
            account_id: Some("bbbb".into()),
            ..Default::default()
        };
        let query = Overrides {
            api_base: Some("https://api.example/client/v4/".into()),
            auth: Some("token".into()),
            ..Default::default()
        };
        let c = resolve_config(Some(file), &[meta, query], resolve);
        assert_eq!(c.api_base, "https://api.example/client/v4");
        assert_eq!(c.account_id.as_deref(), Some("bbbb"));
        assert_eq!(c.auth, AuthMode::Token);
    }

    #[test]
    fn no_config_file_means_the_defaults() {
        let c = resolve_config(None, &[], resolve);
        assert_eq!(c.api_base, "http://host/portal/client/v4");
        assert_eq!(
            (c.account_id, c.auth, c.mode.as_str()),
            (None, AuthMode::Session, "direct")
        );
        assert_eq!(
            c.limits,
            Limits::STANDARD,
            "unknown plan: the stricter rules"
        );
    }
}
