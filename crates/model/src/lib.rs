//! # pooldeck-model
//!
//! The types and rules Pooldeck's console and server share: the Cloudflare
//! Load Balancing API (pools, monitors, monitor groups, notification
//! policies, as developers.cloudflare.com/api documents them) as serde
//! types, the validation both sides run, and the diff that turns an edit
//! into the smallest PATCH.
//!
//! ## Types carry the contract
//! - Every object keeps the members it does not model in `extra`
//!   (`#[serde(flatten)]`), and writes them back unchanged.
//! - Optional objects that were never set stay absent or `null`; they are
//!   never zero-filled. Nullable members (`check_regions`, `health_sources`,
//!   `load_shedding`, `notification_filter`) are `Option<Option<T>>`, so
//!   "absent" and `null` stay distinct (see [`nullable`]).
//! - Enums keep values this version does not know (`Other(String)`), so a
//!   new region or policy cannot break reading a pool.
//!
//! ## Validation
//! [`validate_pool`], [`validate_monitor`], [`validate_monitor_group`] and
//! [`validate_policy`] return every [`FieldError`] at once. Errors carry the
//! API's message shape (`…: validation failed`, API code 1002; `…: value not
//! unique`, 1003) so the server can return them verbatim and the console can
//! show the same words under the field. Warnings never block a save.
//!
//! | Rule (`code`) | Path | Message |
//! |---|---|---|
//! | `name_required` | `name` | name is required |
//! | `name_charset` | `name` | name "…" may contain only letters, digits, '-' and '_' |
//! | `name_taken` (1003, [`check_name_unique`]) | `name` | a pool named "…" already exists: value not unique |
//! | `description_too_long` | `description` | description must be at most 1024 characters |
//! | `origin_count` | `origins` | origin list length must be in range [1, N] (N: [`Limits::max_origins`]) |
//! | `origin_name_required` | `origins[i].name` | endpoint name is required |
//! | `origin_name_duplicate` | `origins[i].name` | endpoint name "…" is used more than once in this pool |
//! | `address_required` | `origins[i].address` | endpoint address is required |
//! | `address_invalid` | `origins[i].address` | "…" is not a valid IP address or hostname |
//! | `address_duplicate` | `origins[i].address` | endpoint address "…" is used more than once in this pool (address alone, or with port and virtual network: [`Limits::unique_addresses`]) |
//! | `address_not_routable` | `origins[i].address` | address … is not publicly routable; set a virtual network to reach it (only with [`Limits::strict_public_addresses`]) |
//! | `virtual_network_required` | `origins[i].virtual_network_id` | a virtual network is required for the private address … (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) |
//! | `virtual_network_invalid` | `origins[i].virtual_network_id` | virtual network ID "…" is not a UUID |
//! | `weight_range` | `origins[i].weight` | weight … must be between 0 and 1 in steps of 0.01 |
//! | `host_header_count` | `origins[i].header.Host` | at most one Host header value is allowed |
//! | `host_header_invalid` | `origins[i].header.Host[j]` | Host header "…" is not a valid hostname |
//! | `port_range` | `origins[i].port`, `port` (monitor) | port … must be between 0 and 65535 |
//! | `minimum_origins_range` | `minimum_origins` | minimum_origins … must be 0 or more |
//! | `minimum_origins_unreachable` (warning) | `minimum_origins` | Health Threshold … is more than the … enabled endpoints, so the pool can never be healthy |
//! | `coordinates_pair` | `latitude` or `longitude` (the missing one) | latitude and longitude must be set together |
//! | `latitude_range` | `latitude` | latitude … must be between -90 and 90 |
//! | `longitude_range` | `longitude` | longitude … must be between -180 and 180 |
//! | `monitor_and_group` | `monitor_group` | a pool can have a monitor or a monitor group, not both |
//! | `shedding_percent_range` | `load_shedding.default_percent`, `load_shedding.session_percent` | … must be between 0 and 100 |
//! | `shedding_policy` | `load_shedding.default_policy`, `load_shedding.session_policy` | default_policy "…" must be "random" or "hash" / session_policy "…" must be "hash" |
//! | `steering_policy` | `origin_steering.policy` | unknown endpoint steering policy "…" |
//! | `check_region_unknown` | `check_regions[i]` | unknown check region "…" |
//! | `check_region_duplicate` | `check_regions[i]` | check region … is listed more than once |
//! | `check_region_enterprise` | `check_regions[i]` | check region ALL_REGIONS / CHINA requires an Enterprise plan |
//! | `check_regions_required` | `check_regions` | probing from every data center is not allowed for this subscription, please choose regions (absent or `null` without Enterprise; `[]` always) |
//! | `health_sources` | `health_sources` | health_sources must be null or exactly ["regional", "global"] |
//! | `health_sources_need_regions` | `health_sources` | regional health needs at least one region in check_regions |
//! | `monitor_type` | `type` | monitor type "…" must be one of http, https, tcp, udp_icmp, icmp_ping, smtp |
//! | `monitor_type_enterprise` | `type` | monitor type … requires an Enterprise plan (udp_icmp, icmp_ping, smtp) |
//! | `interval_range` | `interval` | interval must be between [`Limits::min_monitor_interval`] and 3600 seconds |
//! | `timeout_range` | `timeout` | timeout must be between 1 and 10 seconds / timeout must be less than interval |
//! | `retries_range` | `retries` | retries must be between 0 and 5 |
//! | `consecutive_range` | `consecutive_up`, `consecutive_down` | … must be 0 or more |
//! | `expected_codes_required` | `expected_codes` | expected_codes is required for http and https monitors |
//! | `expected_codes_invalid` | `expected_codes` | expected_codes "…" must be a status code such as 200 or a class such as 2xx |
//! | `monitor_port_required` | `port` | a port is required for tcp / udp_icmp / smtp monitors |
//! | `monitor_path` | `path` | path "…" must start with '/' and contain no spaces |
//! | `monitor_method` | `method` | method "…" must be GET or HEAD (http, https) / "connection_established" (tcp) |
//! | `monitor_header_name` | `header.<name>` | header name "…" must be a token: letters, digits and !#$%&'*+-.^_`|~ |
//! | `monitor_header_user_agent` | `header.User-Agent` | the User-Agent header cannot be overridden |
//! | `group_description_required` | `description` | description is required |
//! | `group_members_required` | `members` | a monitor group needs at least one member |
//! | `group_member_monitor_required` | `members[i].monitor_id` | monitor_id is required |
//! | `group_member_duplicate` | `members[i].monitor_id` | monitor … is a member more than once |
//! | `policy_name_required` | `name` | name is required |
//! | `alert_type` | `alert_type` | unknown alert type "…" |
//! | `mechanism_required` | `mechanisms` | at least one email address, webhook or PagerDuty destination is required |
//! | `email_invalid` | `mechanisms.email[i].id` | "…" is not a valid email address |
//! | `reference_not_found` ([`validate::unknown_reference`], server only) | `monitor`, `monitor_group`, `default_pools[i]`, `members[i].monitor_id`, … | monitor "…" does not exist in this account |
//! | `load_balancer_name` ([`validate_load_balancer`]) | `name` | name "…" must be the load balancer's DNS hostname |
//! | `default_pools_required` | `default_pools` | default_pools must name at least one pool |
//! | `fallback_pool_required` | `fallback_pool` | fallback_pool is required |
//! | `filter_value` | `filters.<key>[i]` | filter … value "…" must be one of … (`new_health`: Healthy, Unhealthy; `event_source`: pool, origin; `enabled`: true, false) |
//! | `filter_pools_empty` | `filters.pool_id` | filter pool_id must name at least one pool (leave it out for every pool) |
//! | `request_invalid` ([`validate::invalid_request`], server only) | the member at fault, or `""` | malformed JSON in request body (…) / origins.0.weight: invalid type … / since "…" is not an RFC 3339 date-time |
//!
//! Every error message above ends in `: validation failed` unless the table
//! says otherwise. [`FieldError::pointer`] gives the path as the JSON pointer
//! the server puts in `source.pointer`.
//!
//! ## Configuration
//! [`ConsoleConfig`] is `config.json`, which pooldeck-server writes and the
//! console reads. Its [`Plan`] is where [`Limits`] come from on both sides:
//! [`Plan::limits`] for monitors and alerts, [`Plan::pool_limits`] with
//! [`endpoints_in_other_pools`] for a pool write.
//!
//! ## Health events
//! [`HealthEvent`] is an item of the health-events list, and [`would_fire`]
//! counts the alerts a health-alert policy would have sent for a list of
//! them (the console's "would have fired" preview).
//!
//! ## Zones
//! [`zone_for_hostname`] finds the zone a load balancer's hostname belongs
//! to, which is how the console gets from a pool's references (a load
//! balancer's ID and hostname) to `/zones/{zone_id}/load_balancers`.
//!
//! ## Bulk changes
//! [`bulk::plan`] applies one [`BulkAction`] to each selected pool and
//! returns every pool's outcome (the exact PATCH body, unchanged, skipped
//! or invalid) before anything is sent; it never plans a PUT.
//!
//! ## Shared addresses
//! [`AddressIndex`] finds an endpoint's address in other pools, which still
//! send it traffic when its weight here is 0 ([`describe_elsewhere`],
//! [`extra_traffic_note`]).
//!
//! ## History
//! [`HistoryEntry`] is one write pooldeck-server recorded, with the object
//! before and after; a pool's entries are its versions.
//!
//! ## Jobs
//! [`jobs`]: scheduled maintenance and weight ramps that pooldeck-server
//! runs, what each owns in a pool and the PATCH that changes only that.
//!
//! ## Diff
//! [`diff()`] compares two pools and yields the minimal PATCH body, or says
//! why only a PUT will do.
//!
//! ## Detaching a pool
//! Cloudflare will not delete a pool a load balancer still names (error
//! 1005), and geo maps or weights left behind by an old steering policy
//! still count. [`detach()`] removes a pool from every member of a load
//! balancer that names it and lists each change as a [`RefEdit`] diff line,
//! flagging the *hidden* ones ([`hidden_references`]); it refuses
//! ([`DetachProblem`]) rather than leave no default pool or an unreplaced
//! fallback. [`patch_body`] sends just the top-level members that changed.
//! [`TrafficSteering`] resolves `steering_policy` (`""` means `geo` when geo
//! maps are set, else `off`) for both this and the simulator.
//!
//! ## Failover simulator
//! [`simulate`] says where a load balancer's traffic goes when the pools and
//! endpoints of a [`Scenario`] are down, deciding pool health as the status
//! badges do ([`pool_state`]); [`describe`] and [`moves`] turn that into the
//! sentences confirmations show ("www.example.com moves to pool us-web").

