//! The API's error codes, named once for the server that sends them and the
//! console that reads them. Where Cloudflare documents or has been seen to
//! use a code, it means the same here; the rest are the embedded server's
//! choices and say so.

/// A failure of the server itself (storage, a crashed handler, a timeout).
/// Chosen by the embedded server.
pub const CODE_INTERNAL: i64 = 1000;
/// The code of a notice in `messages` (a validation warning). Chosen by the
/// embedded server; the same number as [`CODE_INTERNAL`], as Cloudflare's
/// generic code.
pub const CODE_NOTICE: i64 = 1000;
/// An object that does not exist (HTTP 404). Chosen by the embedded server.
pub const CODE_NOT_FOUND: i64 = 1001;
/// A body that failed validation (HTTP 400, messages end in
/// `: validation failed`).
pub const CODE_VALIDATION: i64 = 1002;
/// A value that must be unique and is not (`: value not unique`).
pub const CODE_NOT_UNIQUE: i64 = 1003;
/// A quota is exhausted. Chosen by the embedded server (Cloudflare only
/// documents an "exceeded quota" error).
pub const CODE_QUOTA: i64 = 1004;
/// The object is referenced by other objects (HTTP 412).
pub const CODE_REFERENCED: i64 = 1005;
/// The second item of a routing error: "No route for that URI".
pub const CODE_NO_ROUTE: i64 = 7000;
/// The method is not allowed on the route. Chosen by the embedded server.
pub const CODE_METHOD_NOT_ALLOWED: i64 = 7001;
/// The route's identifier is malformed ("Could not route to …").
pub const CODE_BAD_ROUTE: i64 = 7003;
/// The request headers are invalid (a missing or malformed Authorization).
pub const CODE_BAD_HEADERS: i64 = 6003;
/// In the `error_chain` of [`CODE_BAD_HEADERS`]: the Authorization header
/// has the wrong format.
pub const CODE_BAD_AUTHORIZATION: i64 = 6111;
/// The token is wrong or lacks the permission (HTTP 403).
pub const CODE_AUTHENTICATION: i64 = 10000;
