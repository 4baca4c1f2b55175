//! Path parameters: every value is percent-encoded as one path segment.
//!
//! Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they are, so `/`,
//! `%`, `?`, `#`, spaces and non-ASCII can never change the structure of the path, and a
//! value of `.` or `..` is encoded so it cannot be read as a dot-segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything except the unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes `value` as one path segment.
pub fn encode_segment(value: &str) -> String {
    match value {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::encode_segment;

    #[test]
    fn hostile_segments_stay_one_segment() {
        assert_eq!(encode_segment("a/../b"), "a%2F..%2Fb");
        assert_eq!(encode_segment("x y"), "x%20y");
        assert_eq!(encode_segment("%2F"), "%252F");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("."), "%2E");
        assert_eq!(encode_segment("ü?#"), "%C3%BC%3F%23");
        assert_eq!(encode_segment("a-b_c.d~e"), "a-b_c.d~e");
    }
}
