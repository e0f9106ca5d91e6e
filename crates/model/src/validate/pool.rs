//! The pool rules (pools and their endpoints, as Cloudflare's API
//! validates them).

use std::collections::{HashMap, HashSet};

use super::address::{classify_ip, parse_address, Address, IpClass};
use super::{FieldError, Limits, Rule, MAX_DESCRIPTION};
use crate::load_shedding::{SessionPolicy, SheddingPolicy};
use crate::origin::Origin;
use crate::pool::Pool;
use crate::region::HealthSource;

/// Validates a pool as a POST or PUT body (a PATCH is merged first).
///
/// Returns every error and warning; an empty list means the API accepts it.
/// Uniqueness of the name within the account needs the account's pools and
/// is checked by [`check_name_unique`].
pub fn validate_pool(pool: &Pool, limits: &Limits) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_name(pool, &mut out);
    if pool.description.chars().count() > MAX_DESCRIPTION {
        out.push(FieldError::error(
            "description",
            Rule::DescriptionTooLong,
            format_args!("description must be at most {MAX_DESCRIPTION} characters"),
        ));
    }
    check_origins(pool, limits, &mut out);
    check_threshold(pool, &mut out);
    check_coordinates(pool, &mut out);
    if pool.monitor_id().is_some() && pool.monitor_group_id().is_some() {
        out.push(FieldError::error(
            "monitor_group",
            Rule::MonitorAndGroup,
            "a pool can have a monitor or a monitor group, not both",
        ));
    }
    check_shedding(pool, &mut out);
    if let Some(steering) = &pool.origin_steering {
        if !steering.policy.is_known() {
            out.push(FieldError::error(
                "origin_steering.policy",
                Rule::SteeringPolicy,
                format_args!("unknown endpoint steering policy \"{}\"", steering.policy),
            ));
        }
    }
    check_regions(pool, limits, &mut out);
    check_health_sources(pool, &mut out);
    out
}

/// The 1003 error when another pool in the account already has this name.
/// `others` yields `(id, name)` of the account's pools; the pool being
/// edited (`own_id`) is skipped.
pub fn check_name_unique<'a>(
    name: &str,
    own_id: Option<&str>,
    others: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<FieldError> {
    let clash = others
        .into_iter()
        .any(|(id, other)| Some(id) != own_id && other == name);
    clash.then(|| {
        FieldError::error(
            "name",
            Rule::NameTaken,
            format_args!("a pool named \"{name}\" already exists"),
        )
    })
}

fn check_name(pool: &Pool, out: &mut Vec<FieldError>) {
    if pool.name.is_empty() {
        out.push(FieldError::error(
            "name",
            Rule::NameRequired,
            "name is required",
        ));
    } else if !pool
        .name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        out.push(FieldError::error(
            "name",
            Rule::NameCharset,
            format_args!(
                "name \"{}\" may contain only letters, digits, '-' and '_'",
                pool.name
            ),
        ));
    }
}

