//! A small JSON reader for what the console's first load decodes: the
//! pools and monitors listings, their envelope, and the configuration.
//!
//! Why not serde_json there: its deserializer, with the exact float parser
//! the full types need (`float_roundtrip`), and serde's visitors for these
//! types were about 30 KB of the first load's 230 KB gzip (measured by
//! building the console without them). Every other type the console reads
//! still goes through serde_json, in the chunks that need it.
//!
//! The reader decodes strings, booleans and integers; anything else it only
//! checks and skips, so it has no float code at all. A type opts in with
//! [`FromJson`], usually through [`json_object!`], declared next to its
//! serde derive with the same members and defaults. What it accepts and
//! what it refuses is what serde_json does for the same type, down to
//! serde's reading of a struct from an array of its members: the tests
//! read generated texts with both and compare (`tests.rs`).

mod reader;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

pub use reader::{JsonError, Reader, Result};

/// A type read by this module's [`Reader`].
pub trait FromJson: Sized {
    fn read(r: &mut Reader<'_>) -> Result<Self>;
}

/// Reads `text` as one `T`, with nothing after it but whitespace.
pub fn from_str<T: FromJson>(text: &str) -> Result<T> {
    let mut r = Reader::new(text);
    let value = T::read(&mut r)?;
    r.end()?;
    Ok(value)
}

/// Any value, checked and skipped.
impl FromJson for serde::de::IgnoredAny {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.skip().map(|_| serde::de::IgnoredAny)
    }
}

impl FromJson for String {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.string().map(Cow::into_owned)
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.bool()
    }
}

impl FromJson for i64 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.signed()
    }
}

impl FromJson for u64 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.unsigned()
    }
}

impl FromJson for usize {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.unsigned()?;
        usize::try_from(n).map_err(|_| r.error("invalid value: integer out of range for usize"))
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        if r.null()? {
            Ok(None)
        } else {
            T::read(r).map(Some)
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let mut items = Vec::new();
        r.array(&mut |r| {
            items.push(T::read(r)?);
            Ok(())
        })?;
        Ok(items)
    }
}

/// Which of a struct's members were read (bit `i`: member `i`).
#[derive(Clone, Copy, Default)]
pub struct Seen(u64);

impl Seen {
    /// Fails with serde's "missing field" when member `index` never came.
    pub fn required(self, r: &Reader<'_>, index: u32, names: &[&'static str]) -> Result<()> {
        if self.0 & (1u64 << index) == 0 {
            return Err(r.error(format!("missing field `{}`", names[index as usize])));
        }
        Ok(())
    }
}

/// Reads a struct whose members are `names` (at most 64, in declaration
/// order), calling `member` with the reader at member `i`'s value.
///
/// As serde's derive over serde_json: an object whose unknown members are
/// skipped and whose known ones may come once each; or an array of the
/// members in declaration order, of which the first `seq_required` must be
/// there (serde fills in only members that have a default). Not generic,
/// so it is compiled once for every struct.
pub fn read_struct(
    r: &mut Reader<'_>,
    names: &[&'static str],
    seq_required: u32,
    member: &mut dyn FnMut(&mut Reader<'_>, u32) -> Result<()>,
) -> Result<Seen> {
    let mut seen = Seen::default();
    if r.peek() == Some(b'[') {
        let mut next = 0u32;
        r.array(&mut |r| {
            if next as usize >= names.len() {
                return Err(r.error(format!(
                    "invalid length {}, expected fewer elements in array",
                    next + 1
                )));
            }
            member(r, next)?;
            seen.0 |= 1 << next;
            next += 1;
            Ok(())
        })?;
        if next < seq_required {
            return Err(r.error(format!(
                "invalid length {next}, expected struct with {} elements",
                names.len()
            )));
        }
        return Ok(seen);
    }
    r.object(&mut |r, key| {
        let Some(i) = names.iter().position(|n| *n == key) else {
            return r.skip();
        };
        let bit = 1u64 << i;
        if seen.0 & bit != 0 {
            return Err(r.error(format!("duplicate field `{}`", names[i])));
        }
        seen.0 |= bit;
        member(r, i as u32)
    })?;
    Ok(seen)
}

/// Implements [`FromJson`] for a struct whose every member has a default:
/// it starts from `Default::default()` and reads the members that come
/// (see [`read_struct`]). Each member is `"wire name" => field`, or
/// `"wire name" => field: nullable` for an `Option<Option<T>>` read with
/// `crate::nullable` (a present `null` is `Some(None)`).
macro_rules! json_object {
    ($ty:ty { $($wire:literal => $field:ident $(: $how:ident)?),+ $(,)? }) => {
        impl $crate::json_lite::FromJson for $ty {
            fn read(r: &mut $crate::json_lite::Reader<'_>) -> $crate::json_lite::Result<Self> {
                let mut out = <$ty as ::core::default::Default>::default();
                $crate::json_lite::read_struct(r, &[$($wire),+], 0, &mut |r, i| {
                    let mut index = 0u32;
                    $(
                        if i == index {
                            out.$field = $crate::json_lite::json_object!(@read r $($how)?);
                            return Ok(());
                        }
                        index += 1;
                    )+
                    let _ = index;
                    unreachable!("member {i} of {}", stringify!($ty))
                })?;
                Ok(out)
            }
        }
    };
    (@read $r:ident) => {
        $crate::json_lite::FromJson::read($r)?
    };
    (@read $r:ident nullable) => {
        Some($crate::json_lite::FromJson::read($r)?)
    };
}

pub(crate) use json_object;
