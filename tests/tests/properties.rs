//! Decoding never panics, whatever the input, and form-encoded parameters decode back to
//! the values encoded: property tests with `proptest`, on fixed seeds.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{RngAlgorithm, RngSeed};
use serde_json::Value;
use stripe_api::form::{FormEncode, FormEncoder, FormValue};
use stripe_api::{CheckoutSession, Decimal, Timestamp};

const DOCUMENTED_RESPONSE: &str = include_str!("../fixtures/expire-a-checkout-session.json");

/// `cases` cases from a fixed seed, whatever `PROPTEST_*` variables say, and no
/// regression files written into the source tree.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x5EED_F0E5),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Decodes `json` as each root type. Whatever decodes must encode to JSON that decodes
/// to the same value; anything else must be an error, never a panic.
fn decode_as_every_root(json: &[u8]) {
    if let Ok(session) = CheckoutSession::from_json_slice(json) {
        let encoded = session.to_json_string();
        let again = CheckoutSession::from_json_str(&encoded)
            .unwrap_or_else(|error| panic!("{error}: the encoding {encoded} does not decode"));
        assert_eq!(again, session, "decoding the encoding {encoded}");
    }
    if let Ok(error) = stripe_api::types::Error::from_json_slice(json) {
        let encoded = error.to_json_string();
        let again = stripe_api::types::Error::from_json_str(&encoded)
            .unwrap_or_else(|error| panic!("{error}: the encoding {encoded} does not decode"));
        assert_eq!(again, error, "decoding the encoding {encoded}");
    }
}

/// Bytes that are mostly JSON's own, and the names of real fields, so that the decoders
/// get past the first byte more often than with uniformly random bytes.
fn json_token_soup() -> impl Strategy<Value = Vec<u8>> {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1.5",
        "1e400",
        "\"id\"",
        "\"object\"",
        "\"checkout.session\"",
        "\"created\"",
        "\"customer\"",
        "\"error\"",
        "\"type\"",
        "\"payment_intent\"",
        "\"metadata\"",
        "\"line_items\"",
        "\"data\"",
        "\"list\"",
        "\"deleted\"",
        "\\",
        "\\u00",
        "\\ud83e",
        " ",
        "\n",
    ];
    prop::collection::vec(prop::sample::select(TOKENS), 0..64)
        .prop_map(|tokens| tokens.concat().into_bytes())
}

/// One change to the bytes of a document.
#[derive(Clone, Debug)]
enum ByteEdit {
    FlipBit(Index, u8),
    Insert(Index, u8),
    Delete(Index, usize),
    Truncate(Index),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(b"{}[]\":,\\0123456789-+.eEtrufalsn \x00\xff".to_vec()),
    ];
    prop_oneof![
        (any::<Index>(), 0..8u8).prop_map(|(at, bit)| ByteEdit::FlipBit(at, bit)),
        (any::<Index>(), byte).prop_map(|(at, byte)| ByteEdit::Insert(at, byte)),
        (any::<Index>(), 1..32usize).prop_map(|(at, len)| ByteEdit::Delete(at, len)),
        any::<Index>().prop_map(ByteEdit::Truncate),
    ]
}

impl ByteEdit {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let len = bytes.len();
        match self {
            ByteEdit::FlipBit(at, bit) if len > 0 => bytes[at.index(len)] ^= 1 << bit,
            ByteEdit::Insert(at, byte) => bytes.insert(at.index(len + 1), *byte),
            ByteEdit::Delete(at, count) if len > 0 => {
                let start = at.index(len);
                bytes.drain(start..(start + count).min(len));
            }
            ByteEdit::Truncate(at) => bytes.truncate(at.index(len + 1)),
            _ => {}
        }
    }
}

/// The start of a customer whose default source is a card, whose customer comes next:
/// objects of two types nesting each other through a union and an expandable field.
const CUSTOMER_WITH_CARD: &str = "{\"object\":\"customer\",\"id\":\"cus_1\",\"created\":1,\
     \"livemode\":false,\"default_source\":{\"object\":\"card\",\"id\":\"card_1\",\
     \"brand\":\"Visa\",\"exp_month\":1,\"exp_year\":2030,\"funding\":\"credit\",\
     \"last4\":\"4242\",\"customer\":";

