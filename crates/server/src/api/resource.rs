//! What the routes of an account's objects (pools, monitors, monitor
//! groups, policies) share: finding one, writing one (create, PUT, or a
//! PATCH merged into the stored version), and deleting one unless
//! something still uses it. Each kind says only what differs: its
//! validation and defaults (the `prepare` step) and what uses it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::response::Response;
use pooldeck_model::{Monitor, MonitorGroup, Policy, Pool, WireObject};
use serde_json::{Map, Value};

use super::blocking;
use super::error::{ok, ApiError, ApiResult};
use super::write::merge_patch;
use crate::store::{Account, Change, Kind, Object, State as Data};
use crate::AppState;

/// An object kept per account.
/// Which members are read-only (stripped from request bodies) comes from
/// the model's [`WireObject`], the same list the console writes by.
pub(super) trait Resource: Clone + WireObject + Send + Sync + 'static {
    /// Its name in messages ("monitor group not found").
    const WHAT: &'static str;
    const KIND: Kind;
    fn of(account: &Account) -> &BTreeMap<String, Self>;
    fn into_object(self) -> Object;
}

impl Resource for Pool {
    const WHAT: &'static str = "pool";
    const KIND: Kind = Kind::Pool;
    fn of(account: &Account) -> &BTreeMap<String, Self> {
        &account.pools
    }
    fn into_object(self) -> Object {
        Object::Pool(self)
    }
}

impl Resource for Monitor {
    const WHAT: &'static str = "monitor";
    const KIND: Kind = Kind::Monitor;
    fn of(account: &Account) -> &BTreeMap<String, Self> {
        &account.monitors
    }
    fn into_object(self) -> Object {
        Object::Monitor(self)
    }
}

impl Resource for MonitorGroup {
    const WHAT: &'static str = "monitor group";
    const KIND: Kind = Kind::MonitorGroup;
    fn of(account: &Account) -> &BTreeMap<String, Self> {
        &account.monitor_groups
    }
    fn into_object(self) -> Object {
        Object::MonitorGroup(self)
    }
}

impl Resource for Policy {
    const WHAT: &'static str = "policy";
    const KIND: Kind = Kind::Policy;
    fn of(account: &Account) -> &BTreeMap<String, Self> {
        &account.policies
    }
    fn into_object(self) -> Object {
        Object::Policy(self)
    }
}

/// The stored object, or a 404.
pub(super) fn find<R: Resource>(s: &Data, account_id: &str, id: &str) -> ApiResult<R> {
    s.account(account_id)
        .and_then(|a| R::of(a).get(id))
        .cloned()
        .ok_or_else(|| ApiError::not_found(R::WHAT))
}

/// Every object of the account, in the order `by` gives.
pub(super) fn all<R: Resource, K: Ord>(
    app: &AppState,
    account_id: &str,
    by: impl Fn(&R) -> K,
) -> Vec<R> {
    let mut items: Vec<R> = app.store.read(|s| {
        s.account(account_id)
            .map(|a| R::of(a).values().cloned().collect())
            .unwrap_or_default()
    });
    items.sort_by_key(|r| by(r));
    items
}

/// Which write.
pub(super) enum Write {
    Create,
    /// PUT: a full replacement of the object with this ID.
    Replace(String),
    /// PATCH: only the supplied top-level keys change.
    Patch(String),
}

/// What `prepare` gets: the body (read-only members stripped, nested ones
/// too; for PATCH
/// already merged into the stored version) and the stored version.
pub(super) struct Draft<'a, R> {
    pub app: &'a AppState,
    pub state: &'a Data,
    pub account_id: &'a str,
    pub body: Map<String, Value>,
    pub old: Option<&'a R>,
}

/// Runs one write in a transaction: `prepare` validates and completes the
/// object (and may return something more, such as warnings).
pub(super) async fn write<R: Resource, X: Send + 'static>(
    app: Arc<AppState>,
    account_id: String,
    how: Write,
    body: Map<String, Value>,
    prepare: impl FnOnce(Draft<'_, R>) -> ApiResult<(R, X)> + Send + 'static,
) -> ApiResult<(R, X)> {
    blocking(move || {
        app.store.write(|s| {
            let old = match &how {
                Write::Create => None,
                Write::Replace(id) | Write::Patch(id) => Some(find::<R>(s, &account_id, id)?),
            };
            let body = R::strip_read_only(body);
            let body = match (&how, &old) {
                (Write::Patch(_), Some(old)) => merge_patch(old, body),
                _ => body,
            };
            let (object, extra) = prepare(Draft {
                app: &app,
                state: s,
                account_id: &account_id,
                body,
                old: old.as_ref(),
            })?;
            let change = Change::Put {
                scope: account_id.clone(),
                object: object.clone().into_object(),
            };
            Ok((vec![change], (object, extra)))
        })
    })
    .await
}

/// Deletes one object, unless `users` names what still uses it (412/1005).
/// Answers `{id}`.
pub(super) async fn delete<R: Resource>(
    app: Arc<AppState>,
    account_id: String,
    id: String,
    users: impl FnOnce(&Data, &str, &str) -> Vec<String> + Send + 'static,
) -> ApiResult<Response> {
    let gone = id.clone();
    blocking(move || {
        app.store.write(|s| {
            find::<R>(s, &account_id, &id)?;
            let users = users(s, &account_id, &id);
            if !users.is_empty() {
                return Err(ApiError::referenced(&users));
            }
            Ok((
                vec![Change::Delete {
                    kind: R::KIND,
                    scope: account_id.clone(),
                    id: id.clone(),
                }],
                (),
            ))
        })
    })
    .await?;
    Ok(ok(serde_json::json!({ "id": gone })))
}
