//! Step 6, Review: the pool exactly as it will be sent, and when editing,
//! a field-level diff against the server's copy with the request saving
//! will make (PATCH of the changed keys, or PUT and why).

use leptos::prelude::*;
use pooldeck_model::export::{to_curl, to_json, to_terraform};
use pooldeck_model::{diff, Pool, WritePlan};
use serde_json::Value;

use super::form::Form;
use super::save_plan::{plan_save, SaveRequest};
use crate::clipboard::copy;
use crate::components::toasts::use_toasts;
use crate::context::use_api;

/// A JSON value on one line, shortened for a table cell.
pub fn compact(v: Option<&Value>) -> String {
    match v {
        None => "(not set)".into(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 300 {
                format!("{}…", s.chars().take(300).collect::<String>())
            } else {
                s
            }
        }
    }
}

/// One sentence on what saving sends.
pub fn describe(request: &SaveRequest) -> String {
    match request {
        SaveRequest::Create => "Saving creates the pool (POST).".into(),
        SaveRequest::Update(WritePlan::Nothing) => {
            "Nothing has changed; saving sends nothing.".into()
        }
        SaveRequest::Update(WritePlan::Patch(body)) => format!(
            "Saving sends a PATCH with only: {}.",
            body.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
        SaveRequest::Update(WritePlan::Put(_)) => {
            "Saving replaces the whole pool (PUT), because a PATCH cannot remove a member.".into()
        }
    }
}

#[component]
pub fn StepReview(form: Form, loaded: RwSignal<Option<Pool>>) -> impl IntoView {
    let toasts = use_toasts();
    let api = use_api();
    let account = api.config.account_id.clone().unwrap_or_default();
    let request = Memo::new(move |_| {
        form.draft
            .with(|d| loaded.with(|l| plan_save(l.as_ref(), d)))
    });
    let changes = Memo::new(move |_| {
        form.draft
            .with(|d| loaded.with(|l| l.as_ref().map(|l| diff(l, d).changes)))
    });
    let json = Memo::new(move |_| form.draft.with(to_json));
    let (a1, a2) = (account.clone(), account);
    view! {
        <p data-testid="save-plan" aria-live="polite">
            <strong>{move || request.with(describe)}</strong>
        </p>
        {move || {
            changes
                .get()
                .map(|list| {
                    if list.is_empty() {
                        return view! {
                            <p class="pd-muted" data-testid="diff-empty">
                                "No field differs from the saved pool."
                            </p>
                        }
                            .into_any();
                    }
                    view! {
                        <table class="pd-table pd-diff" data-testid="diff">
                            <caption>"Changes against the saved pool"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Field"</th>
                                    <th scope="col">"Saved"</th>
                                    <th scope="col">"Your edit"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <tr data-testid="diff-row" data-key={c.key.clone()}>
                                                <th scope="row">
                                                    <code>{c.key.clone()}</code>
                                                </th>
                                                <td>
                                                    <code class="pd-before">{compact(c.before.as_ref())}</code>
                                                </td>
                                                <td>
                                                    <code class="pd-after">{compact(c.after.as_ref())}</code>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                })
        }}
        <div class="pd-toolbar">
            <button
                type="button"
                class="pd-button"
                data-testid="review-copy-json"
                on:click={move |_| copy(toasts, json.get_untracked(), "JSON")}
            >
                "Copy as JSON"
            </button>
            <button
                type="button"
                class="pd-button"
                data-testid="review-copy-curl"
                on:click={move |_| copy(
                    toasts,
                    form
                        .draft
                        .with_untracked(|d| to_curl(
                            d,
                            "https://api.cloudflare.com/client/v4",
                            &a1,
                        )),
                    "curl",
                )}
            >
                "Copy as curl"
            </button>
            <button
                type="button"
                class="pd-button"
                data-testid="review-copy-terraform"
                on:click={move |_| copy(
                    toasts,
                    form.draft.with_untracked(|d| to_terraform(d, &a2)),
                    "Terraform",
                )}
            >
                "Copy as Terraform"
            </button>
        </div>
        <details open>
            <summary>"The pool as it will be sent"</summary>
            <pre class="pd-code" data-testid="review-json">
                {move || json.get()}
            </pre>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map};

    #[test]
    fn plans_read_as_sentences() {
        let mut body = Map::new();
        body.insert("origins".into(), json!([]));
        assert_eq!(
            describe(&SaveRequest::Update(WritePlan::Patch(body))),
            "Saving sends a PATCH with only: origins."
        );
        assert!(describe(&SaveRequest::Create).contains("POST"));
        assert_eq!(compact(None), "(not set)");
        assert!(compact(Some(&json!("x".repeat(400)))).ends_with('…'));
    }
}
