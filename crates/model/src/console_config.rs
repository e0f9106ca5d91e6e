//! `config.json`: what the console reads at start, and what pooldeck-server
//! writes for it. One type for both sides, so the limits the console's
//! forms check are the limits the server's writes check.
//!
//! Every member is optional and unknown members are ignored, so a static
//! host may write a partial file and a newer server may add members an
//! older console ignores. They are not kept: the console only reads this
//! file and the server only writes it, so nothing is ever written back
//! (keeping them cost the first load about 5 KB gzip of decoder).

use serde::{Deserialize, Serialize};

use crate::json_lite::json_object;

use crate::pool::Pool;
use crate::validate::Limits;

/// `config.json` as served.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConsoleConfig {
    /// Where the API is; relative to the page unless absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_base: Option<String>,
    /// The account the console opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// `session` or `token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    /// `embedded` or `proxy` behind pooldeck-server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The account's plan, when the server knows it (embedded mode, or a
    /// static host that states it). Cloudflare's API has no call that
    /// returns it, so a proxy leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// The older way to state the plan, `{"enterprise": …, "max_origins":
    /// …}`, still read for static hosts whose `config.json` has it.
    /// [`ConsoleConfig::plan`] wins when both are present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<LegacyLimits>,
}

json_object!(ConsoleConfig {
    "api_base" => api_base,
    "account_id" => account_id,
    "auth" => auth,
    "mode" => mode,
    "plan" => plan,
    "limits" => limits,
});

impl ConsoleConfig {
    /// The plan the forms validate against: `plan`, else the older
    /// `limits`, else the default (non-Enterprise, quota unknown).
    pub fn effective_plan(&self) -> Plan {
        match (&self.plan, &self.limits) {
            (Some(plan), _) => plan.clone(),
            (None, Some(legacy)) => legacy.to_plan(),
            (None, None) => Plan::default(),
        }
    }
}

/// The older `limits` member of `config.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyLimits {
    #[serde(default)]
    pub enterprise: bool,
    /// Endpoints allowed across the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_origins: Option<usize>,
}

json_object!(LegacyLimits {
    "enterprise" => enterprise,
    "max_origins" => max_origins,
});

impl LegacyLimits {
    /// The same statement as a [`Plan`]: `max_origins` always meant the
    /// account's endpoint quota.
    pub fn to_plan(&self) -> Plan {
        Plan {
            enterprise: self.enterprise,
            endpoint_quota: self.max_origins,
            ..Plan::default()
        }
    }
}

/// An account's plan and the server's validation switches: everything
/// [`Limits`] is derived from. The default is the stricter non-Enterprise
/// plan with the endpoint quota unknown (left to the server).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Allows `ALL_REGIONS`, `CHINA`, `check_regions: null`, the Enterprise
    /// monitor types and shorter monitor intervals.
    #[serde(default)]
    pub enterprise: bool,
    /// Endpoints allowed across all pools of the account; `None`: not
    /// known here, so only the plan's per-pool ceiling is checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_quota: Option<usize>,
    /// Pools allowed in the account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_quota: Option<usize>,
    /// Monitors allowed in the account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_quota: Option<usize>,
    /// Every address that is not globally routable needs a virtual
    /// network (see [`Limits::strict_public_addresses`]).
    #[serde(default)]
    pub strict_public_addresses: bool,
}

json_object!(Plan {
    "enterprise" => enterprise,
    "endpoint_quota" => endpoint_quota,
    "pool_quota" => pool_quota,
    "monitor_quota" => monitor_quota,
    "strict_public_addresses" => strict_public_addresses,
});

impl Plan {
    /// The plan-level limits: what a monitor or an alert is checked
    /// against, and a pool when nothing else of the account is known.
    /// `max_origins` is the whole quota here.
    pub fn limits(&self) -> Limits {
        self.pool_limits(0)
    }

    /// The limits for writing one pool when the account's other pools
    /// already hold `endpoints_in_other_pools` endpoints (see
    /// [`endpoints_in_other_pools`]): the pool may have what is left of the
    /// quota. Without a known quota the plan's own ceiling applies and the
    /// server has the last word.
    pub fn pool_limits(&self, endpoints_in_other_pools: usize) -> Limits {
        let base = if self.enterprise {
            Limits::ENTERPRISE
        } else {
            Limits::STANDARD
        };
        Limits {
            max_origins: self.endpoint_quota.map_or(base.max_origins, |q| {
                q.saturating_sub(endpoints_in_other_pools)
            }),
            strict_public_addresses: self.strict_public_addresses,
            ..base
        }
    }
}

