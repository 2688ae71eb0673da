//! Lowers operations: the path template and its parameters, the form-encoded parameters,
//! and the types of the success and error responses, named the way Stripe's SDKs name them.

use std::collections::BTreeMap;

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type,
};

use super::names::{self, Scope};
use super::reach::{Components, split};
use super::schema::{Site, TypeLowerer};
use crate::error::SpecProblem;
use crate::model::{
    Method, Operation, Params, ParamsLocation, PathParam, PathSegment, Presence, Role, TypeRef,
};
use crate::pointer::Pointer;

/// The media type of Stripe's request bodies.
const FORM: &str = "application/x-www-form-urlencoded";
/// The media type of Stripe's responses.
const JSON: &str = "application/json";

/// An operation found in the spec, before lowering.
pub struct Found<'a> {
    pub path: &'a str,
    pub method: Method,
    pub operation: &'a SpecOperation,
    pub path_item_params: &'a [ReferenceOr<Parameter>],
    pub at: Pointer,
}

/// Every operation in the spec, in path order then method order.
pub fn find(openapi: &openapiv3::OpenAPI) -> Result<Vec<Found<'_>>, SpecProblem> {
    let mut found = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let item_at = Pointer::root().push("paths").push(path);
        let ReferenceOr::Item(item) = item else {
            return Err(SpecProblem::new(
                item_at,
                "a `$ref` path item is not supported",
            ));
        };
        let methods = [
            ("get", Method::Get, &item.get),
            ("post", Method::Post, &item.post),
            ("delete", Method::Delete, &item.delete),
        ];
        for (key, method, operation) in methods {
            if let Some(operation) = operation {
                found.push(Found {
                    path,
                    method,
                    operation,
                    path_item_params: &item.parameters,
                    at: item_at.push(key),
                });
            }
        }
        for (key, operation) in [
            ("put", &item.put),
            ("patch", &item.patch),
            ("head", &item.head),
            ("options", &item.options),
            ("trace", &item.trace),
        ] {
            if operation.is_some() {
                return Err(SpecProblem::new(
                    item_at.push(key),
                    format!(
                        "`{key}` operations are not supported; Stripe uses get, post and delete"
                    ),
                ));
            }
        }
    }
    Ok(found)
}

/// The schemas an operation uses directly, where the walk to reachable schemas starts.
pub fn root_schemas<'a>(found: &Found<'a>) -> Vec<(&'a ReferenceOr<Schema>, Pointer)> {
    let mut roots = Vec::new();
    if let Some(ReferenceOr::Item(body)) = &found.operation.request_body {
        for (media, content) in &body.content {
            if let Some(schema) = &content.schema {
                let at = found
                    .at
                    .push("requestBody")
                    .push("content")
                    .push(media)
                    .push("schema");
                roots.push((schema, at));
            }
        }
    }
    for (i, parameter) in found.operation.parameters.iter().enumerate() {
        if let ReferenceOr::Item(parameter) = parameter
            && let ParameterSchemaOrContent::Schema(schema) = &parameter.parameter_data_ref().format
        {
            roots.push((schema, found.at.push("parameters").index(i).push("schema")));
        }
    }
    let responses = &found.operation.responses;
    let all = responses
        .responses
        .iter()
        .map(|(code, response)| (code.to_string(), response))
        .chain(responses.default.iter().map(|r| ("default".to_owned(), r)));
    for (code, response) in all {
        if let ReferenceOr::Item(response) = response {
            for (media, content) in &response.content {
                if let Some(schema) = &content.schema {
                    let at = found
                        .at
                        .push("responses")
                        .push(&code)
                        .push("content")
                        .push(media)
                        .push("schema");
                    roots.push((schema, at));
                }
            }
        }
    }
    roots
}

/// Where an operation sits among the client's methods: namespace (`v1`), resource
/// (`["checkout", "sessions"]`) and verb (`expire`).
pub struct CallName {
    pub namespace: String,
    pub resource: Vec<String>,
    pub verb: String,
}

