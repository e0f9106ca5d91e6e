//! What saving sends, and what to do when someone else saved first.
//!
//! An edit is a PATCH of only the changed top-level keys when that can
//! express it, and a PUT only when it must (the model crate's diff
//! decides). Before an edit is saved the pool is fetched again: when its
//! `modified_on` moved, somebody else changed it, and the user chooses
//! between rebasing their changes onto the new copy and overwriting it.

use pooldeck_model::{diff, Pool, WritePlan};
use serde_json::Value;

/// The request a save makes.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveRequest {
    /// POST a new pool.
    Create,
    /// Edit: the smallest request that turns the server's copy into the
    /// draft.
    Update(WritePlan),
}

/// Plans a save: a create when there is no server copy, else the diff.
pub fn plan_save(server: Option<&Pool>, draft: &Pool) -> SaveRequest {
    match server {
        None => SaveRequest::Create,
        Some(server) => SaveRequest::Update(diff(server, draft).plan(draft)),
    }
}

/// True when the pool changed on the server since it was loaded.
pub fn is_conflict(loaded: &Pool, now: &Pool) -> bool {
    loaded.modified_on != now.modified_on
}

/// The top-level keys the user changed (loaded → mine).
pub fn my_changes(loaded: &Pool, mine: &Pool) -> Vec<String> {
    diff(loaded, mine)
        .changes
        .into_iter()
        .map(|c| c.key)
        .collect()
}

/// Keys changed on both sides to different values: rebasing keeps the
/// user's value for these, so the conflict view names them.
pub fn overlapping(loaded: &Pool, server: &Pool, mine: &Pool) -> Vec<String> {
    let theirs = my_changes(loaded, server);
    let mine_diff = diff(server, mine);
    my_changes(loaded, mine)
        .into_iter()
        .filter(|k| theirs.contains(k) && mine_diff.changes.iter().any(|c| &c.key == k))
        .collect()
}

/// The user's changes (loaded → mine, key by key) applied to the server's
/// current copy. The result carries the server's ID and `modified_on`, so
/// the next save compares against what is there now.
pub fn rebase(loaded: &Pool, server: &Pool, mine: &Pool) -> Pool {
    let mut body = server.write_body();
    let mine_body = mine.write_body();
    for key in my_changes(loaded, mine) {
        match mine_body.get(&key) {
            Some(v) => {
                body.insert(key, v.clone());
            }
            None => {
                body.remove(&key);
            }
        }
    }
    let mut out: Pool =
        serde_json::from_value(Value::Object(body)).unwrap_or_else(|_| server.clone());
    out.id = server.id.clone();
    out.created_on = server.created_on.clone();
    out.modified_on = server.modified_on.clone();
    out.disabled_at = server.disabled_at.clone();
    out.healthy = server.healthy;
    out.networks = server.networks.clone();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::Origin;

    fn pool() -> Pool {
        Pool {
            id: Some("p1".into()),
            modified_on: Some("2026-01-01T00:00:00Z".into()),
            name: "web".into(),
            description: "web servers".into(),
            origins: vec![Origin::new("a", "192.0.2.1"), Origin::new("b", "192.0.2.2")],
            ..Pool::default()
        }
    }

    #[test]
    fn a_weight_edit_is_a_patch_of_origins_only() {
        let server = pool();
        let mut draft = server.clone();
        draft.origins[1].weight = 0.5;
        match plan_save(Some(&server), &draft) {
            SaveRequest::Update(WritePlan::Patch(body)) => {
                assert_eq!(body.keys().collect::<Vec<_>>(), ["origins"]);
            }
            other => panic!("expected a PATCH, got {other:?}"),
        }
        assert_eq!(plan_save(None, &draft), SaveRequest::Create);
        assert_eq!(
            plan_save(Some(&server), &server),
            SaveRequest::Update(WritePlan::Nothing)
        );
    }

    #[test]
    fn removing_coordinates_needs_a_put() {
        let mut server = pool();
        server.latitude = Some(50.0);
        server.longitude = Some(8.0);
        let mut draft = server.clone();
        draft.latitude = None;
        draft.longitude = None;
        assert!(matches!(
            plan_save(Some(&server), &draft),
            SaveRequest::Update(WritePlan::Put(_))
        ));
    }

    #[test]
    fn rebase_keeps_their_changes_and_mine() {
        let loaded = pool();
        let mut server = loaded.clone();
        server.description = "changed by someone else".into();
        server.modified_on = Some("2026-01-02T00:00:00Z".into());
        let mut mine = loaded.clone();
        mine.origins[0].weight = 0.3;
        assert!(is_conflict(&loaded, &server));
        assert!(overlapping(&loaded, &server, &mine).is_empty());
        let rebased = rebase(&loaded, &server, &mine);
        assert_eq!(rebased.description, "changed by someone else");
        assert_eq!(rebased.origins[0].weight, 0.3);
        assert_eq!(rebased.modified_on, server.modified_on);
        // Saving the rebased draft patches only my key.
        match plan_save(Some(&server), &rebased) {
            SaveRequest::Update(WritePlan::Patch(body)) => {
                assert_eq!(body.keys().collect::<Vec<_>>(), ["origins"])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn both_sides_changing_a_key_is_named() {
        let loaded = pool();
        let mut server = loaded.clone();
        server.description = "theirs".into();
        let mut mine = loaded.clone();
        mine.description = "mine".into();
        assert_eq!(overlapping(&loaded, &server, &mine), ["description"]);
        assert_eq!(rebase(&loaded, &server, &mine).description, "mine");
    }
}
