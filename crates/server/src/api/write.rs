//! What every write shares: PATCH merging and the server-set timestamps.

use pooldeck_model::diff::NULLABLE_KEYS;
use serde::Serialize;
use serde_json::{Map, Value};

/// PATCH semantics, as Cloudflare's API applies them: each supplied top-level
/// key replaces the stored value whole (no deep merge); `null` resets a
/// nullable member and removes any other, so it falls back to its default.
pub fn merge_patch<T: Serialize>(stored: &T, patch: Map<String, Value>) -> Map<String, Value> {
    let Ok(Value::Object(mut merged)) = serde_json::to_value(stored) else {
        unreachable!("model objects serialize to JSON objects")
    };
    for (key, value) in patch {
        if value.is_null() && !NULLABLE_KEYS.contains(&key.as_str()) {
            merged.remove(&key);
        } else {
            merged.insert(key, value);
        }
    }
    merged
}

/// The `disabled_at` lifecycle, as Cloudflare's API shows it: set when
/// `enabled` turns false, kept while it stays false, removed when it turns
/// true.
pub fn disabled_at(
    enabled: bool,
    before: Option<(bool, Option<&String>)>,
    now: &str,
) -> Option<String> {
    if enabled {
        return None;
    }
    match before {
        Some((false, Some(since))) => Some(since.clone()),
        _ => Some(now.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_replaces_whole_keys_and_null_resets() {
        let stored = json!({"name": "a", "load_shedding": {"default_percent": 5}, "latitude": 1.0, "origins": [{"name": "x"}, {"name": "y"}]});
        let patch = json!({"load_shedding": null, "latitude": null, "origins": [{"name": "z"}]});
        let Value::Object(patch) = patch else {
            unreachable!()
        };
        let merged = merge_patch(&stored, patch);
        assert_eq!(
            Value::Object(merged),
            json!({"name": "a", "load_shedding": null, "origins": [{"name": "z"}]})
        );
    }

    #[test]
    fn disabled_at_lifecycle() {
        let t0 = "2026-01-01T00:00:00.000000Z".to_owned();
        assert_eq!(disabled_at(true, Some((false, Some(&t0))), "now"), None);
        assert_eq!(disabled_at(false, None, "now").as_deref(), Some("now"));
        assert_eq!(
            disabled_at(false, Some((true, None)), "now").as_deref(),
            Some("now")
        );
        assert_eq!(
            disabled_at(false, Some((false, Some(&t0))), "now"),
            Some(t0)
        );
    }
}
