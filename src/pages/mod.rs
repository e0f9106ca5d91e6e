//! One component per route.

mod alerts;
mod monitors;
mod not_found;
mod pools;
mod settings;

pub use alerts::AlertsPage;
pub use monitors::MonitorsPage;
pub use not_found::NotFoundPage;
pub use pools::PoolsPage;
pub use settings::SettingsPage;
