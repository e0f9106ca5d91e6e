//! `/alerts/new?type=health|enablement[&pool=ID]` and `/alerts/{id}`: one
//! form for both load-balancing alert kinds. What the alert watches and
//! when it fires are chosen in Cloudflare's terms; the model crate checks
//! the policy as it is typed; and the form replays the last 24 hours of
//! health events through the filters as they change.

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::policy::{Either, EventSource, NewHealth};
use pooldeck_model::{AlertType, HealthEvent, Pool};

use super::draft::{AlertDraft, PoolScope, EMAILS, POOLS, WEBHOOKS};
use super::fired::{fired_text, since_24h};
use crate::api::{Api, ApiError};
use crate::components::error_panel::ErrorPanel;
use crate::components::field::{FieldMessage, FieldState, Saving, TextField};
use crate::components::leave_guard::guard_leaving;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::routes::{use_go, Route};

#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    draft: AlertDraft,
    pools: Vec<Pool>,
}

async fn load(
    api: Api,
    id: Option<String>,
    kind: AlertType,
    pool: Option<String>,
) -> Result<Loaded, ApiError> {
    let policy = async {
        match &id {
            Some(id) => api.get_policy(id).await.map(Some),
            None => Ok(None),
        }
    };
    let (policy, pools) = futures::join!(policy, api.list_pools());
    let pools = pools?;
    let all: Vec<String> = pools.iter().filter_map(|p| p.id.clone()).collect();
    let draft = match policy? {
        Some(p) => AlertDraft::from_policy(p, &all),
        None => AlertDraft::new(kind, pool.into_iter().collect()),
    };
    Ok(Loaded { draft, pools })
}

