//! One endpoint row of the Endpoints step. Everything in it reads the row's
//! own signal, and its field state is keyed by the row (`origins#<key>.…`),
//! so a message, a touched mark or unparsed text stays with the row when it
//! moves or another row goes away. Element IDs follow the row's index, for
//! the error summary's links.

use leptos::prelude::*;
use pooldeck_model::{Origin, OriginHeader};

use super::form::{field_id, row_path, Form, Row};
use super::share_column::ShareColumn;
use crate::components::also_in::{AlsoIn, MoreTraffic};
use crate::components::field::{NumberField, NumberRule, TextField};

/// What a weight box accepts. Out-of-range values read, and the model's
/// rule says why in the API's words.
const WEIGHT: NumberRule = NumberRule {
    name: "weight",
    required: true,
    whole: false,
    range: Some((0.0, 1.0)),
};
/// What a port box accepts; empty is the default port.
const PORT: NumberRule = NumberRule {
    name: "port",
    required: false,
    whole: true,
    range: Some((0.0, 65535.0)),
};

/// Moves row `key` by `delta` places, if there is room.
pub fn move_row(form: Form, key: u64, delta: isize) {
    form.rows.update(|rows| {
        if let Some(i) = rows.iter().position(|r| r.key == key) {
            let j = i as isize + delta;
            if j >= 0 && (j as usize) < rows.len() {
                rows.swap(i, j as usize);
            }
        }
    });
}

/// Focuses the field `field` of the row now at `index`, once it rendered.
pub fn focus_row_field(index: usize, field: &str) {
    let id = field_id(&format!("origins[{index}].{field}"));
    request_animation_frame(move || super::fields::focus_field(&id));
}

/// Sets or clears the row's Host header, keeping any other header it has.
fn set_host(o: &mut Origin, text: &str) {
    let v = text.trim();
    if v.is_empty() {
        let keep = o.header.as_ref().is_some_and(|h| !h.extra.is_empty());
        if keep {
            if let Some(h) = o.header.as_mut() {
                h.host = None;
            }
        } else {
            o.header = None;
        }
    } else {
        match o.header.as_mut() {
            Some(h) => h.host = Some(vec![v.to_owned()]),
            None => o.header = Some(OriginHeader::host(v)),
        }
    }
}

