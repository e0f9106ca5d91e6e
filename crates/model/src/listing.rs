//! What the pools list reads of each pool and monitor: the members its
//! table shows, sorts and searches, and nothing more.
//!
//! The list is the console's first page, so its code is the first load.
//! The full [`Pool`](crate::Pool) and [`Monitor`](crate::Monitor) keep
//! every unknown member (an edit must never drop one) and read every float
//! exactly; decoding them takes tens of kilobytes of code that the list
//! never needs. These types are read-only: they are never sent back, and
//! every edit GETs the full pool first. Unknown members are skipped.
//!
//! Each member is declared as in the full types, defaults included, and a
//! test reads the same answers with both, so the two cannot drift apart.
//!
//! The console reads them with [`json_lite`](crate::json_lite), not serde:
//! the `json_object!` declarations below list the same members, and the
//! json_lite tests read generated answers both ways.

use serde::Deserialize;

use crate::json_lite::json_object;

use crate::monitor::{monitor_label, MonitorType};
use crate::region::CheckRegion;
use crate::status::HealthFacts;

/// A pool as the pools list reads it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PoolListing {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub modified_on: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "crate::defaults::yes")]
    pub enabled: bool,
    #[serde(default = "crate::defaults::minimum_origins")]
    pub minimum_origins: i64,
    #[serde(default)]
    pub monitor: Option<String>,
    #[serde(default, with = "crate::nullable")]
    pub check_regions: Option<Option<Vec<CheckRegion>>>,
    #[serde(default)]
    pub origins: Vec<OriginListing>,
    #[serde(default)]
    pub healthy: Option<bool>,
}

impl Default for PoolListing {
    /// The API's defaults, as [`Pool::default`](crate::Pool): enabled, a
    /// threshold of 1.
    fn default() -> Self {
        PoolListing {
            id: None,
            modified_on: None,
            name: String::new(),
            description: String::new(),
            enabled: true,
            minimum_origins: crate::defaults::minimum_origins(),
            monitor: None,
            check_regions: None,
            origins: Vec::new(),
            healthy: None,
        }
    }
}

json_object!(PoolListing {
    "id" => id,
    "modified_on" => modified_on,
    "name" => name,
    "description" => description,
    "enabled" => enabled,
    "minimum_origins" => minimum_origins,
    "monitor" => monitor,
    "check_regions" => check_regions: nullable,
    "origins" => origins,
    "healthy" => healthy,
});

impl PoolListing {
    /// The attached monitor, treating `""` as none (as
    /// [`Pool::monitor_id`](crate::Pool::monitor_id)).
    pub fn monitor_id(&self) -> Option<&str> {
        self.monitor.as_deref().filter(|m| !m.is_empty())
    }
}

/// An endpoint as the pools list reads it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct OriginListing {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default = "crate::defaults::yes")]
    pub enabled: bool,
    #[serde(default)]
    pub healthy: Option<bool>,
}

impl Default for OriginListing {
    /// serde's defaults: enabled, no health report.
    fn default() -> Self {
        OriginListing::new("", "")
    }
}

json_object!(OriginListing {
    "name" => name,
    "address" => address,
    "enabled" => enabled,
    "healthy" => healthy,
});

impl OriginListing {
    /// An enabled endpoint with no health report.
    pub fn new(name: impl Into<String>, address: impl Into<String>) -> Self {
        OriginListing {
            name: name.into(),
            address: address.into(),
            enabled: true,
            healthy: None,
        }
    }
}

impl HealthFacts for PoolListing {
    fn is_enabled(&self) -> bool {
        self.enabled
    }

    fn reported_healthy(&self) -> Option<bool> {
        self.healthy
    }

    fn threshold(&self) -> i64 {
        self.minimum_origins
    }

    fn endpoints(&self) -> impl Iterator<Item = (bool, Option<bool>)> {
        self.origins.iter().map(|o| (o.enabled, o.healthy))
    }
}

