//! The path the console is served under, so one build works at `/` and
//! under any portal sub-path such as `/portal/lb/`.
//!
//! Trunk writes `<base href="./">` (`public_url = "./"`); the browser
//! resolves it against the page URL, so `document.baseURI` is the mount
//! point. The router takes its base from it; `routes.rs` builds every link
//! and navigation under it.

/// The router base for a base URI: its path without the trailing slash
/// (`""` at the root).
pub fn base_path(base_uri: &str) -> String {
    let after_scheme = base_uri
        .split_once("://")
        .map_or(base_uri, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    path.trim_end_matches('/').to_owned()
}

/// The router base of the running page.
pub(crate) fn current() -> String {
    leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .map(|uri| base_path(&uri))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn root_and_sub_paths() {
        assert_eq!(base_path("http://127.0.0.1:8787/"), "");
        assert_eq!(base_path("http://127.0.0.1:8787/portal/lb/"), "/portal/lb");
        assert_eq!(
            base_path("https://intranet.example/portal/lb/?x=1#y"),
            "/portal/lb"
        );
        assert_eq!(base_path("http://h"), "");
    }
}
