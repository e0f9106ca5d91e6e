//! One component per route.

pub mod alerts;
pub mod chunks;
mod jobs;
mod load_balancers;
mod monitors;
mod not_found;
mod pool_delete;
mod pool_detail;
mod pool_history;
pub mod pool_wizard;
pub mod pools;
mod pools_bulk;
pub mod prefetch;
mod settings;

pub use alerts::{AlertEditPage, AlertsPage};
pub use jobs::{JobNewPage, JobsPage};
pub use load_balancers::LoadBalancersPage;
pub use monitors::{MonitorEditPage, MonitorGroupEditPage, MonitorsPage};
pub use not_found::{NotFoundPage, PanicTestPage};
pub use pool_delete::PoolDeletePage;
pub use pool_detail::PoolDetailPage;
pub use pool_history::PoolHistoryPage;
pub use pool_wizard::PoolWizardPage;
pub use pools::PoolsPage;
pub use pools_bulk::PoolsBulkPage;
pub use settings::SettingsPage;
