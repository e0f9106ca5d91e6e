//! One test per pool rule: a valid case and an invalid one, each starting
//! from a pool the API accepts and changing one thing.

use pooldeck_model::validate::{
    classify_ip, parse_address, path_to_pointer, pointer_to_path, IpClass,
};
use pooldeck_model::{
    check_name_unique, validate_pool, CheckRegion, FieldError, Findings, HealthSource, Limits,
    LoadShedding, Origin, OriginHeader, OriginSteering, Pool, Rule, SessionPolicy, Severity,
    SheddingPolicy, SteeringPolicy,
};

fn valid() -> Pool {
    Pool {
        name: "web-1".into(),
        check_regions: Some(Some(vec![CheckRegion::Weu])),
        origins: vec![
            Origin::new("a", "192.0.2.10"),
            Origin::new("b", "192.0.2.11"),
        ],
        ..Pool::default()
    }
}

fn findings(pool: &Pool) -> Vec<FieldError> {
    validate_pool(pool, &Limits::STANDARD)
}

/// Asserts the pool has exactly one finding, with this rule and path.
#[track_caller]
fn only(found: Vec<FieldError>, rule: Rule, path: &str) -> FieldError {
    assert_eq!(
        found.len(),
        1,
        "expected only {rule} at {path}, got {found:#?}"
    );
    let f = found.into_iter().next().unwrap();
    assert_eq!((f.code, f.path.as_str()), (rule, path), "{f:#?}");
    if f.severity == Severity::Error {
        assert!(
            f.message.ends_with(": validation failed") || f.message.ends_with(": value not unique"),
            "API-style message: {}",
            f.message
        );
    }
    f
}

#[track_caller]
fn ok(pool: &Pool) {
    let found = findings(pool);
    assert!(found.is_empty(), "expected no findings, got {found:#?}");
}

fn with(f: impl FnOnce(&mut Pool)) -> Pool {
    let mut p = valid();
    f(&mut p);
    p
}

#[test]
fn the_base_pool_is_valid() {
    ok(&valid());
}

#[test]
fn name_is_required_and_limited_to_letters_digits_dash_underscore() {
    ok(&with(|p| p.name = "Az09-_".into()));
    only(
        findings(&with(|p| p.name.clear())),
        Rule::NameRequired,
        "name",
    );
    for bad in ["web 1", "web.1", "wéb", "<script>"] {
        let f = only(
            findings(&with(|p| p.name = bad.into())),
            Rule::NameCharset,
            "name",
        );
        assert!(f.message.contains(bad));
    }
}

#[test]
fn name_must_be_unique_in_the_account_except_for_itself() {
    let others = [("id1", "web-1"), ("id2", "api")];
    let f = check_name_unique("web-1", None, others).unwrap();
    assert_eq!((f.code, f.api_code()), (Rule::NameTaken, 1003));
    assert!(f.message.ends_with(": value not unique"));
    assert!(check_name_unique("web-1", Some("id1"), others).is_none());
    assert!(check_name_unique("web-2", None, others).is_none());
}

#[test]
fn description_is_at_most_1024_characters() {
    ok(&with(|p| p.description = "é".repeat(1024)));
    only(
        findings(&with(|p| p.description = "x".repeat(1025))),
        Rule::DescriptionTooLong,
        "description",
    );
}

#[test]
fn origin_count_is_one_to_the_quota() {
    let f = only(
        findings(&with(|p| p.origins.clear())),
        Rule::OriginCount,
        "origins",
    );
    assert_eq!(
        f.message,
        "origin list length must be in range [1, 20]: validation failed"
    );
    let many = |n: usize| {
        with(|p| {
            p.origins = (0..n)
                .map(|i| Origin::new(format!("o{i}"), format!("192.0.2.{i}")))
                .collect()
        })
    };
    ok(&many(20));
    only(findings(&many(21)), Rule::OriginCount, "origins");
    let limits = Limits {
        max_origins: 3,
        ..Limits::STANDARD
    };
    let f = only(
        validate_pool(&many(4), &limits),
        Rule::OriginCount,
        "origins",
    );
    assert!(f.message.contains("[1, 3]"));
}

#[test]
fn endpoint_names_are_required_and_unique() {
    only(
        findings(&with(|p| p.origins[1].name.clear())),
        Rule::OriginNameRequired,
        "origins[1].name",
    );
    only(
        findings(&with(|p| p.origins[1].name = "a".into())),
        Rule::OriginNameDuplicate,
        "origins[1].name",
    );
}

