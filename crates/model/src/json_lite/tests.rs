//! The reader against serde_json: generated texts, near-valid and broken,
//! read as the same types both ways must give the same value or both fail.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

use serde::de::IgnoredAny;

use super::{from_str, FromJson};
use crate::console_config::ConsoleConfig;
use crate::envelope::{ApiMessage, Envelope};
use crate::listing::{MonitorListing, PoolListing};

/// `text` read both ways: equal values, or an error from both.
fn same<T>(text: &str) -> std::result::Result<(), TestCaseError>
where
    T: FromJson + DeserializeOwned + PartialEq + Debug,
{
    let lite = from_str::<T>(text);
    let serde = serde_json::from_str::<T>(text);
    match (&lite, &serde) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", text),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(
            false,
            "json_lite {:?} but serde_json {:?} for {}",
            lite,
            serde,
            text
        ),
    }
    Ok(())
}

fn assert_same<T>(text: &str)
where
    T: FromJson + DeserializeOwned + PartialEq + Debug,
{
    same::<T>(text).unwrap_or_else(|e| panic!("{e}"));
}

/// Whitespace JSON allows, and sometimes none.
fn ws() -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => prop::sample::select(vec![" ", "\n", "\t", "\r\n  ", "  "]).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Number tokens, well-formed and not.
fn number() -> BoxedStrategy<String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u32..100).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        prop::sample::select(vec![
            "0",
            "-0",
            "1.0",
            "1e5",
            "1E+2",
            "2e-3",
            "-1.5",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "00",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "4294967296",
            "0.30000000000000004",
            "1e400",
            "-01",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// String tokens: plain, escaped, with pairs and lone surrogates, with
/// bad escapes and raw control characters.
fn string() -> BoxedStrategy<String> {
    let piece = prop::sample::select(vec![
        "a",
        "pool-1",
        "192.0.2.1",
        "é",
        "😀",
        " ",
        "\\n",
        "\\\"",
        "\\\\",
        "\\/",
        "\\t",
        "\\u00e9",
        "\\u0041",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\ude00",
        "\\ud83dx",
        "\\ud83d\\u0041",
        "\\x",
        "\\u12",
        "\u{1}",
        "WEU",
        "ENAM",
        "https",
        "\\b\\f\\r",
    ]);
    prop::collection::vec(piece, 0..4)
        .prop_map(|p| format!("\"{}\"", p.concat()))
        .boxed()
}

/// Any value, nested a few levels.
fn value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("nul".to_owned()),
        number(),
        string(),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((ws(), inner.clone()), 0..4)).prop_map(|items| {
                let items: Vec<String> = items.into_iter().map(|(w, v)| w + &v).collect();
                format!("[{}]", items.join(","))
            }),
            (prop::collection::vec((string(), ws(), inner), 0..4)).prop_map(|members| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(k, w, v)| format!("{k}{w}:{w}{v}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
    .boxed()
}

/// An object with some of `known`'s members (each given a value of the
/// kind `typed` makes, or any value), unknown ones, and sometimes a known
/// member twice.
fn object(
    known: &'static [&'static str],
    typed: impl Strategy<Value = String> + 'static,
) -> BoxedStrategy<String> {
    let typed = typed.boxed();
    let member = prop_oneof![
        4 => (prop::sample::select(known), prop_oneof![3 => typed, 1 => value()])
            .prop_map(|(k, v)| format!("\"{k}\":{v}")),
        1 => (string(), value()).prop_map(|(k, v)| format!("{k}:{v}")),
    ];
    (prop::collection::vec((ws(), member), 0..8), ws())
        .prop_map(|(members, end)| {
            let members: Vec<String> = members.into_iter().map(|(w, m)| w + &m).collect();
            format!("{{{}{end}}}", members.join(","))
        })
        .boxed()
}

/// A value of one of the kinds the listings' members have.
fn typed_leaf() -> BoxedStrategy<String> {
    prop_oneof![
        string(),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("null".to_owned()),
        (0i64..10).prop_map(|n| n.to_string()),
        Just("[\"WEU\",\"ENAM\"]".to_owned()),
    ]
    .boxed()
}

fn origin() -> BoxedStrategy<String> {
    object(&["name", "address", "enabled", "healthy"], typed_leaf()).boxed()
}

fn pool() -> BoxedStrategy<String> {
    let member = prop_oneof![
        4 => typed_leaf(),
        1 => prop::collection::vec(origin(), 0..3).prop_map(|o| format!("[{}]", o.join(","))),
    ];
    object(
        &[
            "id",
            "modified_on",
            "name",
            "description",
            "enabled",
            "minimum_origins",
            "monitor",
            "check_regions",
            "origins",
            "healthy",
        ],
        member,
    )
    .boxed()
}

fn monitor() -> BoxedStrategy<String> {
    object(&["id", "type", "description", "path"], typed_leaf()).boxed()
}

fn message() -> BoxedStrategy<String> {
    let member = prop_oneof![
        3 => typed_leaf(),
        1 => Just("{\"pointer\":\"/name\"}".to_owned()),
        1 => Just("[{\"code\":6111,\"message\":\"bad\"}]".to_owned()),
    ];
    object(
        &[
            "code",
            "message",
            "documentation_url",
            "source",
            "error_chain",
        ],
        member,
    )
    .boxed()
}

fn envelope(result: impl Strategy<Value = String> + Clone + 'static) -> BoxedStrategy<String> {
    let member = prop_oneof![
        2 => typed_leaf(),
        3 => prop::collection::vec(result, 0..3).prop_map(|r| format!("[{}]", r.join(","))),
        1 => prop::collection::vec(message(), 0..2).prop_map(|m| format!("[{}]", m.join(","))),
        1 => Just("{\"page\":1,\"per_page\":20,\"count\":2,\"total_count\":2,\"total_pages\":1}".to_owned()),
    ];
    object(
        &["success", "errors", "messages", "result", "result_info"],
        member,
    )
    .boxed()
}

fn config() -> BoxedStrategy<String> {
    let member = prop_oneof![
        3 => typed_leaf(),
        1 => object(
            &["enterprise", "endpoint_quota", "pool_quota", "monitor_quota", "strict_public_addresses"],
            prop_oneof![typed_leaf(), number()],
        ),
        1 => object(&["enterprise", "max_origins"], prop_oneof![typed_leaf(), number()]),
    ];
    object(
        &["api_base", "account_id", "auth", "mode", "plan", "limits"],
        member,
    )
    .boxed()
}

/// `text` with one character inserted, removed or replaced at `at`.
fn mutate(text: &str, at: usize, how: u8, with: char) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    match how % 3 {
        0 => chars.insert(at, with),
        1 if at < chars.len() => {
            chars.remove(at);
        }
        _ if at < chars.len() => chars[at] = with,
        _ => chars.push(with),
    }
    chars.into_iter().collect()
}

