//! Locks that survive a panic elsewhere.
//!
//! A handler that panics while holding a lock poisons it. Everything the
//! server keeps under a lock stays consistent between statements (a write
//! is applied in memory only after its commit), so the right answer to
//! poisoning here is to carry on with the data, not to fail every later
//! request.

use std::sync::{LockResult, PoisonError};

/// `.lock().recover()`, `.read().recover()`: the guard, poisoned or not.
pub trait Recover<G> {
    fn recover(self) -> G;
}

impl<G> Recover<G> for LockResult<G> {
    fn recover(self) -> G {
        self.unwrap_or_else(PoisonError::into_inner)
    }
}
