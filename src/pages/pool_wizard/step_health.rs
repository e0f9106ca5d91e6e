//! Step 3, Health: the Health Threshold with a live statement and a "what
//! if" table, the monitor (or monitor group, never both), the Health
//! Monitor Regions on a map and as a checkbox list, the probe cost, and a
//! preview of the endpoints' health before saving.

use leptos::prelude::*;
use pooldeck_model::validate::Limits;
use pooldeck_model::{CheckRegion, Monitor, MonitorGroup};

use super::arithmetic::{
    probes_per_minute, threshold_statement, tolerated_failures, what_if, PROBES_PER_REGION,
};
use super::fields::{message_for, number_field};
use super::form::Form;
use super::monitor_dialog::MonitorDialog;
use super::world_map::WorldMap;
use crate::components::failover::FailoverPanel;
use crate::components::field::FieldMessage;
use crate::components::field::NumberRule;
use crate::components::health_preview::HealthPreview;

/// Which kind of health check the pool uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CheckKind {
    Monitor,
    Group,
    None,
}

fn toggle_region(form: Form, region: CheckRegion) {
    form.base.update(|p| {
        let mut list = p.regions().to_vec();
        if let Some(i) = list.iter().position(|r| *r == region) {
            list.remove(i);
        } else {
            list.push(region);
        }
        p.check_regions = Some(Some(list));
    });
    form.touch("check_regions");
}

