//! Emits a union of object types: decoding looks at which properties the JSON object has
//! to pick the variant, and an object no variant fits is kept as raw JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::gates::cfg;
use super::idents::ident;
use super::{codec_impls, doc_attrs};
use crate::lower::names::CATCH_ALL_VARIANT;
use crate::model::{Gate, Tag, TypeDef, Union};

pub fn union(def: &TypeDef, union: &Union, all_have_ids: bool) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(CATCH_ALL_VARIANT);
    let summary = format!(
        " One of {}, told apart by the properties of the JSON object.",
        union
            .variants
            .iter()
            .map(|v| format!("[`{}`]", v.ty))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let docs = match &def.doc {
        Some(_) => doc_attrs(def.doc.as_deref()),
        None => quote!(#[doc = #summary]),
    };
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        // Boxed: Stripe objects run to kilobytes, and a union is as big as its biggest
        // variant otherwise.
        let ty = ident(&variant.ty);
        let ty = quote!(Box<#ty>);
        let doc = format!(" A [`{}`].", variant.ty);
        let cfg = cfg(&variant.gate);
        quote! {
            #[doc = #doc]
            #cfg
            #variant_name(#ty),
        }
    });
    let shapes = union.variants.iter().map(|variant| {
        let tags = variant.tags.iter().map(|(key, tag)| match tag {
            Tag::String(value) => quote!((#key, codec::TagValue::Str(#value))),
            Tag::Bool(value) => quote!((#key, codec::TagValue::Bool(#value))),
        });
        let required = &variant.required;
        let ty = ident(&variant.ty);
        let cfg = cfg(&variant.gate);
        quote! {
            #cfg
            codec::VariantShape {
                tags: &[#(#tags),*],
                required: &[#(#required),*],
                known: #ty::FIELDS.names(),
            },
        }
    });
    let (positions, indices) = variant_positions(union);
    let check_positions = (!positions.is_empty()).then(|| {
        quote! {
            const _: () = assert!(#name::COMPILED == #name::SHAPES.len());
        }
    });
    let decode_arms = union.variants.iter().zip(indices).map(|(variant, index)| {
        let variant_name = ident(&variant.name);
        let cfg = cfg(&variant.gate);
        quote! {
            #cfg
            Some(#index) => Self::#variant_name(codec::Decode::decode(&mut reader.nested(&raw))?),
        }
    });
    let encode_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let cfg = cfg(&variant.gate);
        quote!(#cfg Self::#variant_name(object) => object.encode(writer),)
    });
    let has_id = all_have_ids.then(|| {
        let arms = union.variants.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            let cfg = cfg(&variant.gate);
            quote!(#cfg Self::#variant_name(object) => object.id(),)
        });
        quote! {
            impl stripe_api::HasId for #name {
                #[inline]
                fn id(&self) -> &str {
                    match self {
                        #(#arms)*
                        Self::#catch_all(value) => {
                            value.get("id").and_then(serde_json::Value::as_str).unwrap_or_default()
                        }
                    }
                }
            }
        }
    });
    // Inlined: compiled where a user calls them, not in this crate for every variant.
    let accessors = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = ident(&variant.ty);
        let snake = crate::lower::names::field_name(&variant.name);
        let as_fn = quote::format_ident!("as_{}", snake);
        let into_fn = quote::format_ident!("into_{}", snake);
        let as_doc = format!(" The [`{}`], if it is one.", variant.ty);
        let cfg = cfg(&variant.gate);
        quote! {
            #[doc = #as_doc]
            #cfg
            #[inline]
            pub fn #as_fn(&self) -> Option<&#ty> {
                match self {
                    Self::#variant_name(object) => Some(object),
                    _ => None,
                }
            }

            #[doc = #as_doc]
            #cfg
            #[inline]
            pub fn #into_fn(self) -> Option<#ty> {
                match self {
                    Self::#variant_name(object) => Some(*object),
                    _ => None,
                }
            }
        }
    });
    let codec = codec_impls(def, &def.name, false);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An object none of the known variants fits, kept as the JSON it was sent as.
            #catch_all(serde_json::Value),
        }

        impl #name {
            /// What each variant's JSON object looks like, in variant order.
            const SHAPES: &'static [codec::VariantShape] = &[#(#shapes)*];

            #positions
        }

        #check_positions

        #codec
        #has_id

        /// `Unrecognized(null)`: a start for values built in tests, which allocates
        /// nothing.
        impl Default for #name {
            fn default() -> Self {
                Self::#catch_all(serde_json::Value::Null)
            }
        }

        impl #name {
            #(#accessors)*
        }

        impl codec::Decode for #name {
            #[inline(never)]
            fn decode(reader: &mut codec::Reader<'_>) -> Result<Self, codec::Failure> {
                let (raw, variant) = codec::select_variant(reader, Self::SHAPES)?;
                Ok(match variant {
                    #(#decode_arms)*
                    _ => Self::#catch_all(reader.nested(&raw).json_value()?),
                })
            }
        }

        impl codec::Encode for #name {
            #[inline(never)]
            fn encode(&self, writer: &mut codec::Writer) {
                match self {
                    #(#encode_arms)*
                    Self::#catch_all(value) => value.encode(writer),
                }
            }
        }
    }
}

/// The patterns that match each variant's index in `SHAPES`, and the constants they need.
/// Where every variant always compiles, an index is its position. Where some compile only
/// under a feature, the position of each depends on which are on: each gets a constant
/// counting the variants before it that are compiled.
fn variant_positions(union: &Union) -> (TokenStream, Vec<TokenStream>) {
    if union.variants.iter().all(|v| v.gate == Gate::Always) {
        let indices = (0..union.variants.len())
            .map(|i| {
                let index = proc_macro2::Literal::usize_unsuffixed(i);
                quote!(#index)
            })
            .collect();
        return (TokenStream::new(), indices);
    }
    let mut constants = Vec::new();
    let mut indices = Vec::new();
    let mut before = quote!(0);
    for (i, variant) in union.variants.iter().enumerate() {
        let at = quote::format_ident!("AT_{}", i);
        let compiled = match &variant.gate {
            Gate::Always => quote!(1),
            Gate::Features(features) => {
                let features = features.iter();
                quote!(cfg!(any(#(feature = #features),*)) as usize)
            }
            Gate::Never => quote!(0),
        };
        constants.push(quote! {
            const #at: usize = #before;
        });
        indices.push(quote!(Self::#at));
        before = quote!(Self::#at + #compiled);
    }
    constants.push(quote! {
        /// How many variants are compiled, which `SHAPES` must agree with.
        const COMPILED: usize = #before;
    });
    let doc = " Where each variant sits in `SHAPES`, given the features that are on.";
    let constants = constants.into_iter().enumerate().map(|(i, constant)| {
        let doc = (i == 0).then(|| quote!(#[doc = #doc]));
        quote!(#doc #constant)
    });
    (quote!(#(#constants)*), indices)
}
