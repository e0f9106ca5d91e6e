//! Lower-casing for the lists' searches and sorts.
//!
//! `str::to_lowercase` brings Unicode's case tables (about 14 KB of code
//! and data) into whichever module calls it, and the pools list is the
//! first load. The browser has those tables already: ASCII, which pool
//! names and addresses are, is lowered here, anything else by JavaScript's
//! `String.prototype.toLowerCase`, which applies the same Unicode mappings
//! (the final sigma included). Off the browser (the unit tests) it is
//! std's.

/// `s` lower-cased, the same way for a search and what it searches.
pub fn lower_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_the_rest_are_lowered() {
        assert_eq!(lower_case("Web-EU 192.0.2.10"), "web-eu 192.0.2.10");
        assert_eq!(lower_case("Rechenzentrum MÜNCHEN"), "rechenzentrum münchen");
    }
}
