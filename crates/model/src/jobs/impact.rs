//! What a maintenance window does to its pool's health, said before it is
//! scheduled: taking out an endpoint may leave fewer enabled endpoints than
//! the Health Threshold (`minimum_origins`), and then the pool is unhealthy
//! for the whole window; taking out the pool sends its traffic elsewhere.

use super::spec::Target;
use crate::pool::Pool;

/// Why the window needs an explicit confirmation, if it does.
pub fn below_threshold(pool: &Pool, target: &Target) -> Option<String> {
    let threshold = pool.minimum_origins.max(1);
    match target {
        Target::Pool => Some(format!(
            "Pool {} is disabled for the whole window: the load balancers that use it send its traffic to their next pool.",
            pool.name
        )),
        Target::Endpoint { name } => {
            let left = pool
                .origins
                .iter()
                .filter(|o| o.enabled && &o.name != name)
                .count();
            let unit = if left == 1 { "endpoint" } else { "endpoints" };
            (i64::try_from(left).unwrap_or(i64::MAX) < threshold).then(|| {
                format!(
                    "Pool {} keeps {left} enabled {unit}, below its Health Threshold of {threshold}: it is unhealthy for the whole window.",
                    pool.name
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_threshold_decides() {
        let pool: Pool = serde_json::from_value(json!({"name": "web", "minimum_origins": 2,
            "origins": [{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.2"},
                        {"name": "c", "address": "192.0.2.3"}]}))
        .unwrap();
        let out = |n: &str| Target::Endpoint { name: n.into() };
        assert_eq!(
            below_threshold(&pool, &out("a")),
            None,
            "2 left, threshold 2"
        );
        let mut two = pool.clone();
        two.origins.pop();
        assert_eq!(
            below_threshold(&two, &out("a")).unwrap(),
            "Pool web keeps 1 enabled endpoint, below its Health Threshold of 2: it is unhealthy for the whole window."
        );
        assert!(below_threshold(&pool, &Target::Pool).is_some());
    }
}
