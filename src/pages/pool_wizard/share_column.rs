//! The endpoints' traffic-share column, painted by one effect.
//!
//! A weight keystroke changes every enabled row's share. With a memo and
//! five bound attributes per row that was 2,500 reactive updates for 500
//! rows, each scheduled on its own, and the 500-row benchmark spent most
//! of a keystroke there. Here each row registers its cell once, and a
//! single effect recomputes the shares and writes only the cells whose
//! text changed.

use std::collections::HashMap;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::arithmetic::{enabled_total, planned_share};
use super::form::Form;

/// One row's share cell and what it shows now.
struct Cell {
    td: web_sys::HtmlElement,
    bar: web_sys::HtmlElement,
    text: web_sys::HtmlElement,
    shown: String,
}

/// The registered cells, by row key.
#[derive(Clone, Copy)]
pub struct ShareColumn {
    cells: StoredValue<SendWrapper<HashMap<u64, Cell>>>,
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
        let total = Memo::new(move |_| {
            form.rows.with(|r| {
                enabled_total(
                    r.iter()
                        .map(|row| row.origin.with(|o| (o.enabled, o.weight))),
                )
            })
        });
        let column = ShareColumn {
            cells: StoredValue::new(SendWrapper::new(HashMap::new())),
            total,
        };
        Effect::new(move |_| {
            let total = total.get();
            let values: Vec<(u64, bool, f64)> = form.rows.with(|rows| {
                rows.iter()
                    .map(|r| r.origin.with(|o| (r.key, o.enabled, o.weight)))
                    .collect()
            });
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

    /// The sum of the enabled weights.
    pub fn total(&self) -> Memo<f64> {
        self.total
    }

    /// Registers row `key`'s cell (the `<td>` with a track/bar span and a
    /// text span) and paints it; unregisters it when the row goes away.
    pub fn register(self, key: u64, td: web_sys::HtmlElement, share: Option<f64>) {
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
            td,
            bar,
            text,
            shown: String::from("\u{0}"),
        };
        paint(&mut cell, share);
        self.cells.update_value(|c| {
            c.insert(key, cell);
        });
        on_cleanup(move || {
            let _ = self.cells.try_update_value(|c| c.remove(&key));
        });
    }
}
