//! The one monitor form: create or edit a monitor with the fields its type
//! takes, validated by the model crate as typed, saved with POST or PUT.
//! The monitors page shows it on its own page; the pool wizard shows it in
//! its "Create monitor" dialog.

mod spec;

use leptos::prelude::*;
use pooldeck_model::validate::{validate_monitor, Limits};
use pooldeck_model::{Monitor, MonitorType};

pub use spec::starting_monitor;
use spec::{header_map, header_rows, switch_kind, HeaderRow, FIELDS};

use crate::components::field::{
    aria_describedby, aria_invalid, FieldMessage, FieldState, Saving, TextField,
};
use crate::components::health_preview::HealthPreview;
use crate::components::leave_guard::guard_leaving;
use crate::context::use_api;
use crate::hooks::focus_after_render;

/// The paths the form has a field for (server errors about them are shown
/// there; others go to the banner).
const KNOWN: &[&str] = &[
    "type",
    "method",
    "header",
    "follow_redirects",
    "allow_insecure",
    "description",
    "path",
    "port",
    "expected_codes",
    "expected_body",
    "probe_zone",
    "interval",
    "timeout",
    "retries",
    "consecutive_up",
    "consecutive_down",
];

/// Creates (no `id`) or edits (with `id`) a monitor.
#[component]
pub fn MonitorForm(
    /// Where the form starts: [`starting_monitor`] for a new monitor, or
    /// the monitor as loaded (unknown members are kept and sent back).
    initial: Monitor,
    /// The plan's limits: the interval minimum and the Enterprise types.
    limits: Limits,
    /// The submit button's text.
    #[prop(into)]
    submit_label: String,
    /// Called by Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Receives the monitor as the API stored it.
    #[prop(into)]
    on_saved: Callback<Monitor>,
    /// Pools "Test this monitor" can check (ID, name); `None` leaves the
    /// test out (the wizard has its own preview).
    #[prop(optional, into)]
    test_pools: Option<Signal<Vec<(String, String)>>>,
    /// Ask before leaving with unsaved changes (on a page of its own; a
    /// dialog is guarded by its page).
    #[prop(optional)]
    guard: bool,
) -> impl IntoView {
    let api = use_api();
    let editing = initial.id.clone();
    let monitor = RwSignal::new(initial.clone());
    let lim = limits.clone();
    let findings = Memo::new(move |_| monitor.with(|m| validate_monitor(m, &lim)));
    let checks = FieldState::new(findings.into());
    let headers = RwSignal::new(header_rows(&initial));
    let next_key = StoredValue::new(headers.with_untracked(Vec::len) as u32);
    let saving = Saving::new(checks, KNOWN);
    let saved = RwSignal::new(false);
    if guard {
        let start = initial.clone();
        let dirty = Memo::new(move |_| !saved.get() && monitor.with(|m| *m != start));
        guard_leaving(
            dirty.into(),
            "Leave this monitor? Your changes are not saved.",
        );
    }
    let (busy, banner) = (saving.busy, saving.banner);
    let kind = Memo::new(move |_| monitor.with(|m| m.kind.clone()));

    let write_headers = move || {
        let rows = headers.get_untracked();
        match header_map(&rows) {
            Ok(map) => {
                checks.input("header", Ok(()));
                monitor.update(|m| m.header = map);
            }
            Err((i, e)) => checks.input("header", Err(format!("Header {}: {e}", i + 1))),
        }
    };

    let submit = move |ev: web_sys::SubmitEvent| {
        if !saving.begin(&ev) {
            return;
        }
        let (api, editing) = (api.clone(), editing.clone());
        let m = monitor.get_untracked();
        saving.run(
            async move {
                match &editing {
                    Some(id) => api.replace_monitor(id, &m).await,
                    None => api.create_monitor(&m).await,
                }
            },
            move |m| {
                saved.set(true);
                on_saved.run(m)
            },
        );
    };

    let kinds: Vec<MonitorType> = [
        MonitorType::Http,
        MonitorType::Https,
        MonitorType::Tcp,
        MonitorType::UdpIcmp,
        MonitorType::IcmpPing,
        MonitorType::Smtp,
    ]
    .into_iter()
    .filter(|k| limits.enterprise || !k.is_enterprise_only() || *k == initial.kind)
    .collect();
    let type_msg = checks.message("type");
    let type_id = Signal::stored("monitor-type".to_owned());
    let method_msg = checks.message("method");
    let method_id = Signal::stored("monitor-method".to_owned());
    let header_msg = checks.message("header");
    let headers_id = Signal::stored("monitor-headers".to_owned());
    let initial_kind = initial.kind.as_str().to_owned();
    let initial_method = initial.method.clone().unwrap_or_else(|| "GET".into());

    let plain_fields = FIELDS
        .iter()
        .map(|f| {
            let (path, get, set, applies) = (f.path, f.get, f.set, f.applies);
            view! {
                <div style:display={move || if applies.to(&kind.get()) { "" } else { "none" }}>
                    <TextField
                        fields={checks}
                        path={path.to_owned()}
                        id={f.id()}
                        label={Some(f.label)}
                        hint={f.hint}
                        test_id={f.id()}
                        input_type={f.input_type}
                        value={monitor.with_untracked(get)}
                        on_input={Callback::new(move |v: String| {
                            let mut m = monitor.get_untracked();
                            let parsed = set(&mut m, &v);
                            if parsed.is_ok() {
                                monitor.set(m);
                            }
                            checks.input(path, parsed);
                        })}
                    />
                </div>
            }
        })
        .collect_view();

    let header_rows_view = move || {
        headers
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let key = row.key;
                let n = i + 1;
                let edit = move |name: Option<String>, value: Option<String>| {
                    headers.update(|rows| {
                        if let Some(r) = rows.iter_mut().find(|r| r.key == key) {
                            if let Some(v) = name {
                                r.name = v;
                            }
                            if let Some(v) = value {
                                r.value = v;
                            }
                        }
                    });
                    write_headers();
                };
                let row_msg = checks.message(format!("header.{}", row.name.trim()));
                let name_id = format!("monitor-header-{key}-name");
                view! {
                    <div class="pd-header-row" data-testid="monitor-header-row">
                        <label for={name_id.clone()} class="pd-visually-hidden">
                            {format!("Header {n} name")}
                        </label>
                        <input
                            id={name_id.clone()}
                            type="text"
                            data-testid="monitor-header-name"
                            placeholder="Host"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value={row.name.clone()}
                            aria-invalid={aria_invalid(row_msg)}
                            aria-describedby={aria_describedby(
                                Signal::stored(name_id.clone()),
                                row_msg,
                            )}
                            on:input={move |ev| edit(Some(event_target_value(&ev)), None)}
                            on:blur={move |_| checks.touch("header")}
                        />
                        <label
                            for={format!("monitor-header-{key}-value")}
                            class="pd-visually-hidden"
                        >
                            {format!("Header {n} value")}
                        </label>
                        <input
                            id={format!("monitor-header-{key}-value")}
                            type="text"
                            data-testid="monitor-header-value"
                            placeholder="example.com"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value={row.value.clone()}
                            on:input={move |ev| edit(None, Some(event_target_value(&ev)))}
                            on:blur={move |_| checks.touch("header")}
                        />
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="monitor-header-remove"
                            aria-label={format!("Remove header {n}")}
                            on:click={move |_| {
                                headers.update(|rows| rows.retain(|r| r.key != key));
                                write_headers();
                            }}
                        >
                            "Remove"
                        </button>
                        <FieldMessage input_id={Signal::stored(name_id)} message={row_msg} />
                    </div>
                }
            })
            .collect_view()
    };

    let flag = move |label: &'static str,
                     id: &'static str,
                     hint: &'static str,
                     get: fn(&Monitor) -> Option<bool>,
                     set: fn(&mut Monitor, bool)| {
        view! {
            <div
                class="pd-check"
                style:display={move || if kind.get().is_http() { "" } else { "none" }}
            >
                <input
                    id={id}
                    type="checkbox"
                    data-testid={id}
                    prop:checked={monitor.with_untracked(get).unwrap_or(false)}
                    aria-describedby={format!("{id}-hint")}
                    on:change={move |ev| {
                        let on = event_target_checked(&ev);
                        monitor.update(|m| set(m, on));
                    }}
                />
                <label for={id}>{label}</label>
                <p class="pd-hint" id={format!("{id}-hint")}>
                    {hint}
                </p>
            </div>
        }
    };

    let test_section = test_pools.map(|pools| {
        let chosen = RwSignal::new(None::<String>);
        Effect::new(move |_| {
            if chosen.get_untracked().is_none() {
                chosen.set(pools.with(|p| p.first().map(|(id, _)| id.clone())));
            }
        });
        let current = move |()| {
            if checks.errors().is_empty() {
                Ok(monitor.get_untracked())
            } else {
                Err("Fix the problems above first: the test uses the monitor as it is now.".to_owned())
            }
        };
        view! {
            <section
                class="pd-fieldset"
                aria-labelledby="monitor-test-title"
                data-testid="monitor-test"
            >
                <h2 id="monitor-test-title">"Test this monitor"</h2>
                <p class="pd-hint" id="monitor-test-hint">
                    "Checks a pool's endpoints with the monitor as it is in this form, saved or not. Nothing is saved."
                </p>
                {move || {
                    if pools.with(Vec::is_empty) {
                        view! {
                            <p class="pd-muted" data-testid="monitor-test-no-pools">
                                "There is no pool to test against yet."
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <label for="monitor-test-pool">"Pool to test against"</label>
                            <select
                                id="monitor-test-pool"
                                data-testid="monitor-test-pool"
                                aria-describedby="monitor-test-hint"
                                on:change={move |ev| chosen.set(Some(event_target_value(&ev)))}
                            >
                                {pools
                                    .get()
                                    .into_iter()
                                    .map(|(id, name)| {
                                        let selected = chosen.get_untracked().as_deref()
                                            == Some(id.as_str());
                                        view! {
                                            <option value={id} selected={selected}>
                                                {name}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    }
                }}
                <HealthPreview pool_id={chosen} monitor={current} label="Test this monitor" />
            </section>
        }
    });

    view! {
        <form
            class="pd-form"
            novalidate
            node_ref={saving.form}
            on:submit={submit}
            data-testid="monitor-form"
        >
            <div class="pd-field">
                <label for="monitor-type">"Type"</label>
                <select
                    id="monitor-type"
                    data-testid="monitor-type"
                    aria-invalid={aria_invalid(type_msg)}
                    aria-describedby={aria_describedby(type_id, type_msg)}
                    on:change={move |ev| {
                        let v = event_target_value(&ev);
                        monitor.update(|m| switch_kind(m, MonitorType::from(v.as_str())));
                        if !monitor.with_untracked(|m| m.kind.is_http()) {
                            headers.set(Vec::new());
                        }
                    }}
                >
                    {kinds
                        .into_iter()
                        .map(|k| {
                            let selected = k.as_str() == initial_kind;
                            view! {
                                <option value={k.as_str().to_owned()} selected={selected}>
                                    {k.label().to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldMessage input_id={type_id} message={type_msg} />
            </div>
            <div
                class="pd-field"
                style:display={move || if kind.get().is_http() { "" } else { "none" }}
            >
                <label for="monitor-method">"Method"</label>
                <select
                    id="monitor-method"
                    data-testid="monitor-method"
                    aria-invalid={aria_invalid(method_msg)}
                    aria-describedby={aria_describedby(method_id, method_msg)}
                    on:change={move |ev| {
                        let v = event_target_value(&ev);
                        monitor.update(|m| m.method = Some(v));
                    }}
                >
                    {["GET", "HEAD"]
                        .into_iter()
                        .map(|m| {
                            view! {
                                <option value={m} selected={m == initial_method}>
                                    {m}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldMessage input_id={method_id} message={method_msg} />
            </div>
            {plain_fields}
            <fieldset
                class="pd-fieldset"
                data-testid="monitor-headers"
                style:display={move || if kind.get().is_http() { "" } else { "none" }}
                aria-describedby={move || {
                    header_msg.with(Option::is_some).then(|| "monitor-headers-msg".to_owned())
                }}
            >
                <legend>"Request headers"</legend>
                <p class="pd-hint">
                    "Sent with every check, for example Host. User-Agent cannot be overridden."
                </p>
                {header_rows_view}
                <button
                    type="button"
                    class="pd-button"
                    data-testid="monitor-header-add"
                    on:click={move |_| {
                        let key = next_key.get_value();
                        next_key.set_value(key + 1);
                        let name = if headers
                            .with_untracked(|h| {
                                h.iter().any(|r| r.name.eq_ignore_ascii_case("host"))
                            })
                        {
                            ""
                        } else {
                            "Host"
                        };
                        headers
                            .update(|rows| {
                                rows.push(HeaderRow {
                                    key,
                                    name: name.to_owned(),
                                    value: String::new(),
                                })
                            });
                        focus_after_render(
                            format!(
                                "monitor-header-{key}-{}",
                                if name.is_empty() { "name" } else { "value" },
                            ),
                        );
                    }}
                >
                    "Add header"
                </button>
                <FieldMessage
                    input_id={headers_id}
                    message={Signal::derive(move || {
                        checks.unparsed("header").map(|m| (m, true))
                    })}
                />
            </fieldset>
            {flag(
                "Follow redirects",
                "monitor-follow-redirects",
                "Follow 301/302 redirects to their target instead of failing the check.",
                |m| m.follow_redirects,
                |m, on| m.follow_redirects = Some(on),
            )}
            {flag(
                "Allow insecure",
                "monitor-allow-insecure",
                "Do not validate the endpoint's certificate (https).",
                |m| m.allow_insecure,
                |m, on| m.allow_insecure = Some(on),
            )}
            {test_section}
            {move || {
                banner
                    .get()
                    .map(|e| {
                        view! {
                            <p class="pd-field-error" role="alert" data-testid="monitor-form-error">
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="pd-dialog-actions">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="monitor-cancel"
                    on:click={move |_| on_cancel.run(())}
                >
                    "Cancel"
                </button>
                <button
                    type="submit"
                    class="pd-button pd-primary"
                    data-testid="monitor-save"
                    disabled={move || busy.get()}
                >
                    {move || if busy.get() { "Saving…".to_owned() } else { submit_label.clone() }}
                </button>
            </div>
        </form>
    }
}
