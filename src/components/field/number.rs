//! How a number box's text reads, the one rule for every number field.

/// What a number field accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberRule {
    /// The field's name in messages, lower case ("weight", "port").
    pub name: &'static str,
    /// Empty is a problem (kept until fixed) rather than "not set".
    pub required: bool,
    /// Only whole numbers.
    pub whole: bool,
    /// The range, for the input's attributes and the messages
    /// (`Some((0.0, 1.0))` reads "from 0 to 1").
    pub range: Option<(f64, f64)>,
}

impl NumberRule {
    /// The message for text that is not such a number.
    fn not_a_number(&self) -> String {
        let kind = if self.whole {
            "a whole number"
        } else {
            "a number"
        };
        match self.range {
            Some((lo, hi)) => format!("{} must be {kind} from {lo} to {hi}", self.name),
            None => format!("{} must be {kind}", self.name),
        }
    }

    /// The input's `step` attribute.
    pub fn step(&self) -> &'static str {
        if self.whole {
            "1"
        } else {
            "any"
        }
    }

    /// Reads `text`: `Ok(None)` for an empty optional box, `Ok(Some(v))`
    /// for a number, or the message to show. Range checks are the model
    /// crate's (with the API's wording); this only rejects what cannot be
    /// sent at all.
    pub fn parse(&self, text: &str) -> Result<Option<f64>, String> {
        let t = text.trim();
        if t.is_empty() {
            return if self.required {
                Err(match self.range {
                    Some((lo, hi)) => format!("{} is required ({lo} to {hi})", self.name),
                    None => format!("{} is required", self.name),
                })
            } else {
                Ok(None)
            };
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && (!self.whole || v.fract() == 0.0) => Ok(Some(v)),
            _ => Err(self.not_a_number()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NumberRule;

    const WEIGHT: NumberRule = NumberRule {
        name: "weight",
        required: true,
        whole: false,
        range: Some((0.0, 1.0)),
    };
    const PORT: NumberRule = NumberRule {
        name: "port",
        required: false,
        whole: true,
        range: Some((0.0, 65535.0)),
    };

    #[test]
    fn a_required_box_may_not_be_empty() {
        assert_eq!(WEIGHT.parse(" 0.5 "), Ok(Some(0.5)));
        assert_eq!(WEIGHT.parse(""), Err("weight is required (0 to 1)".into()));
        assert_eq!(
            WEIGHT.parse("abc"),
            Err("weight must be a number from 0 to 1".into())
        );
        // Out of range parses: the model's rule says why, in the API's words.
        assert_eq!(WEIGHT.parse("1.5"), Ok(Some(1.5)));
    }

    #[test]
    fn an_optional_whole_number() {
        assert_eq!(PORT.parse(""), Ok(None));
        assert_eq!(PORT.parse("8080"), Ok(Some(8080.0)));
        assert_eq!(
            PORT.parse("80.5"),
            Err("port must be a whole number from 0 to 65535".into())
        );
        assert_eq!(PORT.step(), "1");
    }
}
