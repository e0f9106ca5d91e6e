//! The weights of a ramp: equal steps from where it starts to the target,
//! rounded to the hundredths Cloudflare's weights are given in.

/// The weight after step `k` (1-based) of `steps` from `from` to `to`.
/// The last step lands exactly on `to`.
pub fn weight_at(from: f64, to: f64, steps: u32, k: u32) -> f64 {
    if k >= steps {
        return to;
    }
    let w = from + (to - from) * f64::from(k) / f64::from(steps.max(1));
    (w * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_steps_ending_on_the_target() {
        let ws: Vec<f64> = (1..=4).map(|k| weight_at(0.0, 1.0, 4, k)).collect();
        assert_eq!(ws, [0.25, 0.5, 0.75, 1.0]);
        let ws: Vec<f64> = (1..=3).map(|k| weight_at(0.0, 0.5, 3, k)).collect();
        assert_eq!(ws, [0.17, 0.33, 0.5]);
        assert_eq!(weight_at(1.0, 0.0, 2, 1), 0.5, "down as well as up");
    }
}
