//! Which endpoint rows are in the DOM. Up to [`VIRTUAL_FROM`] rows all of
//! them are; above that only the rows in view of the table's scroll box,
//! plus a margin, with spacer rows standing in for the rest.
//!
//! Why: the benchmark's 500-row pool spent 60–90 ms of every weight
//! keystroke in Blink re-laying-out the table, because every row's share
//! changes; a static page with a plain 500-row table costs as much. With
//! only the rows in view in the DOM, a keystroke lays out those.
//!
//! Keyboard use stays whole: focusing a field scrolls it into view, the
//! margin keeps the next rows rendered so Tab reaches them, and a field
//! outside the window (an error-summary link, a new row) is scrolled to
//! before it is focused (see [`reveal_event`]).

use leptos::prelude::*;

/// From this many rows on, only the rows in view are rendered.
pub const VIRTUAL_FROM: usize = 100;
/// Rows rendered beyond each edge of the view.
const MARGIN: usize = 8;
/// A row's height until one has been measured, in CSS pixels.
const ROW_GUESS: f64 = 48.0;

/// The name of the DOM event that asks the table to bring row `detail`
/// into the window.
pub fn reveal_event() -> &'static str {
    "pooldeck:reveal-row"
}

/// The rows `[start, end)` to render out of `len`, for a scroll box at
/// `scroll_top` showing `view_height`, with rows `row_height` tall.
pub fn window(len: usize, scroll_top: f64, view_height: f64, row_height: f64) -> (usize, usize) {
    if len < VIRTUAL_FROM {
        return (0, len);
    }
    let h = if row_height > 1.0 {
        row_height
    } else {
        ROW_GUESS
    };
    let first = (scroll_top.max(0.0) / h).floor() as usize;
    let shown = (view_height.max(h) / h).ceil() as usize;
    let start = first.saturating_sub(MARGIN).min(len);
    let end = (first + shown + MARGIN).min(len);
    (start, end.max(start))
}

/// The scroll state of the table's box.
#[derive(Clone, Copy)]
pub struct RowWindow {
    pub scroll_top: RwSignal<f64>,
    pub view_height: RwSignal<f64>,
    pub row_height: RwSignal<f64>,
}

impl RowWindow {
    pub fn new() -> Self {
        RowWindow {
            scroll_top: RwSignal::new(0.0),
            view_height: RwSignal::new(700.0),
            row_height: RwSignal::new(ROW_GUESS),
        }
    }

    /// `(start, end)` for `len` rows, tracked.
    pub fn range(self, len: usize) -> (usize, usize) {
        window(
            len,
            self.scroll_top.get(),
            self.view_height.get(),
            self.row_height.get(),
        )
    }

    /// The scroll offset that puts row `i` a little below the top.
    pub fn offset_of(self, i: usize) -> f64 {
        let h = self.row_height.get_untracked();
        ((i as f64 - 2.0) * h).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_tables_render_every_row() {
        assert_eq!(window(50, 9_999.0, 700.0, 48.0), (0, 50));
    }

    #[test]
    fn large_tables_render_the_view_and_a_margin() {
        // 700 px of 50 px rows: 14 in view, plus 8 below.
        assert_eq!(window(500, 0.0, 700.0, 50.0), (0, 22));
        // Scrolled to row 100: 8 above, 14 in view, 8 below.
        assert_eq!(window(500, 5_000.0, 700.0, 50.0), (92, 122));
        // At the end, nothing past the last row.
        assert_eq!(window(500, 25_000.0, 700.0, 50.0), (492, 500));
        // An unmeasured height falls back to the guess.
        assert_eq!(window(500, 0.0, 700.0, 0.0).0, 0);
    }
}
