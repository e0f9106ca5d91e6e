//! `/pools/ID/delete`: remove a pool from every load balancer that uses
//! it, then delete it. Cloudflare refuses to delete a pool in use (1005)
//! and counts every place a load balancer names it, hidden ones included,
//! so this page shows each load balancer's change as a diff first, asks
//! for a replacement where the pool is the fallback, refuses what would
//! leave a load balancer without a default pool, and runs the edits one by
//! one ([`apply`]). A stopped run shows what changed and what did not, and
//! resumes.

mod apply;
mod form;
mod lb_change;
mod plan;

use crate::components::title::Title;
use leptos::prelude::*;
use pooldeck_model::Pool;

use crate::api::{Api, ApiError, ZonedLoadBalancer};
use crate::components::error_panel::ErrorPanel;
use crate::context::use_api;
use crate::routes::Route;
use form::DetachForm;

/// What the page needs: the pool, every pool of the account (names and
/// replacement choices), and the load balancers that use it, read fresh.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub pool: Pool,
    pub pools: Vec<Pool>,
    pub users: Vec<ZonedLoadBalancer>,
}

async fn load(api: Api, id: String) -> Result<Loaded, ApiError> {
    let (pool, pools, users) =
        futures::join!(api.get_pool(&id), api.list_pools(), api.pool_users(&id));
    Ok(Loaded {
        pool: pool?,
        pools: pools?,
        users: users?,
    })
}

#[component]
pub fn PoolDeletePage() -> impl IntoView {
    let api = use_api();
    // The route is read once: another pool's address builds a new page.
    let id = StoredValue::new(crate::router::route_id().unwrap_or_default());
    let id = move || id.get_value();
    let data = LocalResource::new(move || load(api.clone(), id()));
    view! {
        <Title text="Delete pool" />
        {move || match data.get() {
            None => {
                view! {
                    <p class="pd-skeleton" data-testid="detach-loading">
                        "Reading the load balancers that use this pool…"
                    </p>
                }
                    .into_any()
            }
            Some(Err(e)) => {
                view! {
                    <nav aria-label="Breadcrumb" class="pd-breadcrumb">
                        <a href={Route::Pools.href()}>"Pools"</a>
                    </nav>
                    <h1 data-testid="page-title">"Delete pool"</h1>
                    <ErrorPanel error={e} on_retry={move |_| data.refetch()} />
                }
                    .into_any()
            }
            Some(Ok(loaded)) => view! { <DetachForm loaded={loaded} /> }.into_any(),
        }}
    }
}
