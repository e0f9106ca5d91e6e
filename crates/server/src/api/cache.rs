//! The serialised answer to "list pools", kept until something it shows
//! changes: a committed write (the store's version) or a health verdict or
//! failure reason (the prober's version). Listing is the console's main
//! call and costs a full serialisation of every pool, so a repeat of it
//! should cost a lookup.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

use crate::lock::Recover;

/// Which list: the account and the `?monitor=` filter.
type Key = (String, Option<String>);
/// The store's and the prober's versions the body was made at.
type Versions = (u64, u64);

#[derive(Default)]
pub struct ListCache {
    entries: Mutex<HashMap<Key, (Versions, Bytes)>>,
}

impl ListCache {
    /// The cached body for `key` at `versions`, or `make()`'s, cached.
    pub fn get_or(&self, key: Key, versions: Versions, make: impl FnOnce() -> Bytes) -> Bytes {
        if let Some((v, body)) = self.entries.lock().recover().get(&key) {
            if *v == versions {
                return body.clone();
            }
        }
        let body = make();
        let mut entries = self.entries.lock().recover();
        // Bounded: one entry per account and filter seen recently.
        if entries.len() > 1024 {
            entries.clear();
        }
        entries.insert(key, (versions, body.clone()));
        body
    }
}
