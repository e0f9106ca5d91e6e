//! Widgets shared by several pages. One folder per component.

pub mod app_shell;
