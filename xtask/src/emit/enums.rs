//! Emits a string enum that accepts any string: values the spec lists get variants, any
//! other value decodes into the catch-all variant and is written back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::idents::ident;
use super::{doc_attrs, serde_impls};
use crate::lower::names::CATCH_ALL_VARIANT;
use crate::model::{Enum, TypeDef};

/// `form_encoded`: whether the enum is sent in requests, which adds its form encoding.
pub fn string_enum(def: &TypeDef, values: &Enum, form_encoded: bool) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(CATCH_ALL_VARIANT);
    let docs = doc_attrs(def.doc.as_deref());
    let example = forward_compatible_example(def, values);
    let default = default_impl(def, values);
    let variants = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let doc = format!(" `{}`", value.wire);
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let to_str = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let wire = &value.wire;
        quote!(Self::#variant => #wire,)
    });
    // The codec finds the value in a sorted table, in one function for every enum, and
    // each enum maps the index to its variant: a jump table instead of a chain of string
    // comparisons, which keeps big enums (300 merchant categories) small and quick to
    // compile.
    let mut sorted: Vec<_> = values.values.iter().collect();
    sorted.sort_by(|a, b| a.wire.cmp(&b.wire));
    let table = sorted.iter().map(|value| value.wire.as_str());
    let from_index = sorted.iter().enumerate().map(|(i, value)| {
        let variant = ident(&value.name);
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(Some(#index) => Self::#variant,)
    });
    // `Debug` as `derive` writes it, but inline: compiled where it is used, not for
    // every enum in this crate.
    let debug_arms = values.values.iter().map(|value| {
        let variant = ident(&value.name);
        let text = value.name.as_str();
        quote!(Self::#variant => f.write_str(#text),)
    });
    let catch_all_text = CATCH_ALL_VARIANT;
    let serde = serde_impls(def);
    let form_value = form_encoded.then(|| {
        quote! {
            impl stripe_api::form::FormValue for #name {
                fn encode_value(&self, form: &mut stripe_api::form::FormEncoder) {
                    form.scalar(self.as_str());
                }
            }
        }
    });
    quote! {
        #docs
        #example
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept exactly as sent.
            #catch_all(stripe_api::UnrecognizedValue),
        }

        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::#catch_all(value) => f.debug_tuple(#catch_all_text).field(value).finish(),
                }
            }
        }

        impl #name {
            /// Every value this version of the crate knows, sorted.
            const VALUES: &'static [&'static str] = &[#(#table),*];

            /// The value as Stripe spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }

            fn from_value(value: codec::EnumValue) -> Self {
                match value.position() {
                    #(#from_index)*
                    _ => Self::#catch_all(value.into_unrecognized()),
                }
            }
        }

        impl From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::from_value(codec::EnumValue::of(Self::VALUES, value))
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Compared by value, not by variant: the same value is equal to itself however
        // it was made, also when a value this crate knows was wrapped as unrecognized.
        impl PartialEq for #name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for #name {}

        impl std::hash::Hash for #name {
            #[inline]
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        #default

        impl codec::Decode for #name {
            fn decode(reader: &mut codec::Reader<'_>) -> Result<Self, codec::Failure> {
                reader.enum_value(Self::VALUES).map(Self::from_value)
            }
        }

        #form_value

        impl codec::Encode for #name {
            fn encode(&self, writer: &mut codec::Writer) {
                writer.string(self.as_str());
            }
        }

        #serde
    }
}

/// `Default` is the first value the spec lists, said in the doc of the impl.
fn default_impl(def: &TypeDef, values: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let body = match values.values.first() {
        Some(first) => {
            let variant = ident(&first.name);
            quote!(Self::#variant)
        }
        // An enum with no values gets a catch-all variant only, holding the empty value.
        None => {
            let catch_all = ident(CATCH_ALL_VARIANT);
            quote!(Self::#catch_all(codec::EnumValue::of(&[], "").into_unrecognized()))
        }
    };
    let doc = match values.values.first() {
        Some(first) => format!(
            " [`{}::{}`] (`{}`), the first value the spec lists: a start for values built in \
             tests.",
            def.name, first.name, first.wire
        ),
        None => " The empty value.".to_owned(),
    };
    quote! {
        #[doc = #doc]
        impl Default for #name {
            fn default() -> Self {
                #body
            }
        }
    }
}

/// A doc section showing the `match` that keeps compiling, and keeps working, when
/// Stripe adds a value.
fn forward_compatible_example(def: &TypeDef, values: &Enum) -> TokenStream {
    let Some(first) = values.values.first() else {
        return TokenStream::new();
    };
    let lines = [
        String::new(),
        "Stripe adds values over time. A value this version of the crate does not know".into(),
        format!(
            "decodes into [`{name}::{CATCH_ALL_VARIANT}`], which keeps it as sent; the",
            name = def.name
        ),
        "enum is `#[non_exhaustive]`, so a `match` needs a wildcard arm:".into(),
        String::new(),
        "```".into(),
        format!("# use stripe_api::{};", def.name),
        format!("# let value = {}::from({:?});", def.name, first.wire),
        "match value {".into(),
        format!("    {}::{} => {{ /* ... */ }}", def.name, first.name),
        format!(
            "    {}::{CATCH_ALL_VARIANT}(other) => println!(\"new value: {{}}\", other.as_str()),",
            def.name
        ),
        "    _ => {}".into(),
        "}".into(),
        "```".into(),
    ];
    super::lines_to_attrs(&lines)
}

/// Another name for an enum defined elsewhere with the same values: its own description,
/// and where the definition is.
pub fn alias(def: &TypeDef, target: &str) -> TokenStream {
    let name = ident(&def.name);
    let target_ident = ident(target);
    let docs = doc_attrs(def.doc.as_deref());
    let note = format!(" The same type as [`{target}`]: the spec gives both the same values,");
    let separator = def.doc.is_some().then(|| quote!(#[doc = ""]));
    quote! {
        #docs
        #separator
        #[doc = #note]
        #[doc = " so they are defined once, and a value of one fits the other."]
        pub type #name = #target_ident;
    }
}
