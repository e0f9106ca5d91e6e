//! A time limit on the link module's chunk fetches.
//!
//! wasm-split's link module (`__wasm_split.js`) fetches each chunk with a
//! bare `fetch`. A server that takes the request and never answers left the
//! page on "Loading…" for as long as the connection stayed open, with no
//! way out but a reload. With the limit, a chunk whose answer has not begun
//! within [`LIMIT_MS`] is given up: its load fails, the page shows the
//! error panel with Retry (`src/components/chunk`), and the loader, which
//! keeps only successes, fetches afresh on Retry.
//!
//! The limit is on the answer's start, not on its body: a slow connection
//! that is still delivering a large chunk is not cut off.

/// How long a chunk's server may take to start answering. The API
/// client's limit per attempt (`src/api/client.rs`) is the same.
pub const LIMIT_MS: u32 = 20_000;

/// What the generated loaders call to fetch a chunk.
const GENERATED: &str = "fetch(new URL(";

/// The same call through the limited fetch.
const LIMITED: &str = "__pooldeckFetchChunk(new URL(";

/// `link_module` with every chunk fetch made through the limited fetch,
/// which is appended. An error when there is no chunk fetch to limit: the
/// generated shape has changed, and the limit would silently be lost.
pub fn apply(link_module: &str) -> Result<String, String> {
    let fetches = link_module.matches(GENERATED).count();
    if fetches == 0 {
        return Err(format!(
            "the link module has no `{GENERATED}` to put a time limit on: \
             has wasm_split_cli_support changed how it fetches chunks?"
        ));
    }
    let mut out = link_module.replace(GENERATED, LIMITED);
    out.push_str(&format!(
        "
// A chunk whose server has not started answering within {LIMIT_MS} ms is given
// up, so its page shows Retry instead of loading for ever (added by the
// build: xtask/src/chunk_time_limit.rs).
function __pooldeckFetchChunk(url) {{
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), {LIMIT_MS});
    const answer = fetch(url, {{ signal: stop.signal }});
    answer.then(() => clearTimeout(timer), () => clearTimeout(timer));
    return answer;
}}
"
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::prefetch_list::tests::LINK_MODULE;

    #[test]
    fn every_chunk_fetch_goes_through_the_limited_fetch() {
        let out = apply(LINK_MODULE).unwrap();
        assert!(!out.contains(GENERATED), "{out}");
        assert_eq!(out.matches(LIMITED).count(), 3);
        assert!(out.contains("function __pooldeckFetchChunk(url)"));
        assert!(out.contains("setTimeout(() => stop.abort(), 20000)"));
        // The limit ends when the answer starts.
        assert!(out.contains("answer.then(() => clearTimeout(timer)"));
    }

    #[test]
    fn a_link_module_without_chunk_fetches_is_refused() {
        let err = apply("export const x = 1;\n").unwrap_err();
        assert!(err.contains("no `fetch(new URL(`"), "{err}");
    }
}