#[component]
pub fn StepHealth(
    form: Form,
    limits: Limits,
    /// The account's monitors; a monitor created inline is added.
    monitors: RwSignal<Vec<Monitor>>,
    groups: Vec<MonitorGroup>,
    /// The pool's ID when editing: preview needs a saved pool.
    pool_id: Option<String>,
) -> impl IntoView {
    let enabled = Memo::new(move |_| {
        form.rows
            .with(|r| r.iter().filter(|x| x.origin.with(|o| o.enabled)).count())
    });
    let minimum = Memo::new(move |_| form.base.with(|p| p.minimum_origins));
    let initial_kind = form.base.with_untracked(|p| {
        if p.monitor_group_id().is_some() {
            CheckKind::Group
        } else if p.monitor_id().is_some() || p.id.is_none() {
            // A new pool starts on the monitor list: most pools want one.
            CheckKind::Monitor
        } else {
            CheckKind::None
        }
    });
    let kind = RwSignal::new(initial_kind);
    let set_kind = move |k: CheckKind| {
        kind.set(k);
        form.base.update(|p| match k {
            CheckKind::Monitor => p.monitor_group = None,
            CheckKind::Group => p.monitor = None,
            CheckKind::None => {
                p.monitor = None;
                p.monitor_group = None;
            }
        });
    };
    let search = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let chosen = Memo::new(move |_| form.base.with(|p| p.monitor_id().map(str::to_owned)));
    let interval = Memo::new(move |_| {
        chosen
            .get()
            .and_then(|id| {
                monitors.with(|m| {
                    m.iter()
                        .find(|x| x.id.as_deref() == Some(&id))
                        .map(|x| x.interval)
                })
            })
            .unwrap_or(60)
    });
    let regions = Memo::new(move |_| form.base.with(|p| p.regions().to_vec()));
    let all_dcs = Memo::new(move |_| form.base.with(|p| matches!(p.check_regions, Some(None))));
    let monitor_msg = message_for(form, Signal::stored("monitor".to_owned()));
    let regions_msg = message_for(form, Signal::stored("check_regions".to_owned()));
    let has_groups = !groups.is_empty() || initial_kind == CheckKind::Group;

    view! {
        <section aria-labelledby="threshold-title">
            <h3 id="threshold-title">"Health Threshold"</h3>
            {number_field(
                form,
                "minimum_origins",
                "Health Threshold",
                "health-threshold",
                |p| Some(p.minimum_origins as f64),
                |p, v| p.minimum_origins = v.unwrap_or(1.0) as i64,
                NumberRule {
                    name: "health threshold",
                    required: true,
                    whole: true,
                    range: None,
                },
            )}
            <p data-testid="threshold-statement" aria-live="polite">
                {move || threshold_statement(minimum.get(), enabled.get())}
            </p>
            <p class="pd-hint" data-testid="threshold-tolerance">
                {move || match tolerated_failures(minimum.get(), enabled.get()) {
                    Some(0) => "The pool tolerates no endpoint failure.".to_owned(),
                    Some(n) => {
                        format!(
                            "The pool tolerates {n} endpoint failure{}.",
                            if n == 1 { "" } else { "s" },
                        )
                    }
                    None => "The pool can never be healthy with this threshold.".to_owned(),
                }}
            </p>
            <table class="pd-table pd-compact" data-testid="what-if">
                <caption>"What if endpoints fail"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Failed endpoints"</th>
                        <th scope="col">"Healthy left"</th>
                        <th scope="col">"Pool"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        what_if(minimum.get(), enabled.get())
                            .into_iter()
                            .take(11)
                            .map(|w| {
                                view! {
                                    <tr>
                                        <td>{w.failed}</td>
                                        <td>{w.healthy_left}</td>
                                        <td class={if w.pool_healthy {
                                            "pd-ok"
                                        } else {
                                            "pd-bad"
                                        }}>
                                            {if w.pool_healthy { "Healthy" } else { "Critical" }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>

        <fieldset class="pd-fieldset" data-testid="monitor-picker">
            <legend>"Monitor"</legend>
            <div class="pd-radio-row" role="radiogroup" aria-label="Health checks by">
                <label>
                    <input
                        type="radio"
                        name="check-kind"
                        data-testid="check-kind-monitor"
                        prop:checked={move || kind.get() == CheckKind::Monitor}
                        on:change={move |_| set_kind(CheckKind::Monitor)}
                    />
                    " A monitor"
                </label>
                {has_groups
                    .then(|| {
                        view! {
                            <label>
                                <input
                                    type="radio"
                                    name="check-kind"
                                    data-testid="check-kind-group"
                                    prop:checked={move || kind.get() == CheckKind::Group}
                                    on:change={move |_| set_kind(CheckKind::Group)}
                                />
                                " A monitor group"
                            </label>
                        }
                    })}
                <label>
                    <input
                        type="radio"
                        name="check-kind"
                        data-testid="check-kind-none"
                        prop:checked={move || kind.get() == CheckKind::None}
                        on:change={move |_| set_kind(CheckKind::None)}
                    />
                    " No health checks"
                </label>
            </div>
            {
                let groups = groups.clone();
                move || match kind.get() {
                    CheckKind::Monitor => {
                        view! {
                            <div class="pd-field">
                                <label for="f-monitor">"Search monitors"</label>
                                <input
                                    id="f-monitor"
                                    type="search"
                                    data-testid="monitor-search"
                                    placeholder="Description, type, path or expected codes"
                                    prop:value={move || search.get()}
                                    on:input={move |ev| search.set(event_target_value(&ev))}
                                    aria-describedby={move || {
                                        monitor_msg.with(Option::is_some).then_some("f-monitor-msg")
                                    }}
                                />
                                <FieldMessage input_id="f-monitor" message={monitor_msg} />
                            </div>
                            <ul class="pd-options" data-testid="monitor-options">
                                {move || {
                                    let q = search.get().to_lowercase();
                                    let list: Vec<Monitor> = monitors
                                        .with(|m| {
                                            m.iter()
                                                .filter(|x| monitor_text(x).to_lowercase().contains(&q))
                                                .cloned()
                                                .collect()
                                        });
                                    if list.is_empty() {
                                        return view! {
                                            <li class="pd-muted" data-testid="monitor-none">
                                                {if monitors.with(Vec::is_empty) {
                                                    "This account has no monitors yet. Create one."
                                                } else {
                                                    "No monitor matches."
                                                }}
                                            </li>
                                        }
                                            .into_any();
                                    }
                                    list.into_iter()
                                        .map(|m| {
                                            let id = m.id.clone().unwrap_or_default();
                                            let (id1, id2) = (id.clone(), id.clone());
                                            let input_id = format!("monitor-{id}");
                                            view! {
                                                <li
                                                    data-testid="monitor-option"
                                                    data-monitor-id={id.clone()}
                                                >
                                                    <input
                                                        type="radio"
                                                        name="monitor-choice"
                                                        id={input_id.clone()}
                                                        prop:checked={move || {
                                                            chosen.get().as_deref() == Some(id1.as_str())
                                                        }}
                                                        on:change={move |_| {
                                                            let v = id2.clone();
                                                            form.base
                                                                .update(|p| {
                                                                    p.monitor = Some(v);
                                                                    p.monitor_group = None;
                                                                });
                                                            form.touch("monitor");
                                                        }}
                                                    />
                                                    <label for={input_id}>
                                                        <strong>{m.display_name()}</strong>
                                                        <span class="pd-muted">
                                                            {format!(" · {}", monitor_text(&m))}
                                                        </span>
                                                    </label>
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                        .into_any()
                                }}
                            </ul>
                            <button
                                type="button"
                                class="pd-button"
                                data-testid="create-monitor"
                                on:click={move |_| creating.set(true)}
                            >
                                "Create monitor"
                            </button>
                        }
                            .into_any()
                    }
                    CheckKind::Group => {
                        let groups = groups.clone();
                        view! {
                            <div class="pd-field">
                                <label for="f-monitor_group">"Monitor group"</label>
                                <select
                                    id="f-monitor_group"
                                    data-testid="monitor-group"
                                    prop:value={move || {
                                        form.base
                                            .with(|p| p.monitor_group.clone().unwrap_or_default())
                                    }}
                                    on:change={move |ev| {
                                        let v = event_target_value(&ev);
                                        form.base
                                            .update(|p| {
                                                p.monitor_group = (!v.is_empty()).then_some(v);
                                                p.monitor = None;
                                            });
                                    }}
                                >
                                    <option value="">"Choose a monitor group"</option>
                                    {groups
                                        .into_iter()
                                        .map(|g| {
                                            view! {
                                                <option value={g
                                                    .id
                                                    .clone()
                                                    .unwrap_or_default()}>
                                                    {format!(
                                                        "{} ({} monitors)",
                                                        g.description,
                                                        g.members.len(),
                                                    )}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                            .into_any()
                    }
                    CheckKind::None => {
                        view! {
                            <p class="pd-hint" data-testid="no-monitor-note">
                                "Without health checks every endpoint counts as healthy, and the pool never fails over."
                            </p>
                        }
                            .into_any()
                    }
                }
            }
        </fieldset>
        {
            let limits = limits.clone();
            move || {
                creating
                    .get()
                    .then(|| {
                        view! {
                            <MonitorDialog
                                limits={limits.clone()}
                                on_close={move |_| creating.set(false)}
                                on_created={move |m: Monitor| {
                                    let id = m.id.clone();
                                    monitors.update(|list| list.push(m));
                                    form.base
                                        .update(|p| {
                                            p.monitor = id;
                                            p.monitor_group = None;
                                        });
                                    kind.set(CheckKind::Monitor);
                                    search.set(String::new());
                                    creating.set(false);
                                }}
                            />
                        }
                    })
            }
        }

        <fieldset
            class="pd-fieldset"
            data-testid="region-picker"
            aria-describedby={move || {
                regions_msg.with(Option::is_some).then_some("f-check_regions-msg")
            }}
        >
            <legend>"Health Monitor Regions"</legend>
            <p class="pd-hint">
                "Each region checks every endpoint from three data centers. Click the map or use the list."
            </p>
            <WorldMap
                test_id="region-map"
                selected={regions}
                on_region={Callback::new(move |r| toggle_region(form, r))}
            />
            <div class="pd-checks">
                {CheckRegion::GEOGRAPHIC
                    .iter()
                    .map(|r| {
                        let id = format!("f-check_regions-{}", r.as_str());
                        let for_id = id.clone();
                        let (r1, r2) = (r.clone(), r.clone());
                        view! {
                            <label for={for_id} class="pd-check">
                                <input
                                    type="checkbox"
                                    id={id}
                                    data-testid="region-check"
                                    data-region={r.as_str().to_owned()}
                                    prop:checked={move || regions.with(|s| s.contains(&r1))}
                                    prop:disabled={move || all_dcs.get()}
                                    on:change={move |_| toggle_region(form, r2.clone())}
                                />
                                {format!(" {} ({})", r.label(), r.as_str())}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="pd-toolbar">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="regions-all"
                    on:click={move |_| {
                        form.base
                            .update(|p| {
                                p.check_regions = Some(Some(CheckRegion::GEOGRAPHIC.to_vec()));
                            });
                        form.touch("check_regions");
                    }}
                >
                    "Select all 13"
                </button>
                <button
                    type="button"
                    class="pd-button"
                    data-testid="regions-clear"
                    on:click={move |_| {
                        form.base.update(|p| p.check_regions = Some(Some(Vec::new())));
                        form.touch("check_regions");
                    }}
                >
                    "Clear"
                </button>
            </div>
            <label class="pd-check">
                <input
                    type="checkbox"
                    data-testid="regions-all-dcs"
                    disabled={!limits.enterprise}
                    prop:checked={move || all_dcs.get()}
                    on:change={move |ev| {
                        let on = event_target_checked(&ev);
                        form.base
                            .update(|p| {
                                p.check_regions = if on {
                                    Some(None)
                                } else {
                                    Some(Some(Vec::new()))
                                };
                            });
                        form.touch("check_regions");
                    }}
                />
                " All data centers"
                <span class="pd-muted">
                    {if limits.enterprise {
                        " (Enterprise)"
                    } else {
                        " (Enterprise only; not available on this plan)"
                    }}
                </span>
            </label>
            <FieldMessage input_id="f-check_regions" message={regions_msg} />
            <p data-testid="probe-cost" aria-live="polite">
                {move || {
                    if all_dcs.get() {
                        return "Every data center checks each endpoint: the highest probe volume."
                            .to_owned();
                    }
                    let n: usize = regions.with(|r| r.iter().map(CheckRegion::region_count).sum());
                    let e = enabled.get();
                    let i = interval.get();
                    let per_min = probes_per_minute(n, e, i);
                    format!(
                        "About {} health checks a minute: {n} region{} × {PROBES_PER_REGION} probes × {e} endpoint{} ÷ {i} s interval.",
                        format_rate(per_min),
                        if n == 1 { "" } else { "s" },
                        if e == 1 { "" } else { "s" },
                    )
                }}
            </p>
        </fieldset>
        <Preview form={form} monitors={monitors} pool_id={pool_id.clone()} />
        <FailoverPanel pool={form.draft} pool_id={pool_id} nested=true />
    }
}

fn format_rate(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// What the pickers show about a monitor besides its name.
fn monitor_text(m: &Monitor) -> String {
    let mut parts = vec![m.kind.label().to_owned()];
    if m.kind.is_http() {
        parts.push(m.path.clone().unwrap_or_else(|| "/".into()));
        if let Some(c) = &m.expected_codes {
            parts.push(format!("expects {c}"));
        }
    }
    if let Some(p) = m.port.filter(|p| *p != 0) {
        parts.push(format!("port {p}"));
    }
    parts.push(format!("every {} s", m.interval));
    format!("{} {}", m.description, parts.join(" · "))
        .trim()
        .to_owned()
}

/// "Preview health": the saved pool's endpoints checked with the chosen
/// monitor, before anything is saved.
#[component]
fn Preview(form: Form, monitors: RwSignal<Vec<Monitor>>, pool_id: Option<String>) -> impl IntoView {
    if pool_id.is_none() {
        return view! {
            <p class="pd-hint" data-testid="preview-unavailable">
                "Preview health is available once the pool is saved: the API previews saved pools only."
            </p>
        }.into_any();
    }
    let chosen = move |()| {
        form.base
            .with_untracked(|p| p.monitor_id().map(str::to_owned))
            .and_then(|id| {
                monitors
                    .with_untracked(|m| m.iter().find(|x| x.id.as_deref() == Some(&id)).cloned())
            })
            .ok_or_else(|| "Choose a monitor to preview with.".to_owned())
    };
    view! {
        <section aria-labelledby="preview-title" data-testid="preview">
            <h3 id="preview-title">"Preview health"</h3>
            <p class="pd-hint">
                "Checks the saved endpoints with the chosen monitor, without saving anything."
            </p>
            <HealthPreview
                pool_id={Signal::stored(pool_id)}
                monitor={chosen}
                label="Preview health"
            />
        </section>
    }
    .into_any()
}
