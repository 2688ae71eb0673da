//! Request parameters that can be cleared: Stripe reads an empty value as "remove what is
//! set" (an address, a description, metadata), which is neither setting nor leaving out.

use crate::form::{FormEncoder, FormValue};

/// A request parameter to set, or to clear on Stripe's side by sending it empty
/// (`description=`), as the spec allows where it accepts `""` beside the value.
///
/// Setters take the value itself, which converts into [`Clearable::Set`]:
///
/// ```
/// use stripe_api::Clearable;
///
/// let description: Clearable<String> = "Blue shirt".to_owned().into();
/// assert_eq!(description, Clearable::Set("Blue shirt".to_owned()));
/// let cleared: Clearable<String> = Clearable::Clear;
/// assert!(cleared.is_clear());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Clearable<T> {
    /// Sends the value.
    Set(T),
    /// Sends the parameter empty, which removes the value Stripe holds.
    Clear,
}

impl<T> Clearable<T> {
    pub fn is_clear(&self) -> bool {
        matches!(self, Clearable::Clear)
    }

    /// The value to set, or `None` when clearing.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Clearable::Set(value) => Some(value),
            Clearable::Clear => None,
        }
    }
}

impl<T> From<T> for Clearable<T> {
    fn from(value: T) -> Self {
        Clearable::Set(value)
    }
}

impl<T: FormValue> FormValue for Clearable<T> {
    fn encode_value(&self, form: &mut FormEncoder) {
        match self {
            Clearable::Set(value) => value.encode_value(form),
            Clearable::Clear => form.scalar(""),
        }
    }
}
