//! Emits the Rust code of the `stripe-api` crate from the model: one file per schema
//! (with the types defined inside it), module files that tie them together, every file
//! built with `quote`, checked by `syn` and formatted by `prettyplease`.

mod cases;
mod choice;
mod docs;
mod enums;
pub mod features;
mod gates;
mod idents;
mod object;
pub(crate) mod operation;
mod request;
mod resources;
pub(crate) mod types;
mod union;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Error;
use crate::lower::names;
use crate::model::{Api, ChoiceValue, Gate, Operation, Role, Shape, TypeDef, TypeRef};
use crate::output::FileSet;

pub use docs::escape as escape_markdown;

/// Where generated code lives, relative to the `stripe-api` crate; nothing else in the
/// crate is generated, and nothing in here is written by hand.
pub const GENERATED_DIR: &str = "src/generated";

/// The marker that editors, review tools and the generator itself read as "generated".
pub const GENERATED_MARKER: &str = "@generated";

/// Emits every file of the generated module, keyed by path relative to the crate.
pub fn emit(api: &Api) -> Result<FileSet, Error> {
    let header = header(&api.version);
    let mut files = FileSet::default();
    let mut homes: BTreeMap<String, Vec<Item<'_>>> = BTreeMap::new();
    for def in &api.types {
        homes
            .entry(names::field_name(&def.home))
            .or_default()
            .push(Item::Type(def));
    }
    for operation in &api.operations {
        if let Some(params) = &operation.params {
            homes
                .entry(names::field_name(&params.name))
                .or_default()
                .push(Item::Params(operation));
        }
    }
    let homes: Vec<(&String, &Vec<Item<'_>>)> = homes.iter().collect();
    for (path, text) in render_in_parallel(&homes, |(module, items)| {
        let tokens = type_file(api, items)?;
        let path = PathBuf::from(GENERATED_DIR)
            .join("types")
            .join(format!("{module}.rs"));
        Ok((path, render(&header, tokens, module)?))
    })? {
        files.insert(path, text);
    }
    let modules: Vec<(&String, Gate)> = homes
        .iter()
        .map(|(module, items)| (*module, gates::widest(items.iter().map(Item::gate))))
        .collect();
    let type_names: Vec<(&str, &Gate)> = homes
        .iter()
        .flat_map(|(_, items)| items.iter())
        .filter(|item| !matches!(item, Item::Type(def) if matches!(def.shape, Shape::Alias(_))))
        .map(|item| (item.name(), item.gate()))
        .collect();
    files.insert(
        PathBuf::from(GENERATED_DIR).join("types").join("mod.rs"),
        render(&header, types_module(&modules, &type_names), "types")?,
    );
    if !api.operations.is_empty() {
        files.insert(
            PathBuf::from(GENERATED_DIR).join("operations.rs"),
            render(&header, operation::operations_file(api)?, "operations")?,
        );
    }
    if resources::any_resources(api) {
        files.insert(
            PathBuf::from(GENERATED_DIR).join("resources.rs"),
            render(&header, resources::resources_file(api), "resources")?,
        );
    }
    files.insert(
        PathBuf::from(GENERATED_DIR).join("mod.rs"),
        render(&header, root_module(api), "mod")?,
    );
    files.insert_region(PathBuf::from("Cargo.toml"), features::cargo_features(api));
    files.insert_region(PathBuf::from("README.md"), features::readme_features(api));
    Ok(files)
}

/// The test case of every operation, as the file `tests/generated/operation_cases.rs` of
/// the workspace (the `cases` module says what a case holds).
pub fn operation_cases(api: &Api) -> Result<FileSet, Error> {
    let mut files = FileSet::default();
    files.insert(
        PathBuf::from(CASES_DIR).join("operation_cases.rs"),
        render(
            &header(&api.version),
            cases::cases_file(api)?,
            "operation_cases",
        )?,
    );
    Ok(files)
}

/// Where the operations' test cases live, relative to the workspace's `tests` crate.
pub const CASES_DIR: &str = "generated";

/// What a types file holds: named types, and the parameters of operations.
enum Item<'a> {
    Type(&'a TypeDef),
    Params(&'a Operation),
}

/// Runs `render` on every item, split across the machine's cores; formatting thousands of
/// items is most of codegen's time. Results come back in item order, so the output does
/// not depend on scheduling.
fn render_in_parallel<T: Sync, R: Send>(
    items: &[T],
    render: impl Fn(&T) -> Result<R, Error> + Sync,
) -> Result<Vec<R>, Error> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(|| chunk.iter().map(&render).collect::<Result<Vec<R>, Error>>())
            })
            .collect();
        let mut results = Vec::with_capacity(items.len());
        for handle in handles {
            let rendered = handle.join().map_err(|_| Error::Emit {
                item: "a generated file".to_owned(),
                message: "a rendering thread panicked".to_owned(),
            })?;
            results.extend(rendered?);
        }
        Ok(results)
    })
}

