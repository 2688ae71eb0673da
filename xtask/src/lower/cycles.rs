//! Finds the fields that make a type contain itself, which must be boxed to give the type
//! a finite size; every other field stays inline.

use std::collections::BTreeMap;

use crate::model::{ChoiceValue, Shape, TypeDef, TypeRef};

/// Marks as boxed each field whose type is in the same strongly connected component of
/// the "holds inline" graph as its owner: exactly the edges that lie on a cycle, since an
/// edge inside a component always does. Union variants are always boxed (a union is as
/// big as its biggest variant otherwise), so they hold nothing inline.
pub fn box_cycles(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            inline_targets(&t.shape)
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let on_cycle = |owner: usize, target: &str| {
        index
            .get(target)
            .is_some_and(|&t| component[t] == component[owner])
    };
    for (owner, ty) in types.iter_mut().enumerate() {
        match &mut ty.shape {
            Shape::Object(object) => {
                for field in &mut object.fields {
                    field.boxed = direct_target(&field.ty).is_some_and(|n| on_cycle(owner, n));
                }
            }
            Shape::Union(_) | Shape::Enum(_) | Shape::Choice(_) | Shape::Alias(_) => {}
        }
    }
}

/// The named type a field holds inline: not through a list, map or expandable reference,
/// all of which already live on the heap.
pub(super) fn direct_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Clearable(inner) => direct_target(inner),
        _ => None,
    }
}

fn inline_targets(shape: &Shape) -> Box<dyn Iterator<Item = &str> + '_> {
    match shape {
        Shape::Object(object) => {
            Box::new(object.fields.iter().filter_map(|f| direct_target(&f.ty)))
        }
        Shape::Choice(choice) => Box::new(choice.variants.iter().filter_map(|v| match &v.value {
            ChoiceValue::Value(ty) => direct_target(ty),
            ChoiceValue::Literal(_) => None,
        })),
        Shape::Union(_) | Shape::Enum(_) | Shape::Alias(_) => Box::new(std::iter::empty()),
    }
}

/// Tarjan's algorithm, iterative; returns the component number of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; n];
    let mut next_order = 0;
    let mut next_component = 0;
    for start in 0..n {
        if order[start] != UNVISITED {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(start, 0)];
        order[start] = next_order;
        low[start] = next_order;
        next_order += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut edge)) = call.last_mut() {
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    call.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 holds itself; 4 stands alone.
        let edges = vec![vec![1], vec![2], vec![0, 4], vec![3], vec![]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[2], c[4]);
    }
}
