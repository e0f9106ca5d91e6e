//! The split modules: what each page area costs when it is first opened.
//!
//! The first load holds the shell and the pools list; every other area is
//! a `split_<area>.wasm`, plus the `chunk_<n>.wasm` files holding code that
//! several areas share (`xtask/src/split.rs`). The link module
//! `__wasm_split.js` names, in a comment above each shared chunk, the areas
//! that load it; that is how a shared chunk is attributed here.

use std::path::Path;

use super::{bytes, transfer, Fetched, Transfer};

/// True for a split module's path: it is not part of the first load.
pub fn is_chunk(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
}

/// True for what the idle prefetch fetches: the split modules and the
/// list of them (`prefetch.txt`). None of it is part of the first load.
pub fn is_prefetched(path: &str) -> bool {
    is_chunk(path) || path.rsplit('/').next() == Some(crate::prefetch_list::FILE)
}

/// Every split module of the build in `dist`, as `addr` serves it.
pub fn transfers(addr: &str, dist: &Path) -> Result<Vec<Transfer>, String> {
    let pkg = package_dir(dist)?;
    let rel = pkg
        .strip_prefix(dist)
        .map_err(|e| e.to_string())?
        .to_string_lossy()
        .into_owned();
    let mut names: Vec<String> = std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_chunk(n))
        .collect();
    names.sort_by_key(|n| (!n.starts_with("split_"), chunk_number(n), n.clone()));
    let fetched: Vec<Fetched> = names
        .iter()
        .map(|n| Fetched {
            path: format!("/{rel}/{n}"),
            browser_encoded: f64::NAN,
        })
        .collect();
    transfer(addr, &fetched)
}

/// `dist/pkg/<hash>`: the one build directory in it.
fn package_dir(dist: &Path) -> Result<std::path::PathBuf, String> {
    let pkg = dist.join("pkg");
    std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e} (not a split build?)", pkg.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .ok_or_else(|| format!("{} holds no build directory", pkg.display()))
}

fn chunk_number(name: &str) -> u32 {
    name.trim_start_matches("chunk_")
        .trim_end_matches(".wasm")
        .parse()
        .unwrap_or(0)
}

/// The areas that load each shared chunk, from the link module's comments:
/// `/* alerts, monitors */` above the loader that fetches `./chunk_6.wasm`.
pub fn shared_by(link_module: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut areas: Option<Vec<String>> = None;
    for line in link_module.lines() {
        let line = line.trim();
        if let Some(list) = line.strip_prefix("/*").and_then(|l| l.strip_suffix("*/")) {
            areas = Some(list.split(',').map(|a| a.trim().to_owned()).collect());
        } else if let Some(at) = line.find("\"./chunk_") {
            let name = line[at + 3..].split('"').next().unwrap_or("").to_owned();
            if let Some(a) = areas.take() {
                out.push((name, a));
            }
        }
    }
    out
}

/// Opening an area first fetches its own module and every shared chunk it
/// needs: (area, gzip, brotli, identity) per area.
fn per_area(chunks: &[Transfer], shared: &[(String, Vec<String>)]) -> Vec<(String, u64, u64, u64)> {
    let name_of = |t: &Transfer| t.path.rsplit('/').next().unwrap_or("").to_owned();
    chunks
        .iter()
        .filter_map(|t| {
            let name = name_of(t);
            let area = name
                .strip_prefix("split_")?
                .strip_suffix(".wasm")?
                .to_owned();
            let mut sums = (t.gzip, t.br, t.raw);
            for c in chunks {
                let needed = shared
                    .iter()
                    .any(|(n, areas)| *n == name_of(c) && areas.contains(&area));
                if needed {
                    sums = (sums.0 + c.gzip, sums.1 + c.br, sums.2 + c.raw);
                }
            }
            Some((area, sums.0, sums.1, sums.2))
        })
        .collect()
}

/// The Markdown for BENCHMARKS.md.
pub fn section(chunks: &[Transfer], link_module: &str) -> String {
    let shared = shared_by(link_module);
    let mut s = String::from(
        "### Chunks\n\nEvery page but the pools list is split off the first load (`src/pages/chunks.rs`, \
         `xtask/src/split.rs`), fetched and compiled the first time it is opened; once start-up is \
         over and the browser is idle, every chunk is fetched into the HTTP cache, not compiled \
         (`src/pages/prefetch.rs`). Sizes as pooldeck-server serves them.\n\n\
         | area | fetched when first opened: gzip | brotli | identity |\n|---|---|---|---|\n",
    );
    for (area, gz, br, raw) in per_area(chunks, &shared) {
        s.push_str(&format!(
            "| {area} | {} B | {} B | {} B |\n",
            bytes(gz),
            bytes(br),
            bytes(raw)
        ));
    }
    s.push_str(
        "\n| file | used by | identity | gzip | brotli | served as |\n|---|---|---|---|---|---|\n",
    );
    for t in chunks {
        let name = t.path.rsplit('/').next().unwrap_or("");
        let users = shared
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| a.join(", "))
            .unwrap_or_else(|| {
                name.trim_start_matches("split_")
                    .trim_end_matches(".wasm")
                    .to_owned()
            });
        s.push_str(&format!(
            "| `{name}` | {users} | {} | {} | {} | {} |\n",
            bytes(t.raw),
            bytes(t.gzip),
            bytes(t.br),
            t.served
        ));
    }
    s.push('\n');
    s
}

/// The link module of the build in `dist`, for [`section`].
pub fn link_module(dist: &Path) -> String {
    package_dir(dist)
        .and_then(|p| std::fs::read_to_string(p.join("__wasm_split.js")).map_err(|e| e.to_string()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_chunks_from_the_first_load() {
        assert!(is_chunk("/pkg/0123456789abcdef/split_pool_wizard.wasm"));
        assert!(is_chunk("/portal/pkg/0123456789abcdef/chunk_12.wasm"));
        assert!(!is_chunk("/pkg/0123456789abcdef/pooldeck_bg.wasm"));
        assert!(!is_chunk("/pkg/0123456789abcdef/__wasm_split.js"));
        assert!(is_prefetched("/pkg/0123456789abcdef/prefetch.txt"));
        assert!(is_prefetched("/pkg/0123456789abcdef/chunk_12.wasm"));
        assert!(!is_prefetched("/pkg/0123456789abcdef/pooldeck.js"));
    }

    #[test]
    fn reads_which_areas_share_a_chunk() {
        let js = "/* alerts, monitors */\nconst __chunk_6 = makeLoad(() => {\n    const src = fetch(new URL(\"./chunk_6.wasm\", import.meta.url));\n}, []);\nexport const __wasm_split_load_settings = wrapAsyncCb(makeLoad(() => {\n    const src = fetch(new URL(\"./split_settings.wasm\", import.meta.url));\n}, [__chunk_6]));";
        assert_eq!(
            shared_by(js),
            vec![(
                "chunk_6.wasm".to_owned(),
                vec!["alerts".to_owned(), "monitors".to_owned()]
            )]
        );
    }
}
