//! Random valid JSON instances of the spec's component schemas, built from the fragment
//! spec alone and sprinkled with members no schema has: what the generated types must
//! decode and encode back to the same JSON. Generation steers towards what earlier
//! instances of a run left uncovered (schemas, enum values, union variants, expandable
//! fields), so a run covers the whole spec; an instance is reproduced by its index in the
//! run, which fixes its seed and what came before it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value};

/// The seed of instance `i` is `BASE_SEED + i`, so every run makes the same instances.
const BASE_SEED: u64 = 0x05EE_D0FC_0DEC;

/// Instances steer towards each schema until this many objects of it were generated, and
/// after that towards the quarter of the schemas generated least, so that rare schemas
/// keep being generated once everything is covered.
const WANTED_OBJECTS: u64 = 5;

/// How many values an instance may hold before every further object is as small as its
/// schema allows: it bounds the size of an instance when many properties are wanted.
const VALUE_BUDGET: usize = 800;

/// JSON nesting past which objects are as small as their schema allows. The crate reads
/// at most `stripe_api::codec::MAX_DEPTH` (64) levels; required objects below this depth
/// still nest, so it leaves room for them.
const FREE_DEPTH: usize = 36;

/// The first characters of every unknown field this test adds: no property of any schema
/// starts with them, and no map key or free-form key the test makes does either, so the
/// unknown fields stay unknown to every type, and must come back from the encoding
/// where they were, at every depth.
const UNKNOWN_MARKER: &str = "unknown\u{1}";

/// SplitMix64: small, fast, and the same on every platform, so a seed names one instance.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` is small, so the modulo bias does not matter.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// A set of small numbers (schema or site indexes).
#[derive(Clone, Debug, PartialEq)]
struct Bitset(Vec<u64>);

impl Bitset {
    fn new(len: usize) -> Self {
        Bitset(vec![0; len.div_ceil(64)])
    }

    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn contains(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn union_with(&mut self, other: &Bitset) {
        for (word, more) in self.0.iter_mut().zip(&other.0) {
            *word |= more;
        }
    }

    fn intersects(&self, other: &Bitset) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }
}

// ---------------------------------------------------------------------------------------
// The spec, read as the generated crate reads it (see "How schemas become Rust").

/// The fragment's component schemas, each as the shape of JSON its generated type reads.
pub struct Spec {
    pub components: Vec<Component>,
    /// Every place where a value is one of several: an enum, a union, an expandable field.
    sites: Vec<Site>,
}

pub struct Component {
    pub name: String,
    /// The generated type's name, which its `Debug` output shows.
    pub type_name: String,
    object: ObjectShape,
}

struct ObjectShape {
    properties: Vec<Property>,
    /// Required properties with one possible value, by which unions tell variants apart.
    tags: Vec<(String, Value)>,
    /// Property names, sorted.
    known: Vec<String>,
    /// Required property names, sorted.
    required: Vec<String>,
}

struct Property {
    name: String,
    shape: Shape,
    required: bool,
    nullable: bool,
    /// The components this property's value holds directly (not inside another one).
    direct: Vec<usize>,
    /// The sites in this property's value, up to the next component.
    sites: Bitset,
}

/// What a value looks like, one case per row of the README's mapping table.
enum Shape {
    Text,
    /// `format: decimal`: a string of digits.
    Decimal,
    Integer,
    /// `format: unix-time`.
    Timestamp,
    Number,
    Boolean,
    /// `enum: [true]`.
    True,
    /// An `object` property with one value.
    Constant(String),
    /// A string enum, by site.
    Enum(usize),
    /// `type: object` without properties: any JSON object.
    FreeObject,
    /// `additionalProperties`.
    Map(Box<Shape>),
    Array(Box<Shape>),
    /// `object: list` with `data`, `has_more` and `url`.
    List(Box<Shape>),
    /// An object defined inline.
    Object(Box<ObjectShape>),
    /// A component schema, by index; also `anyOf` one `$ref`.
    Component(usize),
    /// `anyOf` several `$ref`s, by site.
    Union(usize),
    /// An id or an object, by site.
    Expandable(usize),
}

struct Site {
    /// Where in the spec, such as `checkout.session/properties/locale`.
    pointer: String,
    /// The component whose schema holds the site.
    owner: usize,
    kind: SiteKind,
    /// What each coverage bucket counts: an enum value, a variant, or an id.
    labels: Vec<String>,
    /// For each variant of a union or expandable field, properties of it that the union
    /// reads as that variant, or `None` when it reads no object as that variant.
    recognisable: Vec<Option<Vec<bool>>>,
}

enum SiteKind {
    /// Buckets: each value, then an unknown value.
    Enum(Vec<String>),
    /// Buckets: each variant.
    Union(Vec<usize>),
    /// Buckets: an id, then each resource.
    Expandable(Vec<usize>),
}

impl Site {
    /// The components of a union or of an expandable field's objects.
    fn variants(&self) -> &[usize] {
        match &self.kind {
            SiteKind::Enum(_) => &[],
            SiteKind::Union(variants) | SiteKind::Expandable(variants) => variants,
        }
    }

    /// The bucket of variant `v`.
    fn variant_bucket(&self, v: usize) -> usize {
        match self.kind {
            SiteKind::Expandable(_) => v + 1,
            _ => v,
        }
    }

    /// Whether bucket `b` can be covered at all.
    fn coverable(&self, b: usize) -> bool {
        match self.kind {
            SiteKind::Enum(_) => true,
            SiteKind::Union(_) => self.recognisable[b].is_some(),
            SiteKind::Expandable(_) => b == 0 || self.recognisable[b - 1].is_some(),
        }
    }
}

