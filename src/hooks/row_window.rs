//! Which rows of a long table are in the DOM: the table scrolls in a box
//! of its own, and from [`RowWindow::virtual_from`] rows on only the rows
//! in view of that box are rendered, plus a margin, with spacer rows of
//! the right height standing in for the rest (so the box's scrollbar
//! reflects the whole list).
//!
//! Why: a 500-row endpoint table spent 60–90 ms of every weight keystroke
//! in Blink re-laying-out the table, and 5,000 pools cannot be rendered in
//! a frame at all. With only the rows in view in the DOM, a change lays
//! out those.
//!
//! The wizard's endpoint editor and the pools list both use it. What the
//! window is made of is theirs: the editor renders `range` as it is; the
//! list also keeps its current row rendered wherever it is.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The scroll state of a table's box, and the window arithmetic over it.
/// `Copy`: it is only signals and numbers.
#[derive(Clone, Copy)]
pub struct RowWindow {
    pub scroll_top: RwSignal<f64>,
    pub view_height: RwSignal<f64>,
    pub row_height: RwSignal<f64>,
    /// From this many rows on only a window is rendered; below it, all.
    pub virtual_from: usize,
}

impl RowWindow {
    /// Rows rendered beyond each edge of the view: enough to cover what
    /// the compositor scrolls into view before the scroll event moves the
    /// window (a wheel tick is about two rows). Each extra row is one more
    /// to restyle and lay out on every keystroke that changes the rows: at
    /// 8, the search and weight benchmarks' p95 were 15-17 ms and 8-10 ms;
    /// at 3, 11-15 ms and 6-7.5 ms (BENCHMARKS.md).
    pub const MARGIN: usize = 3;
    /// A row's height until one has been measured, in CSS pixels.
    pub const ROW_GUESS: f64 = 48.0;

    /// A window over a box that is not scrolled yet.
    pub fn new(virtual_from: usize) -> Self {
        RowWindow {
            scroll_top: RwSignal::new(0.0),
            view_height: RwSignal::new(700.0),
            row_height: RwSignal::new(Self::ROW_GUESS),
            virtual_from,
        }
    }

    /// The rows `[start, end)` to render out of `len`, for a box scrolled
    /// to `scroll_top` and showing `view_height`, with rows `row_height`
    /// tall (an unmeasured height, 0, counts as [`RowWindow::ROW_GUESS`]).
    /// Below `virtual_from` rows, every row.
    pub fn span(
        len: usize,
        virtual_from: usize,
        scroll_top: f64,
        view_height: f64,
        row_height: f64,
    ) -> (usize, usize) {
        if len < virtual_from {
            return (0, len);
        }
        let h = if row_height > 1.0 {
            row_height
        } else {
            Self::ROW_GUESS
        };
        let first = (scroll_top.max(0.0) / h).floor() as usize;
        let shown = (view_height.max(h) / h).ceil() as usize;
        let start = first.saturating_sub(Self::MARGIN).min(len);
        let end = (first + shown + Self::MARGIN).min(len);
        (start, end.max(start))
    }

    /// True when `len` rows are windowed (tracked only through `len`).
    pub fn is_virtual(self, len: usize) -> bool {
        len >= self.virtual_from
    }

    /// `(start, end)` for `len` rows, tracked.
    pub fn range(self, len: usize) -> (usize, usize) {
        Self::span(
            len,
            self.virtual_from,
            self.scroll_top.get(),
            self.view_height.get(),
            self.row_height.get(),
        )
    }

    /// The height of `rows` rows, as a CSS length (tracked): a spacer's.
    pub fn height_of(self, rows: usize) -> String {
        css_px(rows as f64 * self.row_height.get())
    }

    /// The scroll offset that puts row `i` a little below the top.
    pub fn offset_of(self, i: usize) -> f64 {
        let h = self.row_height.get_untracked();
        ((i as f64 - 2.0) * h).max(0.0)
    }

    /// Follows the box `el` after a scroll or a resize.
    pub fn follow(self, el: &web_sys::Element) {
        self.scroll_top.set(f64::from(el.scroll_top()));
        let vh = f64::from(el.client_height());
        if vh > 1.0 {
            self.view_height.set(vh);
        }
    }

    /// Scrolls the box `el` to `top` and follows it at once (the scroll
    /// event would come a frame later).
    pub fn scroll_to(self, el: &web_sys::Element, top: f64) {
        el.set_scroll_top(top as i32);
        self.scroll_top.set(f64::from(el.scroll_top()));
    }

