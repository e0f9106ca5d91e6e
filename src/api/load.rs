//! Reading the runtime configuration in the browser, with `json_lite`:
//! it is first-load code (see `pooldeck_model::json_lite`).

use pooldeck_model::json_lite;

use super::config::{resolve_config, ConfigFile, Overrides, RuntimeConfig};
use super::fetch;

/// The `<meta>` name pooldeck-server writes the configuration under
/// (`crates/server/src/console.rs`, `CONFIG_META`).
pub const CONFIG_META: &str = "pooldeck-config";

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

/// The configuration pooldeck-server writes into the page it serves
/// (`<meta name="pooldeck-config" content="JSON">`), so the console has it
/// as soon as its wasm starts. None on a static host, or when the content
/// is not a configuration.
fn config_in_page() -> Option<ConfigFile> {
    let content = leptos::prelude::document()
        .query_selector(&format!("meta[name=\"{CONFIG_META}\"]"))
        .ok()
        .flatten()?
        .get_attribute("content")?;
    json_lite::from_str(&content).ok()
}

/// `config.json` next to `index.html`; a missing or unreadable one means
/// the defaults.
async fn config_file() -> Option<ConfigFile> {
    let url = absolute("config.json");
    match fetch::send(&fetch::Request::get(&url)).await {
        Ok(r) if r.ok() => json_lite::from_str(&fetch::text(&r).await.ok()?).ok(),
        _ => None,
    }
}

/// The configuration the server wrote into the page, or else (a static
/// host) `config.json`; then the `<meta>`, stored and query-parameter
/// overrides.
pub async fn load_config() -> RuntimeConfig {
    let file = match config_in_page() {
        Some(file) => Some(file),
        None => config_file().await,
    };
    resolved(file)
}

/// [`load_config`] without waiting, when the page carries the
/// configuration (behind pooldeck-server); None on a static host, where
/// `config.json` must be fetched. Lets the app render its routes in the
/// first pass instead of "Connecting…" and then the routes.
pub fn config_from_page() -> Option<RuntimeConfig> {
    config_in_page().map(|file| resolved(Some(file)))
}

fn resolved(file: Option<ConfigFile>) -> RuntimeConfig {
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
    let config = resolve_config(file, &[metas, chosen, params], absolute);
    mark("pooldeck:config");
    config
}

/// `performance.mark(name)`, for the start-up timeline `cargo xtask bench`
/// reads (and the browser's performance panel shows).
fn mark(name: &str) {
    use wasm_bindgen::JsCast;
    let window = leptos::prelude::window();
    let Ok(performance) = js_sys::Reflect::get(&window, &"performance".into()) else {
        return;
    };
    if let Ok(mark) = js_sys::Reflect::get(&performance, &"mark".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = mark.call1(&performance, &name.into());
    }
}
