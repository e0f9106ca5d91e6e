//! One component per route.

mod alerts;
mod monitors;
mod not_found;
mod pool_detail;
pub mod pool_wizard;
pub mod pools;
mod settings;

pub use alerts::AlertsPage;
pub use monitors::MonitorsPage;
pub use not_found::NotFoundPage;
pub use pool_detail::PoolDetailPage;
pub use pool_wizard::PoolWizardPage;
pub use pools::PoolsPage;
pub use settings::SettingsPage;
