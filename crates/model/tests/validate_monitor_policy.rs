//! One test per monitor, monitor-group and policy rule.

use pooldeck_model::monitor_group::{group_verdict, MemberVerdict};
use pooldeck_model::{
    validate_monitor, validate_monitor_group, validate_policy, AlertType, FieldError, Limits,
    MechanismTarget, Monitor, MonitorGroup, MonitorGroupMember, MonitorType, Policy, Rule,
};

fn http() -> Monitor {
    Monitor {
        kind: MonitorType::Http,
        path: Some("/health".into()),
        expected_codes: Some("2xx".into()),
        ..Monitor::default()
    }
}

#[track_caller]
fn only(found: Vec<FieldError>, rule: Rule, path: &str) {
    assert_eq!(
        found.len(),
        1,
        "expected only {rule} at {path}, got {found:#?}"
    );
    assert_eq!((found[0].code, found[0].path.as_str()), (rule, path));
    assert!(
        found[0].message.ends_with(": validation failed"),
        "{}",
        found[0].message
    );
}

fn check(m: &Monitor) -> Vec<FieldError> {
    validate_monitor(m, &Limits::STANDARD)
}

fn with(f: impl FnOnce(&mut Monitor)) -> Monitor {
    let mut m = http();
    f(&mut m);
    m
}

#[test]
fn a_plain_http_monitor_and_a_tcp_monitor_are_valid() {
    assert!(check(&http()).is_empty());
    let tcp = Monitor {
        kind: MonitorType::Tcp,
        port: Some(5432),
        method: Some("connection_established".into()),
        ..Monitor::default()
    };
    assert!(check(&tcp).is_empty());
}

#[test]
fn type_must_be_known_and_plan_allowed() {
    only(
        check(&with(|m| m.kind = "gopher".into())),
        Rule::MonitorType,
        "type",
    );
    for kind in [MonitorType::UdpIcmp, MonitorType::Smtp] {
        let m = Monitor {
            kind: kind.clone(),
            port: Some(25),
            ..Monitor::default()
        };
        only(check(&m), Rule::MonitorTypeEnterprise, "type");
        assert!(validate_monitor(&m, &Limits::ENTERPRISE).is_empty());
    }
    let ping = Monitor {
        kind: MonitorType::IcmpPing,
        ..Monitor::default()
    };
    assert!(
        validate_monitor(&ping, &Limits::ENTERPRISE).is_empty(),
        "icmp_ping needs no port"
    );
}

#[test]
fn interval_respects_the_plan_minimum_and_an_hour_maximum() {
    assert!(check(&with(|m| m.interval = 3600)).is_empty());
    only(
        check(&with(|m| m.interval = 59)),
        Rule::IntervalRange,
        "interval",
    );
    only(
        check(&with(|m| m.interval = 3601)),
        Rule::IntervalRange,
        "interval",
    );
    assert!(validate_monitor(&with(|m| m.interval = 10), &Limits::ENTERPRISE).is_empty());
}

#[test]
fn timeout_is_1_to_10_and_below_the_interval() {
    assert!(check(&with(|m| m.timeout = 10)).is_empty());
    only(
        check(&with(|m| m.timeout = 0)),
        Rule::TimeoutRange,
        "timeout",
    );
    only(
        check(&with(|m| m.timeout = 11)),
        Rule::TimeoutRange,
        "timeout",
    );
    let e = Limits::ENTERPRISE;
    let tight = with(|m| {
        m.interval = 10;
        m.timeout = 10;
    });
    only(validate_monitor(&tight, &e), Rule::TimeoutRange, "timeout");
}

#[test]
fn retries_are_0_to_5_and_consecutive_counts_not_negative() {
    assert!(check(&with(|m| m.retries = 0)).is_empty());
    assert!(check(&with(|m| m.retries = 5)).is_empty());
    only(
        check(&with(|m| m.retries = 6)),
        Rule::RetriesRange,
        "retries",
    );
    only(
        check(&with(|m| m.consecutive_up = Some(-1))),
        Rule::ConsecutiveRange,
        "consecutive_up",
    );
    only(
        check(&with(|m| m.consecutive_down = Some(-2))),
        Rule::ConsecutiveRange,
        "consecutive_down",
    );
}

