//! The pools table's model, apart from its view: rows with their status
//! and a search haystack built once per load, and the filter/sort that runs
//! on every keystroke. The query lives in the URL, so a view can be linked
//! and survives a reload.

use memchr::memmem;

use crate::lower_case::lower_case;
use pooldeck_model::{pool_status, MonitorListing, PoolListing, PoolStatus, StatusSummary};

/// The columns the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    Description,
    Enabled,
    Health,
    Endpoints,
    Monitor,
    Regions,
    Modified,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Name,
        SortKey::Description,
        SortKey::Enabled,
        SortKey::Health,
        SortKey::Endpoints,
        SortKey::Monitor,
        SortKey::Regions,
        SortKey::Modified,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Description => "description",
            SortKey::Enabled => "enabled",
            SortKey::Health => "health",
            SortKey::Endpoints => "endpoints",
            SortKey::Monitor => "monitor",
            SortKey::Regions => "regions",
            SortKey::Modified => "modified",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "Name",
            SortKey::Description => "Description",
            SortKey::Enabled => "Enabled",
            SortKey::Health => "Health",
            SortKey::Endpoints => "Endpoints",
            SortKey::Monitor => "Monitor",
            SortKey::Regions => "Health Monitor Regions",
            SortKey::Modified => "Modified",
        }
    }

    pub fn from_slug(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// A search for `s` in the default order with no filter: what the tests
/// of the list and of its recent results start from.
#[cfg(test)]
pub(crate) fn searching(s: &str) -> ListQuery {
    ListQuery {
        search: s.into(),
        ..Default::default()
    }
}

/// What the user asked to see.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub search: String,
    pub sort: SortKey,
    pub descending: bool,
    pub health: Option<PoolStatus>,
    pub enabled: Option<bool>,
}

impl ListQuery {
    /// Reads `?q=…&sort=…&dir=desc&health=…&enabled=…`.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        ListQuery {
            search: get("q").unwrap_or_default(),
            sort: get("sort")
                .as_deref()
                .and_then(SortKey::from_slug)
                .unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            health: get("health").as_deref().and_then(PoolStatus::from_slug),
            enabled: match get("enabled").as_deref() {
                Some("true") => Some(true),
                Some("false") => Some(false),
                _ => None,
            },
        }
    }

    /// The query parameters for this view (empty when it is the default).
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.search.is_empty() {
            out.push(("q", self.search.clone()));
        }
        if self.sort != SortKey::Name {
            out.push(("sort", self.sort.slug().to_owned()));
        }
        if self.descending {
            out.push(("dir", "desc".to_owned()));
        }
        if let Some(h) = self.health {
            out.push(("health", h.slug().to_owned()));
        }
        if let Some(e) = self.enabled {
            out.push(("enabled", e.to_string()));
        }
        out
    }
}

/// One row: the pool and what the table shows and searches.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub pool: PoolListing,
    pub status: StatusSummary,
    pub monitor_name: String,
    pub regions: String,
    /// Lower-cased name, description, endpoint names and addresses.
    haystack: String,
    /// Lower-cased sort keys, made once per load, not per comparison.
    description_key: String,
    monitor_key: String,
}

impl Row {
    pub fn id(&self) -> &str {
        self.pool.id.as_deref().unwrap_or_default()
    }
}

/// Builds the rows once per load.
pub fn build_rows(pools: Vec<PoolListing>, monitors: &[MonitorListing]) -> Vec<Row> {
    pools
        .into_iter()
        .map(|pool| {
            let monitor_name = pool
                .monitor_id()
                .map(|id| {
                    monitors
                        .iter()
                        .find(|m| m.id.as_deref() == Some(id))
                        .map_or_else(|| id.to_owned(), MonitorListing::display_name)
                })
                .unwrap_or_default();
            let regions = match &pool.check_regions {
                Some(Some(r)) => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
                Some(None) => "All data centers".to_owned(),
                None => String::new(),
            };
            let mut haystack = format!("{}\n{}", pool.name, pool.description);
            for o in &pool.origins {
                haystack.push('\n');
                haystack.push_str(&o.name);
                haystack.push('\n');
                haystack.push_str(&o.address);
            }
            Row {
                status: pool_status(&pool),
                description_key: lower_case(&pool.description),
                monitor_key: lower_case(&monitor_name),
                monitor_name,
                regions,
                haystack: lower_case(&haystack),
                pool,
            }
        })
        .collect()
}

