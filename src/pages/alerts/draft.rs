//! The alert form's state as plain data: which alert, which pools, which
//! trigger, who hears of it. It reads from and writes to a [`Policy`] —
//! keeping every member it does not edit (PagerDuty targets, unknown
//! keys, other filters) — and is checked by the model crate's policy
//! rules, with the findings moved to the fields that show them.

use pooldeck_model::policy::{
    Either, EventSource, NewHealth, FILTER_ENABLED, FILTER_EVENT_SOURCE, FILTER_NEW_HEALTH,
    FILTER_POOL_ID,
};
use pooldeck_model::validate::{validate_policy, FieldError};
use pooldeck_model::{
    AlertType, EnablementAlertFilter, HealthAlertFilter, MechanismTarget, Policy,
};

/// Which pools the alert watches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolScope {
    /// Every pool. `include_future`: by leaving `pool_id` out (today's and
    /// tomorrow's pools); otherwise by listing every current pool.
    Every { include_future: bool },
    /// The pools with these IDs.
    Chosen(Vec<String>),
}

/// The form's value.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertDraft {
    /// The policy as loaded (or a new one): the members the form does not
    /// edit are sent back from here.
    pub base: Policy,
    pub kind: AlertType,
    pub name: String,
    pub description: String,
    pub enabled: bool,
    pub scope: PoolScope,
    pub new_health: Either<NewHealth>,
    pub event_source: Either<EventSource>,
    /// Pool Enablement: `Only(true)` fires on enable.
    pub on_enabled: Either<bool>,
    /// Email recipients, separated by commas, semicolons or white space.
    pub emails: String,
    /// Webhook destination IDs, separated the same way.
    pub webhooks: String,
}

/// Form paths for findings.
pub const EMAILS: &str = "emails";
pub const WEBHOOKS: &str = "webhooks";
pub const POOLS: &str = "pools";

