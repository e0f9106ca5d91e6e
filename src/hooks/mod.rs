//! Small browser hooks shaped like leptos-use: one documented function (or,
//! for [`RowWindow`], one type) per file, and whatever a hook installs is removed when the reactive owner
//! that called it is disposed (the page or component goes away).

mod focus;
mod input_quiet;
mod page_tasks;
mod row_window;
mod use_debounced;
mod use_event_listener;
mod use_load;
mod when_idle;

pub use focus::{focus_after_render, focus_element};
pub use input_quiet::InputQuiet;
pub use page_tasks::{use_page_tasks, PageTasks};
pub use row_window::RowWindow;
pub use use_debounced::{use_debounced, Debounced};
pub use use_event_listener::{use_document_listener, use_event_listener, use_window_listener};
pub use use_load::{use_load, Load, LoadFuture};
pub use when_idle::when_idle;
