//! Validation shared by the console's forms and the embedded server.
//!
//! Each validator is a plain function over a model type that returns every
//! finding at once, keyed by a field path such as `origins[2].weight`. The
//! server returns the errors verbatim as 400/1002 items (with the path as a
//! JSON pointer in `source.pointer`); the console shows each under its field.
//! The full rule table is in the crate documentation.

mod address;
mod load_balancer;
mod monitor;
mod policy;
mod pool;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use address::{classify_ip, parse_address, Address, IpClass};
pub use load_balancer::validate_load_balancer;
pub use monitor::{validate_monitor, validate_monitor_group};
pub use policy::{is_email, validate_policy};
pub use pool::{check_name_unique, is_uuid, is_valid_hostname, validate_pool};

pub use crate::codes::{CODE_NOT_UNIQUE, CODE_VALIDATION};
/// The description length the console and server accept.
pub const MAX_DESCRIPTION: usize = 1024;

/// Whether a finding blocks a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The API would refuse the object.
    Error,
    /// Allowed, but probably not what the user meant.
    Warning,
}

/// One finding of a validator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Where: `name`, `origins[2].weight`, `check_regions[0]`.
    pub path: String,
    /// Which rule, as a stable machine-readable code.
    pub code: Rule,
    /// What the API says, ending in `: validation failed` for errors.
    pub message: String,
    pub severity: Severity,
}

impl FieldError {
    pub(crate) fn error(path: impl Into<String>, code: Rule, detail: impl fmt::Display) -> Self {
        let suffix = if code == Rule::NameTaken {
            "value not unique"
        } else {
            "validation failed"
        };
        FieldError {
            path: path.into(),
            code,
            message: format!("{detail}: {suffix}"),
            severity: Severity::Error,
        }
    }

    pub(crate) fn warning(path: impl Into<String>, code: Rule, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            code,
            message: message.into(),
            severity: Severity::Warning,
        }
    }

    /// True for findings that block a save.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The API error code this finding is reported with (1002 or 1003).
    pub fn api_code(&self) -> i64 {
        if self.code == Rule::NameTaken {
            CODE_NOT_UNIQUE
        } else {
            CODE_VALIDATION
        }
    }

    /// The path as a JSON pointer: `origins[2].weight` → `/origins/2/weight`.
    pub fn pointer(&self) -> String {
        path_to_pointer(&self.path)
    }
}

/// The error for a member that names an object the account does not have
/// (a pool's monitor, a load balancer's pool). Only the server can check
/// it, since it needs the account's objects.
pub fn unknown_reference(path: impl Into<String>, what: &str, id: &str) -> FieldError {
    FieldError::error(
        path,
        Rule::ReferenceNotFound,
        format_args!("{what} \"{id}\" does not exist in this account"),
    )
}

/// The error for a request the server could not read at all: malformed
/// JSON, a member of the wrong type, a bad query parameter. `path` is the
/// member at fault (`""` for the whole request). Only the server meets
/// these; the console's drafts are typed.
pub fn invalid_request(path: impl Into<String>, detail: impl fmt::Display) -> FieldError {
    FieldError::error(path, Rule::RequestInvalid, detail)
}