fn check_origins(pool: &Pool, limits: &Limits, out: &mut Vec<FieldError>) {
    let count = pool.origins.len();
    if count == 0 || count > limits.max_origins {
        out.push(FieldError::error(
            "origins",
            Rule::OriginCount,
            format_args!(
                "origin list length must be in range [1, {}]",
                limits.max_origins
            ),
        ));
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut addresses: HashMap<String, usize> = HashMap::new();
    for (i, origin) in pool.origins.iter().enumerate() {
        let at = |field: &str| format!("origins[{i}].{field}");
        if origin.name.is_empty() {
            out.push(FieldError::error(
                at("name"),
                Rule::OriginNameRequired,
                "endpoint name is required",
            ));
        } else if names.insert(&origin.name, i).is_some() {
            out.push(FieldError::error(
                at("name"),
                Rule::OriginNameDuplicate,
                format_args!(
                    "endpoint name \"{}\" is used more than once in this pool",
                    origin.name
                ),
            ));
        }
        check_address(
            origin,
            limits,
            &at("address"),
            &at("virtual_network_id"),
            out,
        );
        if !origin.address.is_empty() {
            let key = address_key(origin, limits);
            if addresses.insert(key, i).is_some() {
                out.push(FieldError::error(
                    at("address"),
                    Rule::AddressDuplicate,
                    format_args!(
                        "endpoint address \"{}\" is used more than once in this pool",
                        origin.address
                    ),
                ));
            }
        }
        if let Some(vnet) = &origin.virtual_network_id {
            if !is_uuid(vnet) {
                out.push(FieldError::error(
                    at("virtual_network_id"),
                    Rule::VirtualNetworkInvalid,
                    format_args!("virtual network ID \"{vnet}\" is not a UUID"),
                ));
            }
        }
        if !is_weight(origin.weight) {
            out.push(FieldError::error(
                at("weight"),
                Rule::WeightRange,
                format_args!(
                    "weight {} must be between 0 and 1 in steps of 0.01",
                    origin.weight
                ),
            ));
        }
        if let Some(port) = origin.port {
            if !(0..=65535).contains(&port) {
                out.push(FieldError::error(
                    at("port"),
                    Rule::PortRange,
                    format_args!("port {port} must be between 0 and 65535"),
                ));
            }
        }
        check_host_header(origin, i, out);
    }
}

/// What must be unique among a pool's endpoints: the address alone (strict),
/// or the address with its port and virtual network. Case-insensitive, as
/// DNS names are.
fn address_key(origin: &Origin, limits: &Limits) -> String {
    let address = origin.address.trim().to_ascii_lowercase();
    if limits.unique_addresses {
        address
    } else {
        format!(
            "{address}|{}|{}",
            origin.port.unwrap_or(0),
            origin.virtual_network_id.as_deref().unwrap_or("")
        )
    }
}

fn check_address(
    origin: &Origin,
    limits: &Limits,
    path: &str,
    vnet_path: &str,
    out: &mut Vec<FieldError>,
) {
    if origin.address.is_empty() {
        out.push(FieldError::error(
            path,
            Rule::AddressRequired,
            "endpoint address is required",
        ));
        return;
    }
    let Some(address) = parse_address(&origin.address) else {
        out.push(FieldError::error(
            path,
            Rule::AddressInvalid,
            format_args!(
                "\"{}\" is not a valid IP address or hostname",
                origin.address
            ),
        ));
        return;
    };
    let Address::Ip(ip) = address else { return };
    if origin.virtual_network_id.is_some() {
        return;
    }
    match classify_ip(ip) {
        IpClass::Private => out.push(FieldError::error(
            vnet_path,
            Rule::VirtualNetworkRequired,
            format_args!("a virtual network is required for the private address {ip}"),
        )),
        IpClass::Public => {}
        _ if limits.strict_public_addresses => out.push(FieldError::error(
            path,
            Rule::AddressNotRoutable,
            format_args!(
                "address {ip} is not publicly routable; set a virtual network to reach it"
            ),
        )),
        _ => {}
    }
}

fn check_host_header(origin: &Origin, i: usize, out: &mut Vec<FieldError>) {
    let Some(values) = origin.header.as_ref().and_then(|h| h.host.as_ref()) else {
        return;
    };
    if values.len() > 1 {
        out.push(FieldError::error(
            format!("origins[{i}].header.Host"),
            Rule::HostHeaderCount,
            "at most one Host header value is allowed",
        ));
    }
    for (j, host) in values.iter().enumerate() {
        if !is_valid_hostname(host) {
            out.push(FieldError::error(
                format!("origins[{i}].header.Host[{j}]"),
                Rule::HostHeaderInvalid,
                format_args!("Host header \"{host}\" is not a valid hostname"),
            ));
        }
    }
}

fn check_threshold(pool: &Pool, out: &mut Vec<FieldError>) {
    if pool.minimum_origins < 0 {
        out.push(FieldError::error(
            "minimum_origins",
            Rule::MinimumOriginsRange,
            format_args!("minimum_origins {} must be 0 or more", pool.minimum_origins),
        ));
        return;
    }
    let enabled = pool.enabled_origins().count();
    if !pool.origins.is_empty() && pool.minimum_origins as usize > enabled {
        out.push(FieldError::warning(
            "minimum_origins",
            Rule::MinimumOriginsUnreachable,
            format!(
                "Health Threshold {} is more than the {enabled} enabled endpoint{}, so the pool can never be healthy",
                pool.minimum_origins,
                if enabled == 1 { "" } else { "s" }
            ),
        ));
    }
}

fn check_coordinates(pool: &Pool, out: &mut Vec<FieldError>) {
    match (pool.latitude, pool.longitude) {
        (Some(_), None) | (None, Some(_)) => {
            let missing = if pool.latitude.is_none() {
                "latitude"
            } else {
                "longitude"
            };
            out.push(FieldError::error(
                missing,
                Rule::CoordinatesPair,
                "latitude and longitude must be set together",
            ));
        }
        _ => {}
    }
    if let Some(lat) = pool.latitude {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            out.push(FieldError::error(
                "latitude",
                Rule::LatitudeRange,
                format_args!("latitude {lat} must be between -90 and 90"),
            ));
        }
    }
    if let Some(lon) = pool.longitude {
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            out.push(FieldError::error(
                "longitude",
                Rule::LongitudeRange,
                format_args!("longitude {lon} must be between -180 and 180"),
            ));
        }
    }
}

