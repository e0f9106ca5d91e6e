//! The pools list: every pool with its health, searchable (including by
//! endpoint address: "where is 192.0.2.10 used?"), sortable by any column,
//! filterable by health and state, with the view kept in the URL.

mod delete_dialog;
pub mod list_model;
mod recent;
mod row;
pub mod selection;
pub mod shortcuts;
mod slots;
mod toggle;

use std::time::Duration;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::{MonitorListing, PoolListing, PoolStatus};
use wasm_bindgen::JsCast;

pub use delete_dialog::{DeletePoolBody, DeletePoolDialog};
use list_model::{build_rows, order, ListQuery, SortKey};
use recent::RecentSearches;
use row::{PoolRow, RowFace};
use selection::use_selection;
pub use shortcuts::ShortcutsBody;
use shortcuts::{use_list_shortcuts, ListShortcuts, ShortcutsDialog};
use slots::{slots, Slots};
pub use toggle::{toggle, toggle_pool};

use crate::api::ApiError;
use crate::components::error_panel::ErrorPanel;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::hooks::{use_debounced, use_load, use_page_tasks, LoadFuture, RowWindow};
use crate::routes::Route;

/// From this many shown pools on, the table scrolls in a box of its own
/// and only the rows in view of it are rendered (see [`RowWindow`]): a
/// search keystroke over thousands of pools renders a screenful.
const VIRTUAL_FROM: usize = 100;
/// The table's columns, for the spacer rows.
const COLUMNS: &str = "9";

/// Writes the view into the address bar without a navigation, so typing
/// in the search box does not re-run the router.
fn write_url(q: &ListQuery) {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams");
    for (k, v) in q.to_params() {
        params.append(k, &v);
    }
    let search = String::from(params.to_string());
    let path = window().location().pathname().unwrap_or_default();
    let url = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The list's rows, from its two calls. The monitors only name the pools'
/// monitors, so the list shows without them (by ID) when they fail.
fn rows_of(
    pools: Result<Vec<PoolListing>, ApiError>,
    monitors: Result<Vec<MonitorListing>, ApiError>,
) -> Result<Vec<list_model::Row>, ApiError> {
    Ok(build_rows(pools?, &monitors.unwrap_or_default()))
}

/// What the pools page shows: see `phase` in [`PoolsPage`].
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Failed(ApiError),
    Empty,
    Listed,
}

