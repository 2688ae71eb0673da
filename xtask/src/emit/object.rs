//! Emits an object type: the struct, its `Debug`, and a decoder and encoder that keep the
//! exact shape of the JSON it was decoded from, so encoding gives the same JSON back.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::idents::ident;
use super::types::field_declaration;
use super::{codec_impls, doc_attrs};
use crate::error::Error;
use crate::lower::names::UNKNOWN_FIELDS;
use crate::model::{IdField, Object, Presence, TypeDef};

/// The most fields a response object may have: the runtime's decoder keeps one bit per
/// field in two words (`codec::object::MAX_FIELDS`, which checks it again as it builds).
const MAX_DECODED_FIELDS: usize = 128;

/// Refuses a response object with more fields than the runtime's decoder records, naming
/// the schema it comes from.
pub fn check_decodable(def: &TypeDef, object: &Object) -> Result<(), Error> {
    if object.fields.len() <= MAX_DECODED_FIELDS {
        return Ok(());
    }
    Err(Error::Emit {
        item: def.origin.clone(),
        message: format!(
            "the object has {} properties; a response object may have at most \
             {MAX_DECODED_FIELDS}",
            object.fields.len()
        ),
    })
}

/// The struct and impls of a response object.
pub fn response_object(def: &TypeDef, object: &Object, standalone: bool) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.doc.as_deref());
    let tracked = tracked_fields(object);

    let fields = object.fields.iter().map(field_declaration);
    let unknown_field = ident(UNKNOWN_FIELDS);
    let wire_names = object.fields.iter().map(|f| f.wire_name.as_str());
    let debug = debug_impl(def);
    let has_id = has_id_impl(def, object);
    let decode = decode_impl(def, object, &tracked);
    let default = default_impl(def, object);
    let encode = encode_impl(def, object, &tracked);
    let codec = codec_impls(def, &wire_label(def), standalone);

    quote! {
        #docs
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Members of the JSON this type has no field for, kept as sent and written
            /// back when it is encoded (with how its unset fields were spelled).
            pub #unknown_field: stripe_api::UnknownFields,
        }

        impl #name {
            /// The JSON property names, sorted, in field order; unions read them too.
            pub(crate) const FIELDS: codec::Fields = codec::Fields::new(&[#(#wire_names),*]);
        }

        #codec
        #debug
        #has_id
        #default
        #decode
        #encode
    }
}

/// The fields whose unset spelling is recorded, by position; a field's bit is its index
/// in this list.
fn tracked_fields(object: &Object) -> Vec<usize> {
    object
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.presence.tracks_spelling())
        .map(|(i, _)| i)
        .collect()
}

/// How the type is named in messages: its schema name, as Stripe calls the object.
fn wire_label(def: &TypeDef) -> String {
    def.origin
        .strip_prefix("/components/schemas/")
        .filter(|schema| !schema.contains('/'))
        .map(|schema| schema.replace("~1", "/").replace("~0", "~"))
        .unwrap_or_else(|| def.name.clone())
}

/// `Debug` shows the object as the JSON it encodes to, each object named by its type:
/// exactly what Stripe sent, and one call per type rather than a formatter per field,
/// which matters over 600 types.
fn debug_impl(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    quote! {
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                codec::debug_as_json(f, self)
            }
        }
    }
}

fn has_id_impl(def: &TypeDef, object: &Object) -> Option<TokenStream> {
    let name = ident(&def.name);
    let body = match object.id {
        IdField::None => return None,
        IdField::Required => quote!(&self.id),
        IdField::Optional => quote!(self.id.as_deref().unwrap_or_default()),
    };
    Some(quote! {
        impl stripe_api::HasId for #name {
            #[inline]
            fn id(&self) -> &str {
                #body
            }
        }
    })
}