fn check_shedding(pool: &Pool, out: &mut Vec<FieldError>) {
    let Some(shedding) = pool.shedding() else {
        return;
    };
    for (field, value) in [
        ("default_percent", shedding.default_percent),
        ("session_percent", shedding.session_percent),
    ] {
        if !(value.is_finite() && (0.0..=100.0).contains(&value)) {
            out.push(FieldError::error(
                format!("load_shedding.{field}"),
                Rule::SheddingPercentRange,
                format_args!("{field} {value} must be between 0 and 100"),
            ));
        }
    }
    if let SheddingPolicy::Other(p) = &shedding.default_policy {
        out.push(FieldError::error(
            "load_shedding.default_policy",
            Rule::SheddingPolicy,
            format_args!("default_policy \"{p}\" must be \"random\" or \"hash\""),
        ));
    }
    if let SessionPolicy::Other(p) = &shedding.session_policy {
        out.push(FieldError::error(
            "load_shedding.session_policy",
            Rule::SheddingPolicy,
            format_args!("session_policy \"{p}\" must be \"hash\""),
        ));
    }
}

fn check_regions(pool: &Pool, limits: &Limits, out: &mut Vec<FieldError>) {
    let regions = match &pool.check_regions {
        Some(Some(regions)) if !regions.is_empty() => regions,
        // Absent and `null` both mean "every data centre".
        Some(Some(_)) | Some(None) | None => {
            let empty = matches!(&pool.check_regions, Some(Some(_)));
            if empty || !limits.enterprise {
                out.push(FieldError::error(
                    "check_regions",
                    Rule::CheckRegionsRequired,
                    "probing from every data center is not allowed for this subscription, please choose regions",
                ));
            }
            return;
        }
    };
    let mut seen = HashSet::new();
    for (i, region) in regions.iter().enumerate() {
        let path = format!("check_regions[{i}]");
        if !region.is_known() {
            out.push(FieldError::error(
                path,
                Rule::CheckRegionUnknown,
                format_args!("unknown check region \"{region}\""),
            ));
        } else if !seen.insert(region) {
            out.push(FieldError::error(
                path,
                Rule::CheckRegionDuplicate,
                format_args!("check region {region} is listed more than once"),
            ));
        } else if region.is_enterprise_only() && !limits.enterprise {
            out.push(FieldError::error(
                path,
                Rule::CheckRegionEnterprise,
                format_args!("check region {region} requires an Enterprise plan"),
            ));
        }
    }
}

fn check_health_sources(pool: &Pool, out: &mut Vec<FieldError>) {
    let Some(Some(sources)) = &pool.health_sources else {
        return;
    };
    if sources.as_slice() != [HealthSource::Regional, HealthSource::Global] {
        out.push(FieldError::error(
            "health_sources",
            Rule::HealthSources,
            "health_sources must be null or exactly [\"regional\", \"global\"]",
        ));
    } else if pool.regions().is_empty() {
        out.push(FieldError::error(
            "health_sources",
            Rule::HealthSourcesNeedRegions,
            "regional health needs at least one region in check_regions",
        ));
    }
}

/// 0–1 in steps of 0.01.
fn is_weight(w: f64) -> bool {
    w.is_finite() && (0.0..=1.0).contains(&w) && ((w * 100.0).round() - w * 100.0).abs() < 1e-6
}

/// A DNS name per RFC 1123: labels of letters, digits and `-`, 1–63
/// characters, not starting or ending with `-`; at most 253 characters; an
/// optional trailing dot.
pub fn is_valid_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// A UUID in its 8-4-4-4-12 hex form.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}
