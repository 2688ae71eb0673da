//! Lowers operations: the path template and its parameters, the form-encoded parameters,
//! and the types of the success and error responses, named the way Stripe's SDKs name them.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type,
};

use super::names::{self, Scope};
use super::reach::{Components, split};
use super::schema::{Site, TypeLowerer};
use crate::error::SpecProblem;
use crate::model::{
    Host, Method, Operation, Params, ParamsLocation, PathParam, PathSegment, Presence, Role,
    TypeRef,
};
use crate::pointer::Pointer;

/// The media type of Stripe's request bodies.
const FORM: &str = "application/x-www-form-urlencoded";
/// The media type of an upload's request body.
const MULTIPART: &str = "multipart/form-data";
/// The host that serves files' contents, as the spec names it in an operation's
/// `servers`.
const FILES_HOST: &str = "files.stripe.com";
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
    /// For each literal of `resource`: whether it is a collection (`customers`), whose
    /// parameters type takes its singular (`Customer...Params`).
    pub collections: Vec<bool>,
    pub verb: String,
    /// What the call's types are named after (`CustomerBalanceTransactionList`).
    pub type_name: String,
}

/// What an operation's success response is, as far as naming it goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// A page of a list or of search results.
    List,
    /// One JSON object.
    Object,
    /// Anything else: a file, no body.
    Other,
}

/// The kinds of step a path takes, after which a literal is read differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The namespace, or a literal that only groups others (`checkout`, `test_helpers`).
    Group,
    /// A collection: ids follow it somewhere (`customers/{customer}`), or it is listed
    /// where it stands (`apps/secrets`).
    Collection,
    /// One object with no id of its own (`balance`, `charges/{charge}/dispute`).
    Object,
    /// An id.
    Param,
}

