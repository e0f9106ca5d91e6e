//! Keyboard shortcuts of the pools list: `/` search, `j`/`k` move the
//! current row (and ↓/↑ while a row's link has focus), `Enter` open it,
//! `e` edit it, `x` select it for a bulk change, `?` this list.
//!
//! They are ignored while typing in a field, with Ctrl, Meta or Alt held
//! (those belong to the browser), and while a dialog is open.
//!
//! The list may render only the rows in view: the cursor moves through
//! every shown pool, and the current row is always rendered (see the
//! list's `slots.rs`), so moving to a row far down brings it into view.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::chunk::{ChunkContent, ChunkLoad};
use crate::components::dialog::Dialog;
use crate::hooks::{focus_element, use_document_listener};
use crate::pages::chunks;
use crate::routes::{use_go, Route};

/// What a key press on the pools list asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Search,
    Next,
    Previous,
    Open,
    Edit,
    /// Select or unselect the current row.
    Select,
    Help,
}

/// The shortcut for `key`, or `None` when the press is not ours: a
/// modifier is held, or focus is in a text field (`target_tag`, upper
/// case as the DOM gives it, `editable` for contenteditable). The arrows
/// are ours only on a row's link (`on_row_link`); elsewhere they scroll.
pub fn shortcut_for(
    key: &str,
    modifier: bool,
    target_tag: &str,
    editable: bool,
    on_row_link: bool,
) -> Option<Shortcut> {
    if modifier || editable || matches!(target_tag, "INPUT" | "TEXTAREA" | "SELECT") {
        return None;
    }
    match key {
        "/" => Some(Shortcut::Search),
        "j" => Some(Shortcut::Next),
        "k" => Some(Shortcut::Previous),
        "ArrowDown" if on_row_link => Some(Shortcut::Next),
        "ArrowUp" if on_row_link => Some(Shortcut::Previous),
        "Enter" => Some(Shortcut::Open),
        "e" => Some(Shortcut::Edit),
        "x" => Some(Shortcut::Select),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

/// The row after (`forward`) or before `current` in a list of `len` rows;
/// the first row when none is current; stops at both ends.
pub fn moved(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(len - 1),
        (Some(i), false) => i.saturating_sub(1),
    })
}

/// What the shortcuts share with the list: the row they act on (by pool
/// ID, so it survives sorting and filtering) and whether the help is open.
#[derive(Clone, Copy)]
pub struct ListShortcuts {
    pub current: RwSignal<Option<String>>,
    pub help_open: RwSignal<bool>,
}

/// Installs the shortcuts on the document for as long as the calling
/// component lives. `shown_ids` lists the IDs of the shown rows in order,
/// rendered or not; while `busy` is true (the page's own dialog is open) keys are
/// left alone, as they are while any other dialog is open.
pub fn use_list_shortcuts(
    shown_ids: impl Fn() -> Vec<String> + 'static,
    busy: impl Fn() -> bool + 'static,
) -> ListShortcuts {
    let shortcuts = ListShortcuts {
        current: RwSignal::new(None),
        help_open: RwSignal::new(false),
    };
    let ListShortcuts { current, help_open } = shortcuts;
    let go = use_go();
    let selection = super::selection::use_selection();
    use_document_listener::<web_sys::KeyboardEvent>("keydown", false, move |ev| {
        if ev.default_prevented() || help_open.get_untracked() || busy() || dialog_open() {
            return;
        }
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
        let editable = target.as_ref().is_some_and(|t| t.is_content_editable());
        let modifier = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
        let on_row_link = target
            .as_ref()
            .is_some_and(|t| t.get_attribute("data-testid").as_deref() == Some("pool-link"));
        let Some(action) = shortcut_for(&ev.key(), modifier, &tag, editable, on_row_link) else {
            return;
        };
        let ids = shown_ids();
        let at =
            current.with_untracked(|c| c.as_ref().and_then(|c| ids.iter().position(|i| i == c)));
        match action {
            Shortcut::Search => {
                ev.prevent_default();
                focus_element("pool-search");
            }
            Shortcut::Next | Shortcut::Previous => {
                let Some(i) = moved(at, ids.len(), action == Shortcut::Next) else {
                    return;
                };
                ev.prevent_default();
                current.set(Some(ids[i].clone()));
                focus_row_link(&ids[i], current);
            }
            Shortcut::Open | Shortcut::Edit => {
                // Enter on a link or button is that control's own.
                if action == Shortcut::Open && matches!(tag.as_str(), "A" | "BUTTON") {
                    return;
                }
                let Some(id) = at.map(|i| ids[i].clone()) else {
                    return;
                };
                ev.prevent_default();
                go.to(if action == Shortcut::Edit {
                    Route::PoolEdit(id)
                } else {
                    Route::Pool(id)
                });
            }
            Shortcut::Select => {
                if let Some(i) = at {
                    ev.prevent_default();
                    selection.toggle(&ids[i]);
                }
            }
            Shortcut::Help => {
                ev.prevent_default();
                help_open.set(true);
            }
        }
    });
    shortcuts
}