/// JSON text of every kind, and text that is nearly JSON: values of the wrong type for
/// whatever field they land in, numbers at and past the limits, odd escapes, deep nesting.
fn strange_json() -> impl Strategy<Value = String> {
    const FIXED: &[&str] = &[
        "null",
        "true",
        "false",
        "0",
        "-0",
        "-1",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "1e400",
        "-1e400",
        "1.5",
        "1E2",
        "0.0000001",
        "\"\"",
        "\"\\u0000\\ud83e\\udd80\"",
        "\"\\ud800\"",
        "\"\\x\"",
        "[]",
        "{}",
        "[1,]",
        "{\"a\" 1}",
        "nul",
        "\"unterminated",
    ];
    prop_oneof![
        prop::sample::select(FIXED).prop_map(str::to_owned),
        any::<String>().prop_map(|text| Value::String(text).to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| format!("{x:e}")),
        "[0-9]{19,400}",
        (1..5000usize).prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
        (1..5000usize).prop_map(|depth| format!(
            "{}1{}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        )),
        (1..200usize).prop_map(|depth| format!(
            "{}null{}",
            CUSTOMER_WITH_CARD.repeat(depth),
            "}}".repeat(depth)
        )),
    ]
}

/// One change to the structure of a document, at one of its values.
#[derive(Clone, Debug)]
enum ValueEdit {
    /// Replaces the value with this JSON text.
    Replace(Index, String),
    /// Takes the value out of its object or array.
    Remove(Index),
    /// Writes one of the object's keys twice.
    DuplicateKey(Index, Index),
    /// Adds a field with this name and JSON text to an object.
    AddField(Index, String, String),
}

fn value_edit() -> impl Strategy<Value = ValueEdit> {
    prop_oneof![
        3 => (any::<Index>(), strange_json()).prop_map(|(at, json)| ValueEdit::Replace(at, json)),
        1 => any::<Index>().prop_map(ValueEdit::Remove),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(at, key)| ValueEdit::DuplicateKey(at, key)),
        1 => (any::<Index>(), any::<String>(), strange_json())
            .prop_map(|(at, name, json)| ValueEdit::AddField(at, name, json)),
    ]
}

/// The path to a value: object keys and array indexes.
type Path = Vec<Step>;

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Item(usize),
}

fn paths(value: &Value, at: &mut Path, out: &mut Vec<Path>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(Step::Key(key.clone()));
                paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(Step::Item(i));
                paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn value_at<'v>(value: &'v Value, path: &[Step]) -> &'v Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &value[key.as_str()],
        Step::Item(i) => &value[*i],
    })
}

fn value_at_mut<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Item(i) => &mut value[*i],
    })
}

/// Writes `value` as JSON text, with the value at `target` written by `write_target`.
fn write_with(
    value: &Value,
    at: &mut Path,
    target: &[Step],
    write_target: &dyn Fn(&Value) -> String,
) -> String {
    if at.len() == target.len() {
        return write_target(value);
    }
    let next = &target[at.len()];
    match (value, next) {
        (Value::Object(map), Step::Key(wanted)) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(key, child)| {
                    let text = if key == wanted {
                        at.push(next.clone());
                        let text = write_with(child, at, target, write_target);
                        at.pop();
                        text
                    } else {
                        child.to_string()
                    };
                    format!("{}:{text}", Value::String(key.clone()))
                })
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        (Value::Array(items), Step::Item(wanted)) => {
            let items: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, child)| {
                    if i == *wanted {
                        at.push(next.clone());
                        let text = write_with(child, at, target, write_target);
                        at.pop();
                        text
                    } else {
                        child.to_string()
                    }
                })
                .collect();
            format!("[{}]", items.join(","))
        }
        _ => unreachable!("the path was taken from this value"),
    }
}

/// The `"key":value` texts of an object.
fn entries(object: &Value) -> Vec<String> {
    object
        .as_object()
        .expect("an object")
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::String(key.clone())))
        .collect()
}