/// One endpoint row.
#[component]
pub fn EndpointRow(
    /// The wizard's form.
    form: Form,
    /// The row: its key and its value.
    row: Row,
    /// The share column, which paints this row's share cell.
    shares: ShareColumn,
) -> impl IntoView {
    let key = row.key;
    let origin = row.origin;
    let fields = form.fields;
    let index = Memo::new(move |_| {
        form.rows
            .with(|r| r.iter().position(|x| x.key == key).unwrap_or(0))
    });
    // State is filed by row; the element ID follows the index.
    let path = move |field: &'static str| row_path(key, Some(field));
    let id_of = move |field: &'static str| {
        Signal::derive(move || field_id(&format!("origins[{}].{field}", index.get())))
    };
    let label = Signal::derive(move || {
        origin.with(|o| {
            if o.name.is_empty() {
                format!("endpoint {}", index.get() + 1)
            } else {
                format!("endpoint {}", o.name)
            }
        })
    });
    let named = move |what: &'static str| Signal::derive(move || format!("{what} {}", label.get()));
    // Inputs read their value when the draft is replaced, not while typing.
    let shown = move |f: fn(&Origin) -> String| {
        Signal::derive(move || {
            form.generation.get();
            origin.with_untracked(f)
        })
    };
    // Re-read only when the address itself changes (a weight keystroke
    // must not redo the lookup's DOM).
    let address = Memo::new(move |_| origin.with(|o| o.address.clone()));
    let host_open = RwSignal::new(origin.with_untracked(|o| o.header.is_some()));
    // Painted by the column's one effect (see share_column.rs).
    let share_cell = NodeRef::<leptos::html::Td>::new();
    share_cell.on_load(move |td| shares.register(key, origin, td.into()));
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.alt_key() && (ev.key() == "ArrowUp" || ev.key() == "ArrowDown") {
            ev.prevent_default();
            let active = document().active_element().map(|e| e.id());
            move_row(form, key, if ev.key() == "ArrowUp" { -1 } else { 1 });
            // The row's inputs were renamed by the move; follow the field.
            if let Some(old) = active {
                let field = old.rsplit('-').next().unwrap_or("name").to_owned();
                focus_row_field(index.get_untracked(), &field);
            }
        }
    };
    let duplicate = move |_| {
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
        focus_row_field(i, "address");
    };
    let remove = move |_| {
        let i = index.get_untracked();
        form.remove_row(key);
        let n = form.rows.with_untracked(Vec::len);
        if n == 0 {
            request_animation_frame(|| super::fields::focus_field("f-origins"));
        } else {
            focus_row_field(i.min(n - 1), "name");
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
                <TextField
                    fields={fields}
                    path={path("name")}
                    id={id_of("name")}
                    aria_label={Some(named("Name of"))}
                    placeholder={Some("web-1")}
                    test_id="endpoint-name"
                    value={shown(|o| o.name.clone())}
                    on_input={Callback::new(move |v: String| origin.update(|o| o.name = v))}
                />
            </td>
            <td>
                <TextField
                    fields={fields}
                    path={path("address")}
                    id={id_of("address")}
                    aria_label={Some(named("Address of"))}
                    placeholder={Some("192.0.2.10 or host")}
                    test_id="endpoint-address"
                    value={shown(|o| o.address.clone())}
                    on_input={Callback::new(move |v: String| origin.update(|o| o.address = v))}
                    // A private address needs a virtual network: say so as
                    // soon as the address is left.
                    on_leave={Some(
                        Callback::new(move |()| fields.touch(&path("virtual_network_id"))),
                    )}
                />
                <AlsoIn address={address} />
            </td>
            <td>
                <input
                    type="checkbox"
                    data-testid="endpoint-enabled"
                    id={id_of("enabled")}
                    aria-label={move || format!("Enabled: {}", label.get())}
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
                <NumberField
                    fields={fields}
                    path={path("weight")}
                    id={id_of("weight")}
                    aria_label={Some(named("Weight of"))}
                    class={Some("pd-narrow")}
                    test_id="endpoint-weight"
                    rule={WEIGHT}
                    value={shown(|o| o.weight.to_string())}
                    on_value={Callback::new(move |v: Option<f64>| {
                        if let Some(w) = v {
                            origin.update(|o| o.weight = w);
                        }
                    })}
                />
            </td>
            <td data-testid="endpoint-share" node_ref={share_cell}>
                <span class="pd-share">
                    <span class="pd-share-bar"></span>
                </span>
                <span class="pd-share-text"></span>
                <MoreTraffic address={address} />
            </td>
            <td>
                <NumberField
                    fields={fields}
                    path={path("port")}
                    id={id_of("port")}
                    aria_label={Some(named("Port of"))}
                    class={Some("pd-narrow")}
                    placeholder={Some("default")}
                    test_id="endpoint-port"
                    rule={PORT}
                    value={shown(|o| o.port.map(|p| p.to_string()).unwrap_or_default())}
                    on_value={Callback::new(move |v: Option<f64>| {
                        origin.update(|o| o.port = v.map(|p| p as i64))
                    })}
                />
            </td>
            <td>
                {move || {
                    if host_open.get() {
                        view! {
                            <TextField
                                fields={fields}
                                path={row_path(key, Some("header.Host[0]"))}
                                id={id_of("host")}
                                aria_label={Some(named("Host header of"))}
                                placeholder={Some("app.example.com")}
                                test_id="endpoint-host"
                                value={shown(|o| o.host().unwrap_or_default().to_owned())}
                                on_input={Callback::new(move |v: String| {
                                    origin.update(|o| set_host(o, &v))
                                })}
                            />
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class="pd-link"
                                data-testid="add-host-header"
                                aria-label={move || format!("Add host header to {}", label.get())}
                                on:click={move |_| {
                                    host_open.set(true);
                                    let id = id_of("host").get_untracked();
                                    request_animation_frame(move || super::fields::focus_field(
                                        &id,
                                    ));
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
                <TextField
                    fields={fields}
                    path={path("virtual_network_id")}
                    id={id_of("virtual_network_id")}
                    aria_label={Some(named("Virtual network of"))}
                    placeholder={Some("UUID")}
                    test_id="endpoint-vnet"
                    value={shown(|o| o.virtual_network_id.clone().unwrap_or_default())}
                    on_input={Callback::new(move |v: String| {
                        origin
                            .update(|o| {
                                o.virtual_network_id = (!v.trim().is_empty())
                                    .then(|| v.trim().to_owned())
                            })
                    })}
                />
            </td>
            <td>
                <div class="pd-actions">
                    <button
                        type="button"
                        class="pd-icon"
                        data-testid="endpoint-up"
                        title="Move up (Alt+↑)"
                        aria-label={move || format!("Move {} up", label.get())}
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
                        aria-label={move || format!("Move {} down", label.get())}
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
                        aria-label={move || format!("Duplicate {}", label.get())}
                        on:click={duplicate}
                    >
                        // Drawn, not a glyph: "⧉" is missing from many
                        // fonts and showed as an empty box.
                        <svg
                            class="pd-icon-svg"
                            viewBox="0 0 16 16"
                            width="14"
                            height="14"
                            aria-hidden="true"
                            focusable="false"
                        >
                            <rect x="5" y="5" width="9" height="9" rx="1.5" />
                            <path d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5" />
                        </svg>
                    </button>
                    <button
                        type="button"
                        class="pd-icon pd-danger"
                        data-testid="endpoint-remove"
                        title="Remove"
                        aria-label={move || format!("Remove {}", label.get())}
                        on:click={remove}
                    >
                        "✕"
                    </button>
                </div>
            </td>
        </tr>
    }
}
