//! Emits a union of object types: decoding looks at which properties the JSON object has
//! to pick the variant, and an object no variant fits is kept as raw JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::idents::ident;
use super::{codec_impls, doc_attrs};
use crate::lower::names::CATCH_ALL_VARIANT;
use crate::model::{Tag, TypeDef, Union};

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
        quote! {
            #[doc = #doc]
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
        quote! {
            codec::VariantShape {
                tags: &[#(#tags),*],
                required: &[#(#required),*],
                known: #ty::FIELDS.names(),
            },
        }
    });
    let decode_arms = union.variants.iter().enumerate().map(|(i, variant)| {
        let variant_name = ident(&variant.name);
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        quote! {
            Some(#index) => Self::#variant_name(codec::Decode::decode(&mut reader.nested(&raw))?),
        }
    });
    let encode_arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        quote!(Self::#variant_name(object) => object.encode(writer),)
    });
    let has_id = all_have_ids.then(|| {
        let arms = union.variants.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            quote!(Self::#variant_name(object) => object.id(),)
        });
        quote! {
            impl stripe_api::HasId for #name {
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
        quote! {
            #[doc = #as_doc]
            #[inline]
            pub fn #as_fn(&self) -> Option<&#ty> {
                match self {
                    Self::#variant_name(object) => Some(object),
                    _ => None,
                }
            }

            #[doc = #as_doc]
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
        }

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
