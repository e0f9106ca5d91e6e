//! The pinned tools, and installing them only when they are missing.
//!
//! | tool | version | from |
//! |---|---|---|
//! | Rust target `wasm32-unknown-unknown` | the toolchain's | rustup |
//! | Trunk | 0.21.14 (0.22 needs a newer rustc) | crates.io |
//! | wasm-bindgen-cli | must equal `wasm-bindgen` in Cargo.lock | crates.io |
//! | binaryen (wasm-opt) | 132.0.0 (never Debian bookworm's 108: its output fails to load) | npm |
//! | terser (minifies the wasm-bindgen glue of release builds) | 5.51.4 | npm |
//! | Chromium, chromedriver | Debian's | apt |
//! | axe-core (the browser tests' accessibility scan) | 4.13.0 | npm |
//! | Lighthouse (`cargo xtask bench` only) | 12.2.3 (later ones need Node 22) | npm |
//!
//! Tools go where they survive a fresh clone: cargo's bin directory and
//! `~/.cache/pooldeck/tools` (override with `POOLDECK_CACHE`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::run::{step, Cmd};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const TRUNK: &str = "0.21.14";
pub const WASM_BINDGEN: &str = "0.2.130";
pub const BINARYEN: &str = "132.0.0";
/// The JavaScript minifier of release builds (`split.rs`).
pub const TERSER: &str = "5.51.4";
pub const AXE_CORE: &str = "4.13.0";
/// The last Lighthouse that runs on Debian bookworm's Node (18+; 12.3 and
/// later need Node 22).
pub const LIGHTHOUSE: &str = "12.2.3";
/// The `view!` formatter the test command checks with (leptosfmt.toml).
pub const LEPTOSFMT: &str = "0.1.33";
/// What `wasm-opt --version` prints for [`BINARYEN`], and what Trunk.toml pins.
const WASM_OPT_VERSION: &str = "version_132";

/// The environment the build tools run in.
pub struct ToolEnv {
    /// PATH with the pinned tools first.
    pub path: OsString,
    /// terser's command-line program.
    pub terser: PathBuf,
}

/// Where the browser tests find the browser.
pub struct BrowserPaths {
    pub chrome: PathBuf,
    pub chromedriver: PathBuf,
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from)
}

/// Pooldeck's cache: tools that a fresh clone should not have to rebuild.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("POOLDECK_CACHE") {
        return PathBuf::from(dir);
    }
    std::env::var_os("XDG_CACHE_HOME")
        .map_or_else(|| home().join(".cache"), PathBuf::from)
        .join("pooldeck")
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map_or_else(|| home().join(".cargo"), PathBuf::from)
        .join("bin")
}

fn binaryen_dir() -> PathBuf {
    cache_dir()
        .join("tools")
        .join(format!("binaryen-{BINARYEN}"))
}

/// The pinned binaryen's JS API (the module its `wasm-opt` is built from).
pub fn binaryen_js() -> PathBuf {
    binaryen_dir().join("node_modules/binaryen/index.js")
}

/// Installs the build tools that are missing and returns the PATH to use.
pub fn ensure_build_tools() -> Result<ToolEnv, String> {
    check_pins()?;
    let mut dirs = vec![
        binaryen_dir().join("node_modules").join(".bin"),
        cargo_bin(),
    ];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let mut env = ToolEnv {
        path: std::env::join_paths(dirs).map_err(|e| format!("bad PATH: {e}"))?,
        terser: PathBuf::new(),
    };
    ensure_wasm_target(&env)?;
    ensure_cargo_tool(&env, "trunk", "trunk", TRUNK, true)?;
    // Without --locked: the CLI's lock file pins a webpki-roots release the
    // registry mirror lacks. The version pin is what matters.
    ensure_cargo_tool(
        &env,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN,
        false,
    )?;
    ensure_binaryen(&env)?;
    env.terser = ensure_npm_package(&env, "terser", TERSER, "node_modules/.bin/terser")?;
    Ok(env)
}

