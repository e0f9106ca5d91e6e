//! Precompressed siblings (`FILE.br`, `FILE.gz`, from `cargo xtask
//! precompress`) are sent when the request accepts them, as they are, with
//! the original's type; files without one are compressed on the fly; the
//! page is always the server's rewritten copy, with the configuration and,
//! for the pools list, the preloads of its first API calls.

use std::path::Path;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, StatusCode};
use pooldeck_model::ConsoleConfig;
use pooldeck_server::{app_state, router, Config};
use tower::ServiceExt;

const ACCOUNT: &str = "0123456789ABCDEF0123456789ABCDEF";
const HASH: &str = "97d15b39fd7932c6";

/// Bytes that are no valid brotli or gzip: if they reach a client as they
/// are, the server sent the sibling without compressing it again.
const BR_MARK: &[u8] = b"precompressed-br-sibling";
const GZ_MARK: &[u8] = b"precompressed-gz-sibling";

/// A dist/ with a hashed wasm (br and gz siblings), a hashed script under
/// a hashed directory (gz only), a stylesheet without siblings and an
/// index.html with stale siblings of its own.
fn dist(tag: &str) -> tempfile::TempDir {
    let dist = tempfile::Builder::new()
        .prefix(&format!("pooldeck-precompressed-{tag}-"))
        .tempdir()
        .unwrap();
    let dir = dist.path();
    let pkg = dir.join("pkg").join(HASH);
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        dir.join("index.html"),
        r#"<html><head><base href="./" /><script type="module" src="./boot.js"></script></head><body></body></html>"#,
    )
    .unwrap();
    std::fs::write(dir.join("index.html.br"), BR_MARK).unwrap();
    std::fs::write(dir.join("index.html.gz"), GZ_MARK).unwrap();
    let wasm = format!("app-{HASH}_bg.wasm");
    std::fs::write(dir.join(&wasm), vec![b'a'; 50_000]).unwrap();
    std::fs::write(dir.join(format!("{wasm}.br")), BR_MARK).unwrap();
    std::fs::write(dir.join(format!("{wasm}.gz")), GZ_MARK).unwrap();
    std::fs::write(pkg.join("split_a.js"), "export const a = 1;\n".repeat(500)).unwrap();
    std::fs::write(pkg.join("split_a.js.gz"), GZ_MARK).unwrap();
    std::fs::write(dir.join("main.css"), "body { color: red; }\n".repeat(500)).unwrap();
    dist
}

fn config(dist: &Path, base_path: &str) -> Config {
    let mut cfg = Config::new("127.0.0.1:0".parse().unwrap(), dist.to_path_buf());
    cfg.account = Some(ACCOUNT.into());
    cfg.base_path = base_path.into();
    cfg
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn varies_on_encoding(&self) -> bool {
        self.headers.get_all("vary").iter().any(|v| {
            v.to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")
        })
    }
}