/// Any dialog (this page's, or another component's) owns the keyboard.
fn dialog_open() -> bool {
    document()
        .query_selector("[role=dialog]")
        .ok()
        .flatten()
        .is_some()
}

/// Focuses the link of the row for pool `id`: a visible cursor, and one
/// screen readers announce. A row outside the rendered window renders
/// once it is current, so when it is not there yet it is focused on the
/// next frame, if it is still `current` then; focusing scrolls it into
/// view.
fn focus_row_link(id: &str, current: RwSignal<Option<String>>) {
    let css = format!("[data-testid=pool-row][data-pool-id='{id}'] [data-testid=pool-link]");
    let id = id.to_owned();
    let find = move || {
        document()
            .query_selector(&css)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    };
    match find() {
        Some(el) => {
            let _ = el.focus();
        }
        None => request_animation_frame(move || {
            let still = current
                .try_with_untracked(|c| c.as_deref() == Some(id.as_str()))
                .unwrap_or(false);
            if let Some(el) = find().filter(|_| still) {
                let _ = el.focus();
            }
        }),
    }
}

/// The shortcuts, as the help dialog lists them.
pub const HELP: &[(&str, &str)] = &[
    ("/", "Search pools"),
    ("j", "Next pool (or ↓ on a pool's link)"),
    ("k", "Previous pool (or ↑ on a pool's link)"),
    ("Enter", "Open the current pool"),
    ("e", "Edit the current pool"),
    (
        "x",
        "Select or unselect the current pool, for a bulk change",
    ),
    ("?", "Show these shortcuts"),
];

/// The dialog listing the shortcuts. Its frame is in the first load; the
/// list itself is a chunk (`pages/chunks.rs`), like the delete dialog's.
#[component]
pub fn ShortcutsDialog(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    view! {
        <Dialog title="Keyboard shortcuts" on_close={on_close} test_id="shortcuts-dialog">
            <ChunkContent
                what="dialog"
                preload={|| Box::pin(chunks::preload_shortcuts_body())}
                content={Box::new(move || -> ChunkLoad {
                    Box::pin(chunks::shortcuts_body(on_close))
                })}
            />
        </Dialog>
    }
}

/// The shortcuts and the Close button, which takes the focus: the frame
/// opened before this arrived, with nothing in it to focus.
#[component]
pub fn ShortcutsBody(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let close = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close.get() {
            let _ = button.focus();
        }
    });
    view! {
        <dl class="pd-shortcuts">
            {HELP
                .iter()
                .map(|(k, what)| {
                    view! {
                        <div>
                            <dt>
                                <kbd>{*k}</kbd>
                            </dt>
                            <dd>{*what}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <p class="pd-hint">"Shortcuts do nothing while you type in a field."</p>
        <div class="pd-dialog-actions">
            <button
                type="button"
                class="pd-button pd-primary"
                data-testid="shortcuts-close"
                node_ref={close}
                on:click={move |_| on_close.run(())}
            >
                "Close"
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_never_a_shortcut() {
        assert_eq!(
            shortcut_for("j", false, "BODY", false, false),
            Some(Shortcut::Next)
        );
        assert_eq!(shortcut_for("j", false, "INPUT", false, false), None);
        assert_eq!(shortcut_for("/", false, "TEXTAREA", false, false), None);
        assert_eq!(shortcut_for("e", false, "SELECT", false, false), None);
        assert_eq!(shortcut_for("k", false, "DIV", true, false), None);
        assert_eq!(shortcut_for("j", true, "BODY", false, false), None);
        assert_eq!(
            shortcut_for("?", false, "A", false, false),
            Some(Shortcut::Help)
        );
        assert_eq!(
            shortcut_for("x", false, "BODY", false, false),
            Some(Shortcut::Select)
        );
        assert_eq!(shortcut_for("q", false, "BODY", false, false), None);
        assert_eq!(shortcut_for("x", false, "INPUT", false, false), None);
    }

    #[test]
    fn arrows_move_only_from_a_rows_link() {
        assert_eq!(
            shortcut_for("ArrowDown", false, "A", false, true),
            Some(Shortcut::Next)
        );
        assert_eq!(
            shortcut_for("ArrowUp", false, "A", false, true),
            Some(Shortcut::Previous)
        );
        // Elsewhere they scroll the page or the list's box.
        assert_eq!(shortcut_for("ArrowDown", false, "BODY", false, false), None);
        assert_eq!(shortcut_for("ArrowDown", false, "DIV", false, false), None);
    }

    #[test]
    fn the_cursor_stops_at_both_ends() {
        assert_eq!(moved(None, 3, true), Some(0));
        assert_eq!(moved(None, 3, false), Some(0));
        assert_eq!(moved(Some(0), 3, false), Some(0));
        assert_eq!(moved(Some(1), 3, true), Some(2));
        assert_eq!(moved(Some(2), 3, true), Some(2));
        assert_eq!(moved(Some(0), 0, true), None);
    }
}
