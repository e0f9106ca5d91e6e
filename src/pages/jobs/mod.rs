//! `/jobs`: the jobs pooldeck-server runs (scheduled maintenance, weight
//! ramps), newest first, with what each is doing or why it stopped, and
//! Cancel. The list refreshes itself while any job is live. New jobs start
//! from a pool's page ([`JobNewPage`], `/pools/ID/jobs/new`).

mod maintenance_impact;
mod new;
mod new_maintenance;
mod new_ramp;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::jobs::{Job, JobState};

use crate::api::ApiError;
use crate::components::error_panel::ErrorPanel;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::local_time::local_times;
use crate::routes::Route;
pub use new::JobNewPage;

/// How often a list with live jobs is read again.
const REFRESH_MS: u32 = 3000;

/// Says there is no job runner when the console talks to the API directly.
#[component]
pub fn NoJobs() -> impl IntoView {
    view! {
        <p class="pd-empty" data-testid="jobs-unavailable">
            "This console talks to the API directly, so nothing can run jobs. pooldeck-server runs scheduled maintenance and weight ramps; serve the console with it to use them."
        </p>
    }
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let api = use_api();
    let direct = api.config.mode == "direct";
    let data = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.list_jobs(None).await }
        }
    });
    // Live jobs change on their own: read again while any is.
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(REFRESH_MS).await;
            let live = data.with_untracked(|d| {
                d.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .is_some_and(|jobs| jobs.iter().any(|j| j.state.is_live()))
            });
            if live {
                data.refetch();
            }
        }
    });
    view! {
        <Title text="Jobs" />
        <h1 data-testid="page-title">"Jobs"</h1>
        <p class="pd-hint">
            "Scheduled maintenance and weight ramps, run by pooldeck-server so they go on when this tab is closed. Start one from a pool's page."
        </p>
        {move || {
            if direct {
                return view! { <NoJobs /> }.into_any();
            }
            match data.get() {
                None => view! { <p class="pd-skeleton">"Reading jobs…"</p> }.into_any(),
                Some(Err(e)) => {
                    view! { <ErrorPanel error={e} on_retry={move |_| data.refetch()} /> }.into_any()
                }
                Some(Ok(jobs)) if jobs.is_empty() => {
                    view! {
                        <p class="pd-empty" data-testid="jobs-empty">
                            "No jobs yet. Open a pool and choose Schedule… to start a maintenance window or a weight ramp."
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(jobs)) => {
                    view! {
                        <JobsTable
                            jobs={jobs}
                            on_change={Callback::new(move |()| data.refetch())}
                        />
                    }
                        .into_any()
                }
            }
        }}
    }
}

#[component]
fn JobsTable(jobs: Vec<Job>, on_change: Callback<()>) -> impl IntoView {
    view! {
        <div class="pd-table-wrap">
            <table class="pd-table" data-testid="jobs-table">
                <caption>
                    {match jobs.len() {
                        1 => "1 job".to_owned(),
                        n => format!("{n} jobs"),
                    }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Job"</th>
                        <th scope="col">"Pool"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"What it says"</th>
                        <th scope="col">"Started by"</th>
                        <th scope="col">
                            <span class="pd-visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {jobs
                        .into_iter()
                        .map(|job| view! { <JobRow job={job} on_change={on_change} /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn JobRow(job: Job, on_change: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let described = local_times(&job.spec.describe());
    let cancellable = job.state.is_live() || job.state == JobState::Paused;
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let id = job.id.clone();
    let cancel = move |_| {
        let (api, id) = (api.clone(), id.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.cancel_job(&id).await {
                Ok(_) => {
                    toasts.success("Job cancelled");
                    on_change.run(());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = format!("Cancel {}", described.to_lowercase());
    view! {
        <tr data-testid="job-row" data-state={format!("{:?}", job.state).to_lowercase()}>
            <th scope="row">{described}</th>
            <td>
                <a href={Route::Pool(job.pool_id.clone()).href()}>{job.pool_name.clone()}</a>
            </td>
            <td data-testid="job-state">{job.state.label()}</td>
            <td data-testid="job-message">{local_times(&job.message)}</td>
            <td>{job.created_by.clone()}</td>
            <td>
                {cancellable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="pd-button"
                                aria-label={label.clone()}
                                disabled={move || busy.get()}
                                on:click={cancel.clone()}
                            >
                                "Cancel"
                            </button>
                        }
                    })}
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="pd-error" role="alert">
                                    {e.summary()}
                                </p>
                            }
                        })
                }}
            </td>
        </tr>
    }
}
