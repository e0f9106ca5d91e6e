//! The notification-policy rules for the two load-balancing alert kinds
//! (Cloudflare's Alerting v3 policies).

use super::{FieldError, Rule};
use crate::policy::{
    AlertType, Policy, FILTER_ENABLED, FILTER_EVENT_SOURCE, FILTER_NEW_HEALTH, FILTER_POOL_ID,
};

/// Validates a policy as a POST or PUT body.
pub fn validate_policy(p: &Policy) -> Vec<FieldError> {
    let mut out = Vec::new();
    if p.name.trim().is_empty() {
        out.push(FieldError::error(
            "name",
            Rule::PolicyNameRequired,
            "name is required",
        ));
    }
    if !p.alert_type.is_known() {
        out.push(FieldError::error(
            "alert_type",
            Rule::AlertType,
            format_args!("unknown alert type \"{}\"", p.alert_type),
        ));
    }
    let m = &p.mechanisms;
    let targets = [&m.email, &m.webhooks, &m.pagerduty]
        .iter()
        .map(|list| list.as_ref().map_or(0, Vec::len))
        .sum::<usize>();
    if targets == 0 {
        out.push(FieldError::error(
            "mechanisms",
            Rule::MechanismRequired,
            "at least one email address, webhook or PagerDuty destination is required",
        ));
    }
    for (i, target) in m.email.iter().flatten().enumerate() {
        if !is_email(&target.id) {
            out.push(FieldError::error(
                format!("mechanisms.email[{i}].id"),
                Rule::EmailInvalid,
                format_args!("\"{}\" is not a valid email address", target.id),
            ));
        }
    }
    if p.filters.get(FILTER_POOL_ID).is_some_and(Vec::is_empty) {
        // An empty list is ambiguous: none, or (as a missing key) all?
        out.push(FieldError::error(
            format!("filters.{FILTER_POOL_ID}"),
            Rule::FilterPoolsEmpty,
            "filter pool_id must name at least one pool (leave it out for every pool)",
        ));
    }
    let allowed: &[(&str, &[&str])] = match p.alert_type {
        AlertType::Health => &[
            (FILTER_NEW_HEALTH, &["Healthy", "Unhealthy"]),
            (FILTER_EVENT_SOURCE, &["pool", "origin"]),
        ],
        AlertType::PoolEnablement | AlertType::LegacyPoolToggle => {
            &[(FILTER_ENABLED, &["true", "false"])]
        }
        AlertType::Other(_) => &[],
    };
    for (key, values) in allowed {
        for (i, value) in p.filters.get(*key).into_iter().flatten().enumerate() {
            if !values.contains(&value.as_str()) {
                out.push(FieldError::error(
                    format!("filters.{key}[{i}]"),
                    Rule::FilterValue,
                    format_args!(
                        "filter {key} value \"{value}\" must be one of {}",
                        values.join(", ")
                    ),
                ));
            }
        }
    }
    out
}

/// A pragmatic address check: one `@`, a non-empty local part without
/// spaces, and a domain with a dot whose labels are hostname labels.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.chars().any(|c| c.is_whitespace() || c == '@')
        && domain.contains('.')
        && super::is_valid_hostname(domain)
}
