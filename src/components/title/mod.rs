//! The tab's title: "{page} · Pooldeck".
//!
//! Our own rather than leptos_meta's `<Title>`: that one carries the head
//! management a server-rendered app needs (a meta context, formatter
//! stacks, hydration cursors) into the first load, and a client-rendered
//! console only ever sets `document.title`.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::text_prop::TextProp;

thread_local! {
    /// The mounted titles, oldest first, each with its id: the newest one
    /// is shown, and when it goes (a dialog's page closes, a branch
    /// changes) the one under it is shown again.
    static MOUNTED: RefCell<(u32, Vec<(u32, String)>)> = const { RefCell::new((0, Vec::new())) };
}

/// What the tab shows for a page titled `page` (no page title: the product).
pub fn tab_title(page: &str) -> String {
    if page.is_empty() {
        "Pooldeck".to_owned()
    } else {
        format!("{page} · Pooldeck")
    }
}

fn show_newest(titles: &[(u32, String)]) {
    let page = titles.last().map_or("", |(_, t)| t.as_str());
    document().set_title(&tab_title(page));
}

/// Sets the tab's title to `text` (and the product's name) while it is
/// mounted, following `text` when it changes.
#[component]
pub fn Title(
    /// The page's own title, a string or a closure returning one.
    #[prop(into)]
    text: TextProp,
) -> impl IntoView {
    let id = MOUNTED.with_borrow_mut(|(next, _)| {
        *next += 1;
        *next
    });
    Effect::new(move |_| {
        let text = text.get().to_string();
        MOUNTED.with_borrow_mut(|(_, titles)| {
            match titles.iter_mut().find(|(i, _)| *i == id) {
                Some(entry) => entry.1 = text,
                None => titles.push((id, text)),
            }
            show_newest(titles);
        });
    });
    on_cleanup(move || {
        MOUNTED.with_borrow_mut(|(_, titles)| {
            titles.retain(|(i, _)| *i != id);
            show_newest(titles);
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_title_is_followed_by_the_product() {
        assert_eq!(tab_title("Pools"), "Pools · Pooldeck");
        assert_eq!(tab_title(""), "Pooldeck");
    }
}
