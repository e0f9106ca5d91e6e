//! Which object a write under `/client/v4` changes, from its path.

/// Where an object lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Account(String),
    Zone(String),
}

/// The object (or collection) a write's path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `pool`, `monitor`, `monitor_group`, `policy` or `load_balancer`
    /// (the store's kind names).
    pub kind: &'static str,
    pub scope: Scope,
    /// `None` for the collection (a create, or the pools' bulk PATCH).
    pub id: Option<String>,
}

/// The target of a path relative to `/client/v4`, for the objects history
/// keeps. Anything else, such as a health preview, is `None`: it is not a
/// change to an object.
pub fn target(path: &str) -> Option<Target> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (kind, scope, id) = match segments.as_slice() {
        ["accounts", account, "load_balancers", collection, rest @ ..] => {
            let kind = match *collection {
                "pools" => "pool",
                "monitors" => "monitor",
                "monitor_groups" => "monitor_group",
                _ => return None,
            };
            (kind, Scope::Account((*account).to_owned()), rest)
        }
        ["accounts", account, "alerting", "v3", "policies", rest @ ..] => {
            ("policy", Scope::Account((*account).to_owned()), rest)
        }
        ["zones", zone, "load_balancers", rest @ ..] => {
            ("load_balancer", Scope::Zone((*zone).to_owned()), rest)
        }
        _ => return None,
    };
    let id = match id {
        [] => None,
        [id] if !id.is_empty() => Some((*id).to_owned()),
        _ => return None,
    };
    Some(Target { kind, scope, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_collections() {
        let a = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            target(&format!("/accounts/{a}/load_balancers/pools/p1")),
            Some(Target {
                kind: "pool",
                scope: Scope::Account(a.into()),
                id: Some("p1".into())
            })
        );
        assert_eq!(
            target(&format!("/accounts/{a}/load_balancers/pools"))
                .unwrap()
                .id,
            None
        );
        assert_eq!(
            target(&format!("/accounts/{a}/alerting/v3/policies/x"))
                .unwrap()
                .kind,
            "policy"
        );
        assert_eq!(
            target("/zones/z1/load_balancers/lb1").unwrap().scope,
            Scope::Zone("z1".into())
        );
        assert_eq!(
            target(&format!("/accounts/{a}/load_balancers/monitor_groups/g"))
                .unwrap()
                .kind,
            "monitor_group"
        );
    }

    #[test]
    fn previews_and_other_routes_are_not_objects() {
        let a = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            target(&format!("/accounts/{a}/load_balancers/pools/p1/preview")),
            None
        );
        assert_eq!(
            target(&format!("/accounts/{a}/load_balancers/preview/x")),
            None
        );
        assert_eq!(target("/zones"), None);
        assert_eq!(target("/user/tokens/verify"), None);
    }
}
