//! The review and the run: every load balancer's change, the typed-name
//! confirmation, and one button that starts (or resumes) the run.

use leptos::prelude::*;

use super::apply::{self, Run};
use super::lb_change::LbChange;
use super::plan::{problems, with_names, LbPlan, Step};
use super::Loaded;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::routes::{use_go, Route};

#[component]
pub fn DetachForm(loaded: Loaded) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = use_go();
    let Loaded { pool, pools, users } = loaded;
    let pool_id = pool.id.clone().unwrap_or_default();
    let pool_name = pool.name.clone();
    let names: std::collections::HashMap<String, String> = pools
        .iter()
        .filter_map(|p| Some((p.id.clone()?, p.name.clone())))
        .collect();
    let count = users.len();
    let plans = RwSignal::new(
        users
            .into_iter()
            .map(|u| LbPlan::new(u, &pool_id))
            .collect::<Vec<_>>(),
    );
    let run = RwSignal::new(Run::Idle);
    let typed = RwSignal::new(String::new());
    let running = Signal::derive(move || run.get() == Run::Running);
    let pid = pool_id.clone();
    let blockers = Memo::new(move |_| {
        plans.with(|p| {
            problems(p, &pid)
                .into_iter()
                .map(|e| with_names(&e.to_string(), &names))
                .collect::<Vec<_>>()
        })
    });
    let started = Memo::new(move |_| plans.with(|p| p.iter().any(|p| p.step != Step::Pending)));
    let done =
        Memo::new(move |_| plans.with(|p| p.iter().filter(|p| p.step == Step::Done).count()));
    let confirm_name = pool_name.clone();
    let can_run = move || {
        !running.get()
            && blockers.with(Vec::is_empty)
            && typed.with(|t| *t == confirm_name)
            && !matches!(run.get(), Run::Deleted)
    };
    // Done: back to the list, with the news.
    let deleted_name = pool_name.clone();
    Effect::new(move |_| {
        if run.get() == Run::Deleted {
            toasts.success(format!(
                "Removed {deleted_name} from {count} load balancer{} and deleted it.",
                if count == 1 { "" } else { "s" }
            ));
            go.replace(Route::Pools);
        }
    });
    let start = {
        let (api, pid) = (api.clone(), pool_id.clone());
        move |_| {
            let (api, pid) = (api.clone(), pid.clone());
            leptos::task::spawn_local(apply::run(api, pid, plans, run));
        }
    };
    let button_text = move || {
        let n = plans.with(|p| p.iter().filter(|p| p.step != Step::Done).count());
        match (run.get(), started.get()) {
            (Run::Running, _) => "Working…".to_owned(),
            (Run::DeleteFailed(_), _) => "Try the delete again".to_owned(),
            (_, true) => format!(
                "Resume: {n} load balancer{} left, then delete",
                if n == 1 { "" } else { "s" }
            ),
            _ if n == 0 => "Delete pool".to_owned(),
            _ => format!(
                "Remove from {n} load balancer{} and delete",
                if n == 1 { "" } else { "s" }
            ),
        }
    };
    let title = format!("Delete pool {pool_name}");
    let label = format!("Type {pool_name} to confirm");
    let pool_href = Route::Pool(pool_id.clone()).href();
    view! {
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <a href={Route::Pools.href()}>"Pools"</a>
            " / "
            <a href={pool_href.clone()}>{pool_name.clone()}</a>
            " / Delete"
        </nav>
        <h1 data-testid="page-title">{title}</h1>
        {if count == 0 {
            view! {
                <p data-testid="detach-unused">
                    "No load balancer uses this pool any more. Deleting it cannot be undone."
                </p>
            }
                .into_any()
        } else {
            view! {
                <p data-testid="detach-intro">
                    {format!(
                        "{count} load balancer{} use{} this pool. Cloudflare refuses to delete a pool that any load balancer still names, so each is changed first, one at a time, as shown below. Each change is checked against a fresh read: if someone changed a load balancer after this page read it, nothing is written to it until you have reviewed the new version.",
                        if count == 1 { "" } else { "s" },
                        if count == 1 { "s" } else { "" },
                    )}
                </p>
            }
                .into_any()
        }}
        <div class="pd-lb-changes">
            {(0..count)
                .map(|i| {
                    view! {
                        <LbChange
                            index={i}
                            plans={plans}
                            pool_id={pool_id.clone()}
                            pools={pools.clone()}
                            running={running}
                        />
                    }
                })
                .collect_view()}
        </div>
        <Show when={move || !blockers.with(Vec::is_empty)}>
            <div class="pd-error" role="alert" data-testid="detach-blocked">
                <p>"This cannot run yet:"</p>
                <ul>
                    {move || {
                        blockers.get().into_iter().map(|b| view! { <li>{b}</li> }).collect_view()
                    }}
                </ul>
            </div>
        </Show>
        <p aria-live="polite" data-testid="detach-progress">
            {move || {
                match run.get() {
                    Run::DeleteFailed(why) => {
                        format!(
                            "Every load balancer is changed, but deleting the pool failed: {why}",
                        )
                    }
                    _ if started.get() => {
                        format!("{} of {count} load balancers changed.", done.get())
                    }
                    _ => String::new(),
                }
            }}
        </p>
        <Show when={move || count > 0 && started.get()}>
            <progress
                max={count.to_string()}
                value={move || done.get().to_string()}
                aria-label="Load balancers changed"
            ></progress>
        </Show>
        <div class="pd-detach-confirm">
            <label for="detach-confirm-name">{label}</label>
            <input
                id="detach-confirm-name"
                type="text"
                autocomplete="off"
                data-testid="detach-confirm-input"
                prop:value={move || typed.get()}
                on:input={move |ev| typed.set(event_target_value(&ev))}
            />
        </div>
        <div class="pd-dialog-actions">
            <a href={pool_href} class="pd-button" data-testid="detach-cancel">
                {move || if started.get() { "Stop here" } else { "Cancel" }}
            </a>
            <button
                type="button"
                class="pd-button pd-danger"
                data-testid="detach-run"
                disabled={move || !can_run()}
                on:click={start}
            >
                {button_text}
            </button>
        </div>
    }
}
