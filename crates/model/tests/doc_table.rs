//! The crate documentation's rule table must list every rule, so the table
//! stays the truth as rules are added.

use pooldeck_model::Rule;

#[test]
fn every_rule_is_in_the_crate_docs_table() {
    let docs = include_str!("../src/lib.rs");
    for rule in Rule::ALL {
        let cell = format!("//! | `{}`", rule.as_str());
        assert!(
            docs.contains(&cell),
            "rule {rule} is missing from the table in src/lib.rs"
        );
    }
}

#[test]
fn rule_codes_serialize_as_their_code() {
    for rule in Rule::ALL {
        assert_eq!(
            serde_json::to_value(rule).unwrap(),
            serde_json::json!(rule.as_str())
        );
    }
}