/// Installs leptosfmt, which `cargo xtask test` checks the `view!` macros
/// with (rustfmt leaves macro bodies alone). Test-only: building the
/// console does not need it.
pub fn ensure_leptosfmt(env: &ToolEnv) -> Result<(), String> {
    ensure_cargo_tool(env, "leptosfmt", "leptosfmt", LEPTOSFMT, true)
}

/// The versions in Cargo.lock and Trunk.toml must match the ones installed
/// here, or Trunk fails late with a confusing message.
fn check_pins() -> Result<(), String> {
    let root = crate::root();
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let locked = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"wasm-bindgen\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'));
    if locked != Some(WASM_BINDGEN) {
        return Err(format!(
            "Cargo.lock has wasm-bindgen {locked:?}, but the build pins {WASM_BINDGEN}. \
             Keep `wasm-bindgen = \"={WASM_BINDGEN}\"` in Cargo.toml, or update the pin in \
             xtask/src/tools.rs and Trunk.toml together."
        ));
    }
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    for pin in [
        format!("wasm_bindgen = \"{WASM_BINDGEN}\""),
        format!("wasm_opt = \"{WASM_OPT_VERSION}\""),
    ] {
        if !trunk_toml.contains(&pin) {
            return Err(format!("Trunk.toml must pin `{pin}` under [tools]"));
        }
    }
    Ok(())
}

fn ensure_wasm_target(env: &ToolEnv) -> Result<(), String> {
    let sysroot = Cmd::new("rustc").args(["--print", "sysroot"]).output();
    let installed = sysroot.is_some_and(|root| {
        Path::new(root.trim())
            .join("lib/rustlib")
            .join(WASM_TARGET)
            .exists()
    });
    if installed {
        return Ok(());
    }
    step(&format!("Installing the Rust target {WASM_TARGET}"));
    Cmd::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .env_path(env)
        .run()
}

/// The second word of `<bin> --version` (`trunk 0.21.14` → `0.21.14`).
fn version_of(env: &ToolEnv, bin: &str) -> Option<String> {
    let out = Cmd::new(bin).arg("--version").env_path(env).output()?;
    out.split_whitespace().nth(1).map(str::to_owned)
}

fn ensure_cargo_tool(
    env: &ToolEnv,
    bin: &str,
    krate: &str,
    version: &str,
    locked: bool,
) -> Result<(), String> {
    let found = version_of(env, bin);
    if found.as_deref() == Some(version) {
        return Ok(());
    }
    step(&format!(
        "Installing {krate} {version} (found: {}); this compiles from source and takes a while",
        found.as_deref().unwrap_or("none")
    ));
    let mut cmd = Cmd::new("cargo").args(["install", krate, "--version", version, "--force"]);
    if locked {
        cmd = cmd.arg("--locked");
    }
    cmd.env_path(env).run()?;
    match version_of(env, bin) {
        Some(v) if v == version => Ok(()),
        other => Err(format!(
            "{bin} reports {other:?} after installing {version}"
        )),
    }
}

fn ensure_binaryen(env: &ToolEnv) -> Result<(), String> {
    let wasm_opt = binaryen_dir().join("node_modules/.bin/wasm-opt");
    let probe = |env: &ToolEnv| {
        Cmd::new(&wasm_opt.to_string_lossy())
            .arg("--version")
            .env_path(env)
            .output()
            .is_some_and(|v| v.contains(WASM_OPT_VERSION))
    };
    if probe(env) {
        return Ok(());
    }
    if Cmd::new("npm")
        .arg("--version")
        .env_path(env)
        .output()
        .is_none()
    {
        apt_install(
            &["nodejs", "npm"],
            "npm is needed to install binaryen (wasm-opt)",
        )?;
    }
    step(&format!(
        "Installing binaryen {BINARYEN} (wasm-opt) from npm"
    ));
    let dir = binaryen_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Cmd::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir.to_string_lossy())
        .arg(&format!("binaryen@{BINARYEN}"))
        .env_path(env)
        .run()?;
    if probe(env) {
        Ok(())
    } else {
        Err(format!(
            "{} does not report {WASM_OPT_VERSION}",
            wasm_opt.display()
        ))
    }
}

