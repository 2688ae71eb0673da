//! The error decoding passes up while it runs: cheap to return, and given the path of
//! the field at fault on its way up, so the happy path never builds a path at all.

use crate::DecodeError;

/// A decoding failure, on its way up to the entry point that reports it.
#[derive(Debug)]
pub struct Failure(Box<Details>);

#[derive(Debug)]
struct Details {
    /// The byte offset in the whole input where decoding stopped.
    offset: usize,
    message: String,
    /// The path, innermost segment first.
    path: Vec<Segment>,
}

#[derive(Debug)]
enum Segment {
    Field(&'static str),
    Key(String),
    Index(usize),
}

impl Failure {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> Self {
        Failure(Box::new(Details {
            offset,
            message: message.into(),
            path: Vec::new(),
        }))
    }

    /// The failure, inside the field `name`.
    pub fn in_field(mut self, name: &'static str) -> Self {
        self.0.path.push(Segment::Field(name));
        self
    }

    /// The failure, inside the map entry `key`.
    pub fn in_key(mut self, key: &str) -> Self {
        self.0.path.push(Segment::Key(key.to_owned()));
        self
    }

    /// The failure, inside the list item at `index`.
    pub fn in_item(mut self, index: usize) -> Self {
        self.0.path.push(Segment::Index(index));
        self
    }

    /// The error a caller sees: the path in reading order, the position as line and column.
    pub(crate) fn into_decode_error(self, target: &'static str, input: &[u8]) -> DecodeError {
        let Details {
            offset,
            message,
            path,
        } = *self.0;
        let mut rendered = String::new();
        for segment in path.iter().rev() {
            match segment {
                Segment::Field(name) => {
                    if !rendered.is_empty() {
                        rendered.push('.');
                    }
                    rendered.push_str(name);
                }
                Segment::Key(key) => {
                    rendered.push('[');
                    rendered.push_str(&format!("{key:?}"));
                    rendered.push(']');
                }
                Segment::Index(index) => rendered.push_str(&format!("[{index}]")),
            }
        }
        let (line, column) = line_and_column(input, offset);
        DecodeError::new(target, rendered, message, line, column)
    }
}

/// The 1-based line and column of the byte at `offset` (or of the end of the input).
fn line_and_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = &input[..offset.min(input.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset.min(input.len()) - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_reads_outside_in() {
        let failure = Failure::new(12, "expected string but found int")
            .in_field("price")
            .in_item(0)
            .in_field("data")
            .in_field("line_items");
        let error = failure.into_decode_error("CheckoutSession", b"{\n  \"a\": 1, \"b\": 2}");
        assert_eq!(error.path(), "line_items.data[0].price");
        assert_eq!((error.line(), error.column()), (2, 11));
    }

    #[test]
    fn map_keys_are_quoted() {
        let failure = Failure::new(0, "x").in_key("order id").in_field("metadata");
        assert_eq!(
            failure.into_decode_error("T", b"").path(),
            "metadata[\"order id\"]"
        );
    }
}