#[component]
pub fn AlertEditPage() -> impl IntoView {
    let api = use_api();
    let id = crate::router::route_id();
    let kind = match crate::router::query_param("type").as_deref() {
        Some("enablement") => AlertType::PoolEnablement,
        _ => AlertType::Health,
    };
    let pool = crate::router::query_param("pool");
    let data = {
        let (api, id) = (api.clone(), id.clone());
        LocalResource::new(move || load(api.clone(), id.clone(), kind.clone(), pool.clone()))
    };
    let events = LocalResource::new(move || {
        let api = api.clone();
        async move { api.health_events(&since_24h()).await.ok() }
    });
    let title = if id.is_some() {
        "Edit alert"
    } else {
        "Create alert"
    };
    view! {
        <Title text={title} />
        <p class="pd-breadcrumb">
            <a href={Route::Alerts.href()}>"Alerts"</a>
        </p>
        <h1 data-testid="page-title" tabindex="-1">
            {title}
        </h1>
        {move || match data.get() {
            None => {
                view! {
                    <p class="pd-skeleton" data-testid="alert-loading">
                        "Loading…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
            }
            Some(Ok(l)) => {
                view! {
                    <AlertForm
                        draft={l.draft}
                        pools={l.pools}
                        events={Signal::derive(move || events.get().flatten())}
                    />
                }
                    .into_any()
            }
        }}
    }
}

/// One radio button of a group.
struct Choice {
    value: &'static str,
    label: &'static str,
}

/// A fieldset of radio buttons bound to `get`/`set`.
fn radios(
    name: &'static str,
    legend: &'static str,
    choices: Vec<Choice>,
    get: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
    set: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <fieldset class="pd-fieldset" data-testid={format!("alert-{name}")}>
            <legend>{legend}</legend>
            {choices
                .into_iter()
                .map(|c| {
                    let id = format!("alert-{name}-{}", c.value);
                    view! {
                        <span class="pd-radio">
                            <input
                                type="radio"
                                id={id.clone()}
                                name={format!("alert-{name}")}
                                value={c.value}
                                data-testid={id.clone()}
                                prop:checked={move || get() == c.value}
                                on:change={move |_| set(c.value)}
                            />
                            <label for={id}>{c.label}</label>
                        </span>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

fn health_value(e: Either<NewHealth>) -> &'static str {
    match e {
        Either::Only(NewHealth::Unhealthy) => "unhealthy",
        Either::Only(NewHealth::Healthy) => "healthy",
        Either::Both => "either",
    }
}

fn source_value(e: Either<EventSource>) -> &'static str {
    match e {
        Either::Only(EventSource::Pool) => "pool",
        Either::Only(EventSource::Origin) => "origin",
        Either::Both => "either",
    }
}

fn enabled_value(e: Either<bool>) -> &'static str {
    match e {
        Either::Only(true) => "enabled",
        Either::Only(false) => "disabled",
        Either::Both => "either",
    }
}

#[component]
fn AlertForm(
    draft: AlertDraft,
    pools: Vec<Pool>,
    /// The last 24 hours of health events (`None`: not readable).
    events: Signal<Option<Vec<HealthEvent>>>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = use_go();
    let editing = draft.base.id.clone();
    let is_new = editing.is_none();
    // Where to go afterwards: back to the pool a shortcut came from.
    let back_to = match (&editing, &draft.scope) {
        (None, PoolScope::Chosen(ids)) if ids.len() == 1 => Route::Pool(ids[0].clone()),
        _ => Route::Alerts,
    };
    let all: Vec<String> = pools.iter().filter_map(|p| p.id.clone()).collect();
    let all = StoredValue::new(all);
    let value = RwSignal::new(draft.clone());
    let findings = Memo::new(move |_| value.with(|d| all.with_value(|a| d.findings(a))));
    let checks = FieldState::new(findings.into());
    let saving = Saving::new(checks, &["name", EMAILS, WEBHOOKS, POOLS]);
    let saved = RwSignal::new(false);
    let start = draft.clone();
    let dirty = Memo::new(move |_| !saved.get() && value.with(|d| *d != start));
    guard_leaving(
        dirty.into(),
        "Leave this alert? Your changes are not saved.",
    );
    let (busy, banner) = (saving.busy, saving.banner);
    let pool_filter = RwSignal::new(String::new());
    let is_health = move || value.with(|d| !d.kind.is_pool_enablement());

    let text = move |path: &'static str,
                     label: &'static str,
                     hint: Option<&'static str>,
                     get: fn(&AlertDraft) -> String,
                     set: fn(&mut AlertDraft, String),
                     area: bool| {
        let id = format!("alert-{path}");
        view! {
            <TextField
                fields={checks}
                path={path.to_owned()}
                id={id.clone()}
                label={Some(label)}
                hint={hint}
                test_id={id}
                rows={area.then_some(2)}
                value={value.with_untracked(get)}
                on_input={Callback::new(move |v: String| {
                    value.update(|d| set(d, v));
                    checks.input(path, Ok(()));
                })}
            />
        }
    };

    let pools_msg = checks.message(POOLS);
    let pools = StoredValue::new(pools);
    let pool_list = move || {
        let filter = pool_filter.get().to_lowercase();
        pools.with_value(|list| {
            list.iter()
                .filter(|p| filter.is_empty() || p.name.to_lowercase().contains(&filter))
                .map(|p| {
                    let pid = p.id.clone().unwrap_or_default();
                    let id = format!("alert-pool-{pid}");
                    let checked = {
                        let pid = pid.clone();
                        move || {
                            value.with(
                                |d| matches!(&d.scope, PoolScope::Chosen(l) if l.contains(&pid)),
                            )
                        }
                    };
                    view! {
                        <span class="pd-check">
                            <input
                                type="checkbox"
                                id={id.clone()}
                                data-testid="alert-pool"
                                data-pool-id={pid.clone()}
                                prop:checked={checked}
                                on:change={move |ev| {
                                    let on = event_target_checked(&ev);
                                    value
                                        .update(|d| {
                                            if let PoolScope::Chosen(l) = &mut d.scope {
                                                l.retain(|x| x != &pid);
                                                if on {
                                                    l.push(pid.clone());
                                                }
                                            }
                                        });
                                    checks.touch(POOLS);
                                }}
                            />
                            <label for={id}>{p.name.clone()}</label>
                        </span>
                    }
                })
                .collect_view()
        })
    };

    let cancel = { move |_| go.to(Route::Alerts) };
    let submit = move |ev: web_sys::SubmitEvent| {
        if !saving.begin(&ev) {
            return;
        }
        let (api, editing, go, back_to) = (api.clone(), editing.clone(), go, back_to.clone());
        let policy = value.with_untracked(|d| all.with_value(|a| d.to_policy(a)));
        saving.run(
            async move {
                let saved = match &editing {
                    Some(id) => api.replace_policy(id, &policy).await?,
                    None => api.create_policy(&policy).await?,
                };
                // The answer is only `{id}`: read back what was stored.
                api.get_policy(&saved.id).await
            },
            move |p| {
                saved.set(true);
                toasts.success(format!("Alert {} saved", p.name));
                go.replace(back_to);
            },
        );
    };
    let preview = move || {
        let policy = value.with(|d| all.with_value(|a| d.to_policy(a)));
        fired_text(&policy, events.get().as_deref())
    };

    view! {
        <form
            class="pd-form"
            novalidate
            node_ref={saving.form}
            on:submit={submit}
            data-testid="alert-form"
        >
            {if is_new {
                radios(
                        "kind",
                        "Alert type",
                        vec![
                            Choice {
                                value: "health",
                                label: "Load Balancing Health Alert: a pool or endpoint becomes healthy or unhealthy",
                            },
                            Choice {
                                value: "enablement",
                                label: "Pool Enablement: a pool is enabled or disabled",
                            },
                        ],
                        move || if is_health() { "health" } else { "enablement" },
                        move |v| {
                            value
                                .update(|d| {
                                    d.kind = if v == "enablement" {
                                        AlertType::PoolEnablement
                                    } else {
                                        AlertType::Health
                                    };
                                })
                        },
                    )
                    .into_any()
            } else {
                view! {
                    <p data-testid="alert-kind-fixed">
                        <strong>"Alert type: "</strong>
                        {draft.kind.label().to_owned()}
                    </p>
                }
                    .into_any()
            }}
            {text("name", "Name", None, |d| d.name.clone(), |d, v| d.name = v, false)}
            {text(
                "description",
                "Description",
                None,
                |d| d.description.clone(),
                |d, v| d.description = v,
                false,
            )}
            <div class="pd-check">
                <input
                    type="checkbox"
                    id="alert-enabled"
                    data-testid="alert-enabled"
                    prop:checked={draft.enabled}
                    on:change={move |ev| {
                        let on = event_target_checked(&ev);
                        value.update(|d| d.enabled = on);
                    }}
                />
                <label for="alert-enabled">"Enabled"</label>
            </div>

            <fieldset
                class="pd-fieldset"
                data-testid="alert-pools"
                aria-describedby={move || {
                    pools_msg.with(Option::is_some).then(|| "alert-pools-msg".to_owned())
                }}
            >
                <legend>"Pools"</legend>
                <span class="pd-radio">
                    <input
                        type="radio"
                        id="alert-scope-every"
                        name="alert-scope"
                        data-testid="alert-scope-every"
                        prop:checked={move || {
                            value.with(|d| matches!(d.scope, PoolScope::Every { .. }))
                        }}
                        on:change={move |_| {
                            value
                                .update(|d| {
                                    d.scope = PoolScope::Every {
                                        include_future: true,
                                    };
                                })
                        }}
                    />
                    <label for="alert-scope-every">"Every pool"</label>
                </span>
                <span class="pd-radio">
                    <input
                        type="radio"
                        id="alert-scope-chosen"
                        name="alert-scope"
                        data-testid="alert-scope-chosen"
                        prop:checked={move || {
                            value.with(|d| matches!(d.scope, PoolScope::Chosen(_)))
                        }}
                        on:change={move |_| {
                            value
                                .update(|d| {
                                    if !matches!(d.scope, PoolScope::Chosen(_)) {
                                        d.scope = PoolScope::Chosen(Vec::new());
                                    }
                                })
                        }}
                    />
                    <label for="alert-scope-chosen">"Chosen pools"</label>
                </span>
                {move || match value.with(|d| d.scope.clone()) {
                    PoolScope::Every { include_future } if is_health() => {
                        view! {
                            <div class="pd-check">
                                <input
                                    type="checkbox"
                                    id="alert-future"
                                    data-testid="alert-future"
                                    prop:checked={include_future}
                                    aria-describedby="alert-future-hint"
                                    on:change={move |ev| {
                                        let on = event_target_checked(&ev);
                                        value
                                            .update(|d| {
                                                d.scope = PoolScope::Every {
                                                    include_future: on,
                                                };
                                            });
                                    }}
                                />
                                <label for="alert-future">"Include future pools"</label>
                                <p class="pd-hint" id="alert-future-hint">
                                    "On: pools created later are covered too. Off: only the pools that exist now."
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    PoolScope::Every { .. } => {
                        view! {
                            <p class="pd-hint">
                                "Every pool in the account, including pools created later."
                            </p>
                        }
                            .into_any()
                    }
                    PoolScope::Chosen(_) => {
                        view! {
                            <label for="alert-pool-filter">"Find pools"</label>
                            <input
                                id="alert-pool-filter"
                                type="search"
                                data-testid="alert-pool-filter"
                                prop:value={move || pool_filter.get()}
                                on:input={move |ev| pool_filter.set(event_target_value(&ev))}
                            />
                            <div class="pd-checks">{pool_list}</div>
                        }
                            .into_any()
                    }
                }}
                <FieldMessage
                    input_id={Signal::stored("alert-pools".to_owned())}
                    message={pools_msg}
                />
            </fieldset>

            {move || {
                if is_health() {
                    view! {
                        {radios(
                            "health",
                            "Trigger: the pool or endpoint becomes",
                            vec![
                                Choice {
                                    value: "unhealthy",
                                    label: "Unhealthy",
                                },
                                Choice {
                                    value: "healthy",
                                    label: "Healthy",
                                },
                                Choice {
                                    value: "either",
                                    label: "Either",
                                },
                            ],
                            move || value.with(|d| health_value(d.new_health)),
                            move |v| {
                                value
                                    .update(|d| {
                                        d.new_health = match v {
                                            "unhealthy" => Either::Only(NewHealth::Unhealthy),
                                            "healthy" => Either::Only(NewHealth::Healthy),
                                            _ => Either::Both,
                                        };
                                    })
                            },
                        )}
                        {radios(
                            "source",
                            "Event source",
                            vec![
                                Choice {
                                    value: "pool",
                                    label: "Pool",
                                },
                                Choice {
                                    value: "origin",
                                    label: "Endpoint",
                                },
                                Choice {
                                    value: "either",
                                    label: "Either",
                                },
                            ],
                            move || value.with(|d| source_value(d.event_source)),
                            move |v| {
                                value
                                    .update(|d| {
                                        d.event_source = match v {
                                            "pool" => Either::Only(EventSource::Pool),
                                            "origin" => Either::Only(EventSource::Origin),
                                            _ => Either::Both,
                                        };
                                    })
                            },
                        )}
                    }
                        .into_any()
                } else {
                    radios(
                            "enabled-trigger",
                            "Trigger: the pool is",
                            vec![
                                Choice {
                                    value: "disabled",
                                    label: "Disabled",
                                },
                                Choice {
                                    value: "enabled",
                                    label: "Enabled",
                                },
                                Choice {
                                    value: "either",
                                    label: "Either",
                                },
                            ],
                            move || value.with(|d| enabled_value(d.on_enabled)),
                            move |v| {
                                value
                                    .update(|d| {
                                        d.on_enabled = match v {
                                            "enabled" => Either::Only(true),
                                            "disabled" => Either::Only(false),
                                            _ => Either::Both,
                                        };
                                    })
                            },
                        )
                        .into_any()
                }
            }}

            <fieldset class="pd-fieldset">
                <legend>"Delivery"</legend>
                {text(
                    EMAILS,
                    "Email recipients",
                    Some("Addresses separated by commas or spaces."),
                    |d| d.emails.clone(),
                    |d, v| d.emails = v,
                    true,
                )}
                {text(
                    WEBHOOKS,
                    "Webhook destination IDs",
                    Some(
                        "IDs of webhooks set up under Notifications › Destinations, separated by commas.",
                    ),
                    |d| d.webhooks.clone(),
                    |d, v| d.webhooks = v,
                    false,
                )}
            </fieldset>

            <p class="pd-banner" aria-live="polite" data-testid="alert-preview">
                <strong>"Over the last 24 hours: "</strong>
                {preview}
            </p>
            {move || {
                banner
                    .get()
                    .map(|e| {
                        view! {
                            <p class="pd-field-error" role="alert" data-testid="alert-form-error">
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="pd-dialog-actions">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="alert-cancel"
                    on:click={cancel}
                >
                    "Cancel"
                </button>
                <button
                    type="submit"
                    class="pd-button pd-primary"
                    data-testid="alert-save"
                    disabled={move || busy.get()}
                >
                    {move || if busy.get() { "Saving…" } else { "Save alert" }}
                </button>
            </div>
        </form>
    }
}
