//! One row of the pools list: its selection box, the pool's link, its
//! health and the Edit / Clone / Enable-Disable / Delete actions.
//!
//! A row is a slot, not a pool: the list keeps a row per place in its
//! window and a keystroke that changes which pools match only rewrites the
//! texts and attributes of the rows whose pool changed. Re-creating the
//! rows instead (about 20 components and their listeners per keystroke)
//! was most of a search keystroke's cost over 5,000 pools.
//!
//! The row's markup is built once and one effect paints its pool into it
//! (`RowNodes::paint`), writing only what differs from what it last
//! painted. One reactive text or attribute per cell instead (about 25 per
//! row) left a search keystroke that moves the window's ~22 rows to
//! another pool costing 10–13 ms in their updates alone.
//!
//! The cells are static markup ([`CELLS`]), parsed once into a template
//! and cloned into each row, and the row's three listeners act on
//! whichever control the event came from. A `view!` of the cells with a
//! node reference and a listener per control was about 10 KB of the first
//! load's wasm, for markup that never changes; parsing the markup into
//! every row (`innerHTML`) was the costliest DOM call of the first render
//! in the start-up profile.

use leptos::html;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::list_model::Row;
use super::selection::use_selection;
use crate::components::status_badge::badge_class;
use crate::routes::Route;
use pooldeck_model::PoolStatus;

/// What a row shows of its pool: compared on every change of the list, so
/// a slot whose pool (and pool's state) is unchanged does no work.
#[derive(Clone, Debug, PartialEq)]
pub struct RowFace {
    pub id: String,
    pub name: String,
    pub description: String,
    pub enabled: bool,
    pub status: PoolStatus,
    /// The status badge's tooltip.
    pub status_title: String,
    /// "healthy/total".
    pub endpoints: String,
    pub monitor: String,
    pub regions: String,
    /// `modified_on` to the minute, "2026-01-02 03:04".
    pub modified: String,
}

impl RowFace {
    pub fn of(row: &Row) -> RowFace {
        RowFace {
            id: row.id().to_owned(),
            name: row.pool.name.clone(),
            description: row.pool.description.clone(),
            enabled: row.pool.enabled,
            status: row.status.status,
            status_title: row.status.explain(),
            endpoints: format!("{}/{}", row.status.healthy, row.status.total),
            monitor: row.monitor_name.clone(),
            regions: row.regions.clone(),
            modified: row
                .pool
                .modified_on
                .as_deref()
                .unwrap_or_default()
                .get(..16)
                .unwrap_or_default()
                .replace('T', " "),
        }
    }

    /// "Disable" for an enabled pool, "Enable" for a disabled one.
    fn toggle_word(&self) -> &'static str {
        if self.enabled {
            "Disable"
        } else {
            "Enable"
        }
    }

    /// "Enabled" or "Disabled", the state column's text.
    fn state_word(&self) -> &'static str {
        if self.enabled {
            "Enabled"
        } else {
            "Disabled"
        }
    }
}

/// A row's cells, before any pool is painted into them. The order is the
/// table's columns (`PoolsPage`'s `<colgroup>`); [`RowNodes::find`]
/// follows it.
const CELLS: &str = concat!(
    r#"<td><input type="checkbox" class="pd-select" data-testid="pool-select">"#,
    r#"<a data-testid="pool-link"></a></td>"#,
    "<td></td><td></td>",
    r#"<td><span data-testid="status-badge"></span></td>"#,
    r#"<td data-testid="pool-endpoints"></td>"#,
    "<td></td><td></td><td></td>",
    r#"<td><div class="pd-actions">"#,
    r#"<a class="pd-button" data-testid="pool-edit">Edit</a>"#,
    r#"<a class="pd-button" data-testid="pool-clone">Clone</a>"#,
    r#"<button type="button" class="pd-button" data-testid="pool-toggle"></button>"#,
    r#"<button type="button" class="pd-button pd-danger" data-testid="pool-delete">Delete</button>"#,
    "</div></td>",
);

/// A copy of [`CELLS`], from a template parsed once.
fn cells() -> web_sys::DocumentFragment {
    thread_local! {
        static TEMPLATE: web_sys::HtmlTemplateElement = {
            let template: web_sys::HtmlTemplateElement = document()
                .create_element("template")
                .expect("a template element")
                .unchecked_into();
            template.set_inner_html(CELLS);
            template
        };
    }
    TEMPLATE.with(|t| {
        t.content()
            .clone_node_with_deep(true)
            .expect("cloning the row template")
            .unchecked_into()
    })
}

