//! The endpoints' traffic-share column, painted by one effect.
//!
//! A weight keystroke changes every enabled row's share. With a memo and
//! five bound attributes per row that was 2,500 reactive updates for 500
//! rows, each scheduled on its own, and the 500-row benchmark spent most
//! of a keystroke there. Here each rendered row registers its cell, and a
//! single effect recomputes the shares and writes only the cells whose
//! text changed.
//!
//! Neither the total nor the effect subscribes to every row (they did, and
//! re-subscribed to all 500 on every keystroke): both track the form's
//! `edits`, which a row's own watcher notifies, and the effect paints only
//! the registered cells (the rows in the table's window).

use std::collections::HashMap;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use pooldeck_model::Origin;

use super::arithmetic::{enabled_total, planned_share};
use super::form::Form;

/// One row's share cell and what it shows now.
struct Cell {
    /// The row's value, which the share is of.
    origin: RwSignal<Origin>,
    td: web_sys::HtmlElement,
    bar: web_sys::HtmlElement,
    text: web_sys::HtmlElement,
    shown: String,
}

/// The registered cells, by row key.
#[derive(Clone, Copy)]
pub struct ShareColumn {
    cells: StoredValue<SendWrapper<HashMap<u64, Cell>>>,
    /// Notified when a cell registers, so the effect reads its row too.
    registered: Trigger,
    total: Memo<f64>,
}

/// The cell's `data-share` (one decimal, as the tests read it) or `""`.
pub fn share_text(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.1}", s * 100.0))
        .unwrap_or_default()
}

fn paint(cell: &mut Cell, share: Option<f64>) {
    let text = share_text(share);
    if cell.shown == text {
        return;
    }
    let _ = cell.td.set_attribute("data-share", &text);
    let style = cell.bar.style();
    let _ = style.set_property(
        "width",
        &format!("{}%", if text.is_empty() { "0" } else { &text }),
    );
    let track = cell.bar.parent_element();
    if let Some(t) = track.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = t.style().set_property(
            "visibility",
            if share.is_some() { "visible" } else { "hidden" },
        );
    }
    cell.text.set_text_content(Some(&if share.is_some() {
        format!("{text}%")
    } else {
        "No traffic".to_owned()
    }));
    cell.text.set_class_name(if share.is_some() {
        "pd-share-text"
    } else {
        "pd-share-text pd-muted"
    });
    cell.shown = text;
}

impl ShareColumn {
    /// The column for `form`, with its one painting effect.
    pub fn new(form: Form) -> Self {
        // Re-read on any row's change (`edits`), without subscribing to
        // every row.
        let total = Memo::new(move |_| {
            form.edits.track();
            form.rows.with(|r| {
                enabled_total(
                    r.iter()
                        .map(|row| row.origin.with_untracked(|o| (o.enabled, o.weight))),
                )
            })
        });
        let column = ShareColumn {
            cells: StoredValue::new(SendWrapper::new(HashMap::new())),
            registered: Trigger::new(),
            total,
        };
        Effect::new(move |_| {
            let total = total.get();
            form.edits.track();
            column.registered.track();
            let origins: Vec<(u64, RwSignal<Origin>)> = column
                .cells
                .with_value(|cells| cells.iter().map(|(k, c)| (*k, c.origin)).collect());
            let values: Vec<(u64, bool, f64)> = origins
                .into_iter()
                .filter_map(|(key, o)| o.try_with_untracked(|o| (key, o.enabled, o.weight)))
                .collect();
            column.cells.update_value(|cells| {
                for (key, enabled, weight) in values {
                    if let Some(cell) = cells.get_mut(&key) {
                        paint(cell, planned_share(enabled, weight, total));
                    }
                }
            });
        });
        column
    }

    /// Registers row `key`'s cell (the `<td>` with a track/bar span and a
    /// text span) over the row's `origin` and paints it; unregisters it
    /// when the row goes away.
    pub fn register(self, key: u64, origin: RwSignal<Origin>, td: web_sys::HtmlElement) {
        let share = origin
            .with_untracked(|o| planned_share(o.enabled, o.weight, self.total.get_untracked()));
        let spans = td.query_selector_all("span").ok();
        let item = |i| {
            spans
                .as_ref()
                .and_then(|l| l.item(i))
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        };
        let (Some(bar), Some(text)) = (item(1), item(2)) else {
            return;
        };
        let mut cell = Cell {
            origin,
            td,
            bar,
            text,
            shown: String::from("\u{0}"),
        };
        paint(&mut cell, share);
        self.cells.update_value(|c| {
            c.insert(key, cell);
        });
        self.registered.notify();
        on_cleanup(move || {
            let _ = self.cells.try_update_value(|c| c.remove(&key));
        });
    }
}
