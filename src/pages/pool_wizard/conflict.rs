//! The three-way view shown when the pool changed on the server between
//! loading and saving: what you loaded, what is there now, your edit; and
//! the two ways on: rebase your changes onto theirs, or overwrite theirs.

use leptos::prelude::*;
use pooldeck_model::{diff, Pool};

use super::review::compact;
use super::save_plan::{my_changes, overlapping};
use crate::components::dialog::Dialog;

#[component]
pub fn ConflictDialog(
    loaded: Pool,
    server: Pool,
    mine: Pool,
    /// Apply my changes to the server's copy and review again.
    #[prop(into)]
    on_rebase: Callback<()>,
    /// Replace the server's copy with mine (PUT).
    #[prop(into)]
    on_overwrite: Callback<()>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let mut keys = my_changes(&loaded, &mine);
    for k in my_changes(&loaded, &server) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let both = overlapping(&loaded, &server, &mine);
    let (l, s, m) = (loaded.write_body(), server.write_body(), mine.write_body());
    let theirs_changed = !diff(&loaded, &server).is_empty();
    view! {
        <Dialog
            title="Someone else changed this pool"
            test_id="conflict-dialog"
            on_close={on_close}
        >
            <p data-testid="conflict-summary">
                {format!(
                    "The pool was saved by someone else since you opened it (modified {}). Nothing was saved. Choose how to go on.",
                    server.modified_on.clone().unwrap_or_default(),
                )}
            </p>
            {(!theirs_changed)
                .then(|| {
                    view! {
                        <p class="pd-muted">"Their save changed no field you can edit here."</p>
                    }
                })}
            <table class="pd-table pd-diff" data-testid="conflict-table">
                <thead>
                    <tr>
                        <th scope="col">"Field"</th>
                        <th scope="col">"You loaded"</th>
                        <th scope="col">"On the server now"</th>
                        <th scope="col">"Your edit"</th>
                    </tr>
                </thead>
                <tbody>
                    {keys
                        .into_iter()
                        .map(|k| {
                            let clash = both.contains(&k);
                            view! {
                                <tr
                                    data-testid="conflict-row"
                                    data-key={k.clone()}
                                    class={if clash { "pd-clash" } else { "" }}
                                >
                                    <th scope="row">
                                        <code>{k.clone()}</code>
                                        {clash
                                            .then(|| {
                                                view! {
                                                    <span class="pd-badge pd-badge-critical">
                                                        " both changed"
                                                    </span>
                                                }
                                            })}
                                    </th>
                                    <td>
                                        <code>{compact(l.get(&k))}</code>
                                    </td>
                                    <td>
                                        <code>{compact(s.get(&k))}</code>
                                    </td>
                                    <td>
                                        <code>{compact(m.get(&k))}</code>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="pd-hint">
                "Rebase keeps their changes and applies yours on top (where both changed a field, yours wins), then shows the review again. Overwrite replaces their version with yours."
            </p>
            <div class="pd-dialog-actions">
                <button
                    type="button"
                    class="pd-button"
                    data-testid="conflict-cancel"
                    on:click={move |_| on_close.run(())}
                >
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="pd-button"
                    data-testid="conflict-overwrite"
                    on:click={move |_| on_overwrite.run(())}
                >
                    "Overwrite theirs"
                </button>
                <button
                    type="button"
                    class="pd-button pd-primary"
                    data-testid="conflict-rebase"
                    on:click={move |_| on_rebase.run(())}
                >
                    "Rebase my changes"
                </button>
            </div>
        </Dialog>
    }
}
