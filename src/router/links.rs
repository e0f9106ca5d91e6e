//! In-app links: a plain `<a href>` to a page of the console opens it
//! without reloading the document, the way a link inside a single-page
//! app is expected to behave, while everything a person asks the browser
//! for (a new tab, a download, another site) is left to the browser.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Location;

/// Follows clicks on same-origin links under the base inside the page, for
/// as long as the current owner lives.
///
/// Bubble phase on `document`: a handler that declined the click first
/// (the leave guard's capture listener, when the person chose to stay)
/// has called `preventDefault`, and such a click is not followed.
pub(super) fn follow_links_in_page(location: Location) {
    crate::hooks::use_document_listener::<web_sys::MouseEvent>("click", false, move |ev| {
        match in_page_target(&ev, &location.base()) {
            Some(Target::Page(to)) => {
                ev.prevent_default();
                location.navigate(&to, false);
            }
            Some(Target::Element(id)) => {
                ev.prevent_default();
                if let Some(el) = document().get_element_by_id(&id) {
                    el.scroll_into_view();
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
            None => {}
        }
    });
}

/// Where an in-app link leads.
enum Target {
    /// A page: base-less path, query and hash.
    Page(String),
    /// An element of the current page, by ID (`href="#main"`, the skip
    /// link). The browser would resolve such an href against `<base>`, the
    /// console's root, and load that page instead of staying on this one.
    Element(String),
}

/// Where a click should go inside the page, or `None` when the browser
/// should handle it.
fn in_page_target(ev: &web_sys::MouseEvent, base: &str) -> Option<Target> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let link = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??;
    let opens_elsewhere = link.get_attribute("target").is_some_and(|t| !t.is_empty())
        || link.has_attribute("download")
        || link
            .get_attribute("rel")
            .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
    if opens_elsewhere {
        return None;
    }
    let href = link.get_attribute("href")?;
    if let Some(id) = href.strip_prefix('#') {
        return Some(Target::Element(id.to_owned()));
    }
    // `href` resolved against the document, as the browser would follow it.
    let url = web_sys::Url::new_with_base(&href, &document().base_uri().ok()??).ok()?;
    if url.origin() != window().location().origin().ok()? {
        return None;
    }
    let path = url.pathname();
    let rest = path.strip_prefix(base)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(Target::Page(format!(
        "{rest}{}{}",
        url.search(),
        url.hash()
    )))
}
