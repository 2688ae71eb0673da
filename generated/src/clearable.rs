//! Request parameters that can be cleared: Stripe reads an empty value as "remove what is
//! set" (an address, a description, metadata), which is neither setting nor leaving out.

use std::collections::BTreeMap;

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

/// A list to set, from an array of anything its items convert from:
/// `.payment_method_types(["card", "link"])`.
impl<T, U: Into<T>, const N: usize> From<[U; N]> for Clearable<Vec<T>> {
    fn from(items: [U; N]) -> Self {
        Clearable::Set(items.into_iter().map(Into::into).collect())
    }
}

/// A map to set, from an array of pairs of anything its keys and values convert from:
/// `.metadata([("order_id", "6735")])`.
impl<K, V, W, const N: usize> From<[(K, W); N]> for Clearable<BTreeMap<String, V>>
where
    K: Into<String>,
    W: Into<V>,
{
    fn from(entries: [(K, W); N]) -> Self {
        Clearable::Set(
            entries
                .into_iter()
                .map(|(key, value)| (key.into(), value.into()))
                .collect(),
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_maps_are_set_from_arrays_of_str() {
        let list: Clearable<Vec<String>> = ["txi_1", "txi_2"].into();
        assert_eq!(
            list,
            Clearable::Set(vec!["txi_1".to_owned(), "txi_2".to_owned()])
        );
        let map: Clearable<BTreeMap<String, String>> = [("order_id", "6735")].into();
        assert_eq!(map.as_set().map(|m| m["order_id"].as_str()), Some("6735"));
    }
}