/// The call name of each operation in `found`, in the same order, by these rules:
///
/// - a path that ends in an id acts on that object: `retrieve`, `update`, `delete`;
/// - after the namespace or a group, a literal is a resource (`checkout`, `sessions`);
/// - after a collection, an object or an id, a literal is a resource only when ids follow
///   it somewhere (`customers/{customer}/balance_transactions`) or, after an id, when it
///   is an object of its own (`charges/{charge}/dispute`); otherwise it and the literals
///   after it are an action, a method of the resource (`customers/search`,
///   `payment_intents/{intent}/confirm`, `invoices/upcoming/lines` as `upcoming_lines`),
///   `delete_` before it for a `DELETE` (`customers/{customer}/discount`);
/// - a path that ends in a resource is listed (`list`) or created (`create`) when the
///   resource is a collection, and read (`retrieve`) or changed (`update`) when it is one
///   object (`balance`, `tax/settings`); a `POST` to a resource that is neither creates
///   (`account_links`).
pub fn call_names(
    found: &[Found<'_>],
    components: &Components<'_>,
) -> Result<Vec<CallName>, SpecProblem> {
    let paths = found
        .iter()
        .map(|found| parse_path(found.path, &found.at))
        .collect::<Result<Vec<_>, _>>()?;
    let answers: Vec<Answer> = found.iter().map(|f| answer(f, components)).collect();
    // Paths are compared with every id written `{}`, as different operations name the
    // same id differently.
    let mut with_ids = BTreeSet::new();
    let mut listed = BTreeSet::new();
    let mut objects = BTreeSet::new();
    for ((path, found), answer) in paths.iter().zip(found).zip(&answers) {
        for (i, segment) in path.iter().enumerate() {
            if matches!(segment, PathSegment::Param(_)) && i > 0 {
                with_ids.insert(shape(&path[..i]));
            }
        }
        let has_params = path.iter().any(|s| matches!(s, PathSegment::Param(_)));
        let ends_in_literal = matches!(path.last(), Some(PathSegment::Literal(_)));
        if found.method == Method::Get && ends_in_literal {
            match answer {
                Answer::List if !has_params => {
                    listed.insert(shape(path));
                }
                Answer::Object => {
                    objects.insert(shape(path));
                }
                _ => {}
            }
        }
    }
    let kind = |key: &str, after: Step| -> Option<Step> {
        let collection = with_ids.contains(key) || (after == Step::Group && listed.contains(key));
        let resource = match after {
            Step::Group => true,
            Step::Param => with_ids.contains(key) || objects.contains(key),
            Step::Collection | Step::Object => with_ids.contains(key),
        };
        resource.then_some(if collection {
            Step::Collection
        } else if objects.contains(key) {
            Step::Object
        } else {
            Step::Group
        })
    };
    let mut names = Vec::with_capacity(found.len());
    for ((path, found), answer) in paths.iter().zip(found).zip(&answers) {
        let Some((PathSegment::Literal(namespace), rest)) = path.split_first() else {
            return Err(SpecProblem::new(
                found.at.clone(),
                "the path must start with a version segment such as `/v1`",
            ));
        };
        let mut key = format!("/{namespace}");
        let mut step = Step::Group;
        let mut resource = Vec::new();
        let mut collections = Vec::new();
        let mut action = None;
        for (i, segment) in rest.iter().enumerate() {
            match segment {
                PathSegment::Param(_) => {
                    key.push_str("/{}");
                    step = Step::Param;
                }
                PathSegment::Literal(literal) => {
                    let next = format!("{key}/{literal}");
                    match kind(&next, step) {
                        Some(kind) => {
                            resource.push(names::field_name(literal));
                            collections.push(kind == Step::Collection);
                            key = next;
                            step = kind;
                        }
                        None => {
                            let words: Vec<&str> = rest[i..]
                                .iter()
                                .filter_map(|s| match s {
                                    PathSegment::Literal(l) => Some(l.as_str()),
                                    PathSegment::Param(_) => None,
                                })
                                .collect();
                            action = Some(names::field_name(&words.join("_")));
                            break;
                        }
                    }
                }
            }
        }
        if resource.is_empty() {
            return Err(SpecProblem::new(
                found.at.clone(),
                "the path names no resource after its version segment",
            ));
        }
        let verb = match (action, step, found.method) {
            (Some(action), _, Method::Delete) => format!("delete_{action}"),
            (Some(action), _, _) => action,
            (None, Step::Param, method) => object_verb(method).to_owned(),
            (None, Step::Collection, method) => collection_verb(method).to_owned(),
            (None, _, Method::Get) if *answer == Answer::List => "list".to_owned(),
            (None, _, Method::Post) if !objects.contains(&key) => "create".to_owned(),
            (None, _, method) => object_verb(method).to_owned(),
        };
        // What a `POST` creates is one of many, named in the singular as collections are
        // (`account_links` creates an `AccountLink...`).
        if verb == "create"
            && let Some(last) = collections.last_mut()
        {
            *last = true;
        }
        let type_name = call_type_name(&resource, &collections, &verb);
        names.push(CallName {
            namespace: names::field_name(namespace),
            resource,
            collections,
            verb,
            type_name,
        });
    }
    // A resource that is one object can take the name of a collection's item
    // (`/v1/account` and `/v1/accounts/{account}`): the collection keeps it, and the one
    // object's call is named after its namespace too (`V1AccountRetrieve`).
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for name in &names {
        *taken.entry(name.type_name.clone()).or_default() += 1;
    }
    for name in &mut names {
        let shared = taken.get(&name.type_name).is_some_and(|&count| count > 1);
        if shared && name.collections.last() == Some(&false) {
            name.type_name = format!(
                "{}{}",
                names::upper_camel(&name.namespace).unwrap_or_default(),
                name.type_name
            );
        }
    }
    Ok(names)
}

/// The verb of an operation on one object: a path that ends in an id, or a resource that
/// is one object.
fn object_verb(method: Method) -> &'static str {
    match method {
        Method::Get => "retrieve",
        Method::Post => "update",
        Method::Delete => "delete",
    }
}

/// The verb of an operation on a collection.
fn collection_verb(method: Method) -> &'static str {
    match method {
        Method::Get => "list",
        Method::Post => "create",
        Method::Delete => "delete",
    }
}

/// A path with every id written `{}`, the namespace first: `/v1/customers/{}/sources`.
fn shape(path: &[PathSegment]) -> String {
    path.iter()
        .map(|segment| match segment {
            PathSegment::Literal(literal) => format!("/{literal}"),
            PathSegment::Param(_) => "/{}".to_owned(),
        })
        .collect()
}

