//! Where the console is, and going somewhere else: the address bar as a
//! signal, kept in step with the History API.

use leptos::prelude::*;

/// An address under the router's base, as the address bar spells it
/// (percent-encoded).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Url {
    /// The path without the base: `/pools/abc/edit`, `/` at the root.
    pub path: String,
    /// The query without its `?`; empty when there is none.
    pub query: String,
}

impl Url {
    /// Splits `to` (a base-less path with optional `?query` and `#hash`).
    fn parse(to: &str) -> Url {
        let to = to.split('#').next().unwrap_or_default();
        let (path, query) = to.split_once('?').unwrap_or((to, ""));
        Url {
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path.to_owned()
            },
            query: query.to_owned(),
        }
    }
}

/// The console's place in the History API. `Copy`: it is two arena
/// handles, so event handlers and tasks can hold it freely.
#[derive(Clone, Copy)]
pub struct Location {
    base: StoredValue<String>,
    url: RwSignal<Url>,
}

impl Location {
    /// Reads the address bar under `base` (`""` or `/portal/lb`). Back and
    /// Forward are followed for as long as the current owner lives.
    pub(super) fn new(base: String) -> Location {
        let url = RwSignal::new(Url::default());
        let location = Location {
            base: StoredValue::new(base),
            url,
        };
        url.set(location.read_window());
        crate::hooks::use_window_listener::<web_sys::PopStateEvent>("popstate", move |_| {
            release_focus_in_page();
            url.set(location.read_window());
        });
        location
    }

    /// The current address, tracked.
    pub fn url(&self) -> Url {
        self.url.get()
    }

    /// The current address, untracked (for reading a parameter once).
    pub fn url_untracked(&self) -> Url {
        self.url.get_untracked()
    }

    /// The router's base path.
    pub fn base(&self) -> String {
        self.base.get_value()
    }

    /// Goes to `to`, a base-less path with optional `?query` and `#hash`.
    /// With `replace`, or when `to` is where the console already is, the
    /// current history entry is replaced instead of a new one added, so
    /// Back does not stop twice at one page. The window scrolls to the top,
    /// or to the element the hash names.
    ///
    /// The navigation runs in a microtask, after the caller returns: it
    /// disposes the current page, and an event handler that navigates
    /// (Enter on a row, a Save) must not find its own signals gone when it
    /// carries on after the call.
    pub fn navigate(&self, to: &str, replace: bool) {
        let (location, to) = (*self, to.to_owned());
        leptos::task::spawn_local(async move { location.navigate_now(&to, replace) });
    }

    fn navigate_now(&self, to: &str, replace: bool) {
        let Some(base) = self.base.try_get_value() else {
            return;
        };
        let full = format!("{base}{to}");
        let here = window().location();
        let now = format!(
            "{}{}",
            here.pathname().unwrap_or_default(),
            here.search().unwrap_or_default()
        );
        if let Ok(history) = window().history() {
            let null = wasm_bindgen::JsValue::NULL;
            let _ = if replace || full.split('#').next() == Some(now.as_str()) {
                history.replace_state_with_url(&null, "", Some(&full))
            } else {
                history.push_state_with_url(&null, "", Some(&full))
            };
        }
        release_focus_in_page();
        self.url.set(Url::parse(to));
        scroll_to(to.split_once('#').map(|(_, hash)| hash));
    }

    /// The address bar's path and query with the base taken off. A path
    /// outside the base is kept whole, so it finds no page ("not found").
    fn read_window(&self) -> Url {
        let here = window().location();
        let path = here.pathname().unwrap_or_default();
        let search = here.search().unwrap_or_default();
        let base = self.base.get_value();
        let path = match path.strip_prefix(base.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_owned(),
            _ => path,
        };
        Url::parse(&format!("{path}{search}"))
    }
}

/// Takes focus off an element of the page that is about to be replaced.
/// The old page's owner is disposed before its DOM is removed, and the
/// removal of a focused element fires `focusout` into handlers whose
/// signals are already gone (a panic in the pools list's refocus handler
/// before this). Focus in the header (a nav link) stays where it is.
fn release_focus_in_page() {
    let focused = document().active_element();
    if let Some(el) = focused.filter(|el| el.closest("main").ok().flatten().is_some()) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.blur();
        }
    }
}

/// After a navigation: to the element `hash` names, or else to the top,
/// as following a link to a new document would.
fn scroll_to(hash: Option<&str>) {
    let target = hash
        .filter(|h| !h.is_empty())
        .and_then(|h| document().get_element_by_id(h));
    match target {
        Some(el) => el.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// The router's [`Location`]. Call it while rendering, under the app.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

#[cfg(test)]
mod tests {
    use super::Url;

    #[test]
    fn a_target_splits_into_path_and_query_without_the_hash() {
        assert_eq!(
            Url::parse("/pools/new?clone=a#top"),
            Url {
                path: "/pools/new".into(),
                query: "clone=a".into()
            }
        );
        assert_eq!(Url::parse("").path, "/");
        assert_eq!(Url::parse("?q=1").query, "q=1");
    }
}
