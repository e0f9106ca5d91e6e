//! The monitor groups section of the Monitors page: each group with its
//! members and the pools that use it. Groups are an Enterprise, API-only
//! feature, so an account without them gets a note, not an error.

use leptos::prelude::*;
use pooldeck_model::{Monitor, MonitorGroup};

use super::delete_dialog::{Deletable, DeleteMonitorDialog};
use super::pools_of;
use crate::api::{Api, ApiError, ErrorKind};
use crate::components::error_panel::ErrorPanel;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::routes::Route;

#[derive(Clone, Debug, PartialEq)]
struct GroupRow {
    group: MonitorGroup,
    pools: Option<Vec<String>>,
}

/// `None`: the API has no monitor groups for this account (not Enterprise,
/// or an API that predates them).
async fn load(api: Api) -> Result<Option<(Vec<GroupRow>, Vec<Monitor>)>, ApiError> {
    let groups = match api.list_monitor_groups().await {
        Ok(g) => g,
        Err(e) if e.kind == ErrorKind::Api && matches!(e.status, 403 | 404) => return Ok(None),
        Err(e) => return Err(e),
    };
    let (refs, monitors) = futures::join!(
        futures::future::join_all(
            groups
                .iter()
                .map(|g| api.monitor_group_references(g.id.as_deref().unwrap_or_default()))
        ),
        api.list_monitors()
    );
    Ok(Some((
        groups
            .into_iter()
            .zip(refs)
            .map(|(group, r)| GroupRow {
                group,
                pools: super::names(pools_of(r)),
            })
            .collect(),
        monitors.unwrap_or_default(),
    )))
}

/// "api check (must be healthy), db check (monitoring only)".
fn members_text(g: &MonitorGroup, monitors: &[Monitor]) -> String {
    g.members
        .iter()
        .map(|m| {
            let name = monitors
                .iter()
                .find(|x| x.id.as_deref() == Some(m.monitor_id.as_str()))
                .map_or_else(|| m.monitor_id.clone(), Monitor::display_name);
            let flags: Vec<&str> = [
                (!m.enabled).then_some("disabled"),
                m.monitoring_only.then_some("monitoring only"),
                m.must_be_healthy.then_some("must be healthy"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if flags.is_empty() {
                name
            } else {
                format!("{name} ({})", flags.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[component]
pub fn MonitorGroups() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let data = LocalResource::new(move || load(api.clone()));
    let deleting = RwSignal::new(None::<(String, String)>);
    view! {
        <section aria-labelledby="groups-title" data-testid="monitor-groups">
            <div class="pd-page-head">
                <h2 id="groups-title">"Monitor groups"</h2>
                <a href={Route::MonitorGroupNew.href()} class="pd-button" data-testid="group-new">
                    "Create monitor group"
                </a>
            </div>
            <p class="pd-muted">
                "A group combines monitors: a failing must-be-healthy member marks an endpoint unhealthy; otherwise more than half of the voting members must fail. Monitoring-only and disabled members do not vote."
            </p>
            {move || match data.get() {
                None => view! { <p class="pd-skeleton">"Loading monitor groups…"</p> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
                }
                Some(Ok(None)) => {
                    view! {
                        <p class="pd-muted" data-testid="groups-unavailable">
                            "This account has no monitor groups: they need an Enterprise plan."
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(Some((rows, _)))) if rows.is_empty() => {
                    view! {
                        <p class="pd-empty" data-testid="groups-empty">
                            "No monitor groups yet."
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(Some((rows, monitors)))) => {
                    view! {
                        <table class="pd-table" data-testid="groups-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Description"</th>
                                    <th scope="col">"Members"</th>
                                    <th scope="col">"Pools"</th>
                                    <th scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|r| {
                                        let id = r.group.id.clone().unwrap_or_default();
                                        let name = r.group.description.clone();
                                        let link_text = name.clone();
                                        let (did, dname) = (id.clone(), name.clone());
                                        let pools = r
                                            .pools
                                            .clone()
                                            .map_or_else(
                                                || "?".to_owned(),
                                                |p| {
                                                    if p.is_empty() {
                                                        "0".to_owned()
                                                    } else {
                                                        format!("{}: {}", p.len(), p.join(", "))
                                                    }
                                                },
                                            );
                                        view! {
                                            <tr data-testid="group-row" data-group-id={id.clone()}>
                                                <td>
                                                    <a href={Route::MonitorGroup(id.clone())
                                                        .href()}>{link_text}</a>
                                                </td>
                                                <td>{members_text(&r.group, &monitors)}</td>
                                                <td data-testid="group-pools">{pools}</td>
                                                <td>
                                                    <div class="pd-actions">
                                                        <a
                                                            href={Route::MonitorGroup(id.clone()).href()}
                                                            class="pd-button"
                                                            data-testid="group-edit"
                                                            aria-label={format!("Edit monitor group {name}")}
                                                        >
                                                            "Edit"
                                                        </a>
                                                        <button
                                                            type="button"
                                                            class="pd-button pd-danger"
                                                            data-testid="group-delete"
                                                            aria-label={format!("Delete monitor group {name}")}
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
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
        {move || {
            deleting
                .get()
                .map(|(id, name)| {
                    let gone = name.clone();
                    view! {
                        <DeleteMonitorDialog
                            what={Deletable::Group}
                            id={id}
                            name={name}
                            on_close={move |_| deleting.set(None)}
                            on_deleted={move |_| {
                                deleting.set(None);
                                toasts.success(format!("Monitor group {gone} deleted"));
                                data.refetch();
                            }}
                        />
                    }
                })
        }}
    }
}
