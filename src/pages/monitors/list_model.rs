//! The monitors table's model, apart from its view: a row per monitor with
//! what the table shows, and the search and sort that run per keystroke.

use pooldeck_model::Monitor;

/// The columns the table sorts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Description,
    Type,
    Target,
    Codes,
    Interval,
    Pools,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Description,
        SortKey::Type,
        SortKey::Target,
        SortKey::Codes,
        SortKey::Interval,
        SortKey::Pools,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            SortKey::Description => "description",
            SortKey::Type => "type",
            SortKey::Target => "target",
            SortKey::Codes => "codes",
            SortKey::Interval => "interval",
            SortKey::Pools => "pools",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Description => "Description",
            SortKey::Type => "Type",
            SortKey::Target => "Method and path",
            SortKey::Codes => "Expected codes",
            SortKey::Interval => "Interval",
            SortKey::Pools => "Pools",
        }
    }
}

/// One monitor and what its row shows.
#[derive(Clone, Debug, PartialEq)]
pub struct MonitorRow {
    pub monitor: Monitor,
    /// The pools that use it, by name; `None` when the references could
    /// not be read.
    pub pools: Option<Vec<String>>,
}

impl MonitorRow {
    pub fn id(&self) -> &str {
        self.monitor.id.as_deref().unwrap_or_default()
    }

    /// "GET /health", "port 5432", or "" for a ping.
    pub fn target(&self) -> String {
        let m = &self.monitor;
        if m.kind.is_http() {
            format!(
                "{} {}",
                m.method.as_deref().unwrap_or("GET"),
                m.path.as_deref().unwrap_or("/")
            )
        } else {
            m.port.map(|p| format!("port {p}")).unwrap_or_default()
        }
    }

    fn haystack(&self) -> String {
        let m = &self.monitor;
        format!(
            "{}\n{}\n{}\n{}\n{}",
            m.description,
            m.kind.as_str(),
            self.target(),
            m.expected_codes.as_deref().unwrap_or_default(),
            self.id()
        )
        .to_lowercase()
    }
}

/// The rows to show, in order: every search word must match.
pub fn select(rows: &[MonitorRow], search: &str, sort: SortKey, descending: bool) -> Vec<usize> {
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    let mut picked: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let hay = r.haystack();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    picked.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        let (ma, mb) = (&a.monitor, &b.monitor);
        let primary = match sort {
            SortKey::Description => std::cmp::Ordering::Equal,
            SortKey::Type => ma.kind.as_str().cmp(mb.kind.as_str()),
            SortKey::Target => a.target().cmp(&b.target()),
            SortKey::Codes => ma.expected_codes.cmp(&mb.expected_codes),
            SortKey::Interval => ma.interval.cmp(&mb.interval),
            SortKey::Pools => a
                .pools
                .as_ref()
                .map(Vec::len)
                .cmp(&b.pools.as_ref().map(Vec::len)),
        };
        let ordered = primary.then_with(|| {
            ma.display_name()
                .to_lowercase()
                .cmp(&mb.display_name().to_lowercase())
        });
        if descending {
            ordered.reverse()
        } else {
            ordered
        }
    });
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::MonitorType;

    fn row(desc: &str, kind: MonitorType, interval: i64, pools: usize) -> MonitorRow {
        MonitorRow {
            monitor: Monitor {
                description: desc.into(),
                kind,
                interval,
                path: Some("/health".into()),
                port: Some(5432),
                ..Monitor::default()
            },
            pools: Some((0..pools).map(|i| format!("p{i}")).collect()),
        }
    }

    #[test]
    fn search_matches_every_word_anywhere() {
        let rows = [
            row("web check", MonitorType::Https, 60, 1),
            row("db", MonitorType::Tcp, 30, 0),
        ];
        assert_eq!(
            select(&rows, "HTTPS /health", SortKey::Description, false),
            [0]
        );
        assert_eq!(select(&rows, "port 5432", SortKey::Description, false), [1]);
        assert!(select(&rows, "nothing", SortKey::Description, false).is_empty());
    }

    #[test]
    fn sorts_by_any_column_then_by_name() {
        let rows = [
            row("b", MonitorType::Http, 60, 2),
            row("a", MonitorType::Http, 120, 0),
            row("c", MonitorType::Tcp, 60, 5),
        ];
        assert_eq!(select(&rows, "", SortKey::Description, false), [1, 0, 2]);
        assert_eq!(select(&rows, "", SortKey::Interval, false), [0, 2, 1]);
        assert_eq!(select(&rows, "", SortKey::Pools, true), [2, 0, 1]);
        assert_eq!(rows[2].target(), "port 5432");
        assert_eq!(rows[0].target(), "GET /health");
    }
}
