//! What a job owns in a pool: one value it reads before each step and
//! writes with a PATCH of only that top-level key.
//!
//! A maintenance owns the pool's `enabled`, or one endpoint's; a ramp owns
//! one endpoint's `weight`. An endpoint lives inside `origins`, which a
//! PATCH replaces whole, so the body is the pool's endpoints as just read
//! with that one value changed: nothing else in them moves.

use serde_json::{Map, Value};

use super::spec::{JobSpec, Target};
use crate::pool::Pool;

/// The value the job owns, as `pool` holds it now; `None` when the
/// endpoint is gone.
pub fn owned_value(spec: &JobSpec, pool: &Pool) -> Option<Value> {
    match spec {
        JobSpec::Maintenance {
            target: Target::Pool,
            ..
        } => Some(Value::Bool(pool.enabled)),
        JobSpec::Maintenance {
            target: Target::Endpoint { name },
            ..
        } => pool
            .origins
            .iter()
            .find(|o| &o.name == name)
            .map(|o| Value::Bool(o.enabled)),
        JobSpec::Ramp { endpoint, .. } => pool
            .origins
            .iter()
            .find(|o| &o.name == endpoint)
            .map(|o| Value::from(o.weight)),
    }
}

/// The PATCH body that sets what the job owns to `value` in `pool` (as
/// just read); `None` when the endpoint is gone or `value` has the wrong
/// type.
pub fn patch_for(spec: &JobSpec, pool: &Pool, value: &Value) -> Option<Map<String, Value>> {
    let mut changed = pool.clone();
    match spec {
        JobSpec::Maintenance {
            target: Target::Pool,
            ..
        } => {
            let mut body = Map::new();
            body.insert("enabled".into(), Value::Bool(value.as_bool()?));
            return Some(body);
        }
        JobSpec::Maintenance {
            target: Target::Endpoint { name },
            ..
        } => {
            changed
                .origins
                .iter_mut()
                .find(|o| &o.name == name)?
                .enabled = value.as_bool()?;
        }
        JobSpec::Ramp { endpoint, .. } => {
            changed
                .origins
                .iter_mut()
                .find(|o| &o.name == endpoint)?
                .weight = value.as_f64()?;
        }
    }
    let mut body = Map::new();
    body.insert("origins".into(), changed.write_body().remove("origins")?);
    Some(body)
}

/// True when `a` and `b` are the same owned value (weights compare to the
/// hundredth, as the API keeps them).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 0.005,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pool() -> Pool {
        serde_json::from_value(json!({
            "id": "p", "name": "web", "enabled": true,
            "origins": [
                {"name": "a", "address": "192.0.2.1", "weight": 1.0, "healthy": true, "future": 1},
                {"name": "b", "address": "192.0.2.2", "weight": 0.5}
            ]
        }))
        .unwrap()
    }

    fn ramp() -> JobSpec {
        JobSpec::Ramp {
            endpoint: "b".into(),
            from: None,
            to: 1.0,
            steps: 2,
            interval_secs: 60,
            rollback: false,
        }
    }

    #[test]
    fn a_ramp_owns_one_weight_and_patches_only_origins() {
        let p = pool();
        assert_eq!(owned_value(&ramp(), &p), Some(json!(0.5)));
        let body = patch_for(&ramp(), &p, &json!(0.75)).unwrap();
        assert_eq!(body.keys().collect::<Vec<_>>(), ["origins"]);
        assert_eq!(body["origins"][1]["weight"], json!(0.75));
        assert_eq!(body["origins"][0]["weight"], json!(1.0), "others unchanged");
        assert_eq!(
            body["origins"][0]["future"],
            json!(1),
            "unknown members kept"
        );
        assert_eq!(
            body["origins"][0].get("healthy"),
            None,
            "read-only left out"
        );
    }

    #[test]
    fn maintenance_owns_enabled() {
        let p = pool();
        let pool_window = JobSpec::Maintenance {
            target: Target::Pool,
            start_at: "a".into(),
            end_at: "b".into(),
            recheck_secs: 60,
        };
        assert_eq!(owned_value(&pool_window, &p), Some(json!(true)));
        assert_eq!(
            Value::Object(patch_for(&pool_window, &p, &json!(false)).unwrap()),
            json!({"enabled": false})
        );
        let endpoint = JobSpec::Maintenance {
            target: Target::Endpoint { name: "a".into() },
            start_at: "a".into(),
            end_at: "b".into(),
            recheck_secs: 60,
        };
        let body = patch_for(&endpoint, &p, &json!(false)).unwrap();
        assert_eq!(body["origins"][0]["enabled"], json!(false));
        assert_eq!(body["origins"][1]["enabled"], json!(true));
        let gone = JobSpec::Maintenance {
            target: Target::Endpoint { name: "zz".into() },
            start_at: "a".into(),
            end_at: "b".into(),
            recheck_secs: 60,
        };
        assert_eq!(owned_value(&gone, &p), None);
        assert_eq!(
            gone.problem(&p).unwrap(),
            "pool web has no endpoint named zz"
        );
    }

    #[test]
    fn weights_compare_to_the_hundredth() {
        assert!(same(&json!(0.5), &json!(0.500001)));
        assert!(!same(&json!(0.5), &json!(0.51)));
        assert!(same(&json!(true), &json!(true)));
    }
}
