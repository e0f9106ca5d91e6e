//! Choosing the one change to make to every selected pool, with visible
//! labels for each choice. Produces a `BulkAction`, or `None` while the
//! inputs do not make one yet (no monitor picked, no address typed).

use leptos::prelude::*;
use pooldeck_model::{BulkAction, CheckRegion, FilterOptions, Monitor, NotificationFilter};

use crate::pages::pool_wizard::step_notifications::{write_choice, CHOICES};

/// The kinds of change, as (value, label).
const KINDS: [(&str, &str); 8] = [
    ("enable", "Enable the pools"),
    ("disable", "Disable the pools"),
    ("monitor", "Change the monitor"),
    ("regions", "Change the health check regions"),
    ("notify", "Change the notification filter"),
    (
        "endpoint-off",
        "Disable an endpoint in every pool that has it",
    ),
    (
        "endpoint-on",
        "Enable an endpoint in every pool that has it",
    ),
    (
        "endpoint-weight",
        "Set an endpoint's weight in every pool that has it",
    ),
];

/// What the inputs hold.
#[derive(Clone, Copy)]
pub struct ActionInputs {
    pub kind: RwSignal<String>,
    pub monitor: RwSignal<String>,
    pub regions: RwSignal<Vec<CheckRegion>>,
    pub notify_pool: RwSignal<String>,
    pub notify_endpoint: RwSignal<String>,
    pub address: RwSignal<String>,
    pub weight: RwSignal<String>,
}

impl ActionInputs {
    pub fn new(address: String) -> Self {
        ActionInputs {
            kind: RwSignal::new(if address.is_empty() {
                "disable".into()
            } else {
                "endpoint-off".into()
            }),
            monitor: RwSignal::new(String::new()),
            regions: RwSignal::new(Vec::new()),
            notify_pool: RwSignal::new("all".into()),
            notify_endpoint: RwSignal::new("all".into()),
            address: RwSignal::new(address),
            weight: RwSignal::new(String::new()),
        }
    }

    /// The action the inputs describe, or why there is none yet.
    pub fn action(&self) -> Result<BulkAction, &'static str> {
        let address = self.address.get().trim().to_owned();
        let need_address = || {
            if address.is_empty() {
                Err("Type the endpoint's address.")
            } else {
                Ok(address.clone())
            }
        };
        match self.kind.get().as_str() {
            "enable" => Ok(BulkAction::SetEnabled(true)),
            "disable" => Ok(BulkAction::SetEnabled(false)),
            "monitor" => match self.monitor.get() {
                m if m.is_empty() => Err("Choose a monitor."),
                m => Ok(BulkAction::SetMonitor(Some(m))),
            },
            "regions" => {
                let r = self.regions.get();
                if r.is_empty() {
                    Err("Choose at least one region.")
                } else {
                    Ok(BulkAction::SetCheckRegions(r))
                }
            }
            "notify" => {
                let side = |choice: String| {
                    (choice != "all").then(|| {
                        let mut o = FilterOptions::default();
                        write_choice(&mut o, &choice);
                        Some(o)
                    })
                };
                let filter = NotificationFilter {
                    pool: side(self.notify_pool.get()),
                    origin: side(self.notify_endpoint.get()),
                    ..NotificationFilter::default()
                };
                Ok(BulkAction::SetNotificationFilter(
                    (filter != NotificationFilter::default()).then_some(filter),
                ))
            }
            "endpoint-off" => Ok(BulkAction::EndpointEnabled {
                address: need_address()?,
                enabled: false,
            }),
            "endpoint-on" => Ok(BulkAction::EndpointEnabled {
                address: need_address()?,
                enabled: true,
            }),
            "endpoint-weight" => {
                let address = need_address()?;
                let weight = self
                    .weight
                    .get()
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| "Type the weight, a number from 0 to 1.")?;
                Ok(BulkAction::EndpointWeight { address, weight })
            }
            _ => Err("Choose a change."),
        }
    }
}

