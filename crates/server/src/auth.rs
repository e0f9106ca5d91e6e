//! API tokens: `Authorization: Bearer <token>`.
//!
//! A token grants read or read-write access to every account or to a set of
//! accounts. Read tokens cannot mutate. A missing or malformed header is
//! 400/6003 (chain 6111); an unknown token, or one that lacks the access a
//! request needs, is 403/10000. Tokens are compared as hashes of their
//! bytes through a map, never logged, and never echoed in errors.

use std::collections::{HashMap, HashSet};

use axum::http::{header, HeaderMap, Method};

use crate::api::error::ApiError;

/// What a token may do.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Grant {
    /// May create, change and delete.
    pub write: bool,
    /// The accounts it covers; `None` is every account.
    pub accounts: Option<HashSet<String>>,
}

impl Grant {
    pub fn covers(&self, account_id: &str) -> bool {
        self.accounts
            .as_ref()
            .is_none_or(|a| a.contains(account_id))
    }
}

/// A token's grant and the label history shows for its writes.
#[derive(Clone, Debug)]
struct Token {
    grant: Grant,
    label: String,
}

/// The configured tokens.
#[derive(Clone, Debug, Default)]
pub struct Auth {
    tokens: HashMap<String, Token>,
}

impl Auth {
    /// Adds a token labelled by its place ("token #2"): a label must never
    /// reveal any of the secret.
    pub fn add(&mut self, token: String, grant: Grant) {
        let label = format!("token #{}", self.tokens.len() + 1);
        self.add_labelled(token, grant, label);
    }

    /// Adds a token whose writes history attributes to `label`.
    pub fn add_labelled(&mut self, token: String, grant: Grant, label: String) {
        self.tokens.insert(token, Token { grant, label });
    }

    pub fn remove(&mut self, token: &str) {
        self.tokens.remove(token);
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The grant of a token, if it is one of ours.
    pub fn grant_for(&self, token: &str) -> Option<Grant> {
        self.tokens.get(token).map(|t| t.grant.clone())
    }

    /// A token's label, if it is one of ours.
    pub fn label_for(&self, token: &str) -> Option<String> {
        self.tokens.get(token).map(|t| t.label.clone())
    }

    /// Who is calling, as history names them: the bearer token's label, or
    /// the user of the browser session. `None` when neither is valid (the
    /// request will be refused anyway).
    pub fn who(&self, sessions: &crate::session::Sessions, headers: &HeaderMap) -> Option<String> {
        if headers.contains_key(header::AUTHORIZATION) {
            return self.label_for(bearer(headers)?);
        }
        sessions.who(crate::session::session_id(headers)?)
    }

    /// The grant the one-time sign-in link gives: that of the first
    /// read-write token (the generated one when none was configured).
    pub fn operator_grant(&self) -> Grant {
        let mut write: Vec<&Grant> = self
            .tokens
            .values()
            .map(|t| &t.grant)
            .filter(|g| g.write)
            .collect();
        write.sort_by_key(|g| g.accounts.is_some());
        write.first().map(|g| (*g).clone()).unwrap_or(Grant {
            write: false,
            accounts: None,
        })
    }

    /// The caller's grant, checked against what `method` needs: from the
    /// `Authorization` header, or else from a browser session (cookie plus
    /// CSRF header, same origin; for a read, Fetch Metadata of a fetch by
    /// this origin also does: see `session.rs`).
    pub fn check(
        &self,
        sessions: &crate::session::Sessions,
        headers: &HeaderMap,
        method: &Method,
    ) -> Result<Grant, ApiError> {
        let grant = if headers.contains_key(header::AUTHORIZATION) {
            let token = bearer(headers).ok_or_else(ApiError::bad_auth_header)?;
            self.grant_for(token).ok_or_else(ApiError::forbidden)?
        } else if let Some(id) = crate::session::session_id(headers) {
            let trusted = crate::session::same_origin(headers)
                || (!is_mutation(method) && crate::session::fetched_by_this_origin(headers));
            if !trusted {
                return Err(ApiError::forbidden());
            }
            sessions.grant(id).ok_or_else(ApiError::forbidden)?
        } else {
            return Err(ApiError::bad_auth_header());
        };
        if is_mutation(method) && !grant.write {
            return Err(ApiError::forbidden());
        }
        Ok(grant)
    }
}

/// True for methods that change state.
pub fn is_mutation(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token of a well-formed `Authorization: Bearer <token>` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?;
    let well_formed = !token.is_empty()
        && token.len() <= 256
        && token.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=')
        });
    well_formed.then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
        h
    }

    struct Checker<'a>(&'a Auth, &'a crate::session::Sessions);

    impl Checker<'_> {
        fn check(&self, h: &HeaderMap, m: &Method) -> Result<Grant, ApiError> {
            self.0.check(self.1, h, m)
        }
    }

    #[test]
    fn bearer_tokens_and_grants() {
        let mut auth = Auth::default();
        auth.add(
            "w".repeat(40),
            Grant {
                write: true,
                accounts: None,
            },
        );
        auth.add(
            "r".repeat(40),
            Grant {
                write: false,
                accounts: None,
            },
        );
        let sessions = crate::session::Sessions::new(Grant {
            write: true,
            accounts: None,
        });
        let auth = Checker(&auth, &sessions);
        let code = |r: Result<Grant, ApiError>| r.err().map(|e| e.errors[0].code.unwrap());
        assert_eq!(
            code(auth.check(&HeaderMap::new(), &Method::GET)),
            Some(6003)
        );
        assert_eq!(
            code(auth.check(&headers("Token abc"), &Method::GET)),
            Some(6003)
        );
        assert_eq!(
            code(auth.check(&headers("Bearer a b"), &Method::GET)),
            Some(6003)
        );
        assert_eq!(
            code(auth.check(&headers("Bearer nope"), &Method::GET)),
            Some(10000)
        );
        assert!(auth
            .check(
                &headers(&format!("Bearer {}", "r".repeat(40))),
                &Method::GET
            )
            .is_ok());
        assert_eq!(
            code(auth.check(
                &headers(&format!("Bearer {}", "r".repeat(40))),
                &Method::POST
            )),
            Some(10000)
        );
        assert!(auth
            .check(
                &headers(&format!("Bearer {}", "w".repeat(40))),
                &Method::DELETE
            )
            .is_ok());
    }
}
