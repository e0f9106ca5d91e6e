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
use crate::clock::now_rfc3339;
use crate::ids::{new_hex_id, new_uuid};
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

    /// The ID and the two timestamps, whatever this kind calls them.
    fn stamps(&mut self) -> Stamps<'_>;
    /// The ID and creation time an update keeps.
    fn identity(&self) -> (Option<&String>, Option<&String>);

    /// A new ID: 32 hex characters (policies use UUIDs).
    fn new_id() -> String {
        new_hex_id()
    }

    /// Sets what only the server sets on every write: the ID and creation
    /// time (kept from `old`, or new), and the modification time `now`.
    fn stamp(&mut self, old: Option<&Self>, now: &str) {
        let (id, created) = old.map(Self::identity).unwrap_or_default();
        let id = id.cloned().unwrap_or_else(Self::new_id);
        let created = created.cloned().unwrap_or_else(|| now.to_owned());
        let s = self.stamps();
        *s.id = Some(id);
        *s.created = Some(created);
        *s.modified = Some(now.to_owned());
    }
}

/// What [`Resource::stamp`] writes.
pub(super) struct Stamps<'a> {
    pub id: &'a mut Option<String>,
    pub created: &'a mut Option<String>,
    pub modified: &'a mut Option<String>,
}

/// `stamps` and `identity` for a kind whose members are named `$id`,
/// `$created` and `$modified`.
macro_rules! stamped {
    ($id:ident, $created:ident, $modified:ident) => {
        fn stamps(&mut self) -> Stamps<'_> {
            Stamps {
                id: &mut self.$id,
                created: &mut self.$created,
                modified: &mut self.$modified,
            }
        }
        fn identity(&self) -> (Option<&String>, Option<&String>) {
            (self.$id.as_ref(), self.$created.as_ref())
        }
    };
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
    stamped!(id, created_on, modified_on);
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
    stamped!(id, created_on, modified_on);
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
    stamped!(id, created_on, modified_on);
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
    stamped!(id, created, modified);
    fn new_id() -> String {
        new_uuid()
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

/// What `prepare` gets: the time of the write, the body (read-only members stripped, nested ones
/// too; for PATCH
/// already merged into the stored version) and the stored version.
pub(super) struct Draft<'a, R> {
    pub app: &'a AppState,
    /// The write's time (RFC 3339): what `modified_on` will say.
    pub now: &'a str,
    pub state: &'a Data,
    pub account_id: &'a str,
    pub body: Map<String, Value>,
    pub old: Option<&'a R>,
}

/// Runs one write in a transaction: `prepare` validates and completes the
/// object (and may return something more, such as warnings); then the ID
/// and timestamps are stamped ([`Resource::stamp`]).
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
            let now = now_rfc3339();
            let (mut object, extra) = prepare(Draft {
                app: &app,
                now: &now,
                state: s,
                account_id: &account_id,
                body,
                old: old.as_ref(),
            })?;
            object.stamp(old.as_ref(), &now);
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
