//! One row of the pools list: its selection box, the pool's link, its
//! health and the Edit / Clone / Enable-Disable / Delete actions.
//!
//! A row is a slot, not a pool: the list keeps a row per place in its
//! window and a keystroke that changes which pools match only rewrites the
//! texts and attributes of the rows whose pool changed. Re-creating the
//! rows instead (about 20 components and their listeners per keystroke)
//! was most of a search keystroke's cost over 5,000 pools.

use leptos::prelude::*;
use pooldeck_model::PoolStatus;
use wasm_bindgen::JsCast;

use super::list_model::Row;
use super::selection::use_selection;
use crate::components::status_badge::StatusBadge;
use crate::routes::Route;

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
    // One closure type for every text and attribute (a function pointer
    // picks the field), so the row adds one reactive view type, not twenty.
    let text = move |get: fn(&RowFace) -> String| {
        Signal::derive(move || face.with(|f| f.as_ref().map(get).unwrap_or_default()))
    };
    // The pool an event acts on: the one the row shows when it happens.
    let now = move || face.get_untracked();
    let is_current = move || {
        face.with(|f| {
            current.with(|c| {
                f.as_ref()
                    .is_some_and(|f| c.as_deref() == Some(f.id.as_str()))
            })
        })
    };
    let selection = use_selection();
    let selected = move || face.with(|f| f.as_ref().is_some_and(|f| selection.is_selected(&f.id)));
    let href = move |route: fn(String) -> Route| {
        Signal::derive(move || {
            face.with(|f| {
                f.as_ref()
                    .map(|f| route(f.id.clone()).href())
                    .unwrap_or_default()
            })
        })
    };
    let status =
        Signal::derive(move || face.with(|f| f.as_ref().map_or(PoolStatus::Unknown, |f| f.status)));
    let title = text(|f| f.status_title.clone());

    // The pool under a focused row can change (a toggle re-sorts the list
    // by state, a refresh by health): the focus must not stay on the
    // buttons of the pool that slid into its place. It leaves the row, and
    // the list puts it back on the current pool's row wherever that is now.
    let tr = NodeRef::<leptos::html::Tr>::new();
    Effect::watch(
        move || face.with(|f| f.as_ref().map(|f| f.id.clone())),
        // Run on any change of the face: only another pool counts.
        move |id, before, _| {
            if before.is_some_and(|before| before != id) {
                blur_inside(tr)
            }
        },
        false,
    );

    view! {
        <tr
            node_ref={tr}
            data-testid={move || face.with(Option::is_some).then_some("pool-row")}
            hidden={move || face.with(Option::is_none)}
            data-pool-id={text(|f| f.id.clone())}
            data-pool-name={text(|f| f.name.clone())}
            aria-rowindex={rowindex.to_string()}
            class:pd-row-current={is_current}
            data-current={move || is_current().then_some("true")}
        >
            <td>
                <input
                    type="checkbox"
                    class="pd-select"
                    data-testid="pool-select"
                    aria-label={text(|f| format!("Select pool {}", f.name))}
                    prop:checked={selected}
                    on:change={move |ev| {
                        if let Some(f) = now() {
                            selection.set(&f.id, event_target_checked(&ev))
                        }
                    }}
                />
                <a
                    href={href(Route::Pool)}
                    data-testid="pool-link"
                    on:focus={move |_| {
                        if let Some(f) = now() {
                            current.set(Some(f.id))
                        }
                    }}
                >
                    {text(|f| f.name.clone())}
                </a>
            </td>
            <td>{text(|f| f.description.clone())}</td>
            <td>{text(|f| (if f.enabled { "Enabled" } else { "Disabled" }).to_owned())}</td>
            <td>
                <StatusBadge status={status} title={title} />
            </td>
            <td data-testid="pool-endpoints">{text(|f| f.endpoints.clone())}</td>
            <td>{text(|f| f.monitor.clone())}</td>
            <td>{text(|f| f.regions.clone())}</td>
            <td>{text(|f| f.modified.clone())}</td>
            <td>
                <div class="pd-actions">
                    <a
                        href={href(Route::PoolEdit)}
                        class="pd-button"
                        data-testid="pool-edit"
                        aria-label={text(|f| format!("Edit pool {}", f.name))}
                    >
                        "Edit"
                    </a>
                    <a
                        href={href(Route::PoolClone)}
                        class="pd-button"
                        data-testid="pool-clone"
                        aria-label={text(|f| format!("Clone pool {}", f.name))}
                    >
                        "Clone"
                    </a>
                    <button
                        type="button"
                        class="pd-button"
                        data-testid="pool-toggle"
                        aria-label={text(|f| format!("{} pool {}", f.toggle_word(), f.name))}
                        on:click={move |_| {
                            if let Some(f) = now() {
                                on_toggle.run((f.id, f.name, !f.enabled))
                            }
                        }}
                    >
                        {text(|f| f.toggle_word().to_owned())}
                    </button>
                    <button
                        type="button"
                        class="pd-button pd-danger"
                        data-testid="pool-delete"
                        aria-label={text(|f| format!("Delete pool {}", f.name))}
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

/// Takes the focus out of `row` when it is inside it; the list's
/// `focusout` handler then puts it on the current pool's row.
fn blur_inside(row: NodeRef<leptos::html::Tr>) {
    let Some(row) = row.get_untracked() else {
        return;
    };
    let Some(active) = document().active_element() else {
        return;
    };
    if row.contains(Some(&active)) {
        if let Ok(el) = active.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.blur();
        }
    }
}
