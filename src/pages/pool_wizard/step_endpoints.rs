//! Step 2, Endpoints: one row per endpoint with a live traffic-share
//! column, row tools (add, remove, duplicate, reorder by mouse or
//! keyboard) and paste/CSV import.

use leptos::prelude::*;
use pooldeck_model::validate::Limits;
use pooldeck_model::Origin;

use super::csv_import::{parse, CsvImport};
use super::endpoint_row::{focus_row_field, EndpointRow};
use super::form::{Form, Row};
use super::row_window::{reveal_event, VIRTUAL_FROM};
use super::share_column::ShareColumn;
use crate::hooks::{use_document_listener, RowWindow};

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
        focus_row_field(n, "name");
    };
    let pasting = RwSignal::new(false);
    // --- Only the rows in view, for large pools (see row_window.rs) ------
    let rows_in_view = RowWindow::new(VIRTUAL_FROM);
    let is_virtual = move || rows_in_view.is_virtual(form.rows.with(Vec::len));
    let span = Memo::new(move |_| {
        let n = form.rows.with(Vec::len);
        rows_in_view.range(n)
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Measure a real row once some are rendered, and the box's height.
    Effect::new(move |_| {
        span.track();
        if let Some(el) = scroller.get() {
            rows_in_view.measure(&el, "tr[data-testid=endpoint-row]");
        }
    });
    // A field outside the window is scrolled to before it is focused.
    use_document_listener::<web_sys::CustomEvent>(reveal_event(), false, move |ev| {
        let Some(i) = ev.detail().as_f64() else {
            return;
        };
        if let Some(el) = scroller.get_untracked() {
            rows_in_view.scroll_to(&el, rows_in_view.offset_of(i as usize));
        }
    });
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
            on:scroll={move |_| {
                if let Some(el) = scroller.get_untracked() {
                    rows_in_view.follow(&el);
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
                                                rows_in_view.height_of(span.get().0)
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
                                                rows_in_view
                                                    .height_of(
                                                        form.rows.with(Vec::len).saturating_sub(span.get().1),
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