/// axe-core for the browser tests' accessibility scans: installed from npm
/// into the cache when missing; returns the path of `axe.min.js`, which the
/// tests read (`POOLDECK_AXE`) and inject into the page.
pub fn ensure_axe(env: &ToolEnv) -> Result<PathBuf, String> {
    ensure_npm_package(
        env,
        "axe-core",
        AXE_CORE,
        "node_modules/axe-core/axe.min.js",
    )
}

/// Lighthouse for `cargo xtask bench`: installed from npm into the cache
/// when missing (the bench alone needs it, not `test` or `dev`); returns
/// the path of its command-line program.
pub fn ensure_lighthouse(env: &ToolEnv) -> Result<PathBuf, String> {
    ensure_npm_package(
        env,
        "lighthouse",
        LIGHTHOUSE,
        "node_modules/.bin/lighthouse",
    )
}

/// Installs npm's `package` at `version` into its own directory of the
/// cache, when that directory does not hold it already, and returns the
/// path of `file` in it (a script or a program). npm itself comes from
/// Debian when it is missing.
fn ensure_npm_package(
    env: &ToolEnv,
    package: &str,
    version: &str,
    file: &str,
) -> Result<PathBuf, String> {
    let dir = cache_dir()
        .join("tools")
        .join(format!("{package}-{version}"));
    let manifest = dir.join("node_modules").join(package).join("package.json");
    let wanted = dir.join(file);
    let installed = || {
        std::fs::read_to_string(&manifest)
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
            && wanted.exists()
    };
    if installed() {
        return Ok(wanted);
    }
    if Cmd::new("npm")
        .arg("--version")
        .env_path(env)
        .output()
        .is_none()
    {
        apt_install(
            &["nodejs", "npm"],
            &format!("npm is needed to install {package}"),
        )?;
    }
    step(&format!("Installing {package} {version} from npm"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Cmd::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir.to_string_lossy())
        .arg(&format!("{package}@{version}"))
        .env_path(env)
        .run()?;
    if installed() {
        Ok(wanted)
    } else {
        Err(format!(
            "{} is missing or not version {version} after installing",
            wanted.display()
        ))
    }
}

/// Chromium and chromedriver for the browser tests: Debian's packages.
pub fn ensure_browser() -> Result<BrowserPaths, String> {
    let path_of = |var: &str, default: &str| {
        std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
    };
    let paths = BrowserPaths {
        chrome: path_of("CHROME", "/usr/bin/chromium"),
        chromedriver: path_of("CHROMEDRIVER", "/usr/bin/chromedriver"),
    };
    if !paths.chrome.exists() || !paths.chromedriver.exists() {
        apt_install(
            &["chromium", "chromium-driver"],
            "the browser tests drive Debian's headless Chromium through chromedriver",
        )?;
    }
    for p in [&paths.chrome, &paths.chromedriver] {
        if !p.exists() {
            return Err(format!("{} is still missing after installing", p.display()));
        }
    }
    Ok(paths)
}

fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .output()
        .is_some_and(|uid| uid.trim() == "0")
}

/// Installs Debian packages as root, or stops with the command to run.
fn apt_install(packages: &[&str], why: &str) -> Result<(), String> {
    let list = packages.join(" ");
    if !is_root() {
        return Err(format!(
            "missing Debian packages: {list} ({why}). Install them with \
             `sudo apt-get install {list}` and run this command again."
        ));
    }
    step(&format!("Installing Debian packages: {list}"));
    Cmd::new("apt-get").args(["update", "-qq"]).run()?;
    Cmd::new("apt-get")
        .args(["install", "-y", "-qq"])
        .args(packages.iter().copied())
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}