/// Every row, in the order of `sort`. It changes only with the sort, so
/// the page keeps it in a memo and a keystroke only filters it.
pub fn order(rows: &[Row], sort: SortKey, descending: bool) -> Vec<usize> {
    let mut all: Vec<usize> = (0..rows.len()).collect();
    all.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        let primary = match sort {
            SortKey::Name => std::cmp::Ordering::Equal,
            SortKey::Description => a.description_key.cmp(&b.description_key),
            SortKey::Enabled => a.pool.enabled.cmp(&b.pool.enabled),
            SortKey::Health => a.status.status.cmp(&b.status.status),
            SortKey::Endpoints => {
                (a.status.healthy, a.status.total).cmp(&(b.status.healthy, b.status.total))
            }
            SortKey::Monitor => a.monitor_key.cmp(&b.monitor_key),
            SortKey::Regions => a.regions.cmp(&b.regions),
            SortKey::Modified => a.pool.modified_on.cmp(&b.pool.modified_on),
        };
        let ord = primary.then_with(|| a.pool.name.cmp(&b.pool.name));
        if descending {
            ord.reverse()
        } else {
            ord
        }
    });
    all
}

/// The search's words, lower-cased as the haystacks are.
fn words(search: &str) -> Vec<String> {
    search.split_whitespace().map(lower_case).collect()
}

/// True when every row matching `next` also matches `prev`, so `next`'s
/// rows can be picked from `prev`'s instead of from every row: the same
/// filters and sort, and each of `prev`'s words inside one of `next`'s
/// (typing on extends a word or adds one). A keystroke that narrows the
/// search then costs in proportion to what still matches, not to the
/// number of pools.
pub fn narrows(prev: &ListQuery, next: &ListQuery) -> bool {
    if (prev.sort, prev.descending, prev.health, prev.enabled)
        != (next.sort, next.descending, next.health, next.enabled)
    {
        return false;
    }
    let after = words(&next.search);
    words(&prev.search)
        .iter()
        .all(|w| after.iter().any(|n| n.contains(w.as_str())))
}

/// The rows of `ordered` that match the query: every search word must
/// match somewhere, and the health and state filters. `ordered` is every
/// row in display order, or (see [`narrows`]) the last search's rows.
pub fn filter(rows: &[Row], ordered: &[usize], q: &ListQuery) -> Vec<usize> {
    let words = words(&q.search);
    // One searcher per word for the whole list: `str::contains` prepares a
    // new one for every haystack, 5,000 times a keystroke.
    let finders: Vec<memmem::Finder> = words
        .iter()
        .map(|w| memmem::Finder::new(w.as_bytes()))
        .collect();
    ordered
        .iter()
        .copied()
        .filter(|&i| {
            let r = &rows[i];
            finders
                .iter()
                .all(|f| f.find(r.haystack.as_bytes()).is_some())
                && q.health.is_none_or(|h| r.status.status == h)
                && q.enabled.is_none_or(|e| r.pool.enabled == e)
        })
        .collect()
}

