//! Emits the operations: a chain of accessors that follows the path, as Stripe's SDKs
//! name it (`client.v1().checkout().sessions()`), ending in one async method per
//! operation (`.expire(id, &params)`) that sends the request and decodes the response.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::gates::{cfg, cfg_within};
use super::idents::ident;
use super::types::rust_type;
use crate::error::Error;
use crate::model::{Api, Gate, Host, Method, Operation, ParamsLocation, PathSegment};

/// The `operations` module: accessors and operation methods.
pub fn operations_file(api: &Api) -> Result<TokenStream, Error> {
    let mut nodes: BTreeMap<Vec<String>, Node> = BTreeMap::new();
    for operation in &api.operations {
        let mut chain = vec![operation.namespace.clone()];
        chain.extend(operation.resource.iter().cloned());
        for depth in 1..=chain.len() {
            let node = nodes.entry(chain[..depth].to_vec()).or_default();
            node.gate.widen(&operation.gate);
            if let Some(child) = chain.get(depth) {
                node.children.insert(child.clone());
            }
        }
        if let Some(node) = nodes.get_mut(&chain) {
            node.operations.push(operation);
        }
    }

    // Each import under the gates of the operations that use it.
    let mut used: BTreeMap<&str, Gate> = BTreeMap::new();
    for operation in &api.operations {
        let mut named = Vec::new();
        operation.response.names_into(&mut named);
        operation.error.names_into(&mut named);
        if let Some(params) = &operation.params {
            named.push(&params.name);
        }
        for name in named {
            used.entry(name).or_default().widen(&operation.gate);
        }
    }
    let imports = used.iter().map(|(name, gate)| {
        let cfg = cfg(gate);
        let name = ident(name);
        quote!(#cfg use super::types::#name;)
    });

    let roots: Vec<_> = nodes
        .keys()
        .filter(|chain| chain.len() == 1)
        .map(|chain| {
            (
                ident(&chain[0]),
                ident(&node_name(chain)),
                format!(" Operations under `/{}`.", chain[0]),
                cfg(&nodes[chain].gate),
            )
        })
        .collect();
    let client_roots = roots.iter().map(|(method, node, doc, cfg)| {
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #method(&self) -> #node<'_> {
                #node { client: stripe_api::client::WithOptions::none(self) }
            }
        }
    });
    let option_roots = roots.iter().map(|(method, node, doc, cfg)| {
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #method(self) -> #node<'c> {
                #node { client: self }
            }
        }
    });
    let mut items = Vec::new();
    for (chain, node) in &nodes {
        items.push(node_items(api, chain, node, &nodes)?);
    }
    Ok(quote! {
        //! The operations of the API, reached from [`stripe_api::Client`] along their path.

        #(#imports)*

        impl stripe_api::Client {
            #(#client_roots)*
        }

        impl<'c> stripe_api::client::WithOptions<'c> {
            #(#option_roots)*
        }

        #(#items)*
    })
}

/// A step of a path: the resources under it and the operations on it.
#[derive(Default)]
struct Node<'a> {
    /// When the step compiles: when any operation under it does.
    gate: Gate,
    children: BTreeSet<String>,
    operations: Vec<&'a Operation>,
}

/// The type of a step: its path in upper camel case (`V1CheckoutSessions`).
fn node_name(chain: &[String]) -> String {
    chain.join("_").to_upper_camel_case()
}

