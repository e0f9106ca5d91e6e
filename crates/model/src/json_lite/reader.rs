//! The cursor over a JSON text: whitespace, strings, integers, `true`,
//! `false`, `null`, and the walk over arrays and objects. Values it is not
//! asked to read are checked and skipped, never decoded, so a float or a
//! nested object in an unknown member costs no number or map code.
//!
//! What it accepts and refuses is serde_json's (1.x, `from_str`), member
//! for member: the same whitespace, escapes, number grammar, surrogate
//! rules and trailing-character check (see the differential tests in
//! `tests.rs`).

use std::borrow::Cow;
use std::fmt;

/// Why a text could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    message: Cow<'static, str>,
    line: usize,
    column: usize,
}

impl JsonError {
    /// What went wrong, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for JsonError {}

pub type Result<T> = std::result::Result<T, JsonError>;

/// A position in a JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { text, pos: 0 }
    }

    /// An error at the current position.
    #[cold]
    pub fn error(&self, message: impl Into<Cow<'static, str>>) -> JsonError {
        let before = &self.text.as_bytes()[..self.pos.min(self.text.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count();
        JsonError {
            message: message.into(),
            line,
            column,
        }
    }

    /// `expected …` where something else (or the end) was found.
    #[cold]
    fn expected(&self, what: &'static str) -> JsonError {
        match self.peek_raw() {
            None => self.error(format!("EOF while parsing {what}")),
            Some(_) => self.error(format!("expected {what}")),
        }
    }

    fn peek_raw(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next byte that is not whitespace, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek_raw() {
            self.pos += 1;
        }
        self.peek_raw()
    }

    /// Consumes `byte`, after whitespace, or fails expecting `what`.
    fn eat(&mut self, byte: u8, what: &'static str) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    /// Nothing but whitespace is left.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// Consumes `null` and returns true, or returns false and consumes
    /// nothing when the value is something else.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.word("null")?;
        Ok(true)
    }

    /// Consumes the literal `word` (`null`, `true`, `false`).
    fn word(&mut self, word: &'static str) -> Result<()> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            return Ok(());
        }
        // Where serde_json stops: at the first byte that differs.
        let rest = &self.text.as_bytes()[self.pos..];
        let same = rest
            .iter()
            .zip(word.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        self.pos += same;
        Err(match self.peek_raw() {
            None => self.error("EOF while parsing a value"),
            Some(_) => self.error("expected ident"),
        })
    }

    pub fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.word("true").map(|_| true),
            Some(b'f') => self.word("false").map(|_| false),
            _ => Err(self.invalid_type("a boolean")),
        }
    }

    /// `invalid type: …, expected {what}`, naming what is there.
    #[cold]
    fn invalid_type(&mut self, what: &'static str) -> JsonError {
        let found = match self.peek() {
            None => return self.error("EOF while parsing a value"),
            Some(b'n') => "null",
            Some(b't' | b'f') => "boolean",
            Some(b'"') => "string",
            Some(b'[') => "sequence",
            Some(b'{') => "map",
            Some(b'-' | b'0'..=b'9') => "number",
            Some(_) => return self.error("expected value"),
        };
        self.error(format!("invalid type: {found}, expected {what}"))
    }

    /// A non-negative integer that fits `u64`. A fraction, an exponent, a
    /// sign or `-0` (all floats to serde_json) is an error, as is a value
    /// out of range.
    pub fn unsigned(&mut self) -> Result<u64> {
        let (negative, digits) = self.integer("an unsigned integer")?;
        if negative {
            return Err(self.error("invalid value: negative integer, expected an unsigned integer"));
        }
        digits
            .parse()
            .map_err(|_| self.error("invalid type: floating point, expected an unsigned integer"))
    }

    /// An integer that fits `i64` (see [`Reader::unsigned`]).
    pub fn signed(&mut self) -> Result<i64> {
        let start = self.pos;
        let (negative, digits) = self.integer("an integer")?;
        let magnitude: u64 = digits
            .parse()
            .map_err(|_| self.error("invalid type: floating point, expected an integer"))?;
        let value = if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        value.ok_or_else(|| {
            self.pos = start;
            self.error("invalid value: integer out of range for i64")
        })
    }

    /// An integer token: its sign and its digits. The number is checked
    /// against JSON's grammar first, so a malformed one reports that.
    fn integer(&mut self, what: &'static str) -> Result<(bool, &'a str)> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.invalid_type(what));
        }
        let start = self.pos;
        self.number()?;
        let token = &self.text[start..self.pos];
        let (negative, digits) = match token.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, token),
        };
        // serde_json reads `-0` as the float -0.0.
        if digits.bytes().any(|b| !b.is_ascii_digit()) || (negative && digits == "0") {
            return Err(self.error(format!(
                "invalid type: floating point `{token}`, expected {what}"
            )));
        }
        Ok((negative, digits))
    }

    /// Consumes a number, checking it is one:
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<()> {
        let bytes = self.text.as_bytes();
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos > from
        };
        let mut pos = self.pos;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        let ok = match bytes.get(pos) {
            Some(b'0') => {
                pos += 1;
                !bytes.get(pos).is_some_and(u8::is_ascii_digit)
            }
            Some(b'1'..=b'9') => digits(&mut pos),
            _ => false,
        };
        let ok = ok
            && (bytes.get(pos) != Some(&b'.') || {
                pos += 1;
                digits(&mut pos)
            });
        let ok = ok
            && (!matches!(bytes.get(pos), Some(b'e' | b'E')) || {
                pos += 1;
                if let Some(b'+' | b'-') = bytes.get(pos) {
                    pos += 1;
                }
                digits(&mut pos)
            });
        self.pos = pos;
        if ok {
            Ok(())
        } else {
            Err(self.error("invalid number"))
        }
    }

    /// A string, unescaped; borrowed from the text when it has no escape.
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return Err(self.invalid_type("a string"));
        }
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    let tail = &self.text[run..self.pos];
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let c = self.escape()?;
                    s.push(c);
                    run = self.pos;
                }
                Some(&b) if b < 0x20 => return Err(self.control_character()),
                Some(_) => self.pos += 1,
            }
        }
    }

    /// A raw control character inside a string, which JSON forbids.
    #[cold]
    fn control_character(&mut self) -> JsonError {
        self.pos += 1;
        self.error("control character (\\u0000-\\u001F) found while parsing a string")
    }

    /// The character of the escape after a backslash; UTF-16 surrogates
    /// must come in pairs, as in serde_json.
    fn escape(&mut self) -> Result<char> {
        let b = self.peek_raw();
        self.pos += 1;
        Ok(match b {
            None => return Err(self.error("EOF while parsing a string")),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let lone = "lone leading surrogate in hex escape";
                let first = self.hex4()?;
                let code = match first {
                    0xDC00..=0xDFFF => return Err(self.error(lone)),
                    0xD800..=0xDBFF => {
                        if !self.text[self.pos..].starts_with("\\u") {
                            self.pos = (self.pos + 1).min(self.text.len());
                            return Err(self.error("unexpected end of hex escape"));
                        }
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error(lone));
                        }
                        0x1_0000
                            + ((u32::from(first) - 0xD800) << 10)
                            + (u32::from(second) - 0xDC00)
                    }
                    other => u32::from(other),
                };
                char::from_u32(code).ok_or_else(|| self.error(lone))?
            }
            Some(_) => return Err(self.error("invalid escape")),
        })
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u16> {
        let mut n = 0u16;
        for _ in 0..4 {
            let Some(b) = self.peek_raw() else {
                return Err(self.error("EOF while parsing a string"));
            };
            self.pos += 1;
            let digit = (b as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid escape"))?;
            n = n * 16 + digit as u16;
        }
        Ok(n)
    }

    /// Reads an array, calling `item` with the reader at each element.
    /// `dyn`, so the loop is compiled once for every element type.
    pub fn array(&mut self, item: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        if self.peek() != Some(b'[') {
            return Err(self.invalid_type("a sequence"));
        }
        self.pos += 1;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    if self.peek() == Some(b']') {
                        return Err(self.error("trailing comma"));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.expected("`,` or `]`")),
            }
        }
    }

    /// Reads an object, calling `member` with each key and the reader at
    /// its value, which `member` must consume (read or [`Reader::skip`]).
    pub fn object(&mut self, member: &mut dyn FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        if self.peek() != Some(b'{') {
            return Err(self.invalid_type("a map"));
        }
        self.pos += 1;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(match self.peek() {
                    None => self.error("EOF while parsing an object"),
                    Some(_) => self.error("key must be a string"),
                });
            }
            let key = self.string()?;
            self.eat(b':', "`:`")?;
            member(self, &key)?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    if self.peek() == Some(b'}') {
                        return Err(self.error("trailing comma"));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.expected("`,` or `}`")),
            }
        }
    }

    /// Checks and passes over one value of any kind. Iterative, like
    /// serde_json's, so no nesting depth overflows the stack.
    pub fn skip(&mut self) -> Result<()> {
        // The open arrays and objects: true for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            // A value.
            match self.peek() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b'n') => self.word("null")?,
                Some(b't') => self.word("true")?,
                Some(b'f') => self.word("false")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b'"') => self.skip_string()?,
                Some(b @ (b'[' | b'{')) => {
                    self.pos += 1;
                    let object = b == b'{';
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                    } else {
                        open.push(object);
                        if object {
                            self.skip_key()?;
                        }
                        continue;
                    }
                }
                Some(_) => return Err(self.error("expected value")),
            }
            // After a value: close what ends here, or go on to the next.
            loop {
                let Some(&object) = open.last() else {
                    return Ok(());
                };
                let close = if object { b'}' } else { b']' };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if self.peek() == Some(close) {
                            return Err(self.error("trailing comma"));
                        }
                        if object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ if object => return Err(self.expected("`,` or `}`")),
                    _ => return Err(self.expected("`,` or `]`")),
                }
            }
        }
    }

    /// An object's key and its `:`, skipped.
    fn skip_key(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'"') => self.skip_string()?,
            None => return Err(self.error("EOF while parsing an object")),
            Some(_) => return Err(self.error("key must be a string")),
        }
        self.eat(b':', "`:`")
    }

    /// A string passed over. As in serde_json, a `\u` escape is not
    /// checked for surrogate pairs here: nothing is decoded.
    fn skip_string(&mut self) -> Result<()> {
        self.pos += 1;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek_raw() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        None => return Err(self.error("EOF while parsing a string")),
                        Some(_) => {
                            self.pos += 1;
                            return Err(self.error("invalid escape"));
                        }
                    }
                }
                Some(&b) if b < 0x20 => return Err(self.control_character()),
                Some(_) => self.pos += 1,
            }
        }
    }
}
