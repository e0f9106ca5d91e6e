//! Moves Trunk's inline boot loader (`<script type="module">…</script>`)
//! into a file of its own, so the console runs under a Content-Security-
//! Policy without `'unsafe-inline'` or script hashes, whoever serves it.
//! Trunk runs this as a post-build hook (Trunk.toml), on its staging dir.

use std::path::Path;

const OPEN: &str = r#"<script type="module">"#;
const CLOSE: &str = "</script>";

/// FNV-1a: a stable content hash for the file name, so the boot script can
/// be cached for good like Trunk's other hashed assets.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Rewrites `dir/index.html`; a page without an inline module script is
/// left alone (it was already rewritten).
pub fn externalise(dir: &Path) -> Result<(), String> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let Some(start) = html.find(OPEN) else {
        return Ok(());
    };
    let body_start = start + OPEN.len();
    let end = html[body_start..]
        .find(CLOSE)
        .map(|i| body_start + i)
        .ok_or("index.html has an unterminated inline script")?;
    let script = html[body_start..end].trim();
    let name = format!("boot-{:016x}.js", fnv1a(script.as_bytes()));
    std::fs::write(dir.join(&name), format!("{script}\n")).map_err(|e| format!("{name}: {e}"))?;
    let tag = format!(r#"<script type="module" src="./{name}"></script>"#);
    let rewritten = format!("{}{tag}{}", &html[..start], &html[end + CLOSE.len()..]);
    std::fs::write(&index, rewritten).map_err(|e| format!("{}: {e}", index.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_the_inline_module_script_out() {
        let dir = std::env::temp_dir().join(format!("pooldeck-boot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<head><base href=\"./\" />\n<script type=\"module\">\nimport init from './app.js';\nawait init();\n</script>\n<link rel=\"stylesheet\" href=\"./a.css\"></head>",
        )
        .unwrap();
        externalise(&dir).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(!html.contains("import init"), "{html}");
        let src = html
            .split("src=\"./")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(src.starts_with("boot-") && src.ends_with(".js"));
        let script = std::fs::read_to_string(dir.join(src)).unwrap();
        assert!(script.starts_with("import init from './app.js';"));
        assert!(html.contains("<link rel=\"stylesheet\""));
        externalise(&dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            html,
            "idempotent"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
