//! `cargo xtask`: the project's set-up, build and test commands.
//!
//! - `cargo xtask dev`   installs what is missing, builds the console in
//!   release mode and runs pooldeck-server, printing the URL to open.
//! - `cargo xtask test`  installs what is missing (the browser too), checks
//!   formatting and lints, builds the console and runs every test.
//! - `cargo xtask build` installs the build tools and builds `dist/`.
//! - `cargo xtask tools` only installs the tools.
//! - `cargo xtask bench` measures the console in headless Chromium and the
//!   API, and writes BENCHMARKS.md.
//! - `cargo xtask precompress DIR` writes `.br` and `.gz` siblings of a
//!   built console's files (`precompress.rs`).
//!
//! Every tool is pinned (see `tools.rs`) and installed only when it is
//! missing or at another version, so a second run starts at once.

mod bench;
mod bench_api;
mod boot_script;
mod chunk_time_limit;
mod css_minify;
mod precompress;
mod prefetch_list;
mod run;
mod split;
mod tools;
mod unused_classes;
mod wasm_opt;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use run::{step, Cmd};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  dev [--listen ADDR] [-- SERVER_ARGS…]
                Install what is missing, build the console (release) and run
                pooldeck-server with the embedded API and demo data on ADDR
                (default 127.0.0.1:8787), database ./pooldeck.db.
  test          Install what is missing (Chromium and chromedriver too), check
                formatting and lints, build the console and run every test.
  build         Install the build tools and build the console into dist/.
  tools         Install the build and test tools only.
  sdk-check     Drive the embedded API with Cloudflare's official Python SDK
                (from PyPI, pinned) through a base-URL override.
  bench [--runs N] [--no-api] [--dist DIR] [--only console|search-growth] [--profile]
                Build the console and a Leptos hello-world (the floor) in
                release mode, seed pooldeck-server (20 pools; 5,000 pools of
                10 endpoints; a pool of 500 endpoints) and measure in headless
                Chromium: transfer size, start-up beside the floor, search and
                weight keystrokes at scale, memory. Median of N rounds
                (default 5), each in a new browser. Then runs bench-api
                (unless --no-api). Writes BENCHMARKS.md. With --dist, measures
                that prebuilt console instead (an experiment) and only prints.
                Also: how a search keystroke grows from 1,000 to 5,000 to
                20,000 pools. --only runs one part and only prints;
                --profile prints the CPU profile of each keystroke series.
  precompress DIR
                Write FILE.br (brotli 11) and FILE.gz (gzip, Zopfli) beside every
                .wasm, .js, .css, .html, .svg and .json file under DIR (a
                built dist/), where that makes the file smaller.
  bench-api     Measure the embedded API (requests/s, p50, p99 at 32
                connections) beside a trivial axum handler, and write the
                figures into BENCHMARKS.md.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(&args[1..]),
        Some("test") => test(),
        Some("build") => tools::ensure_build_tools().and_then(|env| build_console(&env)),
        Some("tools") => tools::ensure_build_tools()
            .and_then(|env| tools::ensure_leptosfmt(&env).map(|()| env))
            .and_then(|env| tools::ensure_axe(&env))
            .and_then(|_| tools::ensure_browser())
            .map(|_| ()),
        // Trunk's post-build hook (Trunk.toml); not meant to be run by hand.
        Some("boot-script") => match args
            .get(1)
            .cloned()
            .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        {
            Some(dir) => boot_script::externalise(Path::new(&dir)),
            None => Err("boot-script needs Trunk's staging directory (TRUNK_STAGING_DIR)".into()),
        },
        // Trunk's post-build hook for the console (Trunk.toml).
        Some("split") => split_hook(),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-api") => bench_api(),
        Some("precompress") => precompress::run(&args[1..]),
        Some("sdk-check") => sdk_check(),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Builds, splits and places the console's wasm in Trunk's staging dir.
fn split_hook() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .ok_or("split is Trunk's post-build hook: TRUNK_STAGING_DIR is not set")?;
    let env = tools::ensure_build_tools()?;
    let built = split::run(Path::new(&staging), split::Profile::from_trunk(), &env)?;
    println!("console wasm in {}:", built.pkg);
    for (name, size) in &built.files {
        println!("  {name:<40} {size:>9}");
    }
    Ok(())
}

