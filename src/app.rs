//! The root component: runtime configuration, router and the
//! app shell, and the table of which page each route shows.

use leptos::prelude::*;

use crate::components::app_shell::AppShell;
use crate::components::chunk::ChunkContent;
use crate::components::toasts::Toasts;
use crate::context::ApiSlot;
use crate::pages::chunks::PageChunk;
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
    fn chunk(page: PageChunk) -> AnyView {
        let PageChunk { preload, build } = page;
        view! { <ChunkContent what="page" preload={preload} content={Box::new(build)} /> }
            .into_any()
    }
    match route {
        Route::Pools => view! { <PoolsPage /> }.into_any(),
        Route::PoolNew | Route::PoolClone(_) | Route::PoolEdit(_) | Route::PoolRestore(..) => {
            chunk(PageChunk::POOL_WIZARD)
        }
        Route::PoolsBulk => chunk(PageChunk::POOLS_BULK),
        Route::Pool(_) => chunk(PageChunk::POOL_DETAIL),
        Route::PoolDetachDelete(_) => chunk(PageChunk::POOL_DELETE),
        Route::PoolJobNew(_) => chunk(PageChunk::JOB_NEW),
        Route::PoolHistory(_) => chunk(PageChunk::POOL_HISTORY),
        Route::Jobs => chunk(PageChunk::JOBS),
        Route::LoadBalancers => chunk(PageChunk::LOAD_BALANCERS),
        Route::Monitors => chunk(PageChunk::MONITORS),
        Route::MonitorNew | Route::Monitor(_) => chunk(PageChunk::MONITOR_EDIT),
        Route::MonitorGroupNew | Route::MonitorGroup(_) => chunk(PageChunk::MONITOR_GROUP_EDIT),
        Route::Alerts => chunk(PageChunk::ALERTS),
        Route::AlertNew { .. } | Route::Alert(_) => chunk(PageChunk::ALERT_EDIT),
        Route::Settings => chunk(PageChunk::SETTINGS),
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
    let ready = Memo::new(move |_| api.with(Option::is_some));
    view! {
        <AppShell>
            // Not `<Show>`: its machinery would be first-load code for this
            // and nothing else. `ready` is a memo, so a new configuration
            // (Settings) keeps the page as `<Show>` did.
            {move || {
                if ready.get() {
                    (move || page(screen.get())).into_any()
                } else {
                    view! {
                        <p class="pd-skeleton" data-testid="config-loading">
                            "Connecting…"
                        </p>
                    }
                        .into_any()
                }
            }}
        </AppShell>
    }
}
