//! Asking before a pool that load balancers use is disabled, with the
//! failover simulator's answer: "www.example.com moves to pool us-web".
//! The list and the pool page both ask through this, so the answer is
//! the one the pool page's simulator gives for "the whole pool is down".

use leptos::prelude::window;
use pooldeck_model::ResourceType;

use crate::api::Api;
use crate::pages::chunks;

/// True when the pool may be disabled: nobody uses it, or the person
/// confirmed. When the load balancers cannot be read (a token without
/// Zone Read, say), the question names them without the simulator.
pub async fn confirm_disable(api: &Api, id: &str, name: &str) -> bool {
    // Nothing known about its users: the server still decides.
    let refs = api.pool_references(id).await.unwrap_or_default();
    let users: Vec<String> = refs
        .iter()
        .filter(|r| r.is_referrer(ResourceType::LoadBalancer))
        .map(|r| r.resource_name.clone())
        .collect();
    if users.is_empty() {
        return true;
    }
    let impact = async {
        chunks::disable_impact(api.clone(), id.to_owned(), refs)
            .await
            .ok()?
            .await
    };
    let msg = match impact.await {
        Some(lines) => format!("Disable pool {name}?\n\n{}", lines.join("\n")),
        None => format!(
            "Disable pool {name}? These load balancers use it and will fail over to their next pool: {}",
            users.join(", ")
        ),
    };
    window().confirm_with_message(&msg).unwrap_or(false)
}
