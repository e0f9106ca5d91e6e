//! `prefetch.txt`: which files each chunked area fetches when it is first
//! opened, one line per area, `area file file …`, its own module first.
//!
//! The console's idle prefetch reads it to fetch those files into the HTTP
//! cache without compiling them (`src/pages/prefetch.rs`). Compiling every
//! area at start-up, which the split points' own preloads do, kept the
//! main thread busy for seconds on a slow phone right after the list had
//! shown: Lighthouse's mobile run counted 700–1,100 ms of blocking time,
//! nearly all of it there.
//!
//! The list is read off the link module that wasm-split writes
//! (`__wasm_split.js`), so it is exactly what its loaders fetch: each
//! `__wasm_split_load_<area>` fetches `./split_<area>.wasm` and loads the
//! `__chunk_<n>` loaders (`./chunk_<n>.wasm`) named on the line after it.

/// The file name, in the package directory.
pub const FILE: &str = "prefetch.txt";

/// Each area with the files it fetches: `split_<area>.wasm`, then its
/// shared chunks, in the link module's order.
pub fn areas(link_module: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in link_module.lines() {
        let line = line.trim();
        if let Some(at) = line.find("\"./split_") {
            let file = line[at + 3..].split('"').next().unwrap_or("").to_owned();
            let area = file
                .trim_start_matches("split_")
                .trim_end_matches(".wasm")
                .to_owned();
            open = Some((area, file));
        } else if let (Some(deps), true) = (line.strip_prefix(", ["), open.is_some()) {
            let (area, own) = open.take().unwrap_or_default();
            let mut files = vec![own];
            files.extend(
                deps.trim_end_matches([']', ')', ';'])
                    .split(',')
                    .filter_map(|d| d.trim().strip_prefix("__chunk_"))
                    .map(|n| format!("chunk_{n}.wasm")),
            );
            out.push((area, files));
        }
    }
    out
}

/// The file's text.
pub fn text(areas: &[(String, Vec<String>)]) -> String {
    areas
        .iter()
        .map(|(area, files)| format!("{area} {}\n", files.join(" ")))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The shape wasm_split_cli_support writes (abridged); the time
    /// limit's tests use it too.
    pub(crate) const LINK_MODULE: &str = r#"
/* alerts, jobs */
const __chunk_11 = makeLoad(() => {
    const src = fetch(new URL("./chunk_11.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load_settings = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_settings.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []));
export const __wasm_split_load_jobs = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_jobs.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_11, __chunk_13, __chunk_140]));
"#;

    #[test]
    fn lists_each_areas_module_then_its_chunks() {
        assert_eq!(
            areas(LINK_MODULE),
            vec![
                (
                    "settings".to_owned(),
                    vec!["split_settings.wasm".to_owned()]
                ),
                (
                    "jobs".to_owned(),
                    vec![
                        "split_jobs.wasm".to_owned(),
                        "chunk_11.wasm".to_owned(),
                        "chunk_13.wasm".to_owned(),
                        "chunk_140.wasm".to_owned(),
                    ]
                ),
            ]
        );
        assert_eq!(
            text(&areas(LINK_MODULE)),
            "settings split_settings.wasm\njobs split_jobs.wasm chunk_11.wasm chunk_13.wasm chunk_140.wasm\n"
        );
    }
}
