//! Unknown fields, kept so they round-trip.
//!
//! Every object type ends with `#[serde(flatten)] pub extra: Extra`. Whatever
//! Cloudflare adds after this version was written lands there on read and is
//! written back unchanged, so an edit made in the console never drops data.

/// The JSON members a type does not model, in the order they were read.
pub type Extra = serde_json::Map<String, serde_json::Value>;
