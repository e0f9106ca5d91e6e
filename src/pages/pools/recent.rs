//! The last few searches' results, for the moves a search box sees most:
//! typing on narrows a result already found, and deleting a letter (or
//! clearing a typo) goes back to a search already made. Either way a
//! keystroke costs in proportion to what it filters, not to every pool.

use std::collections::VecDeque;

use super::list_model::{filter, narrows, ListQuery, Row};

/// How many searches are kept: a word typed and deleted again, with room
/// to spare. Each is at most one index per pool.
const KEPT: usize = 12;

/// Results of recent queries over one order of the rows.
#[derive(Debug, Default)]
pub struct RecentSearches {
    /// Which order of the rows the results are in (see [`Self::pick`]).
    order: u64,
    /// Oldest first.
    found: VecDeque<(ListQuery, Vec<usize>)>,
}

impl RecentSearches {
    /// The rows of `ordered` that match `q`. `order` numbers `ordered`:
    /// another number (a new sort, new rows) forgets every result.
    pub fn pick(
        &mut self,
        rows: &[Row],
        order: u64,
        ordered: &[usize],
        q: &ListQuery,
    ) -> Vec<usize> {
        if order != self.order {
            self.found.clear();
            self.order = order;
        }
        if let Some(at) = self.found.iter().position(|(p, _)| p == q) {
            let hit = self.found.remove(at).expect("position is in range");
            let out = hit.1.clone();
            self.found.push_back(hit);
            return out;
        }
        // The smallest result that every match of `q` is in.
        let within = self
            .found
            .iter()
            .filter(|(p, _)| narrows(p, q))
            .map(|(_, r)| r.as_slice())
            .min_by_key(|r| r.len())
            .unwrap_or(ordered);
        let out = filter(rows, within, q);
        if self.found.len() == KEPT {
            self.found.pop_front();
        }
        self.found.push_back((q.clone(), out.clone()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::pools::list_model::{build_rows, order, searching, select, SortKey};
    use pooldeck_model::{OriginListing, PoolListing};

    fn rows() -> Vec<Row> {
        build_rows(
            (0..300)
                .map(|i| PoolListing {
                    id: Some(format!("id-{i}")),
                    name: format!("pool-{i:03}"),
                    description: format!("team {}", i % 7),
                    enabled: i % 5 != 0,
                    origins: vec![OriginListing::new(
                        format!("e{i}"),
                        format!("192.0.2.{}", i % 250),
                    )],
                    ..PoolListing::default()
                })
                .collect(),
            &[],
        )
    }

    #[test]
    fn every_keystroke_finds_what_a_full_search_finds() {
        let r = rows();
        let ordered = order(&r, SortKey::Name, false);
        let mut recent = RecentSearches::default();
        // Typing, deleting, a typo and clearing, a second word, and the
        // same searches again with a filter on.
        let typed = [
            "",
            "p",
            "po",
            "pool-1",
            "pool-12",
            "pool-123",
            "pool-12",
            "pool-1",
            "",
            "zzz",
            "z",
            "",
            "team",
            "team 3",
            "team 3 192.0.2.1",
            "team 3",
            "team",
            "12",
            "1",
            "",
        ];
        for t in typed {
            let q = searching(t);
            assert_eq!(recent.pick(&r, 1, &ordered, &q), select(&r, &q), "{t:?}");
        }
        for t in typed {
            let q = ListQuery {
                enabled: Some(false),
                ..searching(t)
            };
            assert_eq!(
                recent.pick(&r, 1, &ordered, &q),
                select(&r, &q),
                "{t:?}, disabled"
            );
        }
    }

    #[test]
    fn a_new_order_forgets_what_was_found_in_the_old_one() {
        let r = rows();
        let mut recent = RecentSearches::default();
        let by_name = order(&r, SortKey::Name, false);
        let q = searching("pool-1");
        recent.pick(&r, 1, &by_name, &q);
        let descending = ListQuery {
            descending: true,
            ..q.clone()
        };
        let reversed = order(&r, SortKey::Name, true);
        assert_eq!(
            recent.pick(&r, 2, &reversed, &descending),
            select(&r, &descending)
        );
        // The same query as before, but over the new order: not the old result.
        let again = recent.pick(&r, 3, &reversed, &q);
        assert_eq!(again, filter(&r, &reversed, &q));
        assert_ne!(again, select(&r, &q), "the old order's result came back");
    }

    #[test]
    fn it_keeps_only_the_last_few() {
        let r = rows();
        let ordered = order(&r, SortKey::Name, false);
        let mut recent = RecentSearches::default();
        for i in 0..(KEPT * 3) {
            let q = searching(&format!("pool-{i}"));
            assert_eq!(recent.pick(&r, 1, &ordered, &q), select(&r, &q));
        }
        assert_eq!(recent.found.len(), KEPT);
    }
}
