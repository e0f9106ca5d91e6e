//! One component per route.

pub mod alerts;
pub mod chunks;
mod monitors;
mod not_found;
mod pool_detail;
pub mod pool_wizard;
pub mod pools;
mod settings;

pub use alerts::{AlertEditPage, AlertsPage};
pub use monitors::{MonitorEditPage, MonitorGroupEditPage, MonitorsPage};
pub use not_found::{NotFoundPage, PanicTestPage};
pub use pool_detail::PoolDetailPage;
pub use pool_wizard::PoolWizardPage;
pub use pools::PoolsPage;
pub use settings::SettingsPage;
