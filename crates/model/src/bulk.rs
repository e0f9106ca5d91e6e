//! One change applied to many pools, planned before anything is sent.
//!
//! The console shows every selected pool's outcome, with the exact PATCH
//! body, before the user confirms, and then sends exactly those bodies: so
//! nothing reaches the API that the user did not see. Planning is pure:
//! [`plan`] turns each pool into the pool it would become, and
//! - asks [`diff()`] for the body, so a bulk change sends what an edit of
//!   the same pool would (PATCH replaces whole top-level keys, so an
//!   endpoint change carries the pool's whole `origins` array, every other
//!   endpoint and unknown member as it was);
//! - never sends a PUT. A PUT replaces the whole pool with the console's
//!   copy, which for a bulk change across pools is the copy most likely to
//!   be stale; a change only a PUT can express is [`BulkOutcome::Skipped`]
//!   with the reason, to be made by editing that pool;
//! - runs [`validate_pool`] on the result, so the console refuses what the
//!   server would refuse, in the server's words.
//!
//! Endpoints are matched by address with [`normalise_address`], the same
//! comparison [`crate::shared_address`] uses.

use serde_json::{Map, Value};

use crate::diff::diff;
use crate::notification_filter::{FilterOptions, NotificationFilter};
use crate::pool::Pool;
use crate::region::CheckRegion;
use crate::shared_address::normalise_address;
use crate::validate::{validate_pool, FieldError, Limits};

/// What to do to every selected pool.
#[derive(Clone, Debug, PartialEq)]
pub enum BulkAction {
    /// Enable or disable the pool.
    SetEnabled(bool),
    /// Attach this monitor; `None` detaches. Detaching means removing the
    /// `monitor` key, which only a PUT can do, so a pool with a monitor is
    /// [`BulkOutcome::Skipped`] with that reason. `Some("")` is read as
    /// `None`.
    SetMonitor(Option<String>),
    /// Replace the health check regions. The same regions in another order
    /// are no change.
    SetCheckRegions(Vec<CheckRegion>),
    /// Set the legacy notification filter; `None` resets it (`null`).
    SetNotificationFilter(Option<NotificationFilter>),
    /// Enable or disable every endpoint with this address.
    EndpointEnabled { address: String, enabled: bool },
    /// Set the weight of every endpoint with this address.
    EndpointWeight { address: String, weight: f64 },
}

impl BulkAction {
    /// The heading of the plan: "Disable endpoint 192.0.2.1 in every
    /// selected pool that has it".
    pub fn describe(&self) -> String {
        match self {
            BulkAction::SetEnabled(true) => "Enable every selected pool".to_owned(),
            BulkAction::SetEnabled(false) => "Disable every selected pool".to_owned(),
            BulkAction::SetMonitor(monitor) => match monitor_to_set(monitor) {
                Some(id) => format!("Attach monitor {id} to every selected pool"),
                None => "Detach the monitor from every selected pool".to_owned(),
            },
            BulkAction::SetCheckRegions(regions) if regions.is_empty() => {
                "Remove every health check region from every selected pool".to_owned()
            }
            BulkAction::SetCheckRegions(regions) => format!(
                "Set the health check regions of every selected pool to {}",
                region_list(regions)
            ),
            BulkAction::SetNotificationFilter(None) => {
                "Reset the notification filter of every selected pool".to_owned()
            }
            BulkAction::SetNotificationFilter(Some(filter)) => format!(
                "Set the notification filter of every selected pool to {}",
                describe_filter(filter)
            ),
            BulkAction::EndpointEnabled { address, enabled } => format!(
                "{} endpoint {} in every selected pool that has it",
                if *enabled { "Enable" } else { "Disable" },
                address.trim()
            ),
            BulkAction::EndpointWeight { address, weight } => format!(
                "Set the weight of endpoint {} to {weight} in every selected pool that has it",
                address.trim()
            ),
        }
    }
}

