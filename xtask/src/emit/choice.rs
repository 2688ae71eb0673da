//! Emits a request value that is one of several schemas: an enum with a variant per
//! alternative, form-encoded as the alternative it holds is.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_attrs;
use super::idents::ident;
use super::types::rust_type;
use crate::model::{Choice, ChoiceValue, TypeDef, TypeRef};

pub fn choice(def: &TypeDef, choice: &Choice) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.doc.as_deref());
    let conversions = conversions(def, choice);
    let variants = choice.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        match &variant.value {
            ChoiceValue::Value(ty) => {
                let ty = rust_type(ty);
                quote!(#variant_name(#ty),)
            }
            ChoiceValue::Literal(wire) => {
                let doc = format!(" Sends `{wire}`.");
                quote! {
                    #[doc = #doc]
                    #variant_name,
                }
            }
        }
    });
    let encodings = choice.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        match &variant.value {
            ChoiceValue::Value(_) => {
                quote!(Self::#variant_name(value) => value.encode_value(form),)
            }
            ChoiceValue::Literal(wire) => quote!(Self::#variant_name => form.scalar(#wire),),
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(
            clippy::large_enum_variant,
            reason = "built once per call and encoded; a box would cost every caller an allocation"
        )]
        pub enum #name {
            #(#variants)*
        }

        impl stripe_api::form::FormValue for #name {
            fn encode_value(&self, form: &mut stripe_api::form::FormEncoder) {
                match self {
                    #(#encodings)*
                }
            }
        }

        #(#conversions)*
    }
}

/// `From` each type that only one variant holds, so that setters take the value itself
/// (`.trial_end(timestamp)`), and from `&str` where a variant holds a `String`.
fn conversions(def: &TypeDef, choice: &Choice) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let mut holders: BTreeMap<String, Vec<(&str, &TypeRef)>> = BTreeMap::new();
    for variant in &choice.variants {
        if let ChoiceValue::Value(ty) = &variant.value {
            holders
                .entry(rust_type(ty).to_string())
                .or_default()
                .push((&variant.name, ty));
        }
    }
    let mut impls = Vec::new();
    for held in holders.values() {
        let [(variant, ty)] = held.as_slice() else {
            continue;
        };
        let variant_name = ident(variant);
        let rust = rust_type(ty);
        impls.push(quote! {
            impl From<#rust> for #name {
                fn from(value: #rust) -> Self {
                    Self::#variant_name(value)
                }
            }
        });
        if **ty == TypeRef::String {
            impls.push(quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant_name(value.to_owned())
                    }
                }
            });
        }
    }
    impls
}
