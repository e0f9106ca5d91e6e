//! The Monitors page: every monitor with what it checks and how many pools
//! use it (from each monitor's references), searchable and sortable; and
//! the monitor groups below it. Create and edit open the monitor form on
//! its own page; delete refuses while a pool uses the monitor.

mod delete_dialog;
mod edit;
mod group_edit;
mod groups;
pub mod list_model;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::ResourceType;

use delete_dialog::{Deletable, DeleteMonitorDialog};
pub use edit::MonitorEditPage;
pub use group_edit::MonitorGroupEditPage;
use groups::MonitorGroups;
use list_model::{select, MonitorRow, SortKey};

use crate::api::{Api, ApiError};
use crate::components::error_panel::ErrorPanel;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::routes::Route;

/// The pools that use a monitor or group, as `(id, name)` in name order,
/// from its references; `None` when they could not be read.
pub fn pools_of(
    refs: Result<Vec<pooldeck_model::Reference>, ApiError>,
) -> Option<Vec<(String, String)>> {
    refs.ok().map(|r| {
        let mut pools: Vec<(String, String)> = r
            .into_iter()
            .filter(|r| r.is_referrer(ResourceType::Pool))
            .map(|r| (r.resource_id, r.resource_name))
            .collect();
        pools.sort_by_key(|(_, name)| name.to_lowercase());
        pools
    })
}

/// Only the names of [`pools_of`].
fn names(pools: Option<Vec<(String, String)>>) -> Option<Vec<String>> {
    pools.map(|p| p.into_iter().map(|(_, name)| name).collect())
}

async fn load(api: Api) -> Result<Vec<MonitorRow>, ApiError> {
    let monitors = api.list_monitors().await?;
    let refs = futures::future::join_all(
        monitors
            .iter()
            .map(|m| api.monitor_references(m.id.as_deref().unwrap_or_default())),
    )
    .await;
    Ok(monitors
        .into_iter()
        .zip(refs)
        .map(|(monitor, r)| MonitorRow {
            monitor,
            pools: names(pools_of(r)),
        })
        .collect())
}

/// The Pools cell: "2: api, web" (at most three names; all in the title).
fn pools_cell(pools: &Option<Vec<String>>) -> (String, String) {
    match pools {
        None => ("?".into(), "The references could not be read".into()),
        Some(p) if p.is_empty() => ("0".into(), "No pool uses it".into()),
        Some(p) => {
            let mut shown = p.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            if p.len() > 3 {
                shown.push('…');
            }
            (format!("{}: {shown}", p.len()), p.join(", "))
        }
    }
}

