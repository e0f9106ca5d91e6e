//! "Create monitor" without leaving the wizard: a dialog with the fields
//! a pool's health check needs, validated by the model crate as typed,
//! that creates the monitor and hands it back to be attached.

use std::collections::{BTreeMap, HashSet};

use leptos::prelude::*;
use pooldeck_model::validate::{validate_monitor, Limits};
use pooldeck_model::{Monitor, MonitorType};

use crate::components::dialog::Dialog;
use crate::components::field::{aria_describedby, aria_invalid, FieldMessage, Message};
use crate::context::use_api;

type ReadFn = fn(&Monitor) -> String;
type WriteFn = fn(&mut Monitor, &str) -> Result<(), String>;

fn int(v: &str, what: &str) -> Result<i64, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("{what} must be a whole number"))
}

/// (path, label, input type, test id, get, set) of each plain field.
const FIELDS: &[(&str, &str, &str, &str, ReadFn, WriteFn)] = &[
    (
        "description",
        "Description",
        "text",
        "monitor-description",
        |m| m.description.clone(),
        |m, v| {
            m.description = v.to_owned();
            Ok(())
        },
    ),
    (
        "path",
        "Path",
        "text",
        "monitor-path",
        |m| m.path.clone().unwrap_or_default(),
        |m, v| {
            m.path = (!v.is_empty()).then(|| v.to_owned());
            Ok(())
        },
    ),
    (
        "port",
        "Port (0 = protocol default)",
        "number",
        "monitor-port",
        |m| m.port.map(|p| p.to_string()).unwrap_or_default(),
        |m, v| {
            m.port = if v.trim().is_empty() {
                None
            } else {
                Some(int(v, "port")?)
            };
            Ok(())
        },
    ),
    (
        "expected_codes",
        "Expected codes",
        "text",
        "monitor-expected-codes",
        |m| m.expected_codes.clone().unwrap_or_default(),
        |m, v| {
            m.expected_codes = (!v.trim().is_empty()).then(|| v.trim().to_owned());
            Ok(())
        },
    ),
    (
        "interval",
        "Interval (seconds)",
        "number",
        "monitor-interval",
        |m| m.interval.to_string(),
        |m, v| {
            m.interval = int(v, "interval")?;
            Ok(())
        },
    ),
    (
        "timeout",
        "Timeout (seconds)",
        "number",
        "monitor-timeout",
        |m| m.timeout.to_string(),
        |m, v| {
            m.timeout = int(v, "timeout")?;
            Ok(())
        },
    ),
    (
        "retries",
        "Retries",
        "number",
        "monitor-retries",
        |m| m.retries.to_string(),
        |m, v| {
            m.retries = int(v, "retries")?;
            Ok(())
        },
    ),
    (
        "header.Host",
        "Host header",
        "text",
        "monitor-host",
        |m| m.host_header().unwrap_or_default().to_owned(),
        |m, v| {
            m.header = (!v.trim().is_empty())
                .then(|| BTreeMap::from([("Host".to_owned(), vec![v.trim().to_owned()])]));
            Ok(())
        },
    ),
];

/// A new monitor's defaults: an HTTP GET of `/` expecting 200.
fn starting_monitor() -> Monitor {
    Monitor {
        kind: MonitorType::Http,
        method: Some("GET".into()),
        path: Some("/".into()),
        expected_codes: Some("200".into()),
        ..Monitor::default()
    }
}

