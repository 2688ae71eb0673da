//! Defines each string enum once: enums with the same values in several places become
//! aliases of one of them, so the crate compiles one type where the spec repeats a list
//! (the 247 merchant categories appear six times) and values pass between the fields.

use std::collections::BTreeMap;

use crate::model::{Shape, TypeDef};

/// Only lists this long are shared. Shorter ones coincide by chance (`active`,
/// `inactive`, `pending` is a capability's status and a mandate's): sharing those would
/// tie unrelated fields to one type, which a later spec could split again.
const MIN_SHARED_VALUES: usize = 8;

/// Turns every long string enum whose values equal those of another into an alias of the
/// one with the shortest name (the most general, as names grow with the path to the
/// property: `TaxIdType` before `InvoicesResourceInvoiceTaxIdType`), the first in name
/// order among equals, so the choice depends on the names only, not on spec order. A list
/// sent in requests and received in responses (the countries a session ships to, its
/// locale) is one type too, so a value read from Stripe can be sent back as it is.
pub fn share_enums(types: &mut [TypeDef]) {
    // Keyed by the values with their variant names, in order.
    type Key<'a> = Vec<(&'a str, &'a str)>;
    let mut groups: BTreeMap<Key<'_>, Vec<usize>> = BTreeMap::new();
    for (i, def) in types.iter().enumerate() {
        if let Shape::Enum(values) = &def.shape
            && values.values.len() >= MIN_SHARED_VALUES
        {
            let key = values
                .values
                .iter()
                .map(|v| (v.wire.as_str(), v.name.as_str()))
                .collect();
            groups.entry(key).or_default().push(i);
        }
    }
    let mut aliases = Vec::new();
    for members in groups.into_values().filter(|members| members.len() > 1) {
        let name = |i: &usize| (types[*i].name.len(), types[*i].name.as_str());
        let Some(&defined) = members.iter().min_by_key(|i| name(i)) else {
            continue;
        };
        for &i in members.iter().filter(|&&i| i != defined) {
            aliases.push((i, types[defined].name.clone()));
        }
    }
    for (i, target) in aliases {
        types[i].shape = Shape::Alias(target);
    }
}