pub mod analytics;
pub mod bulk;
pub mod codes;
pub mod console_config;
pub mod detach;
pub mod diff;
pub mod envelope;
pub mod export;
pub mod extra;
pub mod failover;
pub mod health;
pub mod history;
pub mod jobs;
pub mod json_lite;
pub mod listing;
pub mod load_balancer;
pub mod load_shedding;
pub mod monitor;
pub mod monitor_group;
pub mod notification_filter;
pub mod nullable;
pub mod origin;
pub mod policy;
pub mod pool;
pub mod reference;
pub mod region;
pub mod shared_address;
pub mod status;
pub mod steering;
pub mod traffic_steering;
pub mod validate;
pub mod wire;
pub mod zone;

mod defaults;
mod string_enum;

pub use analytics::{would_fire, EventOrigin, EventPool, HealthEvent};
pub use bulk::{BulkAction, BulkItem, BulkOutcome};
pub use console_config::{endpoints_in_other_pools, ConsoleConfig, LegacyLimits, Plan};
pub use detach::{
    detach, hidden_references, patch_body, suggested_fallback, DetachProblem, Detached,
    HiddenReference, RefEdit,
};
pub use diff::{diff, Change, PoolDiff, WritePlan};
pub use envelope::{ApiMessage, Envelope, ErrorSource, ResultInfo};
pub use extra::Extra;
pub use failover::{
    describe, moves, pool_state, simulate, Destination, Outcome, PoolState, Route, Scenario,
    SkipReason,
};
pub use health::{
    AddressHealth, OriginHealth, PoolHealth, PopHealth, PreviewPool, PreviewResult, PreviewStart,
};
pub use history::HistoryEntry;
pub use listing::{MonitorListing, OriginListing, PoolListing};
pub use load_balancer::{LoadBalancer, PoolRole};
pub use load_shedding::{LoadShedding, SessionPolicy, SheddingPolicy};
pub use monitor::{monitor_label, Monitor, MonitorType};
pub use monitor_group::{MonitorGroup, MonitorGroupMember};
pub use notification_filter::{FilterOptions, NotificationFilter};
pub use origin::{Origin, OriginHeader};
pub use policy::{
    AlertType, EnablementAlertFilter, HealthAlertFilter, MechanismTarget, Mechanisms, Policy,
};
pub use pool::Pool;
pub use reference::{Reference, ReferenceType, ResourceType};
pub use region::{CheckRegion, HealthSource};
pub use shared_address::{
    describe_elsewhere, extra_traffic_note, normalise_address, AddressIndex, AddressUse,
};
pub use status::{pool_status, traffic_shares, HealthFacts, PoolStatus, StatusSummary};
pub use steering::{OriginSteering, SteeringPolicy};
pub use traffic_steering::TrafficSteering;
pub use validate::{
    check_name_unique, validate_load_balancer, validate_monitor, validate_monitor_group,
    validate_policy, validate_pool, FieldError, Findings, Limits, Rule, Severity,
};
pub use wire::WireObject;
pub use zone::{zone_for_hostname, Zone, ZoneAccount};