#[component]
pub fn MonitorDialog(
    limits: Limits,
    /// Closes without creating anything.
    #[prop(into)]
    on_close: Callback<()>,
    /// Receives the monitor the API created.
    #[prop(into)]
    on_created: Callback<Monitor>,
) -> impl IntoView {
    let api = use_api();
    let monitor = RwSignal::new(starting_monitor());
    let raw = RwSignal::new(BTreeMap::<String, String>::new());
    let touched = RwSignal::new(HashSet::<String>::new());
    let submitted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);
    let lim = limits.clone();
    let findings = Memo::new(move |_| monitor.with(|m| validate_monitor(m, &lim)));
    let message = move |path: &'static str| -> Signal<Message> {
        Signal::derive(move || {
            if !(submitted.get() || touched.with(|t| t.contains(path))) {
                return None;
            }
            if let Some(r) = raw.with(|r| r.get(path).cloned()) {
                return Some((r, true));
            }
            findings.with(|f| {
                f.iter()
                    .find(|e| e.path == path || e.path.starts_with(&format!("{path}.")))
                    .map(|e| (e.message.clone(), e.is_error()))
            })
        })
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
    .filter(|k| limits.enterprise || !k.is_enterprise_only())
    .collect();
    let create = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if raw.with_untracked(|r| !r.is_empty())
            || findings.with_untracked(|f| f.iter().any(|e| e.is_error()))
        {
            return;
        }
        let api = api.clone();
        let m = monitor.get_untracked();
        busy.set(true);
        server_error.set(None);
        leptos::task::spawn_local(async move {
            match api.create_monitor(&m).await {
                Ok(created) => on_created.run(created),
                Err(e) => {
                    busy.set(false);
                    server_error.set(Some(
                        e.errors
                            .iter()
                            .map(|x| x.message.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ));
                }
            }
        });
    };
    let type_msg = message("type");
    view! {
        <Dialog title="Create monitor" test_id="monitor-dialog" on_close=on_close>
            <form class="pd-form" novalidate on:submit=create>
                <label for="m-type">"Type"</label>
                <select id="m-type" data-testid="monitor-type"
                    aria-invalid=aria_invalid(type_msg) aria-describedby=aria_describedby(Signal::stored("m-type".to_owned()), type_msg)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        monitor.update(|m| {
                            m.kind = MonitorType::from(v.as_str());
                            if m.kind.is_http() {
                                m.method = Some("GET".into());
                                m.expected_codes.get_or_insert_with(|| "200".into());
                            } else {
                                m.method = (m.kind == MonitorType::Tcp).then(|| "connection_established".into());
                                m.path = None;
                                m.expected_codes = None;
                                m.header = None;
                            }
                        });
                    }>
                    {kinds.into_iter().map(|k| view! { <option value=k.as_str().to_owned()>{k.label().to_owned()}</option> }).collect_view()}
                </select>
                <FieldMessage input_id="m-type" message=type_msg />
                {FIELDS.iter().map(|&(path, label, kind, test_id, get, set)| {
                    let id = format!("m-{}", path.replace('.', "-"));
                    let msg = message(path);
                    let http_only = matches!(path, "path" | "expected_codes" | "header.Host");
                    let shown = move || !http_only || monitor.with(|m| m.kind.is_http());
                    let input_id = Signal::stored(id.clone());
                    view! {
                        <div class="pd-field" style:display=move || if shown() { "" } else { "none" }>
                            <label for=id.clone()>{label}</label>
                            <input id=id.clone() type=kind data-testid=test_id autocomplete="off" spellcheck="false"
                                prop:value=monitor.with_untracked(get)
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    let mut m = monitor.get_untracked();
                                    match set(&mut m, &v) {
                                        Ok(()) => { raw.update(|r| { r.remove(path); }); monitor.set(m); }
                                        Err(e) => raw.update(|r| { r.insert(path.to_owned(), e); }),
                                    }
                                }
                                on:blur=move |_| touched.update(|t| { t.insert(path.to_owned()); })
                                aria-invalid=aria_invalid(msg)
                                aria-describedby=aria_describedby(input_id, msg) />
                            <FieldMessage input_id=input_id message=msg />
                        </div>
                    }
                }).collect_view()}
                {move || server_error.get().map(|e| view! { <p class="pd-field-error" role="alert" data-testid="monitor-dialog-error">{e}</p> })}
                <div class="pd-dialog-actions">
                    <button type="button" class="pd-button" data-testid="monitor-cancel" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="pd-button pd-primary" data-testid="monitor-create" disabled=move || busy.get()>
                        {move || if busy.get() { "Creating…" } else { "Create and attach" }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