/// The rows to show, in order ([`order`] then [`filter`]).
pub fn select(rows: &[Row], q: &ListQuery) -> Vec<usize> {
    filter(rows, &order(rows, q.sort, q.descending), q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::OriginListing;

    fn pool(name: &str, address: &str, healthy: Option<bool>, enabled: bool) -> PoolListing {
        PoolListing {
            id: Some(format!("id-{name}")),
            name: name.into(),
            enabled,
            modified_on: Some(format!("2026-01-0{}T00:00:00Z", name.len())),
            origins: vec![OriginListing {
                healthy,
                ..OriginListing::new(format!("{name}-1"), address)
            }],
            ..PoolListing::default()
        }
    }

    fn rows() -> Vec<Row> {
        build_rows(
            vec![
                pool("web", "192.0.2.10", Some(true), true),
                pool("api", "192.0.2.20", Some(false), true),
                pool("legacy", "origin.example.com", None, false),
            ],
            &[],
        )
    }

    fn names(rows: &[Row], q: &ListQuery) -> Vec<String> {
        select(rows, q)
            .into_iter()
            .map(|i| rows[i].pool.name.clone())
            .collect()
    }

    #[test]
    fn search_finds_an_address_wherever_it_is_used() {
        let r = rows();
        let q = searching;
        assert_eq!(names(&r, &q("192.0.2.10")), ["web"]);
        assert_eq!(names(&r, &q("192.0.2")), ["api", "web"]);
        assert_eq!(names(&r, &q("ORIGIN.example")), ["legacy"]);
        assert_eq!(names(&r, &q("api-1")), ["api"], "endpoint names too");
        assert_eq!(
            names(&r, &q("192.0.2 web")),
            ["web"],
            "every word must match"
        );
        assert!(names(&r, &q("nothing")).is_empty());
    }

    #[test]
    fn typing_on_narrows_and_going_back_does_not() {
        assert!(narrows(&searching(""), &searching("p")));
        assert!(narrows(&searching("po"), &searching("pool")));
        assert!(narrows(&searching("pool"), &searching("pool 192")));
        assert!(narrows(&searching("192 web"), &searching("WEB 192.0")));
        assert!(
            !narrows(&searching("pool"), &searching("poo")),
            "a deleted letter"
        );
        assert!(
            !narrows(&searching("pool 192"), &searching("pool")),
            "a deleted word"
        );
        assert!(
            !narrows(&searching("ab"), &searching("a b")),
            "a word split in two"
        );
        let healthy = ListQuery {
            health: Some(PoolStatus::Healthy),
            ..searching("pool")
        };
        assert!(!narrows(&searching("p"), &healthy), "another filter");
        let by_health = ListQuery {
            sort: SortKey::Health,
            ..searching("pool")
        };
        assert!(!narrows(&searching("p"), &by_health), "another order");
    }

    #[test]
    fn a_narrowed_search_finds_what_a_full_one_finds() {
        let r = build_rows(
            (0..300)
                .map(|i| {
                    pool(
                        &format!("pool-{i:03}"),
                        &format!("192.0.2.{}", i % 250),
                        Some(i % 3 == 0),
                        i % 7 != 0,
                    )
                })
                .collect(),
            &[],
        );
        let ordered = order(&r, SortKey::Name, false);
        let typed = [
            "",
            "p",
            "po",
            "pool-1",
            "pool-12",
            "pool-12 192",
            "pool-12 192.0.2.2",
            "1",
            "12",
            "12 pool",
            "",
        ];
        let mut prev = searching("");
        let mut picked = filter(&r, &ordered, &prev);
        for t in typed {
            let next = searching(t);
            let within = if narrows(&prev, &next) {
                &picked
            } else {
                &ordered
            };
            let now = filter(&r, within, &next);
            assert_eq!(now, select(&r, &next), "after {t:?}");
            picked = now;
            prev = next;
        }
    }

    #[test]
    fn the_haystack_is_built_once_lower_cased() {
        let r = build_rows(vec![pool("Web-EU", "Origin.Example.COM", None, true)], &[]);
        assert_eq!(r[0].haystack, "web-eu\n\nweb-eu-1\norigin.example.com");
        assert_eq!(names(&r, &searching("ORIGIN.example web-eu")), ["Web-EU"]);
    }

    #[test]
    fn filters_and_sorts() {
        let r = rows();
        let critical = ListQuery {
            health: Some(PoolStatus::Critical),
            ..Default::default()
        };
        assert_eq!(names(&r, &critical), ["api"]);
        let off = ListQuery {
            enabled: Some(false),
            ..Default::default()
        };
        assert_eq!(names(&r, &off), ["legacy"]);
        let by_health = ListQuery {
            sort: SortKey::Health,
            ..Default::default()
        };
        assert_eq!(names(&r, &by_health), ["web", "api", "legacy"]);
        let desc = ListQuery {
            descending: true,
            ..Default::default()
        };
        assert_eq!(names(&r, &desc), ["web", "legacy", "api"]);
        let modified = ListQuery {
            sort: SortKey::Modified,
            ..Default::default()
        };
        assert_eq!(names(&r, &modified), ["api", "web", "legacy"]);
    }

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = ListQuery {
            search: "192.0.2.10".into(),
            sort: SortKey::Health,
            descending: true,
            health: Some(PoolStatus::Degraded),
            enabled: Some(true),
        };
        let params = q.to_params();
        let back = ListQuery::from_params(|k| {
            params.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
        });
        assert_eq!(back, q);
        assert!(ListQuery::default().to_params().is_empty());
        assert_eq!(
            ListQuery::from_params(|_| Some("bogus".into())).sort,
            SortKey::Name
        );
    }
}
