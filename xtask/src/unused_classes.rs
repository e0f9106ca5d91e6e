//! Drops wasm-bindgen classes the console never uses from the main module
//! and its glue, after wasm-bindgen and before wasm-opt.
//!
//! An exported class is a root for wasm-opt: its methods, and all they
//! call, stay in the module whether or not any script makes an instance.
//! Leptos turns on server_fn's `browser` feature, and with it wasm-streams
//! exports three classes for streaming server-function bodies. The console
//! calls no server function, so it never makes one, yet they held about
//! 2.9 KB of the first load's wasm and 2.6 KB of its glue (before
//! compression). No feature turns them off (leptos asks for `browser`
//! unconditionally), so the build drops their exports from the module and
//! their classes from the glue, and wasm-opt then drops their code.
//!
//! The build fails, rather than the console at run time, if the glue ever
//! uses one of them (a `__wrap` when Rust hands an instance to a script) or
//! if wasm-bindgen's output no longer has the shape this expects.

use std::path::Path;

/// The classes dropped: wasm-streams' (see the module comment).
pub const UNUSED: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Strips [`UNUSED`] from the module `wasm` and its glue `glue`, in place.
pub fn strip(wasm: &Path, glue: &Path) -> Result<(), String> {
    let read_err = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let mut js = std::fs::read_to_string(glue).map_err(|e| read_err(glue, e))?;
    for class in UNUSED {
        js = strip_glue(&js, class)?;
    }
    let module = std::fs::read(wasm).map_err(|e| read_err(wasm, e))?;
    let (module, dropped) = strip_exports(&module, is_unused_export)?;
    for class in UNUSED {
        let lower = class.to_lowercase();
        if !dropped.iter().any(|name| name.contains(&lower)) {
            return Err(format!(
                "{}: no export of {class} to drop; has wasm-bindgen's naming changed?",
                wasm.display()
            ));
        }
    }
    if let Some(name) = dropped
        .iter()
        .find(|name| js.contains(&format!("wasm.{name}")))
    {
        return Err(format!(
            "{}: still calls the dropped export {name}",
            glue.display()
        ));
    }
    std::fs::write(glue, js).map_err(|e| read_err(glue, e))?;
    std::fs::write(wasm, module).map_err(|e| read_err(wasm, e))
}

/// True for the exports wasm-bindgen makes for the methods of an
/// [`UNUSED`] class: `<class>_<method>` and `__wbg_<class>_free`, with the
/// class name in lower case.
fn is_unused_export(name: &str) -> bool {
    UNUSED.iter().any(|class| {
        let lower = class.to_lowercase();
        name.strip_prefix(&lower)
            .is_some_and(|rest| rest.starts_with('_'))
            || name == format!("__wbg_{lower}_free")
    })
}

/// `js` without `class`: its `export class` block, its `Symbol.dispose`
/// line and its `FinalizationRegistry`. Fails if any is missing, or if
/// anything else in the glue still names the class.
fn strip_glue(js: &str, class: &str) -> Result<String, String> {
    let mut js = js.to_owned();
    cut(
        &mut js,
        &format!("export class {class} {{\n"),
        "\n}\n",
        class,
    )?;
    cut(
        &mut js,
        &format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;"),
        "\n",
        class,
    )?;
    cut(
        &mut js,
        &format!("const {class}Finalization = "),
        ");\n",
        class,
    )?;
    if js.contains(class) {
        return Err(format!(
            "the console's glue uses {class} now; remove it from unused_classes::UNUSED"
        ));
    }
    Ok(js)
}

/// Removes the text from the one occurrence of `start` through the first
/// `end` after it.
fn cut(js: &mut String, start: &str, end: &str, class: &str) -> Result<(), String> {
    let shape = || format!("wasm-bindgen's glue for {class} has an unexpected shape");
    let from = js.find(start).ok_or_else(shape)?;
    if js[from + start.len()..].contains(start) {
        return Err(shape());
    }
    let to = js[from + start.len()..]
        .find(end)
        .map(|i| from + start.len() + i + end.len())
        .ok_or_else(shape)?;
    js.replace_range(from..to, "");
    Ok(())
}