/// Splits a typed list of addresses or IDs.
pub fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn ids(targets: &Option<Vec<MechanismTarget>>) -> String {
    targets
        .iter()
        .flatten()
        .map(|t| t.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Keeps the targets of `old` that are still listed (their names and
/// unknown members survive) and adds the new ones.
fn targets(old: &Option<Vec<MechanismTarget>>, typed: &str) -> Option<Vec<MechanismTarget>> {
    let list: Vec<MechanismTarget> = split_list(typed)
        .into_iter()
        .map(|id| {
            old.iter()
                .flatten()
                .find(|t| t.id == id)
                .cloned()
                .unwrap_or_else(|| MechanismTarget::new(id))
        })
        .collect();
    (!list.is_empty()).then_some(list)
}

impl AlertDraft {
    /// A new alert of `kind`, watching `pools` (every pool when empty).
    pub fn new(kind: AlertType, pools: Vec<String>) -> Self {
        let name = match (&kind, pools.is_empty()) {
            (AlertType::Health, _) => "Pool health",
            _ => "Pool enablement",
        };
        let mut base = Policy::new(name, kind);
        if !pools.is_empty() {
            base.filters.insert(FILTER_POOL_ID.into(), pools);
        }
        Self::from_policy(base, &[])
    }

    /// Reads a policy. `all_pools` are the account's pool IDs: a list
    /// naming exactly those reads as "every pool, not future ones".
    pub fn from_policy(p: Policy, all_pools: &[String]) -> Self {
        let health = HealthAlertFilter::from_filters(&p.filters);
        let enablement = EnablementAlertFilter::from_filters(&p.filters);
        let scope = match p.filters.get(FILTER_POOL_ID) {
            None => PoolScope::Every {
                include_future: true,
            },
            Some(list)
                if !all_pools.is_empty()
                    && list.len() == all_pools.len()
                    && all_pools.iter().all(|id| list.contains(id)) =>
            {
                PoolScope::Every {
                    include_future: false,
                }
            }
            Some(list) => PoolScope::Chosen(list.clone()),
        };
        AlertDraft {
            kind: p.alert_type.clone(),
            name: p.name.clone(),
            description: p.description.clone().unwrap_or_default(),
            enabled: p.enabled,
            scope,
            new_health: health.new_health,
            event_source: health.event_source,
            on_enabled: enablement.enabled,
            emails: ids(&p.mechanisms.email),
            webhooks: ids(&p.mechanisms.webhooks),
            base: p,
        }
    }

    /// The policy to send. `all_pools` fills "every pool, not future ones".
    pub fn to_policy(&self, all_pools: &[String]) -> Policy {
        let mut p = self.base.clone();
        p.alert_type = self.kind.clone();
        p.name = self.name.trim().to_owned();
        p.description =
            (!self.description.trim().is_empty()).then(|| self.description.trim().to_owned());
        p.enabled = self.enabled;
        p.mechanisms.email = targets(&self.base.mechanisms.email, &self.emails);
        p.mechanisms.webhooks = targets(&self.base.mechanisms.webhooks, &self.webhooks);
        let pool_ids_empty_choice = matches!(&self.scope, PoolScope::Chosen(l) if l.is_empty());
        let pool_ids = match &self.scope {
            PoolScope::Every {
                include_future: true,
            } => Vec::new(),
            PoolScope::Every {
                include_future: false,
            } => all_pools.to_vec(),
            PoolScope::Chosen(list) => list.clone(),
        };
        if self.kind.is_pool_enablement() {
            // The health keys mean nothing to this kind.
            p.filters.remove(FILTER_NEW_HEALTH);
            p.filters.remove(FILTER_EVENT_SOURCE);
            EnablementAlertFilter {
                pool_ids,
                enabled: self.on_enabled,
            }
            .write_to(&mut p.filters);
        } else {
            p.filters.remove(FILTER_ENABLED);
            HealthAlertFilter {
                pool_ids,
                new_health: self.new_health,
                event_source: self.event_source,
            }
            .write_to(&mut p.filters);
        }
        if pool_ids_empty_choice {
            // Sent as is, the model refuses it: "chosen" but none chosen.
            p.filters.insert(FILTER_POOL_ID.into(), Vec::new());
        }
        p
    }

    /// The model's findings on the policy, under the form's fields.
    pub fn findings(&self, all_pools: &[String]) -> Vec<FieldError> {
        validate_policy(&self.to_policy(all_pools))
            .into_iter()
            .map(|mut f| {
                if f.path == "mechanisms" || f.path.starts_with("mechanisms.email") {
                    f.path = EMAILS.to_owned();
                } else if f.path.starts_with("mechanisms.webhooks") {
                    f.path = WEBHOOKS.to_owned();
                } else if f.path.starts_with("filters.pool_id") {
                    f.path = POOLS.to_owned();
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<String> {
        vec!["p1".into(), "p2".into(), "p3".into()]
    }

    #[test]
    fn a_health_alert_for_two_pools_on_unhealthy_origins_writes_exact_filters() {
        let mut d = AlertDraft::new(AlertType::Health, vec![]);
        d.scope = PoolScope::Chosen(vec!["p1".into(), "p2".into()]);
        d.new_health = Either::Only(NewHealth::Unhealthy);
        d.event_source = Either::Only(EventSource::Origin);
        d.emails = "ops@example.com".into();
        let p = d.to_policy(&all());
        assert_eq!(p.filters["pool_id"], ["p1", "p2"]);
        assert_eq!(p.filters["new_health"], ["Unhealthy"]);
        assert_eq!(p.filters["event_source"], ["origin"]);
        assert!(d.findings(&all()).is_empty());
        assert_eq!(
            AlertDraft::from_policy(p, &all()),
            AlertDraft {
                base: AlertDraft::from_policy(d.to_policy(&all()), &all()).base,
                ..d
            }
        );
    }

    #[test]
    fn every_pool_with_or_without_future_ones() {
        let mut d = AlertDraft::new(AlertType::PoolEnablement, vec![]);
        d.emails = "ops@example.com".into();
        let p = d.to_policy(&all());
        assert!(
            !p.filters.contains_key("pool_id"),
            "omitted: all pools, future ones too"
        );
        assert_eq!(p.filters["enabled"], ["true", "false"]);
        d.scope = PoolScope::Every {
            include_future: false,
        };
        let p = d.to_policy(&all());
        assert_eq!(p.filters["pool_id"], all());
        assert_eq!(AlertDraft::from_policy(p, &all()).scope, d.scope);
    }

    #[test]
    fn unknown_members_and_other_targets_survive_an_edit() {
        let mut p: Policy = serde_json::from_value(serde_json::json!({
            "id": "x", "name": "n", "enabled": true, "alert_type": "load_balancing_health_alert",
            "mechanisms": {"email": [{"id": "a@example.com", "name": "A"}], "pagerduty": [{"id": "pd1"}]},
            "filters": {"zones": ["z1"], "pool_id": ["p1"]},
            "future_member": 7
        }))
        .unwrap();
        p.extra.insert("kept".into(), serde_json::json!(true));
        let mut d = AlertDraft::from_policy(p, &all());
        d.emails = "a@example.com, b@example.com".into();
        let out = serde_json::to_value(d.to_policy(&all())).unwrap();
        assert_eq!(out["future_member"], 7);
        assert_eq!(out["kept"], true);
        assert_eq!(out["filters"]["zones"], serde_json::json!(["z1"]));
        assert_eq!(out["mechanisms"]["pagerduty"][0]["id"], "pd1");
        assert_eq!(out["mechanisms"]["email"][0]["name"], "A");
        assert_eq!(out["mechanisms"]["email"][1]["id"], "b@example.com");
    }

    #[test]
    fn findings_land_on_the_fields_that_show_them() {
        let mut d = AlertDraft::new(AlertType::Health, vec![]);
        let paths = |d: &AlertDraft| {
            d.findings(&all())
                .into_iter()
                .map(|f| f.path)
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(&d), [EMAILS], "no recipient at all");
        d.emails = "not-an-address".into();
        assert_eq!(paths(&d), [EMAILS]);
        d.emails = String::new();
        d.webhooks = "hook-1".into();
        d.scope = PoolScope::Chosen(vec![]);
        d.name = " ".into();
        assert_eq!(paths(&d), ["name", POOLS]);
    }
}
