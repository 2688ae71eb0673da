//! Lowers schemas to model types: objects, enums and unions get names, every other
//! schema becomes a [`TypeRef`] in place.

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, ObjectType, ReferenceOr, Schema, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};

use super::events;
use super::names::{self, CATCH_ALL_VARIANT, Scope};
use super::reach::{Components, combinator_key, split};
use crate::error::SpecProblem;
use crate::model::{
    Choice, ChoiceValue, ChoiceVariant, Enum, EnumValue, Field, Gate, IdField, Object, Presence,
    Role, Shape, Tag, TypeDef, TypeRef, Union, Variant,
};
use crate::pointer::Pointer;

/// The extension Stripe puts beside an expandable `anyOf`, listing what it expands to.
const EXPANSION_RESOURCES: &str = "x-expansionResources";

/// Unions of up to this many types are named after their variants
/// (`CustomerOrDeletedCustomer`), if that name is short enough to read; others after the
/// field that first holds them (`BalanceTransactionSource`).
const MAX_VARIANTS_IN_NAME: usize = 3;
const MAX_VARIANT_NAME_LEN: usize = 40;

/// Where a schema is being lowered: the type and property holding it, which name any
/// type defined inline there.
#[derive(Clone, Copy)]
pub struct Site<'s> {
    pub owner: &'s str,
    pub home: &'s str,
    pub property: &'s str,
}

impl Site<'_> {
    fn inline_name(&self) -> String {
        let property = names::upper_camel(self.property).unwrap_or_else(|| "Value".to_owned());
        format!("{}{}", self.owner, property)
    }
}

/// A component schema a `$ref` names: its name, its schema, and where the `$ref` is.
type Resolved<'a> = (&'a str, &'a Schema, Pointer);

/// Lowers schemas into named types, handing out every type name.
pub struct TypeLowerer<'a> {
    components: &'a Components<'a>,
    /// The named type of each reachable component schema that is an object, enum or union.
    component_types: BTreeMap<&'a str, String>,
    scope: Scope,
    types: Vec<TypeDef>,
    /// Unions already defined, by the component names of their variants.
    unions: BTreeMap<Vec<String>, String>,
    /// The role of the types defined from now on.
    pub role: Role,
    /// The `$ref`s of the resources an event's object can be, with their pointers.
    event_objects: Vec<(&'a str, Pointer, Gate)>,
}

impl<'a> TypeLowerer<'a> {
    /// Names every reachable component schema that becomes a type; two schemas whose
    /// names collide are an error, as no name for either would be stable.
    pub fn new(
        components: &'a Components<'a>,
        reachable: &BTreeMap<&'a str, &'a Schema>,
    ) -> Result<Self, SpecProblem> {
        let mut scope = Scope::with_reserved(names::RESERVED_TYPE_NAMES);
        let mut component_types = BTreeMap::new();
        let mut claimed: BTreeMap<String, &str> = BTreeMap::new();
        for (&name, &schema) in reachable {
            if !is_named(schema) {
                continue;
            }
            let at = Components::pointer(name);
            let type_name = names::type_name(name).ok_or_else(|| {
                SpecProblem::new(
                    at.clone(),
                    format!(
                        "the schema name `{name}` cannot become a Rust type name \
                         (it needs to start with an ASCII letter and hold only ASCII letters, \
                         digits and separators)"
                    ),
                )
            })?;
            if names::RESERVED_TYPE_NAMES.contains(&type_name.as_str()) {
                return Err(SpecProblem::new(
                    at,
                    format!(
                        "the schema `{name}` would become the Rust type `{type_name}`, which \
                         generated code needs for Rust's own `{type_name}`; rename the schema"
                    ),
                ));
            }
            if let Some(other) = claimed.get(&type_name) {
                return Err(SpecProblem::new(
                    at,
                    format!(
                        "the schemas `{other}` (#{}) and `{name}` both become the Rust type \
                         `{type_name}`; rename one of them",
                        Components::pointer(other)
                    ),
                ));
            }
            scope.claim_exact(&type_name);
            claimed.insert(type_name.clone(), name);
            component_types.insert(name, type_name);
        }
        Ok(TypeLowerer {
            components,
            component_types,
            scope,
            types: Vec::new(),
            unions: BTreeMap::new(),
            role: Role::Response,
            event_objects: Vec::new(),
        })
    }