    /// After rows changed height from `old` to `new` (content that
    /// re-flowed them, a resize): a scroll offset means "row N" only at the
    /// height it was taken at, so the box is scrolled to keep the same row
    /// at the top of its view. The offset is followed at once, with the new
    /// height, so the window never spans the rows the old offset would mean
    /// at the new height (it did, and a focused row left the DOM for a
    /// moment and lost its focus); the box itself is scrolled a tick later,
    /// once the spacers have their new heights (scrolled at once, the
    /// offset would be clamped to the old scroll height).
    fn keep_first_row(self, el: &web_sys::Element, old: f64, new: f64) {
        let top = f64::from(el.scroll_top());
        if top <= 0.0 || old <= 1.0 {
            return;
        }
        let top = top / old * new;
        self.scroll_top.set(top);
        let el = el.clone();
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            self.scroll_to(&el, top);
        });
    }

    /// Measures the rendered rows (the elements in `el` matching `row`:
    /// their mean height, unrounded, so spacers standing for thousands of
    /// rows do not drift from the rows they stand for) and the box's
    /// height; only real changes are written.
    pub fn measure(self, el: &web_sys::Element, row: &str) {
        if let Ok(rows) = el.query_selector_all(row) {
            let n = rows.length().min(64);
            let total: f64 = (0..n)
                .filter_map(|i| rows.item(i))
                .filter_map(|r| r.dyn_into::<web_sys::Element>().ok())
                .map(|r| r.get_bounding_client_rect().height())
                .sum();
            let h = if n > 0 { total / f64::from(n) } else { 0.0 };
            let old = self.row_height.get_untracked();
            if h > 1.0 && (h - old).abs() > 0.01 {
                self.row_height.set(h);
                self.keep_first_row(el, old, h);
            }
        }
        // Only a box that scrolls says how much of the table is in view: a
        // short list's box is as tall as the list (a search with no match,
        // just its header), and taking that as the view made the next long
        // list's first window a few rows, its other rows built a frame later.
        let vh = f64::from(el.client_height());
        let scrolls = el.scroll_height() > el.client_height();
        if scrolls && vh > 1.0 && (vh - self.view_height.get_untracked()).abs() > 0.5 {
            self.view_height.set(vh);
        }
    }
}

/// `px` CSS pixels to a hundredth, as a CSS length. Written with integers
/// rather than `format!("{px}px")`: that formatting is the only float
/// formatting the first load would carry (core's `f64` `Display`, about
/// 11 KB of wasm).
pub fn css_px(px: f64) -> String {
    let hundredths = (px.max(0.0) * 100.0).round() as u64;
    match hundredths % 100 {
        0 => format!("{}px", hundredths / 100),
        frac if frac % 10 == 0 => format!("{}.{}px", hundredths / 100, frac / 10),
        frac => format!("{}.{frac:02}px", hundredths / 100),
    }
}

#[cfg(test)]
mod tests {
    use super::{css_px, RowWindow};

    #[test]
    fn lengths_are_written_as_css_would_read_them() {
        assert_eq!(css_px(0.0), "0px");
        assert_eq!(css_px(48.0 * 20.0), "960px");
        assert_eq!(css_px(41.5 * 3.0), "124.5px");
        assert_eq!(css_px(40.8333), "40.83px");
        assert_eq!(css_px(0.056), "0.06px");
        assert_eq!(css_px(-3.0), "0px");
    }

    fn span(len: usize, top: f64, view: f64, row: f64) -> (usize, usize) {
        RowWindow::span(len, 100, top, view, row)
    }

    #[test]
    fn small_tables_render_every_row() {
        assert_eq!(span(50, 9_999.0, 700.0, 48.0), (0, 50));
        assert_eq!(RowWindow::span(0, 100, 0.0, 700.0, 48.0), (0, 0));
    }

    #[test]
    fn large_tables_render_the_view_and_a_margin() {
        const M: usize = RowWindow::MARGIN;
        // 700 px of 50 px rows: 14 in view, plus the margin below.
        assert_eq!(span(500, 0.0, 700.0, 50.0), (0, 14 + M));
        // Scrolled to row 100: the margin above, 14 in view, the margin
        // below.
        assert_eq!(span(500, 5_000.0, 700.0, 50.0), (100 - M, 114 + M));
        // At the end, nothing past the last row.
        assert_eq!(span(500, 25_000.0, 700.0, 50.0), (500 - M, 500));
        // Scrolled past the end (the list just shrank): an empty window
        // at the end, never one that runs backwards.
        assert_eq!(span(120, 99_000.0, 700.0, 50.0), (120, 120));
        // An unmeasured height falls back to the guess: 700 / 48 → 15.
        assert_eq!(span(500, 0.0, 700.0, 0.0), (0, 15 + M));
    }

    #[test]
    fn the_window_does_not_grow_with_the_list() {
        let (a, b) = span(20_000, 480_000.0, 700.0, 48.0);
        let m = RowWindow::MARGIN;
        assert_eq!((a, b), (10_000 - m, 10_000 + 15 + m));
        assert_eq!(
            span(1_000, 0.0, 700.0, 48.0),
            span(20_000, 0.0, 700.0, 48.0)
        );
    }
}
