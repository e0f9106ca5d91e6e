//! Browser end-to-end tests: the real server (in-process, on a free
//! 127.0.0.1 port) serving the release build in `dist/`, driven through
//! chromedriver and Debian's headless Chromium.
//!
//! Run them with `cargo xtask test`, which builds `dist/` and installs the
//! browser first. Plain `cargo test` works too once both exist.

mod e2e {
    mod a11y;
    mod actions;
    mod alerts;
    mod bulk;
    mod by_role;
    mod chunks;
    mod cross_pool;
    mod failover;
    mod faults;
    pub mod harness;
    mod history;
    mod jobs;
    mod journeys;
    mod leaving;
    mod load_balancers;
    mod long_list;
    mod monitors;
    mod panic;
    mod plan_limits;
    mod pool_actions;
    mod pools;
    mod resilience;
    mod router;
    mod screens;
    mod settings;
    mod shell;
    mod shortcuts;
    mod startup;
    mod subpath;
    mod wizard;
}