/// A monitor as the pools list reads it: enough to name it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct MonitorListing {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: MonitorType,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub path: Option<String>,
}

json_object!(MonitorListing {
    "id" => id,
    "type" => kind,
    "description" => description,
    "path" => path,
});

impl MonitorListing {
    /// The name the pickers and the list show
    /// ([`Monitor::display_name`](crate::Monitor::display_name)).
    pub fn display_name(&self) -> String {
        monitor_label(&self.description, &self.kind, self.path.as_deref())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{pool_status, Monitor, Pool};

    /// Answers as the API gives them: every member, some absent, `null`
    /// regions, unknown members, an endpoint with no `enabled`.
    pub(crate) const POOLS: &[&str] = &[
        r#"{"id":"17b5962d775c646f3f9725cbc7a53df4","created_on":"2026-01-02T03:04:05.06Z",
            "modified_on":"2026-02-03T04:05:06.07Z","name":"primary-dc-1","description":"Primary data centre",
            "enabled":false,"minimum_origins":2,"monitor":"f1aba936b94213e5b8dca0c0dbf1f9cc",
            "check_regions":["WEU","ENAM"],"latitude":55.5,"longitude":-12.25,
            "origins":[{"name":"app-server-1","address":"192.0.2.1","enabled":true,"weight":0.6,"healthy":true},
                       {"name":"app-server-2","address":"2001:db8::2","weight":0.4,"healthy":false,"header":{"Host":["example.com"]}}],
            "notification_email":"","healthy":false,"networks":["cloudflare"],"future_member":{"x":1}}"#,
        r#"{"id":"00000000000000000000000000000001","name":"bare","check_regions":null,"origins":[]}"#,
        r#"{"name":"no-id","monitor":"","origins":[{"address":"192.0.2.9","enabled":false}]}"#,
    ];

    #[test]
    fn a_listing_reads_what_the_full_pool_reads() {
        for json in POOLS {
            let full: Pool = serde_json::from_str(json).unwrap();
            let listed: PoolListing = serde_json::from_str(json).unwrap();
            assert_eq!(listed.id, full.id);
            assert_eq!(listed.modified_on, full.modified_on);
            assert_eq!(listed.name, full.name);
            assert_eq!(listed.description, full.description);
            assert_eq!(listed.enabled, full.enabled);
            assert_eq!(listed.minimum_origins, full.minimum_origins);
            assert_eq!(listed.monitor_id(), full.monitor_id());
            assert_eq!(listed.check_regions, full.check_regions);
            assert_eq!(listed.healthy, full.healthy);
            assert_eq!(listed.origins.len(), full.origins.len());
            for (l, f) in listed.origins.iter().zip(&full.origins) {
                assert_eq!(
                    (&l.name, &l.address, l.enabled, l.healthy),
                    (&f.name, &f.address, f.enabled, f.healthy)
                );
            }
            assert_eq!(pool_status(&listed), pool_status(&full), "{json}");
        }
    }

    #[test]
    fn the_listing_defaults_are_the_pools() {
        let full = Pool::default();
        let listed = PoolListing::default();
        assert_eq!(
            (listed.enabled, listed.minimum_origins),
            (full.enabled, full.minimum_origins)
        );
        let empty: PoolListing = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, listed);
    }

    #[test]
    fn a_monitor_listing_is_named_as_the_monitor_is() {
        for json in [
            r#"{"id":"m1","type":"https","description":"","path":"/health","interval":60,"extra":true}"#,
            r#"{"id":"m2","type":"tcp","description":"Database port","port":5432}"#,
            r#"{"id":"m3","description":"  "}"#,
            r#"{"id":"m4","type":"icmp_ping","path":"/ignored"}"#,
        ] {
            let full: Monitor = serde_json::from_str(json).unwrap();
            let listed: MonitorListing = serde_json::from_str(json).unwrap();
            assert_eq!(listed.id, full.id);
            assert_eq!(listed.display_name(), full.display_name(), "{json}");
        }
    }
}
