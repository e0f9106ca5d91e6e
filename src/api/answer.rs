//! Reading an answer: the envelope's `result` on a success, or an
//! [`ApiError`] from its errors (or from the text itself, when it is not
//! the API's JSON).
//!
//! Two readers, one outcome. The pages read their full types with serde
//! ([`unwrap_page`]); the first load reads the pools and monitors listings
//! with `json_lite` ([`unwrap_listing`]), which keeps serde_json out of the
//! first load (see `pooldeck_model::json_lite`). What to make of an answer
//! that is not a successful envelope is decided once, in [`settle`], and a
//! failure's errors are always read by `json_lite`.

use pooldeck_model::json_lite::{self, FromJson};
use pooldeck_model::{ApiMessage, Envelope, ResultInfo};
use serde::de::{DeserializeOwned, IgnoredAny};

use super::error::{ApiError, ErrorKind};

/// Reads an answer: the `result` of a success, or the errors of a failure.
pub fn unwrap_envelope<T: DeserializeOwned>(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
) -> Result<T, ApiError> {
    unwrap_page(status, retry_after, text).map(|(result, _)| result)
}

/// [`unwrap_envelope`], with the paging facts of a list.
pub fn unwrap_page<T: DeserializeOwned>(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
) -> Result<(T, Option<ResultInfo>), ApiError> {
    // Straight into `T`, in one pass: no `Value` tree first. (For 5,000
    // pools that tree was built and then converted, and the converter was
    // compiled once per result type.)
    let parsed = serde_json::from_str::<Envelope<T>>(text).map_err(|e| e.to_string());
    settle(status, retry_after, text, parsed, || {
        T::deserialize(serde::de::value::UnitDeserializer::<serde_json::Error>::new())
            .map_err(|e| e.to_string())
    })
}

/// [`unwrap_page`] for the types the first load reads with `json_lite`.
pub fn unwrap_listing<T: FromJson>(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
) -> Result<(T, Option<ResultInfo>), ApiError> {
    let parsed = json_lite::from_str::<Envelope<T>>(text).map_err(|e| e.to_string());
    settle(status, retry_after, text, parsed, || {
        json_lite::from_str::<T>("null").map_err(|e| e.message().to_owned())
    })
}

/// The outcome of an answer whose text read as `parsed`. A success
/// without a result (alert-policy DELETE) is `null`, for a `T` that
/// accepts it (an `Option`): `null_result` reads that.
fn settle<T>(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
    parsed: Result<Envelope<T>, String>,
    null_result: impl FnOnce() -> Result<T, String>,
) -> Result<(T, Option<ResultInfo>), ApiError> {
    match parsed {
        Ok(env) if env.success && (200..300).contains(&status) => {
            let info = env.result_info;
            match env.result {
                Some(result) => Ok((result, info)),
                None => null_result()
                    .map(|result| (result, info))
                    .map_err(|e| ApiError::new(ErrorKind::Malformed, status, e)),
            }
        }
        Ok(env) => Err(refused(status, retry_after, text, env.errors)),
        Err(e) => Err(not_a_result(status, retry_after, text, e)),
    }
}

/// The error for an answer that did not parse as an envelope of the
/// expected result: an error envelope with some other `result`, a success
/// whose result does not fit (`parse_error` says why), or not an envelope
/// at all.
#[inline(never)]
fn not_a_result(
    status: u16,
    retry_after: Option<u32>,
    text: &str,
    parse_error: String,
) -> ApiError {
    match json_lite::from_str::<Envelope<IgnoredAny>>(text) {
        Ok(env) if !env.success || !(200..300).contains(&status) => {
            refused(status, retry_after, text, env.errors)
        }
        Ok(_) => ApiError::new(ErrorKind::Malformed, status, parse_error),
        Err(_) => malformed(status, retry_after, text),
    }
}

/// A failure the API (or something in front of it) answered: its errors,
/// or, when it gave none, the start of what it sent.
#[inline(never)]
fn refused(status: u16, retry_after: Option<u32>, text: &str, errors: Vec<ApiMessage>) -> ApiError {
    let errors = if errors.is_empty() {
        malformed(status, retry_after, text).errors
    } else {
        errors
    };
    ApiError {
        kind: ErrorKind::Api,
        status,
        errors,
        retry_after,
    }
}

