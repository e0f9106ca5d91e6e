//! The autosaved draft: the wizard writes its pool to localStorage on every
//! change, per account and per pool ID (or `new`), and offers it back when
//! the wizard is opened again. A successful save removes it.

use pooldeck_model::Pool;
use serde::{Deserialize, Serialize};

/// What is stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDraft {
    /// The pool as the user left it.
    pub pool: Pool,
    /// The server copy the edit started from, so a draft restored after
    /// someone else's save is still checked for conflicts against it.
    #[serde(default)]
    pub loaded: Option<Pool>,
    /// When it was written (milliseconds since the epoch).
    pub saved_at: f64,
}

/// `pooldeck.draft.{account}.{pool id or "new"}`.
pub fn key(account: &str, pool_id: Option<&str>) -> String {
    format!("pooldeck.draft.{account}.{}", pool_id.unwrap_or("new"))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored draft, if there is one that can be read.
pub fn load(key: &str) -> Option<StoredDraft> {
    let text = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Writes the draft (best effort: a full or disabled storage only loses
/// the autosave, never the form).
pub fn save(key: &str, draft: &StoredDraft) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(key, &text);
    }
}

pub fn clear(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::Origin;

    #[test]
    fn keys_are_per_account_and_pool() {
        assert_eq!(key("acc", None), "pooldeck.draft.acc.new");
        assert_eq!(key("acc", Some("p1")), "pooldeck.draft.acc.p1");
    }

    #[test]
    fn a_draft_round_trips_with_unknown_members() {
        let mut pool = Pool {
            name: "half-done".into(),
            origins: vec![Origin::new("a", "192.0.2.1")],
            ..Pool::default()
        };
        pool.extra
            .insert("future_member".into(), serde_json::json!({"x": 1}));
        let d = StoredDraft {
            pool,
            loaded: Some(Pool {
                modified_on: Some("2026-01-01T00:00:00Z".into()),
                ..Pool::default()
            }),
            saved_at: 1.0,
        };
        let back: StoredDraft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}
