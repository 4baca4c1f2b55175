//! Where a value is in the document, while the walks and the schema reader go down it: a
//! chain of steps on the stack, borrowed from the value's keys. Nothing is allocated unless
//! the place's tokens are asked for (a 3.1 schema that must be normalized where it is).
//!
//! A place has two pointers: in the normalized document, and in the document as written.
//! They differ below a value that the 3.1 normalization moved (a `null` branch's only other
//! branch, which takes the place of the schema that held it).

/// A place in the document: the steps from its root.
#[derive(Clone, Copy, Debug)]
pub(super) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Root,
    Key(&'a str),
    Index(usize),
    /// The parent's place, holding the value written at this other place.
    MovedFrom(&'a Path<'a>),
}

impl<'a> Path<'a> {
    /// The document itself.
    pub(super) const ROOT: Path<'static> = Path {
        parent: None,
        step: Step::Root,
    };

    /// The value of `key` in the mapping here.
    pub(super) fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    /// The item `index` of the sequence here.
    pub(super) fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            step: Step::Index(index),
        }
    }

    /// The parent's place, holding the value written at `from`.
    pub(super) fn moved_from<'b>(&'b self, from: &'b Path<'b>) -> Path<'b> {
        Path {
            parent: Some(self),
            step: Step::MovedFrom(from),
        }
    }

    /// The JSON pointer tokens of this place in the normalized document, unescaped.
    pub(super) fn tokens(&self) -> Vec<String> {
        let mut tokens = Vec::new();
        self.push_tokens(&mut tokens, false);
        tokens
    }

    /// The JSON pointer tokens of this place in the document as written, unescaped.
    pub(super) fn written_tokens(&self) -> Vec<String> {
        let mut tokens = Vec::new();
        self.push_tokens(&mut tokens, true);
        tokens
    }

    /// Whether this place is below a moved value (its pointers differ).
    pub(super) fn is_moved(&self) -> bool {
        let mut at = Some(self);
        while let Some(p) = at {
            if let Step::MovedFrom(_) = p.step {
                return true;
            }
            at = p.parent;
        }
        false
    }

    fn push_tokens(&self, tokens: &mut Vec<String>, written: bool) {
        match self.step {
            Step::MovedFrom(from) if written => return from.push_tokens(tokens, written),
            _ => {}
        }
        if let Some(parent) = self.parent {
            parent.push_tokens(tokens, written);
        }
        match self.step {
            Step::Root | Step::MovedFrom(_) => {}
            Step::Key(key) => tokens.push(key.to_owned()),
            Step::Index(i) => tokens.push(i.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn tokens_run_from_the_root() {
        let root = Path::ROOT;
        assert!(root.tokens().is_empty());
        let components = root.key("components");
        let schemas = components.key("schemas");
        let pet = schemas.key("a/b~c");
        let any_of = pet.key("anyOf");
        let second = any_of.index(1);
        assert_eq!(
            second.tokens(),
            ["components", "schemas", "a/b~c", "anyOf", "1"]
        );
        assert_eq!(second.written_tokens(), second.tokens());
        assert!(!second.is_moved());
        // The branch `anyOf/1` hoisted into the schema's place: below it, the pointers differ.
        let hoisted = pet.moved_from(&second);
        let items = hoisted.key("items");
        assert!(items.is_moved());
        assert_eq!(items.tokens(), ["components", "schemas", "a/b~c", "items"]);
        assert_eq!(
            items.written_tokens(),
            ["components", "schemas", "a/b~c", "anyOf", "1", "items"]
        );
    }
}
