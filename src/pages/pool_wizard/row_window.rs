//! Which endpoint rows are in the DOM: up to [`VIRTUAL_FROM`] rows all of
//! them are; above that only the rows in view of the table's scroll box,
//! plus a margin (the shared [`RowWindow`](crate::hooks::RowWindow)).
//!
//! Keyboard use stays whole: focusing a field scrolls it into view, the
//! margin keeps the next rows rendered so Tab reaches them, and a field
//! outside the window (an error-summary link, a new row) is scrolled to
//! before it is focused (see [`reveal_event`]).

/// From this many rows on, only the rows in view are rendered.
pub const VIRTUAL_FROM: usize = 100;

/// The name of the DOM event that asks the table to bring row `detail`
/// into the window.
pub fn reveal_event() -> &'static str {
    "pooldeck:reveal-row"
}
