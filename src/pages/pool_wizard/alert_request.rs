//! "Create a health alert for this pool": the notification policy the
//! wizard creates after the pool is saved, checked by the model crate's
//! policy rules while the recipients are typed.

use pooldeck_model::validate::{validate_policy, FieldError};
use pooldeck_model::{AlertType, HealthAlertFilter, MechanismTarget, Policy};

/// The wizard's alert choice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlertRequest {
    pub wanted: bool,
    /// Email recipients, separated by commas, semicolons or spaces.
    pub emails: String,
}

/// The path the alert's findings are shown under.
pub const EMAILS_PATH: &str = "alert.emails";

impl AlertRequest {
    pub fn recipients(&self) -> Vec<String> {
        crate::pages::alerts::split_list(&self.emails)
    }

    /// The `load_balancing_health_alert` policy for the pool: pool and
    /// endpoint events, becoming healthy or unhealthy, by email.
    pub fn policy(&self, pool_name: &str, pool_id: &str) -> Policy {
        let mut p = Policy::new(format!("{pool_name} health"), AlertType::Health);
        p.description = Some(format!("Created by Pooldeck with pool {pool_name}"));
        p.mechanisms.email = Some(
            self.recipients()
                .into_iter()
                .map(MechanismTarget::new)
                .collect(),
        );
        HealthAlertFilter {
            pool_ids: vec![pool_id.to_owned()],
            ..HealthAlertFilter::default()
        }
        .write_to(&mut p.filters);
        p
    }

    /// The policy's findings, all shown under the recipients field.
    pub fn findings(&self, pool_name: &str) -> Vec<FieldError> {
        if !self.wanted {
            return Vec::new();
        }
        let name = if pool_name.is_empty() {
            "pool"
        } else {
            pool_name
        };
        validate_policy(&self.policy(name, "00000000000000000000000000000000"))
            .into_iter()
            .map(|mut f| {
                f.path = EMAILS_PATH.to_owned();
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_make_a_health_policy_for_the_pool() {
        let a = AlertRequest {
            wanted: true,
            emails: "ops@example.com, oncall@example.com".into(),
        };
        assert!(a.findings("web").is_empty());
        let p = a.policy("web", "abc");
        assert_eq!(p.alert_type, AlertType::Health);
        assert_eq!(p.filters["pool_id"], ["abc"]);
        assert_eq!(p.filters["new_health"], ["Healthy", "Unhealthy"]);
        assert_eq!(p.mechanisms.email.as_ref().unwrap().len(), 2);
    }

    #[test]
    fn bad_or_missing_recipients_are_field_errors() {
        let none = AlertRequest {
            wanted: true,
            emails: " ".into(),
        };
        assert_eq!(none.findings("web")[0].path, EMAILS_PATH);
        let bad = AlertRequest {
            wanted: true,
            emails: "not-an-address".into(),
        };
        assert!(bad.findings("web")[0]
            .message
            .contains("not a valid email address"));
        assert!(AlertRequest::default().findings("web").is_empty());
    }
}
