//! `wasm-opt` on every module of a release build, with one binaryen
//! process per core instead of one per module.
//!
//! npm's binaryen is binaryen compiled to wasm and run by Node, and every
//! `wasm-opt` process first loads and compiles it. The split makes about
//! 190 modules, and that start-up, paid once per module, was most of the
//! 140 s `wasm-opt` took in a release build on two cores (the build prints
//! its stages). `wasm_opt.mjs` loads binaryen once and optimises a group of
//! modules with [`FLAGS`]'s settings through binaryen's own JS API: 16 s for
//! the same 191 modules, with the same bytes out.
//!
//! That the two agree is checked on every build: one module also goes
//! through `wasm-opt` itself, and the build fails if they differ.

use std::path::{Path, PathBuf};

use crate::run::Cmd;
use crate::tools::ToolEnv;

/// What the release modules are optimised with, as Trunk's
/// `data-wasm-opt="z"` did. Rust ≥ 1.87 emits bulk memory and non-trapping
/// float-to-int by default, so wasm-opt must be told they are allowed.
/// `wasm_opt.mjs` sets the same; this is what it is checked against.
const FLAGS: [&str; 3] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
];

/// Set to keep the names section (`wasm-opt -g`), for a profile with
/// function names (docs/testing.md).
const KEEP_NAMES: &str = "POOLDECK_WASM_NAMES";

/// Optimises `modules` in place. `scratch` is a directory for the script
/// and the check; it must not be one that ships.
pub fn optimise(modules: &[PathBuf], scratch: &Path, env: &ToolEnv) -> Result<(), String> {
    let Some(probe) = probe(modules) else {
        return Ok(());
    };
    let names = std::env::var_os(KEEP_NAMES).is_some();
    let check_in = scratch.join("wasm-opt-check-in.wasm");
    let check_out = scratch.join("wasm-opt-check-out.wasm");
    copy(probe, &check_in)?;
    let script = scratch.join("wasm_opt.mjs");
    std::fs::write(&script, include_str!("wasm_opt.mjs"))
        .map_err(|e| format!("{}: {e}", script.display()))?;
    let binaryen = crate::tools::binaryen_js();

    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let groups = balanced(modules, workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .iter()
            .map(|group| {
                let (script, binaryen) = (&script, &binaryen);
                scope.spawn(move || {
                    let mut cmd = Cmd::new("node")
                        .arg(&script.to_string_lossy())
                        .arg(&binaryen.to_string_lossy());
                    if names {
                        cmd = cmd.arg("--debuginfo");
                    }
                    for module in group {
                        cmd = cmd.arg(&module.to_string_lossy());
                    }
                    cmd.env_path(env).run()
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err("a binaryen worker panicked".into()))
        })
    })?;

    let mut cli = Cmd::new("wasm-opt").args(FLAGS);
    if names {
        cli = cli.arg("-g");
    }
    cli.arg(&check_in.to_string_lossy())
        .arg("-o")
        .arg(&check_out.to_string_lossy())
        .env_path(env)
        .run()?;
    if read(&check_out)? != read(probe)? {
        return Err(format!(
            "binaryen's JS API and `wasm-opt {}` made different modules of {}: \
             xtask/src/wasm_opt.mjs no longer matches the flags",
            FLAGS.join(" "),
            probe.display()
        ));
    }
    Ok(())
}

/// The module the check runs `wasm-opt` on: the largest under 32 KB, so
/// that it has code every setting shows in (the smallest are a few
/// hundred bytes of glue, which Stack IR settings, for one, leave alone)
/// and `wasm-opt` takes well under a second on it.
fn probe(modules: &[PathBuf]) -> Option<&PathBuf> {
    modules
        .iter()
        .filter(|m| size(m) <= 32 * 1024)
        .max_by_key(|m| size(m))
        .or_else(|| modules.iter().min_by_key(|m| size(m)))
}

/// `items` in `n` groups of about equal total size, largest first into
/// the lightest group.
fn balanced(items: &[PathBuf], n: usize) -> Vec<Vec<PathBuf>> {
    let mut by_size: Vec<(u64, &PathBuf)> = items.iter().map(|p| (size(p), p)).collect();
    by_size.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut groups: Vec<(u64, Vec<PathBuf>)> =
        vec![(0, Vec::new()); n.clamp(1, items.len().max(1))];
    for (bytes, path) in by_size {
        let lightest = groups
            .iter_mut()
            .min_by_key(|(total, _)| *total)
            .expect("at least one group");
        lightest.0 += bytes;
        lightest.1.push(path.clone());
    }
    groups
        .into_iter()
        .map(|(_, g)| g)
        .filter(|g| !g.is_empty())
        .collect()
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", from.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_balance_by_size_and_keep_every_module() {
        let dir = std::env::temp_dir().join(format!("pooldeck-wasm-opt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let files: Vec<PathBuf> = [900, 500, 400, 300, 100, 100]
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                let p = dir.join(format!("m{i}.wasm"));
                std::fs::write(&p, vec![0u8; *bytes]).unwrap();
                p
            })
            .collect();
        let groups = balanced(&files, 2);
        let totals: Vec<u64> = groups
            .iter()
            .map(|g| g.iter().map(|p| size(p)).sum())
            .collect();
        assert_eq!(totals, [1200, 1100]);
        let mut all: Vec<_> = groups.concat();
        all.sort();
        assert_eq!(all, files);
        // More workers than modules: no empty group.
        assert_eq!(balanced(&files[..1], 4).len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
