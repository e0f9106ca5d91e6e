//! String-valued enums that survive values this version does not know.
//!
//! Cloudflare adds enum values over time (`CHINA` joined `check_regions` in
//! 2026). A console that failed to parse a pool because of a new region could
//! not show it, and one that dropped the value would delete it on the next
//! save. Every wire enum is therefore declared with [`string_enum!`], which
//! adds an `Other(String)` variant that keeps the value verbatim; validation
//! reports it where the server must refuse it.

/// Declares a wire enum: `Variant = "wire" => "Human label"`.
///
/// Generates `as_str`, `label`, `is_known`, `KNOWN` (the known variants in
/// declaration order), `From<&str>`, `Display`, and serde (and
/// [`json_lite`](crate::json_lite)) impls that read and write the wire string.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept verbatim so it round-trips.
            Other(String),
        }

        impl $name {
            /// The known values, in the order the UI lists them.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }

            /// The human name Cloudflare's dashboard and docs use.
            pub fn label(&self) -> &str {
                match self {
                    $( $name::$variant => $label, )+
                    $name::Other(s) => s,
                }
            }

            /// False for values this version does not know.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $crate::json_lite::FromJson for $name {
            fn read(r: &mut $crate::json_lite::Reader<'_>) -> $crate::json_lite::Result<Self> {
                r.string().map(|s| $name::from(s.as_ref()))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::from(s.as_ref()))
            }
        }
    };
}

pub(crate) use string_enum;