/// The call name of each operation in `found`, in the same order. A literal after the
/// last parameter is an action (`/sessions/{session}/expire`), unless other operations
/// have it as a resource (`/accounts/{account}/capabilities/{capability}`): it is then the
/// collection of that resource, listed or added to as `/v1/customers` is.
pub fn call_names(found: &[Found<'_>]) -> Result<Vec<CallName>, SpecProblem> {
    let mut names = Vec::with_capacity(found.len());
    for found in found {
        let path = parse_path(found.path, &found.at)?;
        let (namespace, resource, verb) = name_parts(&path, found.method, &found.at)?;
        names.push(CallName {
            namespace,
            resource,
            verb,
        });
    }
    let resources: std::collections::BTreeSet<Vec<&str>> = names
        .iter()
        .flat_map(|name| {
            let chain: Vec<&str> = std::iter::once(name.namespace.as_str())
                .chain(name.resource.iter().map(String::as_str))
                .collect();
            (1..=chain.len()).map(move |depth| chain[..depth].to_vec())
        })
        .collect();
    let collections: Vec<bool> = names
        .iter()
        .map(|name| {
            let chain: Vec<&str> = std::iter::once(name.namespace.as_str())
                .chain(name.resource.iter().map(String::as_str))
                .chain(std::iter::once(name.verb.as_str()))
                .collect();
            resources.contains(&chain)
        })
        .collect();
    for ((name, found), collection) in names.iter_mut().zip(found).zip(collections) {
        if collection {
            name.resource.push(std::mem::take(&mut name.verb));
            name.verb = collection_verb(found.method).to_owned();
        }
    }
    // Two methods on one path ending in a literal (`GET` and `POST
    // /v1/charges/{charge}/dispute`) act on a single object under the parent, as `GET` and
    // `POST /v1/customers/{customer}` do on a customer.
    let mut calls: BTreeMap<(String, Vec<String>, String), usize> = BTreeMap::new();
    for name in &names {
        *calls
            .entry((
                name.namespace.clone(),
                name.resource.clone(),
                name.verb.clone(),
            ))
            .or_default() += 1;
    }
    for (name, found) in names.iter_mut().zip(found) {
        let key = (
            name.namespace.clone(),
            name.resource.clone(),
            name.verb.clone(),
        );
        let shared = calls.get(&key).is_some_and(|&count| count > 1);
        if shared && matches!(found.path.rsplit('/').next(), Some(last) if !last.starts_with('{')) {
            name.resource.push(std::mem::take(&mut name.verb));
            name.verb = object_verb(found.method).to_owned();
        }
    }
    Ok(names)
}

/// The verb of an operation on one object (a path that ends in a parameter).
fn object_verb(method: Method) -> &'static str {
    match method {
        Method::Get => "retrieve",
        Method::Post => "update",
        Method::Delete => "delete",
    }
}

/// The verb of an operation on a collection (a path that ends in a literal).
fn collection_verb(method: Method) -> &'static str {
    match method {
        Method::Get => "list",
        Method::Post => "create",
        Method::Delete => "delete",
    }
}

