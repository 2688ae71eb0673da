//! A file sent to Stripe, as the `file` part of a `multipart/form-data` upload.

use std::fmt;

use crate::form::{FormEncoder, FormValue};

/// A file to upload (`client.v1().files().create(..)`): its name, its bytes and, if
/// known, its media type. Stripe reads the type from the name's extension when none is
/// given.
///
/// ```
/// let receipt = stripe_api::FileUpload::new("receipt.pdf", b"%PDF-1.4 ...".to_vec())
///     .content_type("application/pdf");
/// assert_eq!(receipt.name(), "receipt.pdf");
/// assert_eq!(receipt.len(), 12);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    name: String,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl FileUpload {
    /// The file `name` (the part's file name) holding `bytes`.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FileUpload {
            name: name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sends the file as of this media type, such as `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The name, type and size; never the bytes, which may be anything and large.
impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FormValue for FileUpload {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.file(self);
    }
}
