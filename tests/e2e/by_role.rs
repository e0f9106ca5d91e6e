//! Finding things the way a person does: a button or link by the text it
//! is announced with, a field by its label, a heading by its text. No test
//! ids and no CSS ids: a journey written with these keeps working when the
//! markup is reorganised, and breaks when what a user sees breaks.
//!
//! The accessible name is the one a screen reader announces, computed in
//! the page: `aria-label`, else `aria-labelledby`, else the `<label>`s,
//! else (buttons, links, headings, summaries) the text, else `title`.
//! Only rendered elements count.

use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use serde_json::{json, Value};

use super::harness::{Browser, WAIT};

/// What an element is to assistive technology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Button,
    Link,
    Heading,
    /// A text, number or search box, a text area or a select.
    Field,
    Radio,
    Dialog,
}

impl Role {
    fn css(self) -> &'static str {
        match self {
            Role::Button => "button, [role=button], input[type=submit], input[type=button]",
            Role::Link => "a[href], [role=link]",
            Role::Heading => "h1, h2, h3, h4, h5, h6, [role=heading]",
            Role::Field => {
                "input:not([type]), input[type=text], input[type=search], input[type=number], \
                 input[type=email], input[type=url], input[type=tel], textarea, select"
            }
            Role::Radio => "input[type=radio], [role=radio]",
            Role::Dialog => "dialog, [role=dialog]",
        }
    }
}

/// The page-side helpers, defined once per document.
const PRELUDE: &str = r#"
if (!window.__byRole) {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const byIds = ids => ids.split(/\s+/).map(i => document.getElementById(i)).filter(Boolean);
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const nameOf = el => {
    const label = el.getAttribute('aria-label');
    if (label && label.trim()) return norm(label);
    const by = el.getAttribute('aria-labelledby');
    if (by) return norm(byIds(by).map(e => e.textContent).join(' '));
    if (el.labels && el.labels.length) return norm(Array.from(el.labels).map(l => l.textContent).join(' '));
    if (el.matches('button, a, h1, h2, h3, h4, h5, h6, summary, [role=button], [role=link], [role=heading]'))
      return norm(el.textContent);
    if (el.matches('input[type=submit], input[type=button]')) return norm(el.value);
    return norm(el.getAttribute('title'));
  };
  const describedBy = el => {
    const by = el.getAttribute('aria-describedby');
    return by ? norm(byIds(by).map(e => e.textContent).join(' ')) : '';
  };
  const valueOf = el => (el.type === 'checkbox' || el.type === 'radio') ? String(el.checked) : el.value;
  window.__byRole = { norm, shown, nameOf, describedBy, valueOf };
}
"#;

async fn run(b: &Browser, body: &str, args: Vec<Value>) -> Value {
    let script = format!("{PRELUDE}\nconst R = window.__byRole;\n{body}");
    b.client
        .execute(&script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}"))
}

fn elements(b: &Browser, v: Value) -> Vec<Element> {
    let key = "element-6066-11e4-a52e-4f735466cecf";
    v.as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| e[key].as_str().map(str::to_owned))
        .map(|id| Element::from_element_id(b.client.clone(), ElementRef::from(id)))
        .collect()
}

/// Every rendered element with `role` whose accessible name is `name`,
/// now, inside `within` (the whole page when `None`).
pub async fn all_in(b: &Browser, within: Option<&Element>, role: Role, name: &str) -> Vec<Element> {
    let scope = within.map_or(Value::Null, |e| json!(e));
    let found = run(
        b,
        "const [css, name, scope] = arguments;
         return Array.from((scope || document).querySelectorAll(css))
           .filter(e => R.shown(e) && R.nameOf(e) === name);",
        vec![json!(role.css()), json!(name), scope],
    )
    .await;
    elements(b, found)
}

