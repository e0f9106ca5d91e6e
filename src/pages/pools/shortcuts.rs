//! Keyboard shortcuts of the pools list: `/` search, `j`/`k` move the
//! current row, `Enter` open it, `e` edit it, `?` this list.
//!
//! They are ignored while typing in a field, with Ctrl, Meta or Alt held
//! (those belong to the browser), and while a dialog is open.

use leptos::prelude::*;

use crate::components::dialog::Dialog;

/// What a key press on the pools list asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Search,
    Next,
    Previous,
    Open,
    Edit,
    Help,
}

/// The shortcut for `key`, or `None` when the press is not ours: a
/// modifier is held, or focus is in a text field (`target_tag`, upper
/// case as the DOM gives it, `editable` for contenteditable).
pub fn shortcut_for(
    key: &str,
    modifier: bool,
    target_tag: &str,
    editable: bool,
) -> Option<Shortcut> {
    if modifier || editable || matches!(target_tag, "INPUT" | "TEXTAREA" | "SELECT") {
        return None;
    }
    match key {
        "/" => Some(Shortcut::Search),
        "j" => Some(Shortcut::Next),
        "k" => Some(Shortcut::Previous),
        "Enter" => Some(Shortcut::Open),
        "e" => Some(Shortcut::Edit),
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

/// The shortcuts, as the help dialog lists them.
pub const HELP: &[(&str, &str)] = &[
    ("/", "Search pools"),
    ("j", "Next pool"),
    ("k", "Previous pool"),
    ("Enter", "Open the current pool"),
    ("e", "Edit the current pool"),
    ("?", "Show these shortcuts"),
];

/// The dialog listing the shortcuts.
#[component]
pub fn ShortcutsDialog(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    view! {
        <Dialog title="Keyboard shortcuts" on_close={on_close} test_id="shortcuts-dialog">
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
                    on:click={move |_| on_close.run(())}
                >
                    "Close"
                </button>
            </div>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_never_a_shortcut() {
        assert_eq!(
            shortcut_for("j", false, "BODY", false),
            Some(Shortcut::Next)
        );
        assert_eq!(shortcut_for("j", false, "INPUT", false), None);
        assert_eq!(shortcut_for("/", false, "TEXTAREA", false), None);
        assert_eq!(shortcut_for("e", false, "SELECT", false), None);
        assert_eq!(shortcut_for("k", false, "DIV", true), None);
        assert_eq!(shortcut_for("j", true, "BODY", false), None);
        assert_eq!(shortcut_for("?", false, "A", false), Some(Shortcut::Help));
        assert_eq!(shortcut_for("x", false, "BODY", false), None);
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