#[test]
fn addresses_are_required_and_must_be_an_ip_or_hostname() {
    only(
        findings(&with(|p| p.origins[0].address.clear())),
        Rule::AddressRequired,
        "origins[0].address",
    );
    for good in [
        "origin.example.com",
        "localhost",
        "2001:db8::1",
        "[2001:db8::2]",
        "a-b.example.",
    ] {
        ok(&with(|p| p.origins[0].address = good.into()));
    }
    for bad in [
        "10.0.0",
        "999.1.1.1",
        "-bad.example",
        "has space.example",
        "a..b",
        "http://x.example",
    ] {
        only(
            findings(&with(|p| p.origins[0].address = bad.into())),
            Rule::AddressInvalid,
            "origins[0].address",
        );
    }
}

#[test]
fn addresses_are_unique_within_a_pool_whatever_the_port() {
    let dup = with(|p| {
        p.origins[1].address = "192.0.2.10".into();
        p.origins[1].port = Some(8080);
    });
    only(findings(&dup), Rule::AddressDuplicate, "origins[1].address");
    let hostnames = with(|p| {
        p.origins[0].address = "Origin.Example.com".into();
        p.origins[1].address = "origin.example.com".into();
    });
    only(
        findings(&hostnames),
        Rule::AddressDuplicate,
        "origins[1].address",
    );
    // With the toggle off, a different port makes it a different endpoint.
    let loose = Limits {
        unique_addresses: false,
        ..Limits::STANDARD
    };
    assert!(validate_pool(&dup, &loose).is_empty());
    let same_port = with(|p| p.origins[1].address = "192.0.2.10".into());
    only(
        validate_pool(&same_port, &loose),
        Rule::AddressDuplicate,
        "origins[1].address",
    );
}

#[test]
fn private_addresses_need_a_virtual_network() {
    const VNET: &str = "c8d7a9e0-1b2c-4d3e-8f40-5a6b7c8d9e0f";
    for private in [
        "10.0.0.5",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "100.64.0.1",
        "fd00::1",
    ] {
        let f = only(
            findings(&with(|p| p.origins[0].address = private.into())),
            Rule::VirtualNetworkRequired,
            "origins[0].virtual_network_id",
        );
        assert!(f.message.contains("private address"), "{}", f.message);
        ok(&with(|p| {
            p.origins[0].address = private.into();
            p.origins[0].virtual_network_id = Some(VNET.into());
        }));
    }
    // Loopback and documentation ranges are accepted without one by default.
    for fine in [
        "127.0.0.1",
        "::1",
        "198.51.100.7",
        "203.0.113.9",
        "2001:db8::9",
        "172.32.0.1",
        "0.0.0.0",
    ] {
        ok(&with(|p| p.origins[0].address = fine.into()));
    }
}

#[test]
fn strict_mode_rejects_every_address_that_is_not_globally_routable() {
    let strict = Limits {
        strict_public_addresses: true,
        ..Limits::STANDARD
    };
    for reserved in [
        "127.0.0.1",
        "192.0.2.10",
        "169.254.1.1",
        "0.0.0.0",
        "2001:db8::1",
        "fe80::1",
    ] {
        let p = Pool {
            origins: vec![Origin::new("a", reserved)],
            ..valid()
        };
        only(
            validate_pool(&p, &strict),
            Rule::AddressNotRoutable,
            "origins[0].address",
        );
    }
    let public = Pool {
        origins: vec![Origin::new("a", "1.1.1.1")],
        ..valid()
    };
    assert!(validate_pool(&public, &strict).is_empty());
    let hostname = Pool {
        origins: vec![Origin::new("a", "origin.example.com")],
        ..valid()
    };
    assert!(validate_pool(&hostname, &strict).is_empty());
}

#[test]
fn virtual_network_ids_are_uuids() {
    ok(&with(|p| {
        p.origins[0].virtual_network_id = Some("C8D7A9E0-1B2C-4D3E-8F40-5A6B7C8D9E0F".into())
    }));
    only(
        findings(&with(|p| {
            p.origins[0].virtual_network_id = Some("vnet-1".into())
        })),
        Rule::VirtualNetworkInvalid,
        "origins[0].virtual_network_id",
    );
}

#[test]
fn weight_is_zero_to_one_in_hundredths() {
    for good in [0.0, 0.01, 0.56, 0.07, 0.29, 1.0] {
        ok(&with(|p| p.origins[0].weight = good));
    }
    for bad in [1.5, -0.01, 0.555, 1.01, f64::NAN, f64::INFINITY] {
        only(
            findings(&with(|p| p.origins[0].weight = bad)),
            Rule::WeightRange,
            "origins[0].weight",
        );
    }
}

