//! Typed calls for monitors and monitor groups: CRUD, references, and the
//! body rules they share (read-only members never go back to the API).

use super::fetch::Method;
use pooldeck_model::{Monitor, MonitorGroup, MonitorListing, Reference, WireObject};
use serde_json::Value;

use super::client::Api;
use super::error::ApiError;

impl Api {
    pub async fn list_monitors(&self) -> Result<Vec<Monitor>, ApiError> {
        self.call(Method::Get, &self.lb_path("/monitors")?, None)
            .await
    }

    /// The same GET as [`Api::list_monitors`], read only for the monitors'
    /// names ([`MonitorListing`]), for the pools list.
    pub async fn monitor_listings(&self) -> Result<Vec<MonitorListing>, ApiError> {
        self.get_listing(&self.lb_path("/monitors")?).await
    }

    pub async fn get_monitor(&self, id: &str) -> Result<Monitor, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/monitors/{id}"))?,
            None,
        )
        .await
    }

    pub async fn create_monitor(&self, monitor: &Monitor) -> Result<Monitor, ApiError> {
        let body = monitor_body(monitor);
        self.call(Method::Post, &self.lb_path("/monitors")?, Some(&body))
            .await
    }

    /// PUT: the whole monitor, unknown members included, so nothing the
    /// console does not know is dropped.
    pub async fn replace_monitor(&self, id: &str, monitor: &Monitor) -> Result<Monitor, ApiError> {
        let body = monitor_body(monitor);
        self.call(
            Method::Put,
            &self.lb_path(&format!("/monitors/{id}"))?,
            Some(&body),
        )
        .await
    }

    pub async fn delete_monitor(&self, id: &str) -> Result<Value, ApiError> {
        self.call(
            Method::Delete,
            &self.lb_path(&format!("/monitors/{id}"))?,
            None,
        )
        .await
    }

    /// The pools that use the monitor (as referrers).
    pub async fn monitor_references(&self, id: &str) -> Result<Vec<Reference>, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/monitors/{id}/references"))?,
            None,
        )
        .await
    }

    pub async fn list_monitor_groups(&self) -> Result<Vec<MonitorGroup>, ApiError> {
        self.call(Method::Get, &self.lb_path("/monitor_groups")?, None)
            .await
    }

    pub async fn get_monitor_group(&self, id: &str) -> Result<MonitorGroup, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/monitor_groups/{id}"))?,
            None,
        )
        .await
    }

    pub async fn create_monitor_group(
        &self,
        group: &MonitorGroup,
    ) -> Result<MonitorGroup, ApiError> {
        let body = group_body(group);
        self.call(Method::Post, &self.lb_path("/monitor_groups")?, Some(&body))
            .await
    }

    pub async fn replace_monitor_group(
        &self,
        id: &str,
        group: &MonitorGroup,
    ) -> Result<MonitorGroup, ApiError> {
        let body = group_body(group);
        self.call(
            Method::Put,
            &self.lb_path(&format!("/monitor_groups/{id}"))?,
            Some(&body),
        )
        .await
    }

    pub async fn delete_monitor_group(&self, id: &str) -> Result<Value, ApiError> {
        self.call(
            Method::Delete,
            &self.lb_path(&format!("/monitor_groups/{id}"))?,
            None,
        )
        .await
    }

    /// The pools that use the group (as referrers).
    pub async fn monitor_group_references(&self, id: &str) -> Result<Vec<Reference>, ApiError> {
        self.call(
            Method::Get,
            &self.lb_path(&format!("/monitor_groups/{id}/references"))?,
            None,
        )
        .await
    }
}

/// A monitor as a request body: every member but the read-only ones (the
/// model's list, which the server strips by too).
pub(super) fn monitor_body(monitor: &Monitor) -> Value {
    Value::Object(monitor.write_body())
}

/// A monitor group as a request body: without the group's and the
/// members' read-only timestamps (either vintage of their names).
fn group_body(group: &MonitorGroup) -> Value {
    Value::Object(group.write_body())
}
