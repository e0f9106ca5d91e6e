//! One version in a pool's history: who made the change and when, what it
//! changed field by field, and the way back to it.

use leptos::prelude::*;
use pooldeck_model::HistoryEntry;

use crate::local_time::local_time;
use crate::pages::pool_wizard::review::compact;
use crate::routes::Route;

#[component]
pub fn Version(
    /// The recorded write.
    entry: HistoryEntry,
    /// The pool whose history this is.
    pool_id: String,
    /// True when the pool is now exactly what this write left (nothing to
    /// restore).
    current: bool,
) -> impl IntoView {
    let changes = entry.pool_changes();
    let heading_id = format!("version-{}", entry.seq);
    let labelled_by = heading_id.clone();
    let verb = entry.verb();
    let restorable = entry.after.is_some() && !current;
    let summary = match (verb, changes.len()) {
        ("Deleted", _) => "The pool was deleted.".to_owned(),
        (_, 0) => "No member a write sets changed.".to_owned(),
        ("Created", n) => format!("Created with {n} members set."),
        (_, 1) => "1 member changed.".to_owned(),
        (_, n) => format!("{n} members changed."),
    };
    let rows = (verb != "Created").then(|| {
        changes
            .into_iter()
            .map(|c| {
                view! {
                    <tr>
                        <th scope="row">
                            <code>{c.key}</code>
                        </th>
                        <td>
                            <code>{compact(c.before.as_ref())}</code>
                        </td>
                        <td>
                            <code>{compact(c.after.as_ref())}</code>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    });
    let restore = Route::PoolRestore(pool_id, entry.seq);
    view! {
        <li class="pd-version" aria-labelledby={labelled_by} data-testid="history-version">
            <div class="pd-version-head">
                <h2 id={heading_id}>{format!("{verb} by {}", entry.actor)}</h2>
                <time datetime={entry.at.clone()}>{local_time(&entry.at)}</time>
                {current.then(|| view! { <span class="pd-badge">"Current version"</span> })}
            </div>
            <p>{summary}</p>
            {rows
                .map(|rows| {
                    view! {
                        <div class="pd-table-wrap">
                            <table class="pd-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Field"</th>
                                        <th scope="col">"Before"</th>
                                        <th scope="col">"After"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                })}
            {restorable
                .then(|| {
                    view! {
                        <a href={restore.href()} class="pd-button">
                            "Restore this version"
                        </a>
                    }
                })}
        </li>
    }
}
