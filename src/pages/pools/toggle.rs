//! Enabling or disabling a pool, from the list or the pool page: asking
//! first before a pool that load balancers use is disabled, with the
//! failover simulator's answer ("www.example.com moves to pool us-web"),
//! then the PATCH and a toast.
//!
//! [`toggle_pool`] is chunk code (`chunks::toggle_pool`, area
//! `pool_dialogs`): the list shows the button in the first load, and the
//! code behind it (reading references, the question, the PATCH body) is
//! fetched with the list's dialogs once the list is idle. [`toggle`] is
//! what the pages call.

use leptos::prelude::window;
use pooldeck_model::ResourceType;

use crate::api::Api;
use crate::components::toasts::Toasts;
use crate::pages::chunks;

/// Enables (`enable`) or disables the pool `id` named `name`, and says
/// how it went in a toast; true when the pool changed. A pool in use is
/// disabled only once the person confirmed.
pub async fn toggle(api: Api, toasts: Toasts, id: String, name: String, enable: bool) -> bool {
    match chunks::toggle_pool(api, toasts, id, name.clone(), enable).await {
        Ok(toggling) => toggling.await,
        Err(_) => {
            toasts.error(format!(
                "Could not change pool {name}: the code for this action could not be loaded. \
                 Check the connection, then retry."
            ));
            false
        }
    }
}

/// [`toggle`] once its chunk is there.
pub async fn toggle_pool(api: &Api, toasts: Toasts, id: &str, name: &str, enable: bool) -> bool {
    if !enable && !confirm_disable(api, id, name).await {
        return false;
    }
    set_pool_enabled(api, toasts, id, name, enable).await
}

/// PATCHes a pool's `enabled` and reports the outcome in a toast; true
/// when the pool changed.
async fn set_pool_enabled(api: &Api, toasts: Toasts, id: &str, name: &str, enable: bool) -> bool {
    match api.patch_pool_enabled(id, enable).await {
        Ok(_) => {
            toasts.success(format!(
                "Pool {name} {}",
                if enable { "enabled" } else { "disabled" }
            ));
            true
        }
        Err(e) => {
            toasts.error(format!("Could not change pool {name}: {}", e.summary()));
            false
        }
    }
}

/// True when the pool may be disabled: nobody uses it, or the person
/// confirmed. When the load balancers cannot be read (a token without
/// Zone Read, say), the question names them without the simulator.
async fn confirm_disable(api: &Api, id: &str, name: &str) -> bool {
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
