//! Step 2, Endpoints: one row per endpoint with a live traffic-share
//! column, row tools (add, remove, duplicate, reorder by mouse or
//! keyboard) and paste/CSV import.

use leptos::prelude::*;
use pooldeck_model::validate::Limits;
use pooldeck_model::{Origin, OriginHeader};

use super::arithmetic::planned_share;
use super::csv_import::{parse, CsvImport};
use super::fields::{message_for, parse_number, Parsed};
use super::form::{field_id, Form, Row};
use super::row_window::{reveal_event, RowWindow, VIRTUAL_FROM};
use super::share_column::ShareColumn;
use crate::components::field::{aria_describedby, aria_invalid, FieldMessage};

/// Focuses an element by ID once the current render has settled.
fn focus_soon(id: String) {
    set_timeout(
        move || super::fields::focus_field(&id),
        std::time::Duration::from_millis(0),
    );
}

fn move_row(form: Form, key: u64, delta: isize) {
    form.rows.update(|rows| {
        if let Some(i) = rows.iter().position(|r| r.key == key) {
            let j = i as isize + delta;
            if j >= 0 && (j as usize) < rows.len() {
                rows.swap(i, j as usize);
            }
        }
    });
}

#[component]
pub fn StepEndpoints(form: Form, limits: Limits) -> impl IntoView {
    let shares = ShareColumn::new(form);
    let relative = Memo::new(move |_| {
        form.base
            .with(|p| p.steering_policy().weights_are_relative())
    });
    let add = move |_| {
        let row = form.new_row(Origin::default());
        form.rows.update(|r| r.push(row));
        let n = form.rows.with_untracked(Vec::len) - 1;
        focus_soon(field_id(&format!("origins[{n}].name")));
    };
    let pasting = RwSignal::new(false);
    // --- Only the rows in view, for large pools (see row_window.rs) ------
    let rows_in_view = RowWindow::new();
    let is_virtual = move || form.rows.with(Vec::len) >= VIRTUAL_FROM;
    let span = Memo::new(move |_| {
        let n = form.rows.with(Vec::len);
        rows_in_view.range(n)
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Measure a real row once some are rendered, and the box's height.
    Effect::new(move |_| {
        span.track();
        if let Some(el) = scroller.get() {
            if let Some(tr) = el
                .query_selector("tr[data-testid=endpoint-row]")
                .ok()
                .flatten()
            {
                let h = f64::from(
                    wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&tr)
                        .offset_height(),
                );
                if h > 1.0 && (h - rows_in_view.row_height.get_untracked()).abs() > 0.5 {
                    rows_in_view.row_height.set(h);
                }
            }
            let vh = f64::from(el.client_height());
            if vh > 1.0 {
                rows_in_view.view_height.set(vh);
            }
        }
    });
    // A field outside the window is scrolled to before it is focused.
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let on_reveal =
            Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |ev: web_sys::CustomEvent| {
                let Some(i) = ev.detail().as_f64() else {
                    return;
                };
                if let Some(el) = scroller.get_untracked() {
                    let top = rows_in_view.offset_of(i as usize);
                    el.set_scroll_top(top as i32);
                    rows_in_view.scroll_top.set(top);
                }
            });
        let _ = document()
            .add_event_listener_with_callback(reveal_event(), on_reveal.as_ref().unchecked_ref());
        let on_reveal = send_wrapper::SendWrapper::new(on_reveal);
        on_cleanup(move || {
            let _ = document().remove_event_listener_with_callback(
                reveal_event(),
                on_reveal.as_ref().unchecked_ref(),
            );
        });
    }
    view! {
        <p class="pd-hint">
            "Endpoints are the servers this pool sends traffic to. The API calls them origins."
        </p>
        {move || {
            relative
                .get()
                .then(|| {
                    view! {
                        <p class="pd-hint" data-testid="relative-note">
                            "With this steering policy weights scale each endpoint's pending load, so the shares are relative, not fixed."
                        </p>
                    }
                })
        }}
        <div
            class="pd-table-wrap"
            class:pd-virtual={is_virtual}
            node_ref={scroller}
            tabindex={move || is_virtual().then_some("0")}
            role={move || is_virtual().then_some("region")}
            aria-label={move || is_virtual().then_some("Endpoint rows (scrolls)")}
            on:scroll={move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    rows_in_view.scroll_top.set(f64::from(el.scroll_top()));
                    rows_in_view.view_height.set(f64::from(el.client_height()));
                }
            }}
        >
            <table
                class="pd-table pd-endpoints"
                data-testid="endpoint-rows"
                aria-rowcount={move || {
                    is_virtual().then(|| (form.rows.with(Vec::len) + 1).to_string())
                }}
            >
                <caption>
                    {move || {
                        format!(
                            "{} endpoint{}",
                            form.rows.with(Vec::len),
                            if form.rows.with(Vec::len) == 1 { "" } else { "s" },
                        )
                    }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Address"</th>
                        <th scope="col">"Enabled"</th>
                        <th scope="col">"Weight"</th>
                        <th scope="col">"Traffic share"</th>
                        <th scope="col">"Port"</th>
                        <th scope="col">"Host header"</th>
                        <th scope="col">"Virtual network"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        (span.get().0 > 0)
                            .then(|| {
                                view! {
                                    <tr class="pd-spacer" aria-hidden="true">
                                        <td
                                            colspan="9"
                                            style:height={move || {
                                                format!(
                                                    "{}px",
                                                    span.get().0 as f64 * rows_in_view.row_height.get(),
                                                )
                                            }}
                                        ></td>
                                    </tr>
                                }
                            })
                    }}
                    <For
                        each={move || {
                            let (a, b) = span.get();
                            form.rows.with(|r| r[a..b].to_vec())
                        }}
                        key={|r| r.key}
                        let:row
                    >
                        <EndpointRow form={form} row={row} shares={shares} />
                    </For>
                    {move || {
                        let (_, b) = span.get();
                        let n = form.rows.with(Vec::len);
                        (b < n)
                            .then(|| {
                                view! {
                                    <tr class="pd-spacer" aria-hidden="true">
                                        <td
                                            colspan="9"
                                            style:height={move || {
                                                format!(
                                                    "{}px",
                                                    (form.rows.with(Vec::len).saturating_sub(span.get().1))
                                                        as f64 * rows_in_view.row_height.get(),
                                                )
                                            }}
                                        ></td>
                                    </tr>
                                }
                            })
                    }}
                </tbody>
            </table>
        </div>
        <div class="pd-toolbar">
            <button
                type="button"
                class="pd-button"
                id="f-origins"
                data-testid="add-endpoint"
                on:click={add}
            >
                "Add endpoint"
            </button>
            <button
                type="button"
                class="pd-button"
                data-testid="paste-endpoints"
                aria-expanded={move || pasting.get().to_string()}
                on:click={move |_| pasting.update(|p| *p = !*p)}
            >
                "Paste endpoints"
            </button>
        </div>
        {move || {
            pasting
                .get()
                .then(|| {
                    view! {
                        <PastePanel
                            form={form}
                            limits={limits.clone()}
                            on_done={move |_| pasting.set(false)}
                        />
                    }
                })
        }}
    }
}

