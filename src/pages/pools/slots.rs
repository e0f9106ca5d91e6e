//! What the pools table's body is made of when it is windowed: the rows in
//! the window, the current row wherever it is (so a focused row keeps its
//! focus while it is scrolled out of view and back), and spacers of the
//! right height for every run of rows left out.

/// One `<tr>` of the table body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The row at `pos` in the shown list; `index` is its row in the model.
    Row { pos: usize, index: usize },
    /// A spacer standing for `rows` rows from position `at`.
    Gap { at: usize, rows: usize },
}

/// The body for `shown` (model indices in display order), rendering the
/// positions `span` (`[start, end)`) and `pinned`, in display order.
pub fn slots(shown: &[usize], span: (usize, usize), pinned: Option<usize>) -> Vec<Slot> {
    let len = shown.len();
    let (start, end) = (span.0.min(len), span.1.min(len));
    let mut out = Vec::with_capacity(end - start + 4);
    let mut at = 0;
    let put = |pos: usize, out: &mut Vec<Slot>, at: &mut usize| {
        if pos > *at {
            out.push(Slot::Gap {
                at: *at,
                rows: pos - *at,
            });
        }
        out.push(Slot::Row {
            pos,
            index: shown[pos],
        });
        *at = pos + 1;
    };
    let pinned = pinned.filter(|&p| p < len && !(start..end).contains(&p));
    if let Some(p) = pinned.filter(|&p| p < start) {
        put(p, &mut out, &mut at);
    }
    for pos in start..end {
        put(pos, &mut out, &mut at);
    }
    if let Some(p) = pinned.filter(|&p| p >= end) {
        put(p, &mut out, &mut at);
    }
    if at < len {
        out.push(Slot::Gap { at, rows: len - at });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{slots, Slot};

    fn rows(slots: &[Slot]) -> Vec<usize> {
        slots
            .iter()
            .filter_map(|s| match s {
                Slot::Row { pos, .. } => Some(*pos),
                Slot::Gap { .. } => None,
            })
            .collect()
    }

    /// Every position is covered exactly once, in order.
    fn covers(slots: &[Slot], len: usize) {
        let mut next = 0;
        for s in slots {
            match *s {
                Slot::Row { pos, .. } => {
                    assert_eq!(pos, next);
                    next += 1;
                }
                Slot::Gap { at, rows } => {
                    assert_eq!(at, next);
                    assert!(rows > 0);
                    next += rows;
                }
            }
        }
        assert_eq!(next, len);
    }

    #[test]
    fn a_window_with_spacers_on_both_sides() {
        let shown: Vec<usize> = (0..1_000).rev().collect();
        let s = slots(&shown, (100, 130), None);
        covers(&s, 1_000);
        assert_eq!(rows(&s), (100..130).collect::<Vec<_>>());
        assert_eq!(s[0], Slot::Gap { at: 0, rows: 100 });
        assert_eq!(
            s[1],
            Slot::Row {
                pos: 100,
                index: 899
            }
        );
        assert_eq!(s.len(), 32);
    }

    #[test]
    fn the_current_row_stays_wherever_it_is() {
        let shown: Vec<usize> = (0..1_000).collect();
        // Above the window.
        let s = slots(&shown, (500, 520), Some(3));
        covers(&s, 1_000);
        assert_eq!(rows(&s)[0], 3);
        assert_eq!(s[0], Slot::Gap { at: 0, rows: 3 });
        // Below it.
        let s = slots(&shown, (0, 20), Some(999));
        covers(&s, 1_000);
        assert_eq!(*rows(&s).last().unwrap(), 999);
        assert_eq!(
            s.last(),
            Some(&Slot::Row {
                pos: 999,
                index: 999
            })
        );
        // Inside it, or filtered away: no extra row.
        assert_eq!(rows(&slots(&shown, (0, 20), Some(5))).len(), 20);
        assert_eq!(rows(&slots(&shown[..10], (0, 10), Some(50))).len(), 10);
    }

    #[test]
    fn small_and_empty_lists() {
        let shown = [4, 2, 9];
        let s = slots(&shown, (0, 3), None);
        covers(&s, 3);
        assert_eq!(s.len(), 3);
        assert!(slots(&[], (0, 0), Some(0)).is_empty());
        // A window past the end of a list that just shrank.
        let s = slots(&shown, (50, 70), None);
        covers(&s, 3);
        assert_eq!(s, [Slot::Gap { at: 0, rows: 3 }]);
    }
}