/// An answer that is not the API's JSON, quoted for the error panel.
fn malformed(status: u16, retry_after: Option<u32>, text: &str) -> ApiError {
    ApiError {
        retry_after,
        ..ApiError::new(
            ErrorKind::Malformed,
            status,
            text.chars().take(200).collect::<String>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::PoolListing;
    use serde_json::Value;

    #[test]
    fn envelopes_unwrap() {
        let ok: Vec<u32> = unwrap_envelope(
            200,
            None,
            r#"{"success":true,"errors":[],"messages":[],"result":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(ok, [1, 2]);
        let err = unwrap_envelope::<Value>(412, None, r#"{"success":false,"errors":[{"code":1005,"message":"in use"}],"messages":[],"result":null}"#).unwrap_err();
        assert_eq!(
            (err.kind, err.status, err.codes().collect::<Vec<_>>()),
            (ErrorKind::Api, 412, vec![1005])
        );
        let html = unwrap_envelope::<Value>(502, Some(2), "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(
            (html.kind, html.retry_after),
            (ErrorKind::Malformed, Some(2))
        );
        assert!(html.summary().contains("HTTP 502"));
        let nothing: Option<u32> =
            unwrap_envelope(200, None, r#"{"success":true,"errors":[],"messages":[]}"#).unwrap();
        assert_eq!(nothing, None, "alert-policy DELETE has no result");
    }

    #[test]
    fn an_error_envelope_is_read_whatever_its_result_holds() {
        // The result does not fit `T`, but the errors are what matter.
        let err = unwrap_envelope::<Vec<u32>>(
            400,
            None,
            r#"{"success":false,"errors":[{"code":1002,"message":"bad"}],"messages":[],"result":{"x":1}}"#,
        )
        .unwrap_err();
        assert_eq!(
            (err.kind, err.codes().collect::<Vec<_>>()),
            (ErrorKind::Api, vec![1002])
        );
        // A success whose result does not fit is malformed, and says why.
        let wrong = unwrap_envelope::<Vec<u32>>(
            200,
            None,
            r#"{"success":true,"errors":[],"messages":[],"result":{"x":1}}"#,
        )
        .unwrap_err();
        assert_eq!(wrong.kind, ErrorKind::Malformed);
        // A 5xx with a success envelope is still a failure.
        let odd = unwrap_envelope::<Vec<u32>>(
            503,
            None,
            r#"{"success":true,"errors":[],"messages":[],"result":[1]}"#,
        )
        .unwrap_err();
        assert_eq!((odd.kind, odd.status), (ErrorKind::Api, 503));
        // A success without a result, for a `T` that needs one.
        let missing =
            unwrap_envelope::<Vec<u32>>(200, None, r#"{"success":true,"errors":[],"messages":[]}"#)
                .unwrap_err();
        assert_eq!(missing.kind, ErrorKind::Malformed);
    }

    /// The first load's reader gives the same outcomes as serde's.
    #[test]
    fn listings_settle_as_the_pages_answers_do() {
        let pools = r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"p1","name":"a","origins":[{"address":"192.0.2.1","weight":0.5}]}],"result_info":{"page":1,"count":1}}"#;
        let cases: &[(u16, &str)] = &[
            (200, pools),
            (
                412,
                r#"{"success":false,"errors":[{"code":1005,"message":"in use"}],"messages":[],"result":null}"#,
            ),
            (
                400,
                r#"{"success":false,"errors":[{"code":1002,"message":"bad"}],"messages":[],"result":{"x":1}}"#,
            ),
            (
                200,
                r#"{"success":true,"errors":[],"messages":[],"result":{"x":1}}"#,
            ),
            (
                503,
                r#"{"success":true,"errors":[],"messages":[],"result":[]}"#,
            ),
            (200, r#"{"success":true,"errors":[],"messages":[]}"#),
            (502, "<html>Bad gateway</html>"),
            (200, ""),
        ];
        for &(status, text) in cases {
            let lite = unwrap_listing::<Vec<PoolListing>>(status, Some(1), text);
            let serde = unwrap_page::<Vec<PoolListing>>(status, Some(1), text);
            match (lite, serde) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(a), Err(b)) => {
                    assert_eq!(
                        (a.kind, a.status, a.retry_after),
                        (b.kind, b.status, b.retry_after),
                        "{text}"
                    );
                    if a.kind == ErrorKind::Api {
                        assert_eq!(a.errors, b.errors, "{text}");
                    }
                }
                (a, b) => panic!("{text}: json_lite {a:?}, serde {b:?}"),
            }
        }
        let (listed, info) = unwrap_listing::<Vec<PoolListing>>(200, None, pools).unwrap();
        assert_eq!(
            (listed[0].name.as_str(), info.and_then(|i| i.count)),
            ("a", Some(1))
        );
    }
}
