//! The three-way view shown when the pool changed on the server between
//! loading and saving: what you loaded, what is there now, your edit; and
//! the two ways on: rebase your changes onto theirs, or overwrite theirs.

use leptos::prelude::*;
use pooldeck_model::{diff, Pool};

use super::form::Form;
use super::review::compact;
use super::save::SaveState;
use super::save_plan::{my_changes, overlapping, rebase};
use super::steps::Step;
use crate::components::dialog::Dialog;
use crate::components::toasts::use_toasts;

/// Shows the [`ConflictDialog`] while the save is in conflict, and carries
/// out the choice: rebase the edit onto the server's copy and review again,
/// or overwrite the server's copy.
#[component]
pub fn ConflictFlow(
    /// The wizard's form.
    form: Form,
    /// The save's state; `Conflict` holds the server's copy.
    state: RwSignal<SaveState>,
    /// The server's copy the edit is based on; the server's current copy
    /// once the user chose.
    loaded: RwSignal<Option<Pool>>,
    /// The save (`true`: a forced PUT).
    save: Callback<bool>,
) -> impl IntoView {
    let toasts = use_toasts();
    move || match state.get() {
        SaveState::Conflict(server) => {
            let server = *server;
            let loaded_pool = loaded.get_untracked().unwrap_or_default();
            let mine = form.draft.get_untracked();
            let rebased = rebase(&loaded_pool, &server, &mine);
            let server_copy = StoredValue::new(server.clone());
            let rebased = StoredValue::new(rebased);
            view! {
                <ConflictDialog
                    loaded={loaded_pool}
                    server={server}
                    mine={mine}
                    on_close={move |_| state.set(SaveState::Idle)}
                    on_rebase={move |_| {
                        loaded.set(Some(server_copy.get_value()));
                        form.replace(rebased.get_value());
                        state.set(SaveState::Idle);
                        form.step.set(Step::Review);
                        toasts
                            .success(
                                "Your changes were applied to the current pool. Review and save again.",
                            );
                    }}
                    on_overwrite={move |_| {
                        loaded.set(Some(server_copy.get_value()));
                        state.set(SaveState::Idle);
                        save.run(true);
                    }}
                />
            }
                .into_any()
        }
        _ => ().into_any(),
    }
}

/// The three-way view and its three buttons.
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
