//! Endpoint steering: how a pool spreads traffic over its endpoints
//! (`origin_steering`, as Cloudflare's Load Balancing API documents it).

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::string_enum::string_enum;

string_enum! {
    /// `origin_steering.policy`. The API's default is `random`.
    #[derive(Default)]
    pub enum SteeringPolicy {
        #[default]
        Random = "random" => "Random",
        Hash = "hash" => "Hash",
        LeastOutstandingRequests = "least_outstanding_requests" => "Least outstanding requests",
        LeastConnections = "least_connections" => "Least connections",
    }
}

impl SteeringPolicy {
    /// A one-line explanation for the wizard.
    pub fn explanation(&self) -> &'static str {
        match self {
            SteeringPolicy::Random => {
                "Picks a healthy endpoint at random, in proportion to its weight."
            }
            SteeringPolicy::Hash => {
                "Hashes the client IP address, so a client keeps reaching the same endpoint."
            }
            SteeringPolicy::LeastOutstandingRequests => {
                "Favours endpoints with fewer pending requests, scaled by weight."
            }
            SteeringPolicy::LeastConnections => {
                "Favours endpoints with fewer open connections, scaled by weight (HTTP/1 and HTTP/2)."
            }
            SteeringPolicy::Other(_) => "A policy this version of Pooldeck does not know.",
        }
    }

    /// True when weights scale a live measure (pending requests, open
    /// connections) instead of fixing a share of traffic.
    pub fn weights_are_relative(&self) -> bool {
        matches!(
            self,
            SteeringPolicy::LeastOutstandingRequests | SteeringPolicy::LeastConnections
        )
    }
}

/// `origin_steering`. The API may omit it when it was never set; treat that
/// as `random`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OriginSteering {
    #[serde(default)]
    pub policy: SteeringPolicy,
    #[serde(flatten)]
    pub extra: Extra,
}