/// The row for the pool `face` holds; `None` for a place past the end of
/// the list, which the list keeps as a hidden row to fill in again.
#[component]
pub fn PoolRow(
    face: Memo<Option<RowFace>>,
    /// `aria-rowindex`: the row's place in the whole list, the header
    /// row being 1, for a list that renders only some rows.
    rowindex: usize,
    /// The shortcuts' cursor: the row shows it and takes it when its link
    /// gets focus (and a windowed list keeps the current row rendered while
    /// it is scrolled away).
    current: RwSignal<Option<String>>,
    /// Asked to enable (`true`) or disable the pool: (id, name, enable).
    #[prop(into)]
    on_toggle: Callback<(String, String, bool)>,
    /// Asked to delete the pool: (id, name).
    #[prop(into)]
    on_delete: Callback<(String, String)>,
) -> impl IntoView {
    let tr = NodeRef::<html::Tr>::new();
    // Filled by the first paint, which runs once the row is in the DOM.
    let nodes: Rc<std::cell::OnceCell<RowNodes>> = Rc::default();
    // The previous run's return value is what the row shows now.
    Effect::new({
        let nodes = nodes.clone();
        move |shown: Option<Option<RowFace>>| {
            let face = face.get();
            if let Some(tr) = tr.get() {
                let nodes = nodes.get_or_init(|| RowNodes::find(tr.into()));
                nodes.paint(shown.as_ref(), &face);
            }
            face
        }
    });
    // The cursor is the list's, not the pool's: its own small effect, so
    // moving it does not repaint the row.
    Effect::new(move |_| {
        let on = face.with(|f| {
            current.with(|c| {
                f.as_ref()
                    .is_some_and(|f| c.as_deref() == Some(f.id.as_str()))
            })
        });
        if let Some(tr) = tr.get() {
            let _ = tr.class_list().toggle_with_force("pd-row-current", on);
            set_attr(&tr, "data-current", on.then_some("true"));
        }
    });
    let selection = use_selection();
    Effect::new({
        let nodes = nodes.clone();
        move |_| {
            let on = face.with(|f| f.as_ref().is_some_and(|f| selection.is_selected(&f.id)));
            if let Some(tr) = tr.get() {
                let nodes = nodes.get_or_init(|| RowNodes::find(tr.into()));
                nodes
                    .select
                    .unchecked_ref::<web_sys::HtmlInputElement>()
                    .set_checked(on);
            }
        }
    });
    // The pool an event acts on: the one the row shows when it happens,
    // and the control it came from, by its test ID. `try_`: focus comes
    // back to a row's button when a dialog closes, and that may be after
    // the page has gone (the delete dialog's "Remove from load balancers"
    // navigates away first).
    let acted_on = move |ev: &web_sys::Event| {
        let control = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("[data-testid]").ok().flatten())?
            .get_attribute("data-testid")?;
        Some((face.try_get_untracked().flatten()?, control))
    };

    // Hidden until the first paint, so an empty row never shows or counts.
    view! {
        <tr
            node_ref={tr}
            hidden=true
            aria-rowindex={rowindex.to_string()}
            on:click={move |ev| match acted_on(&ev) {
                Some((f, c)) if c == "pool-toggle" => on_toggle.run((f.id, f.name, !f.enabled)),
                Some((f, c)) if c == "pool-delete" => on_delete.run((f.id, f.name)),
                _ => {}
            }}
            on:change={move |ev| {
                if let Some((f, c)) = acted_on(&ev) {
                    if c == "pool-select" {
                        selection.set(&f.id, event_target_checked(&ev));
                    }
                }
            }}
            on:focusin={move |ev| {
                if let Some((f, c)) = acted_on(&ev) {
                    if c == "pool-link" {
                        current.set(Some(f.id));
                    }
                }
            }}
        ></tr>
    }
}

/// The elements of a row that show its pool.
struct RowNodes {
    tr: Element,
    select: Element,
    link: Element,
    description: Element,
    state: Element,
    badge: Element,
    endpoints: Element,
    monitor: Element,
    regions: Element,
    modified: Element,
    edit: Element,
    clone: Element,
    toggle: Element,
    delete: Element,
}

impl RowNodes {
    /// The elements of `tr`'s [`CELLS`], which are put in first if the row
    /// has none yet (its first paint).
    fn find(tr: Element) -> RowNodes {
        if tr.child_element_count() == 0 {
            let _ = tr.append_child(&cells());
        }
        let child = |el: &Element, i: u32| el.children().item(i).expect("row cell (CELLS)");
        let cell = |i: u32| child(&tr, i);
        let first = cell(0);
        let actions = child(&cell(8), 0);
        RowNodes {
            select: child(&first, 0),
            link: child(&first, 1),
            description: cell(1),
            state: cell(2),
            badge: child(&cell(3), 0),
            endpoints: cell(4),
            monitor: cell(5),
            regions: cell(6),
            modified: cell(7),
            edit: child(&actions, 0),
            clone: child(&actions, 1),
            toggle: child(&actions, 2),
            delete: child(&actions, 3),
            tr,
        }
    }

