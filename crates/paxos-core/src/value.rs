//! The values that proposers propose and Paxos chooses among.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A short value, such as `A` or `x=1`, stored inline so messages stay `Copy` and cheap.
///
/// At most [`Value::MAX_LEN`] bytes of ASCII letters, digits and `_ - . + * ! ? / =`; no
/// spaces, so a value is one word in a scenario script and in the compact event lines.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Value {
    len: u8,
    bytes: [u8; Value::MAX_LEN],
}

/// Why text could not become a [`Value`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "value `{}` {}", self.input, self.problem)
    }
}

impl std::error::Error for ValueError {}

/// Two words, length and bytes together (the unused bytes are always zero): values are
/// hashed in every state fingerprint the model checker takes, and the derived hash took four
/// rounds and two copies.
impl Hash for Value {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let mut lo = [0u8; 8];
        lo[0] = self.len;
        lo[1..].copy_from_slice(&self.bytes[..7]);
        let mut hi = [0u8; 8];
        hi.copy_from_slice(&self.bytes[7..]);
        h.write_u64(u64::from_le_bytes(lo));
        h.write_u64(u64::from_le_bytes(hi));
    }
}

impl Value {
    /// The longest value, in bytes.
    pub const MAX_LEN: usize = 15;

    /// Reads a value, or says what is wrong with the text.
    pub fn new(text: &str) -> Result<Value, ValueError> {
        let err = |problem| ValueError {
            input: text.chars().take(40).collect(),
            problem,
        };
        if text.is_empty() {
            return Err(err("is empty"));
        }
        if text.len() > Value::MAX_LEN {
            return Err(err("is longer than 15 characters"));
        }
        if !text.bytes().all(Value::allowed) {
            return Err(err(
                "may only use letters, digits and _ - . + * ! ? / = (no spaces)",
            ));
        }
        let mut bytes = [0u8; Value::MAX_LEN];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Ok(Value {
            len: text.len() as u8,
            bytes,
        })
    }

    /// The value of `bytes` that [`Value::raw`] gave, for the packed form: only the length
    /// and ASCII are checked, as the bytes come from a value.
    pub(crate) fn from_raw(bytes: &[u8]) -> Option<Value> {
        if bytes.is_empty() || bytes.len() > Value::MAX_LEN || !bytes.is_ascii() {
            return None;
        }
        let mut v = Value {
            len: bytes.len() as u8,
            bytes: [0; Value::MAX_LEN],
        };
        v.bytes[..bytes.len()].copy_from_slice(bytes);
        Some(v)
    }

    /// The value's bytes.
    pub(crate) fn raw(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    fn allowed(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"_-.+*!?/=".contains(&b)
    }

    /// The value as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII ever enters `bytes` (see `new`), so this cannot fail.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("?")
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl FromStr for Value {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Value::new(s)
    }
}

#[cfg(feature = "serde")]
crate::ids::serde_as_string!(Value);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_reject_bad_text() {
        assert_eq!(Value::new("A").unwrap().as_str(), "A");
        assert_eq!(Value::new("x=1").unwrap().to_string(), "x=1");
        assert_eq!(Value::new("123456789012345").unwrap().as_str().len(), 15);
        assert_eq!(Value::new("").unwrap_err().problem, "is empty");
        assert!(Value::new("1234567890123456").is_err());
        assert!(Value::new("a b").is_err());
        assert!(Value::new("é").is_err());
        assert!(Value::new("a:b").is_err());
    }
}
