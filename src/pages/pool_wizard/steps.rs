//! The wizard's six steps, and which step owns which field of a pool, so
//! an error (ours or the server's) can send the user to the right place.

/// A step of the pool wizard, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Pool,
    Endpoints,
    Health,
    Traffic,
    Notifications,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Pool,
        Step::Endpoints,
        Step::Health,
        Step::Traffic,
        Step::Notifications,
        Step::Review,
    ];

    /// 1-based position.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Pool => "Pool",
            Step::Endpoints => "Endpoints",
            Step::Health => "Health",
            Step::Traffic => "Traffic",
            Step::Notifications => "Notifications",
            Step::Review => "Review",
        }
    }

    /// `data-testid` fragment and URL-safe name.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Pool => "pool",
            Step::Endpoints => "endpoints",
            Step::Health => "health",
            Step::Traffic => "traffic",
            Step::Notifications => "notifications",
            Step::Review => "review",
        }
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.number()).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.number().checked_sub(2).map(|i| Step::ALL[i])
    }

    /// "Step 2 of 6: Endpoints".
    pub fn heading(self) -> String {
        format!(
            "Step {} of {}: {}",
            self.number(),
            Step::ALL.len(),
            self.label()
        )
    }
}

/// The step whose form holds the field at `path` (`origins[3].weight`,
/// `load_shedding.default_percent`). Errors about no field in particular
/// (`""`) and unknown members belong to the review.
pub fn step_of(path: &str) -> Step {
    // `origins#7.weight` is a row's field keyed by the row (see form.rs).
    let top = path.split(['.', '[', '#']).next().unwrap_or_default();
    match top {
        "name" | "description" | "enabled" | "origin_steering" => Step::Pool,
        "origins" => Step::Endpoints,
        "minimum_origins" | "monitor" | "monitor_group" | "check_regions" | "health_sources" => {
            Step::Health
        }
        "latitude" | "longitude" | "load_shedding" => Step::Traffic,
        "notification_filter" | "notification_email" | "alert" => Step::Notifications,
        _ => Step::Review,
    }
}

/// The earliest step among `paths`, where the wizard jumps on a rejection.
pub fn first_step<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<Step> {
    paths.into_iter().map(step_of).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_headings() {
        assert_eq!(Step::Pool.next(), Some(Step::Endpoints));
        assert_eq!(Step::Review.next(), None);
        assert_eq!(Step::Pool.previous(), None);
        assert_eq!(Step::Health.previous(), Some(Step::Endpoints));
        assert_eq!(Step::Endpoints.heading(), "Step 2 of 6: Endpoints");
    }

    #[test]
    fn every_field_has_its_step() {
        assert_eq!(step_of("name"), Step::Pool);
        assert_eq!(step_of("origin_steering.policy"), Step::Pool);
        assert_eq!(step_of("origins[12].virtual_network_id"), Step::Endpoints);
        assert_eq!(step_of("origins"), Step::Endpoints);
        assert_eq!(step_of("check_regions[0]"), Step::Health);
        assert_eq!(step_of("origins#7.weight"), Step::Endpoints);
        assert_eq!(step_of("monitor"), Step::Health);
        assert_eq!(step_of("load_shedding.session_percent"), Step::Traffic);
        assert_eq!(
            step_of("notification_filter.pool.healthy"),
            Step::Notifications
        );
        assert_eq!(step_of(""), Step::Review);
        assert_eq!(
            first_step(["latitude", "origins[1].weight", "monitor"]),
            Some(Step::Endpoints)
        );
    }
}
