//! Which cargo feature serves each operation, and under which features each type
//! compiles: a type compiles when an enabled feature's operations reach it, so a user who
//! needs customers compiles customers and what they hold, not the whole API.

use std::collections::HashMap;

use crate::model::{Api, ChoiceValue, Gate, Shape};

/// The resource whose operations are always served: events, which every webhook handler
/// decodes, whatever else it uses.
const ALWAYS_SERVED: &str = "events";

/// The path prefix of test helpers, which belong with the resource they act on
/// (`/v1/test_helpers/customers/{customer}/fund_cash_balance` is a customers call).
const TEST_HELPERS: &str = "test_helpers";

/// Resources the spec names in the singular for the caller's own object, served by the
/// feature of the plural (`/v1/account` is the account `/v1/accounts/{account}` names).
const SINGULAR_RESOURCES: &[(&str, &str)] = &[("account", "accounts")];

/// The feature serving the operation at `path`: the first segment after the version
/// (`/v1/checkout/sessions` is `checkout`), after `test_helpers` for a test helper.
/// `None` for a path with no such segment.
pub fn feature_of(path: &str) -> Option<&str> {
    let mut segments = path.trim_start_matches('/').split('/').skip(1);
    let first = segments.next().filter(|s| !s.is_empty())?;
    let first = if first == TEST_HELPERS {
        segments.next().filter(|s| !s.is_empty())?
    } else {
        first
    };
    if first.starts_with('{') {
        return None;
    }
    Some(
        SINGULAR_RESOURCES
            .iter()
            .find(|(singular, _)| *singular == first)
            .map_or(first, |(_, plural)| plural),
    )
}

/// When the operation at `path` compiles: always for events (and for a path naming no
/// resource), else under its feature.
pub fn operation_gate(path: &str) -> Gate {
    match feature_of(path) {
        Some(ALWAYS_SERVED) | None => Gate::Always,
        Some(feature) => Gate::feature(feature),
    }
}

/// Gives every type the gate of the operations that reach it. Each operation's
/// parameters, response and error are followed through fields, union variants, choices
/// and aliases; a union variant with a gate of its own (a resource an event is about) is
/// not followed, as the operations serving that resource reach it themselves.
pub fn gate_types(api: &mut Api) {
    let index: HashMap<String, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect();
    let mut gates = vec![Gate::Never; api.types.len()];
    for operation in &api.operations {
        let mut pending: Vec<&str> = Vec::new();
        for field in operation.params.iter().flat_map(|params| &params.fields) {
            field.ty.names_into(&mut pending);
        }
        operation.response.names_into(&mut pending);
        operation.error.names_into(&mut pending);
        while let Some(name) = pending.pop() {
            let Some(&i) = index.get(name) else {
                continue;
            };
            if gates[i].covers(&operation.gate) {
                continue;
            }
            gates[i].widen(&operation.gate);
            match &api.types[i].shape {
                Shape::Object(object) => {
                    for field in &object.fields {
                        field.ty.names_into(&mut pending);
                    }
                }
                Shape::Union(union) => pending.extend(
                    union
                        .variants
                        .iter()
                        .filter(|variant| variant.gate == Gate::Always)
                        .map(|variant| variant.ty.as_str()),
                ),
                Shape::Choice(choice) => {
                    for variant in &choice.variants {
                        if let ChoiceValue::Value(ty) = &variant.value {
                            ty.names_into(&mut pending);
                        }
                    }
                }
                Shape::Alias(target) => pending.push(target),
                Shape::Enum(_) => {}
            }
        }
    }
    for (def, gate) in api.types.iter_mut().zip(gates) {
        def.gate = gate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feature_is_the_first_segment_after_the_version() {
        let table = [
            ("/v1/checkout/sessions/{session}/expire", Some("checkout")),
            (
                "/v1/customers/{customer}/balance_transactions",
                Some("customers"),
            ),
            (
                "/v1/test_helpers/customers/{customer}/fund_cash_balance",
                Some("customers"),
            ),
            ("/v1/test_helpers/test_clocks", Some("test_clocks")),
            ("/v1/account", Some("accounts")),
            ("/v1/accounts/{account}/people", Some("accounts")),
            ("/v1/account_links", Some("account_links")),
            ("/v1/billing_portal/sessions", Some("billing_portal")),
            ("/v1/events/{id}", Some("events")),
            ("/v1/{thing}", None),
            ("/v1", None),
            ("/v1/test_helpers", None),
        ];
        for (path, feature) in table {
            assert_eq!(feature_of(path), feature, "{path}");
        }
        assert_eq!(operation_gate("/v1/events"), Gate::Always);
        assert_eq!(operation_gate("/v1/files"), Gate::feature("files"));
    }

    #[test]
    fn gates_widen_and_cover() {
        let mut gate = Gate::Never;
        assert!(!gate.covers(&Gate::feature("a")));
        gate.widen(&Gate::feature("a"));
        gate.widen(&Gate::feature("b"));
        assert!(gate.covers(&Gate::feature("b")));
        assert!(!gate.covers(&Gate::feature("c")));
        assert!(!gate.covers(&Gate::Always));
        gate.widen(&Gate::Always);
        assert_eq!(gate, Gate::Always);
        assert!(gate.covers(&Gate::feature("c")));
    }
}
