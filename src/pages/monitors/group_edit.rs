//! `/monitors/groups/new` and `/monitors/groups/{id}`: a monitor group's
//! description and members (each with its enabled, monitoring-only and
//! must-be-healthy flags), validated by the model crate as edited.

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::validate::validate_monitor_group;
use pooldeck_model::{Monitor, MonitorGroup, MonitorGroupMember};

use crate::api::{Api, ApiError};
use crate::components::error_panel::ErrorPanel;
use crate::components::field::{
    aria_describedby, aria_invalid, FieldMessage, FieldState, Saving, TextField,
};
use crate::components::leave_guard::guard_leaving;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::hooks::focus_after_render;
use crate::routes::{use_go, Route};

async fn load(api: Api, id: Option<String>) -> Result<(MonitorGroup, Vec<Monitor>), ApiError> {
    let group = async {
        match &id {
            Some(id) => api.get_monitor_group(id).await,
            None => Ok(MonitorGroup::default()),
        }
    };
    let (group, monitors) = futures::join!(group, api.list_monitors());
    Ok((group?, monitors?))
}

#[component]
pub fn MonitorGroupEditPage() -> impl IntoView {
    let api = use_api();
    let id = crate::router::route_id();
    let data = {
        let id = id.clone();
        LocalResource::new(move || load(api.clone(), id.clone()))
    };
    let title = if id.is_some() {
        "Edit monitor group"
    } else {
        "Create monitor group"
    };
    view! {
        <Title text={title} />
        <p class="pd-breadcrumb">
            <a href={Route::Monitors.href()}>"Monitors"</a>
        </p>
        <h1 data-testid="page-title" tabindex="-1">
            {title}
        </h1>
        {move || match data.get() {
            None => view! { <p class="pd-skeleton">"Loading…"</p> }.into_any(),
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
            }
            Some(Ok((group, monitors))) => {
                view! { <GroupForm group={group} monitors={monitors} /> }.into_any()
            }
        }}
    }
}