fn header(version: &str) -> String {
    format!(
        "// {GENERATED_MARKER} by `cargo xtask codegen` from Stripe's OpenAPI spec \
         (API version {version}).\n\
         // Do not edit: change the spec or the generator, then run `cargo xtask codegen`.\n\n"
    )
}

fn root_module(api: &Api) -> TokenStream {
    let version = &api.version;
    let operations = (!api.operations.is_empty()).then(|| {
        quote!(
            pub mod operations;
        )
    });
    let resources = resources::any_resources(api).then(|| {
        quote!(
            pub mod resources;
        )
    });
    let version_doc = format!(
        " The Stripe API version this code was generated from (`{version}`); every request \
         pins it in the `Stripe-Version` header."
    );
    quote! {
        //! The generated half of the crate: every type the supported operations reach,
        //! generated from Stripe's OpenAPI spec.

        // Generated code must build without a single warning; a warning here is a bug in
        // the generator. (Cargo caps lints of dependencies, so this never breaks users.)
        #![deny(warnings)]

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;

        #operations
        #resources
        pub mod types;
    }
}

fn types_module(modules: &[(&String, Gate)], type_names: &[(&str, &Gate)]) -> TokenStream {
    let idents: Vec<_> = modules.iter().map(|(m, _)| idents::ident(m)).collect();
    let module_cfgs: Vec<_> = modules.iter().map(|(_, gate)| gates::cfg(gate)).collect();
    let types = type_names.iter().map(|(name, _)| idents::ident(name));
    let type_cfgs = type_names.iter().map(|(_, gate)| gates::cfg(gate));
    quote! {
        //! Every type of the API, one file per schema with the types defined inside it,
        //! each compiled when an enabled feature's operations reach it.

        #(#module_cfgs mod #idents;)*

        #(#module_cfgs pub use #idents::*;)*

        /// Every type can be sent and shared between threads, moved when pinned, and
        /// used across `catch_unwind`: the auto traits users expect of plain data.
        #[cfg(test)]
        #[test]
        fn every_type_has_the_auto_traits() {
            fn check<T: Send + Sync + Unpin + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}
            #(#type_cfgs check::<#types>();)*
        }
    }
}

