//! References computed from live state (Cloudflare's `…/references` routes):
//! who uses a pool, monitor or monitor group, and what they refer to.

use pooldeck_model::{Pool, Reference, ReferenceType, ResourceType};

use crate::store::State;

fn reference(kind: ReferenceType, resource: ResourceType, id: &str, name: &str) -> Reference {
    Reference {
        reference_type: kind,
        resource_id: id.to_owned(),
        resource_name: name.to_owned(),
        resource_type: resource,
        extra: Default::default(),
    }
}

/// The load balancers that use a pool, each with its roles, e.g.
/// `www.example.com (default pool, fallback pool)`.
pub fn pool_users(state: &State, account_id: &str, pool_id: &str) -> Vec<String> {
    let mut users: Vec<String> = state
        .load_balancers_of(account_id)
        .filter_map(|lb| {
            let roles = lb.pool_roles(pool_id);
            (!roles.is_empty()).then(|| {
                let roles: Vec<String> = roles.iter().map(ToString::to_string).collect();
                format!("{} ({})", lb.name, roles.join(", "))
            })
        })
        .collect();
    // Sorted: the zones are a map whose order differs between runs.
    users.sort();
    users
}

/// A pool's references: load balancers using it, and its monitor or group.
pub fn of_pool(state: &State, account_id: &str, pool: &Pool) -> Vec<Reference> {
    let pool_id = pool.id.as_deref().unwrap_or_default();
    let mut out: Vec<Reference> = state
        .load_balancers_of(account_id)
        .filter(|lb| lb.uses_pool(pool_id))
        .map(|lb| {
            let mut r = reference(
                ReferenceType::Referrer,
                ResourceType::LoadBalancer,
                lb.id.as_deref().unwrap_or_default(),
                &lb.name,
            );
            // An extension of the embedded API (Cloudflare's references
            // carry no roles): how the load balancer uses the pool. Clients
            // that do not know it ignore it; the console shows it.
            let roles: Vec<String> = lb
                .pool_roles(pool_id)
                .iter()
                .map(ToString::to_string)
                .collect();
            r.extra.insert("roles".into(), serde_json::json!(roles));
            r
        })
        .collect();
    // By hostname: the zones are a map whose order differs between runs.
    out.sort_by(|a, b| a.resource_name.cmp(&b.resource_name));
    let account = state.account(account_id);
    if let Some(id) = pool.monitor_id() {
        let name = account
            .and_then(|a| a.monitors.get(id))
            .map(|m| m.description.clone())
            .unwrap_or_default();
        out.push(reference(
            ReferenceType::Referral,
            ResourceType::Monitor,
            id,
            &name,
        ));
    }
    if let Some(id) = pool.monitor_group_id() {
        let name = account
            .and_then(|a| a.monitor_groups.get(id))
            .map(|g| g.description.clone())
            .unwrap_or_default();
        out.push(reference(
            ReferenceType::Referral,
            ResourceType::MonitorGroup,
            id,
            &name,
        ));
    }
    out
}

/// A monitor's references: the pools and monitor groups that use it.
pub fn of_monitor(state: &State, account_id: &str, monitor_id: &str) -> Vec<Reference> {
    let Some(account) = state.account(account_id) else {
        return Vec::new();
    };
    let pools = account
        .pools
        .values()
        .filter(|p| p.monitor_id() == Some(monitor_id))
        .map(|p| {
            reference(
                ReferenceType::Referrer,
                ResourceType::Pool,
                p.id.as_deref().unwrap_or_default(),
                &p.name,
            )
        });
    let groups = account
        .monitor_groups
        .values()
        .filter(|g| g.members.iter().any(|m| m.monitor_id == monitor_id))
        .map(|g| {
            reference(
                ReferenceType::Referrer,
                ResourceType::MonitorGroup,
                g.id.as_deref().unwrap_or_default(),
                &g.description,
            )
        });
    pools.chain(groups).collect()
}

/// A monitor group's references: the pools using it, and its members.
pub fn of_monitor_group(state: &State, account_id: &str, group_id: &str) -> Vec<Reference> {
    let Some(account) = state.account(account_id) else {
        return Vec::new();
    };
    let mut out: Vec<Reference> = account
        .pools
        .values()
        .filter(|p| p.monitor_group_id() == Some(group_id))
        .map(|p| {
            reference(
                ReferenceType::Referrer,
                ResourceType::Pool,
                p.id.as_deref().unwrap_or_default(),
                &p.name,
            )
        })
        .collect();
    if let Some(group) = account.monitor_groups.get(group_id) {
        for member in &group.members {
            let name = account
                .monitors
                .get(&member.monitor_id)
                .map(|m| m.description.clone())
                .unwrap_or_default();
            out.push(reference(
                ReferenceType::Referral,
                ResourceType::Monitor,
                &member.monitor_id,
                &name,
            ));
        }
    }
    out
}

/// Names of the referrers in `refs`, for a 1005 message.
pub fn referrer_names(refs: &[Reference]) -> Vec<String> {
    refs.iter()
        .filter(|r| r.reference_type == ReferenceType::Referrer)
        .map(|r| {
            format!(
                "{} {}",
                r.resource_type.label().to_lowercase(),
                r.resource_name
            )
        })
        .collect()
}
