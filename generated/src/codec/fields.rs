//! The known keys of an object type and the order Stripe sends them in, so that the
//! reader can guess each key before reading it: `id` first, then `object`, then the
//! others sorted. A right guess is one comparison; a wrong one is a scan and a search.

/// Marks `id` or `object` as not among the fields.
const ABSENT: usize = usize::MAX;

/// The JSON property names of an object type, sorted, with where the two that Stripe
/// sends ahead of the rest stand among them.
#[derive(Debug)]
pub struct Fields {
    names: &'static [&'static str],
    /// The position of `id` in `names`, or [`ABSENT`].
    id: usize,
    /// The position of `object` in `names`, or [`ABSENT`].
    object: usize,
    /// The first field other than `id` and `object`.
    first_sorted: usize,
}

impl Fields {
    /// The fields named `names`, which must be sorted (bytewise, as `str` compares).
    pub const fn new(names: &'static [&'static str]) -> Fields {
        let id = position(names, "id");
        let object = position(names, "object");
        let mut first_sorted = 0;
        while first_sorted == id || first_sorted == object {
            first_sorted += 1;
        }
        Fields {
            names,
            id,
            object,
            first_sorted,
        }
    }

    /// The names, sorted.
    pub const fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// The name of the field at `index`.
    pub fn name(&self, index: usize) -> Option<&'static str> {
        self.names.get(index).copied()
    }

    /// The field expected first in an object.
    #[inline]
    pub(super) fn first(&self) -> usize {
        if self.id != ABSENT {
            self.id
        } else if self.object != ABSENT {
            self.object
        } else {
            self.first_sorted
        }
    }

    /// The field expected after the one at `index`.
    #[inline]
    pub(super) fn after(&self, index: usize) -> usize {
        if index == self.id && self.object != ABSENT {
            return self.object;
        }
        if index == self.id || index == self.object {
            return self.first_sorted;
        }
        // `id` sorts before `object`, so checking them in this order passes both when
        // they stand next to each other.
        let mut next = index + 1;
        if next == self.id {
            next += 1;
        }
        if next == self.object {
            next += 1;
        }
        next
    }
}

/// The position of `name` in `names`, or [`ABSENT`]; a loop, since it runs in `const`.
const fn position(names: &[&str], name: &str) -> usize {
    let mut index = 0;
    while index < names.len() {
        if same(names[index].as_bytes(), name.as_bytes()) {
            return index;
        }
        index += 1;
    }
    ABSENT
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order in which the guesses walk `fields`, from the first.
    fn walk(fields: &Fields) -> Vec<&'static str> {
        let mut order = Vec::new();
        let mut index = fields.first();
        while let Some(name) = fields.name(index) {
            order.push(name);
            index = fields.after(index);
        }
        order
    }

    #[test]
    fn guesses_follow_the_order_stripe_sends() {
        let session = Fields::new(&["amount", "created", "id", "livemode", "object", "url"]);
        assert_eq!(
            walk(&session),
            ["id", "object", "amount", "created", "livemode", "url"]
        );
        let list = Fields::new(&["data", "has_more", "object", "url"]);
        assert_eq!(walk(&list), ["object", "data", "has_more", "url"]);
        let adjacent = Fields::new(&["id", "object", "type"]);
        assert_eq!(walk(&adjacent), ["id", "object", "type"]);
        let no_object = Fields::new(&["created", "id", "name"]);
        assert_eq!(walk(&no_object), ["id", "created", "name"]);
        let plain = Fields::new(&["city", "country"]);
        assert_eq!(walk(&plain), ["city", "country"]);
        assert_eq!(walk(&Fields::new(&[])), Vec::<&str>::new());
    }
}
