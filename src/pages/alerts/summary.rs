//! One readable sentence per policy, for the Alerts page and the pool
//! page: "Pool web-1 or api-2 becomes Unhealthy, pool or endpoint events
//! → ops@example.com".

use std::collections::BTreeMap;

use pooldeck_model::policy::{Either, EventSource, NewHealth};
use pooldeck_model::{EnablementAlertFilter, HealthAlertFilter, Policy};

/// "Pool a", "Pool a or b", "Pool a, b or c", or "Any pool".
fn pools(ids: &[String], names: &BTreeMap<String, String>) -> String {
    let named: Vec<&str> = ids
        .iter()
        .map(|id| names.get(id).map_or(id.as_str(), String::as_str))
        .collect();
    match named.as_slice() {
        [] => "Any pool".to_owned(),
        [one] => format!("Pool {one}"),
        [rest @ .., last] => format!("Pool {} or {last}", rest.join(", ")),
    }
}

fn targets(p: &Policy) -> String {
    let m = &p.mechanisms;
    let list: Vec<String> = m
        .email
        .iter()
        .flatten()
        .map(|t| t.id.clone())
        .chain(
            m.webhooks
                .iter()
                .flatten()
                .map(|t| format!("webhook {}", t.name.as_deref().unwrap_or(&t.id))),
        )
        .chain(
            m.pagerduty
                .iter()
                .flatten()
                .map(|t| format!("PagerDuty {}", t.name.as_deref().unwrap_or(&t.id))),
        )
        .collect();
    if list.is_empty() {
        "no one".to_owned()
    } else {
        list.join(", ")
    }
}

/// The sentence for `p`; `names` maps pool IDs to names.
pub fn summarize(p: &Policy, names: &BTreeMap<String, String>) -> String {
    if p.alert_type.is_pool_enablement() {
        let f = EnablementAlertFilter::from_filters(&p.filters);
        let when = match f.enabled {
            Either::Only(true) => "is enabled",
            Either::Only(false) => "is disabled",
            Either::Both => "is enabled or disabled",
        };
        return format!("{} {when} → {}", pools(&f.pool_ids, names), targets(p));
    }
    let f = HealthAlertFilter::from_filters(&p.filters);
    let becomes = match f.new_health {
        Either::Only(NewHealth::Healthy) => "Healthy",
        Either::Only(NewHealth::Unhealthy) => "Unhealthy",
        Either::Both => "Healthy or Unhealthy",
    };
    let source = match f.event_source {
        Either::Only(EventSource::Pool) => "pool events",
        Either::Only(EventSource::Origin) => "endpoint events",
        Either::Both => "pool or endpoint events",
    };
    format!(
        "{} becomes {becomes}, {source} → {}",
        pools(&f.pool_ids, names),
        targets(p)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::{AlertType, MechanismTarget};

    fn names() -> BTreeMap<String, String> {
        [("a", "web-1"), ("b", "api-2"), ("c", "db")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into()
    }

    #[test]
    fn health_alert_reads_as_the_issue_example() {
        let mut p = Policy::new("x", AlertType::Health);
        p.filters
            .insert("pool_id".into(), vec!["a".into(), "b".into()]);
        p.filters
            .insert("new_health".into(), vec!["Unhealthy".into()]);
        p.mechanisms.email = Some(vec![MechanismTarget::new("ops@example.com")]);
        assert_eq!(
            summarize(&p, &names()),
            "Pool web-1 or api-2 becomes Unhealthy, pool or endpoint events → ops@example.com"
        );
    }

    #[test]
    fn enablement_alert_for_every_pool_and_unknown_ids() {
        let mut p = Policy::new("x", AlertType::PoolEnablement);
        p.filters.insert("enabled".into(), vec!["false".into()]);
        p.mechanisms.webhooks = Some(vec![MechanismTarget::new("hook-1")]);
        assert_eq!(
            summarize(&p, &names()),
            "Any pool is disabled → webhook hook-1"
        );
        p.filters.insert(
            "pool_id".into(),
            vec!["a".into(), "gone".into(), "c".into()],
        );
        assert_eq!(
            summarize(&p, &names()),
            "Pool web-1, gone or db is disabled → webhook hook-1"
        );
    }
}
