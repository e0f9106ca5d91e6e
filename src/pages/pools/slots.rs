//! What the pools table's body is made of when it is windowed: the rows in
//! the window, the current row wherever it is (so a focused row keeps its
//! focus while it is scrolled out of view and back), and spacers of the
//! right height for every run of rows left out.
//!
//! Every spacer is a row of its own that stays in the DOM (only its height
//! changes), and the current row, when it is outside the window, renders
//! apart from the window's keyed list: re-keying a list that also held the
//! spacers and that row emptied it for a moment, and the browser clamped
//! the scroll position, so a scroll to the bottom landed short of it.

/// The body for a shown list of `len` rows with the window `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slots {
    /// Rows the first spacer stands for.
    pub top: usize,
    /// The current row's position, when it is above the window.
    pub pinned_above: Option<usize>,
    /// Rows between that row and the window.
    pub gap_above: usize,
    /// The window, `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// Rows between the window and the current row below it.
    pub gap_below: usize,
    /// The current row's position, when it is below the window.
    pub pinned_below: Option<usize>,
    /// Rows the last spacer stands for.
    pub bottom: usize,
}

/// The body for `len` rows, rendering the positions `span` (`[start,
/// end)`) and `pinned`.
pub fn slots(len: usize, span: (usize, usize), pinned: Option<usize>) -> Slots {
    let end = span.1.min(len);
    let start = span.0.min(end);
    let mut s = Slots {
        top: start,
        start,
        end,
        bottom: len - end,
        ..Slots::default()
    };
    match pinned.filter(|&p| p < len) {
        Some(p) if p < start => {
            s.top = p;
            s.pinned_above = Some(p);
            s.gap_above = start - p - 1;
        }
        Some(p) if p >= end => {
            s.gap_below = p - end;
            s.pinned_below = Some(p);
            s.bottom = len - p - 1;
        }
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{slots, Slots};

    /// Every position is covered exactly once.
    fn covers(s: &Slots, len: usize) {
        let rendered = s.end - s.start
            + usize::from(s.pinned_above.is_some())
            + usize::from(s.pinned_below.is_some());
        assert_eq!(
            s.top + s.gap_above + s.gap_below + s.bottom + rendered,
            len,
            "{s:?}"
        );
        if let Some(p) = s.pinned_above {
            assert_eq!(p, s.top);
            assert_eq!(p + 1 + s.gap_above, s.start);
        }
        if let Some(p) = s.pinned_below {
            assert_eq!(s.end + s.gap_below, p);
            assert_eq!(p + 1 + s.bottom, len);
        }
    }

    #[test]
    fn a_window_with_spacers_on_both_sides() {
        let s = slots(1_000, (100, 130), None);
        covers(&s, 1_000);
        assert_eq!((s.top, s.start, s.end, s.bottom), (100, 100, 130, 870));
        assert_eq!((s.pinned_above, s.pinned_below), (None, None));
    }

    #[test]
    fn the_current_row_stays_wherever_it_is() {
        let s = slots(1_000, (500, 520), Some(3));
        covers(&s, 1_000);
        assert_eq!((s.top, s.pinned_above, s.gap_above), (3, Some(3), 496));
        let s = slots(1_000, (0, 20), Some(999));
        covers(&s, 1_000);
        assert_eq!((s.gap_below, s.pinned_below, s.bottom), (979, Some(999), 0));
        // Inside the window, or filtered away: nothing apart.
        let s = slots(1_000, (0, 20), Some(5));
        assert_eq!((s.pinned_above, s.pinned_below), (None, None));
        covers(&s, 1_000);
        let s = slots(10, (0, 10), Some(50));
        assert_eq!((s.pinned_above, s.pinned_below), (None, None));
        covers(&s, 10);
    }

    #[test]
    fn small_and_empty_lists() {
        let s = slots(3, (0, 3), None);
        covers(&s, 3);
        assert_eq!((s.top, s.bottom), (0, 0));
        assert_eq!(slots(0, (0, 0), Some(0)), Slots::default());
        // A window past the end of a list that just shrank.
        let s = slots(3, (50, 70), None);
        covers(&s, 3);
        assert_eq!((s.top, s.start, s.end, s.bottom), (3, 3, 3, 0));
    }
}
