//! `…/references` results (Cloudflare's "List Pool References" and its
//! monitor and monitor-group counterparts).

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::string_enum::string_enum;

string_enum! {
    /// Which way a reference points, seen from the object asked about.
    pub enum ReferenceType {
        /// Something this object refers to (a pool's monitor).
        Referral = "referral" => "Refers to",
        /// Something that refers to this object (a load balancer using a pool).
        Referrer = "referrer" => "Used by",
        Any = "*" => "Any",
    }
}

string_enum! {
    pub enum ResourceType {
        LoadBalancer = "load_balancer" => "Load balancer",
        Monitor = "monitor" => "Monitor",
        MonitorGroup = "monitor_group" => "Monitor group",
        Pool = "pool" => "Pool",
    }
}

/// One reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub reference_type: ReferenceType,
    pub resource_id: String,
    /// A load balancer's hostname, a pool's name or a monitor's description.
    #[serde(default)]
    pub resource_name: String,
    pub resource_type: ResourceType,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Reference {
    /// True for an object of `kind` that uses the one whose references
    /// these are (a load balancer using a pool, a pool using a monitor).
    pub fn is_referrer(&self, kind: ResourceType) -> bool {
        self.reference_type == ReferenceType::Referrer && self.resource_type == kind
    }
}
