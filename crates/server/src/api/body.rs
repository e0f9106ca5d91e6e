//! Request bodies: read within the size limit, parsed as a JSON object, and
//! turned into model types with errors that name the member at fault. Every
//! failure is a Cloudflare-shaped 4xx, never a plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::ApiError;

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A JSON object body. An empty body reads as `{}` (some SDKs send no body
/// on DELETE).
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let body = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                ..ApiError::invalid(
                    "",
                    format_args!("request body is larger than {BODY_LIMIT} bytes"),
                )
            })?;
        parse_object(&body).map(JsonObject)
    }
}

fn parse_object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::invalid("", "request body must be a JSON object")),
        Err(e) => Err(ApiError::invalid(
            "",
            format_args!("malformed JSON in request body ({e})"),
        )),
    }
}

/// Turns a body into a model type; a type error names its member.
pub fn typed<T: DeserializeOwned>(body: Map<String, Value>) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(Value::Object(body)).map_err(|e| {
        let (path, member) = path_of(e.path());
        ApiError::invalid(&path, format_args!("{member}: {}", e.inner()))
    })
}

/// The member at fault, as a model path (`origins[0].weight`, which the
/// error's JSON pointer is made from) and as the message names it
/// (`origins.0.weight`; `body` for the whole body).
fn path_of(path: &serde_path_to_error::Path) -> (String, String) {
    use serde_path_to_error::Segment;
    let (mut model, mut named) = (String::new(), Vec::new());
    for seg in path.iter() {
        let key = match seg {
            Segment::Seq { index } => {
                model.push_str(&format!("[{index}]"));
                named.push(index.to_string());
                continue;
            }
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        if !model.is_empty() {
            model.push('.');
        }
        model.push_str(&key);
        named.push(key);
    }
    let named = if named.is_empty() {
        "body".to_owned()
    } else {
        named.join(".")
    };
    (model, named)
}
