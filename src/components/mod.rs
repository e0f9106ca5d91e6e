//! Widgets shared by several pages. One folder per component.

pub mod also_in;
pub mod app_shell;
pub mod chunk;
pub mod dialog;
pub mod error_panel;
pub mod failover;
pub mod field;
pub mod health_preview;
pub mod leave_guard;
pub mod monitor_form;
pub mod status_badge;
pub mod theme_toggle;
pub mod title;
pub mod toasts;
