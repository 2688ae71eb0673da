//! What a generated operation asks the client to send, and how its URL is built: path
//! parameters are percent-encoded as one segment each, so no value can reach another URL.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::Error;
use crate::form::Part;

/// Characters a path parameter keeps; everything else, `/ ? # %` included, is encoded.
/// These are RFC 3986's unreserved characters.
const SEGMENT_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The HTTP methods Stripe's API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

/// A piece of a path: fixed text, or a parameter the caller supplies.
#[derive(Clone, Copy, Debug)]
pub enum PathPart<'a> {
    Literal(&'static str),
    Param { name: &'static str, value: &'a str },
}

/// Which of Stripe's hosts serves a call: the API, or the one for files' contents
/// (`files.stripe.com`), which takes uploads and gives downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    Api,
    Files,
}

/// One call, as a generated operation describes it.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub method: Method,
    pub host: Host,
    pub path: &'a [PathPart<'a>],
    /// The form-encoded parameters: the body of a `POST`, the query of a `GET` or `DELETE`.
    pub form: String,
    /// The parameters as the parts of a `multipart/form-data` body, which a `POST` sends
    /// instead of `form` when it uploads a file.
    pub parts: Option<Vec<Part>>,
}

/// What a request sends as its body.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Body<'a> {
    /// Form-encoded parameters; a `POST` sends them as the body (empty or not), the other
    /// methods in the URL and no body.
    Form(&'a str),
    Multipart(&'a [Part]),
}

impl Request<'_> {
    /// The full URL under `base` (which has no trailing `/`).
    pub(crate) fn url(&self, base: &str) -> Result<String, Error> {
        let mut url = self.path_url(base)?;
        if self.method != Method::Post && !self.form.is_empty() {
            url.push('?');
            url.push_str(&self.form);
        }
        Ok(url)
    }

    /// The body the request sends.
    pub(crate) fn body(&self) -> Body<'_> {
        match &self.parts {
            Some(parts) => Body::Multipart(parts),
            None => Body::Form(&self.form),
        }
    }

    /// The URL without the query.
    pub(crate) fn path_url(&self, base: &str) -> Result<String, Error> {
        let mut url = String::from(base);
        for part in self.path {
            match part {
                PathPart::Literal(text) => url.push_str(text),
                PathPart::Param { name, value } => {
                    check_segment(name, value)?;
                    url.extend(utf8_percent_encode(value, SEGMENT_SAFE));
                }
            }
        }
        Ok(url)
    }
}

/// Rejects the values that no encoding can keep inside their segment: an empty value
/// would join its neighbours, and `.` and `..` (even percent-encoded) are resolved as
/// relative path steps by URL parsers.
fn check_segment(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_request(format!(
            "the path parameter `{name}` is empty"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_request(format!(
            "the path parameter `{name}` cannot be `{value}`"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expire_url(id: &str) -> Result<String, Error> {
        let path = [
            PathPart::Literal("/v1/checkout/sessions/"),
            PathPart::Param {
                name: "session",
                value: id,
            },
            PathPart::Literal("/expire"),
        ];
        Request {
            method: Method::Post,
            host: Host::Api,
            path: &path,
            form: "expand[0]=customer".into(),
            parts: None,
        }
        .url("https://api.stripe.com")
    }

    #[test]
    fn ids_stay_inside_their_segment() {
        assert_eq!(
            expire_url("../x?y#z").unwrap(),
            "https://api.stripe.com/v1/checkout/sessions/..%2Fx%3Fy%23z/expire"
        );
        assert_eq!(
            expire_url("cs_test_a1 %2F é").unwrap(),
            "https://api.stripe.com/v1/checkout/sessions/cs_test_a1%20%252F%20%C3%A9/expire"
        );
        for bad in ["", ".", ".."] {
            assert!(
                matches!(expire_url(bad), Err(Error::InvalidRequest(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn get_parameters_go_in_the_query() {
        let path = [PathPart::Literal("/v1/customers")];
        let request = Request {
            method: Method::Get,
            host: Host::Api,
            path: &path,
            form: "limit=3".into(),
            parts: None,
        };
        assert_eq!(
            request.url("http://127.0.0.1:9").unwrap(),
            "http://127.0.0.1:9/v1/customers?limit=3"
        );
    }
}
