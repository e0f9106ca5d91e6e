//! `/pools/ID/jobs/new`: start a job on a pool: a maintenance window
//! ([`new_maintenance`]) or a weight ramp ([`new_ramp`]). Each form builds
//! a `JobSpec`, checks it with the model's rules, and sends it; the Jobs
//! page then shows it running.

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::jobs::JobSpec;
use pooldeck_model::Pool;

use super::new_maintenance::MaintenanceForm;
use super::new_ramp::RampForm;
use super::NoJobs;
use crate::api::ApiError;
use crate::components::error_panel::ErrorPanel;
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::local_time::local_times;
use crate::routes::{use_go, Route};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Maintenance,
    Ramp,
}

#[component]
pub fn JobNewPage() -> impl IntoView {
    let api = use_api();
    // The route is read once: another pool's address builds a new page.
    let id = StoredValue::new(crate::router::route_id().unwrap_or_default());
    let id = move || id.get_value();
    let direct = api.config.mode == "direct";
    let data = LocalResource::new({
        let api = api.clone();
        move || {
            let (api, id) = (api.clone(), id());
            async move { api.get_pool(&id).await }
        }
    });
    view! {
        <Title text="Schedule a job" />
        {move || {
            if direct {
                return view! {
                    <h1 data-testid="page-title">"Schedule a job"</h1>
                    <NoJobs />
                }
                    .into_any();
            }
            match data.get() {
                None => view! { <p class="pd-skeleton">"Reading the pool…"</p> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <h1 data-testid="page-title">"Schedule a job"</h1>
                        <ErrorPanel error={e} on_retry={move |_| data.refetch()} />
                    }
                        .into_any()
                }
                Some(Ok(pool)) => view! { <JobForm pool={pool} /> }.into_any(),
            }
        }}
    }
}

#[component]
fn JobForm(pool: Pool) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = use_go();
    let id = pool.id.clone().unwrap_or_default();
    let kind = RwSignal::new(Kind::Maintenance);
    let sending = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    // Each form hands over a finished spec; sending is shared.
    let submit = Callback::new({
        let id = id.clone();
        move |spec: JobSpec| {
            let (api, id, go) = (api.clone(), id.clone(), go);
            sending.set(true);
            failed.set(None);
            leptos::task::spawn_local(async move {
                match api.create_job(&id, spec).await {
                    Ok(job) => {
                        toasts.success(format!("Started: {}", local_times(&job.spec.describe())));
                        go.to(Route::Jobs);
                    }
                    Err(e) => {
                        failed.set(Some(e));
                        sending.set(false);
                    }
                }
            });
        }
    });
    let name = pool.name.clone();
    let heading = format!("Schedule a job on {name}");
    let pool = StoredValue::new(pool);
    let choice = move |k: Kind, label: &'static str| {
        view! {
            <label class="pd-radio">
                <input
                    type="radio"
                    name="job-kind"
                    prop:checked={move || kind.get() == k}
                    on:change={move |_| kind.set(k)}
                />
                {label}
            </label>
        }
    };
    view! {
        <nav aria-label="Breadcrumb" class="pd-breadcrumb">
            <a href={Route::Pools.href()}>"Pools"</a>
            " / "
            <a href={Route::Pool(id.clone()).href()}>{name.clone()}</a>
            " / Schedule"
        </nav>
        <h1 data-testid="page-title">{heading}</h1>
        <p class="pd-hint">
            "pooldeck-server runs it, so it goes on when this tab is closed. Each step reads the pool fresh and changes only what the job owns; if someone else changes that in between, the job pauses rather than overwrite it."
        </p>
        <fieldset class="pd-fieldset">
            <legend>"Job"</legend>
            {choice(Kind::Maintenance, "Scheduled maintenance")}
            {choice(Kind::Ramp, "Weight ramp (slow start)")}
        </fieldset>
        {move || match kind.get() {
            Kind::Maintenance => {
                view! {
                    <MaintenanceForm pool={pool.get_value()} submit={submit} sending={sending} />
                }
                    .into_any()
            }
            Kind::Ramp => {
                view! { <RampForm pool={pool.get_value()} submit={submit} sending={sending} /> }
                    .into_any()
            }
        }}
        {move || {
            failed
                .get()
                .map(|e| {
                    view! {
                        <p class="pd-field-error" role="alert" data-testid="job-failed">
                            {e.summary()}
                        </p>
                    }
                })
        }}
    }
}
