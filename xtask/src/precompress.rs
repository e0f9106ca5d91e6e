//! `cargo xtask precompress DIR`: writes `FILE.br` and `FILE.gz` beside
//! every compressible file of a built console, so a server can send the
//! smallest encoding the browser accepts without compressing per request
//! (pooldeck-server does: `crates/server/src/console.rs`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What is worth compressing: text formats and wasm. Images other than SVG
/// (and fonts) are compressed already.
const COMPRESSIBLE: [&str; 6] = ["wasm", "js", "css", "html", "svg", "json"];

/// Brotli's best quality.
const BROTLI_QUALITY: i32 = 11;
/// The largest window standard brotli has (16 MiB; RFC 7932). Brotli's
/// "large window" extension (up to 1 GiB) is not used: browsers cannot
/// decode it.
const BROTLI_MAX_LGWIN: i32 = 24;
/// Zopfli's passes per deflate block. Its default, 15, saved 29 more bytes
/// of the main module's 239,218 and took 70 % longer.
const ZOPFLI_ITERATIONS: u64 = 5;

/// What [`precompress`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Compressible files found (by extension).
    pub files: usize,
    /// Siblings written.
    pub br_written: usize,
    pub gz_written: usize,
    /// Bytes of the compressible files as they are.
    pub raw_bytes: u64,
    /// Bytes a browser downloads for those files when it takes brotli
    /// (gzip): the sibling where one was written, the file otherwise.
    pub br_bytes: u64,
    pub gz_bytes: u64,
}

/// Writes `FILE.br` (brotli, quality 11, a window as large as the file
/// needs, up to standard brotli's 16 MiB) and `FILE.gz` (gzip by Zopfli, no
/// name or time stamp, so the output depends on the input only) beside
/// every `.wasm`, `.js`, `.css`, `.html`, `.svg` and `.json` file under
/// `dir`, recursively.
///
/// - Files that are `.br` or `.gz` already are left alone.
/// - A sibling that would not be smaller than the file is not written, and
///   one left from an earlier run is removed: a server would otherwise
///   send stale content for an unhashed name such as `index.html`.
/// - Each sibling is written to a temporary name and renamed into place,
///   so a server reading `dir` never sees half a file.
///
/// Running it twice gives the same files.
pub fn precompress(dir: &Path) -> Result<Stats, String> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    files.sort();
    let mut stats = Stats::default();
    for (file, (len, encodings)) in encode_all(&files)? {
        stats.files += 1;
        stats.raw_bytes += len;
        let [br, gz] = encodings;
        for (encoded, ext, written, total) in [
            (br, "br", &mut stats.br_written, &mut stats.br_bytes),
            (gz, "gz", &mut stats.gz_written, &mut stats.gz_bytes),
        ] {
            let sibling = with_suffix(file, ext);
            if (encoded.len() as u64) < len {
                write_atomically(&sibling, &encoded)
                    .map_err(|e| format!("cannot write {}: {e}", sibling.display()))?;
                *written += 1;
                *total += encoded.len() as u64;
            } else {
                match fs::remove_file(&sibling) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(format!("cannot remove {}: {e}", sibling.display())),
                }
                *total += len;
            }
        }
    }
    Ok(stats)
}

/// A file's length and its brotli and gzip encodings.
type Encoded = (u64, [Vec<u8>; 2]);

