//! The intermediate model between the spec and the emitted Rust: the API's named types and
//! operations, already resolved and named, with no OpenAPI and no Rust syntax in it.

/// Everything the emitter needs to know about the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The API version the spec describes (`info.version`), pinned in every request.
    pub version: String,
    /// Every type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by id.
    pub operations: Vec<Operation>,
}

impl Api {
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.types[i])
    }

    /// Whether values of the named type always carry an `id` to point at them by: objects
    /// with an `id` property, and unions of such objects.
    pub fn has_id(&self, name: &str) -> bool {
        match self.type_named(name).map(|def| &def.shape) {
            Some(Shape::Object(object)) => object.id != IdField::None,
            Some(Shape::Union(union)) => union.variants.iter().all(|v| {
                matches!(self.type_named(&v.ty).map(|def| &def.shape),
                    Some(Shape::Object(object)) if object.id != IdField::None)
            }),
            _ => false,
        }
    }

    /// Whether values of `def` are sent in requests: it is a request type, or a request
    /// type is another name for it.
    pub fn sent_in_requests(&self, def: &TypeDef) -> bool {
        def.role == Role::Request
            || self.types.iter().any(|other| {
                other.role == Role::Request
                    && matches!(&other.shape, Shape::Alias(target) if *target == def.name)
            })
    }

    /// The item type of a list operation that Stripe pages by cursor: a `GET` whose
    /// response is a page of objects with ids, and which takes `starting_after`.
    pub fn paged_item<'o>(&self, operation: &'o Operation) -> Option<&'o str> {
        let TypeRef::List(item) = &operation.response else {
            return None;
        };
        let TypeRef::Named(name) = item.as_ref() else {
            return None;
        };
        let takes_cursor = operation.params.as_ref().is_some_and(|params| {
            params
                .fields
                .iter()
                .any(|field| field.wire_name == "starting_after")
        });
        (operation.method == Method::Get && takes_cursor && self.has_id(name)).then_some(name)
    }

    /// The item type of a search operation: a `GET` whose response is a page of search
    /// results of objects with ids, and which takes the `page` token.
    pub fn searched_item<'o>(&self, operation: &'o Operation) -> Option<&'o str> {
        let TypeRef::SearchResult(item) = &operation.response else {
            return None;
        };
        let TypeRef::Named(name) = item.as_ref() else {
            return None;
        };
        let takes_page = operation
            .params
            .as_ref()
            .is_some_and(|params| params.fields.iter().any(|field| field.wire_name == "page"));
        (operation.method == Method::Get && takes_page && self.has_id(name)).then_some(name)
    }

    /// The same API with every alias replaced by a copy of the definition it names, for
    /// readers that compare definitions name by name.
    pub fn with_aliases_expanded(&self) -> Api {
        let mut expanded = self.clone();
        for def in &mut expanded.types {
            if let Shape::Alias(target) = &def.shape
                && let Some(target) = self.type_named(target)
            {
                def.shape = target.shape.clone();
            }
        }
        expanded
    }
}

/// A named type: a component schema, or one defined inline in another type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type's name in upper camel case (`CheckoutSession`).
    pub name: String,
    /// The schema the type comes from, as a JSON pointer.
    pub origin: String,
    /// The name of the file it lives in: the owning component schema's name, so that a
    /// schema and the types defined inside it stay together.
    pub home: String,
    /// The spec's description.
    pub doc: Option<String>,
    /// Whether the type is sent to Stripe or received from it.
    pub role: Role,
    pub shape: Shape,
    /// The cargo features under which the type compiles: those whose operations reach it.
    pub gate: Gate,
}

/// When generated code compiles: always, or when any of some cargo features is on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// With any set of features, such as the types of events.
    Always,
    /// When any of these features is on; empty until something reaches the item.
    Features(std::collections::BTreeSet<String>),
    /// Never: nothing reaches the item. Only seen while gates are being computed.
    #[default]
    Never,
}

impl Gate {
    pub fn feature(name: &str) -> Gate {
        Gate::Features([name.to_owned()].into())
    }

