//! The batch as the user reviews it: per pool, the change lines and the
//! exact PATCH body that will be sent, or why the pool is left alone; once
//! running, each pool's result.

use leptos::prelude::*;
use pooldeck_model::{BulkItem, BulkOutcome};

use super::apply::{Job, JobState};

/// What a left-alone pool's line says.
fn left_alone(outcome: &BulkOutcome) -> Option<String> {
    match outcome {
        BulkOutcome::Patch { .. } => None,
        BulkOutcome::Unchanged => Some("Already so: nothing to send.".into()),
        BulkOutcome::Skipped(why) => Some(format!("Left alone: {why}.")),
        BulkOutcome::Invalid(errors) => Some(format!(
            "Refused, not sent: {}",
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

fn state_text(state: &JobState) -> (&'static str, String) {
    match state {
        JobState::Pending => ("pending", "Not sent yet".into()),
        JobState::Sending => ("working", "Sending…".into()),
        JobState::Done => ("done", "Changed".into()),
        JobState::Moved => (
            "moved",
            "Not sent: the pool changed since you reviewed it. Review again to include it.".into(),
        ),
        JobState::Failed(why) => ("failed", format!("Failed: {why}")),
    }
}

#[component]
pub fn Review(items: Vec<BulkItem>, jobs: RwSignal<Vec<Job>>) -> impl IntoView {
    view! {
        <ul class="pd-bulk-items" data-testid="bulk-items">
            {items
                .into_iter()
                .map(|item| {
                    let id = item.pool_id.clone();
                    let state = move || {
                        jobs.with(|j| {
                            let started = j.iter().any(|x| x.state != JobState::Pending);
                            j.iter()
                                .find(|j| j.pool_id == id)
                                .filter(|j| started || j.state != JobState::Pending)
                                .map(|j| state_text(&j.state))
                        })
                    };
                    let (lines, body, warnings) = match &item.outcome {
                        BulkOutcome::Patch { body, changes, warnings } => {
                            (
                                changes.clone(),
                                Some(
                                    serde_json::to_string_pretty(
                                            &serde_json::Value::Object(body.clone()),
                                        )
                                        .unwrap_or_default(),
                                ),
                                warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>(),
                            )
                        }
                        _ => (Vec::new(), None, Vec::new()),
                    };
                    let alone = left_alone(&item.outcome);
                    let sent = body.is_some();
                    // Before a run, "not sent yet" says nothing new.
                    view! {
                        <li
                            class="pd-panel"
                            data-testid="bulk-item"
                            data-pool-name={item.pool_name.clone()}
                            data-sent={sent.to_string()}
                        >
                            <h3>{item.pool_name.clone()}</h3>
                            {move || {
                                state()
                                    .map(|(kind, text)| {
                                        view! {
                                            <p
                                                class={format!("pd-run-state pd-run-{kind}")}
                                                data-testid="bulk-state"
                                                data-state={kind}
                                            >
                                                {text}
                                            </p>
                                        }
                                    })
                            }}
                            {alone
                                .map(|a| {
                                    view! {
                                        <p class="pd-muted" data-testid="bulk-left-alone">
                                            {a}
                                        </p>
                                    }
                                })}
                            <ul class="pd-diff">
                                {lines
                                    .into_iter()
                                    .map(|l| {
                                        view! {
                                            <li data-testid="bulk-change">
                                                <code>{l}</code>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {warnings
                                .into_iter()
                                .map(|w| view! { <p class="pd-field-warning">{w}</p> })
                                .collect_view()}
                            {body
                                .map(|b| {
                                    view! {
                                        <details>
                                            <summary>"PATCH body"</summary>
                                            <pre class="pd-code" data-testid="bulk-body">
                                                {b}
                                            </pre>
                                        </details>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
