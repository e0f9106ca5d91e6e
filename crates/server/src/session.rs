//! Browser sessions, so the console never holds an API token.
//!
//! Like Jupyter, the server prints a one-time sign-in link at start
//! (`/?login=CODE`). Opening it trades the code for a session cookie
//! (HttpOnly, SameSite=Strict) and redirects to the same page without the
//! code. The sign-in page (`/_pooldeck/sign-in`) takes an API token instead,
//! for when the link was used or lost. The API accepts the cookie only on
//! same-origin requests that carry the `X-Pooldeck-CSRF` header, which a
//! cross-site page cannot send without a CORS preflight this server never
//! approves. A read (GET, HEAD) is also trusted without the header when
//! the browser's Fetch Metadata says a script of this origin fetched it
//! (`Sec-Fetch-Site: same-origin`, `Sec-Fetch-Mode: cors`,
//! `Sec-Fetch-Dest: empty`; no page can set these): that is how the
//! `<link rel="preload">`s of the console's first calls are sent, since a
//! preload cannot carry a header. Sessions expire, and signing out ends
//! them on the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderMap};
use sha2::{Digest, Sha256};

use crate::auth::Grant;
use crate::ids::new_secret;
use crate::lock::Recover;
use crate::store::{Store, StoredSession};

/// The session cookie's name.
pub const COOKIE: &str = "pooldeck_session";
/// The header the console sends with every API request.
pub const CSRF_HEADER: &str = "x-pooldeck-csrf";
/// How long a session lasts.
pub const TTL: Duration = Duration::from_secs(12 * 3600);
/// Who history names for the session the one-time link starts.
pub const SIGN_IN_LINK: &str = "sign-in link";

