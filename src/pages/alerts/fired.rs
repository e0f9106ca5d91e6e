//! "Would have fired N times": a policy replayed over the last 24 hours of
//! health events (the model crate's `would_fire`).

use pooldeck_model::{would_fire, HealthEvent, Policy};

/// 24 hours ago, as RFC 3339 (the events API's `since`).
pub fn since_24h() -> String {
    let ms = js_sys::Date::now() - 24.0 * 3600.0 * 1000.0;
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).to_iso_string())
}

/// The cell text for `policy` given the events (`None`: not readable).
pub fn fired_text(policy: &Policy, events: Option<&[HealthEvent]>) -> String {
    let Some(events) = events else {
        return "Unknown: the health events could not be read".to_owned();
    };
    match would_fire(policy, events) {
        None => "Not from health events (fires on enable and disable)".to_owned(),
        Some(0) => "Would not have fired".to_owned(),
        Some(1) => "Would have fired once".to_owned(),
        Some(n) => format!("Would have fired {n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pooldeck_model::AlertType;

    #[test]
    fn counts_read_as_sentences() {
        let health = Policy::new("h", AlertType::Health);
        assert_eq!(fired_text(&health, Some(&[])), "Would not have fired");
        assert!(fired_text(&health, None).starts_with("Unknown"));
        let enablement = Policy::new("e", AlertType::PoolEnablement);
        assert!(fired_text(&enablement, Some(&[])).starts_with("Not from health events"));
    }
}
