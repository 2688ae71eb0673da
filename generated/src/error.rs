//! The error of decoding JSON into one of this crate's types.

use std::fmt;

/// JSON that could not be decoded into the type asked for: not JSON, or not the shape of
/// that type. It says where: the path of the field at fault and its line and column.
///
/// ```
/// let error = stripe_api::CheckoutSession::from_json_str(r#"{"id": 42}"#).unwrap_err();
/// assert_eq!(error.path(), "id");
/// assert_eq!(
///     error.to_string(),
///     "cannot decode CheckoutSession at `id`: expected string but found int (line 1, column 8)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Details>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    target: &'static str,
    path: String,
    message: String,
    line: usize,
    column: usize,
}

impl DecodeError {
    pub(crate) fn new(
        target: &'static str,
        path: String,
        message: String,
        line: usize,
        column: usize,
    ) -> Self {
        DecodeError(Box::new(Details {
            target,
            path,
            message,
            line,
            column,
        }))
    }

    /// The type that was being decoded, such as `CheckoutSession`.
    pub fn target(&self) -> &'static str {
        self.0.target
    }

    /// Where in the JSON the problem is, as a path of fields and indexes
    /// (`line_items.data[0].price`); empty when it is the whole document.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The line of the input where decoding stopped, counting from 1.
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// The column of the input where decoding stopped, counting from 1.
    pub fn column(&self) -> usize {
        self.0.column
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Details {
            target,
            path,
            message,
            line,
            column,
        } = &*self.0;
        write!(f, "cannot decode {target}")?;
        if !path.is_empty() {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {message} (line {line}, column {column})")
    }
}

impl std::error::Error for DecodeError {}