/// Waits for the element with `role` named `name` inside `within`.
pub async fn find_in(b: &Browser, within: &Element, role: Role, name: &str) -> Element {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(el) = all_in(b, Some(within), role, name).await.into_iter().next() {
            return el;
        }
        assert!(
            Instant::now() < deadline,
            "no {role:?} named {name:?} in the scope"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// [`all_in`] the whole page.
pub async fn all(b: &Browser, role: Role, name: &str) -> Vec<Element> {
    all_in(b, None, role, name).await
}

/// Waits for the one element with `role` named `name` (the first, if the
/// page has several), and fails naming what was there instead.
pub async fn find(b: &Browser, role: Role, name: &str) -> Element {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(el) = all(b, role, name).await.into_iter().next() {
            return el;
        }
        if Instant::now() > deadline {
            let names = names_of(b, role).await;
            panic!("no {role:?} named {name:?}; the page has: {names:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The accessible names of every rendered element with `role`.
pub async fn names_of(b: &Browser, role: Role) -> Vec<String> {
    let v = run(
        b,
        "return Array.from(document.querySelectorAll(arguments[0])).filter(R.shown).map(R.nameOf);",
        vec![json!(role.css())],
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

pub async fn button(b: &Browser, name: &str) -> Element {
    find(b, Role::Button, name).await
}

pub async fn link(b: &Browser, name: &str) -> Element {
    find(b, Role::Link, name).await
}

/// Clicks the button named `name`.
pub async fn click_button(b: &Browser, name: &str) {
    button(b, name).await.click().await.unwrap();
}

/// Clicks the link named `name`.
pub async fn click_link(b: &Browser, name: &str) {
    link(b, name).await.click().await.unwrap();
}

/// Clicks the button or, failing that, the link named `name` (Cancel is
/// one or the other depending on the form).
pub async fn click_control(b: &Browser, name: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let mut found = all(b, Role::Button, name).await;
        found.extend(all(b, Role::Link, name).await);
        if let Some(el) = found.into_iter().next() {
            el.click().await.unwrap();
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no button or link named {name:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The field labelled `label`.
pub async fn field(b: &Browser, label: &str) -> Element {
    find(b, Role::Field, label).await
}

/// Replaces what the field labelled `label` holds with `text` (typed).
pub async fn fill(b: &Browser, label: &str, text: &str) {
    let el = field(b, label).await;
    el.clear().await.unwrap();
    if !text.is_empty() {
        el.send_keys(text).await.unwrap();
    }
}

/// Empties the field labelled `label` the way a person does (select all,
/// delete), so the page sees an input event.
pub async fn clear_by_typing(b: &Browser, label: &str) {
    let el = field(b, label).await;
    el.click().await.unwrap();
    let select_all = format!("{}a", fantoccini::key::Key::Control);
    el.send_keys(&select_all).await.unwrap();
    el.send_keys(&fantoccini::key::Key::Backspace.to_string())
        .await
        .unwrap();
}

/// The text of the accessible description (the message under it) of the
/// field labelled `label`; empty when there is none.
pub async fn description(b: &Browser, label: &str) -> String {
    let el = field(b, label).await;
    run(b, "return R.describedBy(arguments[0]);", vec![json!(el)])
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Waits until a heading with exactly `text` is shown.
pub async fn wait_heading(b: &Browser, text: &str) {
    find(b, Role::Heading, text).await;
}

/// Waits until the page's path is exactly `path` (the base path
/// included), and fails with where it is instead.
pub async fn wait_path_exact(b: &Browser, path: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let now = b.client.current_url().await.unwrap();
        if now.path() == path {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "at {now}, expected the path {path}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One field of a table row as shown: its label, what it holds
/// (`"true"`/`"false"` for a checkbox), and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub label: String,
    pub value: String,
    pub message: String,
}

/// Every body row of the table that has the column headers `columns`,
/// as the fields each row shows.
pub async fn table_rows(b: &Browser, columns: &[&str]) -> Vec<Vec<Shown>> {
    let v = run(
        b,
        "const cols = arguments[0];
         const table = Array.from(document.querySelectorAll('table')).filter(R.shown).find(t => {
           const heads = Array.from(t.querySelectorAll('thead th')).map(h => R.norm(h.textContent));
           return cols.every(c => heads.includes(c));
         });
         if (!table) return null;
         return Array.from(table.querySelectorAll('tbody tr')).filter(R.shown).map(tr =>
           Array.from(tr.querySelectorAll('input, select, textarea')).filter(R.shown).map(el =>
             ({ label: R.nameOf(el), value: R.valueOf(el), message: R.describedBy(el) })));",
        vec![json!(columns)],
    )
    .await;
    assert!(!v.is_null(), "no table with the columns {columns:?}");
    v.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|f| Shown {
                    label: f["label"].as_str().unwrap_or_default().to_owned(),
                    value: f["value"].as_str().unwrap_or_default().to_owned(),
                    message: f["message"].as_str().unwrap_or_default().to_owned(),
                })
                .collect()
        })
        .collect()
}

/// The text inside the disclosure (`<details>`) whose summary is `summary`.
pub async fn disclosure_text(b: &Browser, summary: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let v = run(
            b,
            "const d = Array.from(document.querySelectorAll('details')).find(d => {
               const s = d.querySelector('summary'); return s && R.norm(s.textContent) === arguments[0];
             });
             if (!d) return null;
             return Array.from(d.childNodes).filter(n => n.nodeName !== 'SUMMARY').map(n => n.textContent).join('');",
            vec![json!(summary)],
        )
        .await;
        if let Some(s) = v.as_str() {
            return s.to_owned();
        }
        assert!(Instant::now() < deadline, "no disclosure {summary:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The rendered text nodes of the page that contain `needle`.
pub async fn texts_containing(b: &Browser, needle: &str) -> Vec<String> {
    let v = run(
        b,
        "const out = [];
         const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
         for (let n = walk.nextNode(); n; n = walk.nextNode()) {
           const p = n.parentElement;
           if (p && !p.closest('script, style') && n.textContent.includes(arguments[0])) out.push(n.textContent);
         }
         document.querySelectorAll('input, textarea').forEach(e => {
           if ((e.value || '').includes(arguments[0])) out.push(e.value);
         });
         return out;",
        vec![json!(needle)],
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Waits until some element of the page shows exactly `text` (its whole
/// text, whitespace collapsed).
pub async fn wait_text(b: &Browser, text: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = run(
            b,
            "return Array.from(document.body.querySelectorAll('*'))
               .some(e => R.shown(e) && R.norm(e.textContent) === arguments[0]);",
            vec![json!(text)],
        )
        .await;
        if found == json!(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "nothing on the page shows {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Fails if any text on the page is Rust source that leaked into the
/// view (a closure rendered as text instead of run).
pub async fn assert_no_source_text(b: &Browser, when: &str) {
    for needle in ["on:click", "move ||"] {
        let found = texts_containing(b, needle).await;
        assert!(
            found.is_empty(),
            "{when}: the page shows source text {found:?}"
        );
    }
}
