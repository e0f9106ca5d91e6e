//! Talking to the Load Balancing API (Cloudflare's, or pooldeck-server's
//! embedded one): runtime configuration, the fetch client, typed calls.

pub mod client;
pub mod config;
pub mod error;
mod load;
mod pools;

pub use client::Api;
pub use config::{AuthMode, PlanLimits, RuntimeConfig};
pub use error::{ApiError, ErrorKind};
pub use load::load_config;
