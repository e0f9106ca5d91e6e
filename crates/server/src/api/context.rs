//! Who is calling, for which account or zone: route identifiers are checked
//! first (a malformed one is 7003/7000, as Cloudflare's router answers),
//! then the caller's token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, OriginalUri, Path};
use axum::http::request::Parts;

use super::error::ApiError;
use crate::auth::Grant;
use crate::ids::is_hex_id;
use crate::AppState;

fn route_id(
    parts: &Parts,
    name: &str,
    params: &HashMap<String, String>,
) -> Result<String, ApiError> {
    let full_path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.path().to_owned(), |u| u.path().to_owned());
    match params.get(name) {
        Some(id) if is_hex_id(id) => Ok(id.clone()),
        _ => Err(ApiError::bad_route(&full_path)),
    }
}

async fn params<S: Send + Sync>(parts: &mut Parts, state: &S) -> HashMap<String, String> {
    Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map(|Path(p)| p)
        .unwrap_or_default()
}

/// A request under `/accounts/{account_id}`: a well-formed account ID and
/// a caller whose token covers it.
pub struct AccountCtx {
    pub account_id: String,
    pub grant: Grant,
}

impl FromRequestParts<Arc<AppState>> for AccountCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let params = params(parts, state).await;
        let account_id = route_id(parts, "account_id", &params)?;
        let Caller { grant } = Caller::from_request_parts(parts, state).await?;
        if !grant.covers(&account_id) {
            return Err(ApiError::forbidden());
        }
        Ok(AccountCtx { account_id, grant })
    }
}

/// Who is calling: the grant of their token or session. Alone for a
/// request outside any account or zone (`GET /zones`); the account and
/// zone extractors below start from it.
pub struct Caller {
    pub grant: Grant,
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let grant = state
            .auth
            .check(&state.sessions, &parts.headers, &parts.method)?;
        Ok(Caller { grant })
    }
}

/// A request under `/zones/{zone_id}`: a well-formed zone ID and a caller.
/// Which account the zone belongs to is resolved by the handler.
pub struct ZoneCtx {
    pub zone_id: String,
    pub grant: Grant,
}

impl FromRequestParts<Arc<AppState>> for ZoneCtx {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let params = params(parts, state).await;
        let zone_id = route_id(parts, "zone_id", &params)?;
        let Caller { grant } = Caller::from_request_parts(parts, state).await?;
        Ok(ZoneCtx { zone_id, grant })
    }
}

macro_rules! object_ids {
    ($( $(#[$m:meta])* $name:ident = $param:literal ),+ $(,)?) => {$(
        $(#[$m])*
        ///
        /// Any string is accepted; an ID that matches nothing is a 404.
        /// A route without the parameter is a bug in the router, answered
        /// with a 500, never with an empty ID.
        pub struct $name(pub String);

        impl<S: Send + Sync> FromRequestParts<S> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
                params(parts, state).await.remove($param).map($name).ok_or_else(|| {
                    ApiError::internal(concat!("a route without {", $param, "} reached its handler"))
                })
            }
        }
    )+};
}

object_ids! {
    /// `{pool_id}` of a route.
    PoolId = "pool_id",
    /// `{monitor_id}` of a route.
    MonitorId = "monitor_id",
    /// `{monitor_group_id}` of a route.
    MonitorGroupId = "monitor_group_id",
    /// `{policy_id}` of a route.
    PolicyId = "policy_id",
    /// `{preview_id}` of a route.
    PreviewId = "preview_id",
    /// `{load_balancer_id}` of a route.
    LoadBalancerId = "load_balancer_id",
}

/// The account a read of pooldeck-server's own routes (`/_pooldeck/history`,
/// `/_pooldeck/jobs`) names in its query: a well-formed ID the caller's
/// grant covers, lowercased. The same checks as [`AccountCtx`], for routes
/// that take the account from the query instead of the path.
pub fn account_to_read(
    app: &AppState,
    headers: &axum::http::HeaderMap,
    account_id: Option<String>,
) -> Result<String, ApiError> {
    let grant = app
        .auth
        .check(&app.sessions, headers, &axum::http::Method::GET)?;
    let account = account_id
        .filter(|a| is_hex_id(a))
        .map(|a| a.to_ascii_lowercase())
        .ok_or_else(|| ApiError::invalid("account_id", "account_id must be an account ID"))?;
    if !grant.covers(&account) {
        return Err(ApiError::forbidden());
    }
    Ok(account)
}
