//! Typed calls for zones and their load balancers.
//!
//! Load balancers are zone-scoped (`/zones/{zone_id}/load_balancers`), but
//! a pool's references name a load balancer only by ID and hostname. The
//! zone is found the way a real account allows: the account's zone list,
//! matched by the hostname's suffix ([`pooldeck_model::zone_for_hostname`]).
//! The list is cached for the tab's life and fetched again once when a
//! hostname matches none of it (a zone added since).

use std::cell::RefCell;
use std::rc::Rc;

use super::fetch::Method;
use pooldeck_model::{zone_for_hostname, LoadBalancer, Reference, ResourceType, Zone};
use serde_json::{Map, Value};

use super::client::Api;
use super::error::{ApiError, ErrorKind};

/// The most zones `GET /zones` returns per page (Cloudflare's maximum).
const ZONES_PER_PAGE: u32 = 50;
/// How many zones' load balancers are asked for at once.
const PARALLEL_ZONES: usize = 6;

/// A load balancer with the zone it lives in.
#[derive(Clone, Debug, PartialEq)]
pub struct ZonedLoadBalancer {
    pub zone: Zone,
    pub lb: LoadBalancer,
}

thread_local! {
    /// (API base, account) → the account's zones.
    static ZONES: RefCell<Option<(String, Rc<Vec<Zone>>)>> = const { RefCell::new(None) };
}

impl Api {
    fn zone_cache_key(&self) -> Result<String, ApiError> {
        Ok(format!("{} {}", self.config.api_base, self.account()?))
    }

    /// Every zone of the account, all pages, fresh from the API.
    pub async fn list_zones(&self) -> Result<Vec<Zone>, ApiError> {
        let account = self.account()?;
        let mut zones = Vec::new();
        let mut page: u64 = 1;
        loop {
            let path = format!("/zones?account.id={account}&per_page={ZONES_PER_PAGE}&page={page}");
            let (items, info): (Vec<Zone>, _) = self.call_page(Method::Get, &path, None).await?;
            let got = items.len();
            zones.extend(items);
            let pages = info.and_then(|i| i.total_pages).unwrap_or(1);
            if page >= pages || got == 0 {
                return Ok(zones);
            }
            page += 1;
        }
    }

    /// The account's zones, from the cache when it has them.
    pub async fn zones(&self, fresh: bool) -> Result<Rc<Vec<Zone>>, ApiError> {
        let key = self.zone_cache_key()?;
        if !fresh {
            let cached = ZONES.with_borrow(|c| {
                c.as_ref()
                    .filter(|(k, _)| *k == key)
                    .map(|(_, z)| z.clone())
            });
            if let Some(zones) = cached {
                return Ok(zones);
            }
        }
        let zones = Rc::new(self.list_zones().await?);
        ZONES.set(Some((key, zones.clone())));
        Ok(zones)
    }

    /// The zone a load balancer's hostname belongs to.
    pub async fn zone_for(&self, hostname: &str) -> Result<Zone, ApiError> {
        for fresh in [false, true] {
            let zones = self.zones(fresh).await?;
            if let Some(zone) = zone_for_hostname(&zones, hostname) {
                return Ok(zone.clone());
            }
        }
        Err(ApiError::new(
            ErrorKind::Api,
            0,
            format!(
                "No zone of this account matches {hostname}, so its load balancer cannot be read. The token may lack Zone Read permission."
            ),
        ))
    }

    pub async fn list_load_balancers(&self, zone_id: &str) -> Result<Vec<LoadBalancer>, ApiError> {
        self.call(
            Method::Get,
            &format!("/zones/{zone_id}/load_balancers"),
            None,
        )
        .await
    }

    pub async fn get_load_balancer(
        &self,
        zone_id: &str,
        id: &str,
    ) -> Result<LoadBalancer, ApiError> {
        self.call(
            Method::Get,
            &format!("/zones/{zone_id}/load_balancers/{id}"),
            None,
        )
        .await
    }

    /// PATCH with only the given top-level keys.
    pub async fn patch_load_balancer(
        &self,
        zone_id: &str,
        id: &str,
        body: Map<String, Value>,
    ) -> Result<LoadBalancer, ApiError> {
        self.call(
            Method::Patch,
            &format!("/zones/{zone_id}/load_balancers/{id}"),
            Some(&Value::Object(body)),
        )
        .await
    }

    /// Every load balancer of the account, zone by zone (a few zones at a
    /// time), ordered by hostname.
    pub async fn account_load_balancers(&self) -> Result<Vec<ZonedLoadBalancer>, ApiError> {
        let zones = self.zones(true).await?;
        let mut out = Vec::new();
        for batch in zones.chunks(PARALLEL_ZONES) {
            let lists =
                futures::future::join_all(batch.iter().map(|z| self.list_load_balancers(&z.id)))
                    .await;
            for (zone, list) in batch.iter().zip(lists) {
                out.extend(list?.into_iter().map(|lb| ZonedLoadBalancer {
                    zone: zone.clone(),
                    lb,
                }));
            }
        }
        out.sort_by(|a, b| a.lb.name.cmp(&b.lb.name));
        Ok(out)
    }

    /// Every load balancer that uses the pool `pool_id` (from its
    /// references), read fresh, with its zone.
    pub async fn pool_users(&self, pool_id: &str) -> Result<Vec<ZonedLoadBalancer>, ApiError> {
        let refs = self.pool_references(pool_id).await?;
        self.referenced_load_balancers(&refs).await
    }

    /// The load balancers `refs` (a pool's references) name, read fresh,
    /// with their zones, in hostname order.
    pub async fn referenced_load_balancers(
        &self,
        refs: &[Reference],
    ) -> Result<Vec<ZonedLoadBalancer>, ApiError> {
        let reads = refs
            .iter()
            .filter(|r| r.is_referrer(ResourceType::LoadBalancer))
            .map(|r| self.referenced_load_balancer(&r.resource_id, &r.resource_name));
        let mut users: Vec<ZonedLoadBalancer> = futures::future::join_all(reads)
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        // References come in no documented order; a stable one keeps the
        // page (and a resumed run) the same from one read to the next.
        users.sort_by(|a, b| a.lb.name.cmp(&b.lb.name));
        Ok(users)
    }

    /// The load balancer a pool reference names, read fresh, with its zone.
    pub async fn referenced_load_balancer(
        &self,
        id: &str,
        hostname: &str,
    ) -> Result<ZonedLoadBalancer, ApiError> {
        let zone = self.zone_for(hostname).await?;
        let lb = self.get_load_balancer(&zone.id, id).await?;
        Ok(ZonedLoadBalancer { zone, lb })
    }
}
