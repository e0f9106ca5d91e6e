//! Reading the runtime configuration in the browser.

use super::config::{resolve_config, ConfigFile, Overrides, RuntimeConfig};

fn meta(name: &str) -> Option<String> {
    let doc = leptos::prelude::document();
    let el = doc
        .query_selector(&format!("meta[name=\"pooldeck:{name}\"]"))
        .ok()
        .flatten()?;
    el.get_attribute("content")
}

fn query(name: &str) -> Option<String> {
    let search = leptos::prelude::window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

fn window_local(key: &str) -> Option<String> {
    leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(key)
        .ok()
        .flatten()
}

/// Resolves `path` against the page's base URI.
fn absolute(path: &str) -> String {
    let base = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    web_sys::Url::new_with_base(path, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| path.to_owned())
}

/// Fetches `config.json` (a missing one means the defaults) and applies
/// the `<meta>` and query-parameter overrides.
pub async fn load_config() -> RuntimeConfig {
    let file = match gloo_net::http::Request::get(&absolute("config.json"))
        .send()
        .await
    {
        Ok(r) if r.ok() => r.json::<ConfigFile>().await.ok(),
        _ => None,
    };
    let metas = Overrides {
        api_base: meta("api-base"),
        account_id: meta("account"),
        auth: meta("auth"),
    };
    // The account chosen in Settings, a stored preference.
    let chosen = Overrides {
        account_id: window_local(super::config::ACCOUNT_KEY),
        ..Overrides::default()
    };
    let params = Overrides {
        api_base: query("api"),
        account_id: query("account"),
        auth: query("auth"),
    };
    resolve_config(file, &[metas, chosen, params], absolute)
}