/// `origins[2].weight` → `/origins/2/weight`.
pub fn path_to_pointer(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for segment in path.split(['.', '[']) {
        let segment = segment.trim_end_matches(']');
        if segment.is_empty() {
            continue;
        }
        out.push('/');
        out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// `/origins/2/weight` → `origins[2].weight`; the inverse of
/// [`path_to_pointer`] for the paths validators produce.
pub fn pointer_to_path(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

/// Helpers over a validator's findings.
pub trait Findings {
    /// The findings that block a save.
    fn errors(&self) -> impl Iterator<Item = &FieldError>;
    /// True when anything blocks a save.
    fn has_errors(&self) -> bool;
    /// The findings for exactly this path.
    fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a FieldError>;
}

impl Findings for [FieldError] {
    fn errors(&self) -> impl Iterator<Item = &FieldError> {
        self.iter().filter(|f| f.is_error())
    }

    fn has_errors(&self) -> bool {
        self.iter().any(FieldError::is_error)
    }

    fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a FieldError> {
        self.iter().filter(move |f| f.path == path)
    }
}

/// Plan limits and the switches Cloudflare's documentation leaves open
/// (made configurable here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The most endpoints one pool may have: what is left of the account's
    /// endpoint quota (20 without Enterprise).
    pub max_origins: usize,
    /// Allows `ALL_REGIONS`, `CHINA`, `check_regions: null`, the Enterprise
    /// monitor types and shorter monitor intervals.
    pub enterprise: bool,
    /// Rejects every address that is not globally routable unless it has a
    /// virtual network, as Cloudflare does. Off by default so that loopback
    /// and documentation addresses work against the embedded server.
    pub strict_public_addresses: bool,
    /// Endpoint addresses are unique within a pool whatever their port or
    /// virtual network (the strict reading, cloudflare-docs PR #33171). When
    /// false, only the same address, port and virtual network together clash.
    pub unique_addresses: bool,
    /// The shortest monitor interval in seconds (60 Pro, 15 Business,
    /// 10 Enterprise).
    pub min_monitor_interval: i64,
}

impl Limits {
    /// Non-Enterprise limits: the default, and the stricter choice.
    pub const STANDARD: Limits = Limits {
        max_origins: 20,
        enterprise: false,
        strict_public_addresses: false,
        unique_addresses: true,
        min_monitor_interval: 60,
    };

    /// Enterprise limits (Cloudflare sets the quota per contract, so it is
    /// large).
    pub const ENTERPRISE: Limits = Limits {
        max_origins: 10_000,
        enterprise: true,
        strict_public_addresses: false,
        unique_addresses: true,
        min_monitor_interval: 10,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::STANDARD
    }
}

macro_rules! rules {
    ($( $(#[$m:meta])* $variant:ident = $code:literal ),+ $(,)?) => {
        /// Every validation rule, with a stable code. The crate documentation
        /// has the table of rule → path → message.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Rule {
            $( $(#[$m])* $variant, )+
        }

        impl Rule {
            /// Every rule, in table order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable code, as serialized.
            pub fn as_str(self) -> &'static str {
                match self { $( Rule::$variant => $code, )+ }
            }
        }
    };
}

rules! {
    NameRequired = "name_required",
    NameCharset = "name_charset",
    NameTaken = "name_taken",
    DescriptionTooLong = "description_too_long",
    OriginCount = "origin_count",
    OriginNameRequired = "origin_name_required",
    OriginNameDuplicate = "origin_name_duplicate",
    AddressRequired = "address_required",
    AddressInvalid = "address_invalid",
    AddressDuplicate = "address_duplicate",
    AddressNotRoutable = "address_not_routable",
    VirtualNetworkRequired = "virtual_network_required",
    VirtualNetworkInvalid = "virtual_network_invalid",
    WeightRange = "weight_range",
    HostHeaderCount = "host_header_count",
    HostHeaderInvalid = "host_header_invalid",
    PortRange = "port_range",
    MinimumOriginsRange = "minimum_origins_range",
    MinimumOriginsUnreachable = "minimum_origins_unreachable",
    CoordinatesPair = "coordinates_pair",
    LatitudeRange = "latitude_range",
    LongitudeRange = "longitude_range",
    MonitorAndGroup = "monitor_and_group",
    SheddingPercentRange = "shedding_percent_range",
    SheddingPolicy = "shedding_policy",
    SteeringPolicy = "steering_policy",
    CheckRegionUnknown = "check_region_unknown",
    CheckRegionDuplicate = "check_region_duplicate",
    CheckRegionEnterprise = "check_region_enterprise",
    CheckRegionsRequired = "check_regions_required",
    HealthSources = "health_sources",
    HealthSourcesNeedRegions = "health_sources_need_regions",
    MonitorType = "monitor_type",
    MonitorTypeEnterprise = "monitor_type_enterprise",
    IntervalRange = "interval_range",
    TimeoutRange = "timeout_range",
    RetriesRange = "retries_range",
    ConsecutiveRange = "consecutive_range",
    ExpectedCodesRequired = "expected_codes_required",
    ExpectedCodesInvalid = "expected_codes_invalid",
    MonitorPortRequired = "monitor_port_required",
    MonitorPath = "monitor_path",
    MonitorMethod = "monitor_method",
    MonitorHeaderName = "monitor_header_name",
    MonitorHeaderUserAgent = "monitor_header_user_agent",
    GroupDescriptionRequired = "group_description_required",
    GroupMembersRequired = "group_members_required",
    GroupMemberMonitorRequired = "group_member_monitor_required",
    GroupMemberDuplicate = "group_member_duplicate",
    PolicyNameRequired = "policy_name_required",
    AlertType = "alert_type",
    MechanismRequired = "mechanism_required",
    EmailInvalid = "email_invalid",
    FilterValue = "filter_value",
    FilterPoolsEmpty = "filter_pools_empty",
    ReferenceNotFound = "reference_not_found",
    LoadBalancerName = "load_balancer_name",
    DefaultPoolsRequired = "default_pools_required",
    FallbackPoolRequired = "fallback_pool_required",
    RequestInvalid = "request_invalid",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
