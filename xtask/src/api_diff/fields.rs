//! Compares the fields of a struct, or the parameters of an operation, by their Rust
//! types: a field is breaking when the type its users write changes, additive when only the
//! JSON it stands for does.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::compare::{Changes, paired};
use super::report::code;
use super::{Impact, Subject};
use crate::emit::types::field_type;
use crate::model::{Field, Presence};

/// The struct or parameter list whose fields are compared.
pub(super) struct FieldOwner<'a> {
    pub subject: &'a Subject,
    pub label: Label<'a>,
    /// The constructor that takes the required fields as arguments, if there is one: adding
    /// or removing a required field changes its signature.
    pub constructor: Option<String>,
}

pub(super) enum Label<'a> {
    /// A field of the named type: `CheckoutSession.status`.
    TypeField(&'a str),
    /// A parameter of the operation with this label.
    Parameter(&'a str),
}

impl FieldOwner<'_> {
    fn field(&self, name: &str) -> String {
        match self.label {
            Label::TypeField(owner) => code(&format!("{owner}.{name}")),
            Label::Parameter(operation) => format!("{operation}: parameter {}", code(name)),
        }
    }

    fn add(&self, changes: &mut Changes, impact: Impact, text: String) {
        changes.add(self.subject, impact, text);
    }
}

/// Fields are matched by their Rust name, which is what users' code spells.
pub(super) fn compare_fields(
    owner: &FieldOwner<'_>,
    old: &[Field],
    new: &[Field],
    changes: &mut Changes,
) {
    for (name, pair) in paired(old, new, |field| &field.name) {
        let label = owner.field(name);
        match pair {
            (None, Some(added)) => {
                let ty = code(&field_text(added));
                match &owner.constructor {
                    Some(constructor) if !added.presence.is_optional() => owner.add(
                        changes,
                        Impact::Breaking,
                        format!(
                            "{label} added, required: {ty}; {} now takes it.",
                            code(constructor)
                        ),
                    ),
                    _ => owner.add(changes, Impact::Additive, format!("{label} added: {ty}.")),
                }
            }
            (Some(removed), None) => owner.add(
                changes,
                Impact::Breaking,
                format!("{label} removed (was {}).", code(&field_text(removed))),
            ),
            (Some(before), Some(after)) => compare_field(owner, &label, before, after, changes),
            (None, None) => {}
        }
    }
}

fn compare_field(
    owner: &FieldOwner<'_>,
    label: &str,
    old: &Field,
    new: &Field,
    changes: &mut Changes,
) {
    let (before, after) = (field_text(old), field_text(new));
    if before != after {
        let mut text = format!(
            "{label} changed type from {} to {}",
            code(&before),
            code(&after)
        );
        let constructor = owner.constructor.as_deref().map(code);
        match (old.presence.is_optional(), new.presence.is_optional()) {
            (false, true) => {
                text.push_str(" (required to optional)");
                if let Some(constructor) = constructor {
                    text.push_str(&format!("; {constructor} no longer takes it"));
                }
            }
            (true, false) => {
                text.push_str(" (optional to required)");
                if let Some(constructor) = constructor {
                    text.push_str(&format!("; {constructor} now takes it"));
                }
            }
            _ => {}
        }
        text.push('.');
        owner.add(changes, Impact::Breaking, text);
    } else if old.presence != new.presence {
        // The Rust type is the same `Option<T>`: only the JSON an unset value becomes differs.
        owner.add(
            changes,
            Impact::Additive,
            format!(
                "{label} changed from {} to {}, still {}: {}.",
                presence_word(old.presence),
                presence_word(new.presence),
                code(&after),
                unset_spelling_change(old.presence, new.presence)
            ),
        );
    }
}

fn presence_word(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "required and nullable",
        Presence::Nullable => "nullable",
        Presence::Optional => "optional",
    }
}

/// How the JSON of an unset field changes between two presences that are both `Option<T>`
/// in Rust, as the generated encoder writes it.
fn unset_spelling_change(old: Presence, new: Presence) -> &'static str {
    let writes_null = |p| matches!(p, Presence::RequiredNullable | Presence::Nullable);
    match (writes_null(old), writes_null(new), new) {
        (true, false, _) => {
            "an unset value is now left out of the JSON instead of written as `null`"
        }
        (false, true, _) => {
            "an unset value is now written as `null` instead of left out of the JSON"
        }
        (_, _, Presence::RequiredNullable) => {
            "an unset value is still written as `null`, and the field is now always present"
        }
        _ => "an unset value is still written as `null`, but the field may now be absent",
    }
}

/// The field's type as the generated struct declares it.
fn field_text(field: &Field) -> String {
    type_text(field_type(field))
}

/// A Rust type as written in code: `stripe_api::Expandable<Customer>`, where the tokens'
/// own `Display` would give `stripe_api :: Expandable < Customer >`.
pub(super) fn type_text(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_tokens(tokens, &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    // Only two words in a row need a space between them (`dyn Trait`, `'a T`).
    let mut after_word = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
                after_word = true;
            }
            TokenTree::Literal(literal) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                if matches!(punct.as_char(), ',' | ';') {
                    out.push(' ');
                }
                after_word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
                after_word = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use crate::emit::types::rust_type;
    use crate::model::TypeRef;

    #[test]
    fn types_are_written_as_in_code() {
        let expandable = TypeRef::Expandable(Box::new(TypeRef::Named("Customer".into())));
        assert_eq!(
            type_text(rust_type(&expandable)),
            "stripe_api::Expandable<Customer>"
        );
        let map = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::String))));
        assert_eq!(
            type_text(rust_type(&map)),
            "std::collections::BTreeMap<String, Vec<String>>"
        );
        let boxed = Field {
            name: "parent".into(),
            wire_name: "parent".into(),
            doc: None,
            ty: TypeRef::Named("Node".into()),
            presence: Presence::Nullable,
            boxed: true,
        };
        assert_eq!(field_text(&boxed), "Option<Box<Node>>");
        assert_eq!(
            type_text(quote!(&'a dyn Trait<[u8; 2]>)),
            "&'a dyn Trait<[u8; 2]>"
        );
    }
}
