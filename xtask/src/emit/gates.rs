//! `#[cfg(feature = ...)]` attributes from the model's gates, so that each item compiles
//! only under the cargo features whose operations reach it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Error;
use crate::model::Gate;

/// The attribute that compiles an item under `gate`; nothing for an item that always
/// compiles.
pub fn cfg(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Features(features) if features.len() == 1 => {
            let feature = features.iter().next();
            quote!(#[cfg(feature = #feature)])
        }
        Gate::Features(features) => {
            let features = features.iter();
            quote!(#[cfg(any(#(feature = #features),*))])
        }
        Gate::Never => quote!(#[cfg(any())]),
    }
}

/// `cfg` of `gate` where it is narrower than `enclosing`, the gate of what the item sits
/// in; nothing where the enclosing item's own attribute already says as much.
pub fn cfg_within(gate: &Gate, enclosing: &Gate) -> TokenStream {
    if enclosing.covers(gate) && gate.covers(enclosing) {
        TokenStream::new()
    } else {
        cfg(gate)
    }
}

/// `items` (any number of them: a type with its impls) each under `gate`.
pub fn gated(items: TokenStream, gate: &Gate, label: &str) -> Result<TokenStream, Error> {
    let attribute = cfg(gate);
    if attribute.is_empty() {
        return Ok(items);
    }
    let file: syn::File = syn::parse2(items).map_err(|error| Error::Emit {
        item: label.to_owned(),
        message: format!("emitted code does not parse: {error}"),
    })?;
    let items = file.items.into_iter();
    Ok(quote!(#(#attribute #items)*))
}

/// The gate that covers every one of `gates`.
pub fn widest<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Gate {
    let mut widest = Gate::Never;
    for gate in gates {
        widest.widen(gate);
    }
    widest
}