impl Spec {
    pub fn read(path: &Path) -> Spec {
        let root = xtask::source::SpecFile::read(path)
            .unwrap_or_else(|error| panic!("{error}"))
            .root;
        let schemas = root["components"]["schemas"]
            .as_object()
            .expect("the fragment has component schemas");
        // A component that is `anyOf` other components (`external_account`) is not an
        // object of its own: a reference to it is a union of what it flattens to.
        let mut unions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, schema) in schemas {
            if let Some(any_of) = schema["anyOf"].as_array() {
                let members = any_of
                    .iter()
                    .map(|item| {
                        item["$ref"]
                            .as_str()
                            .and_then(|r| r.strip_prefix("#/components/schemas/"))
                            .unwrap_or_else(|| panic!("{name}: anyOf of a non-$ref"))
                    })
                    .collect();
                unions.insert(name, members);
            }
        }
        let objects: Vec<(&String, &Value)> = schemas
            .iter()
            .filter(|(name, _)| !unions.contains_key(name.as_str()))
            .collect();
        let names: Vec<&String> = objects.iter().map(|(name, _)| *name).collect();
        let mut reader = SchemaReader {
            names: &names,
            unions: &unions,
            sites: Vec::new(),
        };
        let mut components = Vec::with_capacity(names.len());
        for (index, (name, schema)) in objects.into_iter().enumerate() {
            assert_eq!(
                schema["type"], "object",
                "{name}: only object schemas and unions of them are components in this spec"
            );
            let type_name = xtask::lower::names::type_name(name)
                .unwrap_or_else(|| panic!("{name}: no type name"));
            components.push(Component {
                name: name.clone(),
                type_name,
                object: reader.object(schema, name, index),
            });
        }
        let mut spec = Spec {
            components,
            sites: reader.sites,
        };
        spec.annotate();
        spec.find_recognisable_variants();
        spec
    }

    /// Fills in the components and sites each property holds.
    fn annotate(&mut self) {
        let (count, site_count) = (self.components.len(), self.sites.len());
        for component in &mut self.components {
            annotate(&mut component.object, &self.sites, count, site_count);
        }
    }

    fn find_recognisable_variants(&mut self) {
        for s in 0..self.sites.len() {
            let variants = self.sites[s].variants().to_vec();
            let recognisable = (0..variants.len())
                .map(|v| recognisable_keys(self, &variants, v))
                .collect();
            self.sites[s].recognisable = recognisable;
        }
    }

    pub fn unrecognisable_variants(&self) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for site in &self.sites {
            for (v, &c) in site.variants().iter().enumerate() {
                if site.recognisable[v].is_none() {
                    found.push((site.pointer.clone(), self.components[c].name.clone()));
                }
            }
        }
        found
    }
}

/// Reads schemas into shapes, numbering the sites it finds.
struct SchemaReader<'s> {
    names: &'s [&'s String],
    /// Components that are unions of others, with their members' names.
    unions: &'s BTreeMap<&'s str, Vec<&'s str>>,
    sites: Vec<Site>,
}