#[test]
fn at_most_one_valid_host_header() {
    ok(&with(|p| {
        p.origins[0].header = Some(OriginHeader::host("app.example.com"))
    }));
    ok(&with(|p| {
        p.origins[0].header = Some(OriginHeader::default())
    }));
    let two = with(|p| {
        p.origins[0].header = Some(OriginHeader {
            host: Some(vec!["a.example".into(), "b.example".into()]),
            ..Default::default()
        })
    });
    only(
        findings(&two),
        Rule::HostHeaderCount,
        "origins[0].header.Host",
    );
    only(
        findings(&with(|p| {
            p.origins[0].header = Some(OriginHeader::host("not a host"))
        })),
        Rule::HostHeaderInvalid,
        "origins[0].header.Host[0]",
    );
}

#[test]
fn port_is_0_to_65535() {
    ok(&with(|p| p.origins[0].port = Some(0)));
    ok(&with(|p| p.origins[0].port = Some(65535)));
    only(
        findings(&with(|p| p.origins[0].port = Some(65536))),
        Rule::PortRange,
        "origins[0].port",
    );
    only(
        findings(&with(|p| p.origins[0].port = Some(-1))),
        Rule::PortRange,
        "origins[0].port",
    );
}

#[test]
fn threshold_is_not_negative_and_warns_when_unreachable() {
    ok(&with(|p| p.minimum_origins = 0));
    ok(&with(|p| p.minimum_origins = 2));
    only(
        findings(&with(|p| p.minimum_origins = -1)),
        Rule::MinimumOriginsRange,
        "minimum_origins",
    );
    let f = only(
        findings(&with(|p| {
            p.minimum_origins = 2;
            p.origins[1].enabled = false;
        })),
        Rule::MinimumOriginsUnreachable,
        "minimum_origins",
    );
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "Health Threshold 2 is more than the 1 enabled endpoint, so the pool can never be healthy"
    );
    let found = findings(&with(|p| p.minimum_origins = 3));
    assert!(!found.has_errors(), "a warning does not block a save");
}

#[test]
fn coordinates_are_set_together_and_in_range() {
    ok(&with(|p| {
        p.latitude = Some(-90.0);
        p.longitude = Some(180.0);
    }));
    only(
        findings(&with(|p| p.latitude = Some(51.5))),
        Rule::CoordinatesPair,
        "longitude",
    );
    only(
        findings(&with(|p| p.longitude = Some(0.1))),
        Rule::CoordinatesPair,
        "latitude",
    );
    only(
        findings(&with(|p| {
            p.latitude = Some(90.5);
            p.longitude = Some(0.0);
        })),
        Rule::LatitudeRange,
        "latitude",
    );
    only(
        findings(&with(|p| {
            p.latitude = Some(0.0);
            p.longitude = Some(-180.5);
        })),
        Rule::LongitudeRange,
        "longitude",
    );
}

#[test]
fn monitor_or_monitor_group_never_both() {
    ok(&with(|p| {
        p.monitor = Some("f1aba936b94213e5b8dca0c0dbf1f9cc".into())
    }));
    ok(&with(|p| p.monitor_group = Some("g".into())));
    ok(&with(|p| {
        p.monitor = Some(String::new());
        p.monitor_group = Some("g".into());
    }));
    only(
        findings(&with(|p| {
            p.monitor = Some("m".into());
            p.monitor_group = Some("g".into());
        })),
        Rule::MonitorAndGroup,
        "monitor_group",
    );
}

#[test]
fn load_shedding_percents_and_policies() {
    let shed = |f: &dyn Fn(&mut LoadShedding)| {
        with(|p| {
            let mut s = LoadShedding::default();
            f(&mut s);
            p.load_shedding = Some(Some(s));
        })
    };
    ok(&shed(&|s| {
        s.default_percent = 100.0;
        s.session_percent = 0.5;
        s.default_policy = SheddingPolicy::Hash;
    }));
    ok(&with(|p| p.load_shedding = Some(None)));
    only(
        findings(&shed(&|s| s.default_percent = 100.5)),
        Rule::SheddingPercentRange,
        "load_shedding.default_percent",
    );
    only(
        findings(&shed(&|s| s.session_percent = -1.0)),
        Rule::SheddingPercentRange,
        "load_shedding.session_percent",
    );
    only(
        findings(&shed(&|s| {
            s.default_policy = SheddingPolicy::Other("round_robin".into())
        })),
        Rule::SheddingPolicy,
        "load_shedding.default_policy",
    );
    only(
        findings(&shed(&|s| {
            s.session_policy = SessionPolicy::Other("random".into())
        })),
        Rule::SheddingPolicy,
        "load_shedding.session_policy",
    );
}

#[test]
fn steering_policy_must_be_known() {
    for policy in SteeringPolicy::KNOWN {
        ok(&with(|p| {
            p.origin_steering = Some(OriginSteering {
                policy: policy.clone(),
                ..Default::default()
            })
        }));
    }
    only(
        findings(&with(|p| {
            p.origin_steering = Some(OriginSteering {
                policy: "geo".into(),
                ..Default::default()
            })
        })),
        Rule::SteeringPolicy,
        "origin_steering.policy",
    );
}