fn breaking() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        ',', '}', ']', '{', '[', '"', ':', ' ', '\\', '1', '-', '.', 'e', 'n', '\u{0}',
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn pools_read_as_serde_reads_them(text in pool()) {
        same::<PoolListing>(&text)?;
    }

    #[test]
    fn broken_pools_fail_as_with_serde(text in pool(), at in any::<usize>(), how in any::<u8>(), with in breaking()) {
        same::<PoolListing>(&mutate(&text, at, how, with))?;
    }

    #[test]
    fn envelopes_read_as_serde_reads_them(pools in envelope(pool()), monitors in envelope(monitor())) {
        same::<Envelope<Vec<PoolListing>>>(&pools)?;
        same::<Envelope<Vec<MonitorListing>>>(&monitors)?;
        // How the console reads a failure, whatever its result holds.
        same::<Envelope<IgnoredAny>>(&pools)?;
    }

    #[test]
    fn broken_envelopes_fail_as_with_serde(text in envelope(pool()), at in any::<usize>(), how in any::<u8>(), with in breaking()) {
        same::<Envelope<Vec<PoolListing>>>(&mutate(&text, at, how, with))?;
    }

    #[test]
    fn error_items_read_as_serde_reads_them(text in message()) {
        same::<ApiMessage>(&text)?;
    }

    #[test]
    fn configurations_read_as_serde_reads_them(text in config(), at in any::<usize>(), how in any::<u8>(), with in breaking()) {
        same::<ConsoleConfig>(&text)?;
        same::<ConsoleConfig>(&mutate(&text, at, how, with))?;
    }

    #[test]
    fn leaves_read_as_serde_reads_them(n in number(), s in string(), v in value()) {
        for text in [&n, &s, &v] {
            same::<i64>(text)?;
            same::<u64>(text)?;
            same::<usize>(text)?;
            same::<String>(text)?;
            same::<bool>(text)?;
            same::<Option<String>>(text)?;
            same::<Vec<Option<i64>>>(text)?;
            same::<IgnoredAny>(text)?;
        }
    }
}

#[test]
fn the_api_answers_of_the_listing_tests_read_the_same() {
    // The listing tests' answers, and an empty object.
    for &text in crate::listing::tests::POOLS.iter().chain(["{}"].iter()) {
        assert_same::<PoolListing>(text);
        assert!(from_str::<PoolListing>(text).is_ok(), "{text}");
    }
}

#[test]
fn absent_null_and_a_list_of_regions_stay_apart() {
    let read = |t: &str| from_str::<PoolListing>(t).unwrap().check_regions;
    assert_eq!(read("{}"), None);
    assert_eq!(read(r#"{"check_regions":null}"#), Some(None));
    assert_eq!(
        read(r#"{"check_regions":["WEU","MARS"]}"#),
        Some(Some(vec![
            crate::region::CheckRegion::Weu,
            crate::region::CheckRegion::Other("MARS".into())
        ]))
    );
}

#[test]
fn errors_say_what_and_where() {
    let e = from_str::<PoolListing>("{\n  \"name\": 7}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type: number, expected a string at line 2 column 10"
    );
    let e = from_str::<PoolListing>(r#"{"name":"a","name":"b"}"#).unwrap_err();
    assert_eq!(e.message(), "duplicate field `name`");
    let e = from_str::<Envelope<Vec<PoolListing>>>(r#"{"result":[]}"#).unwrap_err();
    assert_eq!(e.message(), "missing field `success`");
    let e = from_str::<PoolListing>(r#"{"minimum_origins":-0}"#).unwrap_err();
    assert!(e.message().contains("floating point"), "{e}");
}

#[test]
fn a_deeply_nested_unknown_member_is_skipped_without_recursion() {
    let depth = 100_000;
    let text = format!(
        r#"{{"deep":{}{},"name":"x"}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert_eq!(from_str::<PoolListing>(&text).unwrap().name, "x");
}

#[test]
fn escapes_decode_to_the_same_text() {
    let s: String = from_str(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap();
    assert_eq!(s, "a\"b\\c/d\u{8}\u{c}\n\r\té😀");
}
