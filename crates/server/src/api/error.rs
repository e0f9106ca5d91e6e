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
//! - storage failure: HTTP 500, code 1000.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pooldeck_model::validate::FieldError;
use pooldeck_model::{ApiMessage, Envelope};
use serde_json::Value;

use crate::store::StoreError;

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

    /// 400/1002 for one member, with its JSON pointer.
    pub fn invalid(pointer: &str, detail: impl std::fmt::Display) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![
                ApiMessage::new(1002, format!("{detail}: validation failed")).with_pointer(pointer),
            ],
        }
    }

    pub fn not_found(what: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, 1001, format!("{what} not found"))
    }

    /// 412/1005: the object is used elsewhere; `users` names who uses it.
    pub fn referenced(users: &[String]) -> Self {
        ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            1005,
            format!(
                "This object is referenced by other objects, delete them first: {}",
                users.join(", ")
            ),
        )
    }

    pub fn quota(detail: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            1004,
            format!("quota exceeded: {detail}"),
        )
    }

    /// 400 with 7003 + 7000: the route's identifier is malformed.
    pub fn bad_route(path: &str) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![
                ApiMessage::new(
                    7003,
                    format!(
                        "Could not route to {path}, perhaps your object identifier is invalid?"
                    ),
                ),
                ApiMessage::new(7000, "No route for that URI"),
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
            7001,
            "Method not allowed for this route",
        )
    }

    /// 400/6003 with 6111 in the chain: no usable Authorization header.
    pub fn bad_auth_header() -> Self {
        let mut item = ApiMessage::new(6003, "Invalid request headers");
        item.error_chain = Some(vec![ApiMessage::new(
            6111,
            "Invalid format for Authorization header",
        )]);
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![item],
        }
    }

    /// 403/10000: a wrong token, or one without the permission needed.
    pub fn forbidden() -> Self {
        ApiError::new(StatusCode::FORBIDDEN, 10000, "Authentication error")
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            1000,
            format!("internal error: {e}"),
        )
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
        .map(|f| ApiMessage::new(1000, &f.message).with_pointer(f.pointer()))
        .collect();
    Json(env).into_response()
}

/// A successful single-page list.
pub fn ok_list<T: serde::Serialize>(items: Vec<T>) -> Response {
    Json(Envelope::list(items)).into_response()
}
