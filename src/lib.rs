//! Pooldeck: a browser admin console for Cloudflare Load Balancing pools.
//!
//! Client-side rendered with Leptos and compiled to WebAssembly by Trunk.
//! `main.rs` only mounts [`App`]; routes live in `pages/`, shared widgets in
//! `components/`, and everything the console and the server must agree on
//! (wire types, validation) comes from the `pooldeck-model` crate.

pub mod api;
mod app;
mod clipboard;
pub mod components;
pub mod context;
pub mod hooks;
mod local_time;
mod lower_case;
pub mod pages;
pub mod panic_panel;
pub mod router;
pub mod routes;

pub use app::App;
pub use router::base_path;
