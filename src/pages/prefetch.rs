//! The idle prefetch: once start-up is over and the browser is idle, every
//! chunked area's files are fetched into the HTTP cache, so that opening a
//! page later does not wait for the network.
//!
//! Fetched, not compiled. The split points' own preloads also compile and
//! instantiate each module, and doing that for every area right after the
//! list had shown held the main thread for seconds on a slow phone:
//! Lighthouse's mobile run counted 700–1,100 ms of blocking time, nearly
//! all of it there, against about 100 ms without. Compiling a cached area
//! when it is opened takes milliseconds on a desktop. The pkg files are
//! immutable and cached for a year (pooldeck-server sends them so), which
//! is what makes a fetched file a cached one.
//!
//! Which files each area needs is the build's `prefetch.txt`, written by
//! the split hook beside the link module (`xtask/src/prefetch_list.rs`).

use crate::api::fetch;

/// How long after start-up prefetching waits, so that it does not compete
/// with the first page's own API calls for a slow connection.
const PREFETCH_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

/// How long the page must have had no input before the next file is
/// fetched.
const QUIET_FOR: std::time::Duration = std::time::Duration::from_millis(1000);

/// The areas (the module names of `chunks.rs`'s split points), most used
/// first: the list's own dialogs, then where a click on the list leads.
/// An area missing here is fetched last.
const ORDER: &[&str] = &[
    "pool_dialogs",
    "pool_detail",
    "pool_wizard",
    "load_balancers",
    "pool_history",
    "jobs",
    "pools_bulk",
    "monitors",
    "alerts",
    "settings",
];

/// Fetches every area's files, one at a time and most used first. A
/// failed fetch is ignored: the page fetches again (and shows the failure)
/// when it is opened.
pub async fn prefetch_all() {
    gloo_timers::future::sleep(PREFETCH_AFTER).await;
    let Some(input) = crate::hooks::InputQuiet::install() else {
        return;
    };
    input.after(QUIET_FOR).await;
    let Some(pkg) = package_url() else {
        return;
    };
    let Some(list) = get(&pkg, "prefetch.txt").await else {
        return;
    };
    let Ok(list) = fetch::text(&list).await else {
        return;
    };
    for file in files_in_order(&list) {
        // One file per idle period, and none while someone types, clicks
        // or scrolls: a file's answer is handled on the main thread, and
        // idle periods come between keystrokes too.
        input.after(QUIET_FOR).await;
        if let Some(answer) = get(&pkg, file).await {
            read_to_the_end(answer).await;
        }
    }
}

/// Every file of `list` (`prefetch.txt`: `area file file …` per line),
/// area by area in [`ORDER`] and then the rest, each once.
pub fn files_in_order(list: &str) -> Vec<&str> {
    let areas: Vec<(usize, Vec<&str>)> = list
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let area = words.next()?;
            let rank = ORDER.iter().position(|a| *a == area).unwrap_or(ORDER.len());
            Some((rank, words.collect()))
        })
        .collect();
    // Rank by rank rather than a sort: the standard sort is compiled once
    // per element type, and this one's copy was 3.5 KB of the first load.
    let mut out: Vec<&str> = Vec::new();
    for rank in 0..=ORDER.len() {
        for (_, files) in areas.iter().filter(|(r, _)| *r == rank) {
            for &file in files {
                if !out.contains(&file) {
                    out.push(file);
                }
            }
        }
    }
    out
}

/// The package directory's URL, from the link module's preload link
/// (the page's `<base>` resolves it, under any sub-path).
fn package_url() -> Option<web_sys::Url> {
    let document = web_sys::window()?.document()?;
    let link = document
        .query_selector("link[rel=modulepreload][href$='/__wasm_split.js']")
        .ok()??;
    let href = link.get_attribute("href")?;
    let base = document.base_uri().ok()??;
    web_sys::Url::new_with_base(&href, &base).ok()
}

/// `file` of the package, when the server answered it with a 2xx;
/// `None` on any failure, or when no answer began within the API's time
/// limit. The limit matters beyond the prefetch: a page opened meanwhile
/// fetches the same file, and the browser's HTTP cache holds that fetch
/// back for as long as this one stays open.
async fn get(pkg: &web_sys::Url, file: &str) -> Option<web_sys::Response> {
    let url = web_sys::Url::new_with_base(file, &pkg.href()).ok()?.href();
    let stop = web_sys::AbortController::new().ok()?;
    let signal = stop.signal();
    // Cancelled when dropped, which is once the answer has begun.
    let _limit =
        gloo_timers::callback::Timeout::new(crate::api::client::TIMEOUT_MS, move || stop.abort());
    let answer = fetch::send(&fetch::Request {
        signal: Some(&signal),
        ..fetch::Request::get(&url)
    })
    .await
    .ok()?;
    answer.ok().then_some(answer)
}

/// Reads `answer`'s body to the end, so the HTTP cache holds all of it.
/// The bytes stay in the browser: copying them into the wasm heap, as
/// reading them from Rust would, served nothing and grew its memory.
async fn read_to_the_end(answer: web_sys::Response) {
    if let Ok(body) = answer.array_buffer() {
        let _ = wasm_bindgen_futures::JsFuture::from(body).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_fetched_most_used_first_and_each_file_once() {
        let list = "settings split_settings.wasm chunk_2.wasm\n\
                    future_area split_future_area.wasm\n\
                    pool_detail split_pool_detail.wasm chunk_1.wasm chunk_2.wasm\n\
                    pool_dialogs split_pool_dialogs.wasm chunk_1.wasm\n";
        assert_eq!(
            files_in_order(list),
            [
                "split_pool_dialogs.wasm",
                "chunk_1.wasm",
                "split_pool_detail.wasm",
                "chunk_2.wasm",
                "split_settings.wasm",
                "split_future_area.wasm",
            ]
        );
    }
}
