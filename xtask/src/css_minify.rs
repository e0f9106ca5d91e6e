//! Release builds minify the stylesheet: comments and layout whitespace
//! out (5,642 → 4,113 B gzip for style/main.css), with its integrity
//! attribute in index.html recomputed.
//!
//! Not Trunk's `minify = "on_release"`: that also minifies index.html, and
//! its minifier unquotes attributes (`<base href=./>`), which pooldeck-server
//! looks for to serve the console under a sub-path. This minifier only
//! removes what cannot change a rule: comments, runs of whitespace, and
//! whitespace beside `{`, `}`, `;` and `,` (never beside `:` or `>`, where a
//! space can be a descendant combinator). Strings pass through untouched.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha384};

/// `css` without comments and layout whitespace.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // A space is owed: whitespace was seen and not yet written.
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '{' | '}' | ';' | ',' => {
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                // Whitespace after these is never needed.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            '"' | '\'' => {
                push_space(&mut out, &mut space);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            c => {
                push_space(&mut out, &mut space);
                out.push(c);
            }
        }
    }
    out
}

/// Writes an owed space, unless the output is empty or ends where a
/// space means nothing.
fn push_space(out: &mut String, space: &mut bool) {
    if std::mem::take(space) && !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
        out.push(' ');
    }
}

/// Minifies every stylesheet index.html in `staging` links, in place,
/// and writes its new `integrity` into the page.
pub fn minify_stylesheets(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let mut html = std::fs::read_to_string(&index).map_err(|e| format!("index.html: {e}"))?;
    for href in stylesheets(&html) {
        let path = staging.join(href.trim_start_matches("./"));
        let css = std::fs::read_to_string(&path).map_err(|e| format!("{href}: {e}"))?;
        let min = minify(&css);
        std::fs::write(&path, &min).map_err(|e| format!("{href}: {e}"))?;
        html = with_integrity(&html, &href, &integrity(min.as_bytes()));
    }
    std::fs::write(&index, html).map_err(|e| format!("index.html: {e}"))
}

/// The `href`s of the page's `<link rel="stylesheet">`s.
fn stylesheets(html: &str) -> Vec<String> {
    html.split("<link ")
        .skip(1)
        .filter(|tag| tag.starts_with("rel=\"stylesheet\""))
        .filter_map(|tag| attribute(tag, "href"))
        .collect()
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag[..tag.find('>')?].find(&key)? + key.len();
    Some(tag[start..start + tag[start..].find('"')?].to_owned())
}

/// Subresource Integrity, as Trunk writes it: `sha384-<base64>`.
fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `html` with the `integrity` of the link to `href` set to `value`.
fn with_integrity(html: &str, href: &str, value: &str) -> String {
    let link = format!("href=\"{href}\" integrity=\"");
    let Some(at) = html.find(&link) else {
        return html.to_owned();
    };
    let start = at + link.len();
    let end = start + html[start..].find('"').unwrap_or(0);
    format!("{}{value}{}", &html[..start], &html[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_whitespace_go_and_rules_stay() {
        let css = "/* tokens */\n:root {\n  --pd-font: system-ui, \"Segoe UI\";\n}\n\
                   .a .b > .c:hover,\n.d::after {\n  content: \"a  /* not a comment */ b\";\n  margin: 0 auto;\n}\n\
                   @media (max-width: 1200px) and (min-width: 10px) {\n  .x td:nth-child(3) { padding: 0 }\n}\n";
        assert_eq!(
            minify(css),
            ":root{--pd-font: system-ui,\"Segoe UI\"}.a .b > .c:hover,.d::after{content: \"a  /* not a comment */ b\";margin: 0 auto}\
             @media (max-width: 1200px) and (min-width: 10px){.x td:nth-child(3){padding: 0}}"
        );
    }

    #[test]
    fn the_page_gets_the_minified_files_integrity() {
        let html = r#"<link rel="stylesheet" href="./main-1.css" integrity="sha384-old"/><link rel="icon" href="./f.svg" integrity="sha384-icon"/>"#;
        assert_eq!(stylesheets(html), ["./main-1.css"]);
        let out = with_integrity(html, "./main-1.css", &integrity(b"a{}"));
        assert!(out.contains(
            r#"href="./main-1.css" integrity="sha384-m4Zcd9m9Kerya2aMKZ9CuL1yv7QLjdpmEo79GaQCk1uO2U4trsxWuyqSJsOzpOru""#
        ));
        assert!(out.contains(r#"integrity="sha384-icon""#));
    }
}
