//! API failures, each answered with a Cloudflare-shaped envelope:
//! `{success: false, errors: [{code, message}], messages: [], result: null}`.
//!
//! Codes Cloudflare's API is documented or observed to use are used so
//! (1002, 1003, 1005, 6003/6111, 7003/7000, 10000). Where the sources are
//! silent the emulator chooses, and says so here:
//! - unknown object: HTTP 404, code 1001, "<kind> not found";
//! - unknown route: HTTP 404, codes 7003 + 7000 as for a bad identifier;
//! - wrong method: HTTP 405, code 7001;
//! - body over the limit: HTTP 413, code 1002;
//! - quota exceeded: HTTP 400, code 1004;
//! - storage failure: HTTP 500, code 1000, with a generic message: what
//!   went wrong is logged on the server, never sent to the client.
//!
//! The codes themselves are named in `pooldeck_model::codes`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pooldeck_model::codes::{
    CODE_AUTHENTICATION, CODE_BAD_AUTHORIZATION, CODE_BAD_HEADERS, CODE_BAD_ROUTE, CODE_INTERNAL,
    CODE_METHOD_NOT_ALLOWED, CODE_NOTICE, CODE_NOT_FOUND, CODE_NO_ROUTE, CODE_QUOTA,
    CODE_REFERENCED,
};
use pooldeck_model::validate::{invalid_request, FieldError};
use pooldeck_model::{ApiMessage, Envelope};
use serde_json::Value;

use crate::store::StoreError;

/// What a client is told about a failure of the server itself. The cause
/// (database text, file paths, a panic message) stays in the server's log.
pub const INTERNAL_MESSAGE: &str = "Internal server error";

/// A failed request.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub errors: Vec<ApiMessage>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        ApiError {
            status,
            errors: vec![ApiMessage::new(code, message)],
        }
    }

    /// 400/1002 (or 1003): one error item per failed rule, each pointing at
    /// its member of the body. Warnings are left out.
    pub fn validation(findings: &[FieldError]) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: findings
                .iter()
                .filter(|f| f.is_error())
                .map(|f| ApiMessage::new(f.api_code(), &f.message).with_pointer(f.pointer()))
                .collect(),
        }
    }

    /// 400/1002 for a request the server could not read, about the member
    /// at `path` (`origins[0].weight`; `""` for the whole body or a query
    /// parameter). The message is the model's, so it ends like every other
    /// validation message.
    pub fn invalid(path: &str, detail: impl std::fmt::Display) -> Self {
        ApiError::validation(&[invalid_request(path, detail)])
    }

    /// 400/1002 for a query parameter: like [`ApiError::invalid`], without
    /// a pointer, since the body is not at fault.
    pub fn invalid_query(detail: impl std::fmt::Display) -> Self {
        let mut e = ApiError::invalid("", detail);
        for item in &mut e.errors {
            item.source = None;
        }
        e
    }

    /// 500/1000: the server failed. `cause` is logged here and not sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        eprintln!("pooldeck-server: internal error: {cause}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            CODE_INTERNAL,
            INTERNAL_MESSAGE,
        )
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            CODE_NOT_FOUND,
            format!("{what} not found"),
        )
    }

    /// 412/1005: the object is used elsewhere; `users` names who uses it.
    pub fn referenced(users: &[String]) -> Self {
        ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            CODE_REFERENCED,
            format!(
                "This object is referenced by other objects, delete them first: {}",
                users.join(", ")
            ),
        )
    }

    pub fn quota(detail: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            CODE_QUOTA,
            format!("quota exceeded: {detail}"),
        )
    }

    /// 400 with 7003 + 7000: the route's identifier is malformed.
    pub fn bad_route(path: &str) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![
                ApiMessage::new(
                    CODE_BAD_ROUTE,
                    format!(
                        "Could not route to {path}, perhaps your object identifier is invalid?"
                    ),
                ),
                ApiMessage::new(CODE_NO_ROUTE, "No route for that URI"),
            ],
        }
    }

    pub fn no_route(path: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            ..ApiError::bad_route(path)
        }
    }

    pub fn method_not_allowed() -> Self {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            CODE_METHOD_NOT_ALLOWED,
            "Method not allowed for this route",
        )
    }

    /// 400/6003 with 6111 in the chain: no usable Authorization header.
    pub fn bad_auth_header() -> Self {
        let mut item = ApiMessage::new(CODE_BAD_HEADERS, "Invalid request headers");
        item.error_chain = Some(vec![ApiMessage::new(
            CODE_BAD_AUTHORIZATION,
            "Invalid format for Authorization header",
        )]);
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![item],
        }
    }

    /// 403/10000: a wrong token, or one without the permission needed.
    pub fn forbidden() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            CODE_AUTHENTICATION,
            "Authentication error",
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(Envelope::<Value>::failure(self.errors))).into_response()
    }
}

/// A successful answer: HTTP 200 (creates included) and the envelope.
pub fn ok<T: serde::Serialize>(result: T) -> Response {
    Json(Envelope::ok(result)).into_response()
}

/// A successful answer carrying warnings in `messages`.
pub fn ok_with_warnings<T: serde::Serialize>(result: T, findings: &[FieldError]) -> Response {
    let mut env = Envelope::ok(result);
    env.messages = findings
        .iter()
        .filter(|f| !f.is_error())
        .map(|f| ApiMessage::new(CODE_NOTICE, &f.message).with_pointer(f.pointer()))
        .collect();
    Json(env).into_response()
}

/// A successful single-page list.
pub fn ok_list<T: serde::Serialize>(items: Vec<T>) -> Response {
    Json(Envelope::list(items)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    // Regression (defect 7): a storage failure's text (database errors,
    // file paths) went to the API client verbatim, and nothing was logged.
    #[tokio::test]
    async fn a_store_error_tells_the_client_nothing_of_its_cause() {
        let cause = "database error: disk I/O error at /var/lib/pooldeck/pooldeck.db";
        let res = ApiError::from(StoreError(cause.into())).into_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = to_bytes(res.into_body(), usize::MAX).await.unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["errors"][0]["code"], CODE_INTERNAL);
        assert_eq!(body["errors"][0]["message"], INTERNAL_MESSAGE);
        let text = body.to_string();
        assert!(
            !text.contains("disk I/O") && !text.contains("/var/lib"),
            "{text}"
        );
    }

    #[test]
    fn invalid_requests_speak_like_the_model() {
        let e = ApiError::invalid("origins[0].weight", "origins.0.weight: expected f64");
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            e.errors[0].code,
            Some(pooldeck_model::codes::CODE_VALIDATION)
        );
        assert_eq!(
            e.errors[0].message,
            "origins.0.weight: expected f64: validation failed"
        );
        let pointer = e.errors[0].source.as_ref().and_then(|s| s.pointer.clone());
        assert_eq!(pointer.as_deref(), Some("/origins/0/weight"));
    }
}