impl SchemaReader<'_> {
    /// The object components `reference` stands for: the one it names, or every object a
    /// union component flattens to, each once.
    fn components(&self, reference: &str, pointer: &str) -> Vec<usize> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{pointer}: unexpected $ref {reference}"));
        let mut found = Vec::new();
        self.flatten(name, pointer, &mut found);
        found
    }

    fn flatten(&self, name: &str, pointer: &str, found: &mut Vec<usize>) {
        if let Some(members) = self.unions.get(name) {
            for member in members {
                self.flatten(member, pointer, found);
            }
            return;
        }
        let c = self
            .names
            .iter()
            .position(|n| n.as_str() == name)
            .unwrap_or_else(|| panic!("{pointer}: no schema {name}"));
        if !found.contains(&c) {
            found.push(c);
        }
    }

    fn site(&mut self, pointer: &str, owner: usize, kind: SiteKind) -> usize {
        let labels = match &kind {
            SiteKind::Enum(values) => values
                .iter()
                .map(|v| format!("{v:?}"))
                .chain(["an unknown value".to_owned()])
                .collect(),
            SiteKind::Union(variants) => variants
                .iter()
                .map(|&c| self.names[c].to_string())
                .collect(),
            SiteKind::Expandable(resources) => std::iter::once("an id".to_owned())
                .chain(resources.iter().map(|&c| self.names[c].to_string()))
                .collect(),
        };
        self.sites.push(Site {
            pointer: pointer.to_owned(),
            owner,
            kind,
            labels,
            recognisable: Vec::new(),
        });
        self.sites.len() - 1
    }

    fn object(&mut self, schema: &Value, pointer: &str, owner: usize) -> ObjectShape {
        let required: Vec<String> = schema["required"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .map(|n| n.as_str().expect("required names").to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let empty = Map::new();
        let declared = schema["properties"].as_object().unwrap_or(&empty);
        let mut properties = Vec::with_capacity(declared.len());
        let mut tags = Vec::new();
        for (name, property) in declared {
            let at = format!("{pointer}/properties/{name}");
            let is_required = required.contains(name);
            let is_ref = property.get("$ref").is_some();
            if let Some(tag) = one_value(property).filter(|_| is_required && !is_ref) {
                tags.push((name.clone(), tag));
            }
            properties.push(Property {
                name: name.clone(),
                shape: self.shape(property, &at, owner, name),
                required: is_required,
                nullable: !is_ref && property["nullable"] == true,
                direct: Vec::new(),
                sites: Bitset::new(0),
            });
        }
        let mut known: Vec<String> = declared.keys().cloned().collect();
        known.sort();
        let mut required = required;
        required.sort();
        ObjectShape {
            properties,
            tags,
            known,
            required,
        }
    }

    /// The shape of `schema`, found at `pointer` as (part of) the property `property`.
    fn shape(&mut self, schema: &Value, pointer: &str, owner: usize, property: &str) -> Shape {
        if let Some(reference) = schema["$ref"].as_str() {
            let refs = self.components(reference, pointer);
            return match refs.as_slice() {
                [one] => Shape::Component(*one),
                _ => Shape::Union(self.site(pointer, owner, SiteKind::Union(refs))),
            };
        }
        if let Some(any_of) = schema["anyOf"].as_array() {
            let mut refs: Vec<usize> = Vec::new();
            for reference in any_of.iter().filter_map(|item| item["$ref"].as_str()) {
                for c in self.components(reference, pointer) {
                    if !refs.contains(&c) {
                        refs.push(c);
                    }
                }
            }
            let inline: Vec<&Value> = any_of.iter().filter(|i| i.get("$ref").is_none()).collect();
            if schema.get("x-expansionResources").is_some() {
                assert!(
                    inline.len() == 1 && inline[0]["type"] == "string" && !refs.is_empty(),
                    "{pointer}: an expandable field is a string id or objects"
                );
                return Shape::Expandable(self.site(pointer, owner, SiteKind::Expandable(refs)));
            }
            assert!(inline.is_empty(), "{pointer}: anyOf of inline schemas");
            return match refs.as_slice() {
                [one] => Shape::Component(*one),
                _ => Shape::Union(self.site(pointer, owner, SiteKind::Union(refs))),
            };
        }
        let values: Option<Vec<&Value>> = schema["enum"].as_array().map(|v| v.iter().collect());
        match schema["type"].as_str() {
            Some("string") => match values {
                Some(values) => {
                    let mut strings: Vec<String> = Vec::new();
                    for value in values {
                        let value = value.as_str().expect("string enum values").to_owned();
                        if !strings.contains(&value) {
                            strings.push(value);
                        }
                    }
                    if property == "object" && strings.len() == 1 {
                        Shape::Constant(strings.remove(0))
                    } else {
                        Shape::Enum(self.site(pointer, owner, SiteKind::Enum(strings)))
                    }
                }
                None if schema["format"] == "decimal" => Shape::Decimal,
                None => Shape::Text,
            },
            Some("integer") if values.is_none() => {
                if schema["format"] == "unix-time" {
                    Shape::Timestamp
                } else {
                    Shape::Integer
                }
            }
            Some("number") if values.is_none() => Shape::Number,
            Some("boolean") => match values.as_deref() {
                None => Shape::Boolean,
                Some([Value::Bool(true)]) => Shape::True,
                Some(other) => panic!("{pointer}: boolean enum {other:?}"),
            },
            Some("array") => {
                let items = &schema["items"];
                let at = format!("{pointer}/items");
                Shape::Array(Box::new(self.shape(items, &at, owner, property)))
            }
            Some("object") => {
                let has_properties = schema["properties"]
                    .as_object()
                    .is_some_and(|p| !p.is_empty());
                if !has_properties {
                    return match schema.get("additionalProperties") {
                        None | Some(Value::Bool(false)) => Shape::FreeObject,
                        Some(values @ Value::Object(_)) => {
                            let at = format!("{pointer}/additionalProperties");
                            Shape::Map(Box::new(self.shape(values, &at, owner, property)))
                        }
                        Some(other) => panic!("{pointer}: additionalProperties {other}"),
                    };
                }
                if let Some(items) = list_items(schema) {
                    let at = format!("{pointer}/properties/data/items");
                    return Shape::List(Box::new(self.shape(items, &at, owner, property)));
                }
                Shape::Object(Box::new(self.object(schema, pointer, owner)))
            }
            _ => panic!("{pointer}: a schema this test cannot make instances of: {schema}"),
        }
    }
}

/// The one value an inline property schema allows, if it allows one.
fn one_value(schema: &Value) -> Option<Value> {
    match (schema["type"].as_str(), schema["enum"].as_array()) {
        (Some("string" | "boolean"), Some(values)) if values.len() == 1 => Some(values[0].clone()),
        _ => None,
    }
}

/// The item schema of a list object: `object: list`, `data`, `has_more`, `url`.
fn list_items(schema: &Value) -> Option<&Value> {
    let properties = schema["properties"].as_object()?;
    let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let is_list = keys == ["data", "has_more", "object", "url"]
        && properties["object"]["enum"] == serde_json::json!(["list"])
        && properties["data"]["type"] == "array";
    is_list.then(|| &properties["data"]["items"])
}

/// Adds the components a shape holds directly (not inside another component).
fn shape_components(shape: &Shape, sites: &[Site], out: &mut Bitset) {
    match shape {
        Shape::Map(inner) | Shape::Array(inner) | Shape::List(inner) => {
            shape_components(inner, sites, out)
        }
        Shape::Object(object) => {
            for property in &object.properties {
                shape_components(&property.shape, sites, out);
            }
        }
        Shape::Component(c) => out.insert(*c),
        Shape::Union(s) | Shape::Expandable(s) => {
            for &c in sites[*s].variants() {
                out.insert(c);
            }
        }
        _ => {}
    }
}

/// Fills in each property's components and sites, in `object` and the objects inside it.
fn annotate(object: &mut ObjectShape, sites: &[Site], count: usize, site_count: usize) {
    for property in &mut object.properties {
        let mut direct = Bitset::new(count);
        shape_components(&property.shape, sites, &mut direct);
        property.direct = (0..count).filter(|&c| direct.contains(c)).collect();
        let mut found = Bitset::new(site_count);
        shape_sites(&mut property.shape, sites, count, site_count, &mut found);
        property.sites = found;
    }
}

fn shape_sites(
    shape: &mut Shape,
    sites: &[Site],
    count: usize,
    site_count: usize,
    out: &mut Bitset,
) {
    match shape {
        Shape::Map(inner) | Shape::Array(inner) | Shape::List(inner) => {
            shape_sites(inner, sites, count, site_count, out)
        }
        Shape::Object(object) => {
            annotate(object, sites, count, site_count);
            for property in &object.properties {
                out.union_with(&property.sites);
            }
        }
        Shape::Enum(s) | Shape::Union(s) | Shape::Expandable(s) => out.insert(*s),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Telling union variants apart, as `stripe_api::codec::select_variant` does.

/// The variant a union reads `object` as: every tag matches and every required property is
/// there; among several, the one with the fewest properties it does not know, the first
/// on a tie.
fn select_variant(object: &Map<String, Value>, variants: &[&ObjectShape]) -> Option<usize> {
    variants
        .iter()
        .enumerate()
        .filter(|(_, shape)| {
            shape.required.iter().all(|name| object.contains_key(name))
                && shape
                    .tags
                    .iter()
                    .all(|(name, value)| object.get(name) == Some(value))
        })
        .min_by_key(|(i, shape)| {
            let unknown = object
                .keys()
                .filter(|key| shape.known.binary_search(key).is_err())
                .count();
            (unknown, *i)
        })
        .map(|(i, _)| i)
}

/// An object with the properties of `shape` that `present` marks: tags with their value,
/// the others `null`, which no tag matches.
fn skeleton(shape: &ObjectShape, present: &[bool]) -> Map<String, Value> {
    shape
        .properties
        .iter()
        .zip(present)
        .filter(|(_, present)| **present)
        .map(|(property, _)| {
            let tag = shape.tags.iter().find(|(name, _)| *name == property.name);
            let value = tag.map_or(Value::Null, |(_, value)| value.clone());
            (property.name.clone(), value)
        })
        .collect()
}

/// Adds properties of variant `v` that the variant a union would pick instead does not
/// know, until the union picks `v`; `false` if it never does.
fn steer_to_variant(
    spec: &Spec,
    variants: &[usize],
    v: usize,
    present: &mut [bool],
    mut choose: impl FnMut(&[usize]) -> usize,
) -> bool {
    let shapes: Vec<&ObjectShape> = variants
        .iter()
        .map(|&c| &spec.components[c].object)
        .collect();
    let target = shapes[v];
    loop {
        let winner = match select_variant(&skeleton(target, present), &shapes) {
            Some(w) if w == v => return true,
            Some(w) => w,
            None => return false,
        };
        let candidates: Vec<usize> = target
            .properties
            .iter()
            .enumerate()
            .filter(|(i, p)| !present[*i] && shapes[winner].known.binary_search(&p.name).is_err())
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return false;
        }
        present[candidates[choose(&candidates)]] = true;
    }
}

/// Properties of variant `v` that the union reads as `v`: the required ones and what
/// [`steer_to_variant`] adds, else all of them; `None` if neither is read as `v`.
fn recognisable_keys(spec: &Spec, variants: &[usize], v: usize) -> Option<Vec<bool>> {
    let target = &spec.components[variants[v]].object;
    if variants.len() == 1 {
        return Some(target.properties.iter().map(|p| p.required).collect());
    }
    let mut present: Vec<bool> = target.properties.iter().map(|p| p.required).collect();
    if steer_to_variant(spec, variants, v, &mut present, |_| 0) {
        return Some(present);
    }
    let all = vec![true; target.properties.len()];
    let shapes: Vec<&ObjectShape> = variants
        .iter()
        .map(|&c| &spec.components[c].object)
        .collect();
    (select_variant(&skeleton(target, &all), &shapes) == Some(v)).then_some(all)
}

// ---------------------------------------------------------------------------------------
// Coverage: what the run has generated, and what it still wants.

pub struct Coverage {
    /// Objects generated per component.
    schemas: Vec<u64>,
    /// Values generated per site and bucket.
    buckets: Vec<Vec<u64>>,
}

/// What an instance steers towards: sites with a bucket not covered yet, and components
/// not generated yet or holding such a site.
struct Wanted {
    sites: Bitset,
    /// For each component, how many objects deep the nearest wanted component is in it:
    /// 0 for a wanted one, [`UNREACHED`] where none is.
    distance: Vec<u32>,
}

const UNREACHED: u32 = u32::MAX;

impl Wanted {
    /// How many objects deep the nearest wanted component is in `property`'s value.
    fn distance(&self, property: &Property) -> u32 {
        property
            .direct
            .iter()
            .map(|&c| self.distance[c].saturating_add(1))
            .min()
            .unwrap_or(UNREACHED)
    }
}

pub struct CoverageReport {
    pub summary: String,
    pub missing: Vec<String>,
}

impl Coverage {
    pub fn new(spec: &Spec) -> Coverage {
        Coverage {
            schemas: vec![0; spec.components.len()],
            buckets: spec
                .sites
                .iter()
                .map(|site| vec![0; site.labels.len()])
                .collect(),
        }
    }

    pub fn is_complete(&self, spec: &Spec) -> bool {
        self.schemas.iter().all(|&count| count > 0)
            && (0..spec.sites.len()).all(|s| self.uncovered(spec, s).next().is_none())
    }

    fn uncovered(&self, spec: &Spec, s: usize) -> impl Iterator<Item = usize> {
        let site = &spec.sites[s];
        let counts = &self.buckets[s];
        (0..counts.len()).filter(move |&b| counts[b] == 0 && site.coverable(b))
    }

    fn wanted(&self, spec: &Spec) -> Wanted {
        let mut sites = Bitset::new(spec.sites.len());
        for s in 0..spec.sites.len() {
            if self.uncovered(spec, s).next().is_some() {
                sites.insert(s);
            }
        }
        let covering = sites.0.iter().any(|&word| word != 0)
            || self.schemas.iter().any(|&count| count < WANTED_OBJECTS);
        let fewest = if covering {
            WANTED_OBJECTS
        } else {
            let mut counts = self.schemas.clone();
            counts.sort_unstable();
            counts[counts.len() / 4] + 1
        };
        let mut distance: Vec<u32> = self
            .schemas
            .iter()
            .map(|&count| if count < fewest { 0 } else { UNREACHED })
            .collect();
        for (s, site) in spec.sites.iter().enumerate() {
            if sites.contains(s) {
                distance[site.owner] = 0;
            }
        }
        let mut wanted = Wanted { sites, distance };
        let mut shorter = true;
        while shorter {
            shorter = false;
            for (c, component) in spec.components.iter().enumerate() {
                let nearest = component
                    .object
                    .properties
                    .iter()
                    .map(|p| wanted.distance(p))
                    .min()
                    .unwrap_or(UNREACHED);
                if nearest < wanted.distance[c] {
                    wanted.distance[c] = nearest;
                    shorter = true;
                }
            }
        }
        wanted
    }

    pub fn report(&self, spec: &Spec) -> CoverageReport {
        let mut missing = Vec::new();
        for (c, &count) in self.schemas.iter().enumerate() {
            if count == 0 {
                missing.push(format!("schema {}", spec.components[c].name));
            }
        }
        let (mut enum_buckets, mut enum_covered) = (0, 0);
        let (mut variant_buckets, mut variant_covered) = (0, 0);
        for (s, site) in spec.sites.iter().enumerate() {
            for b in (0..site.labels.len()).filter(|&b| site.coverable(b)) {
                let covered = self.buckets[s][b] > 0;
                if matches!(site.kind, SiteKind::Enum(_)) {
                    enum_buckets += 1;
                    enum_covered += usize::from(covered);
                } else {
                    variant_buckets += 1;
                    variant_covered += usize::from(covered);
                }
                if !covered {
                    missing.push(format!("{} at {}", site.labels[b], site.pointer));
                }
            }
        }
        let mut counts = self.schemas.clone();
        counts.sort_unstable();
        let covered = counts.iter().filter(|&&c| c > 0).count();
        let mut summary = String::new();
        let _ = writeln!(
            summary,
            "schemas covered: {covered}/{}; objects per schema: min {}, median {}, max {}",
            counts.len(),
            counts[0],
            counts[counts.len() / 2],
            counts[counts.len() - 1],
        );
        let _ = writeln!(
            summary,
            "enum values covered (each value and an unknown one, per enum): \
             {enum_covered}/{enum_buckets}"
        );
        let _ = write!(
            summary,
            "union variants and expandable ids/objects covered: {variant_covered}/{variant_buckets} \
             ({} variants no object can select, listed in the test)",
            spec.unrecognisable_variants().len()
        );
        CoverageReport { summary, missing }
    }
}

// ---------------------------------------------------------------------------------------
// Generating instances.

/// Decodes `json` as the type of the named component, encodes it again, and returns the
/// encoded JSON and the `Debug` text of the decoded value; `None` for a component it
/// cannot decode on its own.
pub type RoundTrip = fn(&str, &[u8]) -> Option<Result<(String, String), stripe_api::DecodeError>>;

/// One generated root object, as JSON text with unknown fields, and what encoding it back
/// must give.
pub struct Instance {
    pub index: usize,
    pub seed: u64,
    /// The component it is an object of.
    pub root: usize,
    pub text: String,
    /// The instance, unknown fields included: the crate keeps them and writes them back.
    expected: Value,
    /// Objects generated per component.
    objects: Vec<u32>,
    depth: usize,
}

impl Instance {
    /// Instance `index` of a run over `roots` (component indices), which take turns,
    /// among those that lead to what the run has not covered yet, if any do.
    pub fn generate(
        spec: &Spec,
        coverage: &mut Coverage,
        index: usize,
        roots: &[usize],
    ) -> Instance {
        let wanted = coverage.wanted(spec);
        let leading: Vec<usize> = roots
            .iter()
            .copied()
            .filter(|&root| wanted.distance[root] != UNREACHED)
            .collect();
        let turns = if leading.is_empty() {
            roots
        } else {
            &leading[..]
        };
        let root = turns[index % turns.len()];
        Self::of_component(spec, coverage, wanted, index, root)
    }

    /// An instance of component `root`, on its own: the seed is fixed by `index`.
    pub fn sample(spec: &Spec, root: usize, index: usize) -> Instance {
        let mut coverage = Coverage::new(spec);
        let wanted = coverage.wanted(spec);
        Self::of_component(spec, &mut coverage, wanted, index, root)
    }

    fn of_component(
        spec: &Spec,
        coverage: &mut Coverage,
        wanted: Wanted,
        index: usize,
        root: usize,
    ) -> Instance {
        let seed = BASE_SEED.wrapping_add(index as u64);
        let mut generator = Generator {
            spec,
            coverage,
            wanted,
            rng: SplitMix64(seed),
            budget: VALUE_BUDGET,
            depth: 0,
            deepest: 0,
            objects: vec![0; spec.components.len()],
        };
        let value = generator.component(root);
        let style = TextStyle::random(&mut generator.rng);
        let mut text = String::new();
        style.write(&value, &mut generator.rng, 0, &mut text);
        // The expected JSON is read from the text, as the encoding is: `serde_json`
        // without `float_roundtrip` may read a float's shortest digits one unit in the
        // last place off, but it reads the same digits the same way, so a float the
        // crate gives back unchanged compares equal and one it changed does not.
        let parsed: Value = serde_json::from_str(&text).expect("an instance is JSON");
        Instance {
            index,
            seed,
            root,
            text,
            expected: parsed,
            objects: generator.objects,
            depth: generator.deepest,
        }
    }

    /// The instance as JSON, unknown fields included.
    pub fn json(&self) -> &Value {
        &self.expected
    }

    /// Checks that decoding the instance and encoding it again (`round_trip`) gives the
    /// same JSON, with an object of each component's type wherever one was generated.
    pub fn check(&self, spec: &Spec, round_trip: RoundTrip) -> Result<(), String> {
        let name = &spec.components[self.root].name;
        let (encoded, debug) = round_trip(name, self.text.as_bytes())
            .ok_or_else(|| format!("`{name}` cannot be decoded on its own"))?
            .map_err(|e| format!("valid JSON failed: {e}"))?;
        self.check_encoded(spec, &encoded, &debug)
    }

    /// Checks `encoded`, what the crate made of the instance, and `debug`, the `Debug`
    /// text of the decoded value: the JSON is the same, and the decoded value holds an
    /// object of each component's type wherever one was generated.
    pub fn check_encoded(&self, spec: &Spec, encoded: &str, debug: &str) -> Result<(), String> {
        let actual: Value = serde_json::from_str(encoded)
            .map_err(|e| format!("the encoding is not JSON: {e}: {encoded}"))?;
        if let Some(difference) = first_difference(&self.expected, &actual, &mut String::new()) {
            return Err(format!(
                "encoding the decoded value changed the JSON: {difference}"
            ));
        }
        // The round trip alone cannot tell a union variant from a look-alike one, nor an
        // object kept as raw JSON from one decoded: the types in the decoded value can.
        let decoded_types = debug_struct_counts(debug);
        for (c, component) in spec.components.iter().enumerate() {
            let decoded = decoded_types
                .get(component.type_name.as_str())
                .copied()
                .unwrap_or(0);
            if decoded != self.objects[c] as usize {
                return Err(format!(
                    "generated {} `{}` objects, but the decoded value holds {decoded} `{}`",
                    self.objects[c], component.name, component.type_name
                ));
            }
        }
        Ok(())
    }

    /// Writes the instance into `dir`, where a developer can read it; returns the path.
    pub fn save(&self, spec: &Spec, dir: &Path) -> String {
        let path = dir.join(format!(
            "instance-{}-{}.json",
            self.index, spec.components[self.root].name
        ));
        match std::fs::write(&path, &self.text) {
            Ok(()) => path.display().to_string(),
            Err(error) => format!("(not saved: {error})"),
        }
    }
}

/// What a run generated, for its report.
#[derive(Default)]
pub struct RunFigures {
    pub instances: usize,
    /// How many instances it took to cover everything.
    pub complete_after: Option<usize>,
    pub bytes: usize,
    pub largest: usize,
    pub deepest: usize,
}

impl RunFigures {
    pub fn record(&mut self, instance: &Instance) {
        self.instances += 1;
        self.bytes += instance.text.len();
        self.largest = self.largest.max(instance.text.len());
        self.deepest = self.deepest.max(instance.depth);
    }
}

/// Whether a property is left out, `null`, or has a value.
#[derive(Clone, Copy, PartialEq)]
enum Presence {
    Absent,
    Null,
    Value,
}

struct Generator<'a> {
    spec: &'a Spec,
    coverage: &'a mut Coverage,
    wanted: Wanted,
    rng: SplitMix64,
    /// Values left before objects are kept as small as their schema allows.
    budget: usize,
    /// The JSON nesting of the value being generated.
    depth: usize,
    deepest: usize,
    objects: Vec<u32>,
}

impl Generator<'_> {
    /// Whether optional parts may still be generated.
    fn free(&self) -> bool {
        self.budget > 0 && self.depth < FREE_DEPTH
    }

    /// The property of `object` to give a value leading to the nearest wanted component,
    /// if one leads to any: each object the generator makes heads for what the run has
    /// not covered yet, along one property, so instances stay small.
    fn step(&mut self, object: &ObjectShape) -> Option<usize> {
        if !self.free() {
            return None;
        }
        let distances: Vec<u32> = object
            .properties
            .iter()
            .map(|p| self.wanted.distance(p))
            .collect();
        let nearest = *distances.iter().min()?;
        if nearest == UNREACHED {
            return None;
        }
        let closest: Vec<usize> = (0..distances.len())
            .filter(|&i| distances[i] == nearest)
            .collect();
        Some(*self.rng.pick(&closest))
    }

    /// Whether `property` holds a site with a bucket not covered yet.
    fn uncovered_inside(&self, property: &Property) -> bool {
        property.sites.intersects(&self.wanted.sites)
    }

    /// Whether `property` is left out, `null` or given a value: by the spec's rules, and
    /// by chance where they allow, but mostly a value on the way to something wanted.
    fn presence(&mut self, property: &Property, step: bool) -> Presence {
        let free = self.free();
        let wanted = free && (step || self.uncovered_inside(property));
        let rng = &mut self.rng;
        match (property.required, property.nullable) {
            (true, false) => Presence::Value,
            (_, _) if wanted && (step || rng.percent(90)) => Presence::Value,
            (true, true) if !free => Presence::Null,
            (true, true) if rng.percent(50) => Presence::Value,
            (true, true) => Presence::Null,
            (false, nullable) if !free => {
                if nullable && rng.percent(50) {
                    Presence::Null
                } else {
                    Presence::Absent
                }
            }
            (false, _) if rng.percent(30) => Presence::Value,
            (false, true) if rng.percent(55) => Presence::Null,
            (false, _) => Presence::Absent,
        }
    }

    /// The presence of each property of `object`, and which one is the step.
    fn presences(&mut self, object: &ObjectShape) -> (Vec<Presence>, Option<usize>) {
        let step = self.step(object);
        let presence = object
            .properties
            .iter()
            .enumerate()
            .map(|(i, p)| self.presence(p, step == Some(i)))
            .collect();
        (presence, step)
    }

    /// Runs `f` one JSON level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        let value = f(self);
        self.depth -= 1;
        value
    }

    fn component(&mut self, c: usize) -> Value {
        let spec = self.spec;
        let object = &spec.components[c].object;
        let (presence, step) = self.presences(object);
        self.count_component(c);
        self.object(object, &presence, step, &[])
    }

    fn count_component(&mut self, c: usize) {
        self.coverage.schemas[c] += 1;
        self.objects[c] += 1;
    }

    /// An object of variant `v` of the union or expandable field at site `s`, which the
    /// union reads as that variant.
    fn variant(&mut self, s: usize, v: usize) -> Value {
        let spec = self.spec;
        let site = &spec.sites[s];
        let variants = site.variants();
        let c = variants[v];
        let object = &spec.components[c].object;
        let (mut presence, step) = self.presences(object);
        // Tags are what tells variants apart; they always hold their value.
        for (property, slot) in object.properties.iter().zip(&mut presence) {
            if object.tags.iter().any(|(name, _)| *name == property.name) {
                *slot = Presence::Value;
            }
        }
        let mut present: Vec<bool> = presence.iter().map(|p| *p != Presence::Absent).collect();
        let rng = &mut self.rng;
        if !steer_to_variant(spec, variants, v, &mut present, |c| rng.below(c.len())) {
            present = site.recognisable[v]
                .clone()
                .expect("only recognisable variants are chosen");
        }
        for ((property, slot), present) in object.properties.iter().zip(&mut presence).zip(present)
        {
            *slot = match (*slot, present) {
                (_, false) => Presence::Absent,
                (Presence::Absent, true) if property.nullable && self.rng.percent(30) => {
                    Presence::Null
                }
                (Presence::Absent, true) => Presence::Value,
                (kept, true) => kept,
            };
        }
        self.count_component(c);
        let value = self.object(object, &presence, step, &object.tags);
        let shapes: Vec<&ObjectShape> = variants
            .iter()
            .map(|&c| &spec.components[c].object)
            .collect();
        let selected = select_variant(value.as_object().expect("an object"), &shapes);
        assert_eq!(
            selected,
            Some(v),
            "generated a {} at {} that the union does not read as one",
            spec.components[c].name,
            site.pointer
        );
        value
    }

    fn object(
        &mut self,
        object: &ObjectShape,
        presence: &[Presence],
        step: Option<usize>,
        tags: &[(String, Value)],
    ) -> Value {
        let mut order: Vec<usize> = (0..object.properties.len()).collect();
        // Properties generated first get the budget; a random order spreads it.
        self.rng.shuffle(&mut order);
        let mut out = Map::new();
        self.nested(|this| {
            for i in order {
                let property = &object.properties[i];
                let value = match presence[i] {
                    Presence::Absent => continue,
                    Presence::Null => Value::Null,
                    Presence::Value => match tags.iter().find(|(name, _)| *name == property.name) {
                        Some((_, tag)) => this.tag(&property.shape, tag),
                        None => {
                            let steer = step == Some(i) || this.uncovered_inside(property);
                            this.value(&property.shape, steer)
                        }
                    },
                };
                out.insert(property.name.clone(), value);
            }
            this.add_unknown_fields(&mut out);
        });
        Value::Object(out)
    }

    /// The value of a tag, counted where it is an enum value.
    fn tag(&mut self, shape: &Shape, tag: &Value) -> Value {
        if let (Shape::Enum(s), Value::String(text)) = (shape, tag)
            && let SiteKind::Enum(values) = &self.spec.sites[*s].kind
            && let Some(b) = values.iter().position(|v| v == text)
        {
            self.coverage.buckets[*s][b] += 1;
        }
        tag.clone()
    }

    fn add_unknown_fields(&mut self, out: &mut Map<String, Value>) {
        if !self.free() || !self.rng.percent(20) {
            return;
        }
        for _ in 0..1 + self.rng.below(2) {
            let name = format!("{UNKNOWN_MARKER}{}", self.text());
            let value = self.json(2);
            out.insert(name, value);
        }
    }

    /// A value of `shape`; `step` when it is to lead to the nearest wanted component or
    /// holds a site with a bucket not covered yet.
    fn value(&mut self, shape: &Shape, step: bool) -> Value {
        self.budget = self.budget.saturating_sub(1);
        match shape {
            Shape::Text => Value::String(self.text()),
            Shape::Decimal => Value::String(self.decimal()),
            Shape::Integer => Value::from(self.integer()),
            Shape::Timestamp => Value::from(self.rng.below(4_000_000_000) as i64),
            Shape::Number => Value::from(self.number()),
            Shape::Boolean => Value::Bool(self.rng.percent(50)),
            Shape::True => Value::Bool(true),
            Shape::Constant(value) => Value::String(value.clone()),
            Shape::Enum(s) => self.enum_value(*s),
            Shape::FreeObject => {
                let depth = if self.free() { 2 } else { 0 };
                self.nested(|this| this.json_object(depth))
            }
            Shape::Map(inner) => {
                let len = self.length(step);
                self.nested(|this| {
                    let mut map = Map::new();
                    while map.len() < len {
                        let key = this.data_key();
                        if !map.contains_key(&key) {
                            let value = this.value(inner, step);
                            map.insert(key, value);
                        }
                    }
                    Value::Object(map)
                })
            }
            Shape::Array(inner) => self.array(inner, step),
            Shape::List(inner) => {
                let data = self.nested(|this| this.array(inner, step));
                let mut list = Map::new();
                list.insert("object".to_owned(), Value::from("list"));
                list.insert("data".to_owned(), data);
                list.insert("has_more".to_owned(), Value::Bool(self.rng.percent(50)));
                list.insert(
                    "url".to_owned(),
                    Value::String(format!("/v1/{}", self.text())),
                );
                self.nested(|this| this.add_unknown_fields(&mut list));
                Value::Object(list)
            }
            Shape::Object(object) => {
                let (presence, step) = self.presences(object);
                self.object(object, &presence, step, &[])
            }
            Shape::Component(c) => self.component(*c),
            Shape::Union(s) => {
                let b = self.choose_bucket(*s, step);
                self.coverage.buckets[*s][b] += 1;
                self.variant(*s, b)
            }
            Shape::Expandable(s) => {
                let b = if self.free() {
                    self.choose_bucket(*s, step)
                } else {
                    0
                };
                self.coverage.buckets[*s][b] += 1;
                if b == 0 {
                    Value::String(self.text())
                } else if self.spec.sites[*s].variants().len() == 1 {
                    self.component(self.spec.sites[*s].variants()[0])
                } else {
                    self.variant(*s, b - 1)
                }
            }
        }
    }

    fn array(&mut self, inner: &Shape, step: bool) -> Value {
        let len = self.length(step);
        self.nested(|this| Value::Array((0..len).map(|_| this.value(inner, step)).collect()))
    }

    fn length(&mut self, step: bool) -> usize {
        match (self.free(), step) {
            (false, _) => 0,
            (true, true) => 2 + self.rng.below(2),
            (true, false) => self.rng.below(4),
        }
    }

    /// A bucket of a union or expandable site: mostly one not covered yet if there is
    /// one; for a step, the variant nearest a wanted component; else any, for an
    /// expandable field mostly its id.
    fn choose_bucket(&mut self, s: usize, step: bool) -> usize {
        let spec = self.spec;
        let site = &spec.sites[s];
        let uncovered: Vec<usize> = self.coverage.uncovered(spec, s).collect();
        if !uncovered.is_empty() && self.rng.percent(75) {
            return *self.rng.pick(&uncovered);
        }
        let variants: Vec<usize> = (0..site.variants().len())
            .filter(|&v| site.recognisable[v].is_some())
            .collect();
        if step {
            let distance = |v: &usize| self.wanted.distance[site.variants()[*v]];
            let nearest = variants.iter().map(distance).min().unwrap_or(UNREACHED);
            let closest: Vec<usize> = variants
                .iter()
                .filter(|v| distance(v) == nearest)
                .copied()
                .collect();
            return site.variant_bucket(*self.rng.pick(&closest));
        }
        if matches!(site.kind, SiteKind::Expandable(_)) && self.rng.percent(75) {
            return 0;
        }
        site.variant_bucket(*self.rng.pick(&variants))
    }

    fn enum_value(&mut self, s: usize) -> Value {
        let spec = self.spec;
        let SiteKind::Enum(values) = &spec.sites[s].kind else {
            unreachable!("an enum shape names an enum site")
        };
        let uncovered: Vec<usize> = self.coverage.uncovered(spec, s).collect();
        let b = if !uncovered.is_empty() && self.rng.percent(90) {
            *self.rng.pick(&uncovered)
        } else if self.rng.percent(8) {
            values.len()
        } else {
            self.rng.below(values.len())
        };
        self.coverage.buckets[s][b] += 1;
        if b < values.len() {
            return Value::String(values[b].clone());
        }
        loop {
            let unknown = self.text();
            if !values.contains(&unknown) {
                return Value::String(unknown);
            }
        }
    }

    fn integer(&mut self) -> i64 {
        match self.rng.below(4) {
            0 => self.rng.below(2001) as i64 - 1000,
            1 => self.rng.next() as i64,
            2 => *self.rng.pick(&[0, 1, -1, i64::MAX, i64::MIN]),
            _ => self.rng.below(100_000_000) as i64,
        }
    }

    /// A float: often one with a fraction and a few digits, as Stripe sends them, else
    /// any finite float. It is written as a JSON float (`12.0`, not `12`), since a `number`
    /// field writes integers back that way.
    fn number(&mut self) -> f64 {
        if self.rng.percent(30) {
            loop {
                let any = f64::from_bits(self.rng.next());
                if any.is_finite() {
                    return any;
                }
            }
        }
        let scale = 10_i64.pow(1 + self.rng.below(6) as u32);
        let mut mantissa = self.rng.below(1_000_000_000) as i64;
        if mantissa % 10 == 0 {
            mantissa += 1;
        }
        let sign = if self.rng.percent(20) { -1.0 } else { 1.0 };
        sign * mantissa as f64 / scale as f64
    }

    fn decimal(&mut self) -> String {
        let mut digits = String::new();
        if self.rng.percent(10) {
            digits.push('-');
        }
        for _ in 0..1 + self.rng.below(12) {
            digits.push(char::from(b'0' + self.rng.below(10) as u8));
        }
        if self.rng.percent(70) {
            digits.push('.');
            for _ in 0..1 + self.rng.below(20) {
                digits.push(char::from(b'0' + self.rng.below(10) as u8));
            }
        }
        digits
    }

    /// A string of up to 12 characters from every part of Unicode that JSON treats apart:
    /// plain ASCII, characters that need escapes, and multi-byte ones.
    fn text(&mut self) -> String {
        const ODD: &[char] = &[
            '"',
            '\\',
            '/',
            '\n',
            '\r',
            '\t',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            ' ',
            '[',
            ']',
            '{',
            '}',
            ':',
            ',',
            'é',
            'ß',
            '漢',
            '\u{2028}',
            '\u{feff}',
            '\u{fffd}',
            '🦀',
            '\u{10ffff}',
        ];
        let len = self.rng.below(13);
        (0..len)
            .map(|_| {
                if self.rng.percent(80) {
                    char::from(*self.rng.pick(b"abcdefghijklmnopqrstuvwxyz0123456789_"))
                } else {
                    *self.rng.pick(ODD)
                }
            })
            .collect()
    }

    /// A key of a map or free-form object: random, but never an unknown field's.
    fn data_key(&mut self) -> String {
        let key = self.text();
        if key.starts_with(UNKNOWN_MARKER) {
            format!("k{key}")
        } else {
            key
        }
    }

    /// Random JSON nested at most `depth` levels.
    fn json(&mut self, depth: usize) -> Value {
        match self.rng.below(if depth == 0 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.percent(50)),
            2 => Value::from(self.integer()),
            3 => Value::from(self.number()),
            4 | 5 => Value::String(self.text()),
            6 => {
                let len = self.rng.below(4);
                self.nested(|this| Value::Array((0..len).map(|_| this.json(depth - 1)).collect()))
            }
            _ => self.nested(|this| this.json_object(depth - 1)),
        }
    }

    fn json_object(&mut self, depth: usize) -> Value {
        let len = self.rng.below(4);
        let mut map = Map::new();
        for _ in 0..len {
            let key = self.data_key();
            let value = self.json(depth);
            map.insert(key, value);
        }
        Value::Object(map)
    }
}

