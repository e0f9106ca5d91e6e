//! Every place in the console, typed, and the only way to build its path.
//!
//! Two spellings exist and mixing them was a bug (the base path added
//! twice under a portal sub-path):
//! - [`Route::path`] is base-less (`/pools/ID`). Navigation takes this:
//!   the router adds its base itself.
//! - [`Route::href`] carries the base (`/portal/lb/pools/ID`). Only an
//!   `<a href>` takes this.
//!
//! [`Route::parse`] (in `parse.rs`) reads an address back. [`use_go`]
//! wraps navigation so that a `Route` is the only thing it accepts.

mod parse;

use leptos::prelude::*;

use crate::router::{use_location, Location};

pub use parse::query_param;

/// Which kind of alert `/alerts/new` starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewAlert {
    /// A Load Balancing Health Alert.
    Health,
    /// A Pool Enablement alert.
    Enablement,
}

/// A page of the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Pools,
    Pool(String),
    PoolNew,
    /// `/pools/new?clone=ID`: the wizard prefilled from another pool.
    PoolClone(String),
    PoolEdit(String),
    /// `/pools/ID/delete`: remove the pool from its load balancers, then
    /// delete it.
    PoolDetachDelete(String),
    /// `/jobs`: scheduled maintenance and weight ramps.
    Jobs,
    /// `/pools/ID/jobs/new`: start a job on a pool.
    PoolJobNew(String),
    /// `/pools/ID/history`: the pool's recorded versions.
    PoolHistory(String),
    /// `/pools/ID/edit?restore=SEQ`: the wizard, on review, with the
    /// version recorded as `SEQ` as the draft.
    PoolRestore(String, i64),
    LoadBalancers,
    /// `/pools/bulk`: one change to every selected pool.
    PoolsBulk,
    Monitors,
    Monitor(String),
    MonitorNew,
    MonitorGroup(String),
    MonitorGroupNew,
    Alerts,
    Alert(String),
    /// `/alerts/new?type=…[&pool=ID]`.
    AlertNew {
        kind: NewAlert,
        pool: Option<String>,
    },
    Settings,
}

impl Route {
    /// The path without the router's base, for `navigate`.
    pub fn path(&self) -> String {
        let seg = |s: &str| encode(s);
        match self {
            Route::Pools => "/pools".to_owned(),
            Route::Pool(id) => format!("/pools/{}", seg(id)),
            Route::PoolNew => "/pools/new".to_owned(),
            Route::PoolClone(id) => format!("/pools/new?clone={}", seg(id)),
            Route::PoolEdit(id) => format!("/pools/{}/edit", seg(id)),
            Route::PoolDetachDelete(id) => format!("/pools/{}/delete", seg(id)),
            Route::PoolHistory(id) => format!("/pools/{}/history", seg(id)),
            Route::Jobs => "/jobs".to_owned(),
            Route::PoolJobNew(id) => format!("/pools/{}/jobs/new", seg(id)),
            Route::PoolRestore(id, seq) => format!("/pools/{}/edit?restore={seq}", seg(id)),
            Route::LoadBalancers => "/load-balancers".to_owned(),
            Route::PoolsBulk => "/pools/bulk".to_owned(),
            Route::Monitors => "/monitors".to_owned(),
            Route::Monitor(id) => format!("/monitors/{}", seg(id)),
            Route::MonitorNew => "/monitors/new".to_owned(),
            Route::MonitorGroup(id) => format!("/monitors/groups/{}", seg(id)),
            Route::MonitorGroupNew => "/monitors/groups/new".to_owned(),
            Route::Alerts => "/alerts".to_owned(),
            Route::Alert(id) => format!("/alerts/{}", seg(id)),
            Route::AlertNew { kind, pool } => {
                let kind = match kind {
                    NewAlert::Health => "health",
                    NewAlert::Enablement => "enablement",
                };
                match pool {
                    Some(p) => format!("/alerts/new?type={kind}&pool={}", seg(p)),
                    None => format!("/alerts/new?type={kind}"),
                }
            }
            Route::Settings => "/settings".to_owned(),
        }
    }

    /// The path under `base` (`""` or `/portal/lb`), for an `<a href>`.
    pub fn href_under(&self, base: &str) -> String {
        format!("{base}{}", self.path())
    }

    /// The path under the running router's base, for an `<a href>`. Call
    /// it while rendering (it reads the base from the router in context).
    pub fn href(&self) -> String {
        let base = use_context::<Location>()
            .map(|l| l.base())
            .unwrap_or_default();
        self.href_under(&base)
    }
}

/// Percent-encodes what a path segment or query value may not hold as is.
/// IDs are hex in practice; this keeps anything else from breaking a URL.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Goes to a [`Route`]. `Copy`; safe to call from event handlers and
/// from tasks (it holds the router's location, not the owner).
#[derive(Clone, Copy)]
pub struct Go(Location);

impl Go {
    /// Goes to `route`, adding a history entry.
    pub fn to(&self, route: Route) {
        self.0.navigate(&route.path(), false);
    }

    /// Goes to `route`, replacing the current history entry (after a
    /// save, so Back does not return to the finished form).
    pub fn replace(&self, route: Route) {
        self.0.navigate(&route.path(), true);
    }
}

/// A [`Go`] for the current router. Call it while rendering.
pub fn use_go() -> Go {
    Go(use_location())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_base_less_and_hrefs_carry_the_base() {
        let r = Route::PoolEdit("abc".into());
        assert_eq!(r.path(), "/pools/abc/edit");
        assert_eq!(r.href_under(""), "/pools/abc/edit");
        assert_eq!(r.href_under("/portal/lb"), "/portal/lb/pools/abc/edit");
    }

    #[test]
    fn query_routes() {
        assert_eq!(Route::PoolClone("p1".into()).path(), "/pools/new?clone=p1");
        assert_eq!(
            Route::AlertNew {
                kind: NewAlert::Health,
                pool: Some("p 1".into())
            }
            .path(),
            "/alerts/new?type=health&pool=p%201"
        );
        assert_eq!(
            Route::AlertNew {
                kind: NewAlert::Enablement,
                pool: None
            }
            .path(),
            "/alerts/new?type=enablement"
        );
    }
}
