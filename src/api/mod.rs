//! Talking to the Load Balancing API (Cloudflare's, or pooldeck-server's
//! embedded one): runtime configuration, the fetch client, typed calls.

mod alerts;
pub mod answer;
pub mod client;
pub mod config;
pub mod error;
pub mod fetch;
mod history;
mod jobs;
mod load;
mod load_balancers;
mod monitors;
mod pools;
mod preloaded;

pub use alerts::{policy_body, PolicyId};
pub use client::Api;
pub use config::{AuthMode, RuntimeConfig};
pub use error::{ApiError, ErrorKind};
pub use history::HISTORY_PAGE;
pub use load::{config_from_page, load_config};
pub use load_balancers::ZonedLoadBalancer;
pub use pools::PreviewRow;
