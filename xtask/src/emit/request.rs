//! Emits the types a caller fills in and sends: an operation's parameters and the
//! objects nested in them, with setters, and their form encoding.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::idents::ident;
use super::types::{field_declaration, field_type, rust_type};
use crate::model::{Field, Params, TypeRef};

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
            quote!(#field_name: impl Into<#ty>)
        });
        let inits = fields.iter().map(|field| {
            let field_name = ident(&field.name);
            if field.presence.is_optional() {
                quote!(#field_name: None,)
            } else {
                quote!(#field_name: #field_name.into(),)
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

/// A builder-style setter for an optional field: lists take any iterable of items, maps
/// any iterable of pairs, each converted (`&str` for `String`).
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
        TypeRef::Map(value) if !field.boxed => {
            let value = rust_type(value);
            (
                quote!(entries: impl IntoIterator<Item = (impl Into<String>, impl Into<#value>)>),
                quote!(
                    entries
                        .into_iter()
                        .map(|(key, value)| (key.into(), value.into()))
                        .collect()
                ),
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
