//! Where each part of a normalized OpenAPI 3.1 document came from: the normalization moves
//! some schemas (a `{type: "null"}` branch removed, a single remaining branch hoisted, a
//! `type` array split into branches), and diagnostics must name the original place.

use std::collections::BTreeMap;

/// A map from JSON pointers in the normalized document to the pointers of the same values in
/// the document as written. Empty for an OpenAPI 3.0 document (nothing moves).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// Normalized pointer prefix -> original pointer prefix.
    moved: BTreeMap<String, String>,
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

    /// Whether nothing moved.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
    }

    /// The original pointer of a pointer into the normalized document: the longest recorded
    /// prefix (whole tokens) is replaced by its origin.
    pub fn original(&self, pointer: &str) -> String {
        if self.moved.is_empty() {
            return pointer.to_owned();
        }
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(origin) = self.moved.get(prefix) {
                return format!("{origin}{}", &pointer[end..]);
            }
            match prefix.rfind('/') {
                Some(slash) => end = slash,
                None => return pointer.to_owned(),
            }
        }
    }

    /// Rewrites the pointer of an error or warning to its original place.
    pub fn restore(&self, location: &mut crate::Location) {
        if let crate::Location::Pointer(p) = location {
            *p = self.original(p);
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
    }
}