#[component]
pub fn PoolsPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let query = RwSignal::new(ListQuery::from_params(crate::router::query_param));
    // The address bar follows the view once typing pauses: replaceState on
    // every keystroke showed up in the search benchmark's profile.
    let write_url_soon = use_debounced(Duration::from_millis(250), move || {
        if let Some(q) = query.try_get_untracked() {
            write_url(&q);
        }
    });
    Effect::new(move |_| {
        query.track();
        write_url_soon.call();
    });
    // The first render shows the rows when the page's preloaded answers
    // are in already (behind pooldeck-server, usually so): no "Loading
    // pools…" frame before them.
    let at_hand = api
        .listings_at_hand()
        .map(|(pools, monitors)| rows_of(pools, monitors));
    let data = {
        let api = api.clone();
        use_load(at_hand, move || -> LoadFuture<Result<_, ApiError>> {
            let api = api.clone();
            Box::pin(async move {
                let (pools, monitors) = futures::join!(api.pool_listings(), api.monitor_listings());
                rows_of(pools, monitors)
            })
        })
    };
    let rows = Memo::new(move |_| {
        data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    });
    // What the page shows, apart from which pools: a refresh (after a
    // toggle, say) keeps the table, its scroll position and its focus, and
    // the rows take the new pools in place.
    let phase = Memo::new(move |_| {
        data.with(|d| match d {
            None => Phase::Loading,
            Some(Err(e)) => Phase::Failed(e.clone()),
            Some(Ok(all)) if all.is_empty() => Phase::Empty,
            Some(Ok(_)) => Phase::Listed,
        })
    });
    // Sorting is per sort change; a keystroke only filters the sorted list.
    // (A memo of its own: a memo re-runs whenever a dependency changes, so
    // reading `query` in `sorted` itself would re-sort on every keystroke.)
    let sort_by = Memo::new(move |_| query.with(|q| (q.sort, q.descending)));
    // Each order is numbered, so the filter knows when it has a new one.
    let orders = StoredValue::new(0u64);
    let sorted = Memo::new(move |_| {
        let (sort, descending) = sort_by.get();
        orders.update_value(|n| *n += 1);
        (
            orders.get_value(),
            rows.with(|r| order(r, sort, descending)),
        )
    });
    // A keystroke filters what a recent search found when it can (typing
    // on), or takes a recent result as it is (deleting, clearing).
    let recent = StoredValue::new(RecentSearches::default());
    let picked = Memo::new(move |_| {
        let q = query.get();
        sorted.with(|(n, ordered)| {
            rows.with(|r| {
                recent
                    .try_update_value(|c| c.pick(r, *n, ordered, &q))
                    .unwrap_or_default()
            })
        })
    });
    let deleting = RwSignal::new(None::<(String, String)>);
    // The shortcuts move through every shown pool, rendered or not.
    let shown_ids = move || -> Vec<String> {
        picked.with_untracked(|p| {
            rows.with_untracked(|r| p.iter().map(|&i| r[i].id().to_owned()).collect())
        })
    };
    let ListShortcuts { current, help_open } =
        use_list_shortcuts(shown_ids, move || deleting.with_untracked(Option::is_some));

    // --- Only the rows in view, for long lists ----------------------------
    let rows_in_view = RowWindow::new(VIRTUAL_FROM);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let is_virtual = move || rows_in_view.is_virtual(picked.with(Vec::len));
    // The current row's model index, then its place in the shown list: it
    // stays rendered wherever it is, so its focus is never lost.
    let current_index = Memo::new(move |_| {
        current.with(|c| {
            c.as_deref()
                .and_then(|c| rows.with(|r| r.iter().position(|x| x.id() == c)))
        })
    });
    let pinned = Memo::new(move |_| {
        current_index
            .get()
            .and_then(|ci| picked.with(|p| p.iter().position(|&i| i == ci)))
    });
    let span = Memo::new(move |_| rows_in_view.range(picked.with(Vec::len)));
    let body = Memo::new(move |_| slots(picked.with(Vec::len), span.get(), pinned.get()));
    // The window's places: scrolling keeps the rows still in view. When
    // the list ends inside the window, the places past its end stay as
    // hidden rows without a pool, up to the most the window has held: a
    // search that goes to few or no pools (a typo) and back fills rows in
    // again instead of building them anew.
    let held = StoredValue::new(0usize);
    let window_rows = move || {
        let Slots { start, end, .. } = body.get();
        held.update_value(|h| *h = (*h).max(end - start));
        let ends_inside = end == picked.with(Vec::len);
        let last = if ends_inside {
            end.max(start + held.get_value())
        } else {
            end
        };
        (start..last).collect::<Vec<_>>()
    };
    // The current row's element is re-created when it moves between the
    // window and its place apart, and a removed element loses focus; a row
    // whose pool changes under the focus gives it up (see `PoolRow`). Focus
    // lost that way, not by a click, goes back to the current pool's row,
    // without scrolling.
    let pressed_at = StoredValue::new(f64::NEG_INFINITY);
    crate::hooks::use_document_listener::<web_sys::MouseEvent>("mousedown", true, move |_| {
        pressed_at.set_value(js_sys::Date::now());
    });
    let refocus = move |ev: web_sys::FocusEvent| {
        // `try_`: the page may be going away (a navigation) as focus leaves.
        let Some(pressed) = pressed_at.try_get_value() else {
            return;
        };
        if ev.related_target().is_some() || js_sys::Date::now() - pressed < 500.0 {
            return;
        }
        request_animation_frame(move || {
            let lost = document()
                .active_element()
                .is_none_or(|a| a.tag_name() == "BODY");
            let Some(id) = current.try_get_untracked().flatten().filter(|_| lost) else {
                return;
            };
            let css =
                format!("[data-testid=pool-row][data-pool-id='{id}'] [data-testid=pool-link]");
            if let Some(el) = document().query_selector(&css).ok().flatten() {
                let options = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
                if let Ok(focus) = js_sys::Reflect::get(&el, &"focus".into()) {
                    if let Ok(focus) = focus.dyn_into::<js_sys::Function>() {
                        let _ = focus.call1(&el, &options);
                    }
                }
            }
        });
    };
    // Measure the rendered rows and the box's height, on the next frame:
    // measured at once, in the keystroke's own task, the forced layout
    // cost seconds in the bench when a search went from no pool to 5,000.
    // Also after a refresh: new content (a wider badge, say) can re-flow
    // every row, and the table now stays in place through it.
    Effect::new(move |_| {
        span.track();
        picked.track();
        rows.track();
        request_animation_frame(move || {
            if let Some(el) = scroller.try_get_untracked().flatten() {
                rows_in_view.measure(&el, "tr[data-testid=pool-row]");
            }
        });
    });
    // A new search, filter or sort starts at the top of the list. A list
    // already there (the usual case while typing) is left alone: setting
    // `scrollTop` forces a layout in the middle of the keystroke's updates
    // (0.7 ms a keystroke over 5,000 pools in the profile).
    Effect::watch(
        move || query.get(),
        move |_, _, _| {
            if rows_in_view.scroll_top.get_untracked() <= 0.0 {
                return;
            }
            if let Some(el) = scroller.get_untracked() {
                rows_in_view.scroll_to(&el, 0.0);
            }
        },
        false,
    );

    // Bound to the page, not to the row: a search typed meanwhile may
    // remove the row, and the toggle must still finish and refresh.
    let tasks = use_page_tasks();
    let toggle = {
        let api = api.clone();
        Callback::new(move |(id, name, enable): (String, String, bool)| {
            let api = api.clone();
            tasks.spawn(async move {
                if toggle(api, toasts, id, name, enable).await {
                    data.reload();
                }
            });
        })
    };

    // The row at place `pos` of the shown list: it stays as the search
    // and sort change which pool is there, and shows that pool.
    let row_view = move |pos: usize| {
        let face = Memo::new(move |_| {
            picked.with(|p| p.get(pos).map(|&i| rows.with(|r| RowFace::of(&r[i]))))
        });
        view! {
            <PoolRow
                face={face}
                rowindex={pos + 2}
                current={current}
                on_toggle={toggle}
                on_delete={move |d| deleting.set(Some(d))}
            />
        }
    };
    // A spacer standing for `rows` rows: always in the DOM, 0 px when none.
    let spacer = move |rows: Signal<usize>| {
        view! {
            <tr class="pd-spacer" aria-hidden="true">
                <td
                    colspan={COLUMNS}
                    style:height={move || rows_in_view.height_of(rows.get())}
                ></td>
            </tr>
        }
    };
    // The current row outside the window, at position `at`: a new row
    // when that place changes, the same one while only its pool's state does.
    let pinned_row = move |at: Signal<Option<usize>>| {
        let at = Memo::new(move |_| at.get());
        move || at.get().map(row_view)
    };
    // --- Selection for bulk changes ---------------------------------------
    let selection = use_selection();
    let selected_count = Memo::new(move |_| selection.0.with(|s| s.len()));
    let all_shown_selected = Memo::new(move |_| {
        selection.0.with(|s| {
            picked
                .with(|p| !p.is_empty() && rows.with(|r| p.iter().all(|&i| s.contains(r[i].id()))))
        })
    });
    let some_shown_selected = Memo::new(move |_| {
        selection.0.with(|s| {
            !s.is_empty()
                && picked.with(|p| rows.with(|r| p.iter().any(|&i| s.contains(r[i].id()))))
        })
    });
    let select_all = move || {
        view! {
            <input
                type="checkbox"
                class="pd-select"
                data-testid="pool-select-all"
                aria-label={move || format!("Select all {} shown pools", picked.with(Vec::len))}
                prop:checked={move || all_shown_selected.get()}
                prop:indeterminate={move || some_shown_selected.get() && !all_shown_selected.get()}
                on:change={move |ev| {
                    let on = event_target_checked(&ev);
                    selection.set_all(&shown_ids(), on);
                }}
            />
        }
    };
    let sort_header = move |key: SortKey| {
        let aria = move || {
            query.with(|q| {
                if q.sort != key {
                    "none"
                } else if q.descending {
                    "descending"
                } else {
                    "ascending"
                }
            })
        };
        view! {
            <th scope="col" aria-sort={aria}>
                {(key == SortKey::ALL[0]).then(select_all)}
                <button
                    type="button"
                    class="pd-sort"
                    data-testid={format!("sort-{}", key.slug())}
                    on:click={move |_| {
                        query
                            .update(|q| {
                                if q.sort == key {
                                    q.descending = !q.descending
                                } else {
                                    q.sort = key;
                                    q.descending = false;
                                }
                            })
                    }}
                >
                    {key.label()}
                </button>
            </th>
        }
    };

    view! {
        <Title text="Pools" />
        <div class="pd-page-head">
            <h1 data-testid="page-title">"Pools"</h1>
            <button
                type="button"
                class="pd-button"
                data-testid="shortcuts-help"
                aria-keyshortcuts="?"
                on:click={move |_| help_open.set(true)}
            >
                "Keyboard shortcuts"
            </button>
            <a href={Route::PoolNew.href()} class="pd-button pd-primary" data-testid="pool-new">
                "Create pool"
            </a>
        </div>
        <div class="pd-toolbar" role="search">
            <label for="pool-search">"Search pools"</label>
            <input
                id="pool-search"
                type="search"
                data-testid="pool-search"
                placeholder="Name, description, endpoint name or address"
                prop:value={move || query.with(|q| q.search.clone())}
                on:input={move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| q.search = v);
                }}
            />
            <label for="health-filter">"Health"</label>
            <select
                id="health-filter"
                data-testid="health-filter"
                prop:value={move || {
                    query.with(|q| q.health.map(|h| h.slug()).unwrap_or("").to_owned())
                }}
                on:change={move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| q.health = PoolStatus::from_slug(&v));
                }}
            >
                <option value="">"Any"</option>
                {PoolStatus::ALL
                    .into_iter()
                    .map(|s| view! { <option value={s.slug()}>{s.label()}</option> })
                    .collect_view()}
            </select>
            <label for="enabled-filter">"State"</label>
            <select
                id="enabled-filter"
                data-testid="enabled-filter"
                prop:value={move || {
                    query.with(|q| q.enabled.map(|e| e.to_string()).unwrap_or_default())
                }}
                on:change={move |ev| {
                    let v = event_target_value(&ev);
                    query.update(|q| q.enabled = v.parse().ok());
                }}
            >
                <option value="">"Any"</option>
                <option value="true">"Enabled"</option>
                <option value="false">"Disabled"</option>
            </select>
        </div>
        {move || {
            (selected_count.get() > 0)
                .then(|| {
                    view! {
                        <div class="pd-banner pd-selection-bar" data-testid="selection-bar">
                            <p aria-live="polite">
                                {move || {
                                    let n = selected_count.get();
                                    format!("{n} pool{} selected", if n == 1 { "" } else { "s" })
                                }}
                            </p>
                            <a
                                href={Route::PoolsBulk.href()}
                                class="pd-button pd-primary"
                                data-testid="bulk-open"
                            >
                                "Change the selected pools…"
                            </a>
                            <button
                                type="button"
                                class="pd-button"
                                data-testid="selection-clear"
                                on:click={move |_| selection.clear()}
                            >
                                "Clear selection"
                            </button>
                        </div>
                    }
                })
        }}
        {move || match phase.get() {
            Phase::Loading => {
                view! {
                    <p class="pd-skeleton" data-testid="pools-loading">
                        "Loading pools…"
                    </p>
                }
                    .into_any()
            }
            Phase::Failed(e) => {
                view! { <ErrorPanel error={e} on_retry={move |_| data.reload()} /> }.into_any()
            }
            Phase::Empty => {
                view! {
                    <div class="pd-empty" data-testid="pools-empty">
                        <p>"There are no pools in this account yet."</p>
                        <a
                            href={Route::PoolNew.href()}
                            class="pd-button pd-primary"
                            data-testid="pool-new-empty"
                        >
                            "Create the first pool"
                        </a>
                    </div>
                }
                    .into_any()
            }
            Phase::Listed => {
                view! {
                    <p class="pd-muted" aria-live="polite" data-testid="pools-count">
                        {move || {
                            format!("{} of {} pools", picked.with(Vec::len), rows.with(Vec::len))
                        }}
                    </p>
                    // A short list is laid out as it always was; a long one
                    // scrolls in its box (both ways at narrow widths).
                    <div
                        class:pd-table-wrap={is_virtual}
                        class:pd-virtual={is_virtual}
                        node_ref={scroller}
                        tabindex={move || is_virtual().then_some("0")}
                        role={move || is_virtual().then_some("region")}
                        aria-label={move || is_virtual().then_some("Pools (scrolls)")}
                        on:scroll={move |_| {
                            if let Some(el) = scroller.get_untracked() {
                                rows_in_view.follow(&el);
                            }
                        }}
                    >
                        <table
                            class="pd-table pd-pools-table"
                            data-testid="pools-table"
                            aria-rowcount={move || (picked.with(Vec::len) + 1).to_string()}
                        >
                            // Fixed column widths (main.css): a keystroke that
                            // changes the rows does not measure every cell again.
                            <colgroup>
                                <col class="pd-col-name" />
                                <col />
                                <col class="pd-col-enabled" />
                                <col class="pd-col-health" />
                                <col class="pd-col-endpoints" />
                                <col class="pd-col-monitor" />
                                <col class="pd-col-regions" />
                                <col class="pd-col-modified" />
                                <col class="pd-col-actions" />
                            </colgroup>
                            <thead>
                                <tr aria-rowindex="1">
                                    {SortKey::ALL.into_iter().map(sort_header).collect_view()}
                                    <th scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody on:focusout={refocus}>
                                {spacer(Signal::derive(move || body.get().top))}
                                {pinned_row(Signal::derive(move || body.get().pinned_above))}
                                {spacer(Signal::derive(move || body.get().gap_above))}
                                <For
                                    // Places, not pools: a keystroke that changes which
                                    // pools match rewrites rows instead of re-creating them.
                                    each={window_rows}
                                    key={|&pos: &usize| pos}
                                    children={row_view}
                                /> {spacer(Signal::derive(move || body.get().gap_below))}
                                {pinned_row(Signal::derive(move || body.get().pinned_below))}
                                {spacer(Signal::derive(move || body.get().bottom))}
                            </tbody>
                        </table>
                    </div>
                    {move || {
                        (picked.with(Vec::is_empty))
                            .then(|| {
                                view! {
                                    <p class="pd-empty" data-testid="pools-no-match">
                                        "No pool matches this search and these filters."
                                    </p>
                                }
                            })
                    }}
                }
                    .into_any()
            }
        }}
        {move || {
            help_open
                .get()
                .then(|| view! { <ShortcutsDialog on_close={move |_| help_open.set(false)} /> })
        }}
        {move || {
            deleting
                .get()
                .map(|(id, name)| {
                    let deleted_name = name.clone();
                    view! {
                        <DeletePoolDialog
                            id={id}
                            name={name}
                            on_close={move |_| deleting.set(None)}
                            on_deleted={move |_| {
                                deleting.set(None);
                                toasts.success(format!("Pool {deleted_name} deleted"));
                                data.reload();
                            }}
                        />
                    }
                })
        }}
    }
}