    /// Shows `face` (`None`: an empty, hidden place) in the row, which
    /// shows `shown` (`None`: never painted). Writes only what differs.
    fn paint(&self, shown: Option<&Option<RowFace>>, face: &Option<RowFace>) {
        let tr = &self.tr;
        // Another pool slid into this place (a toggle re-sorts the list by
        // state, a refresh by health): the focus must not stay on the
        // buttons of the pool that left. It leaves the row, and the list
        // puts it back on the current pool's row wherever that is now.
        let id_of = |f: &Option<RowFace>| f.as_ref().map(|f| f.id.clone());
        if shown.is_some_and(|s| id_of(s) != id_of(face)) {
            blur_inside(tr);
        }
        let differs = |get: Field| changed(shown, face, get);
        let changed_by = |same: fn(&RowFace, &RowFace) -> bool| match (shown, face) {
            (Some(Some(s)), Some(f)) => !same(s, f),
            (Some(None), None) => false,
            _ => true,
        };

        if shown.is_none_or(|s| s.is_some() != face.is_some()) {
            set_attr(tr, "hidden", face.is_none().then_some(""));
            set_attr(tr, "data-testid", face.is_some().then_some("pool-row"));
        }
        if let Some(id) = differs(|f| &f.id) {
            set_attr(tr, "data-pool-id", Some(id));
            let href = |route: fn(String) -> Route| {
                face.as_ref()
                    .map(|f| route(f.id.clone()).href())
                    .unwrap_or_default()
            };
            set_attr(&self.link, "href", Some(&href(Route::Pool)));
            set_attr(&self.edit, "href", Some(&href(Route::PoolEdit)));
            set_attr(&self.clone, "href", Some(&href(Route::PoolClone)));
        }
        if let Some(name) = differs(|f| &f.name) {
            set_attr(tr, "data-pool-name", Some(name));
            self.link.set_text_content(Some(name));
            let label = |verb: &str| {
                face.as_ref()
                    .map(|_| format!("{verb} pool {name}"))
                    .unwrap_or_default()
            };
            set_attr(&self.select, "aria-label", Some(&label("Select")));
            set_attr(&self.edit, "aria-label", Some(&label("Edit")));
            set_attr(&self.clone, "aria-label", Some(&label("Clone")));
            set_attr(&self.delete, "aria-label", Some(&label("Delete")));
        }
        if changed_by(|a, b| a.enabled == b.enabled && a.name == b.name) {
            let (word, label) = face.as_ref().map_or_else(Default::default, |f| {
                (
                    f.toggle_word(),
                    format!("{} pool {}", f.toggle_word(), f.name),
                )
            });
            self.toggle.set_text_content(Some(word));
            set_attr(&self.toggle, "aria-label", Some(&label));
        }
        if let Some(state) = differs(|f| f.state_word()) {
            self.state.set_text_content(Some(state));
        }
        if changed_by(|a, b| a.status == b.status) {
            let status = face.as_ref().map_or(PoolStatus::Unknown, |f| f.status);
            set_attr(&self.badge, "class", Some(&badge_class(status)));
            self.badge.set_text_content(Some(status.label()));
        }
        if let Some(title) = differs(|f| &f.status_title) {
            set_attr(&self.badge, "title", Some(title));
        }
        let texts: [(&Element, Field); 5] = [
            (&self.description, |f| &f.description),
            (&self.endpoints, |f| &f.endpoints),
            (&self.monitor, |f| &f.monitor),
            (&self.regions, |f| &f.regions),
            (&self.modified, |f| &f.modified),
        ];
        for (el, get) in texts {
            if let Some(text) = differs(get) {
                el.set_text_content(Some(text));
            }
        }
    }
}

/// One of a [`RowFace`]'s texts.
type Field = fn(&RowFace) -> &str;

/// The field `get` of `face` (`""` for an empty place) when the row,
/// showing `shown`, does not show it yet.
fn changed<'a>(
    shown: Option<&Option<RowFace>>,
    face: &'a Option<RowFace>,
    get: Field,
) -> Option<&'a str> {
    let new = face.as_ref().map_or("", get);
    let old = shown.map(|s| s.as_ref().map_or("", get));
    (old != Some(new)).then_some(new)
}

/// Sets attribute `name` of `el`, or removes it for `None`.
fn set_attr(el: &web_sys::Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(v) => el.set_attribute(name, v),
        None => el.remove_attribute(name),
    };
}

/// Takes the focus out of `row` when it is inside it; the list's
/// `focusout` handler then puts it on the current pool's row.
fn blur_inside(row: &web_sys::Element) {
    let Some(active) = document().active_element() else {
        return;
    };
    if row.contains(Some(&active)) {
        if let Ok(el) = active.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.blur();
        }
    }
}
