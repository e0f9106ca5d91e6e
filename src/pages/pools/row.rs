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

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    let nodes = RowNodes::default();
    // The previous run's return value is what the row shows now.
    Effect::new(move |shown: Option<Option<RowFace>>| {
        let face = face.get();
        nodes.paint(shown.as_ref(), &face);
        face
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
        if let Some(tr) = nodes.tr.get() {
            let _ = tr.class_list().toggle_with_force("pd-row-current", on);
            set_attr(&tr, "data-current", on.then_some("true"));
        }
    });
    // The pool an event acts on: the one the row shows when it happens.
    let now = move || face.get_untracked();
    let selection = use_selection();
    let selected = move || face.with(|f| f.as_ref().is_some_and(|f| selection.is_selected(&f.id)));

    // Hidden until the first paint, so an empty row never shows or counts.
    view! {
        <tr node_ref={nodes.tr} hidden=true aria-rowindex={rowindex.to_string()}>
            <td>
                <input
                    node_ref={nodes.select}
                    type="checkbox"
                    class="pd-select"
                    data-testid="pool-select"
                    prop:checked={selected}
                    on:change={move |ev| {
                        if let Some(f) = now() {
                            selection.set(&f.id, event_target_checked(&ev))
                        }
                    }}
                />
                <a
                    node_ref={nodes.link}
                    data-testid="pool-link"
                    on:focus={move |_| {
                        if let Some(f) = now() {
                            current.set(Some(f.id))
                        }
                    }}
                ></a>
            </td>
            <td node_ref={nodes.description}></td>
            <td node_ref={nodes.state}></td>
            <td>
                <span node_ref={nodes.badge} data-testid="status-badge"></span>
            </td>
            <td node_ref={nodes.endpoints} data-testid="pool-endpoints"></td>
            <td node_ref={nodes.monitor}></td>
            <td node_ref={nodes.regions}></td>
            <td node_ref={nodes.modified}></td>
            <td>
                <div class="pd-actions">
                    <a node_ref={nodes.edit} class="pd-button" data-testid="pool-edit">
                        "Edit"
                    </a>
                    <a node_ref={nodes.clone} class="pd-button" data-testid="pool-clone">
                        "Clone"
                    </a>
                    <button
                        node_ref={nodes.toggle}
                        type="button"
                        class="pd-button"
                        data-testid="pool-toggle"
                        on:click={move |_| {
                            if let Some(f) = now() {
                                on_toggle.run((f.id, f.name, !f.enabled))
                            }
                        }}
                    ></button>
                    <button
                        node_ref={nodes.delete}
                        type="button"
                        class="pd-button pd-danger"
                        data-testid="pool-delete"
                        on:click={move |_| {
                            if let Some(f) = now() {
                                on_delete.run((f.id, f.name))
                            }
                        }}
                    >
                        "Delete"
                    </button>
                </div>
            </td>
        </tr>
    }
}

/// The elements of a row that show its pool.
#[derive(Clone, Copy, Default)]
struct RowNodes {
    tr: NodeRef<html::Tr>,
    select: NodeRef<html::Input>,
    link: NodeRef<html::A>,
    description: NodeRef<html::Td>,
    state: NodeRef<html::Td>,
    badge: NodeRef<html::Span>,
    endpoints: NodeRef<html::Td>,
    monitor: NodeRef<html::Td>,
    regions: NodeRef<html::Td>,
    modified: NodeRef<html::Td>,
    edit: NodeRef<html::A>,
    clone: NodeRef<html::A>,
    toggle: NodeRef<html::Button>,
    delete: NodeRef<html::Button>,
}

