//! Serde support for fields where "absent", `null` and a value all differ.
//!
//! Cloudflare's nullable fields (`check_regions`, `health_sources`,
//! `load_shedding`, `notification_filter`) use `null` to *reset* a value, while
//! an absent key leaves it alone in a PATCH. Such fields are typed
//! `Option<Option<T>>`: `None` is absent, `Some(None)` is `null`, and
//! `Some(Some(v))` is a value. Use with
//! `#[serde(default, skip_serializing_if = "Option::is_none", with = "crate::nullable")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `Some(None)` as `null` and `Some(Some(v))` as `v`.
/// (`None` is skipped by `skip_serializing_if`.)
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(Some(v)) => v.serialize(s),
        _ => s.serialize_none(),
    }
}

/// Reads a present key: `null` becomes `Some(None)`. An absent key never
/// reaches here; `#[serde(default)]` makes it `None`.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}
