//! Where the API is and how to reach it, decided at run time so one build
//! works under any path and against any backend.
//!
//! Sources, later ones winning: the configuration pooldeck-server writes
//! into the page (`<meta name="pooldeck-config">`, the same content as its
//! `config.json`, read without a request), or else `config.json` next to
//! `index.html` (a static host); then `<meta name="pooldeck:…">` tags a
//! hosting portal may add, then the account chosen in Settings, then the
//! query parameters `api`, `account` and `auth` of the page URL.

use pooldeck_model::validate::Limits;
use pooldeck_model::{ConsoleConfig, Plan};

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

/// `config.json` as served (every member optional): the model's type,
/// which pooldeck-server writes, so both sides read the same plan.
pub type ConfigFile = ConsoleConfig;

/// The resolved configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeConfig {
    /// Absolute, without a trailing slash: `http://127.0.0.1:8787/client/v4`.
    pub api_base: String,
    pub account_id: Option<String>,
    pub auth: AuthMode,
    /// `embedded` or `proxy` behind pooldeck-server; `direct` otherwise.
    pub mode: String,
    /// What forms validate against at the plan level (monitors, alerts):
    /// `plan.limits()`.
    pub limits: Limits,
    /// The plan behind `limits`. A pool write needs the endpoints the
    /// account's other pools leave: `plan.pool_limits(used)`, with `used`
    /// from `pooldeck_model::endpoints_in_other_pools`. Without a plan in
    /// `config.json` (a static host, proxy mode) this is the stricter
    /// non-Enterprise default with the quota left to the server.
    pub plan: Plan,
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
    let plan = file.effective_plan();
    RuntimeConfig {
        limits: plan.limits(),
        plan,
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
            plan: Some(Plan {
                enterprise: true,
                endpoint_quota: Some(500),
                strict_public_addresses: true,
                ..Plan::default()
            }),
            ..ConfigFile::default()
        };
        let c = resolve_config(Some(file.clone()), &[], resolve);
        assert_eq!(c.api_base, "http://host/portal/client/v4");
        assert_eq!(c.account_id.as_deref(), Some("aaaa"));
        assert_eq!((c.auth, c.mode.as_str()), (AuthMode::Session, "embedded"));
        assert!(c.limits.enterprise);
        assert_eq!(c.limits.max_origins, 500);
        assert!(c.limits.strict_public_addresses);
        assert_eq!(c.plan.pool_limits(120).max_origins, 380);
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
        assert_eq!(c.plan, Plan::default());
    }

    // Regression (defect 6): the console read `max_origins` as the
    // per-pool maximum and never learnt of strict addresses, so its checks
    // differed from the server's.
    #[test]
    fn the_plan_the_server_states_is_the_one_forms_check() {
        let file: ConfigFile = serde_json::from_str(
            r#"{"mode": "embedded", "plan": {"endpoint_quota": 20, "strict_public_addresses": true}}"#,
        )
        .unwrap();
        let c = resolve_config(Some(file), &[], resolve);
        assert!(c.limits.strict_public_addresses);
        assert_eq!(c.plan.pool_limits(15).max_origins, 5);
    }

    #[test]
    fn a_static_host_may_still_state_the_older_limits() {
        let file: ConfigFile =
            serde_json::from_str(r#"{"limits": {"enterprise": true, "max_origins": 500}}"#)
                .unwrap();
        let c = resolve_config(Some(file), &[], resolve);
        assert!(c.limits.enterprise);
        assert_eq!(c.limits.max_origins, 500);
        assert_eq!(c.plan.endpoint_quota, Some(500));
    }
}
