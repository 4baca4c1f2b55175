//! Where each part of a loaded document came from: the 3.1 normalization moves some schemas
//! (a `{type: "null"}` branch removed, a single remaining branch hoisted, a `type` array
//! split into branches), loading hoists the targets of deep schema references into
//! `components/schemas` (see `load::deep_refs`), and diagnostics must name the original
//! place.

use std::collections::BTreeMap;

/// A map from JSON pointers in the normalized document to the pointers of the same values in
/// the document as written. Empty when nothing moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// Normalized pointer prefix -> pointer prefix before the normalization.
    moved: BTreeMap<String, String>,
    /// Pointer prefix before the normalization -> original pointer prefix: the entries of
    /// `components/schemas` that loading added for deep schema references.
    hoisted: BTreeMap<String, String>,
}

impl Origins {
    /// Records that the value at `normalized` came from `original` (and so did everything
    /// below it, unless recorded otherwise).
    pub(super) fn record(&mut self, normalized: &str, original: &str) {
        if normalized != original {
            self.moved
                .insert(normalized.to_owned(), original.to_owned());
        }
    }

    /// Adds the moves recorded in `other` (of other places of the same document).
    pub(super) fn extend(&mut self, other: Origins) {
        self.moved.extend(other.moved);
        self.hoisted.extend(other.hoisted);
    }

    /// These origins after the values at the keys of `hoisted` were added, each a copy of
    /// the value at its origin, before the normalization.
    pub(in crate::load) fn with_hoisted(self, hoisted: BTreeMap<String, String>) -> Origins {
        Origins { hoisted, ..self }
    }

    /// Whether nothing moved.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty() && self.hoisted.is_empty()
    }

    /// The original pointer of a pointer into the normalized document: the longest recorded
    /// prefix (whole tokens) is replaced by its origin, for the normalization then for the
    /// hoisting.
    pub fn original(&self, pointer: &str) -> String {
        longest_prefix(&self.hoisted, &longest_prefix(&self.moved, pointer))
    }

    /// Rewrites the pointer of an error or warning to its original place.
    pub fn restore(&self, location: &mut crate::Location) {
        if let crate::Location::Pointer(p) = location {
            *p = self.original(p);
        }
    }
}

/// `pointer` with its longest prefix (whole tokens) in `moved` replaced by its origin.
fn longest_prefix(moved: &BTreeMap<String, String>, pointer: &str) -> String {
    if moved.is_empty() {
        return pointer.to_owned();
    }
    let mut end = pointer.len();
    loop {
        let prefix = &pointer[..end];
        if let Some(origin) = moved.get(prefix) {
            return format!("{origin}{}", &pointer[end..]);
        }
        match prefix.rfind('/') {
            Some(slash) => end = slash,
            None => return pointer.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_recorded_prefix_wins_on_whole_tokens() {
        let mut o = Origins::default();
        o.record("/a/allOf/0", "/a/anyOf/1");
        o.record("/a/allOf/0/properties/x", "/b");
        o.record("/same", "/same");
        assert_eq!(o.original("/a/allOf/0/items"), "/a/anyOf/1/items");
        assert_eq!(o.original("/a/allOf/0"), "/a/anyOf/1");
        assert_eq!(o.original("/a/allOf/0/properties/x/type"), "/b/type");
        assert_eq!(o.original("/a/allOf/00"), "/a/allOf/00");
        assert_eq!(o.original("/same/x"), "/same/x");
        assert_eq!(o.original(""), "");
        assert!(Origins::default().is_empty());
        // Hoisted entries map after the normalization's moves.
        let hoisted = BTreeMap::from([("/h".to_owned(), "/a/allOf/0/properties/y".to_owned())]);
        let mut o = Origins::default();
        o.record("/h/allOf/0", "/h/anyOf/1");
        let o = o.with_hoisted(hoisted);
        assert_eq!(
            o.original("/h/allOf/0/type"),
            "/a/allOf/0/properties/y/anyOf/1/type"
        );
        assert_eq!(o.original("/h/type"), "/a/allOf/0/properties/y/type");
        assert_eq!(o.original("/a/allOf/0"), "/a/allOf/0");
        assert!(!o.is_empty());
    }
}
