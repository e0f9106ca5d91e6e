//! The API's defaults for fields it fills in when they are omitted
//! (pools and endpoints). Named functions, because serde's `default = "…"`
//! takes a path.

pub(crate) fn yes() -> bool {
    true
}

pub(crate) fn weight() -> f64 {
    1.0
}

pub(crate) fn minimum_origins() -> i64 {
    1
}

pub(crate) fn monitor_interval() -> i64 {
    60
}

pub(crate) fn monitor_timeout() -> i64 {
    5
}

pub(crate) fn monitor_retries() -> i64 {
    2
}
