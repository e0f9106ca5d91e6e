//! `/monitors/new` and `/monitors/{id}`: the monitor form on a page of its
//! own, with "Test this monitor" against any pool of the account.

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::Monitor;

use crate::components::error_panel::ErrorPanel;
use crate::components::monitor_form::{starting_monitor, MonitorForm};
use crate::components::toasts::use_toasts;
use crate::context::use_api;
use crate::routes::{use_go, Route};

#[component]
pub fn MonitorEditPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = use_go();
    let id = crate::router::route_id();
    let limits = api.config.limits.clone();
    let monitor = {
        let (api, id) = (api.clone(), id.clone());
        LocalResource::new(move || {
            let (api, id) = (api.clone(), id.clone());
            async move {
                match id {
                    Some(id) => api.get_monitor(&id).await,
                    None => Ok(starting_monitor()),
                }
            }
        })
    };
    // The pools to test against; the test is only an aid, so a failure to
    // list them just leaves the list empty.
    let pools = {
        let api = api.clone();
        LocalResource::new(move || {
            let api = api.clone();
            async move { api.list_pools().await.unwrap_or_default() }
        })
    };
    let pool_choices = Signal::derive(move || {
        pools
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.id.clone().map(|id| (id, p.name)))
            .collect::<Vec<_>>()
    });
    let creating = id.is_none();
    let title = if creating {
        "Create monitor"
    } else {
        "Edit monitor"
    };

    view! {
        <Title text={title} />
        <p class="pd-breadcrumb">
            <a href={Route::Monitors.href()}>"Monitors"</a>
        </p>
        <h1 data-testid="page-title" tabindex="-1">
            {title}
        </h1>
        {move || match monitor.get() {
            None => {
                view! {
                    <p class="pd-skeleton" data-testid="monitor-loading">
                        "Loading the monitor…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! { <ErrorPanel error={e} on_retry={move |_| monitor.refetch()} /> }.into_any()
            }
            Some(Ok(m)) => {
                let (cancel_go, saved_go) = (go, go);
                view! {
                    <MonitorForm
                        initial={m}
                        limits={limits.clone()}
                        submit_label={if creating { "Create monitor" } else { "Save monitor" }}
                        test_pools={pool_choices}
                        guard=true
                        on_cancel={move |_| cancel_go.to(Route::Monitors)}
                        on_saved={move |saved: Monitor| {
                            toasts
                                .success(
                                    format!(
                                        "Monitor {} {}",
                                        saved.display_name(),
                                        if creating { "created" } else { "saved" },
                                    ),
                                );
                            saved_go.replace(Route::Monitors);
                        }}
                    />
                }
                    .into_any()
            }
        }}
    }
}
