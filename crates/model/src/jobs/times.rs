//! Finding the times in a job's text. The server writes times into a job's
//! description and messages as RFC 3339 UTC ("Next check at
//! 2026-12-02T02:10:00.000000Z"), the only form it can be sure of; the
//! console shows each one in the browser's time zone instead. This finds
//! them, so the server's sentences stay the one source of the words.

use std::ops::Range;

/// The byte ranges of `text` that are RFC 3339 date-times:
/// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±hh:mm`.
pub fn time_spans(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match date_time_at(b, i) {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Where a date-time that starts at `i` ends, if one does.
fn date_time_at(b: &[u8], i: usize) -> Option<usize> {
    // A time glued to a longer number or word is not one of ours.
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let shape = b"dddd-dd-ddTdd:dd:dd";
    let head = b.get(i..i + shape.len())?;
    let fits = head.iter().zip(shape).all(|(c, s)| match s {
        b'd' => c.is_ascii_digit(),
        s => c == s,
    });
    if !fits {
        return None;
    }
    let mut j = i + shape.len();
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 1;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    match b.get(j) {
        Some(b'Z') => Some(j + 1),
        Some(b'+' | b'-') => {
            let off = b.get(j + 1..j + 6)?;
            let ok = off[0].is_ascii_digit()
                && off[1].is_ascii_digit()
                && off[2] == b':'
                && off[3].is_ascii_digit()
                && off[4].is_ascii_digit();
            ok.then_some(j + 6)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        time_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_the_server_s_times_and_nothing_else() {
        assert_eq!(
            found("failed at 2026-12-02T02:10:00.000000Z, so it stays disabled. Next check at 2026-12-02T02:11:00.000000Z."),
            ["2026-12-02T02:10:00.000000Z", "2026-12-02T02:11:00.000000Z"]
        );
        assert_eq!(
            found("2026-12-02T02:00:00.000Z to 2026-12-02T03:00:00+01:00"),
            ["2026-12-02T02:00:00.000Z", "2026-12-02T03:00:00+01:00"]
        );
        assert_eq!(found("from 2014-01-01T05:20:00Z"), ["2014-01-01T05:20:00Z"]);
        assert!(found("weight 0.5 after 2 steps, 12:30").is_empty());
        assert!(found("2026-12-02T02:10:00 (no zone)").is_empty());
        assert!(found("x2026-12-02T02:10:00Z").is_empty());
        assert!(found("2026-12-02T02:10:00+01").is_empty());
        assert!(found("").is_empty());
    }
}