/// Lowers one operation, named `name`; types its parameters need are defined in `types`.
pub fn lower<'a>(
    found: &Found<'a>,
    name: CallName,
    types: &mut TypeLowerer<'a>,
    components: &Components<'a>,
) -> Result<Operation, SpecProblem> {
    let operation = found.operation;
    let at = &found.at;
    let id = operation
        .operation_id
        .clone()
        .ok_or_else(|| SpecProblem::new(at.clone(), "the operation has no `operationId`"))?;
    let path = parse_path(found.path, &found.at)?;
    let CallName {
        namespace,
        resource,
        verb,
    } = name;

    let response_at = at.push("responses");
    let success = operation
        .responses
        .responses
        .iter()
        .find(|(code, _)| matches!(code, StatusCode::Code(200..=299)))
        .map(|(code, response)| (response, response_at.push(&code.to_string())))
        .ok_or_else(|| SpecProblem::new(response_at.clone(), "no 2xx response is documented"))?;
    let error = operation
        .responses
        .default
        .as_ref()
        .map(|response| (response, response_at.push("default")))
        .ok_or_else(|| {
            SpecProblem::new(
                response_at.clone(),
                "no `default` (error) response is documented",
            )
        })?;

    types.role = Role::Response;
    let owner = names::type_name(&format!("{}_{}", resource.join("_"), verb))
        .unwrap_or_else(|| "Operation".to_owned());
    let response = response_type(success.0, &success.1, &owner, "response", types)?;
    let error = response_type(error.0, &error.1, &owner, "error", types)?;

    let subject = params_subject(&response, &path)
        .or_else(|| names::type_name(&resource.join("_")))
        .unwrap_or_else(|| owner.clone());
    let verb_name = names::upper_camel(&verb).unwrap_or_default();
    // Operations on one object under different parents (`/v1/subscriptions/{id}` and
    // `/v1/customers/{customer}/subscriptions/{id}`) would share a name; the later one in
    // path order is named after its whole resource path instead.
    let has_params = (found.method == Method::Post && operation.request_body.is_some())
        || parameters(found).any(|(p, _)| matches!(p, Parameter::Query { .. }));
    let params_name = if has_params {
        let resource_name = names::type_name(&resource.join("_")).unwrap_or_default();
        types.claim_type_name(
            format!("{subject}{verb_name}Params"),
            format!("{resource_name}{verb_name}Params"),
        )
    } else {
        format!("{subject}{verb_name}Params")
    };
    types.role = Role::Request;
    let params = lower_params(found, &params_name, types, components)?;
    types.role = Role::Response;

    let path_params = path_params(found, &path)?;
    Ok(Operation {
        id,
        origin: found.at.clone().into(),
        doc: operation
            .description
            .clone()
            .filter(|d| !d.trim().is_empty()),
        summary: operation.summary.clone().filter(|s| !s.trim().is_empty()),
        method: found.method,
        path,
        path_params,
        resource,
        namespace,
        verb,
        params,
        response,
        error,
    })
}

/// What an operation's parameters are named after: the object it returns; for a list,
/// the object it lists or, under a path parameter, the object that parameter names
/// (`/v1/checkout/sessions/{session}/line_items` lists a session's line items, so its
/// parameters are `CheckoutSessionLineItemsParams`, as the SDKs name them).
fn params_subject(response: &TypeRef, path: &[PathSegment]) -> Option<String> {
    let TypeRef::List(item) = response else {
        return match response {
            TypeRef::Named(name) => Some(name.clone()),
            _ => None,
        };
    };
    let last_param = path
        .iter()
        .rposition(|segment| matches!(segment, PathSegment::Param(_)));
    match (last_param, item.as_ref()) {
        (None, TypeRef::Named(name)) => Some(name.clone()),
        (None, _) => None,
        (Some(p), _) => {
            // The namespace and the literal the parameter belongs to give way to the
            // parameter's own name: `checkout` + `session`.
            let mut words: Vec<&str> = path
                .get(1..p.saturating_sub(1))
                .unwrap_or_default()
                .iter()
                .filter_map(|segment| match segment {
                    PathSegment::Literal(text) => Some(text.as_str()),
                    PathSegment::Param(_) => None,
                })
                .collect();
            let PathSegment::Param(param) = &path[p] else {
                return None;
            };
            words.push(param);
            names::type_name(&words.join("_"))
        }
    }
}

fn response_type<'a>(
    response: &'a ReferenceOr<openapiv3::Response>,
    at: &Pointer,
    owner: &str,
    property: &str,
    types: &mut TypeLowerer<'a>,
) -> Result<TypeRef, SpecProblem> {
    let ReferenceOr::Item(response) = response else {
        return Err(SpecProblem::new(
            at.clone(),
            "a `$ref` response is not supported",
        ));
    };
    let Some(schema) = response.content.get(JSON).and_then(|c| c.schema.as_ref()) else {
        return Err(SpecProblem::new(
            at.push("content"),
            format!("the response has no `{JSON}` schema"),
        ));
    };
    let site = Site {
        owner,
        home: owner,
        property,
    };
    types.lower_ref(
        split(schema),
        site,
        &at.push("content").push(JSON).push("schema"),
    )
}

