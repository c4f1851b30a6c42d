//! Closed sets from the contract as enums that never fail to decode: a value the console
//! does not know yet becomes `Unknown(String)` instead of a decode error (new SARK versions).

/// Declares a wire enum with `as_str`, `label`, `ALL`, serde (de)serialisation and `Unknown`.
#[macro_export]
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            Unknown(String),
        }

        impl $name {
            /// Every known value, in the contract's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// Human label for tables and badges.
            pub fn label(&self) -> String {
                match self {
                    $($name::$variant => $label.to_string(),)+
                    $name::Unknown(s) => s.clone(),
                }
            }

            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }

            /// Only values of the enum (never `Unknown`), for URL and filter parsing.
            pub fn parse_known(s: &str) -> Option<Self> {
                match Self::parse(s) {
                    $name::Unknown(_) => None,
                    v => Some(v),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                // SARK stores upper-case names internally; accept them should they ever leak.
                Ok(Self::parse(&s.to_ascii_lowercase()))
            }
        }
    };
}