/// The workspace root (the parent of this crate's directory).
///
/// Read from the `CARGO_MANIFEST_DIR` that `cargo run` sets for the
/// running binary, not the one compiled in: checkouts share one target
/// directory (`.ci/run` points every clone at the machine's cache), and an
/// xtask binary that cargo found fresh from another checkout's build then
/// built and split that checkout's console instead of this one.
pub fn root() -> PathBuf {
    root_from(std::env::var_os("CARGO_MANIFEST_DIR"))
}

/// The workspace root for the manifest directory cargo gave the running
/// binary, if any; else for the one it was compiled from.
fn root_from(runtime_manifest_dir: Option<std::ffi::OsString>) -> PathBuf {
    let manifest_dir = runtime_manifest_dir
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

fn build_console(env: &tools::ToolEnv) -> Result<(), String> {
    step("Building the console (trunk build --release)");
    Cmd::new("trunk")
        .args(["build", "--release"])
        .env_path(env)
        .run()?;
    report_sizes();
    Ok(())
}

/// Prints every file of dist/ (the split modules under `pkg/<hash>/`
/// too, the precompressed copies not) with its gzip -9 size, so the docs' figures can be checked after
/// any build.
fn report_sizes() {
    let dist = root().join("dist");
    let mut files = Vec::new();
    let mut dirs = vec![dist.clone()];
    while let Some(dir) = dirs.pop() {
        for path in std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
        {
            let precompressed = path.extension().is_some_and(|e| e == "br" || e == "gz");
            if path.is_dir() {
                dirs.push(path);
            } else if !precompressed {
                files.push(path);
            }
        }
    }
    files.sort();
    let (mut raw_total, mut gz_total) = (0, 0);
    println!("dist/ sizes (bytes, raw / gzip -9):");
    for path in files {
        let raw = std::fs::metadata(&path).map_or(0, |m| m.len());
        let gz = Cmd::new("sh")
            .arg("-c")
            .arg(&format!("gzip -9 -c '{}' | wc -c", path.display()))
            .output()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(0);
        raw_total += raw;
        gz_total += gz;
        let name = path
            .strip_prefix(&dist)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("  {name:<48} {raw:>9} / {gz:>8}");
    }
    println!("  {:<48} {raw_total:>9} / {gz_total:>8}", "total");
}

fn dev(args: &[String]) -> Result<(), String> {
    let mut listen = "127.0.0.1:8787".to_owned();
    let mut server_args = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--listen" => listen = rest.next().ok_or("--listen needs an address")?.clone(),
            "--" => server_args.extend(rest.by_ref().cloned()),
            other => return Err(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    let env = tools::ensure_build_tools()?;
    build_console(&env)?;
    step("Starting pooldeck-server (Ctrl-C stops it)");
    let dist = root().join("dist");
    Cmd::new("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "server",
            "--package",
            "pooldeck-server",
            "--",
        ])
        .args(["--listen", &listen, "--demo"])
        .arg("--db")
        .arg(root().join("pooldeck.db").to_string_lossy().as_ref())
        .arg("--dist")
        .arg(dist.to_string_lossy().as_ref())
        .args(server_args.iter().map(String::as_str))
        .env_path(&env)
        .run()
}

/// Runs the API benchmark and rewrites its section of BENCHMARKS.md.
fn bench_api() -> Result<(), String> {
    let figures = bench_api::run()?;
    let table = bench_api::table(&figures);
    println!("\n{table}");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let section = format!(
        "{API_BEGIN}\n## API (`cargo xtask bench-api`)\n\nMeasured on {cores} cores: pooldeck-server (profile `server`, \
         `--memory --enterprise`, 201 pools of 10 endpoints) and a trivial axum handler (the ceiling) \
         in the same run, each driven by 32 keep-alive HTTP/1.1 connections from the same machine \
         for a 1 s warm-up and a 5 s window. Targets: GET pool at 50% or more of the ceiling, p99 \
         under 10 ms.\n\n{table}{API_END}\n"
    );
    write_section(API_BEGIN, API_END, &section, None)?;
    println!("Wrote the API section of BENCHMARKS.md");
    Ok(())
}

/// Cloudflare's Python SDK against the embedded API (needs python3-venv and
/// PyPI, so it is not part of `test`).
fn sdk_check() -> Result<(), String> {
    const SDK: &str = "cloudflare==5.9.0";
    let venv = tools::cache_dir()
        .join("tools")
        .join("python-cloudflare-5.9.0");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        step(&format!("Installing {SDK} into {}", venv.display()));
        Cmd::new("python3")
            .args(["-m", "venv"])
            .arg(&venv.to_string_lossy())
            .run()?;
        Cmd::new(&venv.join("bin/pip").to_string_lossy())
            .args(["install", "--quiet", SDK])
            .run()?;
    }
    let dist = std::env::temp_dir().join(format!("pooldeck-sdk-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    std::fs::write(dist.join("index.html"), "<html></html>").map_err(|e| e.to_string())?;
    step("Starting pooldeck-server and running the SDK check");
    let token = "sdk-check-token-000000000000000000000000";
    let (mut server, addr) = bench_api::start_server(&[
        "--memory",
        "--token",
        token,
        "--dist",
        &dist.to_string_lossy(),
    ])?;
    let result = Cmd::new(&python.to_string_lossy())
        .arg(
            &root()
                .join("crates/server/tests/sdk/python_sdk_check.py")
                .to_string_lossy(),
        )
        .env("POOLDECK_BASE", format!("http://{addr}/client/v4"))
        .env("POOLDECK_TOKEN", token)
        .run();
    let _ = server.kill();
    result
}

const API_BEGIN: &str = "<!-- bench-api:begin -->";
const API_END: &str = "<!-- bench-api:end -->";

/// Replaces the part of BENCHMARKS.md between `begin` and `end` (markers
/// included) with `section`; a missing section goes before the marker
/// `before` when there is one, else at the end.
fn write_section(
    begin: &str,
    end: &str,
    section: &str,
    before: Option<&str>,
) -> Result<(), String> {
    let path = root().join("BENCHMARKS.md");
    let current = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n\nEvery figure here is written by a command; run it again to refresh it.\n\n".into());
    let updated = match (current.find(begin), current.find(end)) {
        (Some(a), Some(b)) if a < b => {
            let after = (b + end.len() + 1).min(current.len());
            format!("{}{section}{}", &current[..a], &current[after..])
        }
        _ => match before.and_then(|m| current.find(m)) {
            Some(at) => format!("{}{section}\n{}", &current[..at], &current[at..]),
            None => format!("{current}{section}"),
        },
    };
    std::fs::write(&path, updated).map_err(|e| format!("BENCHMARKS.md: {e}"))
}

fn test() -> Result<(), String> {
    let env = tools::ensure_build_tools()?;
    let browser = tools::ensure_browser()?;
    let axe = tools::ensure_axe(&env)?;

    step("Checking formatting (cargo fmt --check)");
    Cmd::new("cargo").args(["fmt", "--all", "--check"]).run()?;

    // rustfmt leaves `view!` bodies alone; leptosfmt formats them, and its
    // brace rule (leptosfmt.toml) keeps an operator in an attribute value
    // from ending the tag and rendering the rest as text.
    step("Checking view! formatting (leptosfmt --check)");
    tools::ensure_leptosfmt(&env)?;
    Cmd::new("leptosfmt")
        .args(["--check", "--quiet", "--config-file"])
        .arg(root().join("leptosfmt.toml").to_string_lossy().as_ref())
        .arg(root().join("src").to_string_lossy().as_ref())
        .env_path(&env)
        .run()?;

    step("Linting the workspace (cargo clippy --all-targets)");
    Cmd::new("cargo")
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;

    step("Linting the console as WebAssembly (cargo clippy --target wasm32)");
    Cmd::new("cargo")
        .args([
            "clippy",
            "--package",
            "pooldeck",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;

    build_console(&env)?;

    step("Running every test: model, server, console and browser end-to-end (cargo test)");
    Cmd::new("cargo")
        .args(["test", "--workspace"])
        .env(
            "POOLDECK_DIST",
            root().join("dist").to_string_lossy().as_ref(),
        )
        .env("CHROME", &browser.chrome)
        .env("CHROMEDRIVER", &browser.chromedriver)
        .env("POOLDECK_AXE", &axe)
        .env_path(&env)
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: with one target directory shared by two checkouts, a
    /// `cargo run -p xtask` in one ran the binary compiled in the other
    /// and built that checkout's console.
    #[test]
    fn the_root_is_the_checkout_cargo_runs_in_not_the_one_compiled_in() {
        assert_eq!(
            root_from(Some("/elsewhere/checkout/xtask".into())),
            PathBuf::from("/elsewhere/checkout")
        );
        assert_eq!(
            root_from(None),
            Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
        );
    }
}
