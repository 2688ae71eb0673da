//! Naming rules: how spec names (`checkout.session`, `if_required`, `en-GB`) become type,
//! variant and field names, and how names that collide are kept apart.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The name of the catch-all variant every enum and union gets. Not `Unknown`, because
/// Stripe uses `unknown` as an ordinary value in many enums (card networks, for one).
pub const CATCH_ALL_VARIANT: &str = "Unrecognized";

/// The upper camel case form of a spec name, or `None` when it has no usable letters
/// (`*`, `-`) or holds characters that are not ASCII letters or digits.
pub fn upper_camel(name: &str) -> Option<String> {
    let camel = name.to_upper_camel_case();
    let valid = !camel.is_empty() && camel.chars().all(|c| c.is_ascii_alphanumeric());
    valid.then_some(camel)
}

/// The name of the type for a component schema; it must start with a letter.
pub fn type_name(schema: &str) -> Option<String> {
    upper_camel(schema).filter(|name| name.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// The variant name for an enum value: `if_required` is `IfRequired`, and a value that
/// starts with a digit gets a `V` in front (`2fa` is `V2fa`).
pub fn variant_name(value: &str) -> Option<String> {
    // Stripe's one symbol among enum values: `*` for every event a webhook can receive.
    if value == "*" {
        return Some("All".to_owned());
    }
    let camel = upper_camel(value)?;
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        Some(format!("V{camel}"))
    } else {
        Some(camel)
    }
}

/// Field names that no Rust identifier can spell, not even a raw one (`r#self` is not
/// allowed); they get a trailing `_`. Other keywords are left to the emitter to escape.
const UNSPELLABLE_FIELDS: &[&str] = &["self", "super", "crate"];

/// The field of every response object that keeps the members it has no field for.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

/// Field names that generated objects use for their own fields; a property that wants
/// one gets a numbered form.
pub const RESERVED_FIELD_NAMES: &[&str] = &[UNKNOWN_FIELDS];

/// Type and variant names that would shadow what generated code uses from the prelude,
/// or that Rust reserves; a type or variant that wants one gets a numbered form.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
];

/// The snake case name of a field or parameter.
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{snake}")
    } else if UNSPELLABLE_FIELDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The singular of a collection's name in a path (`customers`, `capabilities`,
/// `balance_transactions`): `-ies` to `-y`, a final `s` dropped (not from `-ss`); any
/// other word (`people`, `history`) is kept as it is.
pub fn singular(plural: &str) -> String {
    if let Some(stem) = plural.strip_suffix("ies") {
        format!("{stem}y")
    } else if plural.ends_with('s') && !plural.ends_with("ss") {
        plural[..plural.len() - 1].to_owned()
    } else {
        plural.to_owned()
    }
}

/// Hands out names within one scope, giving a later name that collides with an earlier
/// one the first free numbered form (`EnGb`, `EnGb2`), in the order names are asked for.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Claims `wanted`, or the first free numbered form of it.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.contains('_') || wanted.starts_with(|c: char| c.is_lowercase()) {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Claims `name` only if it is free.
    pub fn claim_exact(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_names_become_guessable_rust_names() {
        assert_eq!(
            type_name("checkout.session").as_deref(),
            Some("CheckoutSession")
        );
        assert_eq!(type_name("api_errors").as_deref(), Some("ApiErrors"));
        assert_eq!(variant_name("if_required").as_deref(), Some("IfRequired"));
        assert_eq!(variant_name("en-GB").as_deref(), Some("EnGb"));
        assert_eq!(variant_name("es-419").as_deref(), Some("Es419"));
        assert_eq!(variant_name("2fa").as_deref(), Some("V2fa"));
        assert_eq!(variant_name("*").as_deref(), Some("All"));
        assert_eq!(variant_name("%"), None);
        assert_eq!(variant_name(""), None);
        assert_eq!(variant_name("grüße"), None);
        assert_eq!(field_name("fooBar"), "foo_bar");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("type"), "type");
    }

    #[test]
    fn collisions_get_numbered_in_order() {
        let mut scope = Scope::with_reserved(&[CATCH_ALL_VARIANT]);
        assert_eq!(scope.claim("EnGb".into()), "EnGb");
        assert_eq!(scope.claim("EnGb".into()), "EnGb2");
        assert_eq!(scope.claim("Unrecognized".into()), "Unrecognized2");
        let mut fields = Scope::default();
        assert_eq!(fields.claim("foo_bar".into()), "foo_bar");
        assert_eq!(fields.claim("foo_bar".into()), "foo_bar_2");
    }
}
