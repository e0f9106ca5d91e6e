//! A modal dialog that behaves as the WAI-ARIA pattern says: focus moves
//! into it, Tab and Shift+Tab stay inside, Esc closes it, and focus goes
//! back to what opened it.

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

fn focusables(root: &web_sys::Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// A modal dialog.
#[component]
pub fn Dialog(
    /// The dialog's heading (and accessible name).
    #[prop(into)]
    title: String,
    /// Called on Esc, and by whatever close buttons the content has.
    #[prop(into)]
    on_close: Callback<()>,
    /// `data-testid` of the dialog.
    #[prop(into)]
    test_id: String,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    // Remember what had focus, to give it back on close.
    let opener = SendWrapper::new(
        document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok()),
    );
    on_cleanup(move || {
        if let Some(el) = opener.take() {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(root) = panel.get() {
            let first = focusables(&root)
                .into_iter()
                .find(|e| e.tag_name() == "INPUT")
                .or_else(|| focusables(&root).into_iter().next());
            let _ = first.map(|e| e.focus()).unwrap_or_else(|| root.focus());
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
            return;
        }
        if ev.key() != "Tab" {
            return;
        }
        let Some(root) = panel.get() else { return };
        let items = focusables(&root);
        let active = document().active_element();
        let at = items.iter().position(|e| {
            active
                .as_ref()
                .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
        });
        // Where Tab goes instead of the browser's next element: around
        // the ends, and in from the dialog itself. With nothing to focus
        // yet (its content still loading) focus stays on the dialog; the
        // browser would have moved it to the page behind.
        let to = match (ev.shift_key(), at) {
            (false, Some(i)) if i + 1 == items.len() => items.first(),
            (true, Some(0)) => items.last(),
            (false, None) => items.first(),
            (true, None) => items.last(),
            _ => return,
        };
        ev.prevent_default();
        let _ = match to {
            Some(el) => el.focus(),
            None => root.focus(),
        };
    };
    let title_id = format!("{test_id}-title");
    let heading_id = title_id.clone();
    view! {
        <div class="pd-backdrop">
            <div
                class="pd-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby={title_id}
                tabindex="-1"
                node_ref={panel}
                data-testid={test_id}
                on:keydown={on_keydown}
            >
                <h2 id={heading_id}>{title}</h2>
                {children()}
            </div>
        </div>
    }
}
