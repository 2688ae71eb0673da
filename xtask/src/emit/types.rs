//! The Rust type of a field: the model's [`TypeRef`], wrapped in `Box` and `Option` as
//! the field needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::ident;
use crate::model::{Field, TypeRef};

/// The Rust type for `ty`.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Constant(_) => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean | TypeRef::True => quote!(bool),
        TypeRef::Timestamp => quote!(stripe_api::Timestamp),
        TypeRef::Decimal => quote!(stripe_api::Decimal),
        TypeRef::File => quote!(stripe_api::FileUpload),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::JsonValue => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Array(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Expandable(object) => {
            let object = rust_type(object);
            quote!(stripe_api::Expandable<#object>)
        }
        TypeRef::List(item) => {
            let item = rust_type(item);
            quote!(stripe_api::List<#item>)
        }
        TypeRef::SearchResult(item) => {
            let item = rust_type(item);
            quote!(stripe_api::SearchResult<#item>)
        }
        TypeRef::Clearable(value) => {
            let value = rust_type(value);
            quote!(stripe_api::Clearable<#value>)
        }
    }
}

/// The type of a field as declared: boxed when the model says so (it closes a cycle, or
/// holds a large object that is often unset), optional unless required.
pub fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.presence.is_optional() {
        ty = quote!(Option<#ty>);
    }
    ty
}

/// A `pub` field of a generated struct, with its doc.
pub fn field_declaration(field: &Field) -> TokenStream {
    let field_name = ident(&field.name);
    let ty = field_type(field);
    let docs = field_docs(field);
    quote! {
        #docs
        pub #field_name: #ty,
    }
}

/// The field's doc: its description, and for a field with one possible value, that value.
fn field_docs(field: &Field) -> TokenStream {
    let mut lines = field
        .doc
        .as_deref()
        .map(docs::rustdoc_lines)
        .unwrap_or_default();
    let note = match &field.ty {
        TypeRef::Constant(value) => Some(format!("Always `{value}`.")),
        TypeRef::True => Some("Always `true`.".to_owned()),
        TypeRef::Clearable(_) => Some(
            "`Clearable::Clear` sends it empty, which clears the value Stripe holds.".to_owned(),
        ),
        _ => None,
    };
    if let Some(note) = note {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(note);
    }
    super::lines_to_attrs(&lines)
}