async fn get(cfg: &Config, path: &str, accept_encoding: &str) -> Answer {
    let (app, _) = app_state(cfg).unwrap();
    let res = router(cfg, app)
        .unwrap()
        .oneshot(
            Request::get(path)
                .header("accept-encoding", accept_encoding)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body(), 1 << 22).await.unwrap().to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

#[tokio::test]
async fn a_sibling_the_request_accepts_is_sent_as_it_is() {
    let tmp = dist("siblings");
    let dist = tmp.path();
    let cfg = config(dist, "");
    let wasm = format!("/app-{HASH}_bg.wasm");
    for (accept, encoding, mark) in [
        ("gzip, deflate, br, zstd", "br", BR_MARK),
        ("br", "br", BR_MARK),
        ("gzip", "gzip", GZ_MARK),
        ("br;q=0.5, gzip", "gzip", GZ_MARK),
    ] {
        let a = get(&cfg, &wasm, accept).await;
        assert_eq!(a.status, StatusCode::OK, "{accept}");
        assert_eq!(a.header("content-encoding"), Some(encoding), "{accept}");
        assert_eq!(a.body, mark, "{accept}: the sibling, not compressed again");
        assert_eq!(
            a.header("content-type"),
            Some("application/wasm"),
            "{accept}"
        );
        assert!(a.varies_on_encoding(), "{accept}: {:?}", a.headers);
        assert_eq!(
            a.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{accept}"
        );
        assert_eq!(a.header("content-length"), Some(&*mark.len().to_string()));
    }
    // Without any encoding accepted: the file itself.
    let a = get(&cfg, &wasm, "identity").await;
    assert_eq!(a.header("content-encoding"), None);
    assert_eq!(a.body.len(), 50_000);
    assert!(a.varies_on_encoding());
}

#[tokio::test]
async fn without_a_sibling_the_file_is_compressed_on_the_fly() {
    let tmp = dist("on-the-fly");
    let dist = tmp.path();
    let cfg = config(dist, "");
    // Only a .gz beside the script: a brotli client gets it compressed on
    // the fly, a gzip client gets the sibling.
    let script = format!("/pkg/{HASH}/split_a.js");
    let a = get(&cfg, &script, "br").await;
    assert_eq!(a.header("content-encoding"), Some("br"));
    assert_ne!(a.body, GZ_MARK);
    assert!(a.body.len() < 1_000, "{} bytes", a.body.len());
    assert_eq!(a.header("content-type"), Some("text/javascript"));
    assert!(a.varies_on_encoding());
    assert_eq!(
        a.header("cache-control"),
        Some("public, max-age=31536000, immutable"),
        "a hashed directory makes the file hashed"
    );
    let a = get(&cfg, &script, "gzip").await;
    assert_eq!(
        (a.header("content-encoding"), &a.body[..]),
        (Some("gzip"), GZ_MARK)
    );
    assert_eq!(a.header("content-type"), Some("text/javascript"));
    // No sibling at all, and not hashed.
    let a = get(&cfg, "/main.css", "gzip, br").await;
    assert_eq!(a.header("content-encoding"), Some("br"));
    assert!(a.body.len() < 1_000);
    assert_eq!(a.header("content-type"), Some("text/css"));
    assert_eq!(a.header("cache-control"), Some("no-cache"));
}

#[tokio::test]
async fn the_page_is_always_the_rewritten_one_never_a_sibling() {
    let tmp = dist("index");
    let dist = tmp.path();
    for (base, paths) in [
        ("", vec!["/", "/index.html", "/pools", "/monitors"]),
        (
            "/portal/lb",
            vec!["/portal/lb/", "/portal/lb/index.html", "/portal/lb/pools"],
        ),
    ] {
        let cfg = config(dist, base);
        for path in paths {
            let plain = get(&cfg, path, "identity").await;
            assert_eq!(plain.status, StatusCode::OK, "{path}");
            assert!(
                plain
                    .text()
                    .contains(&format!(r#"<base href="{base}/" />"#)),
                "{path}: {}",
                plain.text()
            );
            assert_eq!(plain.header("cache-control"), Some("no-cache"), "{path}");
            assert_eq!(
                plain.header("content-type"),
                Some("text/html; charset=utf-8")
            );
            for accept in ["br", "gzip"] {
                let a = get(&cfg, path, accept).await;
                assert_eq!(a.status, StatusCode::OK, "{path} {accept}");
                assert_ne!(a.body, BR_MARK, "{path} {accept}");
                assert_ne!(a.body, GZ_MARK, "{path} {accept}");
                assert_eq!(
                    a.header("cache-control"),
                    Some("no-cache"),
                    "{path} {accept}"
                );
                assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
            }
        }
    }
}

/// The `content` of the configuration `<meta>`, unescaped.
fn config_in(page: &str) -> ConsoleConfig {
    let start = page
        .find(r#"<meta name="pooldeck-config" content=""#)
        .expect("the config meta")
        + r#"<meta name="pooldeck-config" content=""#.len();
    let end = start + page[start..].find('"').unwrap();
    let raw = page[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&raw).unwrap()
}

fn preloads(page: &str) -> Vec<String> {
    page.split("<link ")
        .skip(1)
        .filter(|l| l.contains(r#"rel="preload""#))
        .map(|l| l.split(" />").next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_page_carries_the_config_and_the_pools_lists_preloads() {
    let tmp = dist("config");
    let dist = tmp.path();
    for base in ["", "/portal/lb"] {
        let cfg = config(dist, base);
        let config_json = get(&cfg, &format!("{base}/config.json"), "identity").await;
        let expected: ConsoleConfig = serde_json::from_slice(&config_json.body).unwrap();
        let lower = ACCOUNT.to_ascii_lowercase();
        let links = |what: &str| {
            format!(
                r#"rel="preload" as="fetch" crossorigin="anonymous" data-pooldeck-answer href="{base}/client/v4/accounts/{lower}/load_balancers/{what}""#
            )
        };
        for path in ["/", "/pools", "/pools?sort=name&q=web"] {
            let page = get(&cfg, &format!("{base}{path}"), "identity").await.text();
            assert_eq!(config_in(&page), expected, "{base}{path}");
            assert_eq!(
                preloads(&page),
                [links("pools"), links("monitors")],
                "{base}{path}"
            );
            // Inside the head, after the base the hrefs would resolve against.
            assert!(page.find("<base").unwrap() < page.find("rel=\"preload\"").unwrap());
            assert!(page.find("rel=\"preload\"").unwrap() < page.find("</head>").unwrap());
        }
        for path in [
            "/monitors",
            "/pools/abc",
            "/?account=fedcba",
            "/pools?auth=token",
        ] {
            let page = get(&cfg, &format!("{base}{path}"), "identity").await.text();
            assert_eq!(config_in(&page), expected, "{base}{path}");
            assert!(preloads(&page).is_empty(), "{base}{path}: {page}");
        }
    }
    // Without an account the console lists nothing: no preloads.
    let mut cfg = config(dist, "");
    cfg.account = None;
    let page = get(&cfg, "/pools", "identity").await.text();
    assert!(preloads(&page).is_empty());
    assert_eq!(config_in(&page).account_id, None);
}

#[tokio::test]
async fn api_answers_are_never_immutable_whatever_their_path() {
    let tmp = dist("api-cache");
    let dist = tmp.path();
    let cfg = config(dist, "");
    // A 16-hex-digit segment in an API path is an ID, not a content hash.
    let a = get(
        &cfg,
        &format!("/client/v4/accounts/{HASH}/load_balancers/pools"),
        "identity",
    )
    .await;
    assert_eq!(a.header("cache-control"), Some("no-cache"));
    let a = get(&cfg, &format!("/_pooldeck/{HASH}"), "identity").await;
    assert_ne!(
        a.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // Under a base path that looks like a hash, only hashed files are.
    let cfg = config(dist, &format!("/{HASH}"));
    let a = get(&cfg, &format!("/{HASH}/main.css"), "identity").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("cache-control"), Some("no-cache"));
    let a = get(&cfg, &format!("/{HASH}/pkg/{HASH}/split_a.js"), "identity").await;
    assert_eq!(
        a.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}
