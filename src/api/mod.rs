//! Talking to the Load Balancing API (Cloudflare's, or pooldeck-server's
//! embedded one): runtime configuration, the fetch client, typed calls.

mod alerts;
pub mod client;
pub mod config;
pub mod error;
mod load;
mod monitors;
mod pools;

pub use alerts::{policy_body, PolicyId};
pub use client::Api;
pub use config::{AuthMode, RuntimeConfig};
pub use error::{ApiError, ErrorKind};
pub use load::load_config;
pub use pools::PreviewRow;

/// A body without the read-only `keys` (each resource names its own:
/// `created_on` for pools and monitors, `created` for policies).
pub(crate) fn without(mut body: serde_json::Value, keys: &[&str]) -> serde_json::Value {
    if let Some(o) = body.as_object_mut() {
        for key in keys {
            o.remove(*key);
        }
    }
    body
}