/// What the action does to one pool.
#[derive(Clone, Debug, PartialEq)]
pub enum BulkOutcome {
    /// Send this PATCH body.
    Patch {
        /// Exactly [`diff()`]'s PATCH body.
        body: Map<String, Value>,
        /// One human line per changed value: "enabled: true → false",
        /// "origins[web-2].weight: 1 → 0.5".
        changes: Vec<String>,
        /// What the server will warn about after this write (every warning
        /// [`validate_pool`] gives for the result, such as a Health
        /// Threshold no longer reachable). They do not block.
        warnings: Vec<FieldError>,
    },
    /// Already so: nothing is sent.
    Unchanged,
    /// Not applicable to this pool, with why ("has no endpoint 192.0.2.1",
    /// or a change that needs a PUT). Nothing is sent.
    Skipped(String),
    /// The result would fail validation with these errors (the server's
    /// messages). Nothing is sent.
    Invalid(Vec<FieldError>),
}

impl BulkOutcome {
    /// True when this pool gets a request.
    pub fn is_patch(&self) -> bool {
        matches!(self, BulkOutcome::Patch { .. })
    }
}

/// One selected pool's line of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkItem {
    /// `""` for a pool without an ID (never the case for pools read from
    /// the API).
    pub pool_id: String,
    pub pool_name: String,
    pub outcome: BulkOutcome,
}

/// Plans `action` over the selected `pools`, one item per pool in the given
/// order.
///
/// `limits` is what each result is validated against; pass the plan-level
/// [`crate::Plan::limits`]. No action adds or removes endpoints, so the
/// per-pool endpoint quota ([`crate::Plan::pool_limits`]) cannot be newly
/// broken by one.
pub fn plan(pools: &[Pool], action: &BulkAction, limits: &Limits) -> Vec<BulkItem> {
    pools
        .iter()
        .map(|pool| BulkItem {
            pool_id: pool.id.clone().unwrap_or_default(),
            pool_name: pool.name.clone(),
            outcome: plan_one(pool, action, limits),
        })
        .collect()
}

fn plan_one(before: &Pool, action: &BulkAction, limits: &Limits) -> BulkOutcome {
    let after = match apply(before, action) {
        Ok(after) => after,
        Err(outcome) => return outcome,
    };
    let d = diff(before, &after);
    if d.is_empty() {
        return BulkOutcome::Unchanged;
    }
    if d.needs_put() {
        return BulkOutcome::Skipped(format!(
            "{}; a bulk change only sends PATCH, so edit this pool on its own",
            d.put_reasons.join("; ")
        ));
    }
    let (errors, warnings): (Vec<FieldError>, Vec<FieldError>) = validate_pool(&after, limits)
        .into_iter()
        .partition(FieldError::is_error);
    if !errors.is_empty() {
        return BulkOutcome::Invalid(errors);
    }
    BulkOutcome::Patch {
        changes: change_lines(before, &after, &d.patch),
        body: d.patch,
        warnings,
    }
}

/// `Some(id)` unless the monitor is `None` or blank.
fn monitor_to_set(monitor: &Option<String>) -> Option<&str> {
    monitor.as_deref().map(str::trim).filter(|m| !m.is_empty())
}

/// The pool as the action leaves it, or the outcome when there is nothing
/// to compute.
fn apply(before: &Pool, action: &BulkAction) -> Result<Pool, BulkOutcome> {
    let mut after = before.clone();
    match action {
        BulkAction::SetEnabled(enabled) => after.enabled = *enabled,
        BulkAction::SetMonitor(monitor) => match monitor_to_set(monitor) {
            Some(id) => after.monitor = Some(id.to_owned()),
            // `""` and absent both mean "no monitor" (`Pool::monitor_id`).
            None if before.monitor_id().is_none() => return Err(BulkOutcome::Unchanged),
            None => after.monitor = None,
        },
        BulkAction::SetCheckRegions(regions) => {
            if !same_regions(before, regions) {
                after.check_regions = Some(Some(regions.clone()));
            }
        }
        BulkAction::SetNotificationFilter(None) => match before.notification_filter {
            // Absent and `null` both mean "no filter".
            None | Some(None) => return Err(BulkOutcome::Unchanged),
            Some(Some(_)) => after.notification_filter = Some(None),
        },
        BulkAction::SetNotificationFilter(Some(filter)) => {
            after.notification_filter = Some(Some(filter.clone()))
        }
        BulkAction::EndpointEnabled { address, enabled } => {
            for origin in endpoints(&mut after, address)? {
                origin.enabled = *enabled;
            }
        }
        BulkAction::EndpointWeight { address, weight } => {
            for origin in endpoints(&mut after, address)? {
                origin.weight = *weight;
            }
        }
    }
    Ok(after)
}