/// The decoder: the type's shape and a `match` that reads each field in place, for the
/// one table-driven loop in the runtime to call.
fn decode_impl(def: &TypeDef, object: &Object, tracked: &[usize]) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_FIELDS);
    let label = wire_label(def);
    let arms = object.fields.iter().enumerate().map(|(i, field)| {
        let field_name = ident(&field.name);
        let index = Literal::usize_unsuffixed(i);
        let fill = if field.presence.is_optional() {
            quote!(codec::fill_optional)
        } else {
            quote!(codec::fill)
        };
        quote! {
            #index => #fill(reader, &mut self.#field_name),
        }
    });
    let required = object
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.presence.tracks_spelling() && !matches!(f.presence, Presence::Optional))
        .map(|(i, _)| Literal::usize_unsuffixed(i));
    // Absent is the odd spelling of a nullable field, `null` of an optional one.
    let (nullable, optional): (Vec<usize>, Vec<usize>) = tracked
        .iter()
        .partition(|&&i| matches!(object.fields[i].presence, Presence::Nullable));
    let is_unset = (!optional.is_empty()).then(|| {
        let arms = optional.iter().map(|&i| {
            let index = Literal::usize_unsuffixed(i);
            let field_name = ident(&object.fields[i].name);
            quote!(#index => self.#field_name.is_none(),)
        });
        quote! {
            fn is_unset(&self, index: usize) -> bool {
                match index {
                    #(#arms)*
                    _ => false,
                }
            }
        }
    });
    let nullable = nullable.into_iter().map(Literal::usize_unsuffixed);
    let optional = optional.into_iter().map(Literal::usize_unsuffixed);
    let keep_unknown = quote!(codec::keep_unknown(reader, &mut self.#unknown));
    // Without fields every key is unknown, and a `match` of one arm is only noise.
    let (index, body) = if object.fields.is_empty() {
        (quote!(_index), keep_unknown)
    } else {
        (
            quote!(index),
            quote!(match index { #(#arms)* _ => #keep_unknown, }),
        )
    };
    quote! {
        impl #name {
            const SHAPE: codec::ObjectShape = codec::ObjectShape::new(
                &Self::FIELDS,
                #label,
                &[#(#required),*],
                &[#(#nullable),*],
                &[#(#optional),*],
            );
        }

        impl codec::Decode for #name {
            #[inline(never)]
            fn decode(reader: &mut codec::Reader<'_>) -> Result<Self, codec::Failure> {
                let mut out = <Self as Default>::default();
                codec::decode_object(reader, &mut out, &Self::SHAPE)?;
                Ok(out)
            }
        }

        impl codec::ObjectFields for #name {
            fn fill_field(
                &mut self,
                #index: usize,
                reader: &mut codec::Reader<'_>,
            ) -> Result<(), codec::Failure> {
                #body
            }

            fn unknown_fields(&mut self) -> &mut stripe_api::UnknownFields {
                &mut self.#unknown
            }

            #is_unset
        }
    }
}

fn default_impl(def: &TypeDef, object: &Object) -> TokenStream {
    let name = ident(&def.name);
    let inits = object.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        if field.presence.is_optional() {
            quote!(#field_name: None,)
        } else {
            quote!(#field_name: Default::default(),)
        }
    });
    let unknown = ident(UNKNOWN_FIELDS);
    quote! {
        impl Default for #name {
            fn default() -> Self {
                #name {
                    #(#inits)*
                    #unknown: stripe_api::UnknownFields::new(),
                }
            }
        }
    }
}

fn encode_impl(def: &TypeDef, object: &Object, tracked: &[usize]) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_FIELDS);
    let label = &def.name;
    let writes = object.fields.iter().enumerate().map(|(i, field)| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        match tracked.iter().position(|&t| t == i) {
            Some(bit) => {
                let bit = Literal::usize_unsuffixed(bit);
                let rule = match field.presence {
                    Presence::Nullable => quote!(codec::emits_nullable),
                    _ => quote!(codec::emits_optional),
                };
                quote! {
                    if #rule(&self.#unknown, #bit, self.#field_name.is_some()) {
                        object.field(#wire, &self.#field_name);
                    }
                }
            }
            None => quote!(object.field(#wire, &self.#field_name);),
        }
    });
    let object_binding = if object.fields.is_empty() {
        quote!(object)
    } else {
        quote!(mut object)
    };
    quote! {
        impl codec::Encode for #name {
            #[inline(never)]
            fn encode(&self, writer: &mut codec::Writer) {
                let #object_binding = writer.typed_object(#label, &self.#unknown);
                #(#writes)*
                object.end();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Gate, Role, Shape, TypeRef};

    fn object_of(fields: usize) -> (TypeDef, Object) {
        let object = Object {
            fields: (0..fields)
                .map(|i| Field::named(&format!("f{i:03}"), TypeRef::String, Presence::Optional))
                .collect(),
            id: IdField::None,
        };
        let def = TypeDef {
            name: "Wide".into(),
            origin: "/components/schemas/wide".into(),
            home: "wide".into(),
            doc: None,
            role: Role::Response,
            shape: Shape::Object(object.clone()),
            gate: Gate::Always,
        };
        (def, object)
    }

    #[test]
    fn an_object_too_wide_for_the_decoder_is_refused_by_its_pointer() {
        let (def, object) = object_of(MAX_DECODED_FIELDS);
        assert!(check_decodable(&def, &object).is_ok());
        let (def, object) = object_of(MAX_DECODED_FIELDS + 1);
        let error = check_decodable(&def, &object).unwrap_err().to_string();
        assert!(error.contains("/components/schemas/wide"), "{error}");
        assert!(error.contains("129 properties"), "{error}");
    }
}
