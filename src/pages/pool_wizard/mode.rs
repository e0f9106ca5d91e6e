//! What the wizard is doing: creating a pool, cloning one, or editing one.
//! One enum, so the heading, the title, the Cancel target, the save button
//! and the save request cannot disagree about it.

use pooldeck_model::{CheckRegion, Origin, Pool};

use crate::routes::Route;

/// The wizard's mode, with the pool it starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    /// `/pools/new`.
    New,
    /// `/pools/new?clone=ID`: a new pool prefilled from `from`.
    Clone { from: Box<Pool> },
    /// `/pools/ID/edit`: `loaded` is the server's copy the edit is based on.
    Edit { loaded: Box<Pool> },
}

impl Mode {
    /// The pool the form starts with. `taken` are the account's pools, so
    /// a clone gets a name not yet used.
    pub fn initial(&self, taken: &[Pool], region: CheckRegion) -> Pool {
        match self {
            Mode::New => new_pool(region),
            Mode::Clone { from } => cloned(from, taken),
            Mode::Edit { loaded } => (**loaded).clone(),
        }
    }

    /// The ID of the pool being edited.
    pub fn pool_id(&self) -> Option<String> {
        match self {
            Mode::Edit { loaded } => loaded.id.clone(),
            _ => None,
        }
    }

    pub fn is_edit(&self) -> bool {
        matches!(self, Mode::Edit { .. })
    }

    /// The page's heading.
    pub fn heading(&self) -> String {
        match self {
            Mode::New => "New pool".to_owned(),
            Mode::Clone { from } => format!("Clone pool {}", from.name),
            Mode::Edit { loaded } => format!("Edit pool {}", loaded.name),
        }
    }

    /// The first part of the document title ("Clone pool · Step 2 of 6…").
    pub fn title(&self) -> &'static str {
        match self {
            Mode::New => "New pool",
            Mode::Clone { .. } => "Clone pool",
            Mode::Edit { .. } => "Edit pool",
        }
    }

    /// The label of the final button.
    pub fn save_label(&self) -> &'static str {
        if self.is_edit() {
            "Save changes"
        } else {
            "Create pool"
        }
    }

    /// Where Cancel goes: back to the pool being edited, else the list.
    pub fn cancel_route(&self) -> Route {
        match self.pool_id() {
            Some(id) => Route::Pool(id),
            None => Route::Pools,
        }
    }
}

/// A new pool's starting point: one empty endpoint row, health checked
/// from one region. Every default must be a pool the API accepts on any
/// plan: `check_regions: null` (every data center) is Enterprise-only, so
/// a default of null made a new pool fail on every other account (the
/// demo's included). One region is what Cloudflare's self-serve plans
/// start with, and it keeps the probe traffic to three probes per
/// interval; more regions, or every data center on Enterprise, are one
/// click away on the Health step.
pub fn new_pool(region: CheckRegion) -> Pool {
    Pool {
        origins: vec![Origin::default()],
        check_regions: Some(Some(vec![region])),
        ..Pool::default()
    }
}

/// The region a new pool starts with: the one nearest the browser's time
/// zone (operators usually sit near the endpoints they run), else Western
/// North America. Only a starting point; the Health step shows it.
pub fn default_region(time_zone: &str) -> CheckRegion {
    let area = time_zone.split('/').next().unwrap_or_default();
    let place = time_zone.rsplit('/').next().unwrap_or_default();
    match area {
        "Europe" => match place {
            "Moscow" | "Kiev" | "Kyiv" | "Minsk" | "Bucharest" | "Sofia" | "Athens"
            | "Helsinki" | "Riga" | "Tallinn" | "Vilnius" | "Warsaw" | "Istanbul" => {
                CheckRegion::Eeu
            }
            _ => CheckRegion::Weu,
        },
        "Africa" => match place {
            "Cairo" | "Tripoli" | "Tunis" | "Algiers" | "Casablanca" => CheckRegion::Naf,
            _ => CheckRegion::Saf,
        },
        "Asia" => match place {
            "Tokyo" | "Seoul" | "Shanghai" | "Hong_Kong" | "Taipei" | "Pyongyang" => {
                CheckRegion::Neas
            }
            "Kolkata" | "Calcutta" | "Karachi" | "Dhaka" | "Kathmandu" | "Colombo" => {
                CheckRegion::Sas
            }
            "Dubai" | "Riyadh" | "Tehran" | "Baghdad" | "Jerusalem" | "Tel_Aviv" | "Qatar"
            | "Kuwait" | "Amman" | "Beirut" | "Damascus" => CheckRegion::Me,
            _ => CheckRegion::Seas,
        },
        "Australia" | "Pacific" => CheckRegion::Oc,
        "America" => match place {
            "Los_Angeles" | "Vancouver" | "Denver" | "Phoenix" | "Edmonton" | "Anchorage"
            | "Boise" | "Tijuana" => CheckRegion::Wnam,
            "Sao_Paulo" | "Buenos_Aires" | "Santiago" | "Montevideo" | "Asuncion" => {
                CheckRegion::Ssam
            }
            "Lima" | "Bogota" | "Caracas" | "La_Paz" | "Quito" => CheckRegion::Nsam,
            _ => CheckRegion::Enam,
        },
        _ => CheckRegion::Wnam,
    }
}