/// Each file with its [`Encoded`], in the order of `files`, encoded one
/// file per core at a time: Zopfli and brotli 11 spend seconds on the main
/// module alone.
fn encode_all(files: &[PathBuf]) -> Result<Vec<(&PathBuf, Encoded)>, String> {
    let encode = |file: &PathBuf| -> Result<Encoded, String> {
        let raw = fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let br = brotli(&raw, is_text(file));
        let gz = gzip(&raw).map_err(|e| format!("gzip of {}: {e}", file.display()))?;
        Ok((raw.len() as u64, [br, gz]))
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done: Vec<(usize, Result<Encoded, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(files.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(i) else {
                            return mine;
                        };
                        mine.push((i, encode(file)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an encoder thread panicked"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter()
        .map(|(i, r)| r.map(|encoded| (&files[i], encoded)))
        .collect()
}

/// `cargo xtask precompress DIR`.
pub fn run(args: &[String]) -> Result<(), String> {
    let [dir] = args else {
        return Err("usage: cargo xtask precompress DIR".into());
    };
    let dir = Path::new(dir);
    if !dir.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    let s = precompress(dir)?;
    println!(
        "precompressed {} files in {}: {} B as they are, {} B brotli ({} .br written), {} B gzip ({} .gz written)",
        s.files,
        dir.display(),
        s.raw_bytes,
        s.br_bytes,
        s.br_written,
        s.gz_bytes,
        s.gz_written
    );
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&path, out)?;
        } else if kind.is_file() && is_compressible(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// By extension; `.br` and `.gz` (and anything else) are not.
fn is_compressible(path: &Path) -> bool {
    extension(path).is_some_and(|e| COMPRESSIBLE.contains(&e.as_str()))
}

fn is_text(path: &Path) -> bool {
    extension(path).is_some_and(|e| e != "wasm")
}

/// `a/b.wasm` → `a/b.wasm.br`.
fn with_suffix(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// The smallest window that holds the whole input (a decoder allocates
/// the window), between brotli's minimum and the standard maximum.
fn lgwin_for(len: usize) -> i32 {
    let mut bits = 10;
    while bits < BROTLI_MAX_LGWIN && (1usize << bits) - 16 < len {
        bits += 1;
    }
    bits
}

fn brotli(raw: &[u8], text: bool) -> Vec<u8> {
    use brotli::enc::backward_references::BrotliEncoderMode;
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: lgwin_for(raw.len()),
        large_window: false,
        size_hint: raw.len(),
        mode: if text {
            BrotliEncoderMode::BROTLI_MODE_TEXT
        } else {
            BrotliEncoderMode::BROTLI_MODE_GENERIC
        },
        ..Default::default()
    };
    let mut out = Vec::with_capacity(raw.len() / 3);
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params)
        .expect("compressing from and into memory cannot fail");
    out
}

/// gzip through Zopfli: a plain deflate stream that every gzip reader
/// takes, found by a slower search than zlib's level 9 (about 5 % smaller
/// on the console's wasm). Its header has no name and no time stamp, so the
/// output depends on the input only.
fn gzip(raw: &[u8]) -> io::Result<Vec<u8>> {
    let options = zopfli::Options {
        iteration_count: std::num::NonZeroU64::new(ZOPFLI_ITERATIONS).expect("not zero"),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(raw.len() / 3);
    zopfli::compress(options, zopfli::Format::Gzip, raw, &mut out)?;
    Ok(out)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = with_suffix(path, "tmp");
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A new directory with a hashed package directory in it, removed with
    /// everything in it when dropped.
    fn scratch(tag: &str) -> tempfile::TempDir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("pooldeck-precompress-{tag}-"))
            .tempdir()
            .unwrap();
        fs::create_dir_all(dir.path().join("pkg").join("97d15b39fd7932c6")).unwrap();
        dir
    }

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn ungzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    /// Something compressible but not trivially so.
    fn text(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| format!("function f{}(x) {{ return x * {}; }}\n", i % 97, i % 13))
            .collect::<String>()
            .into_bytes()
    }

    /// The reason for Zopfli: the same gzip format, fewer bytes than
    /// zlib's best level, and the same bytes every run.
    #[test]
    fn gzip_is_smaller_than_zlib_level_9_and_repeatable() {
        use std::io::Write;
        let raw = text(3000);
        let ours = gzip(&raw).unwrap();
        let mut zlib = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        zlib.write_all(&raw).unwrap();
        let zlib = zlib.finish().unwrap();
        assert!(ours.len() < zlib.len(), "{} vs {}", ours.len(), zlib.len());
        assert_eq!(ungzip(&ours), raw);
        assert_eq!(gzip(&raw).unwrap(), ours);
    }

    #[test]
    fn writes_siblings_that_decode_to_the_file() {
        let scratch = scratch("roundtrip");
        let dir = scratch.path();
        let js = text(2000);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(text(3000));
        let nested = dir.join("pkg/97d15b39fd7932c6/split_a.wasm");
        fs::write(dir.join("app.js"), &js).unwrap();
        fs::write(&nested, &wasm).unwrap();
        fs::write(dir.join("index.html"), text(50)).unwrap();
        let s = precompress(dir).unwrap();
        assert_eq!((s.files, s.br_written, s.gz_written), (3, 3, 3));
        for (file, content) in [(dir.join("app.js"), &js), (nested.clone(), &wasm)] {
            let br = fs::read(with_suffix(&file, "br")).unwrap();
            let gz = fs::read(with_suffix(&file, "gz")).unwrap();
            assert!(br.len() < content.len() && gz.len() < content.len());
            assert_eq!(&unbrotli(&br), content, "{}", file.display());
            assert_eq!(&ungzip(&gz), content, "{}", file.display());
        }
        assert_eq!(s.raw_bytes, (js.len() + wasm.len() + text(50).len()) as u64);
        assert!(s.br_bytes < s.gz_bytes && s.gz_bytes < s.raw_bytes, "{s:?}");
        assert!(!dir.join("app.js.br.tmp").exists());
    }

    #[test]
    fn leaves_other_files_and_earlier_output_alone_and_is_repeatable() {
        let scratch = scratch("others");
        let dir = scratch.path();
        fs::write(dir.join("app.css"), text(500)).unwrap();
        fs::write(dir.join("photo.png"), text(500)).unwrap();
        fs::write(dir.join("notes.txt"), text(500)).unwrap();
        let first = precompress(dir).unwrap();
        assert_eq!(first.files, 1);
        assert!(!dir.join("photo.png.br").exists() && !dir.join("notes.txt.gz").exists());
        let br = fs::read(dir.join("app.css.br")).unwrap();
        let gz = fs::read(dir.join("app.css.gz")).unwrap();
        // A second run does not compress the siblings, and writes the same.
        let second = precompress(dir).unwrap();
        assert_eq!(first, second);
        assert!(!dir.join("app.css.br.br").exists() && !dir.join("app.css.gz.gz").exists());
        assert_eq!(fs::read(dir.join("app.css.br")).unwrap(), br);
        assert_eq!(fs::read(dir.join("app.css.gz")).unwrap(), gz);
    }

    #[test]
    fn skips_what_compression_does_not_shrink_and_removes_stale_siblings() {
        let scratch = scratch("tiny");
        let dir = scratch.path();
        fs::write(dir.join("config.json"), text(400)).unwrap();
        precompress(dir).unwrap();
        assert!(dir.join("config.json.br").exists());
        // The file changes to something that does not compress: the old
        // siblings must go, or a server would send the old content.
        fs::write(dir.join("config.json"), b"{}").unwrap();
        let s = precompress(dir).unwrap();
        assert_eq!((s.files, s.br_written, s.gz_written), (1, 0, 0));
        assert_eq!((s.raw_bytes, s.br_bytes, s.gz_bytes), (2, 2, 2));
        assert!(!dir.join("config.json.br").exists());
        assert!(!dir.join("config.json.gz").exists());
    }

    #[test]
    fn the_window_fits_the_file_within_standard_brotli() {
        assert_eq!(lgwin_for(0), 10);
        assert_eq!(lgwin_for(1000), 10);
        assert_eq!(lgwin_for(1 << 20), 21);
        assert_eq!(lgwin_for(3_000_000), 22);
        assert_eq!(lgwin_for(1 << 30), BROTLI_MAX_LGWIN);
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        assert!(precompress(Path::new("/nonexistent/pooldeck-dist")).is_err());
    }
}