/// How an instance is spelled as text: Stripe sends sorted keys and no escapes it does not
/// need, but valid JSON may have any order, whitespace and escapes, so instances vary them.
struct TextStyle {
    shuffle_keys: bool,
    whitespace: bool,
    /// Percent of characters written as `\u` escapes, in keys too.
    escapes: usize,
}

impl TextStyle {
    fn random(rng: &mut SplitMix64) -> TextStyle {
        TextStyle {
            shuffle_keys: rng.percent(50),
            whitespace: rng.percent(30),
            escapes: if rng.percent(20) { 10 } else { 0 },
        }
    }

    fn write(&self, value: &Value, rng: &mut SplitMix64, indent: usize, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                if self.shuffle_keys {
                    rng.shuffle(&mut entries);
                }
                out.push('{');
                for (i, (key, value)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.space(indent + 1, out);
                    self.string(key, rng, out);
                    out.push(':');
                    if self.whitespace {
                        out.push(' ');
                    }
                    self.write(value, rng, indent + 1, out);
                }
                if !map.is_empty() {
                    self.space(indent, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.space(indent + 1, out);
                    self.write(item, rng, indent + 1, out);
                }
                if !items.is_empty() {
                    self.space(indent, out);
                }
                out.push(']');
            }
            Value::String(text) => self.string(text, rng, out),
            other => out.push_str(&other.to_string()),
        }
    }

    fn space(&self, indent: usize, out: &mut String) {
        if self.whitespace {
            out.push_str("\r\n");
            for _ in 0..indent {
                out.push('\t');
            }
        }
    }

    fn string(&self, text: &str, rng: &mut SplitMix64, out: &mut String) {
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                '/' if self.escapes > 0 && rng.percent(self.escapes) => out.push_str("\\/"),
                c if self.escapes > 0 && rng.percent(self.escapes) => {
                    let mut units = [0; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04X}");
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

/// The first place where `actual` differs from `expected`, as a JSON pointer with both
/// values.
fn first_difference(expected: &Value, actual: &Value, pointer: &mut String) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let start = pointer.len();
                let _ = write!(pointer, "/{key}");
                let found = match a.get(key) {
                    Some(other) => first_difference(value, other, pointer),
                    None => Some(format!("{pointer}: missing, expected {value}")),
                };
                pointer.truncate(start);
                if found.is_some() {
                    return found;
                }
            }
            a.keys()
                .find(|key| !e.contains_key(*key))
                .map(|key| format!("{pointer}/{key}: not expected, got {}", a[key]))
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().find_map(|(i, (e, a))| {
                let start = pointer.len();
                let _ = write!(pointer, "/{i}");
                let found = first_difference(e, a, pointer);
                pointer.truncate(start);
                found
            })
        }
        _ if expected == actual => None,
        _ => Some(format!("{pointer}: expected {expected}, got {actual}")),
    }
}

/// How many values of each struct type a `Debug` rendering shows: a struct renders as
/// `Name { .. }`, and text inside quotes is data, not types.
fn debug_struct_counts(debug: &str) -> BTreeMap<&str, usize> {
    let bytes = debug.as_bytes();
    let mut counts = BTreeMap::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut token_start = None;
    for (i, &byte) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                token_start = None;
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' => {
                token_start.get_or_insert(i);
            }
            b' ' if bytes.get(i + 1) == Some(&b'{') => {
                if let Some(start) = token_start.take() {
                    *counts.entry(&debug[start..i]).or_insert(0) += 1;
                }
            }
            _ => token_start = None,
        }
    }
    counts
}