#[test]
fn check_regions_are_known_unique_and_plan_gated() {
    let regions = |r: Vec<CheckRegion>| with(|p| p.check_regions = Some(Some(r)));
    ok(&regions(CheckRegion::GEOGRAPHIC.to_vec()));
    only(
        findings(&regions(vec!["weu".into()])),
        Rule::CheckRegionUnknown,
        "check_regions[0]",
    );
    only(
        findings(&regions(vec![CheckRegion::Weu, CheckRegion::Weu])),
        Rule::CheckRegionDuplicate,
        "check_regions[1]",
    );
    for gated in [CheckRegion::AllRegions, CheckRegion::China] {
        only(
            findings(&regions(vec![gated.clone()])),
            Rule::CheckRegionEnterprise,
            "check_regions[0]",
        );
        assert!(validate_pool(&regions(vec![gated]), &Limits::ENTERPRISE).is_empty());
    }
}

#[test]
fn every_data_centre_needs_enterprise_and_an_empty_list_is_never_valid() {
    let f = only(
        findings(&with(|p| p.check_regions = Some(None))),
        Rule::CheckRegionsRequired,
        "check_regions",
    );
    assert!(f
        .message
        .starts_with("probing from every data center is not allowed"));
    only(
        findings(&with(|p| p.check_regions = None)),
        Rule::CheckRegionsRequired,
        "check_regions",
    );
    assert!(validate_pool(&with(|p| p.check_regions = Some(None)), &Limits::ENTERPRISE).is_empty());
    assert!(validate_pool(&with(|p| p.check_regions = None), &Limits::ENTERPRISE).is_empty());
    let empty = with(|p| p.check_regions = Some(Some(vec![])));
    only(
        validate_pool(&empty, &Limits::ENTERPRISE),
        Rule::CheckRegionsRequired,
        "check_regions",
    );
}

#[test]
fn health_sources_is_null_or_regional_global_with_regions() {
    use HealthSource::*;
    ok(&with(|p| p.health_sources = Some(None)));
    ok(&with(|p| {
        p.health_sources = Some(Some(vec![Regional, Global]))
    }));
    for bad in [
        vec![Local, Global],
        vec![Global, Regional],
        vec![Regional],
        vec![],
    ] {
        only(
            findings(&with(|p| p.health_sources = Some(Some(bad)))),
            Rule::HealthSources,
            "health_sources",
        );
    }
    let no_regions = with(|p| {
        p.health_sources = Some(Some(vec![Regional, Global]));
        p.check_regions = Some(None);
    });
    only(
        validate_pool(&no_regions, &Limits::ENTERPRISE),
        Rule::HealthSourcesNeedRegions,
        "health_sources",
    );
}

#[test]
fn all_findings_are_reported_at_once() {
    let p = Pool {
        name: "bad name".into(),
        origins: vec![Origin {
            weight: 1.5,
            ..Origin::new("", "10.0.0.5")
        }],
        ..valid()
    };
    let found = findings(&p);
    let rules: Vec<_> = found.iter().map(|f| f.code).collect();
    assert_eq!(
        rules,
        [
            Rule::NameCharset,
            Rule::OriginNameRequired,
            Rule::VirtualNetworkRequired,
            Rule::WeightRange
        ]
    );
    assert_eq!(found.at("origins[0].weight").count(), 1);
    assert_eq!(found.errors().count(), 4);
}

#[test]
fn paths_convert_to_json_pointers_and_back() {
    for (path, pointer) in [
        ("name", "/name"),
        ("origins[2].weight", "/origins/2/weight"),
        ("origins[0].header.Host[1]", "/origins/0/header/Host/1"),
        ("check_regions[0]", "/check_regions/0"),
        (
            "load_shedding.default_percent",
            "/load_shedding/default_percent",
        ),
    ] {
        assert_eq!(path_to_pointer(path), pointer);
        assert_eq!(pointer_to_path(pointer), path);
    }
}

#[test]
fn ip_classes() {
    let class = |s: &str| classify_ip(s.parse().unwrap());
    assert_eq!(class("8.8.8.8"), IpClass::Public);
    assert_eq!(class("2606:4700::1111"), IpClass::Public);
    assert_eq!(class("100.127.255.255"), IpClass::Private);
    assert_eq!(class("100.128.0.0"), IpClass::Public);
    assert_eq!(
        class("::ffff:10.1.2.3"),
        IpClass::Private,
        "mapped addresses use their IPv4 class"
    );
    assert_eq!(class("127.8.9.10"), IpClass::Loopback);
    assert_eq!(class("224.0.0.1"), IpClass::Reserved);
    assert_eq!(class("198.18.0.1"), IpClass::Reserved);
    assert!(parse_address("  192.0.2.1 ").is_some());
}