/// Splits `/v1/checkout/sessions/{session}/expire` into literals and parameters.
fn parse_path(path: &str, at: &Pointer) -> Result<Vec<PathSegment>, SpecProblem> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if !name.is_empty() && !name.contains(['{', '}']) => {
                    Ok(PathSegment::Param(name.to_owned()))
                }
                _ if segment.contains(['{', '}']) => Err(SpecProblem::new(
                    at.clone(),
                    format!(
                        "the path segment `{segment}` mixes text and a parameter; \
                         only whole-segment parameters are supported"
                    ),
                )),
                _ => Ok(PathSegment::Literal(segment.to_owned())),
            },
        )
        .collect()
}

/// The namespace (`v1`), resource (`["checkout", "sessions"]`) and verb (`expire`) of an
/// operation: a literal after the last parameter is the verb; otherwise the HTTP method
/// and whether the path ends in a parameter say which of the usual verbs it is.
fn name_parts(
    path: &[PathSegment],
    method: Method,
    at: &Pointer,
) -> Result<(String, Vec<String>, String), SpecProblem> {
    let Some((PathSegment::Literal(namespace), rest)) = path.split_first() else {
        return Err(SpecProblem::new(
            at.clone(),
            "the path must start with a version segment such as `/v1`",
        ));
    };
    let literals = |segments: &[PathSegment]| -> Vec<String> {
        segments
            .iter()
            .filter_map(|s| match s {
                PathSegment::Literal(l) => Some(names::field_name(l)),
                PathSegment::Param(_) => None,
            })
            .collect()
    };
    let last_param = rest
        .iter()
        .rposition(|s| matches!(s, PathSegment::Param(_)));
    let (resource, verb) = match (last_param, rest.last()) {
        (Some(p), Some(PathSegment::Literal(action))) if p + 1 < rest.len() => {
            let resource = literals(&rest[..p]);
            let action = names::field_name(action);
            let verb = if rest.len() - p > 2 {
                literals(&rest[p + 1..]).join("_")
            } else {
                action
            };
            (resource, verb)
        }
        (Some(_), _) => (literals(rest), object_verb(method).to_owned()),
        (None, _) => (literals(rest), collection_verb(method).to_owned()),
    };
    if resource.is_empty() {
        return Err(SpecProblem::new(
            at.clone(),
            "the path names no resource after its version segment",
        ));
    }
    Ok((names::field_name(namespace), resource, verb))
}

fn path_params(found: &Found<'_>, path: &[PathSegment]) -> Result<Vec<PathParam>, SpecProblem> {
    let mut params = Vec::new();
    for segment in path {
        let PathSegment::Param(name) = segment else {
            continue;
        };
        let declared = parameters(found)
            .find(|(parameter, _)| {
                matches!(parameter, Parameter::Path { parameter_data, .. } if &parameter_data.name == name)
            });
        let Some((parameter, _)) = declared else {
            return Err(SpecProblem::new(
                found.at.push("parameters"),
                format!("the path parameter `{name}` is not declared"),
            ));
        };
        params.push(PathParam {
            name: name.clone(),
            doc: parameter.parameter_data_ref().description.clone(),
        });
    }
    Ok(params)
}

