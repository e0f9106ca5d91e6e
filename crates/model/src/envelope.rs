//! The Cloudflare v4 response envelope (every answer of Cloudflare's API).
//!
//! Every response, success or failure, is
//! `{success, errors, messages, result, result_info?}`: `errors` and
//! `messages` are always arrays, and a failure carries `result: null`.

use serde::{Deserialize, Serialize};

use crate::json_lite::{json_object, read_struct, FromJson, Reader};

/// One response from `/client/v4`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub success: bool,
    #[serde(default)]
    pub errors: Vec<ApiMessage>,
    #[serde(default)]
    pub messages: Vec<ApiMessage>,
    /// The payload; `null` on failure.
    pub result: Option<T>,
    /// Present on collection responses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_info: Option<ResultInfo>,
}

impl<T> Envelope<T> {
    /// A successful response carrying `result`.
    pub fn ok(result: T) -> Self {
        Envelope {
            success: true,
            errors: Vec::new(),
            messages: Vec::new(),
            result: Some(result),
            result_info: None,
        }
    }

    /// A failed response: `result: null` and the given errors.
    pub fn failure(errors: Vec<ApiMessage>) -> Self {
        Envelope {
            success: false,
            errors,
            messages: Vec::new(),
            result: None,
            result_info: None,
        }
    }

    /// Unwraps a successful envelope; a failure yields its error items.
    ///
    /// A success without a result (alert-policy DELETE) is an error here;
    /// callers that expect none should use `Envelope<serde_json::Value>`.
    pub fn into_result(self) -> Result<T, Vec<ApiMessage>> {
        match (self.success, self.result) {
            (true, Some(result)) => Ok(result),
            (true, None) => Err(vec![ApiMessage::new(0, "response had no result")]),
            (false, _) => Err(self.errors),
        }
    }
}

impl<T> Envelope<Vec<T>> {
    /// A successful, single-page list with `result_info` filled in.
    pub fn list(items: Vec<T>) -> Self {
        let n = items.len() as u64;
        Envelope {
            result_info: Some(ResultInfo::single_page(n)),
            ..Envelope::ok(items)
        }
    }
}

/// An item of `errors` or `messages`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiMessage {
    /// At least 1000 for errors. Optional in the alerting API's envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Which part of the request body the error is about (2026 schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// Nested detail, used by edge and auth errors (e.g. 6003 → 6111).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_chain: Option<Vec<ApiMessage>>,
}

impl ApiMessage {
    /// An error item with a code and message and nothing else.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        ApiMessage {
            code: Some(code),
            message: message.into(),
            documentation_url: None,
            source: None,
            error_chain: None,
        }
    }

    /// The same item, pointing at a member of the request body.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.source = Some(ErrorSource {
            pointer: Some(pointer.into()),
        });
        self
    }
}

/// As the serde derive reads it: `success` is required (and, in the
/// array form, everything up to `result`).
impl<T: FromJson> FromJson for Envelope<T> {
    fn read(r: &mut Reader<'_>) -> crate::json_lite::Result<Self> {
        const NAMES: &[&str] = &["success", "errors", "messages", "result", "result_info"];
        let mut out = Envelope {
            success: false,
            errors: Vec::new(),
            messages: Vec::new(),
            result: None,
            result_info: None,
        };
        let seen = read_struct(r, NAMES, 4, &mut |r, i| {
            match i {
                0 => out.success = FromJson::read(r)?,
                1 => out.errors = FromJson::read(r)?,
                2 => out.messages = FromJson::read(r)?,
                3 => out.result = FromJson::read(r)?,
                _ => out.result_info = FromJson::read(r)?,
            }
            Ok(())
        })?;
        seen.required(r, 0, NAMES)?;
        Ok(out)
    }
}

/// As the serde derive reads it: `message` is required.
impl FromJson for ApiMessage {
    fn read(r: &mut Reader<'_>) -> crate::json_lite::Result<Self> {
        const NAMES: &[&str] = &[
            "code",
            "message",
            "documentation_url",
            "source",
            "error_chain",
        ];
        let mut out = ApiMessage::new(0, "");
        out.code = None;
        let seen = read_struct(r, NAMES, 2, &mut |r, i| {
            match i {
                0 => out.code = FromJson::read(r)?,
                1 => out.message = FromJson::read(r)?,
                2 => out.documentation_url = FromJson::read(r)?,
                3 => out.source = FromJson::read(r)?,
                _ => out.error_chain = FromJson::read(r)?,
            }
            Ok(())
        })?;
        seen.required(r, 1, NAMES)?;
        Ok(out)
    }
}

/// `source` of an error item: a JSON pointer into the request body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

json_object!(ErrorSource { "pointer" => pointer });

/// Paging facts on collection responses. Lists of pools and monitors are a
/// single page, so `page` is 1 and `total_pages` is 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u64>,
}

json_object!(ResultInfo {
    "page" => page,
    "per_page" => per_page,
    "count" => count,
    "total_count" => total_count,
    "total_pages" => total_pages,
});

impl ResultInfo {
    /// Paging facts for a list returned whole.
    pub fn single_page(count: u64) -> Self {
        ResultInfo {
            page: Some(1),
            per_page: Some(count),
            count: Some(count),
            total_count: Some(count),
            total_pages: Some(1),
        }
    }
}