/// What the operation's success response is.
fn answer(found: &Found<'_>, components: &Components<'_>) -> Answer {
    let Some(response) = found
        .operation
        .responses
        .responses
        .iter()
        .find(|(code, _)| matches!(code, StatusCode::Code(200..=299)))
        .and_then(|(_, response)| match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { .. } => None,
        })
    else {
        return Answer::Other;
    };
    let Some(schema) = response.content.get(JSON).and_then(|c| c.schema.as_ref()) else {
        return Answer::Other;
    };
    let schema = match split(schema) {
        (Some(reference), _) => match components.resolve(reference, &found.at) {
            Ok((_, schema)) => schema,
            Err(_) => return Answer::Object,
        },
        (None, Some(schema)) => schema,
        (None, None) => return Answer::Other,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) if super::schema::is_page(object) => Answer::List,
        _ => Answer::Object,
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
        type_name: call,
        ..
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

    // `CustomerBalanceTransactionList`: the parameters are named after it, and so are
    // types defined inside the responses.
    types.role = Role::Response;
    let (response, download) = match downloaded_media(success.0) {
        Some(media) => (TypeRef::Bytes, Some(media)),
        None => (
            response_type(success.0, &success.1, &call, "response", types)?,
            None,
        ),
    };
    let error = response_type(error.0, &error.1, &call, "error", types)?;

    let has_params = (found.method == Method::Post && operation.request_body.is_some())
        || parameters(found).any(|(p, _)| matches!(p, Parameter::Query { .. }));
    let params_name = format!("{call}Params");
    if has_params && !types.claim_exact_type_name(&params_name) {
        return Err(SpecProblem::new(
            at.clone(),
            format!(
                "the parameters would be named `{params_name}`, as another operation's \
                 parameters or a schema already are; the naming rule needs a case for them"
            ),
        ));
    }
    types.role = Role::Request;
    let params = lower_params(found, &params_name, types, components)?;
    types.role = Role::Response;
    // Uploads and downloads of files' contents go to the files host, as the spec says for
    // uploads and Stripe's SDKs do for both.
    let names_files_host = operation
        .servers
        .iter()
        .any(|server| server.url.contains(FILES_HOST));
    let uploads = params
        .as_ref()
        .is_some_and(|params| params.location == ParamsLocation::Multipart);
    let host = if names_files_host || uploads || download.is_some() {
        Host::Files
    } else {
        Host::Api
    };

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
        host,
        response,
        download,
        error,
        gate: super::features::operation_gate(found.path),
    })
}