impl ValueEdit {
    fn apply(&self, document: &Value) -> String {
        let mut all = Vec::new();
        paths(document, &mut Vec::new(), &mut all);
        match self {
            ValueEdit::Replace(at, json) => {
                let target = &all[at.index(all.len())];
                write_with(document, &mut Vec::new(), target, &|_| json.clone())
            }
            ValueEdit::Remove(at) => {
                let target = &all[at.index(all.len())];
                let Some((last, parent)) = target.split_last() else {
                    return String::new();
                };
                let mut edited = document.clone();
                match (value_at_mut(&mut edited, parent), last) {
                    (Value::Object(map), Step::Key(key)) => {
                        map.remove(key);
                    }
                    (Value::Array(items), Step::Item(i)) => {
                        items.remove(*i);
                    }
                    _ => unreachable!("the path was taken from this value"),
                }
                edited.to_string()
            }
            ValueEdit::DuplicateKey(at, key) => {
                let objects: Vec<&Path> = all
                    .iter()
                    .filter(|path| value_at(document, path).is_object())
                    .collect();
                let target = objects[at.index(objects.len())];
                write_with(document, &mut Vec::new(), target, &|object| {
                    let mut entries = entries(object);
                    if !entries.is_empty() {
                        let twice = entries[key.index(entries.len())].clone();
                        entries.push(twice);
                    }
                    format!("{{{}}}", entries.join(","))
                })
            }
            ValueEdit::AddField(at, name, json) => {
                let objects: Vec<&Path> = all
                    .iter()
                    .filter(|path| value_at(document, path).is_object())
                    .collect();
                let target = objects[at.index(objects.len())];
                write_with(document, &mut Vec::new(), target, &|object| {
                    let mut entries = entries(object);
                    entries.push(format!("{}:{json}", Value::String(name.clone())));
                    format!("{{{}}}", entries.join(","))
                })
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_decode_or_fail_without_panicking(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        decode_as_every_root(&bytes);
    }

    #[test]
    fn json_like_bytes_decode_or_fail_without_panicking(bytes in json_token_soup()) {
        decode_as_every_root(&bytes);
    }

    #[test]
    fn the_documented_response_with_its_bytes_changed_decodes_or_fails_without_panicking(
        edits in prop::collection::vec(byte_edit(), 1..5),
    ) {
        let mut bytes = DOCUMENTED_RESPONSE.as_bytes().to_vec();
        for edit in &edits {
            edit.apply(&mut bytes);
        }
        decode_as_every_root(&bytes);
    }

    #[test]
    fn the_documented_response_with_its_values_changed_decodes_or_fails_without_panicking(
        edit in value_edit(),
    ) {
        let document: Value = serde_json::from_str(DOCUMENTED_RESPONSE).expect("the fixture is JSON");
        let text = edit.apply(&document);
        decode_as_every_root(text.as_bytes());
    }
}

/// The stack `std::thread::spawn` gives a thread by default, as do tokio's workers.
const DEFAULT_THREAD_STACK: usize = 2 * 1024 * 1024;

/// Objects that hold their own type, nested to the reader's depth limit and past it.
/// Each level is a typed decoder's frame: in the debug profile about 26 KB for an
/// `Invoice` (22 KB in release), so 62 invoices in a session, the most the limit of 64
/// levels lets through, take about 1.6 MiB. A stack overflow would abort the test run,
/// so this fails if frames grow or the limit rises past what a default thread can hold.
#[test]
fn self_nesting_objects_decode_to_the_depth_limit_within_a_default_thread_stack() {
    let chains: [(&str, &str, &str); 3] = [
        // An invoice's `latest_revision` is an invoice: one level per `Invoice`, the
        // largest type.
        ("{\"invoice\":", "{\"latest_revision\":", "{}"),
        // A charge's application fee holds the charge again.
        (
            "{\"payment_intent\":{\"latest_charge\":",
            "{\"application_fee\":{\"charge\":",
            "{}",
        ),
        // Customers and cards, nesting each other through a union and an expandable field.
        ("{\"customer\":", CUSTOMER_WITH_CARD, "null"),
    ];
    let messages = std::thread::Builder::new()
        .stack_size(DEFAULT_THREAD_STACK)
        .spawn(move || {
            let mut messages = Vec::new();
            for (start, link, innermost) in chains {
                let levels = |text: &str| text.matches('{').count();
                let closing = |text: &str| "}".repeat(levels(text));
                let mut last = None;
                for links in 0..=70 {
                    let json = format!(
                        "{start}{}{innermost}{}{}",
                        link.repeat(links),
                        closing(link).repeat(links),
                        closing(start),
                    );
                    let error = CheckoutSession::from_json_str(&json)
                        .expect_err("the objects lack required fields");
                    let deep = error.message().starts_with("nested deeper than");
                    last = Some((links, error.message().to_owned()));
                    if deep {
                        break;
                    }
                }
                messages.push(last);
            }
            messages
        })
        .expect("a thread starts")
        .join()
        .expect("decoding ends without panicking");
    for message in messages {
        let (links, message) = message.expect("a chain was decoded");
        assert!(
            message.starts_with("nested deeper than"),
            "{links} links never reached the depth limit: {message}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Form encoding: parameters shaped like the generated ones (see tests/golden/params).

#[derive(Clone, Debug)]
struct SessionParams {
    success_url: String,
    expand: Option<Vec<String>>,
    line_items: Option<Vec<LineItem>>,
    metadata: Option<BTreeMap<String, String>>,
    amount: Option<i64>,
    exchange_rate: Option<f64>,
    livemode: Option<bool>,
    expires_at: Option<Timestamp>,
    unit_amount_decimal: Option<Decimal>,
    currency_options: Option<BTreeMap<String, BTreeMap<String, i64>>>,
    tiers: Option<Vec<Vec<String>>>,
}

#[derive(Clone, Debug)]
struct LineItem {
    price: String,
    quantity: Option<i64>,
    adjustable_quantity: Option<AdjustableQuantity>,
    tax_rates: Option<Vec<String>>,
    metadata: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
struct AdjustableQuantity {
    enabled: bool,
    maximum: Option<i64>,
}

impl FormEncode for SessionParams {
    fn encode_form(&self, form: &mut FormEncoder) {
        form.field("success_url", &self.success_url);
        form.field("expand", &self.expand);
        form.field("line_items", &self.line_items);
        form.field("metadata", &self.metadata);
        form.field("amount", &self.amount);
        form.field("exchange_rate", &self.exchange_rate);
        form.field("livemode", &self.livemode);
        form.field("expires_at", &self.expires_at);
        form.field("unit_amount_decimal", &self.unit_amount_decimal);
        form.field("currency_options", &self.currency_options);
        form.field("tiers", &self.tiers);
    }
}

impl FormValue for LineItem {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.field("price", &self.price);
        form.field("quantity", &self.quantity);
        form.field("adjustable_quantity", &self.adjustable_quantity);
        form.field("tax_rates", &self.tax_rates);
        form.field("metadata", &self.metadata);
    }
}

impl FormValue for AdjustableQuantity {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.field("enabled", &self.enabled);
        form.field("maximum", &self.maximum);
    }
}

/// A map key: anything but brackets, which the encoder leaves as they are, so that a key
/// holding them could not be told from a deeper key.
fn map_key() -> impl Strategy<Value = String> {
    "[^\\[\\]]{0,8}"
}

fn string_map() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(map_key(), any::<String>(), 0..4)
}

fn line_item() -> impl Strategy<Value = LineItem> {
    (
        any::<String>(),
        any::<Option<i64>>(),
        prop::option::of((any::<bool>(), any::<Option<i64>>())),
        prop::option::of(prop::collection::vec(any::<String>(), 0..3)),
        string_map(),
    )
        .prop_map(
            |(price, quantity, adjustable, tax_rates, metadata)| LineItem {
                price,
                quantity,
                adjustable_quantity: adjustable
                    .map(|(enabled, maximum)| AdjustableQuantity { enabled, maximum }),
                tax_rates,
                metadata,
            },
        )
}

fn session_params() -> impl Strategy<Value = SessionParams> {
    (
        (
            any::<String>(),
            prop::option::of(prop::collection::vec(any::<String>(), 0..3)),
            prop::option::of(prop::collection::vec(line_item(), 0..3)),
            prop::option::of(string_map()),
            any::<Option<i64>>(),
            any::<Option<f64>>(),
        ),
        (
            any::<Option<bool>>(),
            any::<Option<i64>>(),
            prop::option::of(any::<String>()),
            prop::option::of(prop::collection::btree_map(
                map_key(),
                prop::collection::btree_map(map_key(), any::<i64>(), 0..3),
                0..3,
            )),
            prop::option::of(prop::collection::vec(
                prop::collection::vec(any::<String>(), 0..3),
                0..3,
            )),
        ),
    )
        .prop_map(
            |(
                (success_url, expand, line_items, metadata, amount, exchange_rate),
                (livemode, expires_at, decimal, currency_options, tiers),
            )| SessionParams {
                success_url,
                expand,
                line_items,
                metadata,
                amount,
                exchange_rate,
                livemode,
                expires_at: expires_at.map(Timestamp::from_unix_seconds),
                unit_amount_decimal: decimal.map(|digits| Decimal::from_digits(&digits)),
                currency_options,
                tiers,
            },
        )
}

/// A form body decoded back into a tree, children in the order their keys first appear.
#[derive(Debug, PartialEq)]
enum FormTree {
    Leaf(String),
    Branch(Vec<(String, FormTree)>),
}

/// What a parameter should decode to: text, or a float, which may be spelled in more than
/// one way, or a branch. `None` where nothing is sent.
#[derive(Debug)]
enum Expected {
    Text(String),
    Float(f64),
    Branch(Vec<(String, Expected)>),
}

fn branch(children: Vec<(String, Option<Expected>)>) -> Option<Expected> {
    let children: Vec<(String, Expected)> = children
        .into_iter()
        .filter_map(|(key, child)| child.map(|child| (key, child)))
        .collect();
    (!children.is_empty()).then_some(Expected::Branch(children))
}

fn text<V: ToString + ?Sized>(value: &V) -> Option<Expected> {
    Some(Expected::Text(value.to_string()))
}

fn list<T>(items: &[T], expected: impl Fn(&T) -> Option<Expected>) -> Option<Expected> {
    branch(
        items
            .iter()
            .enumerate()
            .map(|(i, item)| (i.to_string(), expected(item)))
            .collect(),
    )
}

fn map<T>(
    entries: &BTreeMap<String, T>,
    expected: impl Fn(&T) -> Option<Expected>,
) -> Option<Expected> {
    branch(
        entries
            .iter()
            .map(|(key, value)| (key.clone(), expected(value)))
            .collect(),
    )
}

impl SessionParams {
    fn expected(&self) -> Expected {
        let line_item = |item: &LineItem| {
            branch(vec![
                ("price".into(), text(&item.price)),
                ("quantity".into(), item.quantity.as_ref().and_then(text)),
                (
                    "adjustable_quantity".into(),
                    item.adjustable_quantity.as_ref().and_then(|a| {
                        branch(vec![
                            ("enabled".into(), text(&a.enabled)),
                            ("maximum".into(), a.maximum.as_ref().and_then(text)),
                        ])
                    }),
                ),
                (
                    "tax_rates".into(),
                    item.tax_rates.as_ref().and_then(|t| list(t, text)),
                ),
                ("metadata".into(), map(&item.metadata, text)),
            ])
        };
        let fields = vec![
            ("success_url".into(), text(&self.success_url)),
            (
                "expand".into(),
                self.expand.as_ref().and_then(|e| list(e, text)),
            ),
            (
                "line_items".into(),
                self.line_items.as_ref().and_then(|l| list(l, line_item)),
            ),
            (
                "metadata".into(),
                self.metadata.as_ref().and_then(|m| map(m, text)),
            ),
            ("amount".into(), self.amount.as_ref().and_then(text)),
            (
                "exchange_rate".into(),
                self.exchange_rate.map(Expected::Float),
            ),
            ("livemode".into(), self.livemode.as_ref().and_then(text)),
            (
                "expires_at".into(),
                self.expires_at.and_then(|t| text(&t.unix_seconds())),
            ),
            (
                "unit_amount_decimal".into(),
                self.unit_amount_decimal
                    .as_ref()
                    .and_then(|d| text(d.as_str())),
            ),
            (
                "currency_options".into(),
                self.currency_options
                    .as_ref()
                    .and_then(|c| map(c, |inner| map(inner, text))),
            ),
            (
                "tiers".into(),
                self.tiers
                    .as_ref()
                    .and_then(|t| list(t, |row| list(row, text))),
            ),
        ];
        branch(fields).unwrap_or(Expected::Branch(Vec::new()))
    }
}

/// Whether `tree` is what `expected` says; a float leaf may be spelled any way that
/// parses to the same float.
fn matches(tree: &FormTree, expected: &Expected) -> bool {
    match (tree, expected) {
        (FormTree::Leaf(leaf), Expected::Text(text)) => leaf == text,
        (FormTree::Leaf(leaf), Expected::Float(x)) => leaf
            .parse::<f64>()
            .is_ok_and(|parsed| parsed == *x || (parsed.is_nan() && x.is_nan())),
        (FormTree::Branch(children), Expected::Branch(expected)) => {
            children.len() == expected.len()
                && children
                    .iter()
                    .zip(expected)
                    .all(|((k, child), (e, expected))| k == e && matches(child, expected))
        }
        _ => false,
    }
}

/// Decodes an `application/x-www-form-urlencoded` body whose keys are bracketed paths
/// (`a[b][0]=x`) into a tree. It fails on anything the encoder should not write: a byte
/// outside the characters it sends as they are, a bad escape, a key both a value and a
/// branch, or a key given twice.
fn decode_form(body: &str) -> Result<FormTree, String> {
    let mut root = Vec::new();
    if body.is_empty() {
        return Ok(FormTree::Branch(root));
    }
    for pair in body.split('&') {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("{pair:?} has no `=`"))?;
        let key = percent_decode(key)?;
        let value = percent_decode(value)?;
        let segments = key_segments(&key)?;
        insert(&mut root, &segments, value).map_err(|problem| format!("{key:?}: {problem}"))?;
    }
    Ok(FormTree::Branch(root))
}

fn percent_decode(text: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = rest
                    .get(..2)
                    .and_then(|hex| std::str::from_utf8(hex).ok())
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                    .ok_or_else(|| format!("a bad escape in {text:?}"))?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' | b'[' | b']' => {
                bytes.push(byte)
            }
            other => {
                return Err(format!(
                    "{:?} sent unencoded in {text:?}",
                    char::from(other)
                ));
            }
        }
    }
    String::from_utf8(bytes).map_err(|error| format!("not UTF-8 once decoded: {error}"))
}