/// The items of one file: the types whose home it is, and imports of the rest.
fn type_file(api: &Api, items: &[Item<'_>]) -> Result<TokenStream, Error> {
    let local: BTreeSet<&str> = items.iter().map(Item::name).collect();
    let file_gate = gates::widest(items.iter().map(Item::gate));
    // Each import under the gates of the items that use it.
    let mut imports: BTreeMap<&str, Gate> = BTreeMap::new();
    for item in items {
        let mut used = Vec::new();
        match item {
            Item::Type(def) => match &def.shape {
                Shape::Object(object) => {
                    for field in &object.fields {
                        field.ty.names_into(&mut used);
                    }
                }
                Shape::Union(union) => {
                    for variant in &union.variants {
                        if variant.gate == Gate::Always {
                            used.push(&variant.ty);
                        } else if !local.contains(variant.ty.as_str()) {
                            // Compiled with the variant, not with the whole union.
                            imports.entry(&variant.ty).or_default().widen(&variant.gate);
                        }
                    }
                }
                Shape::Choice(choice) => {
                    for variant in &choice.variants {
                        if let ChoiceValue::Value(ty) = &variant.value {
                            ty.names_into(&mut used);
                        }
                    }
                }
                Shape::Alias(target) => used.push(target),
                Shape::Enum(_) => {}
            },
            Item::Params(operation) => {
                for field in operation.params.iter().flat_map(|p| &p.fields) {
                    field.ty.names_into(&mut used);
                }
            }
        }
        for name in used.into_iter().filter(|n| !local.contains(n)) {
            imports.entry(name).or_default().widen(item.gate());
        }
    }
    let imports = imports.iter().map(|(name, gate)| {
        let cfg = gates::cfg_within(gate, &file_gate);
        let name = idents::ident(name);
        quote!(#cfg use super::#name;)
    });
    let codec_users: Vec<&Item<'_>> = items
        .iter()
        .filter(|item| match item {
            Item::Type(def) => match def.shape {
                Shape::Object(_) => def.role == Role::Response,
                Shape::Enum(_) | Shape::Union(_) => true,
                Shape::Choice(_) | Shape::Alias(_) => false,
            },
            Item::Params(_) => false,
        })
        .collect();
    let codec = (!codec_users.is_empty()).then(|| {
        let gate = gates::widest(codec_users.iter().map(|item| item.gate()));
        let cfg = gates::cfg_within(&gate, &file_gate);
        quote!(
            #cfg use stripe_api::codec;
        )
    });
    let mut rendered = Vec::with_capacity(items.len());
    for item in items {
        let tokens = match item {
            Item::Type(def) => type_def(api, def)?,
            Item::Params(operation) => params_def(operation),
        };
        rendered.push(if gates::cfg_within(item.gate(), &file_gate).is_empty() {
            tokens
        } else {
            gates::gated(tokens, item.gate(), item.name())?
        });
    }
    Ok(quote! {
        #codec
        #(#imports)*

        #(#rendered)*
    })
}

impl Item<'_> {
    fn name(&self) -> &str {
        match self {
            Item::Type(def) => &def.name,
            Item::Params(operation) => operation.params.as_ref().map_or("", |p| p.name.as_str()),
        }
    }

    /// When the item compiles: a type when an operation reaching it is served, parameters
    /// when their operation is.
    fn gate(&self) -> &Gate {
        match self {
            Item::Type(def) => &def.gate,
            Item::Params(operation) => &operation.gate,
        }
    }
}

/// Whether Stripe sends the type on its own: an operation's response, or an object with
/// an `object` property naming its type.
fn is_standalone(api: &Api, def: &TypeDef) -> bool {
    let named = |ty: &TypeRef| matches!(ty, TypeRef::Named(name) if *name == def.name);
    let tagged = matches!(&def.shape, Shape::Object(object)
        if object.fields.iter().any(|f| f.wire_name == "object" && matches!(f.ty, TypeRef::Constant(_))));
    tagged
        || api
            .operations
            .iter()
            .any(|op| named(&op.response) || named(&op.error))
}

fn type_def(api: &Api, def: &TypeDef) -> Result<TokenStream, Error> {
    Ok(match (&def.shape, def.role) {
        (Shape::Object(object), Role::Response) => {
            object::check_decodable(def, object)?;
            object::response_object(def, object, is_standalone(api, def))
        }
        (Shape::Object(object), Role::Request) => {
            let doc = def
                .doc
                .as_deref()
                .map(docs::rustdoc_lines)
                .unwrap_or_default();
            request::request_struct(&def.name, &doc, &object.fields, false)
        }
        (Shape::Enum(values), _) => enums::string_enum(def, values, api.sent_in_requests(def)),
        (Shape::Alias(target), _) => enums::alias(def, target),
        (Shape::Choice(choice), _) => choice::choice(def, choice),
        (Shape::Union(variants), _) => union::union(def, variants, api.has_id(&def.name)),
    })
}

/// The parameters struct of `operation`, which has parameters.
fn params_def(operation: &Operation) -> TokenStream {
    let Some(params) = &operation.params else {
        return TokenStream::new();
    };
    let call = vec![format!(
        "The parameters of `{}`, sent as `{}`.",
        operation::rust_call(operation),
        docs::escape(&operation::wire_call(operation))
    )];
    request::params_struct(params, &call)
}

/// `#[doc]` attributes for a description.
fn doc_attrs(description: Option<&str>) -> TokenStream {
    let lines = description.map(docs::rustdoc_lines).unwrap_or_default();
    lines_to_attrs(&lines)
}

fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// The JSON entry points of a type and its `serde` impls. The entry points are compiled
/// once in this crate, so callers compile no decoding code; `serde` goes through the same
/// codec, by way of JSON. Decoding entry points are only for objects that Stripe sends on
/// their own (with an `object` property, or as a response), which keeps the crate's build
/// from paying for thousands of sub-objects nobody decodes alone.
fn codec_impls(def: &TypeDef, label: &str, standalone: bool) -> TokenStream {
    let name = idents::ident(&def.name);
    let target = &def.name;
    let from_slice = format!(" Decodes a `{label}` from JSON.");
    let to_string = format!(
        " Encodes this `{label}` as JSON: the JSON it was decoded from, if it was decoded."
    );
    let decoding = standalone.then(|| {
        quote! {
            #[doc = #from_slice]
            ///
            /// Compiled once, inside this crate: calling it adds no decoding code to yours.
            #[inline(never)]
            pub fn from_json_slice(json: &[u8]) -> Result<Self, stripe_api::DecodeError> {
                codec::decode_slice(json, #target)
            }

            /// Decodes from a JSON string, as [`Self::from_json_slice`] does from bytes.
            #[inline]
            pub fn from_json_str(json: &str) -> Result<Self, stripe_api::DecodeError> {
                Self::from_json_slice(json.as_bytes())
            }
        }
    });
    let serde = serde_impls(def);
    quote! {
        impl #name {
            #decoding

            #[doc = #to_string]
            #[inline]
            pub fn to_json_string(&self) -> String {
                codec::encode(self)
            }
        }

        #serde
    }
}

/// `serde` impls that go through the type's own JSON codec, behind the crate's `serde`
/// feature: building without them is quicker, and nothing in the crate needs them.
fn serde_impls(def: &TypeDef) -> TokenStream {
    let name = idents::ident(&def.name);
    let target = &def.name;
    let feature = features::SERDE_FEATURE;
    quote! {
        #[cfg(feature = #feature)]
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                codec::serialize_via_json(self, serializer)
            }
        }

        #[cfg(feature = #feature)]
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                codec::deserialize_via_json(deserializer, #target)
            }
        }
    }
}

/// Parses the emitted tokens as a file and prints it the way `rustfmt` would.
fn render(header: &str, tokens: TokenStream, item: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::Emit {
        item: item.to_owned(),
        message: format!("emitted code does not parse: {error}"),
    })?;
    Ok(format!("{header}{}", spaced(&prettyplease::unparse(&file))))
}

/// Puts a blank line between items, top-level and inside `impl` blocks, and after the
/// imports, all of which prettyplease runs together.
fn spaced(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let top_level = line.starts_with(|c: char| !c.is_whitespace()) && !line.starts_with('}');
        let blank = !line.is_empty()
            && ((previous.starts_with("use ") && !line.starts_with("use "))
                || (previous.starts_with("//!") && !line.starts_with("//!"))
                || (previous.starts_with("#![") && top_level)
                || (previous == "}" && top_level)
                || (previous.ends_with(';')
                    && !previous.starts_with([' ', 'u', '/'])
                    && top_level)
                || (previous == "    }" && line.starts_with("    ") && !line.starts_with("    }"))
                || (previous.starts_with("    const ")
                    && previous.ends_with(';')
                    && line.starts_with("    ")));
        if blank {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