impl RowNodes {
    /// Shows `face` (`None`: an empty, hidden place) in the row, which
    /// shows `shown` (`None`: never painted). Writes only what differs.
    fn paint(&self, shown: Option<&Option<RowFace>>, face: &Option<RowFace>) {
        let Some(tr) = self.tr.get_untracked() else {
            return;
        };
        // Another pool slid into this place (a toggle re-sorts the list by
        // state, a refresh by health): the focus must not stay on the
        // buttons of the pool that left. It leaves the row, and the list
        // puts it back on the current pool's row wherever that is now.
        let id_of = |f: &Option<RowFace>| f.as_ref().map(|f| f.id.clone());
        if shown.is_some_and(|s| id_of(s) != id_of(face)) {
            blur_inside(&tr);
        }
        let differs = |get: fn(&RowFace) -> &str| changed(shown, face, get);
        let changed_by = |same: fn(&RowFace, &RowFace) -> bool| match (shown, face) {
            (Some(Some(s)), Some(f)) => !same(s, f),
            (Some(None), None) => false,
            _ => true,
        };

        if shown.is_none_or(|s| s.is_some() != face.is_some()) {
            tr.set_hidden(face.is_none());
            set_attr(&tr, "data-testid", face.is_some().then_some("pool-row"));
        }
        if let Some(id) = differs(|f| &f.id) {
            set_attr(&tr, "data-pool-id", Some(id));
            let href = |route: fn(String) -> Route| {
                face.as_ref()
                    .map(|f| route(f.id.clone()).href())
                    .unwrap_or_default()
            };
            set_attr_on(self.link, "href", &href(Route::Pool));
            set_attr_on(self.edit, "href", &href(Route::PoolEdit));
            set_attr_on(self.clone, "href", &href(Route::PoolClone));
        }
        if let Some(name) = differs(|f| &f.name) {
            set_attr(&tr, "data-pool-name", Some(name));
            set_text(self.link, name);
            let label = |verb: &str| {
                face.as_ref()
                    .map(|_| format!("{verb} pool {name}"))
                    .unwrap_or_default()
            };
            set_attr_on(self.select, "aria-label", &label("Select"));
            set_attr_on(self.edit, "aria-label", &label("Edit"));
            set_attr_on(self.clone, "aria-label", &label("Clone"));
            set_attr_on(self.delete, "aria-label", &label("Delete"));
        }
        if changed_by(|a, b| a.enabled == b.enabled && a.name == b.name) {
            let (word, label) = face.as_ref().map_or_else(Default::default, |f| {
                (
                    f.toggle_word(),
                    format!("{} pool {}", f.toggle_word(), f.name),
                )
            });
            set_text(self.toggle, word);
            set_attr_on(self.toggle, "aria-label", &label);
        }
        if let Some(state) = differs(|f| f.state_word()) {
            set_text(self.state, state);
        }
        if changed_by(|a, b| a.status == b.status) {
            let status = face.as_ref().map_or(PoolStatus::Unknown, |f| f.status);
            set_attr_on(self.badge, "class", &badge_class(status));
            set_text(self.badge, status.label());
        }
        if let Some(title) = differs(|f| &f.status_title) {
            set_attr_on(self.badge, "title", title);
        }
        if let Some(text) = differs(|f| &f.description) {
            set_text(self.description, text);
        }
        if let Some(text) = differs(|f| &f.endpoints) {
            set_text(self.endpoints, text);
        }
        if let Some(text) = differs(|f| &f.monitor) {
            set_text(self.monitor, text);
        }
        if let Some(text) = differs(|f| &f.regions) {
            set_text(self.regions, text);
        }
        if let Some(text) = differs(|f| &f.modified) {
            set_text(self.modified, text);
        }
    }
}

/// The field `get` of `face` (`""` for an empty place) when the row,
/// showing `shown`, does not show it yet.
fn changed<'a>(
    shown: Option<&Option<RowFace>>,
    face: &'a Option<RowFace>,
    get: fn(&RowFace) -> &str,
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

fn set_attr_on<E>(node: NodeRef<E>, name: &str, value: &str)
where
    E: html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    if let Some(el) = node.get_untracked() {
        set_attr(el.unchecked_ref(), name, Some(value));
    }
}

fn set_text<E>(node: NodeRef<E>, text: &str)
where
    E: html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    if let Some(el) = node.get_untracked() {
        el.unchecked_ref::<web_sys::Node>()
            .set_text_content(Some(text));
    }
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