/// `a[b][0]` as `["a", "b", "0"]`.
fn key_segments(key: &str) -> Result<Vec<String>, String> {
    let (first, mut rest) = key.split_at(key.find('[').unwrap_or(key.len()));
    let mut segments = vec![first.to_owned()];
    while !rest.is_empty() {
        let inner = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .ok_or_else(|| format!("{key:?} is not a bracketed path"))?;
        if inner.0.contains('[') {
            return Err(format!("{key:?} is not a bracketed path"));
        }
        segments.push(inner.0.to_owned());
        rest = inner.1;
    }
    Ok(segments)
}

fn insert(
    children: &mut Vec<(String, FormTree)>,
    path: &[String],
    value: String,
) -> Result<(), String> {
    let (first, rest) = path.split_first().expect("a key has a segment");
    let existing = children.iter().position(|(key, _)| key == first);
    match (existing, rest.is_empty()) {
        (None, true) => {
            children.push((first.clone(), FormTree::Leaf(value)));
            Ok(())
        }
        (None, false) => {
            let mut grandchildren = Vec::new();
            insert(&mut grandchildren, rest, value)?;
            children.push((first.clone(), FormTree::Branch(grandchildren)));
            Ok(())
        }
        (Some(index), _) => match (&mut children[index].1, rest.is_empty()) {
            (FormTree::Branch(grandchildren), false) => insert(grandchildren, rest, value),
            (FormTree::Leaf(_), true) => Err("given twice".to_owned()),
            _ => Err("both a value and a branch".to_owned()),
        },
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn form_encoded_parameters_decode_back_to_the_values(params in session_params()) {
        let body = FormEncoder::encode(&params);
        let tree = decode_form(&body).map_err(|problem| {
            TestCaseError::fail(format!("{problem}, in {body}"))
        })?;
        let expected = params.expected();
        prop_assert!(
            matches(&tree, &expected),
            "{body}\ndecodes to {tree:?}\nexpected {expected:?}"
        );
    }
}

#[test]
fn the_form_decoder_reads_the_encoders_documented_output() {
    let tree = decode_form("expand[0]=a&line_items[0][price]=p+1&metadata[order+id]=a%26b%3Dc[0]")
        .expect("decodes");
    let leaf = |text: &str| FormTree::Leaf(text.to_owned());
    assert_eq!(
        tree,
        FormTree::Branch(vec![
            (
                "expand".into(),
                FormTree::Branch(vec![("0".into(), leaf("a"))])
            ),
            (
                "line_items".into(),
                FormTree::Branch(vec![(
                    "0".into(),
                    FormTree::Branch(vec![("price".into(), leaf("p 1"))])
                )])
            ),
            (
                "metadata".into(),
                FormTree::Branch(vec![("order id".into(), leaf("a&b=c[0]"))])
            ),
        ])
    );
    for bad in [
        "a=1&a=2",
        "a=1&a[b]=2",
        "a[b=1",
        "a=%zz",
        "a=b c",
        "a=\u{e9}",
    ] {
        assert!(decode_form(bad).is_err(), "{bad} should not decode");
    }
}
