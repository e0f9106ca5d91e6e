//! `--config FILE`: the settings a command line cannot hold well. TOML:
//!
//! ```toml
//! account = "0123456789abcdef0123456789abcdef"  # the account the console opens
//! enterprise = false
//! strict_public_addresses = false
//! probe_allow = ["192.0.2.0/24"]
//!
//! [quotas]            # any subset; the rest keep the plan's defaults
//! pools = 20
//! endpoints = 20
//! monitors = 30
//!
//! [[tokens]]
//! secret_env = "POOLDECK_OPS_TOKEN"   # or: secret = "…"
//! label = "ops"                       # who history names; else "token #N"
//! write = true
//! accounts = ["0123456789abcdef0123456789abcdef"]  # omit for every account
//! ```
//!
//! Unknown keys are errors, so a typo cannot silently drop a setting.
//! Command-line flags add to what the file says.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::auth::Grant;
use crate::prober::allow::Cidr;
use crate::{Config, Quotas};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub account: Option<String>,
    #[serde(default)]
    pub enterprise: bool,
    #[serde(default)]
    pub strict_public_addresses: bool,
    #[serde(default)]
    pub probe_allow: Vec<String>,
    #[serde(default)]
    pub quotas: QuotaOverrides,
    #[serde(default)]
    pub tokens: Vec<TokenEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaOverrides {
    pub pools: Option<usize>,
    pub endpoints: Option<usize>,
    pub monitors: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenEntry {
    pub secret: Option<String>,
    pub secret_env: Option<String>,
    /// Who history names for this token's writes ("ci", "terraform").
    pub label: Option<String>,
    #[serde(default)]
    pub write: bool,
    pub accounts: Option<Vec<String>>,
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<FileConfig, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl FileConfig {
    /// Applies the file to `config` (which holds the command line's view).
    pub fn apply(self, config: &mut Config) -> Result<(), String> {
        if self.enterprise {
            config.quotas = Quotas::ENTERPRISE;
        }
        let q = &self.quotas;
        config.quotas.pools = q.pools.unwrap_or(config.quotas.pools);
        config.quotas.endpoints = q.endpoints.unwrap_or(config.quotas.endpoints);
        config.quotas.monitors = q.monitors.unwrap_or(config.quotas.monitors);
        config.strict_public_addresses |= self.strict_public_addresses;
        for cidr in &self.probe_allow {
            config.probe_allow.push(cidr.parse::<Cidr>()?);
        }
        if config.account.is_none() {
            if let Some(account) = self.account {
                check_account(&account)?;
                config.account = Some(account.to_ascii_lowercase());
            }
        }
        for (i, entry) in self.tokens.into_iter().enumerate() {
            let secret = match (entry.secret, entry.secret_env) {
                (Some(s), None) => s,
                (None, Some(var)) => std::env::var(&var)
                    .map_err(|_| format!("tokens[{i}]: environment variable {var} is not set"))?,
                _ => {
                    return Err(format!(
                        "tokens[{i}]: give exactly one of secret or secret_env"
                    ))
                }
            };
            if secret.trim().is_empty() {
                return Err(format!("tokens[{i}]: the secret is empty"));
            }
            let accounts = match entry.accounts {
                None => None,
                Some(list) => {
                    for a in &list {
                        check_account(a)?;
                    }
                    Some(
                        list.iter()
                            .map(|a| a.to_ascii_lowercase())
                            .collect::<HashSet<_>>(),
                    )
                }
            };
            if let Some(label) = entry.label.map(|l| l.trim().to_owned()) {
                if label.is_empty() || label.len() > 100 {
                    return Err(format!("tokens[{i}]: a label is 1 to 100 characters"));
                }
                config.token_labels.insert(secret.trim().to_owned(), label);
            }
            config.tokens.push((
                secret.trim().to_owned(),
                Grant {
                    write: entry.write,
                    accounts,
                },
            ));
        }
        Ok(())
    }
}

fn check_account(id: &str) -> Result<(), String> {
    if crate::ids::is_hex_id(id) {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not an account ID (32 hexadecimal characters)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("127.0.0.1:0".parse().unwrap(), "dist".into())
    }

    #[test]
    fn a_full_file_applies() {
        let file: FileConfig = toml::from_str(
            r#"
            account = "0123456789ABCDEF0123456789abcdef"
            probe_allow = ["192.0.2.0/24"]
            [quotas]
            pools = 5
            [[tokens]]
            secret = "ops-token"
            write = true
            accounts = ["0123456789abcdef0123456789abcdef"]
            [[tokens]]
            secret = "viewer"
            "#,
        )
        .unwrap();
        let mut c = config();
        file.apply(&mut c).unwrap();
        assert_eq!(c.quotas.pools, 5);
        assert_eq!(c.quotas.endpoints, 20);
        assert_eq!(
            c.account.as_deref(),
            Some("0123456789abcdef0123456789abcdef")
        );
        assert_eq!(c.probe_allow.len(), 1);
        assert_eq!(c.tokens.len(), 2);
        assert!(c.tokens[0].1.write && c.tokens[0].1.covers("0123456789abcdef0123456789abcdef"));
        assert!(!c.tokens[0].1.covers("ffffffffffffffffffffffffffffffff"));
        assert!(!c.tokens[1].1.write && c.tokens[1].1.accounts.is_none());
    }

    #[test]
    fn mistakes_are_errors() {
        assert!(
            toml::from_str::<FileConfig>("enterprize = true").is_err(),
            "typos are caught"
        );
        let both: FileConfig =
            toml::from_str("[[tokens]]\nsecret = \"a\"\nsecret_env = \"B\"").unwrap();
        assert!(both.apply(&mut config()).is_err());
        let bad: FileConfig =
            toml::from_str("[[tokens]]\nsecret = \"a\"\naccounts = [\"nope\"]").unwrap();
        assert!(bad.apply(&mut config()).is_err());
        let cidr: FileConfig = toml::from_str("probe_allow = [\"10.0.0.0/99\"]").unwrap();
        assert!(cidr.apply(&mut config()).is_err());
    }
}
