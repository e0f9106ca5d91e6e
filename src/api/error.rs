//! What can go wrong talking to the API, kept whole: every `{code,
//! message}` of the envelope, and the field each one is about when the
//! server said (`source.pointer`) or the message tells.

use pooldeck_model::codes::CODE_BAD_HEADERS;
use pooldeck_model::validate::pointer_to_path;
use pooldeck_model::ApiMessage;

/// A failed API call.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// HTTP status (0 when no answer arrived).
    pub status: u16,
    /// The envelope's errors, or one describing the failure.
    pub errors: Vec<ApiMessage>,
    /// `Retry-After`, in seconds, when the server sent one.
    pub retry_after: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The browser is offline.
    Offline,
    /// No answer (connection refused, DNS, CORS).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// An answer that is not a Cloudflare envelope.
    Malformed,
    /// An envelope with `success: false`.
    Api,
}

/// Whether an answer with HTTP `status` is worth asking again for
/// (whatever its body says): 429 and 5xx.
pub fn transient_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

impl ApiError {
    pub fn new(kind: ErrorKind, status: u16, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            status,
            errors: vec![ApiMessage {
                code: None,
                message: message.into(),
                documentation_url: None,
                source: None,
                error_chain: None,
            }],
            retry_after: None,
        }
    }

    /// The first message, for a one-line summary.
    pub fn summary(&self) -> String {
        let first = self
            .errors
            .first()
            .map(|e| e.message.as_str())
            .unwrap_or("Unknown error");
        match self.kind {
            ErrorKind::Offline => {
                "You are offline. Pooldeck will retry when the connection is back.".into()
            }
            ErrorKind::Timeout => "The API did not answer in time.".into(),
            ErrorKind::Network => "The API could not be reached.".into(),
            ErrorKind::Malformed => format!(
                "The API sent an answer Pooldeck cannot read (HTTP {}).",
                self.status
            ),
            ErrorKind::Api => first.to_owned(),
        }
    }

    /// True when signing in (again) is the fix: a missing or malformed
    /// Authorization (400/6003), an unknown session (401), or a token
    /// without permission (403/10000).
    pub fn needs_sign_in(&self) -> bool {
        self.status == 401
            || self.status == 403
            || (self.status == 400 && self.codes().any(|c| c == CODE_BAD_HEADERS))
    }

    /// True for failures a retry may cure (idempotent requests only).
    pub fn is_transient(&self) -> bool {
        matches!(self.kind, ErrorKind::Network | ErrorKind::Timeout)
            || transient_status(self.status)
    }

    pub fn codes(&self) -> impl Iterator<Item = i64> + '_ {
        self.errors.iter().filter_map(|e| e.code)
    }

    /// `(field path, message)` for each error that names a field: by its
    /// JSON pointer, else by a recognisable message (for the real API,
    /// which does not send pointers). Errors about nothing in particular
    /// get the path `""`.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|e| {
                let path = e
                    .source
                    .as_ref()
                    .and_then(|s| s.pointer.as_deref())
                    .map(pointer_to_path)
                    .unwrap_or_else(|| path_from_message(&e.message));
                (path, e.message.clone())
            })
            .collect()
    }
}

/// Guesses the field of a real-API message that carries no pointer.
pub fn path_from_message(message: &str) -> String {
    let m = message.to_ascii_lowercase();
    let known: &[(&str, &str)] = &[
        ("origin list length", "origins"),
        ("probing from every data center", "check_regions"),
        ("probing from every data centre", "check_regions"),
        ("host header", "origins"),
        ("minimum_origins", "minimum_origins"),
        ("check_regions", "check_regions"),
        ("latitude", "latitude"),
        ("longitude", "longitude"),
        ("monitor", "monitor"),
        ("load_shedding", "load_shedding"),
        ("value not unique", "name"),
        ("name", "name"),
    ];
    known
        .iter()
        .find(|(needle, _)| m.contains(needle))
        .map(|(_, path)| (*path).to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::ErrorSource;

    fn api(status: u16, code: i64, message: &str, pointer: Option<&str>) -> ApiError {
        ApiError {
            kind: ErrorKind::Api,
            status,
            errors: vec![ApiMessage {
                code: Some(code),
                message: message.into(),
                documentation_url: None,
                source: pointer.map(|p| ErrorSource {
                    pointer: Some(p.into()),
                }),
                error_chain: None,
            }],
            retry_after: None,
        }
    }

    #[test]
    fn sign_in_and_transient() {
        assert!(api(400, 6003, "Invalid request headers", None).needs_sign_in());
        assert!(api(403, 10000, "Authentication error", None).needs_sign_in());
        assert!(!api(400, 1002, "x: validation failed", None).needs_sign_in());
        assert!(api(502, 1000, "bad gateway", None).is_transient());
        assert!(api(429, 1000, "slow down", None).is_transient());
        assert!(!api(404, 1001, "pool not found", None).is_transient());
        assert!(ApiError::new(ErrorKind::Timeout, 0, "t").is_transient());
    }

    #[test]
    fn errors_map_to_fields() {
        let e = api(
            400,
            1002,
            "weight 1.5 must be between 0 and 1 in steps of 0.01: validation failed",
            Some("/origins/2/weight"),
        );
        assert_eq!(e.field_errors()[0].0, "origins[2].weight");
        let real = api(
            400,
            1002,
            "the origin list length must be in range [1, 0]: validation failed",
            None,
        );
        assert_eq!(real.field_errors()[0].0, "origins");
        let regions = api(400, 1002, "probing from every data center is not allowed for this subscription, please choose regions: validation failed", None);
        assert_eq!(regions.field_errors()[0].0, "check_regions");
        assert_eq!(path_from_message("something else entirely"), "");
    }
}
