//! History: every write pooldeck-server makes or forwards, with who made it
//! and the object before and after, in both modes.
//!
//! Recording wraps the `/client/v4` router ([`record::around`]), the
//! embedded API and the proxy alike, so the two cannot disagree: "before"
//! is a GET through the same router just before the write (with the
//! caller's own credentials, so it sees what they may see), and "after" is
//! the object the write answered. Only writes that succeeded are recorded;
//! a refused one changed nothing. Entries older than the retention
//! ([`Retention`]) are pruned at start and as new ones are recorded.
//!
//! The console reads it at `GET /_pooldeck/history` ([`routes`]), outside
//! `/client/v4`: it is this server's, not Cloudflare's, read-only, and
//! scoped to the accounts the caller's grant covers.

pub mod record;
pub mod routes;
pub mod target;

use std::time::{Duration, SystemTime};

/// How long history is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention(pub Option<Duration>);

impl Retention {
    /// The default: 90 days.
    pub const DEFAULT: Retention = Retention(Some(Duration::from_secs(90 * 24 * 3600)));

    /// `days` days; 0 keeps everything.
    pub fn days(days: u64) -> Retention {
        Retention((days > 0).then(|| Duration::from_secs(days * 24 * 3600)))
    }

    /// The oldest time kept, as of `now`, in the stored format.
    pub fn cutoff(self, now: SystemTime) -> Option<String> {
        let keep = self.0?;
        Some(crate::clock::format_rfc3339(
            now.checked_sub(keep).unwrap_or(SystemTime::UNIX_EPOCH),
        ))
    }
}