/// True when the pool already has exactly these regions, in any order
/// (an explicit list, not absent or `null`).
fn same_regions(pool: &Pool, regions: &[CheckRegion]) -> bool {
    let Some(Some(current)) = &pool.check_regions else {
        return false;
    };
    fn sorted(list: &[CheckRegion]) -> Vec<&str> {
        let mut codes: Vec<&str> = list.iter().map(CheckRegion::as_str).collect();
        codes.sort_unstable();
        codes
    }
    sorted(current) == sorted(regions)
}

/// Every endpoint of `pool` with this address, or the skip when it has
/// none.
fn endpoints<'a>(
    pool: &'a mut Pool,
    address: &str,
) -> Result<Vec<&'a mut crate::origin::Origin>, BulkOutcome> {
    let wanted = normalise_address(address);
    let found: Vec<_> = pool
        .origins
        .iter_mut()
        .filter(|o| normalise_address(&o.address) == wanted)
        .collect();
    if found.is_empty() {
        Err(BulkOutcome::Skipped(format!(
            "has no endpoint {}",
            address.trim()
        )))
    } else {
        Ok(found)
    }
}

/// The human lines for a PATCH body: one per top-level key, except
/// `origins`, which gets one per changed member of each changed endpoint
/// (the body carries them all, but the user changed only those).
fn change_lines(before: &Pool, after: &Pool, patch: &Map<String, Value>) -> Vec<String> {
    let old = before.write_body();
    let mut lines = Vec::new();
    for (key, new) in patch {
        if key == "origins" && before.origins.len() == after.origins.len() {
            // Actions change endpoints in place, so they line up by index.
            for (b, a) in before.origins.iter().zip(&after.origins) {
                let (Ok(Value::Object(b_body)), Ok(Value::Object(a_body))) =
                    (serde_json::to_value(b), serde_json::to_value(a))
                else {
                    continue;
                };
                for (member, a_value) in &a_body {
                    let b_value = b_body.get(member);
                    if b_value != Some(a_value) {
                        lines.push(format!(
                            "origins[{}].{member}: {} → {}",
                            a.name,
                            render(b_value),
                            render(Some(a_value))
                        ));
                    }
                }
            }
        } else {
            lines.push(format!(
                "{key}: {} → {}",
                render(old.get(key)),
                render(Some(new))
            ));
        }
    }
    lines
}

/// A value as a person reads it: strings bare, whole numbers without
/// ".0", lists as "[WNAM, ENAM]", objects as compact JSON.
fn render(value: Option<&Value>) -> String {
    match value {
        None => "(not set)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Some(Value::Array(items)) => {
            let items: Vec<String> = items.iter().map(|v| render(Some(v))).collect();
            format!("[{}]", items.join(", "))
        }
        Some(other) => other.to_string(),
    }
}

fn region_list(regions: &[CheckRegion]) -> String {
    let codes: Vec<&str> = regions.iter().map(CheckRegion::as_str).collect();
    codes.join(", ")
}

