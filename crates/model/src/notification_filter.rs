//! The per-pool filter of the legacy pool notifications
//! (`notification_filter` of a pool).

use serde::{Deserialize, Serialize};

use crate::extra::Extra;

/// `notification_filter`: which pool and endpoint events notify.
/// `null` at any level resets that level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationFilter {
    /// Endpoint ("origin") events.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub origin: Option<Option<FilterOptions>>,
    /// Pool events.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::nullable"
    )]
    pub pool: Option<Option<FilterOptions>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What to notify about for one event source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterOptions {
    /// True: send no notifications for this source.
    #[serde(default)]
    pub disable: bool,
    /// `Some(false)`: only on becoming unhealthy; `Some(true)`: only on
    /// becoming healthy; `None` (`null`): every health change.
    #[serde(default)]
    pub healthy: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}