    /// Whether everything `other` lets compile, `self` lets compile too.
    pub fn covers(&self, other: &Gate) -> bool {
        match (self, other) {
            (Gate::Always, _) | (_, Gate::Never) => true,
            (Gate::Features(mine), Gate::Features(theirs)) => theirs.is_subset(mine),
            (Gate::Features(_) | Gate::Never, Gate::Always) | (Gate::Never, Gate::Features(_)) => {
                false
            }
        }
    }

    /// Widens `self` to also compile wherever `other` does.
    pub fn widen(&mut self, other: &Gate) {
        match (&mut *self, other) {
            (Gate::Always, _) | (_, Gate::Never) => {}
            (_, Gate::Always) => *self = Gate::Always,
            (Gate::Never, Gate::Features(theirs)) => *self = Gate::Features(theirs.clone()),
            (Gate::Features(mine), Gate::Features(theirs)) => mine.extend(theirs.iter().cloned()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Decoded from responses, and encoded back to the same JSON.
    Response,
    /// Built by the caller and form-encoded into a request.
    Request,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Object(Object),
    Enum(Enum),
    Union(Union),
    /// A request value that is one of several schemas (`anyOf`), each sent as it is.
    Choice(Choice),
    /// Another name for the named type, which has the same definition: a string enum
    /// that appears in several places with the same values is defined once.
    Alias(String),
}

/// A JSON object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// Properties sorted by wire name.
    pub fields: Vec<Field>,
    /// Whether the object carries an `id`, and whether it is always present.
    pub id: IdField,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdField {
    None,
    Required,
    Optional,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field name in snake case, unique within the object.
    pub name: String,
    /// The property name as it appears in JSON.
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub presence: Presence,
    /// The field is held behind a pointer: its type contains its owner again (directly,
    /// not through a list, map or expandable reference), or it is an optional field of a
    /// response holding a large object.
    pub boxed: bool,
}

#[cfg(test)]
impl Field {
    /// A field whose JSON name is its Rust name, with no doc and not boxed.
    pub fn named(name: &str, ty: TypeRef, presence: Presence) -> Field {
        Field {
            name: name.into(),
            wire_name: name.into(),
            doc: None,
            ty,
            presence,
            boxed: false,
        }
    }
}

/// How a property shows up in the JSON Stripe sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null.
    Required,
    /// Always present, possibly null.
    RequiredNullable,
    /// Sent as `null` when unset.
    Nullable,
    /// Left out when unset.
    Optional,
}

impl Presence {
    /// Whether the field can be unset (`None` in Rust).
    pub fn is_optional(self) -> bool {
        self != Presence::Required
    }

    /// Whether decoding must remember if an unset field was absent or `null`: only where
    /// both spellings can occur and one of them is not how the field is written back.
    pub fn tracks_spelling(self) -> bool {
        matches!(self, Presence::Nullable | Presence::Optional)
    }
}

/// The type of a field, a list item or a map value.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    Boolean,
    /// A boolean that is always `true` (`enum: [true]`), marking deleted objects.
    True,
    /// Seconds since the Unix epoch (`format: unix-time`).
    Timestamp,
    /// A decimal number sent as a string, kept exactly (`format: decimal`).
    Decimal,
    /// Any JSON object, with no schema.
    JsonObject,
    /// Any JSON value, with no schema.
    JsonValue,
    /// A type defined in [`Api::types`].
    Named(String),
    Array(Box<TypeRef>),
    /// An object whose keys are free-form (`additionalProperties`).
    Map(Box<TypeRef>),
    /// Either the id of an object or, when expanded, the object itself.
    Expandable(Box<TypeRef>),
    /// A page of a list (`{object: "list", data: [...], has_more, url}`).
    List(Box<TypeRef>),
    /// A page of search results (`{object: "search_result", data: [...], has_more,
    /// next_page, url}`), paged by the `next_page` token rather than by ids.
    SearchResult(Box<TypeRef>),
    /// A string that is always the same (`object: checkout.session`).
    Constant(String),
    /// A file to upload (`format: binary` in a `multipart/form-data` body).
    File,
    /// The contents of a file a response carries (`format: binary` under a media type
    /// that is not JSON, such as `application/pdf`).
    Bytes,
    /// A request value that can also be sent empty, which clears it on Stripe's side:
    /// `anyOf` of a schema and `{type: string, enum: ['']}`.
    Clearable(Box<TypeRef>),
}

impl TypeRef {
    /// Pushes the names of the defined types `self` mentions.
    pub fn names_into<'t>(&'t self, out: &mut Vec<&'t str>) {
        match self {
            TypeRef::Named(name) => out.push(name),
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Expandable(inner)
            | TypeRef::List(inner)
            | TypeRef::SearchResult(inner)
            | TypeRef::Clearable(inner) => inner.names_into(out),
            TypeRef::String
            | TypeRef::Integer
            | TypeRef::Number
            | TypeRef::Boolean
            | TypeRef::True
            | TypeRef::Timestamp
            | TypeRef::Decimal
            | TypeRef::JsonObject
            | TypeRef::JsonValue
            | TypeRef::Constant(_)
            | TypeRef::File
            | TypeRef::Bytes => {}
        }
    }
}

