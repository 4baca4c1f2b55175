//! Where a value is in the document, while the walks and the schema reader go down it: a
//! chain of steps on the stack, borrowed from the value's keys. Nothing is allocated unless
//! the place's tokens are asked for (a 3.1 schema that must be normalized where it is).

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

    /// The JSON pointer tokens of this place, unescaped, from the root.
    pub(super) fn tokens(&self) -> Vec<String> {
        let mut tokens = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            match p.step {
                Step::Root => {}
                Step::Key(key) => tokens.push(key.to_owned()),
                Step::Index(i) => tokens.push(i.to_string()),
            }
            at = p.parent;
        }
        tokens.reverse();
        tokens
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
    }
}
