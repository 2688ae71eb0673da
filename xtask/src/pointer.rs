//! JSON pointers (RFC 6901): how every error names the place in a spec it is about.

use std::fmt;

/// A JSON pointer into a spec document, such as `/components/schemas/charge`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// The pointer one level below `self`, escaping `~` and `/` in `token`.
    pub fn push(&self, token: &str) -> Pointer {
        let mut path = String::with_capacity(self.0.len() + token.len() + 1);
        path.push_str(&self.0);
        path.push('/');
        for c in token.chars() {
            match c {
                '~' => path.push_str("~0"),
                '/' => path.push_str("~1"),
                c => path.push(c),
            }
        }
        Pointer(path)
    }

    /// The pointer one level below `self`, at array index `index`.
    pub fn index(&self, index: usize) -> Pointer {
        self.push(&index.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the local reference `#/a/b`; `None` when it is not a local reference.
    pub fn from_local_ref(reference: &str) -> Option<Pointer> {
        let path = reference.strip_prefix('#')?;
        if !path.is_empty() && !path.starts_with('/') {
            return None;
        }
        Some(Pointer(path.to_owned()))
    }

    /// The unescaped reference tokens of the pointer.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_round_trips_tokens() {
        let pointer = Pointer::root()
            .push("paths")
            .push("/v1/checkout/sessions/{session}/expire")
            .push("a~b");
        assert_eq!(
            pointer.as_str(),
            "/paths/~1v1~1checkout~1sessions~1{session}~1expire/a~0b"
        );
        let tokens: Vec<String> = pointer.tokens().collect();
        assert_eq!(
            tokens,
            ["paths", "/v1/checkout/sessions/{session}/expire", "a~b"]
        );
    }

    #[test]
    fn only_local_refs_parse() {
        assert_eq!(
            Pointer::from_local_ref("#/components/schemas/x").map(String::from),
            Some("/components/schemas/x".to_owned())
        );
        assert_eq!(Pointer::from_local_ref("other.yaml#/a"), None);
        assert_eq!(Pointer::from_local_ref("#a"), None);
    }
}