/// "endpoint events: off; pool events: only on becoming unhealthy".
fn describe_filter(filter: &NotificationFilter) -> String {
    let level = |options: &Option<Option<FilterOptions>>| match options {
        None | Some(None) => "every health change",
        Some(Some(o)) if o.disable => "off",
        Some(Some(o)) => match o.healthy {
            Some(true) => "only on becoming healthy",
            Some(false) => "only on becoming unhealthy",
            None => "every health change",
        },
    };
    format!(
        "endpoint events: {}; pool events: {}",
        level(&filter.origin),
        level(&filter.pool)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Origin;
    use crate::validate::{Findings, Rule};
    use serde_json::json;

    /// A pool the API could return: two regions, a monitor, three
    /// endpoints with read-only and unknown members.
    fn pool(id: &str, name: &str) -> Pool {
        serde_json::from_value(json!({
            "id": id,
            "created_on": "2026-01-01T00:00:00Z",
            "modified_on": "2026-01-02T00:00:00Z",
            "name": name,
            "enabled": true,
            "minimum_origins": 1,
            "monitor": "m1",
            "check_regions": ["WNAM", "ENAM"],
            "healthy": true,
            "future_pool_member": {"x": 1},
            "origins": [
                {"name": "web-1", "address": "192.0.2.1", "enabled": true, "weight": 1,
                 "healthy": true, "failure_reason": "No failures", "future_origin_member": "keep-me"},
                {"name": "web-2", "address": "192.0.2.2", "enabled": true, "weight": 1,
                 "port": 8443, "healthy": true},
                {"name": "web-6", "address": "2001:db8::1", "enabled": true, "weight": 0.5,
                 "healthy": false, "failure_reason": "TCP connection failed"}
            ]
        }))
        .unwrap()
    }

    fn one(pool: &Pool, action: BulkAction) -> BulkOutcome {
        plan(std::slice::from_ref(pool), &action, &Limits::STANDARD)
            .remove(0)
            .outcome
    }

    fn patch(outcome: BulkOutcome) -> (Value, Vec<String>, Vec<FieldError>) {
        match outcome {
            BulkOutcome::Patch {
                body,
                changes,
                warnings,
            } => (Value::Object(body), changes, warnings),
            other => panic!("expected a PATCH, got {other:?}"),
        }
    }

    /// The pool's `origins` as the API would take them back.
    fn origins_body(pool: &Pool) -> Value {
        pool.write_body()["origins"].clone()
    }

    #[test]
    fn items_follow_the_selection() {
        let pools = [pool("b", "us-web"), pool("a", "eu-web")];
        let items = plan(&pools, &BulkAction::SetEnabled(false), &Limits::STANDARD);
        let ids: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.pool_id.as_str(), i.pool_name.as_str()))
            .collect();
        assert_eq!(ids, [("b", "us-web"), ("a", "eu-web")]);
        assert!(items.iter().all(|i| i.outcome.is_patch()));
        assert!(plan(&[], &BulkAction::SetEnabled(false), &Limits::STANDARD).is_empty());
    }

    #[test]
    fn set_enabled() {
        let p = pool("p", "web");
        let (body, changes, warnings) = patch(one(&p, BulkAction::SetEnabled(false)));
        assert_eq!(body, json!({"enabled": false}), "only the changed key");
        assert_eq!(changes, ["enabled: true → false"]);
        assert!(warnings.is_empty());
        assert_eq!(
            one(&p, BulkAction::SetEnabled(true)),
            BulkOutcome::Unchanged
        );
    }

    #[test]
    fn set_monitor() {
        let p = pool("p", "web");
        let (body, changes, _) = patch(one(&p, BulkAction::SetMonitor(Some("m2".into()))));
        assert_eq!(body, json!({"monitor": "m2"}));
        assert_eq!(changes, ["monitor: m1 → m2"]);
        assert_eq!(
            one(&p, BulkAction::SetMonitor(Some("m1".into()))),
            BulkOutcome::Unchanged
        );

        let mut bare = p.clone();
        bare.monitor = None;
        let (body, changes, _) = patch(one(&bare, BulkAction::SetMonitor(Some(" m2 ".into()))));
        assert_eq!(body, json!({"monitor": "m2"}), "trimmed");
        assert_eq!(changes, ["monitor: (not set) → m2"]);
    }

    #[test]
    fn detaching_a_monitor_needs_a_put_so_it_is_skipped() {
        let p = pool("p", "web");
        let BulkOutcome::Skipped(why) = one(&p, BulkAction::SetMonitor(None)) else {
            panic!("a bulk change never PUTs");
        };
        assert!(why.contains("`monitor`"), "{why}");
        assert!(why.contains("PUT"), "{why}");
        assert!(why.contains("edit this pool"), "{why}");
        assert_eq!(
            one(&p, BulkAction::SetMonitor(Some("  ".into()))),
            one(&p, BulkAction::SetMonitor(None)),
            "a blank monitor is no monitor"
        );

        let mut bare = p.clone();
        bare.monitor = None;
        assert_eq!(
            one(&bare, BulkAction::SetMonitor(None)),
            BulkOutcome::Unchanged
        );
        bare.monitor = Some(String::new());
        assert_eq!(
            one(&bare, BulkAction::SetMonitor(None)),
            BulkOutcome::Unchanged,
            "\"\" already means no monitor"
        );
    }

    #[test]
    fn a_monitor_on_a_pool_with_a_monitor_group_is_invalid() {
        let mut p = pool("p", "web");
        p.monitor = None;
        p.monitor_group = Some("g1".into());
        let BulkOutcome::Invalid(errors) = one(&p, BulkAction::SetMonitor(Some("m2".into())))
        else {
            panic!("the server refuses a monitor and a group together");
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Rule::MonitorAndGroup);
        assert_eq!(
            errors[0].message,
            "a pool can have a monitor or a monitor group, not both: validation failed"
        );
    }

    #[test]
    fn set_check_regions() {
        let p = pool("p", "web");
        let (body, changes, _) = patch(one(
            &p,
            BulkAction::SetCheckRegions(vec![CheckRegion::Weu, CheckRegion::Eeu]),
        ));
        assert_eq!(body, json!({"check_regions": ["WEU", "EEU"]}));
        assert_eq!(changes, ["check_regions: [WNAM, ENAM] → [WEU, EEU]"]);
        assert_eq!(
            one(
                &p,
                BulkAction::SetCheckRegions(vec![CheckRegion::Enam, CheckRegion::Wnam])
            ),
            BulkOutcome::Unchanged,
            "the same regions in another order"
        );

        // From `null` (every data centre, Enterprise) to a list.
        let mut all = p.clone();
        all.check_regions = Some(None);
        let items = plan(
            &[all],
            &BulkAction::SetCheckRegions(vec![CheckRegion::Wnam]),
            &Limits::ENTERPRISE,
        );
        let (body, changes, _) = patch(items[0].outcome.clone());
        assert_eq!(body, json!({"check_regions": ["WNAM"]}));
        assert_eq!(changes, ["check_regions: null → [WNAM]"]);
    }

    #[test]
    fn check_regions_the_server_would_refuse_are_invalid() {
        let p = pool("p", "web");
        let BulkOutcome::Invalid(errors) = one(&p, BulkAction::SetCheckRegions(vec![])) else {
            panic!("[] is never allowed");
        };
        assert_eq!(errors[0].code, Rule::CheckRegionsRequired);
        assert_eq!(errors[0].path, "check_regions");
        assert!(errors[0].message.ends_with(": validation failed"));

        let BulkOutcome::Invalid(errors) = one(
            &p,
            BulkAction::SetCheckRegions(vec![CheckRegion::AllRegions]),
        ) else {
            panic!("ALL_REGIONS needs Enterprise");
        };
        assert_eq!(errors[0].code, Rule::CheckRegionEnterprise);
        let enterprise = plan(
            &[p],
            &BulkAction::SetCheckRegions(vec![CheckRegion::AllRegions]),
            &Limits::ENTERPRISE,
        );
        assert!(enterprise[0].outcome.is_patch());
    }

    #[test]
    fn set_notification_filter() {
        let p = pool("p", "web");
        let filter = NotificationFilter {
            origin: Some(Some(FilterOptions {
                disable: true,
                ..FilterOptions::default()
            })),
            pool: Some(Some(FilterOptions {
                healthy: Some(false),
                ..FilterOptions::default()
            })),
            ..NotificationFilter::default()
        };
        let action = BulkAction::SetNotificationFilter(Some(filter.clone()));
        let (body, changes, _) = patch(one(&p, action.clone()));
        let expected = json!({"origin": {"disable": true, "healthy": null},
                              "pool": {"disable": false, "healthy": false}});
        assert_eq!(body, json!({ "notification_filter": expected }));
        assert_eq!(changes.len(), 1);
        assert!(changes[0].starts_with("notification_filter: (not set) → {"));

        let mut filtered = p.clone();
        filtered.notification_filter = Some(Some(filter));
        assert_eq!(one(&filtered, action), BulkOutcome::Unchanged);
        let (body, changes, _) = patch(one(&filtered, BulkAction::SetNotificationFilter(None)));
        assert_eq!(body, json!({"notification_filter": null}), "null resets");
        assert!(changes[0].ends_with(" → null"), "{changes:?}");

        assert_eq!(
            one(&p, BulkAction::SetNotificationFilter(None)),
            BulkOutcome::Unchanged,
            "absent is already no filter"
        );
        let mut null = p.clone();
        null.notification_filter = Some(None);
        assert_eq!(
            one(&null, BulkAction::SetNotificationFilter(None)),
            BulkOutcome::Unchanged
        );
    }

    #[test]
    fn endpoint_enabled_sends_every_endpoint_unchanged_but_one() {
        let p = pool("p", "web");
        let action = BulkAction::EndpointEnabled {
            address: "192.0.2.2".into(),
            enabled: false,
        };
        let (body, changes, warnings) = patch(one(&p, action.clone()));
        assert_eq!(changes, ["origins[web-2].enabled: true → false"]);
        assert!(warnings.is_empty());
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["origins"], "only origins, nothing else of the pool");
        let mut expected = origins_body(&p);
        expected[1]["enabled"] = json!(false);
        assert_eq!(body["origins"], expected);
        assert_eq!(
            body["origins"][0]["future_origin_member"],
            json!("keep-me"),
            "another endpoint's unknown member goes back as it was"
        );
        assert_eq!(body["origins"][1]["port"], json!(8443));
        assert_eq!(
            body["origins"][0].get("healthy"),
            None,
            "read-only members are not sent"
        );
        assert_eq!(body["origins"][2].get("failure_reason"), None);

        let mut disabled = p.clone();
        disabled.origins[1].enabled = false;
        assert_eq!(one(&disabled, action), BulkOutcome::Unchanged);
    }

    #[test]
    fn endpoint_weight() {
        let p = pool("p", "web");
        let (body, changes, _) = patch(one(
            &p,
            BulkAction::EndpointWeight {
                address: "192.0.2.2".into(),
                weight: 0.5,
            },
        ));
        assert_eq!(changes, ["origins[web-2].weight: 1 → 0.5"]);
        let mut expected = origins_body(&p);
        expected[1]["weight"] = json!(0.5);
        assert_eq!(body, json!({ "origins": expected }));
        assert_eq!(
            one(
                &p,
                BulkAction::EndpointWeight {
                    address: "2001:db8::1".into(),
                    weight: 0.5
                }
            ),
            BulkOutcome::Unchanged
        );
    }

    #[test]
    fn a_weight_the_server_would_refuse_is_invalid() {
        let p = pool("p", "web");
        for weight in [1.5, -0.1, 0.123, f64::NAN] {
            let outcome = one(
                &p,
                BulkAction::EndpointWeight {
                    address: "192.0.2.1".into(),
                    weight,
                },
            );
            let BulkOutcome::Invalid(errors) = outcome else {
                panic!("weight {weight}: {outcome:?}");
            };
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].code, Rule::WeightRange);
            assert_eq!(errors[0].path, "origins[0].weight");
            assert!(errors[0].message.ends_with(": validation failed"));
        }
    }

    #[test]
    fn pools_without_the_endpoint_are_skipped() {
        let pools = [pool("a", "us-web"), pool("b", "eu-web")];
        let mut other = pools[1].clone();
        other.origins[0].address = "198.51.100.1".into();
        let items = plan(
            &[pools[0].clone(), other],
            &BulkAction::EndpointEnabled {
                address: " 192.0.2.1 ".into(),
                enabled: false,
            },
            &Limits::STANDARD,
        );
        assert!(items[0].outcome.is_patch());
        assert_eq!(
            items[1].outcome,
            BulkOutcome::Skipped("has no endpoint 192.0.2.1".into())
        );
    }

    #[test]
    fn addresses_match_by_value() {
        let mut p = pool("p", "web");
        p.origins[0].address = "Origin.Example.COM".into();
        let by_host = one(
            &p,
            BulkAction::EndpointEnabled {
                address: "origin.example.com".into(),
                enabled: false,
            },
        );
        assert_eq!(
            patch(by_host).1,
            ["origins[web-1].enabled: true → false"],
            "hostnames are case-insensitive"
        );
        for written in [
            "2001:0db8:0:0::1",
            "[2001:DB8::1]",
            " 2001:db8:0:0:0:0:0:1 ",
        ] {
            let (body, changes, _) = patch(one(
                &p,
                BulkAction::EndpointWeight {
                    address: written.into(),
                    weight: 0.25,
                },
            ));
            assert_eq!(changes, ["origins[web-6].weight: 0.5 → 0.25"], "{written}");
            assert_eq!(
                body["origins"][2]["address"],
                json!("2001:db8::1"),
                "the address is sent as the pool has it"
            );
        }
        assert!(matches!(
            one(
                &p,
                BulkAction::EndpointWeight {
                    address: "2001:db8::2".into(),
                    weight: 0.25
                }
            ),
            BulkOutcome::Skipped(_)
        ));
    }

    #[test]
    fn every_endpoint_with_the_address_changes() {
        let mut p = pool("p", "web");
        p.origins.push(Origin {
            port: Some(80),
            ..Origin::new("web-1-http", "192.0.2.1")
        });
        // Same address on another port: allowed when only address, port
        // and virtual network together must be unique.
        let limits = Limits {
            unique_addresses: false,
            ..Limits::STANDARD
        };
        let items = plan(
            &[p.clone()],
            &BulkAction::EndpointEnabled {
                address: "192.0.2.1".into(),
                enabled: false,
            },
            &limits,
        );
        let (body, changes, _) = patch(items[0].outcome.clone());
        assert_eq!(
            changes,
            [
                "origins[web-1].enabled: true → false",
                "origins[web-1-http].enabled: true → false"
            ]
        );
        let mut expected = origins_body(&p);
        expected[0]["enabled"] = json!(false);
        expected[3]["enabled"] = json!(false);
        assert_eq!(body["origins"], expected);
    }

    #[test]
    fn warnings_do_not_block() {
        let mut p = pool("p", "web");
        p.minimum_origins = 3;
        let outcome = one(
            &p,
            BulkAction::EndpointEnabled {
                address: "192.0.2.1".into(),
                enabled: false,
            },
        );
        let (_, _, warnings) = patch(outcome);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, Rule::MinimumOriginsUnreachable);
        assert!(!warnings.has_errors());
    }

    #[test]
    fn an_already_invalid_pool_is_refused_as_the_server_would() {
        // A non-Enterprise pool without regions fails whatever is changed:
        // the server validates the merged pool, not the PATCH.
        let mut p = pool("p", "web");
        p.check_regions = None;
        let BulkOutcome::Invalid(errors) = one(&p, BulkAction::SetEnabled(false)) else {
            panic!("the server would refuse it");
        };
        assert_eq!(errors[0].code, Rule::CheckRegionsRequired);
    }

    #[test]
    fn removing_an_unknown_member_is_never_a_bulk_change() {
        // Only via `diff` could this happen; the actions never drop members,
        // so an unknown top-level member is always sent back as it was, or
        // not at all.
        let p = pool("p", "web");
        let (body, _, _) = patch(one(&p, BulkAction::SetEnabled(false)));
        assert_eq!(body.get("future_pool_member"), None, "unchanged: not sent");
    }

    #[test]
    fn descriptions() {
        let cases = [
            (BulkAction::SetEnabled(true), "Enable every selected pool"),
            (BulkAction::SetEnabled(false), "Disable every selected pool"),
            (
                BulkAction::SetMonitor(Some("m1".into())),
                "Attach monitor m1 to every selected pool",
            ),
            (
                BulkAction::SetMonitor(None),
                "Detach the monitor from every selected pool",
            ),
            (
                BulkAction::SetCheckRegions(vec![CheckRegion::Wnam, CheckRegion::Weu]),
                "Set the health check regions of every selected pool to WNAM, WEU",
            ),
            (
                BulkAction::SetCheckRegions(vec![]),
                "Remove every health check region from every selected pool",
            ),
            (
                BulkAction::SetNotificationFilter(None),
                "Reset the notification filter of every selected pool",
            ),
            (
                BulkAction::SetNotificationFilter(Some(NotificationFilter {
                    origin: Some(Some(FilterOptions {
                        disable: true,
                        ..FilterOptions::default()
                    })),
                    pool: Some(Some(FilterOptions {
                        healthy: Some(true),
                        ..FilterOptions::default()
                    })),
                    ..NotificationFilter::default()
                })),
                "Set the notification filter of every selected pool to endpoint events: off; \
                 pool events: only on becoming healthy",
            ),
            (
                BulkAction::EndpointEnabled {
                    address: " 192.0.2.1".into(),
                    enabled: false,
                },
                "Disable endpoint 192.0.2.1 in every selected pool that has it",
            ),
            (
                BulkAction::EndpointEnabled {
                    address: "192.0.2.1".into(),
                    enabled: true,
                },
                "Enable endpoint 192.0.2.1 in every selected pool that has it",
            ),
            (
                BulkAction::EndpointWeight {
                    address: "2001:db8::1".into(),
                    weight: 0.5,
                },
                "Set the weight of endpoint 2001:db8::1 to 0.5 in every selected pool that has it",
            ),
        ];
        for (action, text) in cases {
            assert_eq!(action.describe(), text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the pool, an endpoint action's body is the pool's own
        /// `origins` with only the matching endpoints' one member changed.
        #[test]
        fn an_endpoint_action_changes_only_the_matching_endpoints(
            addresses in proptest::collection::vec(0usize..4, 1..6),
            weights in proptest::collection::vec(0u8..=100, 6),
            pick in 0usize..4,
            weight in 0u8..=100,
        ) {
            const WRITTEN: [&str; 4] = ["192.0.2.1", "2001:db8::1", "Web.Example.com", "192.0.2.9"];
            const ASKED: [&str; 4] = ["192.0.2.1", "[2001:0db8::0:1]", "web.example.COM", "192.0.2.9"];
            let mut p = pool("p", "web");
            p.origins = addresses
                .iter()
                .enumerate()
                .map(|(i, &a)| Origin {
                    weight: f64::from(weights[i]) / 100.0,
                    port: Some(8000 + i as i64),
                    ..Origin::new(format!("o{i}"), WRITTEN[a])
                })
                .collect();
            let limits = Limits { unique_addresses: false, ..Limits::STANDARD };
            let weight = f64::from(weight) / 100.0;
            let action = BulkAction::EndpointWeight { address: ASKED[pick].into(), weight };
            let outcome = plan(std::slice::from_ref(&p), &action, &limits).remove(0).outcome;
            let matching: Vec<usize> = (0..addresses.len()).filter(|&i| addresses[i] == pick).collect();
            let mut expected = origins_body(&p);
            for &i in &matching {
                expected[i]["weight"] = json!(weight);
            }
            match outcome {
                BulkOutcome::Skipped(_) => proptest::prop_assert!(matching.is_empty()),
                BulkOutcome::Unchanged => proptest::prop_assert_eq!(expected, origins_body(&p)),
                BulkOutcome::Patch { body, changes, .. } => {
                    proptest::prop_assert_eq!(Value::Object(body), json!({ "origins": expected }));
                    proptest::prop_assert!(changes.len() <= matching.len());
                    proptest::prop_assert!(!changes.is_empty());
                }
                BulkOutcome::Invalid(errors) => proptest::prop_assert!(false, "{:?}", errors),
            }
        }
    }

    #[test]
    fn rendering() {
        assert_eq!(render(None), "(not set)");
        assert_eq!(render(Some(&json!(1.0))), "1");
        assert_eq!(render(Some(&json!(0.25))), "0.25");
        assert_eq!(render(Some(&json!(8443))), "8443");
        assert_eq!(render(Some(&json!(null))), "null");
        assert_eq!(render(Some(&json!(["WNAM"]))), "[WNAM]");
        assert_eq!(render(Some(&json!({"a": 1}))), "{\"a\":1}");
    }
}
