//! The root component: runtime configuration, router and the
//! app shell, and the table of which page each route shows.

use leptos::prelude::*;

use crate::components::app_shell::AppShell;
use crate::components::chunk::{Chunk, ChunkView};
use crate::components::toasts::Toasts;
use crate::context::ApiSlot;
use crate::pages::chunks;
use crate::pages::{NotFoundPage, PanicTestPage, PoolsPage};
use crate::router::{provide_router, Url};
use crate::routes::Route;

/// What the address bar asks for.
#[derive(Clone, Debug, PartialEq)]
enum Screen {
    Page(Route),
    /// `/__panic`: panics only when a test armed it (panic_panel.rs).
    PanicTest,
    NotFound,
}

impl Screen {
    fn of(url: &Url) -> Screen {
        if url.path == "/__panic" {
            return Screen::PanicTest;
        }
        Route::parse(&url.path, &url.query).map_or(Screen::NotFound, Screen::Page)
    }
}

/// The page for `screen`. Everything but the pools list is a chunk.
fn page(screen: Screen) -> AnyView {
    let route = match screen {
        Screen::Page(route) => route,
        Screen::PanicTest => return view! { <PanicTestPage /> }.into_any(),
        Screen::NotFound => return view! { <NotFoundPage /> }.into_any(),
    };
    fn chunk<F: std::future::Future<Output = ChunkView> + 'static>(
        load: impl Fn() -> F + Copy + Send + Sync + 'static,
    ) -> AnyView {
        view! { <Chunk load={load} /> }.into_any()
    }
    match route {
        Route::Pools => view! { <PoolsPage /> }.into_any(),
        Route::PoolNew | Route::PoolClone(_) | Route::PoolEdit(_) | Route::PoolRestore(..) => {
            chunk(chunks::pool_wizard)
        }
        Route::PoolsBulk => chunk(chunks::pools_bulk),
        Route::Pool(_) => chunk(chunks::pool_detail),
        Route::PoolDetachDelete(_) => chunk(chunks::pool_delete),
        Route::PoolJobNew(_) => chunk(chunks::job_new),
        Route::PoolHistory(_) => chunk(chunks::pool_history),
        Route::Jobs => chunk(chunks::jobs),
        Route::LoadBalancers => chunk(chunks::load_balancers),
        Route::Monitors => chunk(chunks::monitors),
        Route::MonitorNew | Route::Monitor(_) => chunk(chunks::monitor_edit),
        Route::MonitorGroupNew | Route::MonitorGroup(_) => chunk(chunks::monitor_group_edit),
        Route::Alerts => chunk(chunks::alerts),
        Route::AlertNew { .. } | Route::Alert(_) => chunk(chunks::alert_edit),
        Route::Settings => chunk(chunks::settings),
    }
}

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    Toasts::provide();
    crate::pages::pools::selection::Selection::provide();
    let location = provide_router(crate::router::current_base());
    // A new page when the route changes, parameters included; the same
    // address again (a click on the current nav item) keeps the page.
    let screen = Memo::new(move |_| Screen::of(&location.url()));
    // Behind pooldeck-server the page carries the configuration, and the
    // routes render in the first pass; a static host's config.json is
    // fetched first ("Connecting…").
    let api: ApiSlot = RwSignal::new(crate::api::config_from_page().map(crate::api::Api::new));
    provide_context(api);
    leptos::task::spawn_local(async move {
        if api.with_untracked(Option::is_none) {
            api.set(Some(crate::api::Api::new(crate::api::load_config().await)));
        }
        crate::pages::prefetch::prefetch_all().await;
    });
    view! {
        <AppShell>
            <Show
                when={move || api.with(Option::is_some)}
                fallback={|| {
                    view! {
                        <p class="pd-skeleton" data-testid="config-loading">
                            "Connecting…"
                        </p>
                    }
                }}
            >
                {move || page(screen.get())}
            </Show>
        </AppShell>
    }
}