/// A string enum; values not listed here must still decode.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value as sent.
    pub wire: String,
    /// The variant name in upper camel case, unique within the enum.
    pub name: String,
}

/// One of several object types, told apart by their properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The variant's name, also the name of its type.
    pub name: String,
    pub ty: String,
    /// Properties that have one possible value, such as `object` and `deleted`.
    pub tags: Vec<(String, Tag)>,
    /// Properties the object always has.
    pub required: Vec<String>,
    /// When the variant compiles: an event's object has a variant for each resource the
    /// enabled features return; every other union has all its variants always.
    pub gate: Gate,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tag {
    String(String),
    Bool(bool),
}

/// A request value that can be sent as any of several schemas: a card's details or a
/// token, `now` or a timestamp. Stripe tells them apart by what is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub variants: Vec<ChoiceVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceVariant {
    /// The variant name in upper camel case, unique within the choice.
    pub name: String,
    pub value: ChoiceValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChoiceValue {
    /// A value of this type, sent as that type is sent.
    Value(TypeRef),
    /// This string, from a string enum among the choices (`now`).
    Literal(String),
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: String,
    pub origin: String,
    pub doc: Option<String>,
    pub summary: Option<String>,
    pub method: Method,
    /// The path template, split into literal text and parameters.
    pub path: Vec<PathSegment>,
    pub path_params: Vec<PathParam>,
    /// The resource the operation acts on, as the path names it (`["checkout", "sessions"]`).
    pub resource: Vec<String>,
    /// The API version prefix of the path (`v1`).
    pub namespace: String,
    /// The operation's verb in snake case (`expire`, `retrieve`, `list`).
    pub verb: String,
    /// The form-encoded parameters, if the operation takes any.
    pub params: Option<Params>,
    /// The host the operation is sent to.
    pub host: Host,
    /// The type of a successful response.
    pub response: TypeRef,
    /// The media type of a successful response that is a file's contents
    /// (`application/pdf`), when it is not JSON.
    pub download: Option<String>,
    /// The type of an error response.
    pub error: TypeRef,
    /// The cargo feature that serves the operation, or always, for events.
    pub gate: Gate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    pub name: String,
    pub doc: Option<String>,
}

/// The parameters of an operation, sent form-encoded in the body or the query string.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// The name of the parameter type (`CheckoutSessionExpireParams`).
    pub name: String,
    pub location: ParamsLocation,
    /// Parameters sorted by wire name; each is [`Presence::Required`] or
    /// [`Presence::Optional`].
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamsLocation {
    /// `application/x-www-form-urlencoded` request body.
    Body,
    /// `multipart/form-data` request body: an upload.
    Multipart,
    /// The URL's query string.
    Query,
}

/// Which of Stripe's hosts serves an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `api.stripe.com`.
    Api,
    /// `files.stripe.com`, where files' contents are uploaded and downloaded.
    Files,
}