/// One endpoint row. Everything in it reads the row's own signal.
#[component]
fn EndpointRow(form: Form, row: Row, shares: ShareColumn) -> impl IntoView {
    let key = row.key;
    let origin = row.origin;
    let index = Memo::new(move |_| {
        form.rows
            .with(|r| r.iter().position(|x| x.key == key).unwrap_or(0))
    });
    let path = move |field: &'static str| {
        Signal::derive(move || format!("origins[{}].{field}", index.get()))
    };
    let id_of = move |field: &'static str| {
        Signal::derive(move || field_id(&format!("origins[{}].{field}", index.get())))
    };
    let label = move || {
        origin.with(|o| {
            if o.name.is_empty() {
                format!("endpoint {}", index.get() + 1)
            } else {
                format!("endpoint {}", o.name)
            }
        })
    };
    let initial = move |f: fn(&Origin) -> String| {
        move || {
            form.generation.get();
            origin.with_untracked(f)
        }
    };

    let text_cell = move |field: &'static str,
                          test_id: &'static str,
                          get: fn(&Origin) -> String,
                          set: fn(&mut Origin, String),
                          placeholder: &'static str| {
        let p = path(field);
        let id = id_of(field);
        let message = message_for(form, p);
        view! {
            <input
                type="text"
                id={id}
                data-testid={test_id}
                autocomplete="off"
                spellcheck="false"
                placeholder={placeholder}
                aria-label={move || format!("{} of {}", field_label(field), label())}
                prop:value={initial(get)}
                on:input={move |ev| {
                    let v = event_target_value(&ev);
                    origin.update(|o| set(o, v));
                }}
                on:blur={move |_| {
                    form.touch(&p.get_untracked());
                    if field == "address" {
                        form.touch(
                            &format!("origins[{}].virtual_network_id", index.get_untracked()),
                        );
                    }
                }}
                aria-invalid={aria_invalid(message)}
                aria-describedby={aria_describedby(id, message)}
            />
            <FieldMessage input_id={id} message={message} />
        }
    };

    let weight_path = path("weight");
    let weight_id = id_of("weight");
    let weight_msg = message_for(form, weight_path);
    let port_path = path("port");
    let port_id = id_of("port");
    let port_msg = message_for(form, port_path);
    let host_open = RwSignal::new(origin.with_untracked(|o| o.header.is_some()));
    // Painted by the column's one effect (see share_column.rs).
    let share_cell = NodeRef::<leptos::html::Td>::new();
    share_cell.on_load(move |td| {
        let share = origin
            .with_untracked(|o| planned_share(o.enabled, o.weight, shares.total().get_untracked()));
        shares.register(key, td.into(), share);
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.alt_key() && (ev.key() == "ArrowUp" || ev.key() == "ArrowDown") {
            ev.prevent_default();
            let active = document().active_element().map(|e| e.id());
            move_row(form, key, if ev.key() == "ArrowUp" { -1 } else { 1 });
            // The row's inputs were renamed by the move; follow the field.
            if let Some(old) = active {
                let field = old.rsplit('-').next().unwrap_or("name").to_owned();
                let i = index.get_untracked();
                focus_soon(field_id(&format!("origins[{i}].{field}")));
            }
        }
    };
    view! {
        <tr
            data-testid="endpoint-row"
            data-key={key.to_string()}
            on:keydown={on_keydown}
            aria-rowindex={move || {
                (form.rows.with(Vec::len) >= super::row_window::VIRTUAL_FROM)
                    .then(|| (index.get() + 2).to_string())
            }}
        >
            <td>
                {text_cell("name", "endpoint-name", |o| o.name.clone(), |o, v| o.name = v, "web-1")}
            </td>
            <td>
                {text_cell(
                    "address",
                    "endpoint-address",
                    |o| o.address.clone(),
                    |o, v| o.address = v,
                    "192.0.2.10 or host",
                )}
            </td>
            <td>
                <input
                    type="checkbox"
                    data-testid="endpoint-enabled"
                    id={id_of("enabled")}
                    aria-label={move || format!("Enabled: {}", label())}
                    prop:checked={move || {
                        form.generation.get();
                        origin.with_untracked(|o| o.enabled)
                    }}
                    on:change={move |ev| {
                        let on = event_target_checked(&ev);
                        origin.update(|o| o.enabled = on);
                    }}
                />
            </td>
            <td>
                <input
                    type="number"
                    class="pd-narrow"
                    min="0"
                    max="1"
                    step="0.01"
                    inputmode="decimal"
                    id={weight_id}
                    data-testid="endpoint-weight"
                    aria-label={move || format!("Weight of {}", label())}
                    prop:value={move || {
                        form.generation.get();
                        origin.with_untracked(|o| o.weight.to_string())
                    }}
                    on:input={move |ev| {
                        let p = weight_path.get_untracked();
                        match parse_number(&event_target_value(&ev)) {
                            Parsed::Value(w) => {
                                form.set_raw(&p, None);
                                origin.update(|o| o.weight = w);
                            }
                            Parsed::Empty => {
                                form.set_raw(&p, Some("weight is required (0 to 1)".into()))
                            }
                            Parsed::Invalid => {
                                form.set_raw(&p, Some("weight must be a number from 0 to 1".into()))
                            }
                        }
                    }}
                    on:blur={move |_| form.touch(&weight_path.get_untracked())}
                    aria-invalid={aria_invalid(weight_msg)}
                    aria-describedby={aria_describedby(weight_id, weight_msg)}
                />
                <FieldMessage input_id={weight_id} message={weight_msg} />
            </td>
            <td data-testid="endpoint-share" node_ref={share_cell}>
                <span class="pd-share">
                    <span class="pd-share-bar"></span>
                </span>
                <span class="pd-share-text"></span>
            </td>
            <td>
                <input
                    type="number"
                    class="pd-narrow"
                    min="0"
                    max="65535"
                    step="1"
                    placeholder="default"
                    id={port_id}
                    data-testid="endpoint-port"
                    aria-label={move || format!("Port of {}", label())}
                    prop:value={move || {
                        form.generation.get();
                        origin.with_untracked(|o| o.port.map(|p| p.to_string()).unwrap_or_default())
                    }}
                    on:input={move |ev| {
                        let p = port_path.get_untracked();
                        match parse_number(&event_target_value(&ev)) {
                            Parsed::Value(v) if v.fract() == 0.0 => {
                                form.set_raw(&p, None);
                                origin.update(|o| o.port = Some(v as i64));
                            }
                            Parsed::Empty => {
                                form.set_raw(&p, None);
                                origin.update(|o| o.port = None);
                            }
                            _ => {
                                form.set_raw(
                                    &p,
                                    Some("port must be a whole number from 0 to 65535".into()),
                                )
                            }
                        }
                    }}
                    on:blur={move |_| form.touch(&port_path.get_untracked())}
                    aria-invalid={aria_invalid(port_msg)}
                    aria-describedby={aria_describedby(port_id, port_msg)}
                />
                <FieldMessage input_id={port_id} message={port_msg} />
            </td>
            <td>
                {move || {
                    if host_open.get() {
                        let p = Signal::derive(move || {
                            format!("origins[{}].header.Host[0]", index.get())
                        });
                        let id = id_of("host");
                        let message = message_for(form, p);
                        view! {
                            <input
                                type="text"
                                id={id}
                                data-testid="endpoint-host"
                                placeholder="app.example.com"
                                autocomplete="off"
                                spellcheck="false"
                                aria-label={move || format!("Host header of {}", label())}
                                prop:value={move || {
                                    origin
                                        .with_untracked(|o| o.host().unwrap_or_default().to_owned())
                                }}
                                on:input={move |ev| {
                                    let v = event_target_value(&ev);
                                    origin
                                        .update(|o| {
                                            if v.trim().is_empty() {
                                                let keep = o
                                                    .header
                                                    .as_ref()
                                                    .is_some_and(|h| !h.extra.is_empty());
                                                if keep {
                                                    if let Some(h) = o.header.as_mut() {
                                                        h.host = None;
                                                    }
                                                } else {
                                                    o.header = None;
                                                }
                                            } else {
                                                match o.header.as_mut() {
                                                    Some(h) => h.host = Some(vec![v.trim().to_owned()]),
                                                    None => o.header = Some(OriginHeader::host(v.trim())),
                                                }
                                            }
                                        });
                                }}
                                on:blur={move |_| form.touch(&p.get_untracked())}
                                aria-invalid={aria_invalid(message)}
                                aria-describedby={aria_describedby(id, message)}
                            />
                            <FieldMessage input_id={id} message={message} />
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class="pd-link"
                                data-testid="add-host-header"
                                aria-label={move || format!("Add host header to {}", label())}
                                on:click={move |_| {
                                    host_open.set(true);
                                    focus_soon(id_of("host").get_untracked());
                                }}
                            >
                                "Add host header"
                            </button>
                        }
                            .into_any()
                    }
                }}
            </td>
            <td>
                {
                    let p = path("virtual_network_id");
                    let id = id_of("virtual_network_id");
                    let message = message_for(form, p);
                    view! {
                        <input
                            type="text"
                            id={id}
                            data-testid="endpoint-vnet"
                            placeholder="UUID, for private addresses"
                            autocomplete="off"
                            spellcheck="false"
                            aria-label={move || format!("Virtual network of {}", label())}
                            prop:value={initial(|o| {
                                o.virtual_network_id.clone().unwrap_or_default()
                            })}
                            on:input={move |ev| {
                                let v = event_target_value(&ev);
                                origin
                                    .update(|o| {
                                        o.virtual_network_id = (!v.trim().is_empty())
                                            .then(|| v.trim().to_owned());
                                    });
                            }}
                            on:blur={move |_| form.touch(&p.get_untracked())}
                            aria-invalid={aria_invalid(message)}
                            aria-describedby={aria_describedby(id, message)}
                        />
                        <FieldMessage input_id={id} message={message} />
                    }
                }
            </td>
            <td>
                <div class="pd-actions">
                    <button
                        type="button"
                        class="pd-icon"
                        data-testid="endpoint-up"
                        title="Move up (Alt+↑)"
                        aria-label={move || format!("Move {} up", label())}
                        disabled={move || index.get() == 0}
                        on:click={move |_| move_row(form, key, -1)}
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="pd-icon"
                        data-testid="endpoint-down"
                        title="Move down (Alt+↓)"
                        aria-label={move || format!("Move {} down", label())}
                        disabled={move || index.get() + 1 >= form.rows.with(Vec::len)}
                        on:click={move |_| move_row(form, key, 1)}
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="pd-icon"
                        data-testid="endpoint-duplicate"
                        title="Duplicate"
                        aria-label={move || format!("Duplicate {}", label())}
                        on:click={move |_| {
                            let mut copy = origin.get_untracked();
                            copy.name = if copy.name.is_empty() {
                                String::new()
                            } else {
                                format!("{}-copy", copy.name)
                            };
                            copy.address = String::new();
                            let new_row = form.new_row(copy);
                            let i = index.get_untracked() + 1;
                            form.rows.update(|r| r.insert(i, new_row));
                            focus_soon(field_id(&format!("origins[{i}].address")));
                        }}
                    >
                        "⧉"
                    </button>
                    <button
                        type="button"
                        class="pd-icon pd-danger"
                        data-testid="endpoint-remove"
                        title="Remove"
                        aria-label={move || format!("Remove {}", label())}
                        on:click={move |_| {
                            let i = index.get_untracked();
                            form.rows.update(|r| r.retain(|x| x.key != key));
                            form.raw.update(|r| r.retain(|p, _| !p.starts_with("origins[")));
                            let n = form.rows.with_untracked(Vec::len);
                            focus_soon(
                                if n == 0 {
                                    "f-origins".to_owned()
                                } else {
                                    field_id(&format!("origins[{}].name", i.min(n - 1)))
                                },
                            );
                        }}
                    >
                        "✕"
                    </button>
                </div>
            </td>
        </tr>
    }
}

fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "Name",
        "address" => "Address",
        _ => "Value",
    }
}

/// Paste/CSV import: a live preview of which lines are good and why the
/// others are not; only good lines are added, bad ones stay to be fixed.
#[component]
fn PastePanel(form: Form, limits: Limits, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let toasts = crate::components::toasts::use_toasts();
    let text = RwSignal::new(String::new());
    let result = Memo::new(move |_| {
        let existing: Vec<Origin> = form
            .rows
            .with_untracked(|r| r.iter().map(|x| x.origin.get_untracked()).collect());
        text.with(|t| parse(t, &existing, &limits))
    });
    let add = move |_| {
        let CsvImport { good, bad } = result.get_untracked();
        if good.is_empty() {
            return;
        }
        let added = good.len();
        let rows: Vec<Row> = good.into_iter().map(|(_, o)| form.new_row(o)).collect();
        form.rows.update(|r| {
            // A blank row left from the start is replaced, not kept.
            r.retain(|x| {
                x.origin
                    .with_untracked(|o| !(o.name.is_empty() && o.address.is_empty()))
            });
            r.extend(rows);
        });
        // Bad lines stay in the box, to be fixed and added in turn.
        let remaining = text.with_untracked(|t| {
            let lines: Vec<&str> = t.lines().collect();
            bad.iter()
                .filter_map(|(n, _)| lines.get(n - 1).copied())
                .collect::<Vec<_>>()
                .join("\n")
        });
        toasts.success(format!(
            "Added {added} endpoint{}",
            if added == 1 { "" } else { "s" }
        ));
        if remaining.is_empty() {
            on_done.run(());
        } else {
            text.set(remaining);
        }
    };
    view! {
        <section class="pd-panel" aria-labelledby="paste-title" data-testid="paste-panel">
            <h3 id="paste-title">"Paste endpoints"</h3>
            <label for="paste-text">
                "One endpoint per line: name,address[,weight[,port[,host[,vnet]]]]"
            </label>
            <textarea
                id="paste-text"
                rows="8"
                data-testid="paste-text"
                spellcheck="false"
                prop:value={move || text.get()}
                on:input={move |ev| text.set(event_target_value(&ev))}
            ></textarea>
            <p aria-live="polite" data-testid="paste-summary">
                {move || {
                    result
                        .with(|r| {
                            format!(
                                "{} line{} ready to add, {} with problems.",
                                r.good.len(),
                                if r.good.len() == 1 { "" } else { "s" },
                                r.bad.len(),
                            )
                        })
                }}
            </p>
            {move || {
                let bad = result.with(|r| r.bad.clone());
                (!bad.is_empty())
                    .then(|| {
                        view! {
                            <ul class="pd-bad-lines" data-testid="paste-bad">
                                {bad
                                    .into_iter()
                                    .map(|(n, reason)| {
                                        view! {
                                            <li data-testid="paste-bad-line" data-line={n.to_string()}>
                                                {format!("Line {n}: {reason}")}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
            <div class="pd-toolbar">
                <button
                    type="button"
                    class="pd-button pd-primary"
                    data-testid="paste-add"
                    disabled={move || result.with(|r| r.good.is_empty())}
                    on:click={add}
                >
                    {move || {
                        let n = result.with(|r| r.good.len());
                        format!("Add {n} endpoint{}", if n == 1 { "" } else { "s" })
                    }}
                </button>
                <button
                    type="button"
                    class="pd-button"
                    data-testid="paste-close"
                    on:click={move |_| on_done.run(())}
                >
                    "Close"
                </button>
            </div>
        </section>
    }
}
