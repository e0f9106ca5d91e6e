//! Endpoints whose address other pools hold too: "also in pools eu-web
//! (weight 0.5, enabled) and us-web". A weight-0 endpoint still gets
//! traffic through another pool, and an address changed in one pool is
//! still in the others, so the endpoint editor and the pool page flag it.
//!
//! The page provides the account's pools once ([`provide_account_pools`]);
//! each endpoint's note looks its address up in the index built from them,
//! and other parts of the page can read them ([`use_account_pools`]).

use std::sync::Arc;

use leptos::prelude::*;
use pooldeck_model::{describe_elsewhere, extra_traffic_note, AddressIndex, Pool};

/// The account's endpoint addresses, and the pool being shown (whose own
/// endpoints do not count).
#[derive(Clone)]
struct AccountPools {
    pools: Signal<Option<Arc<Vec<Pool>>>>,
    index: Signal<Option<Arc<AddressIndex>>>,
    own: Signal<Option<String>>,
}

/// Makes `pools` (once known) the account's pools for the notes below;
/// `own` is the pool on screen, `None` for one not created yet (a signal:
/// the pool page stays mounted when its route's ID changes).
pub fn provide_account_pools(pools: Signal<Option<Arc<Vec<Pool>>>>, own: Signal<Option<String>>) {
    let index = Memo::new(move |_| pools.get().map(|p| Arc::new(AddressIndex::new(&p))));
    provide_context(AccountPools {
        pools,
        index: index.into(),
        own,
    });
}

/// The account's pools the page provided, if it did (the failover
/// simulator reads them too, instead of listing them again).
pub fn use_account_pools() -> Option<Signal<Option<Arc<Vec<Pool>>>>> {
    use_context::<AccountPools>().map(|c| c.pools)
}

/// The note for `address`, computed by `f` from its uses elsewhere.
fn note(
    address: Signal<String>,
    f: fn(&[&pooldeck_model::AddressUse]) -> Option<String>,
) -> Memo<Option<String>> {
    let ctx = use_context::<AccountPools>();
    Memo::new(move |_| {
        let ctx = ctx.as_ref()?;
        let index = ctx.index.get()?;
        let own = ctx.own.get();
        address.with(|a| f(&index.elsewhere(a, own.as_deref())))
    })
}

/// "also in pools …" under an endpoint's address; nothing when no other
/// pool holds it.
#[component]
pub fn AlsoIn(
    /// The endpoint's address as it is now.
    #[prop(into)]
    address: Signal<String>,
) -> impl IntoView {
    let text = note(address, describe_elsewhere);
    move || {
        text.get().map(|t| {
            view! {
                <small class="pd-hint pd-also-in" data-testid="endpoint-elsewhere">
                    {t}
                </small>
            }
        })
    }
}

/// In the traffic-share column: other pools send this address traffic
/// too, so its share of the pool is not its share of all traffic.
#[component]
pub fn MoreTraffic(
    /// The endpoint's address as it is now.
    #[prop(into)]
    address: Signal<String>,
) -> impl IntoView {
    let text = note(address, extra_traffic_note);
    move || {
        text.get().map(|t| {
            view! {
                <small class="pd-hint pd-also-in" data-testid="endpoint-more-traffic">
                    {t}
                </small>
            }
        })
    }
}
