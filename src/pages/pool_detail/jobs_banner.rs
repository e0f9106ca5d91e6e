//! The pool page's note on its jobs: each live or paused job, in a
//! sentence, with the way to the Jobs page. Nothing when there is none
//! (or no pooldeck-server to run jobs).

use leptos::prelude::*;
use pooldeck_model::jobs::JobState;

use crate::context::use_api;
use crate::local_time::local_times;
use crate::routes::Route;

#[component]
pub fn JobsBanner(
    /// The pool whose jobs to show.
    pool_id: String,
) -> impl IntoView {
    let api = use_api();
    let direct = api.config.mode == "direct";
    let jobs = LocalResource::new(move || {
        let (api, id) = (api.clone(), pool_id.clone());
        async move {
            if direct {
                return Vec::new();
            }
            api.list_jobs(Some(&id))
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|j| j.state.is_live() || j.state == JobState::Paused)
                .collect::<Vec<_>>()
        }
    });
    move || {
        let jobs = jobs.get().unwrap_or_default();
        (!jobs.is_empty()).then(|| {
            view! {
                <div class="pd-banner" role="status" data-testid="pool-jobs-banner">
                    <ul class="pd-plain-list">
                        {jobs
                            .into_iter()
                            .map(|j| {
                                view! {
                                    <li>
                                        <strong>{format!("{}: ", j.state.label())}</strong>
                                        {local_times(
                                            &format!("{}. {}", j.spec.describe(), j.message),
                                        )}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <a href={Route::Jobs.href()}>"See all jobs"</a>
                </div>
            }
        })
    }
}