#[component]
pub fn MonitorsPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let data = LocalResource::new(move || load(api.clone()));
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((SortKey::Description, false));
    let rows = Memo::new(move |_| data.get().and_then(Result::ok).unwrap_or_default());
    let picked = Memo::new(move |_| {
        let (key, desc) = sort.get();
        rows.with(|r| search.with(|s| select(r, s, key, desc)))
    });
    let deleting = RwSignal::new(None::<(String, String)>);

    let sort_header = move |key: SortKey| {
        let aria = move || match sort.get() {
            (k, _) if k != key => "none",
            (_, true) => "descending",
            _ => "ascending",
        };
        view! {
            <th scope="col" aria-sort={aria}>
                <button
                    type="button"
                    class="pd-sort"
                    data-testid={format!("monitor-sort-{}", key.slug())}
                    on:click={move |_| {
                        sort.update(|(k, d)| {
                            if *k == key {
                                *d = !*d
                            } else {
                                *k = key;
                                *d = false;
                            }
                        })
                    }}
                >
                    {key.label()}
                </button>
            </th>
        }
    };

    view! {
        <Title text="Monitors" />
        <div class="pd-page-head">
            <h1 data-testid="page-title">"Monitors"</h1>
            <a
                href={Route::MonitorNew.href()}
                class="pd-button pd-primary"
                data-testid="monitor-new"
            >
                "Create monitor"
            </a>
        </div>
        <p class="pd-muted">"Health monitors check the endpoints of the pools that use them."</p>
        <div class="pd-toolbar" role="search">
            <label for="monitor-search">"Search monitors"</label>
            <input
                id="monitor-search"
                type="search"
                data-testid="monitor-search"
                placeholder="Description, type, path, code or ID"
                prop:value={move || search.get()}
                on:input={move |ev| search.set(event_target_value(&ev))}
            />
        </div>
        {move || match data.get() {
            None => {
                view! {
                    <p class="pd-skeleton" data-testid="monitors-loading">
                        "Loading monitors…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
            }
            Some(Ok(all)) if all.is_empty() => {
                view! {
                    <div class="pd-empty" data-testid="monitors-empty">
                        <p>
                            "There are no monitors in this account yet. A pool without a monitor is never health-checked."
                        </p>
                        <a href={Route::MonitorNew.href()} class="pd-button pd-primary">
                            "Create the first monitor"
                        </a>
                    </div>
                }
                    .into_any()
            }
            Some(Ok(_)) => {
                view! {
                    <p class="pd-muted" aria-live="polite" data-testid="monitors-count">
                        {move || {
                            format!("{} of {} monitors", picked.with(Vec::len), rows.with(Vec::len))
                        }}
                    </p>
                    <table class="pd-table" data-testid="monitors-table">
                        <thead>
                            <tr>
                                {SortKey::ALL.into_iter().map(sort_header).collect_view()}
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each={move || {
                                    picked
                                        .with(|p| {
                                            rows.with(|r| {
                                                p.iter().map(|&i| r[i].clone()).collect::<Vec<_>>()
                                            })
                                        })
                                }}
                                key={|r| (
                                    r.id().to_owned(),
                                    r.monitor.modified_on.clone(),
                                    r.pools.clone(),
                                )}
                                children={move |r: MonitorRow| {
                                    let id = r.id().to_owned();
                                    let name = r.monitor.display_name();
                                    let link_text = name.clone();
                                    let (count, who) = pools_cell(&r.pools);
                                    let target = r.target();
                                    let m = r.monitor;
                                    let (did, dname) = (id.clone(), name.clone());
                                    view! {
                                        <tr data-testid="monitor-row" data-monitor-id={id.clone()}>
                                            <td>
                                                <a
                                                    href={Route::Monitor(id.clone()).href()}
                                                    data-testid="monitor-link"
                                                >
                                                    {link_text}
                                                </a>
                                            </td>
                                            <td>{m.kind.label().to_owned()}</td>
                                            <td>{target}</td>
                                            <td>{m.expected_codes.clone().unwrap_or_default()}</td>
                                            <td>{format!("{} s", m.interval)}</td>
                                            <td data-testid="monitor-pools" title={who.clone()}>
                                                {count}
                                            </td>
                                            <td>
                                                <div class="pd-actions">
                                                    <a
                                                        href={Route::Monitor(id.clone()).href()}
                                                        class="pd-button"
                                                        data-testid="monitor-edit"
                                                        aria-label={format!("Edit monitor {name}")}
                                                    >
                                                        "Edit"
                                                    </a>
                                                    <button
                                                        type="button"
                                                        class="pd-button pd-danger"
                                                        data-testid="monitor-delete"
                                                        aria-label={format!("Delete monitor {name}")}
                                                        on:click={move |_| {
                                                            deleting.set(Some((did.clone(), dname.clone())))
                                                        }}
                                                    >
                                                        "Delete"
                                                    </button>
                                                </div>
                                            </td>
                                        </tr>
                                    }
                                }}
                            />
                        </tbody>
                    </table>
                    {move || {
                        picked
                            .with(Vec::is_empty)
                            .then(|| {
                                view! {
                                    <p class="pd-empty" data-testid="monitors-no-match">
                                        "No monitor matches this search."
                                    </p>
                                }
                            })
                    }}
                }
                    .into_any()
            }
        }}
        <MonitorGroups />
        {move || {
            deleting
                .get()
                .map(|(id, name)| {
                    let gone = name.clone();
                    view! {
                        <DeleteMonitorDialog
                            what={Deletable::Monitor}
                            id={id}
                            name={name}
                            on_close={move |_| deleting.set(None)}
                            on_deleted={move |_| {
                                deleting.set(None);
                                toasts.success(format!("Monitor {gone} deleted"));
                                data.refetch();
                            }}
                        />
                    }
                })
        }}
    }
}