/// The operation's parameters with their pointers, the operation's own first.
fn parameters<'f, 'a>(found: &'f Found<'a>) -> impl Iterator<Item = (&'a Parameter, Pointer)> + 'f {
    let operation: &'a SpecOperation = found.operation;
    let item_params: &'a [ReferenceOr<Parameter>] = found.path_item_params;
    let own = operation
        .parameters
        .iter()
        .enumerate()
        .map(move |(i, p)| (p, found.at.push("parameters").index(i)));
    let shared = item_params.iter().enumerate().map(move |(i, p)| {
        let item_at = found
            .at
            .tokens()
            .take(2)
            .fold(Pointer::root(), |at, token| at.push(&token));
        (p, item_at.push("parameters").index(i))
    });
    own.chain(shared)
        .filter_map(|(parameter, at)| match parameter {
            ReferenceOr::Item(parameter) => Some((parameter, at)),
            ReferenceOr::Reference { .. } => None,
        })
}

/// The form-encoded parameters: the request body's properties, or the query parameters.
fn lower_params<'a>(
    found: &Found<'a>,
    name: &str,
    types: &mut TypeLowerer<'a>,
    components: &Components<'a>,
) -> Result<Option<Params>, SpecProblem> {
    let site = Site {
        owner: name,
        home: name,
        property: "",
    };
    // Stripe's spec gives `GET` and `DELETE` operations an empty form body beside their
    // query parameters; only a `POST` sends a body.
    if let Some(body) = &found.operation.request_body
        && found.method == Method::Post
    {
        let body_at = found.at.push("requestBody");
        let ReferenceOr::Item(body) = body else {
            return Err(SpecProblem::new(
                body_at,
                "a `$ref` request body is not supported",
            ));
        };
        let Some(schema) = body.content.get(FORM).and_then(|c| c.schema.as_ref()) else {
            return Err(SpecProblem::new(
                body_at.push("content"),
                format!("the request body has no `{FORM}` schema; only form bodies are supported"),
            ));
        };
        let schema_at = body_at.push("content").push(FORM).push("schema");
        let schema = match split(schema) {
            (Some(reference), _) => components.resolve(reference, &schema_at.push("$ref"))?.1,
            (None, Some(schema)) => schema,
            (None, None) => unreachable!("`split` returns one side of a `ReferenceOr`"),
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Err(SpecProblem::new(
                schema_at,
                "the request body must be an object",
            ));
        };
        let mut fields = types.lower_object(object, site, &schema_at)?.fields;
        for field in &mut fields {
            field.presence = match field.presence {
                Presence::Required | Presence::RequiredNullable => Presence::Required,
                Presence::Nullable | Presence::Optional => Presence::Optional,
            };
        }
        return Ok(Some(Params {
            name: name.to_owned(),
            location: ParamsLocation::Body,
            fields,
        }));
    }
    let mut fields = Vec::new();
    let mut field_names = Scope::default();
    let mut query: Vec<(&Parameter, Pointer)> = parameters(found)
        .filter(|(p, _)| matches!(p, Parameter::Query { .. }))
        .collect();
    query.sort_by(|a, b| {
        a.0.parameter_data_ref()
            .name
            .cmp(&b.0.parameter_data_ref().name)
    });
    for (parameter, at) in query {
        let data = parameter.parameter_data_ref();
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(SpecProblem::new(
                at.push("content"),
                "a query parameter with `content` is not supported; use `schema`",
            ));
        };
        let property_site = Site {
            property: &data.name,
            ..site
        };
        let ty = types.lower_ref(split(schema), property_site, &at.push("schema"))?;
        fields.push(crate::model::Field {
            name: field_names.claim(names::field_name(&data.name)),
            wire_name: data.name.clone(),
            doc: data.description.clone(),
            ty,
            presence: if data.required {
                Presence::Required
            } else {
                Presence::Optional
            },
            boxed: false,
        });
    }
    Ok((!fields.is_empty()).then(|| Params {
        name: name.to_owned(),
        location: ParamsLocation::Query,
        fields,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(path: &str, method: Method) -> (String, Vec<String>, String) {
        let segments = parse_path(path, &Pointer::root()).unwrap();
        name_parts(&segments, method, &Pointer::root()).unwrap()
    }

    #[test]
    fn verbs_follow_stripe_sdk_names() {
        let (namespace, resource, verb) =
            parts("/v1/checkout/sessions/{session}/expire", Method::Post);
        assert_eq!(namespace, "v1");
        assert_eq!(resource, ["checkout", "sessions"]);
        assert_eq!(verb, "expire");
        assert_eq!(parts("/v1/customers/{customer}", Method::Get).2, "retrieve");
        assert_eq!(parts("/v1/customers/{customer}", Method::Post).2, "update");
        assert_eq!(parts("/v1/customers", Method::Get).2, "list");
        assert_eq!(parts("/v1/customers", Method::Post).2, "create");
    }

    #[test]
    fn mixed_segments_are_rejected() {
        let problem = parse_path("/v1/a{b}", &Pointer::root()).unwrap_err();
        assert!(problem.problem.contains("`a{b}`"), "{}", problem.problem);
    }
}
