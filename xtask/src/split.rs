//! The console's wasm pipeline, split into chunks: what Trunk's own Rust
//! pipeline would do, plus the split that Trunk cannot do.
//!
//! Trunk runs this as its post-build hook (Trunk.toml), after it has
//! written the HTML and CSS to its staging directory; index.html marks the
//! Rust link `data-trunk-skip`, so Trunk builds no wasm itself. The split
//! must happen on the linked module, before wasm-bindgen (which drops the
//! relocations the splitter needs), so it cannot be a wasm-bindgen or
//! wasm-opt step inside Trunk's pipeline.
//!
//! 1. `cargo build` the `pooldeck` binary for wasm32, linked with
//!    `--emit-relocs`.
//! 2. Split it (`wasm_split_cli_support`, pinned beside wasm-bindgen in
//!    Cargo.toml): the main module, one `split_<name>.wasm` per split point
//!    in `src/pages/chunks.rs`, `chunk_<n>.wasm` for code they share, and
//!    the link module `__wasm_split.js` that fetches them.
//! 3. `wasm-bindgen --target web --keep-lld-exports` on the main module,
//!    then drop the classes the console never uses from it and its glue
//!    (`unused_classes.rs`). Give the link module's chunk fetches a time
//!    limit (`chunk_time_limit.rs`).
//! 4. In release, `wasm-opt -Oz` on every module (npm's binaryen 132, one
//!    process per core: `wasm_opt.rs`), and terser on the two scripts
//!    (wasm-bindgen's glue and the link module), which are first-load bytes
//!    too. `prefetch.txt` lists the files of
//!    each area for the idle prefetch (`prefetch_list.rs`), read from the
//!    link module before it is minified.
//! 5. Put it all in `pkg/<content hash>/`: the directory name carries the
//!    build, so every file in it can be cached for good, while the files
//!    keep the names the link module fetches them by. (A `?v=` query would
//!    not do: the link module imports the main module by its plain URL, and
//!    two URLs of one module are two instances of the console.)
//! 6. Write the boot script (a file: the CSP forbids inline scripts) and
//!    the preload links into index.html.
//! 7. In release, minify the stylesheet (`css_minify.rs`) and write `.br`
//!    and `.gz` beside every file (`precompress.rs`).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::run::Cmd;
use crate::tools::ToolEnv;

/// The console's binary target.
const BIN: &str = "pooldeck";
/// The linker flag the splitter needs: relocations kept in the output.
const EMIT_RELOCS: &str = "-Clink-arg=--emit-relocs";
/// Debug or release, as Trunk's `TRUNK_PROFILE` says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    pub fn from_trunk() -> Profile {
        match std::env::var("TRUNK_PROFILE").as_deref() {
            Ok("release") => Profile::Release,
            _ => Profile::Debug,
        }
    }
}

/// What one build produced, for the log and the benchmarks.
pub struct Built {
    /// `pkg/<hash>`, relative to the staging directory.
    pub pkg: String,
    /// Every file in it with its size (not the precompressed copies),
    /// main module first.
    pub files: Vec<(String, u64)>,
}