    /// Claims `wanted` as a type name, or when it is taken, `fallback` (numbered if that
    /// is taken too).
    /// Claims `name` for a type, if no type has it yet.
    pub fn claim_exact_type_name(&mut self, name: &str) -> bool {
        self.scope.claim_exact(name)
    }

    /// Types an event's object as a union of the resources `served` names, each variant
    /// compiled when a feature that serves the resource is on.
    pub fn with_event_objects(mut self, served: Vec<(&'a str, Pointer, Gate)>) -> Self {
        self.event_objects = served;
        self
    }

    pub fn into_types(self) -> Vec<TypeDef> {
        self.types
    }

    /// Defines the type of every named component, in name order.
    pub fn lower_components(
        &mut self,
        reachable: &BTreeMap<&'a str, &'a Schema>,
    ) -> Result<(), SpecProblem> {
        let named: Vec<(&str, String)> = self
            .component_types
            .iter()
            .map(|(name, ty)| (*name, ty.clone()))
            .collect();
        for (name, type_name) in named {
            let schema = reachable[name];
            let at = Components::pointer(name);
            let site = Site {
                owner: &type_name,
                home: name,
                property: "",
            };
            let shape = match &schema.schema_kind {
                SchemaKind::Type(Type::String(string)) => {
                    Shape::Enum(self.lower_enum(string, &at)?)
                }
                SchemaKind::AnyOf { any_of } => {
                    if let Some(i) = any_of.iter().position(|item| split(item).1.is_some()) {
                        return Err(SpecProblem::new(
                            at.push("anyOf").index(i),
                            "a schema that is `anyOf` inline schemas is not supported; \
                             only `anyOf` of `$ref`s to objects",
                        ));
                    }
                    let refs = self.union_refs(any_of, &at)?;
                    Shape::Union(self.lower_union(&refs, &at)?)
                }
                _ => {
                    let object = object_type(schema, &at)?;
                    Shape::Object(self.lower_object(object, site, &at)?)
                }
            };
            self.types.push(TypeDef {
                name: type_name.clone(),
                origin: at.into(),
                home: name.to_owned(),
                doc: description(schema),
                role: self.role,
                shape,
                gate: Gate::Never,
            });
        }
        Ok(())
    }

    pub fn lower_object(
        &mut self,
        object: &'a ObjectType,
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<Object, SpecProblem> {
        let mut properties: Vec<(&String, &ReferenceOr<Box<Schema>>)> =
            object.properties.iter().collect();
        properties.sort_by(|a, b| a.0.cmp(b.0));
        let mut fields = Vec::with_capacity(properties.len());
        let mut field_names = Scope::with_reserved(names::RESERVED_FIELD_NAMES);
        for (wire, property) in properties {
            let property_at = at.push("properties").push(wire);
            let (_, inline) = split(property);
            let nullable = inline.is_some_and(|schema| schema.schema_data.nullable);
            let presence = match (object.required.contains(wire), nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, true) => Presence::Nullable,
                (false, false) => Presence::Optional,
            };
            let property_site = Site {
                property: wire,
                ..site
            };
            let ty = self.lower_ref(split(property), property_site, &property_at)?;
            fields.push(Field {
                name: field_names.claim(names::field_name(wire)),
                wire_name: wire.clone(),
                doc: inline.and_then(description),
                ty,
                presence,
                boxed: false,
            });
        }
        let id = match fields.iter().find(|f| f.wire_name == "id") {
            Some(field) if field.ty == TypeRef::String => match field.presence {
                Presence::Required => IdField::Required,
                _ => IdField::Optional,
            },
            _ => IdField::None,
        };
        Ok(Object { fields, id })
    }

    /// The type of a `$ref` or an inline schema found at `at`.
    pub fn lower_ref(
        &mut self,
        (reference, inline): (Option<&'a str>, Option<&'a Schema>),
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<TypeRef, SpecProblem> {
        match (reference, inline) {
            (Some(reference), _) => {
                let ref_at = at.push("$ref");
                let (name, schema) = self.components.resolve(reference, &ref_at)?;
                match self.component_types.get(name) {
                    Some(type_name) => Ok(TypeRef::Named(type_name.clone())),
                    // A component that is a plain string or number is used in place.
                    None => self.lower_inline(schema, site, &Components::pointer(name)),
                }
            }
            (None, Some(schema)) => self.lower_inline(schema, site, at),
            (None, None) => Err(SpecProblem::new(at.clone(), "expected a schema")),
        }
    }

    fn lower_inline(
        &mut self,
        schema: &'a Schema,
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<TypeRef, SpecProblem> {
        if *at == events::event_object_at() {
            return self.define_event_object(at);
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                if values.is_empty() {
                    match &string.format {
                        VariantOrUnknownOrEmpty::Unknown(format) if format == "decimal" => {
                            TypeRef::Decimal
                        }
                        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
                        _ => TypeRef::String,
                    }
                } else if site.property == "object" && values.len() == 1 {
                    TypeRef::Constant(values[0].clone())
                } else {
                    let shape = Shape::Enum(self.lower_enum(string, at)?);
                    let named = TypeRef::Named(self.define_inline(schema, site, at, shape));
                    // In a request, `""` among the values is no value but "clear it".
                    if self.clears_with_empty(string) {
                        TypeRef::Clearable(Box::new(named))
                    } else {
                        named
                    }
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                VariantOrUnknownOrEmpty::Unknown(format) if format == "unix-time" => {
                    TypeRef::Timestamp
                }
                _ => TypeRef::Integer,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::Number,
            SchemaKind::Type(Type::Boolean(boolean)) => {
                if boolean.enumeration == [Some(true)] {
                    TypeRef::True
                } else {
                    TypeRef::Boolean
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                let Some(items) = &array.items else {
                    return Err(SpecProblem::new(
                        at.clone(),
                        "an array schema without `items` is not supported",
                    ));
                };
                TypeRef::Array(Box::new(self.lower_ref(
                    split(items),
                    site,
                    &at.push("items"),
                )?))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.lower_inline_object(schema, object, site, at)?
            }
            SchemaKind::AnyOf { any_of } => self.lower_any_of(schema, any_of, site, at)?,
            SchemaKind::Any(any) => {
                if any.typ.is_none()
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.additional_properties.is_none()
                    && any.any_of.is_empty()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.not.is_none()
                {
                    TypeRef::JsonValue
                } else {
                    return Err(unsupported_any(any, at));
                }
            }
            kind @ (SchemaKind::OneOf { .. }
            | SchemaKind::AllOf { .. }
            | SchemaKind::Not { .. }) => {
                return Err(SpecProblem::new(
                    at.push(combinator_key(kind)),
                    format!(
                        "`{}` is not supported; the generator reads `anyOf` of `$ref`s, \
                         expandable fields, objects, arrays, maps, enums and scalars",
                        combinator_key(kind)
                    ),
                ));
            }
        })
    }

    fn lower_inline_object(
        &mut self,
        schema: &'a Schema,
        object: &'a ObjectType,
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<TypeRef, SpecProblem> {
        if object.properties.is_empty() {
            return Ok(match &object.additional_properties {
                Some(AdditionalProperties::Any(true)) => TypeRef::Map(Box::new(TypeRef::JsonValue)),
                Some(AdditionalProperties::Schema(value)) => TypeRef::Map(Box::new(
                    self.lower_ref(split(value), site, &at.push("additionalProperties"))?,
                )),
                Some(AdditionalProperties::Any(false)) | None => TypeRef::JsonObject,
            });
        }
        if let Some(items) = list_items(object) {
            let items_at = at.push("properties").push("data").push("items");
            return Ok(TypeRef::List(Box::new(self.lower_ref(
                split(items),
                site,
                &items_at,
            )?)));
        }
        if let Some(items) = search_items(object) {
            let items_at = at.push("properties").push("data").push("items");
            return Ok(TypeRef::SearchResult(Box::new(self.lower_ref(
                split(items),
                site,
                &items_at,
            )?)));
        }
        // Named before its fields are lowered, as types inside it are named after it.
        let name = self.scope.claim(site.inline_name());
        let inner = Site {
            owner: &name,
            home: site.home,
            property: "",
        };
        let shape = Shape::Object(self.lower_object(object, inner, at)?);
        self.push_type(name.clone(), schema, site, at, shape);
        Ok(TypeRef::Named(name))
    }

    fn lower_any_of(
        &mut self,
        schema: &'a Schema,
        any_of: &'a [ReferenceOr<Schema>],
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<TypeRef, SpecProblem> {
        let expandable = schema
            .schema_data
            .extensions
            .contains_key(EXPANSION_RESOURCES);
        if self.role == Role::Request
            && let Some(clearable) = self.lower_clearable(any_of, site, at)?
        {
            return Ok(clearable);
        }
        let inline: Vec<&Schema> = any_of.iter().filter_map(|item| split(item).1).collect();
        let id_or_object =
            inline.len() == 1 && matches!(inline[0].schema_kind, SchemaKind::Type(Type::String(_)));
        if expandable && !id_or_object {
            return Err(SpecProblem::new(
                at.push("anyOf"),
                "an expandable field (`x-expansionResources`) must be `anyOf` a string id \
                 and one or more `$ref`s",
            ));
        }
        if !expandable && !inline.is_empty() {
            if self.role == Role::Request {
                return self.lower_choice(schema, any_of, site, at);
            }
            return Err(SpecProblem::new(
                at.push("anyOf"),
                "`anyOf` with inline schemas is not supported in responses; the generator \
                 reads `anyOf` of `$ref`s, and expandable fields (a string id and `$ref`s, \
                 with `x-expansionResources`)",
            ));
        }
        let refs = self.union_refs(any_of, at)?;
        let target = match refs.as_slice() {
            [] => {
                return Err(SpecProblem::new(
                    at.push("anyOf"),
                    "`anyOf` names no schema",
                ));
            }
            [(reference, ref_at)] => self.lower_ref((Some(reference), None), site, ref_at)?,
            _ => TypeRef::Named(self.define_union(&refs, site, at)?),
        };
        Ok(if expandable {
            TypeRef::Expandable(Box::new(target))
        } else {
            target
        })
    }

    /// A request parameter that is a value or an empty string (`anyOf` of a schema and
    /// `{type: string, enum: ['']}`), which Stripe reads as "clear it"; `None` for any
    /// other `anyOf`.
    fn lower_clearable(
        &mut self,
        any_of: &'a [ReferenceOr<Schema>],
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<Option<TypeRef>, SpecProblem> {
        let is_empty_string = |item: &ReferenceOr<Schema>| {
            matches!(split(item).1.map(|s| &s.schema_kind),
                Some(SchemaKind::Type(Type::String(string)))
                    if string.enumeration == [Some(String::new())])
        };
        let [first, second] = any_of else {
            return Ok(None);
        };
        let (i, value) = match (is_empty_string(first), is_empty_string(second)) {
            (false, true) => (0, first),
            (true, false) => (1, second),
            _ => return Ok(None),
        };
        let inner = self.lower_ref(split(value), site, &at.push("anyOf").index(i))?;
        Ok(Some(TypeRef::Clearable(Box::new(inner))))
    }

    /// A request value that is `anyOf` several schemas: a [`Choice`] with a variant per
    /// schema, and one per value of a string enum among them; `''` among them, which
    /// clears the parameter, makes it [`TypeRef::Clearable`].
    fn lower_choice(
        &mut self,
        schema: &'a Schema,
        any_of: &'a [ReferenceOr<Schema>],
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<TypeRef, SpecProblem> {
        // Named before its variants are lowered, as objects inside it are named after it.
        let name = self.scope.claim(site.inline_name());
        let mut variant_names = Scope::with_reserved(&["Self"]);
        let mut variants = Vec::with_capacity(any_of.len());
        let mut clearable = false;
        for (i, item) in any_of.iter().enumerate() {
            let item_at = at.push("anyOf").index(i);
            let inline = split(item).1;
            if let Some(SchemaKind::Type(Type::String(string))) = inline.map(|s| &s.schema_kind)
                && !string.enumeration.is_empty()
            {
                for (j, value) in string.enumeration.iter().enumerate() {
                    let Some(wire) = value else { continue };
                    if wire.is_empty() {
                        clearable = true;
                        continue;
                    }
                    let variant = names::variant_name(wire).ok_or_else(|| {
                        SpecProblem::new(
                            item_at.push("enum").index(j),
                            format!("the enum value {wire:?} cannot become a Rust variant name"),
                        )
                    })?;
                    variants.push(ChoiceVariant {
                        name: variant_names.claim(variant),
                        value: ChoiceValue::Literal(wire.clone()),
                    });
                }
                continue;
            }
            // An object is named after its `title`, which Stripe gives every object it
            // offers beside another schema (`card_details_params`, `token_params`).
            let title = inline
                .filter(|s| matches!(s.schema_kind, SchemaKind::Type(Type::Object(_))))
                .map(|s| s.schema_data.title.as_deref().unwrap_or("object"));
            let variant_site = Site {
                owner: &name,
                home: site.home,
                property: title.unwrap_or(""),
            };
            let ty = self.lower_ref(split(item), variant_site, &item_at)?;
            let variant = match (&ty, title) {
                (_, Some(title)) => names::upper_camel(title),
                (TypeRef::Named(named), None) => Some(named.clone()),
                (other, None) => choice_variant_name(other).map(str::to_owned),
            }
            .ok_or_else(|| {
                SpecProblem::new(
                    item_at.clone(),
                    "this schema cannot be one of several request values; the generator \
                     reads objects, scalars, string enums and `$ref`s there",
                )
            })?;
            variants.push(ChoiceVariant {
                name: variant_names.claim(variant),
                value: ChoiceValue::Value(ty),
            });
        }
        let target = match variants.as_slice() {
            [] => {
                return Err(SpecProblem::new(
                    at.push("anyOf"),
                    "`anyOf` names no value to send",
                ));
            }
            [
                ChoiceVariant {
                    value: ChoiceValue::Value(ty),
                    ..
                },
            ] => ty.clone(),
            _ => {
                self.push_type(
                    name.clone(),
                    schema,
                    site,
                    at,
                    Shape::Choice(Choice { variants }),
                );
                TypeRef::Named(name)
            }
        };
        Ok(if clearable {
            TypeRef::Clearable(Box::new(target))
        } else {
            target
        })
    }

    /// The `$ref`s of an `anyOf`, with the pointer of each item.
    fn union_refs(
        &self,
        any_of: &'a [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> Result<Vec<(&'a str, Pointer)>, SpecProblem> {
        any_of
            .iter()
            .enumerate()
            .filter_map(|(i, item)| split(item).0.map(|r| (r, at.push("anyOf").index(i))))
            .map(Ok)
            .collect()
    }

    /// The union of the component schemas `refs` name, defined once per set of variants.
    fn define_union(
        &mut self,
        refs: &[(&'a str, Pointer)],
        site: Site<'_>,
        at: &Pointer,
    ) -> Result<String, SpecProblem> {
        let mut key = Vec::with_capacity(refs.len());
        for (reference, ref_at) in refs {
            key.push(
                self.components
                    .resolve(reference, &ref_at.push("$ref"))?
                    .0
                    .to_owned(),
            );
        }
        if let Some(name) = self.unions.get(&key) {
            return Ok(name.clone());
        }
        let union = self.lower_union(refs, at)?;
        let joined = union
            .variants
            .iter()
            .map(|v| v.ty.as_str())
            .collect::<Vec<_>>()
            .join("Or");
        let name = if union.variants.len() <= MAX_VARIANTS_IN_NAME
            && joined.len() <= MAX_VARIANT_NAME_LEN
        {
            self.scope.claim(joined)
        } else {
            // The field's name is often taken by one of the variants (Stripe names the
            // schema after the field), so the union is then `...Union`.
            let field_name = site.inline_name();
            if self.scope.claim_exact(&field_name) {
                field_name
            } else {
                self.scope.claim(format!("{field_name}Union"))
            }
        };
        self.unions.insert(key, name.clone());
        let home = names::field_name(&name);
        self.types.push(TypeDef {
            name: name.clone(),
            origin: at.clone().into(),
            home,
            doc: None,
            role: self.role,
            shape: Shape::Union(union),
            gate: Gate::Never,
        });
        Ok(name)
    }

    /// The union of what an event can be about, defined once under its fixed name.
    fn define_event_object(&mut self, at: &Pointer) -> Result<TypeRef, SpecProblem> {
        let name = events::EVENT_OBJECT;
        if self.types.iter().any(|def| def.name == name) {
            return Ok(TypeRef::Named(name.to_owned()));
        }
        if !self.scope.claim_exact(name) {
            return Err(SpecProblem::new(
                at.clone(),
                format!("`{name}`, the name of an event's object, is taken by another type"),
            ));
        }
        let served: Vec<_> = self
            .event_objects
            .iter()
            .map(|(reference, at, _)| (*reference, at.clone()))
            .collect();
        let mut union = self.lower_union(&served, at)?;
        let mut gates: BTreeMap<&str, Gate> = BTreeMap::new();
        for (reference, at, gate) in &self.event_objects {
            for (component, _, _) in self.flattened(&[(reference, at.clone())])? {
                if let Some(ty) = self.component_types.get(component) {
                    gates.entry(ty.as_str()).or_default().widen(gate);
                }
            }
        }
        for variant in &mut union.variants {
            variant.gate = gates
                .get(variant.ty.as_str())
                .cloned()
                .unwrap_or(Gate::Always);
        }
        self.types.push(TypeDef {
            name: name.to_owned(),
            origin: at.clone().into(),
            home: names::field_name(name),
            doc: Some(events::EVENT_OBJECT_DOC.to_owned()),
            role: self.role,
            shape: Shape::Union(union),
            gate: Gate::Never,
        });
        Ok(TypeRef::Named(name.to_owned()))
    }

    fn lower_union(
        &mut self,
        refs: &[(&'a str, Pointer)],
        at: &Pointer,
    ) -> Result<Union, SpecProblem> {
        let mut variants = Vec::with_capacity(refs.len());
        let mut variant_names = Scope::with_reserved(&[CATCH_ALL_VARIANT, "Self"]);
        for (name, schema, ref_at) in self.flattened(refs)? {
            let object = match (&schema.schema_kind, self.component_types.get(name)) {
                (SchemaKind::Type(Type::Object(object)), Some(_)) => object,
                _ => {
                    return Err(SpecProblem::new(
                        ref_at,
                        format!(
                            "the union at {at} holds `{name}`, which is not an object schema; \
                             only unions of objects are supported"
                        ),
                    ));
                }
            };
            let ty = self.component_types[name].clone();
            variants.push(Variant {
                name: variant_names.claim(ty.clone()),
                ty,
                tags: tags(object),
                required: sorted(object.required.iter()),
                gate: Gate::Always,
            });
        }
        Ok(Union { variants })
    }

    /// The schemas `refs` name, with each union among them replaced by its own variants
    /// (`payment_source` or `deleted_payment_source` is one of five objects), each once.
    fn flattened(&self, refs: &[(&'a str, Pointer)]) -> Result<Vec<Resolved<'a>>, SpecProblem> {
        let mut out: Vec<Resolved<'a>> = Vec::new();
        let mut pending: Vec<(&'a str, Pointer)> = refs.iter().rev().cloned().collect();
        // Every component is expanded at most once, so a union that holds itself ends.
        let mut expanded = std::collections::BTreeSet::new();
        while let Some((reference, ref_at)) = pending.pop() {
            let ref_at = ref_at.push("$ref");
            let (name, schema) = self.components.resolve(reference, &ref_at)?;
            if let SchemaKind::AnyOf { any_of } = &schema.schema_kind
                && any_of.iter().all(|item| split(item).0.is_some())
            {
                if expanded.insert(name) {
                    let at = Components::pointer(name);
                    let inner = self.union_refs(any_of, &at)?;
                    pending.extend(inner.into_iter().rev());
                }
                continue;
            }
            if !out.iter().any(|(seen, _, _)| *seen == name) {
                out.push((name, schema, ref_at));
            }
        }
        Ok(out)
    }

    /// Whether the request enum `string` lists `""`, which clears the parameter.
    fn clears_with_empty(&self, string: &StringType) -> bool {
        self.role == Role::Request && string.enumeration.contains(&Some(String::new()))
    }

    fn lower_enum(&mut self, string: &StringType, at: &Pointer) -> Result<Enum, SpecProblem> {
        let mut scope = Scope::with_reserved(&[CATCH_ALL_VARIANT, "Self"]);
        let mut values: Vec<EnumValue> = Vec::new();
        let skip_empty = self.clears_with_empty(string);
        for (i, value) in string.enumeration.iter().enumerate() {
            let Some(wire) = value else { continue };
            if skip_empty && wire.is_empty() {
                continue;
            }
            if values.iter().any(|v| &v.wire == wire) {
                continue;
            }
            let name = names::variant_name(wire).ok_or_else(|| {
                SpecProblem::new(
                    at.push("enum").index(i),
                    format!(
                        "the enum value {wire:?} cannot become a Rust variant name; \
                         it needs at least one ASCII letter or digit and nothing but \
                         ASCII letters, digits and separators"
                    ),
                )
            })?;
            values.push(EnumValue {
                wire: wire.clone(),
                name: scope.claim(name),
            });
        }
        Ok(Enum { values })
    }

    fn define_inline(
        &mut self,
        schema: &Schema,
        site: Site<'_>,
        at: &Pointer,
        shape: Shape,
    ) -> String {
        let name = self.scope.claim(site.inline_name());
        self.push_type(name.clone(), schema, site, at, shape);
        name
    }

    /// Adds the type defined inline at `at`, which lives with its owner.
    fn push_type(
        &mut self,
        name: String,
        schema: &Schema,
        site: Site<'_>,
        at: &Pointer,
        shape: Shape,
    ) {
        self.types.push(TypeDef {
            name,
            origin: at.clone().into(),
            home: site.home.to_owned(),
            doc: description(schema),
            role: self.role,
            shape,
            gate: Gate::Never,
        });
    }
}

/// The variant name of a value of type `ty` among a request's choices: the Rust type's
/// name, which is what tells the variants apart to a caller.
fn choice_variant_name(ty: &TypeRef) -> Option<&'static str> {
    Some(match ty {
        TypeRef::String => "String",
        TypeRef::Integer => "Integer",
        TypeRef::Number => "Number",
        TypeRef::Boolean => "Bool",
        TypeRef::Timestamp => "Timestamp",
        TypeRef::Decimal => "Decimal",
        TypeRef::Array(_) => "List",
        TypeRef::Map(_) | TypeRef::JsonObject => "Map",
        _ => return None,
    })
}

/// Whether a component schema becomes a named type rather than being used in place.
fn is_named(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
        SchemaKind::Any(any) => !any.properties.is_empty(),
        _ => false,
    }
}

/// The object a component schema describes, or the reason it is not supported.
fn object_type<'s>(schema: &'s Schema, at: &Pointer) -> Result<&'s ObjectType, SpecProblem> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Ok(object),
        SchemaKind::Any(any) => Err(unsupported_any(any, at)),
        _ => Err(SpecProblem::new(
            at.clone(),
            "this schema kind is not supported as a named type",
        )),
    }
}

fn unsupported_any(any: &openapiv3::AnySchema, at: &Pointer) -> SpecProblem {
    let what = match &any.typ {
        Some(typ) => format!("a schema of `type: {typ}` with these keywords"),
        None if !any.properties.is_empty() => {
            "`properties` mixed with other keywords (`anyOf`, `items`, ...)".to_owned()
        }
        None => "a schema without `type` that mixes keywords of several types".to_owned(),
    };
    SpecProblem::new(at.clone(), format!("{what} is not supported"))
}

/// Whether `object` is a page of a list or of search results.
pub fn is_page(object: &ObjectType) -> bool {
    list_items(object).is_some() || search_items(object).is_some()
}

/// The item schema of a Stripe list object: `{object: "list", data: [...], has_more, url}`.
fn list_items(object: &ObjectType) -> Option<&ReferenceOr<Box<Schema>>> {
    page_items(object, "list", &["data", "has_more", "object", "url"])
}

/// The item schema of a Stripe search result: `{object: "search_result", data: [...],
/// has_more, next_page, url}`, and `total_count` when it was asked for.
fn search_items(object: &ObjectType) -> Option<&ReferenceOr<Box<Schema>>> {
    page_items(
        object,
        "search_result",
        &["data", "has_more", "next_page", "object", "url"],
    )
    .or_else(|| {
        page_items(
            object,
            "search_result",
            &[
                "data",
                "has_more",
                "next_page",
                "object",
                "total_count",
                "url",
            ],
        )
    })
}

/// The item schema of a page whose `object` is `tag` and whose properties are exactly
/// `keys` (sorted).
fn page_items<'o>(
    object: &'o ObjectType,
    tag: &str,
    keys: &[&str],
) -> Option<&'o ReferenceOr<Box<Schema>>> {
    let mut present: Vec<&str> = object.properties.keys().map(String::as_str).collect();
    present.sort_unstable();
    if present != keys {
        return None;
    }
    let tagged = match split(&object.properties["object"])
        .1
        .map(|s| &s.schema_kind)
    {
        Some(SchemaKind::Type(Type::String(string))) => {
            string.enumeration == [Some(tag.to_owned())]
        }
        _ => false,
    };
    let data = split(&object.properties["data"]).1?;
    match (&data.schema_kind, tagged) {
        (SchemaKind::Type(Type::Array(array)), true) => array.items.as_ref(),
        _ => None,
    }
}

/// The properties of a union variant that can hold one value only, used to tell it apart.
fn tags(object: &ObjectType) -> Vec<(String, Tag)> {
    let mut tags: Vec<(String, Tag)> = object
        .properties
        .iter()
        .filter(|(name, _)| object.required.contains(name))
        .filter_map(|(name, property)| {
            let tag = match &split(property).1?.schema_kind {
                SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
                    [Some(value)] => Tag::String(value.clone()),
                    _ => return None,
                },
                SchemaKind::Type(Type::Boolean(boolean)) => match boolean.enumeration.as_slice() {
                    [Some(value)] => Tag::Bool(*value),
                    _ => return None,
                },
                _ => return None,
            };
            Some((name.clone(), tag))
        })
        .collect();
    tags.sort();
    tags
}

fn sorted<'s>(names: impl Iterator<Item = &'s String>) -> Vec<String> {
    let mut names: Vec<String> = names.cloned().collect();
    names.sort();
    names
}

fn description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}
