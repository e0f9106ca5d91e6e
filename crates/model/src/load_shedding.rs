//! Load shedding: moving a share of a pool's traffic to the next pool
//! (`load_shedding` of a pool).

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::string_enum::string_enum;

string_enum! {
    /// How new traffic is shed.
    #[derive(Default)]
    pub enum SheddingPolicy {
        /// Sheds exactly N% of requests; one client may flap between pools.
        #[default]
        Random = "random" => "Random",
        /// Sheds N% of the client-IP hash space; sticky per client.
        Hash = "hash" => "Hash",
    }
}

string_enum! {
    /// How existing sessions are shed: `hash` is the only value.
    #[derive(Default)]
    pub enum SessionPolicy {
        #[default]
        Hash = "hash" => "Hash",
    }
}

/// `load_shedding`. Never set means absent or `null` on the wire, not zeros.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadShedding {
    /// Percent of new traffic to shed, 0–100.
    #[serde(default)]
    pub default_percent: f64,
    #[serde(default)]
    pub default_policy: SheddingPolicy,
    /// Percent of existing sessions to shed, 0–100.
    #[serde(default)]
    pub session_percent: f64,
    #[serde(default)]
    pub session_policy: SessionPolicy,
    #[serde(flatten)]
    pub extra: Extra,
}
