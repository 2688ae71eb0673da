//! Lowers a parsed OpenAPI document into the [`crate::model`]: finds what the operations
//! reach, names it, resolves every `$ref`, defines repeated enums once, types the object an
//! event is about, gives each type the cargo features it compiles under, and decides where cycles and large optional objects need a box.

mod cycles;
mod events;
mod features;
mod large;
pub mod names;
mod operation;
mod reach;
mod schema;
mod shared;

use crate::error::SpecProblem;
use crate::model::Api;

use reach::Components;
use schema::TypeLowerer;

/// Lowers every operation in `openapi` and every schema they reach.
pub fn lower(openapi: &openapiv3::OpenAPI) -> Result<Api, SpecProblem> {
    let components = Components::new(openapi);
    let found = operation::find(openapi)?;
    let roots: Vec<_> = found.iter().flat_map(operation::root_schemas).collect();
    let reachable = components.reachable(&roots)?;

    let served = events::served_resources(&found, &components)?;
    let mut types = TypeLowerer::new(&components, &reachable)?.with_event_objects(served);
    types.lower_components(&reachable)?;
    let names = operation::call_names(&found, &components)?;
    let mut operations = found
        .iter()
        .zip(names)
        .map(|(found, name)| operation::lower(found, name, &mut types, &components))
        .collect::<Result<Vec<_>, _>>()?;
    operations.sort_by(|a, b| a.id.cmp(&b.id));

    let mut types = types.into_types();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    shared::share_enums(&mut types);
    cycles::box_cycles(&mut types);
    large::box_large_objects(&mut types);
    let mut api = Api {
        version: openapi.info.version.clone(),
        types,
        operations,
    };
    features::gate_types(&mut api);
    Ok(api)
}
