//! Identifiers that become file names, so they are checked against an allowlist first.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A validated identifier: ASCII letters, digits, `-` and `.`; no leading dot, no `..`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

/// Why a string is not a safe identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("identifier is empty")]
    Empty,
    #[error("identifier {0:?} is longer than 64 characters")]
    TooLong(String),
    #[error("identifier {0:?} may only use ASCII letters, digits, '-' and '.'")]
    BadCharacter(String),
    #[error("identifier {0:?} may not start with '.' or contain '..'")]
    Dots(String),
}

impl Id {
    /// Checks `text` against the allowlist.
    pub fn parse(text: &str) -> Result<Id, IdError> {
        if text.is_empty() {
            return Err(IdError::Empty);
        }
        if text.len() > 64 {
            return Err(IdError::TooLong(text.to_string()));
        }
        if !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            return Err(IdError::BadCharacter(text.to_string()));
        }
        if text.starts_with('.') || text.contains("..") {
            return Err(IdError::Dots(text.to_string()));
        }
        Ok(Id(text.to_string()))
    }

    /// Whether `text` is a valid identifier ([`Id::parse`] would accept it), without
    /// making one.
    pub fn is_valid(text: &str) -> bool {
        !text.is_empty()
            && text.len() <= 64
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            && !text.starts_with('.')
            && !text.contains("..")
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The action part of a measure id (`A3` for `A3-02`), or the id itself.
    pub fn action_prefix(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::str::FromStr for Id {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Id::parse(s)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads the text where the format holds it (one copy, not two).
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an identifier")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Id::parse(v).map_err(E::custom)
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Id, E> {
                if Id::is_valid(&v) {
                    Ok(Id(v))
                } else {
                    Id::parse(&v).map_err(E::custom)
                }
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plan_ids() {
        for ok in [
            "A3",
            "A3-02",
            "I08",
            "L2026-03",
            "W2026-48",
            "D2026-11-03",
            "v1.2",
        ] {
            assert_eq!(Id::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn validity_is_what_parsing_accepts() {
        for text in [
            "A3", "A3-02", "I08", "a.b", "", "../x", "a/b", "a..b", ".git", "托育",
        ] {
            assert_eq!(Id::is_valid(text), Id::parse(text).is_ok(), "{text}");
        }
        assert!(!Id::is_valid(&"x".repeat(65)));
        let id: Id = serde_json::from_str("\"A3-02\"").expect("an id");
        assert_eq!(id.as_str(), "A3-02");
        let escaped: Id = serde_json::from_str("\"A3\\u002d02\"").expect("an escaped id");
        assert_eq!(escaped.as_str(), "A3-02");
        assert!(serde_json::from_str::<Id>("\"../x\"").is_err());
        assert!(ron::from_str::<Id>("\"a..b\"").is_err());
        assert_eq!(ron::from_str::<Id>("\"A1\"").expect("ron").as_str(), "A1");
    }

    #[test]
    fn rejects_unsafe_ids() {
        assert_eq!(Id::parse(""), Err(IdError::Empty));
        assert!(matches!(Id::parse("../x"), Err(IdError::BadCharacter(_))));
        assert!(matches!(Id::parse("a/b"), Err(IdError::BadCharacter(_))));
        assert!(matches!(Id::parse("a..b"), Err(IdError::Dots(_))));
        assert!(matches!(Id::parse(".git"), Err(IdError::Dots(_))));
        assert!(matches!(Id::parse("托育"), Err(IdError::BadCharacter(_))));
        assert!(matches!(
            Id::parse(&"x".repeat(65)),
            Err(IdError::TooLong(_))
        ));
    }

    #[test]
    fn action_prefix_of_measure() {
        assert_eq!(Id::parse("A3-02").unwrap().action_prefix(), "A3");
        assert_eq!(Id::parse("A3").unwrap().action_prefix(), "A3");
    }
}