#[test]
fn expected_codes_are_required_for_http_and_well_formed() {
    for good in ["200", "2xx", "301", "5xx"] {
        assert!(
            check(&with(|m| m.expected_codes = Some(good.into()))).is_empty(),
            "{good}"
        );
    }
    only(
        check(&with(|m| m.expected_codes = None)),
        Rule::ExpectedCodesRequired,
        "expected_codes",
    );
    only(
        check(&with(|m| m.expected_codes = Some(String::new()))),
        Rule::ExpectedCodesRequired,
        "expected_codes",
    );
    for bad in ["2XX", "20", "600", "2x0", "200,201"] {
        only(
            check(&with(|m| m.expected_codes = Some(bad.into()))),
            Rule::ExpectedCodesInvalid,
            "expected_codes",
        );
    }
}

#[test]
fn port_is_required_for_tcp_udp_icmp_and_smtp_and_in_range() {
    let tcp = Monitor {
        kind: MonitorType::Tcp,
        ..Monitor::default()
    };
    only(check(&tcp), Rule::MonitorPortRequired, "port");
    only(
        check(&Monitor {
            port: Some(0),
            ..tcp.clone()
        }),
        Rule::MonitorPortRequired,
        "port",
    );
    only(
        check(&with(|m| m.port = Some(70000))),
        Rule::PortRange,
        "port",
    );
    assert!(
        check(&with(|m| m.port = Some(0))).is_empty(),
        "0 means the protocol default for http"
    );
}

#[test]
fn path_and_method_rules() {
    only(
        check(&with(|m| m.path = Some("health".into()))),
        Rule::MonitorPath,
        "path",
    );
    only(
        check(&with(|m| m.path = Some("/a b".into()))),
        Rule::MonitorPath,
        "path",
    );
    assert!(check(&with(|m| m.method = Some("HEAD".into()))).is_empty());
    only(
        check(&with(|m| m.method = Some("POST".into()))),
        Rule::MonitorMethod,
        "method",
    );
    let tcp = Monitor {
        kind: MonitorType::Tcp,
        port: Some(22),
        method: Some("GET".into()),
        ..Monitor::default()
    };
    only(check(&tcp), Rule::MonitorMethod, "method");
}

#[test]
fn monitor_group_rules() {
    let member = |id: &str| MonitorGroupMember {
        monitor_id: id.into(),
        enabled: true,
        ..Default::default()
    };
    let good = MonitorGroup {
        description: "g".into(),
        members: vec![member("a"), member("b")],
        ..Default::default()
    };
    assert!(validate_monitor_group(&good).is_empty());
    only(
        validate_monitor_group(&MonitorGroup {
            description: " ".into(),
            ..good.clone()
        }),
        Rule::GroupDescriptionRequired,
        "description",
    );
    only(
        validate_monitor_group(&MonitorGroup {
            members: vec![],
            ..good.clone()
        }),
        Rule::GroupMembersRequired,
        "members",
    );
    only(
        validate_monitor_group(&MonitorGroup {
            members: vec![member("a"), member("")],
            ..good.clone()
        }),
        Rule::GroupMemberMonitorRequired,
        "members[1].monitor_id",
    );
    only(
        validate_monitor_group(&MonitorGroup {
            members: vec![member("a"), member("a")],
            ..good
        }),
        Rule::GroupMemberDuplicate,
        "members[1].monitor_id",
    );
}

#[test]
fn monitor_group_verdicts() {
    let v = |healthy, must_be_healthy, monitoring_only| MemberVerdict {
        enabled: true,
        monitoring_only,
        must_be_healthy,
        healthy,
    };
    assert!(
        group_verdict(&[v(true, false, false), v(false, false, false)]),
        "half unhealthy is not a majority"
    );
    assert!(!group_verdict(&[
        v(false, false, false),
        v(false, false, false),
        v(true, false, false)
    ]));
    assert!(
        !group_verdict(&[
            v(false, true, false),
            v(true, false, false),
            v(true, false, false)
        ]),
        "must-be-healthy fails alone"
    );
    assert!(
        group_verdict(&[v(false, true, true), v(true, false, false)]),
        "monitoring-only does not vote"
    );
    assert!(group_verdict(&[]));
}

fn policy() -> Policy {
    let mut p = Policy::new("pools down", AlertType::Health);
    p.mechanisms.email = Some(vec![MechanismTarget::new("ops@example.com")]);
    p.filters
        .insert("new_health".into(), vec!["Unhealthy".into()]);
    p.filters
        .insert("event_source".into(), vec!["pool".into(), "origin".into()]);
    p
}

