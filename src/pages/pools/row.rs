//! One row of the pools list: its selection box, the pool's link, its
//! health and the Edit / Clone / Enable-Disable / Delete actions.

use leptos::prelude::*;

use super::list_model::Row;
use super::selection::use_selection;
use crate::components::status_badge::StatusBadge;
use crate::routes::Route;

/// The row for `row`. `current` is the shortcuts' cursor: the row shows it
/// and takes it when its link gets focus (and a windowed list keeps the
/// current row rendered while it is scrolled away).
#[component]
pub fn PoolRow(
    row: Row,
    /// `aria-rowindex`: the row's place in the whole list, the header
    /// row being 1, for a list that renders only some rows.
    rowindex: usize,
    current: RwSignal<Option<String>>,
    /// Asked to enable (`true`) or disable the pool: (id, name, enable).
    #[prop(into)]
    on_toggle: Callback<(String, String, bool)>,
    /// Asked to delete the pool: (id, name).
    #[prop(into)]
    on_delete: Callback<(String, String)>,
) -> impl IntoView {
    let id = StoredValue::new(row.id().to_owned());
    let name = row.pool.name.clone();
    let enabled = row.pool.enabled;
    let is_current = move || current.with(|c| id.with_value(|id| c.as_deref() == Some(id)));
    let toggle_word = if enabled { "Disable" } else { "Enable" };
    let modified = row
        .pool
        .modified_on
        .as_deref()
        .unwrap_or_default()
        .get(..16)
        .unwrap_or_default()
        .replace('T', " ");
    let pool = Route::Pool(id.get_value());
    let edit = Route::PoolEdit(id.get_value());
    let clone = Route::PoolClone(id.get_value());
    let on_click_toggle = {
        let name = name.clone();
        move |_| on_toggle.run((id.get_value(), name.clone(), !enabled))
    };
    let selection = use_selection();
    let selected = move || id.with_value(|id| selection.is_selected(id));
    let on_click_delete = {
        let name = name.clone();
        move |_| on_delete.run((id.get_value(), name.clone()))
    };
    view! {
        <tr
            data-testid="pool-row"
            data-pool-id={id.get_value()}
            data-pool-name={name.clone()}
            aria-rowindex={rowindex.to_string()}
            class:pd-row-current={is_current}
            data-current={move || is_current().then_some("true")}
        >
            <td>
                <input
                    type="checkbox"
                    class="pd-select"
                    data-testid="pool-select"
                    aria-label={format!("Select pool {name}")}
                    prop:checked={selected}
                    on:change={move |ev| {
                        id.with_value(|id| selection.set(id, event_target_checked(&ev)))
                    }}
                />
                <a
                    href={pool.href()}
                    data-testid="pool-link"
                    on:focus={move |_| current.set(Some(id.get_value()))}
                >
                    {name.clone()}
                </a>
            </td>
            <td>{row.pool.description.clone()}</td>
            <td>{if enabled { "Enabled" } else { "Disabled" }}</td>
            <td>
                <StatusBadge status={row.status.status} title={row.status.explain()} />
            </td>
            <td data-testid="pool-endpoints">
                {format!("{}/{}", row.status.healthy, row.status.total)}
            </td>
            <td>{row.monitor_name}</td>
            <td>{row.regions}</td>
            <td>{modified}</td>
            <td>
                <div class="pd-actions">
                    <a
                        href={edit.href()}
                        class="pd-button"
                        data-testid="pool-edit"
                        aria-label={format!("Edit pool {name}")}
                    >
                        "Edit"
                    </a>
                    <a
                        href={clone.href()}
                        class="pd-button"
                        data-testid="pool-clone"
                        aria-label={format!("Clone pool {name}")}
                    >
                        "Clone"
                    </a>
                    <button
                        type="button"
                        class="pd-button"
                        data-testid="pool-toggle"
                        aria-label={format!("{toggle_word} pool {name}")}
                        on:click={on_click_toggle}
                    >
                        {toggle_word}
                    </button>
                    <button
                        type="button"
                        class="pd-button pd-danger"
                        data-testid="pool-delete"
                        aria-label={format!("Delete pool {name}")}
                        on:click={on_click_delete}
                    >
                        "Delete"
                    </button>
                </div>
            </td>
        </tr>
    }
}