fn node_items(
    api: &Api,
    chain: &[String],
    node: &Node<'_>,
    nodes: &BTreeMap<Vec<String>, Node<'_>>,
) -> Result<TokenStream, Error> {
    let name = ident(&node_name(chain));
    let doc = format!(" Operations under `/{}`.", chain.join("/"));
    let mut methods = BTreeSet::new();
    let children = node.children.iter().map(|child| {
        methods.insert(child.clone());
        let method = ident(child);
        let mut child_chain = chain.to_vec();
        child_chain.push(child.clone());
        let child_type = ident(&node_name(&child_chain));
        let doc = format!(" Operations under `/{}`.", child_chain.join("/"));
        let cfg = nodes
            .get(&child_chain)
            .map(|child| cfg_within(&child.gate, &node.gate));
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #method(&self) -> #child_type<'c> {
                #child_type { client: self.client }
            }
        }
    });
    let children: Vec<TokenStream> = children.collect();
    let mut operations = Vec::new();
    for operation in &node.operations {
        if !methods.insert(operation.verb.clone()) {
            return Err(Error::Emit {
                item: operation.id.clone(),
                message: format!(
                    "`{}` is already a method of `/{}`; two operations or resources share the name",
                    operation.verb,
                    chain.join("/")
                ),
            });
        }
        let cfg = cfg_within(&operation.gate, &node.gate);
        let method = operation_method(operation);
        operations.push(quote!(#cfg #method));
        let paged = api
            .paged_item(operation)
            .map(|item| (item, Paging::List))
            .or_else(|| {
                api.searched_item(operation)
                    .map(|item| (item, Paging::Search))
            });
        if let Some((item, paging)) = paged {
            let stream = format!("{}_stream", operation.verb);
            if !methods.insert(stream.clone()) {
                return Err(Error::Emit {
                    item: operation.id.clone(),
                    message: format!(
                        "`{stream}` is already a method of `/{}`; two operations or resources share the name",
                        chain.join("/")
                    ),
                });
            }
            let method = stream_method(operation, &stream, item, paging);
            operations.push(quote!(#cfg #method));
        }
    }
    let gate = cfg(&node.gate);
    Ok(quote! {
        #[doc = #doc]
        #gate
        #[derive(Clone, Copy, Debug)]
        pub struct #name<'c> {
            client: stripe_api::client::WithOptions<'c>,
        }

        #gate
        impl<'c> #name<'c> {
            #(#children)*
            #(#operations)*
        }
    })
}

/// How the operation is written on the wire: `POST /v1/checkout/sessions/{session}/expire`.
pub fn wire_call(operation: &Operation) -> String {
    let path: String = operation
        .path
        .iter()
        .map(|segment| match segment {
            PathSegment::Literal(text) => format!("/{text}"),
            PathSegment::Param(name) => format!("/{{{name}}}"),
        })
        .collect();
    format!("{} {path}", operation.method.as_str())
}

/// How a caller writes the operation: `client.v1().checkout().sessions().expire(...)`.
pub fn rust_call(operation: &Operation) -> String {
    let chain: String = std::iter::once(&operation.namespace)
        .chain(&operation.resource)
        .map(|step| format!(".{step}()"))
        .collect();
    format!("client{chain}.{}(...)", operation.verb)
}

fn operation_method(operation: &Operation) -> TokenStream {
    let verb = ident(&operation.verb);
    let mut lines = Vec::new();
    if let Some(summary) = &operation.summary {
        lines.extend(docs::rustdoc_lines(summary));
        lines.push(String::new());
    }
    if let Some(description) = &operation.doc {
        lines.extend(docs::rustdoc_lines(description));
        lines.push(String::new());
    }
    lines.push(format!("`{}`", docs::escape(&wire_call(operation))));
    lines.push(String::new());
    lines.push("# Errors".to_owned());
    lines.push(String::new());
    lines.push(
        "[`stripe_api::Error::Api`], with Stripe's error object, when Stripe refuses the call; \
         the other [`stripe_api::Error`] variants when no usable response arrives."
            .to_owned(),
    );
    let docs = super::lines_to_attrs(&lines);

    let Signature { arguments, request } = signature(operation);
    let response = rust_type(&operation.response);
    let error = rust_type(&operation.error);
    let answer = match &operation.download {
        // A file's contents, checked to be of the media type the spec gives.
        Some(media) => quote!(self.client.download::<#error>(response, #media)),
        None => {
            let target = response.to_string().replace(' ', "");
            quote!(self.client.decode::<#response, #error>(response, #target))
        }
    };
    quote! {
        #docs
        pub async fn #verb(self, #arguments) -> Result<#response, stripe_api::Error> {
            #request
            let response = self.client.send(request).await?;
            #answer
        }
    }
}

/// How an operation's pages follow one another.
#[derive(Clone, Copy)]
enum Paging {
    /// A list's, by the last id seen.
    List,
    /// Search results', by the `next_page` token.
    Search,
}

/// The auto-paging twin of a list or search operation: a stream of every item of every
/// page.
fn stream_method(operation: &Operation, name: &str, item: &str, paging: Paging) -> TokenStream {
    let how = match paging {
        Paging::List => "with `starting_after` set to the last id seen",
        Paging::Search => "with `page` set to the `next_page` of the page before",
    };
    let lines = [
        format!(
            "Every item of every page of [`{verb}`](Self::{verb}), as a stream that fetches \
             the next page only when the reader reaches it, {how} and the other parameters \
             kept: see [`stripe_api::client::ListStream`].",
            verb = operation.verb
        ),
        String::new(),
        format!("`{}`, once per page", docs::escape(&wire_call(operation))),
    ];
    let docs = super::lines_to_attrs(&lines);
    let method = ident(name);
    let Signature { arguments, request } = signature(operation);
    let item = ident(item);
    let error = rust_type(&operation.error);
    let (page, constructor) = match paging {
        Paging::List => (quote!(stripe_api::List<#item>), quote!(new)),
        Paging::Search => (quote!(stripe_api::SearchResult<#item>), quote!(search)),
    };
    let target = page.to_string().replace(' ', "");
    quote! {
        #docs
        pub fn #method(&self, #arguments) -> stripe_api::client::ListStream<#item> {
            #request
            stripe_api::client::ListStream::#constructor(self.client, request, |client, response| {
                client.decode::<#page, #error>(response, #target)
            })
        }
    }
}

/// What the methods of one operation share: their arguments, and the request they build
/// from them.
struct Signature {
    /// The path parameters, then the parameters struct.
    arguments: TokenStream,
    /// Statements that bind `request`.
    request: TokenStream,
}

fn signature(operation: &Operation) -> Signature {
    let mut arguments: Vec<TokenStream> = operation
        .path_params
        .iter()
        .map(|param| {
            let name = ident(&crate::lower::names::field_name(&param.name));
            quote!(#name: &str)
        })
        .collect();
    let parts = path_parts(operation);
    let (form, multipart) = match &operation.params {
        Some(params) => {
            let ty = ident(&params.name);
            arguments.push(quote!(params: &#ty));
            match params.location {
                ParamsLocation::Multipart => (
                    quote!(String::new()),
                    quote!(Some(stripe_api::form::FormEncoder::multipart(params))),
                ),
                ParamsLocation::Body | ParamsLocation::Query => (
                    quote!(stripe_api::form::FormEncoder::encode(params)),
                    quote!(None),
                ),
            }
        }
        None => (quote!(String::new()), quote!(None)),
    };
    let host = match operation.host {
        Host::Api => quote!(Api),
        Host::Files => quote!(Files),
    };
    let method = match operation.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
        Method::Delete => quote!(Delete),
    };
    Signature {
        arguments: quote!(#(#arguments),*),
        request: quote! {
            let path = [#(#parts),*];
            let request = stripe_api::client::Request {
                method: stripe_api::client::Method::#method,
                host: stripe_api::client::Host::#host,
                path: &path,
                form: #form,
                parts: #multipart,
            };
        },
    }
}

/// The path as literal text and parameters, with adjacent literals joined.
fn path_parts(operation: &Operation) -> Vec<TokenStream> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    for segment in &operation.path {
        literal.push('/');
        match segment {
            PathSegment::Literal(text) => literal.push_str(text),
            PathSegment::Param(name) => {
                let text = std::mem::take(&mut literal);
                parts.push(quote!(stripe_api::client::PathPart::Literal(#text)));
                let value = ident(&crate::lower::names::field_name(name));
                parts.push(
                    quote!(stripe_api::client::PathPart::Param { name: #name, value: #value }),
                );
            }
        }
    }
    if !literal.is_empty() {
        parts.push(quote!(stripe_api::client::PathPart::Literal(#literal)));
    }
    parts
}
