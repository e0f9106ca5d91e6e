//! Reading a [`Route`] back from an address: the inverse of
//! [`Route::path`], so the page a link names is the page that opens.
//!
//! The round trip is tested for every variant below; a route added to
//! `path` without a case here fails that test.

use super::{NewAlert, Route};

impl Route {
    /// The route at `path` (base-less, percent-encoded as in the address
    /// bar, like `/pools/abc/edit`) with `query` (without the `?`). `None`
    /// when no page lives there. `/` is the pools list, and a trailing
    /// slash is ignored.
    pub fn parse(path: &str, query: &str) -> Option<Route> {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let param = |name: &str| query_param(query, name);
        let route = match segments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] | ["pools"] => Route::Pools,
            ["pools", "new"] => match param("clone") {
                Some(id) => Route::PoolClone(id),
                None => Route::PoolNew,
            },
            ["pools", "bulk"] => Route::PoolsBulk,
            ["pools", id] => Route::Pool(id.to_owned()),
            ["pools", id, "edit"] => match param("restore").and_then(|s| s.parse().ok()) {
                Some(seq) => Route::PoolRestore(id.to_owned(), seq),
                None => Route::PoolEdit(id.to_owned()),
            },
            ["pools", id, "delete"] => Route::PoolDetachDelete(id.to_owned()),
            ["pools", id, "history"] => Route::PoolHistory(id.to_owned()),
            ["pools", id, "jobs", "new"] => Route::PoolJobNew(id.to_owned()),
            ["jobs"] => Route::Jobs,
            ["load-balancers"] => Route::LoadBalancers,
            ["monitors"] => Route::Monitors,
            ["monitors", "new"] => Route::MonitorNew,
            ["monitors", "groups", "new"] => Route::MonitorGroupNew,
            ["monitors", "groups", id] => Route::MonitorGroup(id.to_owned()),
            ["monitors", id] => Route::Monitor(id.to_owned()),
            ["alerts"] => Route::Alerts,
            ["alerts", "new"] => Route::AlertNew {
                kind: match param("type").as_deref() {
                    Some("enablement") => NewAlert::Enablement,
                    _ => NewAlert::Health,
                },
                pool: param("pool"),
            },
            ["alerts", id] => Route::Alert(id.to_owned()),
            ["settings"] => Route::Settings,
            _ => return None,
        };
        Some(route)
    }

    /// The ID of the pool, monitor, group or alert the route's path names
    /// (`/pools/ID/edit`); a query's ID (`/pools/new?clone=ID`) is not one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Route::Pool(id)
            | Route::PoolEdit(id)
            | Route::PoolDetachDelete(id)
            | Route::PoolJobNew(id)
            | Route::PoolHistory(id)
            | Route::PoolRestore(id, _)
            | Route::Monitor(id)
            | Route::MonitorGroup(id)
            | Route::Alert(id) => Some(id),
            Route::Pools
            | Route::PoolNew
            | Route::PoolClone(_)
            | Route::Jobs
            | Route::LoadBalancers
            | Route::PoolsBulk
            | Route::Monitors
            | Route::MonitorNew
            | Route::MonitorGroupNew
            | Route::Alerts
            | Route::AlertNew { .. }
            | Route::Settings => None,
        }
    }
}

/// The first value of `name` in `query` (`a=1&b=2`, no `?`), decoded as a
/// form would encode it (`+` is a space).
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let plus = |s: &str| s.replace('+', " ");
            (decode(&plus(k)) == name).then(|| decode(&plus(v)))
        })
        .next()
}

/// Undoes percent-encoding. A `%` not followed by two hex digits, or bytes
/// that are not UTF-8, are kept as they are rather than refused: an
/// address typed by hand should still find its page or a "not found".
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits what `path` builds into the parts an address bar has.
    fn round_trip(route: &Route) -> Option<Route> {
        let full = route.path();
        let (path, query) = full.split_once('?').unwrap_or((&full, ""));
        Route::parse(path, query)
    }

    #[test]
    fn every_route_reads_back_as_itself() {
        let odd = "id with/slash & ?".to_owned();
        let routes = [
            Route::Pools,
            Route::Pool("p1".into()),
            Route::Pool(odd.clone()),
            Route::PoolNew,
            Route::PoolClone("p1".into()),
            Route::PoolClone(odd.clone()),
            Route::PoolEdit("p1".into()),
            Route::PoolDetachDelete("p1".into()),
            Route::Jobs,
            Route::PoolJobNew("p1".into()),
            Route::PoolHistory("p1".into()),
            Route::PoolRestore("p1".into(), 7),
            Route::LoadBalancers,
            Route::PoolsBulk,
            Route::Monitors,
            Route::Monitor("m1".into()),
            Route::MonitorNew,
            Route::MonitorGroup("g1".into()),
            Route::MonitorGroupNew,
            Route::Alerts,
            Route::Alert("a1".into()),
            Route::AlertNew {
                kind: NewAlert::Health,
                pool: None,
            },
            Route::AlertNew {
                kind: NewAlert::Enablement,
                pool: Some(odd),
            },
            Route::Settings,
        ];
        for route in routes {
            assert_eq!(round_trip(&route), Some(route.clone()), "{}", route.path());
        }
    }

    #[test]
    fn the_root_and_trailing_slashes_open_the_pools_list() {
        assert_eq!(Route::parse("/", ""), Some(Route::Pools));
        assert_eq!(Route::parse("", ""), Some(Route::Pools));
        assert_eq!(Route::parse("/pools/", ""), Some(Route::Pools));
        assert_eq!(
            Route::parse("/pools/p1/", ""),
            Some(Route::Pool("p1".into()))
        );
    }

    #[test]
    fn unknown_places_are_none() {
        assert_eq!(Route::parse("/nowhere", ""), None);
        assert_eq!(Route::parse("/pools/p1/elsewhere", ""), None);
        assert_eq!(
            Route::parse("/monitors/groups", ""),
            Some(Route::Monitor("groups".into()))
        );
    }

    #[test]
    fn queries_are_decoded_and_a_bad_restore_edits() {
        assert_eq!(
            query_param("type=health&pool=a%20b", "pool").as_deref(),
            Some("a b")
        );
        assert_eq!(query_param("q=team+7", "q").as_deref(), Some("team 7"));
        assert_eq!(query_param("q", "q").as_deref(), Some(""));
        assert_eq!(query_param("x=1", "q"), None);
        assert_eq!(
            Route::parse("/pools/p1/edit", "restore=x"),
            Some(Route::PoolEdit("p1".into()))
        );
        assert_eq!(
            Route::parse("/alerts/new", "type=other"),
            Some(Route::AlertNew {
                kind: NewAlert::Health,
                pool: None
            })
        );
    }

    #[test]
    fn a_broken_escape_is_kept_as_typed() {
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%FF"), "%FF");
        assert_eq!(decode("%C3%A9"), "é");
    }

    #[test]
    fn ids_come_from_the_routes_that_have_one() {
        assert_eq!(Route::PoolRestore("p1".into(), 3).id(), Some("p1"));
        assert_eq!(Route::MonitorGroup("g".into()).id(), Some("g"));
        assert_eq!(Route::PoolNew.id(), None);
        assert_eq!(
            Route::PoolClone("p1".into()).id(),
            None,
            "cloning is not editing"
        );
    }
}