#[component]
pub fn ActionForm(
    inputs: ActionInputs,
    monitors: Vec<Monitor>,
    /// The server's message for the weight as typed, if it would refuse it.
    #[prop(into)]
    weight_error: Signal<Option<String>>,
) -> impl IntoView {
    let ActionInputs {
        kind,
        monitor,
        regions,
        notify_pool,
        notify_endpoint,
        address,
        weight,
    } = inputs;
    let is = move |k: &'static str| move || kind.with(|v| v == k);
    let endpoint_kind = move || kind.with(|v| v.starts_with("endpoint"));
    let notify_select = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="pd-field">
                <label for={id}>{label}</label>
                <select
                    id={id}
                    prop:value={move || value.get()}
                    on:change={move |ev| value.set(event_target_value(&ev))}
                >
                    {CHOICES
                        .iter()
                        .map(|(v, l)| view! { <option value={*v}>{*l}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <fieldset class="pd-fieldset" data-testid="bulk-kind">
            <legend>"Change"</legend>
            {KINDS
                .iter()
                .map(|(value, label)| {
                    view! {
                        <label class="pd-radio">
                            <input
                                type="radio"
                                name="bulk-kind"
                                value={*value}
                                prop:checked={move || kind.with(|k| k == value)}
                                on:change={move |_| kind.set((*value).to_owned())}
                            />
                            {*label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <Show when={is("monitor")}>
            <div class="pd-field">
                <label for="bulk-monitor">"Monitor"</label>
                <select
                    id="bulk-monitor"
                    prop:value={move || monitor.get()}
                    on:change={move |ev| monitor.set(event_target_value(&ev))}
                >
                    <option value="">"Choose a monitor"</option>
                    {monitors
                        .iter()
                        .filter_map(|m| {
                            let id = m.id.clone()?;
                            let name = m.display_name();
                            Some(view! { <option value={id}>{name}</option> })
                        })
                        .collect_view()}
                </select>
            </div>
        </Show>
        <Show when={is("regions")}>
            <fieldset class="pd-fieldset">
                <legend>"Health check regions"</legend>
                <div class="pd-checks">
                    {CheckRegion::GEOGRAPHIC
                        .iter()
                        .map(|r| {
                            let r = r.clone();
                            let r2 = r.clone();
                            let text = format!("{} ({})", r.label(), r.as_str());
                            view! {
                                <label class="pd-check">
                                    <input
                                        type="checkbox"
                                        prop:checked={move || regions.with(|rs| rs.contains(&r))}
                                        on:change={move |ev| {
                                            let on = event_target_checked(&ev);
                                            regions
                                                .update(|rs| {
                                                    rs.retain(|x| *x != r2);
                                                    if on {
                                                        rs.push(r2.clone());
                                                    }
                                                });
                                        }}
                                    />
                                    {text}
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </Show>
        <Show when={is(
            "notify",
        )}>
            {notify_select("bulk-notify-pool", "Pool events", notify_pool)}
            {notify_select("bulk-notify-endpoint", "Endpoint events", notify_endpoint)}
        </Show>
        <Show when={endpoint_kind}>
            <div class="pd-field">
                <label for="bulk-address">"Endpoint address"</label>
                <input
                    id="bulk-address"
                    type="text"
                    autocomplete="off"
                    prop:value={move || address.get()}
                    on:input={move |ev| address.set(event_target_value(&ev))}
                />
            </div>
        </Show>
        <Show when={is("endpoint-weight")}>
            <div class="pd-field">
                <label for="bulk-weight">"Weight"</label>
                <input
                    id="bulk-weight"
                    type="text"
                    inputmode="decimal"
                    class="pd-narrow"
                    aria-invalid={move || weight_error.with(Option::is_some).then_some("true")}
                    aria-describedby={move || {
                        weight_error.with(Option::is_some).then_some("bulk-weight-error")
                    }}
                    prop:value={move || weight.get()}
                    on:input={move |ev| weight.set(event_target_value(&ev))}
                />
                {move || {
                    weight_error
                        .get()
                        .map(|e| {
                            view! {
                                <p id="bulk-weight-error" class="pd-field-error" role="alert">
                                    {e}
                                </p>
                            }
                        })
                }}
            </div>
        </Show>
    }
}
