//! Monitor groups (Enterprise, API-only, 2026).
//!
//! A failing `must_be_healthy` member marks the endpoint unhealthy outright;
//! otherwise the endpoint is unhealthy when more than half of the voting
//! members say so. Monitoring-only and disabled members do not vote.

use serde::{Deserialize, Serialize};

use crate::extra::Extra;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonitorGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub members: Vec<MonitorGroupMember>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonitorGroupMember {
    #[serde(default)]
    pub monitor_id: String,
    #[serde(default)]
    pub enabled: bool,
    /// Observes without voting on health.
    #[serde(default)]
    pub monitoring_only: bool,
    /// A failure of this member alone marks the endpoint unhealthy.
    #[serde(default)]
    pub must_be_healthy: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One member's verdict, for [`group_verdict`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberVerdict {
    pub enabled: bool,
    pub monitoring_only: bool,
    pub must_be_healthy: bool,
    pub healthy: bool,
}

/// The group's verdict on one endpoint, by the rules in the module docs.
/// With no voting members the endpoint counts as healthy.
pub fn group_verdict(members: &[MemberVerdict]) -> bool {
    let voting: Vec<_> = members
        .iter()
        .filter(|m| m.enabled && !m.monitoring_only)
        .collect();
    if voting.iter().any(|m| m.must_be_healthy && !m.healthy) {
        return false;
    }
    let unhealthy = voting.iter().filter(|m| !m.healthy).count();
    unhealthy * 2 <= voting.len()
}