/// A copy of `source` to create as a new pool: no read-only members, and
/// a name not yet used in the account.
fn cloned(source: &Pool, taken: &[Pool]) -> Pool {
    let mut pool = source.without_server_fields();
    let used = |n: &str| taken.iter().any(|p| p.name == n);
    let mut name = format!("{}-copy", source.name);
    let mut i = 2;
    while used(&name) {
        name = format!("{}-copy-{i}", source.name);
        i += 1;
    }
    pool.name = name;
    pool
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::validate::{validate_pool, Limits};

    // Regression (defect 2): the wizard's defaults were `check_regions:
    // null`, which every non-Enterprise account refuses ("probing from
    // every data center is not allowed for this subscription").
    #[test]
    fn a_new_pool_with_its_defaults_is_valid_on_every_plan() {
        let mut pool = new_pool(default_region("Etc/UTC"));
        pool.name = "web".into();
        pool.origins[0].name = "a".into();
        pool.origins[0].address = "192.0.2.1".into();
        for limits in [Limits::STANDARD, Limits::ENTERPRISE] {
            let errors: Vec<_> = validate_pool(&pool, &limits)
                .into_iter()
                .filter(|f| f.is_error())
                .collect();
            assert!(errors.is_empty(), "{limits:?}: {errors:?}");
        }
    }

    #[test]
    fn the_default_region_follows_the_time_zone() {
        assert_eq!(default_region("Europe/Berlin"), CheckRegion::Weu);
        assert_eq!(default_region("Europe/Warsaw"), CheckRegion::Eeu);
        assert_eq!(default_region("America/New_York"), CheckRegion::Enam);
        assert_eq!(default_region("America/Los_Angeles"), CheckRegion::Wnam);
        assert_eq!(default_region("America/Sao_Paulo"), CheckRegion::Ssam);
        assert_eq!(default_region("America/Bogota"), CheckRegion::Nsam);
        assert_eq!(default_region("Asia/Tokyo"), CheckRegion::Neas);
        assert_eq!(default_region("Asia/Singapore"), CheckRegion::Seas);
        assert_eq!(default_region("Australia/Sydney"), CheckRegion::Oc);
        assert_eq!(default_region("UTC"), CheckRegion::Wnam);
        assert_eq!(default_region(""), CheckRegion::Wnam);
    }

    #[test]
    fn a_clone_drops_server_members_and_takes_a_free_name() {
        let source = Pool {
            id: Some("p1".into()),
            name: "web".into(),
            healthy: Some(true),
            ..Pool::default()
        };
        let taken = vec![
            source.clone(),
            Pool {
                name: "web-copy".into(),
                ..Pool::default()
            },
        ];
        let mode = Mode::Clone {
            from: Box::new(source),
        };
        let pool = mode.initial(&taken, CheckRegion::Weu);
        assert_eq!(pool.name, "web-copy-2");
        assert_eq!(pool.id, None);
        assert_eq!(pool.healthy, None);
        assert_eq!(mode.heading(), "Clone pool web");
        assert_eq!(mode.title(), "Clone pool");
        assert_eq!(mode.cancel_route(), Route::Pools);
    }
}
