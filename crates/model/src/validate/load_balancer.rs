//! The load-balancer rules the console and server share (the members that name
//! pools). Whether the named pools exist is the server's check.

use super::{is_valid_hostname, FieldError, Rule};
use crate::load_balancer::LoadBalancer;

/// Validates a load balancer as a POST or PUT body.
pub fn validate_load_balancer(lb: &LoadBalancer) -> Vec<FieldError> {
    let mut out = Vec::new();
    if !is_valid_hostname(&lb.name) {
        out.push(FieldError::error(
            "name",
            Rule::LoadBalancerName,
            format_args!(
                "name \"{}\" must be the load balancer's DNS hostname",
                lb.name
            ),
        ));
    }
    if lb.default_pools.is_empty() {
        out.push(FieldError::error(
            "default_pools",
            Rule::DefaultPoolsRequired,
            "default_pools must name at least one pool",
        ));
    }
    if lb.fallback_pool.is_empty() {
        out.push(FieldError::error(
            "fallback_pool",
            Rule::FallbackPoolRequired,
            "fallback_pool is required",
        ));
    }
    out
}
