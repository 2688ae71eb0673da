//! Emits the types a caller fills in and sends: an operation's parameters and the
//! objects nested in them, with setters, and their form encoding.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::idents::ident;
use super::types::{field_declaration, field_type, rust_type};
use crate::model::{Field, OneOf, Params, TypeDef, TypeRef};

/// The struct of an operation's parameters, or of an object nested in them. `top_level`
/// says which: the parameters encode as a whole form, a nested object as one value.
pub fn request_struct(
    name: &str,
    doc: &[String],
    fields: &[Field],
    top_level: bool,
) -> TokenStream {
    let type_name = ident(name);
    let docs = super::lines_to_attrs(doc);
    let all_optional = fields.iter().all(|f| f.presence.is_optional());
    let derives = if all_optional {
        quote!(#[derive(Clone, Debug, Default, PartialEq)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    let declared = fields.iter().map(field_declaration);
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| !f.presence.is_optional())
        .collect();
    let constructor = {
        let arguments = required.iter().map(|field| {
            let field_name = ident(&field.name);
            let ty = field_type(field);
            quote!(#field_name: #ty)
        });
        let inits = fields.iter().map(|field| {
            let field_name = ident(&field.name);
            if field.presence.is_optional() {
                quote!(#field_name: None,)
            } else {
                quote!(#field_name,)
            }
        });
        let doc = if required.is_empty() {
            " Parameters with nothing set.".to_owned()
        } else {
            " The required parameters; set the others with the methods below.".to_owned()
        };
        quote! {
            #[doc = #doc]
            pub fn new(#(#arguments),*) -> Self {
                #type_name {
                    #(#inits)*
                }
            }
        }
    };
    let setters = fields
        .iter()
        .filter(|f| f.presence.is_optional())
        .map(setter);
    let writes = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        quote!(form.field(#wire, &self.#field_name);)
    });
    let form = if fields.is_empty() {
        quote!(_form)
    } else {
        quote!(form)
    };
    let encoding = if top_level {
        quote! {
            impl stripe_api::form::FormEncode for #type_name {
                fn encode_form(&self, #form: &mut stripe_api::form::FormEncoder) {
                    #(#writes)*
                }
            }
        }
    } else {
        quote! {
            impl stripe_api::form::FormValue for #type_name {
                fn encode_value(&self, #form: &mut stripe_api::form::FormEncoder) {
                    #(#writes)*
                }
            }
        }
    };
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #type_name {
            #(#declared)*
        }

        impl #type_name {
            #constructor
            #(#setters)*
        }

        #encoding
    }
}

/// The struct of an operation's parameters; `call` says which operation, as a caller
/// writes it (`POST /v1/...`, `client.v1()...`).
pub fn params_struct(params: &Params, call: &[String]) -> TokenStream {
    request_struct(&params.name, call, &params.fields, true)
}

/// A builder-style setter for an optional field: lists take any iterable of items.
fn setter(field: &Field) -> TokenStream {
    let field_name = ident(&field.name);
    // `new` is the constructor's name; every other field name is its setter's name.
    let method = if field.name == "new" {
        format_ident!("set_new")
    } else {
        field_name.clone()
    };
    let doc = format!(" Sets `{}`.", field.wire_name);
    let (argument, value) = match &field.ty {
        TypeRef::Array(item) => {
            let item = rust_type(item);
            (
                quote!(values: impl IntoIterator<Item = impl Into<#item>>),
                quote!(values.into_iter().map(Into::into).collect()),
            )
        }
        other => {
            let ty = rust_type(other);
            let ty = if field.boxed { quote!(Box<#ty>) } else { ty };
            (quote!(value: impl Into<#ty>), quote!(value.into()))
        }
    };
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, #argument) -> Self {
            self.#field_name = Some(#value);
            self
        }
    }
}

/// A request value that can be sent in one of several forms: an enum with a variant per
/// form, each encoded as the value it holds. `From` turns each form's value into it, so
/// setters take the value itself, unless two forms hold the same Rust type.
pub fn one_of(def: &TypeDef, one_of: &OneOf) -> TokenStream {
    let type_name = ident(&def.name);
    let docs = match &def.doc {
        Some(_) => super::doc_attrs(def.doc.as_deref()),
        None => {
            let summary = format!(
                " One of {} forms of the value; Stripe reads whichever is sent.",
                one_of.variants.len()
            );
            quote!(#[doc = #summary])
        }
    };
    let types: Vec<String> = one_of
        .variants
        .iter()
        .map(|variant| rust_type(&variant.ty).to_string())
        .collect();
    let variants = one_of
        .variants
        .iter()
        .zip(&types)
        .map(|(variant, ty_text)| {
            let name = ident(&variant.name);
            let ty = rust_type(&variant.ty);
            let doc = format!(" Sent as `{}`.", ty_text.replace(' ', ""));
            quote! {
                #[doc = #doc]
                #name(#ty),
            }
        });
    let arms = one_of.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        quote!(Self::#name(value) => value.encode_value(form),)
    });
    let conversions = one_of
        .variants
        .iter()
        .zip(&types)
        .filter(|(_, ty)| types.iter().filter(|other| other == ty).count() == 1)
        .map(|(variant, _)| {
            let name = ident(&variant.name);
            let ty = rust_type(&variant.ty);
            quote! {
                impl From<#ty> for #type_name {
                    fn from(value: #ty) -> Self {
                        Self::#name(value)
                    }
                }
            }
        });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #type_name {
            #(#variants)*
        }

        #(#conversions)*

        impl stripe_api::form::FormValue for #type_name {
            fn encode_value(&self, form: &mut stripe_api::form::FormEncoder) {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