/// The name of a call's types, `{Resource}{Method}` as stripe-go names them: each literal
/// of the resource path in upper camel case, a collection's in the singular
/// (`customers/{customer}/balance_transactions` with `list` gives
/// `CustomerBalanceTransactionList`), then the method.
pub fn call_type_name(resource: &[String], collections: &[bool], verb: &str) -> String {
    let mut name = String::new();
    for (literal, &collection) in resource.iter().zip(collections) {
        let word = if collection {
            names::singular(literal)
        } else {
            literal.clone()
        };
        name.push_str(&names::upper_camel(&word).unwrap_or_default());
    }
    name.push_str(&names::upper_camel(verb).unwrap_or_default());
    name
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

/// The media type of a success response that is a file's contents rather than JSON
/// (`application/pdf`), if it is one: a single media type, not JSON, whose schema is a
/// `binary` string.
fn downloaded_media(response: &ReferenceOr<openapiv3::Response>) -> Option<String> {
    let ReferenceOr::Item(response) = response else {
        return None;
    };
    let [(media, content)] = response.content.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let binary = content.schema.as_ref().and_then(|schema| split(schema).1).is_some_and(|schema| {
        matches!(&schema.schema_kind, SchemaKind::Type(Type::String(string))
            if string.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
    });
    (media != JSON && binary).then(|| media.clone())
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
        let (media, location) = if body.content.contains_key(FORM) {
            (FORM, ParamsLocation::Body)
        } else {
            (MULTIPART, ParamsLocation::Multipart)
        };
        let Some(schema) = body.content.get(media).and_then(|c| c.schema.as_ref()) else {
            return Err(SpecProblem::new(
                body_at.push("content"),
                format!(
                    "the request body has no `{FORM}` or `{MULTIPART}` schema; only form \
                     bodies and uploads are supported"
                ),
            ));
        };
        let schema_at = body_at.push("content").push(media).push("schema");
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
            location,
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

    /// What an example operation answers with.
    #[derive(Clone, Copy)]
    enum Gives {
        Page,
        Object,
        File,
    }

    /// Each example: the operation, the call it becomes, and its parameters type.
    const EXAMPLES: &[(&str, &str, Gives, &str, &str)] = &[
        (
            "get",
            "/v1/customers",
            Gives::Page,
            "customers().list",
            "CustomerListParams",
        ),
        (
            "post",
            "/v1/customers",
            Gives::Object,
            "customers().create",
            "CustomerCreateParams",
        ),
        (
            "get",
            "/v1/customers/{customer}",
            Gives::Object,
            "customers().retrieve",
            "CustomerRetrieveParams",
        ),
        (
            "post",
            "/v1/customers/{customer}",
            Gives::Object,
            "customers().update",
            "CustomerUpdateParams",
        ),
        (
            "delete",
            "/v1/customers/{customer}",
            Gives::Object,
            "customers().delete",
            "CustomerDeleteParams",
        ),
        (
            "get",
            "/v1/customers/search",
            Gives::Page,
            "customers().search",
            "CustomerSearchParams",
        ),
        (
            "get",
            "/v1/customers/{customer}/balance_transactions",
            Gives::Page,
            "customers().balance_transactions().list",
            "CustomerBalanceTransactionListParams",
        ),
        (
            "get",
            "/v1/customers/{customer}/balance_transactions/{transaction}",
            Gives::Object,
            "customers().balance_transactions().retrieve",
            "CustomerBalanceTransactionRetrieveParams",
        ),
        (
            "get",
            "/v1/customers/{customer}/cash_balance",
            Gives::Object,
            "customers().cash_balance().retrieve",
            "CustomerCashBalanceRetrieveParams",
        ),
        (
            "post",
            "/v1/customers/{customer}/cash_balance",
            Gives::Object,
            "customers().cash_balance().update",
            "CustomerCashBalanceUpdateParams",
        ),
        (
            "delete",
            "/v1/customers/{customer}/discount",
            Gives::Object,
            "customers().delete_discount",
            "CustomerDeleteDiscountParams",
        ),
        (
            "post",
            "/v1/payment_intents/{intent}/confirm",
            Gives::Object,
            "payment_intents().confirm",
            "PaymentIntentConfirmParams",
        ),
        (
            "get",
            "/v1/payment_intents/{intent}",
            Gives::Object,
            "payment_intents().retrieve",
            "PaymentIntentRetrieveParams",
        ),
        (
            "get",
            "/v1/checkout/sessions/{session}/line_items",
            Gives::Page,
            "checkout().sessions().line_items",
            "CheckoutSessionLineItemsParams",
        ),
        (
            "post",
            "/v1/checkout/sessions/{session}/expire",
            Gives::Object,
            "checkout().sessions().expire",
            "CheckoutSessionExpireParams",
        ),
        (
            "get",
            "/v1/checkout/sessions",
            Gives::Page,
            "checkout().sessions().list",
            "CheckoutSessionListParams",
        ),
        (
            "get",
            "/v1/balance",
            Gives::Object,
            "balance().retrieve",
            "BalanceRetrieveParams",
        ),
        (
            "get",
            "/v1/balance/history",
            Gives::Page,
            "balance().history().list",
            "BalanceHistoryListParams",
        ),
        (
            "get",
            "/v1/balance/history/{id}",
            Gives::Object,
            "balance().history().retrieve",
            "BalanceHistoryRetrieveParams",
        ),
        (
            "get",
            "/v1/invoices/{invoice}",
            Gives::Object,
            "invoices().retrieve",
            "InvoiceRetrieveParams",
        ),
        (
            "get",
            "/v1/invoices/upcoming",
            Gives::Object,
            "invoices().upcoming",
            "InvoiceUpcomingParams",
        ),
        (
            "get",
            "/v1/invoices/upcoming/lines",
            Gives::Page,
            "invoices().upcoming_lines",
            "InvoiceUpcomingLinesParams",
        ),
        (
            "get",
            "/v1/charges/{charge}/dispute",
            Gives::Object,
            "charges().dispute().retrieve",
            "ChargeDisputeRetrieveParams",
        ),
        (
            "post",
            "/v1/charges/{charge}/dispute/close",
            Gives::Object,
            "charges().dispute().close",
            "ChargeDisputeCloseParams",
        ),
        (
            "get",
            "/v1/apps/secrets",
            Gives::Page,
            "apps().secrets().list",
            "AppsSecretListParams",
        ),
        (
            "post",
            "/v1/apps/secrets/delete",
            Gives::Object,
            "apps().secrets().delete",
            "AppsSecretDeleteParams",
        ),
        (
            "get",
            "/v1/tax/settings",
            Gives::Object,
            "tax().settings().retrieve",
            "TaxSettingsRetrieveParams",
        ),
        (
            "post",
            "/v1/tax/settings",
            Gives::Object,
            "tax().settings().update",
            "TaxSettingsUpdateParams",
        ),
        (
            "post",
            "/v1/account_links",
            Gives::Object,
            "account_links().create",
            "AccountLinkCreateParams",
        ),
        (
            "get",
            "/v1/account",
            Gives::Object,
            "account().retrieve",
            "V1AccountRetrieveParams",
        ),
        (
            "get",
            "/v1/accounts/{account}",
            Gives::Object,
            "accounts().retrieve",
            "AccountRetrieveParams",
        ),
        (
            "post",
            "/v1/test_helpers/test_clocks/{test_clock}/advance",
            Gives::Object,
            "test_helpers().test_clocks().advance",
            "TestHelpersTestClockAdvanceParams",
        ),
        (
            "get",
            "/v1/test_helpers/test_clocks/{test_clock}",
            Gives::Object,
            "test_helpers().test_clocks().retrieve",
            "TestHelpersTestClockRetrieveParams",
        ),
        (
            "get",
            "/v1/quotes/{quote}/pdf",
            Gives::File,
            "quotes().pdf",
            "QuotePdfParams",
        ),
        (
            "get",
            "/v1/accounts/{account}/people",
            Gives::Page,
            "accounts().people().list",
            "AccountPeopleListParams",
        ),
        (
            "get",
            "/v1/accounts/{account}/people/{person}",
            Gives::Object,
            "accounts().people().retrieve",
            "AccountPeopleRetrieveParams",
        ),
        (
            "get",
            "/v1/accounts/{account}/capabilities/{capability}",
            Gives::Object,
            "accounts().capabilities().retrieve",
            "AccountCapabilityRetrieveParams",
        ),
    ];

    /// A spec holding every example, each answering as its row says.
    fn spec() -> openapiv3::OpenAPI {
        let mut paths: std::collections::BTreeMap<
            &str,
            serde_json::Map<String, serde_json::Value>,
        > = std::collections::BTreeMap::new();
        for &(method, path, gives, _, _) in EXAMPLES {
            let content = match gives {
                Gives::Page => serde_json::json!({"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/thing"}},
                        "has_more": {"type": "boolean"},
                        "object": {"type": "string", "enum": ["list"]},
                        "url": {"type": "string"}
                    }
                }}}),
                Gives::Object => serde_json::json!({"application/json": {"schema":
                    {"$ref": "#/components/schemas/thing"}}}),
                Gives::File => serde_json::json!({"application/pdf": {"schema":
                    {"type": "string", "format": "binary"}}}),
            };
            let parameters: Vec<serde_json::Value> = path
                .split('/')
                .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
                .map(|name| serde_json::json!({"in": "path", "name": name, "required": true, "schema": {"type": "string"}}))
                .collect();
            let operation = serde_json::json!({
                "operationId": format!("{method}{path}"),
                "parameters": parameters,
                "responses": {"200": {"description": "ok", "content": content}}
            });
            paths
                .entry(path)
                .or_default()
                .insert(method.to_owned(), operation);
        }
        let spec = serde_json::json!({
            "openapi": "3.0.0",
            "info": {"title": "examples", "version": "2023-08-16"},
            "paths": paths,
            "components": {"schemas": {"thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}
        });
        match serde_json::from_value(spec) {
            Ok(spec) => spec,
            Err(error) => panic!("the example spec is OpenAPI: {error}"),
        }
    }

    #[test]
    fn calls_and_parameters_are_named_by_one_rule() {
        let spec = spec();
        let components = Components::new(&spec);
        let found = find(&spec).unwrap();
        let names = call_names(&found, &components).unwrap();
        let mut wrong = Vec::new();
        for (found, name) in found.iter().zip(&names) {
            let call: Vec<String> = name
                .resource
                .iter()
                .map(|step| format!("{step}()"))
                .collect();
            let call = format!("{}.{}", call.join("."), name.verb);
            let params = format!("{}Params", name.type_name);
            let method = found.method.as_str().to_lowercase();
            let Some(&(_, _, _, want_call, want_params)) = EXAMPLES
                .iter()
                .find(|(m, p, ..)| *m == method && *p == found.path)
            else {
                panic!("{method} {} is no example", found.path);
            };
            if call != want_call || params != want_params {
                wrong.push(format!(
                    "{method} {}: {call} with {params}, not {want_call} with {want_params}",
                    found.path
                ));
            }
        }
        assert_eq!(names.len(), EXAMPLES.len());
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn mixed_segments_are_rejected() {
        let problem = parse_path("/v1/a{b}", &Pointer::root()).unwrap_err();
        assert!(problem.problem.contains("`a{b}`"), "{}", problem.problem);
    }

    #[test]
    fn collections_are_named_in_the_singular() {
        for (plural, singular) in [
            ("customers", "customer"),
            ("capabilities", "capability"),
            ("balance_transactions", "balance_transaction"),
            ("people", "people"),
            ("history", "history"),
            ("access", "access"),
        ] {
            assert_eq!(names::singular(plural), singular);
        }
    }
}