#[test]
fn policy_rules() {
    assert!(validate_policy(&policy()).is_empty());
    only(
        validate_policy(&Policy {
            name: String::new(),
            ..policy()
        }),
        Rule::PolicyNameRequired,
        "name",
    );
    only(
        validate_policy(&Policy {
            alert_type: "billing_usage_alert".into(),
            ..policy()
        }),
        Rule::AlertType,
        "alert_type",
    );
    let mut none = policy();
    none.mechanisms.email = Some(vec![]);
    only(
        validate_policy(&none),
        Rule::MechanismRequired,
        "mechanisms",
    );
    let mut hook_only = policy();
    hook_only.mechanisms.email = None;
    hook_only.mechanisms.webhooks = Some(vec![MechanismTarget::new(
        "e2d8b8a5-1b3b-4bd0-8a63-6d35e9e3f0a1",
    )]);
    assert!(validate_policy(&hook_only).is_empty());
    let mut bad_mail = policy();
    bad_mail.mechanisms.email = Some(vec![
        MechanismTarget::new("ops@example.com"),
        MechanismTarget::new("ops at example"),
    ]);
    only(
        validate_policy(&bad_mail),
        Rule::EmailInvalid,
        "mechanisms.email[1].id",
    );
    let mut lower = policy();
    lower
        .filters
        .insert("new_health".into(), vec!["unhealthy".into()]);
    only(
        validate_policy(&lower),
        Rule::FilterValue,
        "filters.new_health[0]",
    );
    let mut enable = Policy::new("toggle", AlertType::PoolEnablement);
    enable.mechanisms = policy().mechanisms;
    enable
        .filters
        .insert("enabled".into(), vec!["true".into(), "yes".into()]);
    only(
        validate_policy(&enable),
        Rule::FilterValue,
        "filters.enabled[1]",
    );
}

#[test]
fn load_balancer_rules() {
    use pooldeck_model::{validate_load_balancer, LoadBalancer};
    let good = LoadBalancer {
        name: "www.example.com".into(),
        default_pools: vec!["p1".into()],
        fallback_pool: "p2".into(),
        ..Default::default()
    };
    assert!(validate_load_balancer(&good).is_empty());
    only(
        validate_load_balancer(&LoadBalancer {
            name: "not a host".into(),
            ..good.clone()
        }),
        Rule::LoadBalancerName,
        "name",
    );
    only(
        validate_load_balancer(&LoadBalancer {
            default_pools: vec![],
            ..good.clone()
        }),
        Rule::DefaultPoolsRequired,
        "default_pools",
    );
    only(
        validate_load_balancer(&LoadBalancer {
            fallback_pool: String::new(),
            ..good
        }),
        Rule::FallbackPoolRequired,
        "fallback_pool",
    );
}

#[test]
fn header_names_must_be_tokens() {
    let m = with(|m| {
        m.header = Some([("X Bad".to_owned(), vec!["1".to_owned()])].into());
    });
    only(check(&m), Rule::MonitorHeaderName, "header.X Bad");
    let ok = with(|m| {
        m.header = Some(
            [
                ("Host".to_owned(), vec!["example.com".to_owned()]),
                ("X-Probe".to_owned(), vec!["a".to_owned(), "b".to_owned()]),
            ]
            .into(),
        );
    });
    assert!(check(&ok).is_empty());
}

#[test]
fn user_agent_cannot_be_overridden() {
    let m = with(|m| {
        m.header = Some([("user-agent".to_owned(), vec!["me".to_owned()])].into());
    });
    only(check(&m), Rule::MonitorHeaderUserAgent, "header.user-agent");
}

#[test]
fn an_empty_pool_list_is_refused_not_read_as_every_pool() {
    let mut p = Policy::new("n", AlertType::Health);
    p.mechanisms.email = Some(vec![MechanismTarget::new("ops@example.com")]);
    p.filters.insert("pool_id".into(), Vec::new());
    let found = validate_policy(&p);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].path.as_str()),
        (Rule::FilterPoolsEmpty, "filters.pool_id")
    );
    p.filters.remove("pool_id");
    assert!(validate_policy(&p).is_empty());
}
