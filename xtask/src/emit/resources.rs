//! The `resources` module: one module per cargo feature, named as the feature, that lists
//! its calls and re-exports the types a user of that resource writes (parameters and what
//! the calls return), so a type can be found by resource as well as at the crate root.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::gates::cfg;
use super::idents::ident;
use super::operation::{rust_call, wire_call};
use super::{docs, lines_to_attrs};
use crate::model::{Api, Gate, Operation};

pub fn resources_file(api: &Api) -> TokenStream {
    let mut features: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        if let Gate::Features(names) = &operation.gate {
            for name in names {
                features.entry(name).or_default().push(operation);
            }
        }
    }
    let modules = features.iter().map(|(feature, operations)| {
        let module = ident(feature);
        let gate = cfg(&Gate::feature(feature));
        let mut lines = vec![
            format!("The `{feature}` feature: its calls, and the types they take and return."),
            String::new(),
            "| Call | Request |".to_owned(),
            "|---|---|".to_owned(),
        ];
        let mut types = BTreeSet::new();
        for operation in operations {
            lines.push(format!(
                "| `{}` | `{}` |",
                rust_call(operation),
                docs::escape(&wire_call(operation))
            ));
            if let Some(params) = &operation.params {
                types.insert(params.name.as_str());
            }
            let mut returned = Vec::new();
            operation.response.names_into(&mut returned);
            types.extend(returned);
        }
        let docs = lines_to_attrs(&lines);
        let types = types.into_iter().map(ident);
        quote! {
            #docs
            #gate
            pub mod #module {
                #(#[doc(no_inline)] pub use super::super::types::#types;)*
            }
        }
    });
    quote! {
        //! The API by resource: a module per cargo feature, named as the feature, with the
        //! calls it serves and the types they take and return. Every type is also at the
        //! crate root.

        #(#modules)*
    }
}

/// Whether any operation has a feature, so that there is a `resources` module to emit.
pub fn any_resources(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|operation| matches!(operation.gate, Gate::Features(_)))
}