#[derive(Clone)]
struct Session {
    grant: Grant,
    /// Who history and jobs name for this session's writes.
    who: String,
    /// Unix seconds.
    expires: i64,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The key a session is kept under, here and in the database: a hash of
/// its secret, so the stored copy cannot be replayed.
fn key(id: &str) -> String {
    Sha256::digest(id.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sessions and the one-time sign-in code. With a store, sessions are
/// written through to SQLite and loaded again at start, so a restart does
/// not sign anyone out.
pub struct Sessions {
    sessions: Mutex<HashMap<String, Session>>,
    login_code: Mutex<Option<(String, Grant)>>,
    store: Option<Arc<Store>>,
}

impl Sessions {
    /// Sessions in memory only, with a fresh one-time code that signs in
    /// with `grant`.
    pub fn new(grant: Grant) -> Self {
        Sessions {
            sessions: Mutex::new(HashMap::new()),
            login_code: Mutex::new(Some((new_secret(), grant))),
            store: None,
        }
    }

    /// Sessions kept in `store`: the live ones stored there are loaded.
    /// A row that no longer parses is skipped (and expires there).
    pub fn persistent(grant: Grant, store: Arc<Store>) -> Result<Self, crate::store::StoreError> {
        let loaded = store
            .live_sessions(unix_now())?
            .into_iter()
            .filter_map(|s| {
                let grant = serde_json::from_str(&s.grant_json).ok()?;
                Some((
                    s.id_hash,
                    Session {
                        grant,
                        who: s.who,
                        expires: s.expires,
                    },
                ))
            })
            .collect();
        Ok(Sessions {
            sessions: Mutex::new(loaded),
            login_code: Mutex::new(Some((new_secret(), grant))),
            store: Some(store),
        })
    }

    /// The one-time code, while unused (to print at start).
    pub fn login_code(&self) -> Option<String> {
        self.login_code
            .lock()
            .recover()
            .as_ref()
            .map(|(c, _)| c.clone())
    }

    /// Trades the one-time code for a new session ID; `None` if the code is
    /// wrong or used.
    pub fn redeem(&self, code: &str) -> Option<String> {
        let mut slot = self.login_code.lock().recover();
        match slot.as_ref() {
            Some((c, _)) if constant_time_eq(c.as_bytes(), code.as_bytes()) => {
                let (_, grant) = slot.take()?;
                Some(self.start(grant, SIGN_IN_LINK))
            }
            _ => None,
        }
    }

    /// Starts a session with `grant` for `who` and returns its ID.
    pub fn start(&self, grant: Grant, who: &str) -> String {
        let id = new_secret();
        let session = Session {
            grant,
            who: who.to_owned(),
            expires: unix_now() + i64::try_from(TTL.as_secs()).unwrap_or(i64::MAX),
        };
        self.keep(key(&id), session);
        id
    }

    fn keep(&self, key: String, session: Session) {
        if let Some(store) = &self.store {
            // A session that could not be stored still works until a
            // restart; failing the sign-in over it would help nobody.
            let _ = store.save_session(&StoredSession {
                id_hash: key.clone(),
                who: session.who.clone(),
                grant_json: serde_json::to_string(&session.grant).unwrap_or_default(),
                expires: session.expires,
            });
        }
        let mut sessions = self.sessions.lock().recover();
        let now = unix_now();
        sessions.retain(|_, s| s.expires > now);
        sessions.insert(key, session);
    }

    /// Ends a session.
    pub fn end(&self, id: &str) {
        let key = key(id);
        if let Some(store) = &self.store {
            let _ = store.delete_session(&key);
        }
        self.sessions.lock().recover().remove(&key);
    }

    fn live(&self, id: &str) -> Option<Session> {
        let sessions = self.sessions.lock().recover();
        sessions
            .get(&key(id))
            .filter(|s| s.expires > unix_now())
            .cloned()
    }

    /// The grant of a live session.
    pub fn grant(&self, id: &str) -> Option<Grant> {
        self.live(id).map(|s| s.grant)
    }

    /// Who a live session belongs to.
    pub fn who(&self, id: &str) -> Option<String> {
        self.live(id).map(|s| s.who)
    }

    #[cfg(test)]
    fn expire_all(&self) {
        for s in self.sessions.lock().unwrap().values_mut() {
            s.expires = unix_now();
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session ID in the request's cookies.
pub fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

/// True when what the browser says about where a request comes from is
/// this site. `Sec-Fetch-Site` decides when present. An `Origin` must match
/// `Host`, except `null`: browsers send that for a form POST from a page
/// served with `Referrer-Policy: no-referrer` (as ours are), so it is
/// accepted only when `Sec-Fetch-Site` vouches for the request.
pub fn from_this_site(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return false;
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    match (origin, headers.get(header::HOST)) {
        (Some("null"), _) => site.is_some(),
        (Some(origin), Some(host)) => {
            let Ok(host) = host.to_str() else {
                return false;
            };
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host)
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// True when a cookie-authenticated request may be trusted: it carries the
/// CSRF header and comes from this site.
pub fn same_origin(headers: &HeaderMap) -> bool {
    headers.contains_key(CSRF_HEADER) && from_this_site(headers)
}

/// True when the browser says a script of this origin fetched the request
/// (`fetch()`, or a `<link rel="preload" as="fetch" crossorigin>`): Fetch
/// Metadata, which pages cannot set or forge. Enough for a cookie-
/// authenticated read, which a preload must be, as it cannot carry the
/// CSRF header; never for a write.
pub fn fetched_by_this_origin(headers: &HeaderMap) -> bool {
    let is = |name: &str, value: &str| {
        headers
            .get(name)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(value.as_bytes()))
    };
    is("sec-fetch-site", "same-origin")
        && is("sec-fetch-mode", "cors")
        && is("sec-fetch-dest", "empty")
        && from_this_site(headers)
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(id: &str) -> String {
    format!(
        "{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        TTL.as_secs()
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_code_works_once_and_sessions_expire() {
        let s = Sessions::new(Grant {
            write: true,
            accounts: None,
        });
        let code = s.login_code().unwrap();
        assert!(s.redeem("wrong").is_none());
        let id = s.redeem(&code).unwrap();
        assert!(s.redeem(&code).is_none(), "one time only");
        assert!(s.login_code().is_none());
        assert!(s.grant(&id).is_some());
        assert_eq!(s.who(&id).as_deref(), Some(SIGN_IN_LINK));
        s.expire_all();
        assert!(s.grant(&id).is_none());
        let id = s.start(
            Grant {
                write: false,
                accounts: None,
            },
            "someone",
        );
        assert_eq!(s.who(&id).as_deref(), Some("someone"));
        s.end(&id);
        assert!(s.grant(&id).is_none());
    }

    #[test]
    fn cookies_and_origin_checks() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pooldeck_session=abc; b=2"),
        );
        assert_eq!(session_id(&h), Some("abc"));
        assert!(!same_origin(&h), "no CSRF header");
        h.insert(CSRF_HEADER, HeaderValue::from_static("1"));
        assert!(same_origin(&h));
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8787"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8787"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h));
        // A same-site form POST under no-referrer: Origin is "null".
        let mut form = HeaderMap::new();
        form.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!from_this_site(&form), "null alone proves nothing");
        form.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(from_this_site(&form));
    }

    #[test]
    fn fetch_metadata_of_a_same_origin_script() {
        let mut h = HeaderMap::new();
        assert!(!fetched_by_this_origin(&h), "no metadata, no trust");
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        h.insert("sec-fetch-mode", HeaderValue::from_static("cors"));
        h.insert("sec-fetch-dest", HeaderValue::from_static("empty"));
        assert!(fetched_by_this_origin(&h));
        for (name, other) in [
            ("sec-fetch-site", "same-site"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "none"),
            ("sec-fetch-mode", "navigate"),
            ("sec-fetch-mode", "no-cors"),
            ("sec-fetch-dest", "image"),
        ] {
            let mut changed = h.clone();
            changed.insert(name, HeaderValue::from_static(other));
            assert!(!fetched_by_this_origin(&changed), "{name}: {other}");
        }
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8787"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!fetched_by_this_origin(&h), "an Origin must still match");
    }
}