/// Runs the whole pipeline into `staging` (Trunk's staging directory).
pub fn run(staging: &Path, profile: Profile, env: &ToolEnv) -> Result<Built, String> {
    // How long each stage took, printed at the end: the build's cost is
    // part of a fresh machine's set-up time (README).
    let mut stages = Stages::start();
    let linked = cargo_build(profile)?;
    stages.lap("cargo build");
    let work = linked
        .parent()
        .ok_or("the wasm has no parent directory")?
        .join("pooldeck-split");
    let _ = std::fs::remove_dir_all(&work);
    let pkg = work.join("pkg");
    std::fs::create_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;

    split(&linked, &work)?;
    stages.lap("split");
    bindgen(&work.join(format!("{BIN}.wasm")), &pkg, profile, env)?;
    crate::unused_classes::strip(
        &pkg.join(format!("{BIN}_bg.wasm")),
        &pkg.join(format!("{BIN}.js")),
    )?;
    for entry in read_dir(&work)? {
        let name = file_name(&entry);
        if name == "__wasm_split.js" || (name.ends_with(".wasm") && name != format!("{BIN}.wasm")) {
            std::fs::copy(&entry, pkg.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    limit_chunk_fetches(&pkg)?;
    write_prefetch_list(&pkg)?;
    stages.lap("wasm-bindgen");
    if profile == Profile::Release {
        let modules: Vec<PathBuf> = read_dir(&pkg)?
            .into_iter()
            .filter(|p| file_name(p).ends_with(".wasm"))
            .collect();
        crate::wasm_opt::optimise(&modules, &work, env)?;
        stages.lap(&format!("wasm-opt ({} modules)", modules.len()));
        for script in [format!("{BIN}.js"), "__wasm_split.js".to_owned()] {
            minify(&pkg.join(script), env)?;
        }
        stages.lap("terser");
    }

    let hash = content_hash(&pkg)?;
    let rel = format!("pkg/{hash}");
    let dest = staging.join(&rel);
    let _ = std::fs::remove_dir_all(staging.join("pkg"));
    std::fs::create_dir_all(staging.join("pkg")).map_err(|e| format!("pkg: {e}"))?;
    copy_dir(&pkg, &dest)?;
    let boot = write_boot_script(staging, &rel, profile, env)?;
    rewrite_index(staging, &rel, &boot)?;
    if profile == Profile::Release {
        crate::css_minify::minify_stylesheets(staging)?;
        // Brotli 11 and gzip (Zopfli) beside every file, which pooldeck-server
        // sends as they are; too slow to be worth it for `trunk serve`.
        crate::precompress::precompress(staging).map(|_| ())?;
        stages.lap("precompress");
    }
    println!("xtask: {stages}");

    let mut files: Vec<(String, u64)> = read_dir(&dest)?
        .iter()
        .map(|p| (file_name(p), std::fs::metadata(p).map_or(0, |m| m.len())))
        .filter(|(name, _)| !name.ends_with(".br") && !name.ends_with(".gz"))
        .collect();
    files.sort_by_key(|(name, _)| (name != &format!("{BIN}_bg.wasm"), name.clone()));
    Ok(Built { pkg: rel, files })
}

/// The wall time of each stage of [`run`], in order.
struct Stages {
    since: std::time::Instant,
    done: Vec<(String, std::time::Duration)>,
}

impl Stages {
    fn start() -> Stages {
        Stages {
            since: std::time::Instant::now(),
            done: Vec::new(),
        }
    }

    /// Ends the stage that began at the last lap (or at the start).
    fn lap(&mut self, name: &str) {
        let now = std::time::Instant::now();
        self.done.push((name.to_owned(), now - self.since));
        self.since = now;
    }
}

impl std::fmt::Display for Stages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .done
            .iter()
            .map(|(name, took)| format!("{name} {:.1} s", took.as_secs_f64()))
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

/// The link module's chunk fetches given a time limit, in place.
fn limit_chunk_fetches(pkg: &Path) -> Result<(), String> {
    let link = pkg.join("__wasm_split.js");
    let js = std::fs::read_to_string(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    let limited =
        crate::chunk_time_limit::apply(&js).map_err(|e| format!("{}: {e}", link.display()))?;
    std::fs::write(&link, limited).map_err(|e| format!("{}: {e}", link.display()))
}

/// `prefetch.txt` beside the link module it is read from.
fn write_prefetch_list(pkg: &Path) -> Result<(), String> {
    let link = pkg.join("__wasm_split.js");
    let js = std::fs::read_to_string(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    let areas = crate::prefetch_list::areas(&js);
    if areas.is_empty() {
        return Err(format!("{}: no split areas found", link.display()));
    }
    let out = pkg.join(crate::prefetch_list::FILE);
    std::fs::write(&out, crate::prefetch_list::text(&areas))
        .map_err(|e| format!("{}: {e}", out.display()))
}

/// terser on the ES module `script`, in place: compressed and with local
/// names mangled; its exports and the names it imports keep theirs. The
/// wasm-bindgen glue went from 10.5 to 8.2 KB gzip, the link module from
/// 3.6 to 2.2 KB.
fn minify(script: &Path, env: &ToolEnv) -> Result<(), String> {
    let out = script.with_extension("min.js");
    Cmd::new(&env.terser.to_string_lossy())
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&out.to_string_lossy())
        .arg("--")
        .arg(&script.to_string_lossy())
        .env_path(env)
        .run()?;
    std::fs::rename(&out, script).map_err(|e| format!("{}: {e}", script.display()))
}

/// Builds the binary and returns the linked `.wasm` cargo reports.
fn cargo_build(profile: Profile) -> Result<PathBuf, String> {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(crate::root()).args([
        "build",
        "--locked",
        "--target",
        crate::tools::WASM_TARGET,
        "--bin",
        BIN,
        "--message-format",
        "json-render-diagnostics",
    ]);
    if profile == Profile::Release {
        cmd.arg("--release");
    }
    // An exported RUSTFLAGS would replace the target's flags, so the flag is
    // added to it rather than set beside it.
    match std::env::var("RUSTFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => {
            cmd.env("RUSTFLAGS", format!("{flags} {EMIT_RELOCS}"));
        }
        _ => {
            cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", EMIT_RELOCS);
        }
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut wasm = None;
    let stdout = child.stdout.take().ok_or("no stdout from cargo")?;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        if let Some(path) = executable_of(&line) {
            wasm = Some(PathBuf::from(path));
        }
    }
    let status = child.wait().map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building the console's wasm failed ({status})"));
    }
    wasm.ok_or_else(|| "cargo built no pooldeck.wasm".to_owned())
}

/// The `executable` of a cargo JSON message for the console's binary.
fn executable_of(line: &str) -> Option<&str> {
    if !line.contains(r#""reason":"compiler-artifact""#) {
        return None;
    }
    let key = r#""executable":""#;
    let start = line.find(key)? + key.len();
    let path = &line[start..start + line[start..].find('"')?];
    path.ends_with(&format!("/{BIN}.wasm")).then_some(path)
}

fn split(linked: &Path, work: &Path) -> Result<(), String> {
    let input = std::fs::read(linked).map_err(|e| format!("{}: {e}", linked.display()))?;
    let main_out = work.join(format!("{BIN}.wasm"));
    let main_module = format!("./{BIN}.js");
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = work;
    opts.main_out_path = &main_out;
    opts.main_module = &main_module;
    opts.target.web();
    wasm_split_cli_support::transform(opts)
        .map(|_| ())
        .map_err(|e| format!("splitting {}: {e:?}", linked.display()))
}

fn bindgen(main: &Path, out: &Path, profile: Profile, env: &ToolEnv) -> Result<(), String> {
    let mut cmd = Cmd::new("wasm-bindgen").args([
        "--target",
        "web",
        "--no-typescript",
        // The chunks link against the main module's exports (its table,
        // memory and shared functions); keep them.
        "--keep-lld-exports",
        "--out-name",
        BIN,
        "--out-dir",
    ]);
    cmd = cmd.arg(&out.to_string_lossy());
    if profile == Profile::Debug {
        cmd = cmd.args(["--debug", "--keep-debug"]);
    }
    cmd.arg(&main.to_string_lossy()).env_path(env).run()
}

/// 16 hex digits of FNV-1a over every file's name and bytes, in name order.
fn content_hash(dir: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    let mut files = read_dir(dir)?;
    files.sort();
    for path in files {
        bytes.extend(file_name(&path).as_bytes());
        bytes.push(0);
        bytes.extend(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(format!("{:016x}", crate::boot_script::fnv1a(&bytes)))
}

/// The boot script's source (`boot.js`, whose comments say what it does
/// and why), with placeholders for the package directory and the binary.
const BOOT_JS: &str = include_str!("boot.js");

/// The module script that starts the console (see `boot.js`), for the
/// package directory `pkg`.
fn boot_script(pkg: &str) -> String {
    without_comment_lines(BOOT_JS)
        .replace("__PKG__", pkg)
        .replace("__BIN__", BIN)
}

/// `js` without its whole-line `//` comments: they are for the source's
/// readers, and the boot script is first-load bytes that no minifier sees.
fn without_comment_lines(js: &str) -> String {
    js.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// Writes the boot script (minified in release: it is first-load bytes
/// too) under a name that carries its content hash; returns the name.
fn write_boot_script(
    staging: &Path,
    pkg: &str,
    profile: Profile,
    env: &ToolEnv,
) -> Result<String, String> {
    let draft = staging.join("boot.js");
    std::fs::write(&draft, boot_script(pkg)).map_err(|e| format!("boot.js: {e}"))?;
    if profile == Profile::Release {
        minify(&draft, env)?;
    }
    let script = std::fs::read(&draft).map_err(|e| format!("boot.js: {e}"))?;
    let name = format!("boot-{:016x}.js", crate::boot_script::fnv1a(&script));
    std::fs::rename(&draft, staging.join(&name)).map_err(|e| format!("{name}: {e}"))?;
    Ok(name)
}

/// The tags index.html gets before `</head>`: the boot script, and
/// preloads for what it imports and fetches, so the browser fetches them
/// in parallel instead of one after another.
fn head_tags(pkg: &str, boot: &str) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"./{pkg}/{BIN}.js\" crossorigin=\"anonymous\">\
         <link rel=\"modulepreload\" href=\"./{pkg}/__wasm_split.js\" crossorigin=\"anonymous\">\
         <link rel=\"preload\" href=\"./{pkg}/{BIN}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">\
         <script type=\"module\" async src=\"./{boot}\"></script>"
    )
}

fn rewrite_index(staging: &Path, pkg: &str, boot: &str) -> Result<(), String> {
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    let html = format!("{}{}{}", &html[..at], head_tags(pkg, boot), &html[at..]);
    let html = without_skipped_rust_link(&html);
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// Trunk leaves the skipped `<link data-trunk rel="rust" …>` in the page;
/// it means nothing to a browser.
fn without_skipped_rust_link(html: &str) -> String {
    let Some(start) = html.find("<link data-trunk rel=\"rust\"") else {
        return html.to_owned();
    };
    let end = html[start..]
        .find('>')
        .map_or(html.len(), |i| start + i + 1);
    let line_start = html[..start].rfind('\n').map_or(start, |i| i + 1);
    let keep_from = if html[line_start..start].trim().is_empty() {
        line_start
    } else {
        start
    };
    let rest = html[end..].strip_prefix('\n').unwrap_or(&html[end..]);
    format!("{}{rest}", &html[..keep_from])
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for file in read_dir(from)? {
        std::fs::copy(&file, to.join(file_name(&file)))
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_console_wasm_in_cargo_messages() {
        let artifact = r#"{"reason":"compiler-artifact","target":{"name":"pooldeck"},"executable":"/t/wasm32-unknown-unknown/release/pooldeck.wasm","fresh":true}"#;
        assert_eq!(
            executable_of(artifact),
            Some("/t/wasm32-unknown-unknown/release/pooldeck.wasm")
        );
        let lib = r#"{"reason":"compiler-artifact","target":{"name":"serde"},"executable":null}"#;
        assert_eq!(executable_of(lib), None);
        let other = r#"{"reason":"build-finished","success":true}"#;
        assert_eq!(executable_of(other), None);
    }

    #[test]
    fn the_page_preloads_what_the_boot_script_loads() {
        let pkg = "pkg/0123456789abcdef";
        let script = boot_script(pkg);
        assert!(script.contains("from './pkg/0123456789abcdef/pooldeck.js'"));
        assert!(
            script.contains("new URL('./pkg/0123456789abcdef/pooldeck_bg.wasm', import.meta.url)")
        );
        assert!(!script.contains("__PKG__") && !script.contains("__BIN__"));
        let at = |what: &str| {
            script
                .find(what)
                .unwrap_or_else(|| panic!("{what}: {script}"))
        };
        // The compile starts first; the answers are read once the page is
        // parsed; the wasm starts last.
        assert!(at("compileStreaming") < at("DOMContentLoaded"));
        assert!(at("DOMContentLoaded") < at("globalThis.__pooldeckAnswers"));
        assert!(at("globalThis.__pooldeckAnswers") < at("await init("));
        assert!(!script.contains("//"), "no comments served: {script}");
        let tags = head_tags(pkg, "boot-1.js");
        for href in [
            "./pkg/0123456789abcdef/pooldeck.js",
            "./pkg/0123456789abcdef/__wasm_split.js",
            "./pkg/0123456789abcdef/pooldeck_bg.wasm",
        ] {
            assert!(tags.contains(&format!("href=\"{href}\"")), "{tags}");
        }
        assert!(tags.contains(r#"<script type="module" async src="./boot-1.js"></script>"#));
        assert!(!tags.contains("<script>"), "no inline script: {tags}");
    }

    #[test]
    fn drops_the_skipped_rust_link() {
        let html = "<head>\n    <base href=\"./\" />\n    <link data-trunk rel=\"rust\" data-trunk-skip data-trunk-id=\"0\" />\n    <link rel=\"icon\">\n</head>";
        assert_eq!(
            without_skipped_rust_link(html),
            "<head>\n    <base href=\"./\" />\n    <link rel=\"icon\">\n</head>"
        );
    }
}
