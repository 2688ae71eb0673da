//! A test case per operation, for the workspace's tests: how to call it (with ids that
//! need escaping and default parameters), the request it must send, and the schema of the
//! answer to serve it. Generated with the crate, so no operation is left out of the test.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::idents::ident;
use super::types::rust_type;
use crate::error::Error;
use crate::model::{Api, ChoiceValue, Host, ParamsLocation, PathSegment, Presence, Shape, TypeRef};

/// The id every case passes for each path parameter: it holds the characters that would
/// change the URL if they were not escaped.
const CASE_ID: &str = "id_1/?#%";

/// [`CASE_ID`] as it must appear in a path.
const ESCAPED_CASE_ID: &str = "id_1%2F%3F%23%25";

/// The file of cases.
pub fn cases_file(api: &Api) -> Result<TokenStream, Error> {
    let mut cases = Vec::with_capacity(api.operations.len());
    let mut answered = BTreeMap::new();
    for operation in &api.operations {
        if let Some(error) = component_of(api, &operation.error) {
            answered.insert(error.0, error.1);
        }
    }
    for operation in &api.operations {
        let id = &operation.id;
        let method = operation.method.as_str();
        let files_host = operation.host == Host::Files;
        let path: String = operation
            .path
            .iter()
            .map(|segment| match segment {
                PathSegment::Literal(text) => format!("/{text}"),
                PathSegment::Param(_) => format!("/{ESCAPED_CASE_ID}"),
            })
            .collect();
        let params = match operation.params.as_ref().map(|p| p.location) {
            None => quote!(Params::None),
            Some(ParamsLocation::Query) => quote!(Params::Query),
            Some(ParamsLocation::Body) => quote!(Params::Form),
            Some(ParamsLocation::Multipart) => quote!(Params::Multipart),
        };
        let required = required_scalars(api, operation);
        let answer = answer(api, operation, &mut answered)?;
        let mut chain = vec![ident(&operation.namespace)];
        chain.extend(operation.resource.iter().map(|step| ident(step)));
        let verb = ident(&operation.verb);
        let mut arguments: Vec<TokenStream> =
            operation.path_params.iter().map(|_| quote!(ID)).collect();
        if let Some(params) = &operation.params {
            let ty = ident(&params.name);
            let required = required_arguments(api, &params.fields, 0)?;
            arguments.push(quote!(&#ty::new(#(#required),*)));
        }
        let encoded = if operation.download.is_some() {
            quote!((answer, String::new()))
        } else {
            quote!((
                stripe_api::codec::encode(&answer).into_bytes(),
                format!("{answer:?}"),
            ))
        };
        cases.push(quote! {
            cases.push(Case {
                id: #id,
                method: #method,
                files_host: #files_host,
                path: #path,
                params: #params,
                required: &[#(#required),*],
                answer: #answer,
                call: |client| {
                    Box::pin(async move {
                        let answer = client #(.#chain())* .#verb(#(#arguments),*).await?;
                        Ok(#encoded)
                    })
                },
            });
        });
    }
    let count = proc_macro2::Literal::usize_unsuffixed(api.operations.len());
    let round_trip = round_trip(&answered);
    Ok(quote! {
        //! A case per operation of the API, for `tests/every_operation.rs`.

        use stripe_api::types::*;

        use super::{Answer, Case, Params};

        /// The id each case passes for every path parameter, which the path must escape.
        pub const ID: &str = #CASE_ID;

        /// Every operation, in operation id order.
        pub fn cases() -> Vec<Case> {
            let mut cases = Vec::with_capacity(#count);
            #(#cases)*
            cases
        }

        #round_trip
    })
}

/// The wire names of the required parameters that are scalars: with default parameters
/// they are still sent (a number as `0`, a string empty), so the request must name them.
fn required_scalars<'a>(api: &Api, operation: &'a crate::model::Operation) -> Vec<&'a str> {
    operation
        .params
        .iter()
        .flat_map(|params| &params.fields)
        .filter(|field| field.presence == Presence::Required && is_scalar(api, &field.ty))
        .map(|field| field.wire_name.as_str())
        .collect()
}

fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Integer
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::Timestamp
        | TypeRef::Decimal => true,
        TypeRef::Named(name) => matches!(
            api.type_named(name).map(|def| &def.shape),
            Some(Shape::Enum(_) | Shape::Alias(_))
        ),
        _ => false,
    }
}

/// What the test serves as the operation's answer: an instance of the component its
/// response names (the first variant's, for a union), as it is or as the one item of a
/// page, or a file of the media type it downloads.
fn answer<'a>(
    api: &'a Api,
    operation: &crate::model::Operation,
    answered: &mut BTreeMap<&'a str, &'a str>,
) -> Result<TokenStream, Error> {
    if let Some(media) = &operation.download {
        return Ok(quote!(Answer::File(#media)));
    }
    let mut component = |ty: &TypeRef| -> Option<&'a str> {
        let (component, type_name) = component_of(api, ty)?;
        answered.insert(component, type_name);
        Some(component)
    };
    let answer = match &operation.response {
        TypeRef::List(item) => component(item).map(|c| quote!(Answer::List(#c))),
        TypeRef::SearchResult(item) => component(item).map(|c| quote!(Answer::Search(#c))),
        other => component(other).map(|c| quote!(Answer::Object(#c))),
    };
    answer.ok_or_else(|| Error::Emit {
        item: operation.id.clone(),
        message: "the response names no component schema, so its test case has nothing \
                  to serve"
            .to_owned(),
    })
}

/// The component schema a response of type `ty` is an object of (the first variant's, for
/// a union), with the name of its type.
fn component_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<(&'a str, &'a str)> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let def = api.type_named(name)?;
    let def = match &def.shape {
        Shape::Union(union) => api.type_named(&union.variants.first()?.ty)?,
        _ => def,
    };
    let component = def
        .origin
        .strip_prefix("/components/schemas/")
        .filter(|name| !name.contains('/'))?;
    Some((component, &def.name))
}

/// `round_trip`: decodes JSON as the type of a component that an operation answers with,
/// by the component's name, and encodes it again.
fn round_trip(answered: &BTreeMap<&str, &str>) -> TokenStream {
    let arms = answered.iter().map(|(component, type_name)| {
        let ty = ident(type_name);
        quote! {
            #component => #ty::from_json_slice(json)
                .map(|decoded| (decoded.to_json_string(), format!("{decoded:?}"))),
        }
    });
    let names = answered.keys();
    quote! {
        /// The components an operation answers with (as an object, an item of a page, or
        /// an error), which [`round_trip`] decodes.
        pub const ANSWERED: &[&str] = &[#(#names),*];

        /// Decodes `json` as the type of `component`, one that an operation answers with,
        /// and gives the JSON it encodes back to and its `Debug` text; `None` for another
        /// component.
        pub fn round_trip(
            component: &str,
            json: &[u8],
        ) -> Option<Result<(String, String), stripe_api::DecodeError>> {
            Some(match component {
                #(#arms)*
                _ => return None,
            })
        }
    }
}

/// How deep required objects may nest in a case's parameters; the spec nests them a few
/// levels at most, so a deeper one means a cycle.
const MAX_REQUIRED_DEPTH: usize = 8;

/// A value for each required field of `fields`, in order: the arguments of `new`. Each is
/// the type's default where it has one, else built the same way.
fn required_arguments(
    api: &Api,
    fields: &[crate::model::Field],
    depth: usize,
) -> Result<Vec<TokenStream>, Error> {
    fields
        .iter()
        .filter(|field| !field.presence.is_optional())
        .map(|field| {
            let value = sample(api, &field.ty, depth)?;
            Ok(if field.boxed {
                quote!(Box::new(#value))
            } else {
                value
            })
        })
        .collect()
}

/// A value of `ty` for a case: its default, or for a type without one, the first choice
/// or an object with its own required fields filled in.
fn sample(api: &Api, ty: &TypeRef, depth: usize) -> Result<TokenStream, Error> {
    if depth > MAX_REQUIRED_DEPTH {
        return Err(Error::Emit {
            item: format!("{ty:?}"),
            message: "required parameters nest too deep to build a test case".to_owned(),
        });
    }
    let shape = match ty {
        TypeRef::File => {
            return Ok(quote!(stripe_api::FileUpload::new(
                "case.txt",
                b"case".to_vec()
            )));
        }
        TypeRef::Named(name) => api.type_named(name).map(|def| (name, &def.shape)),
        _ => None,
    };
    Ok(match shape {
        Some((name, Shape::Object(object)))
            if object.fields.iter().any(|f| !f.presence.is_optional()) =>
        {
            let ty = ident(name);
            let required = required_arguments(api, &object.fields, depth + 1)?;
            quote!(#ty::new(#(#required),*))
        }
        Some((name, Shape::Choice(choice))) => {
            let ty = ident(name);
            let first = choice.variants.first().ok_or_else(|| Error::Emit {
                item: name.clone(),
                message: "a choice without variants".to_owned(),
            })?;
            let variant = ident(&first.name);
            match &first.value {
                ChoiceValue::Value(inner) => {
                    let value = sample(api, inner, depth + 1)?;
                    quote!(#ty::#variant(#value))
                }
                ChoiceValue::Literal(_) => quote!(#ty::#variant),
            }
        }
        _ => {
            let ty = rust_type(ty);
            quote!(<#ty as Default>::default())
        }
    })
}