/// The wasm `module` without the exports `drop` picks, and their names.
/// Only the export section changes: nothing refers to an export by its
/// place in that section.
fn strip_exports(
    module: &[u8],
    drop: impl Fn(&str) -> bool,
) -> Result<(Vec<u8>, Vec<String>), String> {
    const HEADER: usize = 8;
    const EXPORT_SECTION: u8 = 7;
    if module.len() < HEADER || &module[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut out = module[..HEADER].to_vec();
    let mut dropped = Vec::new();
    let mut at = HEADER;
    while at < module.len() {
        let id = module[at];
        let (size, len) = leb_u32(&module[at + 1..])?;
        let body = at + 1 + len;
        let next = body + size as usize;
        let payload = module.get(body..next).ok_or("truncated section")?;
        if id == EXPORT_SECTION {
            let (kept, count) = kept_exports(payload, &drop, &mut dropped)?;
            let mut section = Vec::new();
            push_leb(&mut section, count);
            section.extend_from_slice(&kept);
            out.push(id);
            push_leb(&mut out, section.len() as u32);
            out.extend_from_slice(&section);
        } else {
            out.extend_from_slice(&module[at..next]);
        }
        at = next;
    }
    Ok((out, dropped))
}

/// The export section's entries that `drop` keeps, encoded, and their
/// number; the names of the others go to `dropped`.
fn kept_exports(
    section: &[u8],
    drop: &impl Fn(&str) -> bool,
    dropped: &mut Vec<String>,
) -> Result<(Vec<u8>, u32), String> {
    let (count, mut at) = leb_u32(section)?;
    let mut kept = Vec::new();
    let mut n = 0;
    for _ in 0..count {
        let start = at;
        let (name_len, len) = leb_u32(&section[at..])?;
        at += len;
        let name = section
            .get(at..at + name_len as usize)
            .ok_or("truncated export name")?;
        let name = std::str::from_utf8(name).map_err(|_| "export name is not UTF-8")?;
        at += name_len as usize;
        // The kind byte, then the index.
        at += 1;
        let (_, len) = leb_u32(section.get(at..).ok_or("truncated export")?)?;
        at += len;
        if drop(name) {
            dropped.push(name.to_owned());
        } else {
            kept.extend_from_slice(&section[start..at]);
            n += 1;
        }
    }
    Ok((kept, n))
}

/// An unsigned LEB128 `u32` at the start of `bytes`, and its length.
fn leb_u32(bytes: &[u8]) -> Result<(u32, usize), String> {
    let mut value = 0u32;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err("bad LEB128 number".into())
}

fn push_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::{is_unused_export, leb_u32, push_leb, strip_exports, strip_glue};

    /// A module with a memory, a function and the exports `names`, each of
    /// the function (kind 0, index 0) or the memory (kind 2).
    fn module(names: &[&str]) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type section: one `() -> ()`; function section: one of it;
        // memory section: one memory of 1 page; code section: one empty body.
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        m.extend_from_slice(&[3, 2, 1, 0]);
        m.extend_from_slice(&[5, 3, 1, 0, 1]);
        let mut exports = Vec::new();
        push_leb(&mut exports, names.len() as u32);
        for (i, name) in names.iter().enumerate() {
            push_leb(&mut exports, name.len() as u32);
            exports.extend_from_slice(name.as_bytes());
            exports.extend_from_slice(if i == 0 { &[2, 0] } else { &[0, 0] });
        }
        m.push(7);
        push_leb(&mut m, exports.len() as u32);
        m.extend_from_slice(&exports);
        m.extend_from_slice(&[10, 4, 1, 2, 0, 0x0b]);
        m
    }

    #[test]
    fn drops_only_the_picked_exports_and_keeps_every_other_section() {
        let before = module(&[
            "memory",
            "main",
            "intounderlyingsink_write",
            "__wbg_intounderlyingsink_free",
        ]);
        let (after, dropped) = strip_exports(&before, is_unused_export).unwrap();
        assert_eq!(
            dropped,
            ["intounderlyingsink_write", "__wbg_intounderlyingsink_free"]
        );
        assert_eq!(after, module(&["memory", "main"]));
    }

    #[test]
    fn picks_the_methods_of_the_unused_classes_only() {
        assert!(is_unused_export("intounderlyingbytesource_pull"));
        assert!(is_unused_export("__wbg_intounderlyingsource_free"));
        assert!(!is_unused_export("intounderlyingsourcery"));
        assert!(!is_unused_export("main"));
        assert!(!is_unused_export("__wbg_pools_free"));
    }

    #[test]
    fn reads_and_writes_leb128() {
        for n in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            let mut bytes = Vec::new();
            push_leb(&mut bytes, n);
            assert_eq!(leb_u32(&bytes).unwrap(), (n, bytes.len()));
        }
        assert!(leb_u32(&[0x80, 0x80]).is_err());
    }

    const GLUE: &str = "\
import * as import1 from \"./__wasm_split.js\"

export class IntoUnderlyingSink {
    free() {
        wasm.__wbg_intounderlyingsink_free(ptr, 0);
    }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;

export function start() {}
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));

function addToExternrefTable0(obj) {}
";

    #[test]
    fn drops_a_class_and_its_registry_from_the_glue() {
        let js = strip_glue(GLUE, "IntoUnderlyingSink").unwrap();
        assert!(!js.contains("IntoUnderlyingSink"), "{js}");
        assert!(!js.contains("intounderlyingsink"), "{js}");
        assert!(js.contains("export function start() {}"));
        assert!(js.contains("function addToExternrefTable0(obj) {}"));
    }

    #[test]
    fn fails_the_build_when_the_glue_uses_the_class() {
        let used = format!("{GLUE}const s = IntoUnderlyingSink.__wrap(ptr);\n");
        let err = strip_glue(&used, "IntoUnderlyingSink").unwrap_err();
        assert!(err.contains("uses IntoUnderlyingSink now"), "{err}");
    }

    #[test]
    fn fails_the_build_when_the_glue_has_another_shape() {
        let err = strip_glue("export function start() {}\n", "IntoUnderlyingSink").unwrap_err();
        assert!(err.contains("unexpected shape"), "{err}");
    }
}