#[component]
fn GroupForm(group: MonitorGroup, monitors: Vec<Monitor>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = use_go();
    let editing = group.id.clone();
    let value = RwSignal::new(group.clone());
    let findings = Memo::new(move |_| value.with(validate_monitor_group));
    let checks = FieldState::new(findings.into());
    // Row keys, parallel to `members`, so rows keep their DOM across edits.
    let keys = RwSignal::new((0..group.members.len() as u32).collect::<Vec<_>>());
    let next_key = StoredValue::new(group.members.len() as u32);
    let saving = Saving::new(checks, &["description", "members"]);
    let saved = RwSignal::new(false);
    let start = group.clone();
    let dirty = Memo::new(move |_| !saved.get() && value.with(|g| *g != start));
    guard_leaving(
        dirty.into(),
        "Leave this monitor group? Your changes are not saved.",
    );
    let (busy, banner) = (saving.busy, saving.banner);
    let monitors = StoredValue::new(monitors);

    let member = move |key: u32, f: &dyn Fn(&mut MonitorGroupMember)| {
        let Some(i) = keys.with_untracked(|k| k.iter().position(|x| *x == key)) else {
            return;
        };
        value.update(|g| f(&mut g.members[i]));
    };
    let row = move |key: u32| {
        let i = keys
            .with_untracked(|k| k.iter().position(|x| *x == key))
            .unwrap_or(0);
        let m = value.with_untracked(|g| g.members.get(i).cloned().unwrap_or_default());
        let n = i + 1;
        let select_id = format!("group-member-{key}");
        let msg = checks.message(format!("members[{i}]"));
        let input_id = Signal::stored(select_id.clone());
        let flag = move |label: &'static str,
                         test: &'static str,
                         on: bool,
                         set: fn(&mut MonitorGroupMember, bool)| {
            let id = format!("{test}-{key}");
            view! {
                <span class="pd-check">
                    <input
                        type="checkbox"
                        id={id.clone()}
                        data-testid={test}
                        prop:checked={on}
                        on:change={move |ev| {
                            let v = event_target_checked(&ev);
                            member(key, &|m| set(m, v));
                        }}
                    />
                    <label for={id}>{label}</label>
                </span>
            }
        };
        view! {
            <div class="pd-member-row" data-testid="group-member">
                <label for={select_id.clone()}>{format!("Member {n} monitor")}</label>
                <select
                    id={select_id.clone()}
                    data-testid="group-member-monitor"
                    aria-invalid={aria_invalid(msg)}
                    aria-describedby={aria_describedby(input_id, msg)}
                    on:change={move |ev| {
                        let v = event_target_value(&ev);
                        member(key, &|m| m.monitor_id = v.clone());
                    }}
                    on:blur={move |_| checks.touch(&format!("members[{i}]"))}
                >
                    <option value="" selected={m.monitor_id.is_empty()}>
                        "Choose a monitor"
                    </option>
                    {monitors
                        .get_value()
                        .into_iter()
                        .map(|x| {
                            let id = x.id.clone().unwrap_or_default();
                            let selected = id == m.monitor_id;
                            view! {
                                <option value={id} selected={selected}>
                                    {x.display_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                {flag("Enabled", "group-member-enabled", m.enabled, |m, v| m.enabled = v)}
                {flag(
                    "Monitoring only",
                    "group-member-monitoring-only",
                    m.monitoring_only,
                    |m, v| m.monitoring_only = v,
                )}
                {flag(
                    "Must be healthy",
                    "group-member-must-be-healthy",
                    m.must_be_healthy,
                    |m, v| m.must_be_healthy = v,
                )}
                <button
                    type="button"
                    class="pd-button"
                    data-testid="group-member-remove"
                    aria-label={format!("Remove member {n}")}
                    on:click={move |_| {
                        let Some(i) = keys.with_untracked(|k| k.iter().position(|x| *x == key))
                        else { return };
                        keys.update(|k| {
                            k.remove(i);
                        });
                        value
                            .update(|g| {
                                g.members.remove(i);
                            });
                    }}
                >
                    "Remove"
                </button>
                <FieldMessage input_id={input_id} message={msg} />
            </div>
        }
    };

    let members_msg = Signal::derive(move || {
        // Only the list-level finding ("at least one member") goes here;
        // each row shows its own.
        checks
            .message("members")
            .get()
            .filter(|_| value.with(|g| g.members.is_empty()))
    });
    let cancel = { move |_| go.to(Route::Monitors) };
    let submit = move |ev: web_sys::SubmitEvent| {
        if !saving.begin(&ev) {
            return;
        }
        let (api, editing, go) = (api.clone(), editing.clone(), go);
        let g = value.get_untracked();
        saving.run(
            async move {
                match &editing {
                    Some(id) => api.replace_monitor_group(id, &g).await,
                    None => api.create_monitor_group(&g).await,
                }
            },
            move |g| {
                saved.set(true);
                toasts.success(format!("Monitor group {} saved", g.description));
                go.replace(Route::Monitors);
            },
        );
    };
    view! {
        <form
            class="pd-form"
            novalidate
            node_ref={saving.form}
            on:submit={submit}
            data-testid="group-form"
        >
            <TextField
                fields={checks}
                path="description"
                id="group-description"
                label={Some("Description")}
                test_id="group-description"
                value={group.description.clone()}
                on_input={Callback::new(move |v: String| value.update(|g| g.description = v))}
            />
            <fieldset class="pd-fieldset" data-testid="group-members">
                <legend>"Members"</legend>
                <For each={move || keys.get()} key={|k| *k} children={row} />
                <button
                    type="button"
                    class="pd-button"
                    data-testid="group-member-add"
                    on:click={move |_| {
                        let key = next_key.get_value();
                        next_key.set_value(key + 1);
                        value
                            .update(|g| {
                                g.members
                                    .push(MonitorGroupMember {
                                        enabled: true,
                                        ..MonitorGroupMember::default()
                                    })
                            });
                        keys.update(|k| k.push(key));
                        focus_after_render(format!("group-member-{key}"));
                    }}
                >
                    "Add member"
                </button>
                <FieldMessage
                    input_id={Signal::stored("group-members".to_owned())}
                    message={members_msg}
                />
            </fieldset>
            {move || {
                banner
                    .get()
                    .map(|e| {
                        view! {
                            <p class="pd-field-error" role="alert" data-testid="group-form-error">
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="pd-dialog-actions">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="group-cancel"
                    on:click={cancel}
                >
                    "Cancel"
                </button>
                <button
                    type="submit"
                    class="pd-button pd-primary"
                    data-testid="group-save"
                    disabled={move || busy.get()}
                >
                    {move || if busy.get() { "Saving…" } else { "Save monitor group" }}
                </button>
            </div>
        </form>
    }
}