/// The endpoints the account's pools hold, not counting the pool with ID
/// `replacing` (the one being written; `None` for a new pool).
pub fn endpoints_in_other_pools<'a>(
    pools: impl IntoIterator<Item = &'a Pool>,
    replacing: Option<&str>,
) -> usize {
    pools
        .into_iter()
        .filter(|p| replacing.is_none_or(|id| p.id.as_deref() != Some(id)))
        .map(|p| p.origins.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;
    use serde_json::json;

    fn pool(id: &str, endpoints: usize) -> Pool {
        Pool {
            id: Some(id.into()),
            origins: (0..endpoints)
                .map(|i| Origin::new(format!("o{i}"), format!("192.0.2.{i}")))
                .collect(),
            ..Pool::default()
        }
    }

    #[test]
    fn the_pool_being_replaced_does_not_count_against_itself() {
        let pools = [pool("a", 3), pool("b", 5)];
        assert_eq!(endpoints_in_other_pools(&pools, None), 8);
        assert_eq!(endpoints_in_other_pools(&pools, Some("a")), 5);
        assert_eq!(endpoints_in_other_pools(&pools, Some("zzz")), 8);
    }

    // Regression (defect 6): the console checked a pool against the whole
    // account quota while the server checked it against what other pools
    // left of it, and the console never heard of strict addresses.
    #[test]
    fn a_pool_may_have_what_the_other_pools_leave_of_the_quota() {
        let plan = Plan {
            endpoint_quota: Some(20),
            strict_public_addresses: true,
            ..Plan::default()
        };
        let limits = plan.pool_limits(15);
        assert_eq!(limits.max_origins, 5);
        assert!(limits.strict_public_addresses);
        assert!(!limits.enterprise);
        assert_eq!(plan.pool_limits(25).max_origins, 0, "never negative");
        assert_eq!(plan.limits().max_origins, 20, "plan-level: the whole quota");
    }

    #[test]
    fn enterprise_and_unknown_quotas() {
        let enterprise = Plan {
            enterprise: true,
            ..Plan::default()
        };
        assert_eq!(enterprise.pool_limits(7), Limits::ENTERPRISE);
        assert_eq!(
            Plan::default().pool_limits(7),
            Limits::STANDARD,
            "quota unknown: the plan's ceiling, the server decides the rest"
        );
    }

    #[test]
    fn config_json_round_trips_and_ignores_unknown_members() {
        let text = json!({
            "api_base": "client/v4",
            "account_id": "0123456789abcdef0123456789abcdef",
            "auth": "session",
            "mode": "embedded",
            "plan": {"enterprise": false, "endpoint_quota": 20, "strict_public_addresses": true, "future": 1},
            "later": {"x": true}
        });
        let config: ConsoleConfig = serde_json::from_value(text.clone()).unwrap();
        let plan = config.effective_plan();
        assert_eq!(plan.endpoint_quota, Some(20));
        assert!(plan.strict_public_addresses);
        let mut known = text;
        known.as_object_mut().unwrap().remove("later");
        known["plan"].as_object_mut().unwrap().remove("future");
        assert_eq!(serde_json::to_value(&config).unwrap(), known);
        let empty: ConsoleConfig = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty.effective_plan(), Plan::default());
    }

    #[test]
    fn the_older_limits_member_is_still_read() {
        let config: ConsoleConfig =
            serde_json::from_value(json!({"limits": {"enterprise": true, "max_origins": 500}}))
                .unwrap();
        let plan = config.effective_plan();
        assert!(plan.enterprise);
        assert_eq!(plan.endpoint_quota, Some(500));
        assert_eq!(plan.pool_limits(100).max_origins, 400);
        let both: ConsoleConfig = serde_json::from_value(
            json!({"limits": {"enterprise": true}, "plan": {"enterprise": false}}),
        )
        .unwrap();
        assert!(!both.effective_plan().enterprise, "plan wins");
    }
}
