//! Path parameters: every value is percent-encoded as one path segment.
//!
//! Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they are, so `/`,
//! `%`, `?`, `#`, spaces and non-ASCII can never change the structure of the path; values
//! that cannot be one segment at all (empty, `.`, `..`) are rejected before sending.

use crate::error::Error;
use hcgen_types::{FieldPath, Violations};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything except the unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `b` is an RFC 3986 unreserved character (what [`SEGMENT`] leaves as it is).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Encodes `value` as one path segment.
///
/// `""`, `"."` and `".."` have no safe encoding (URL parsers treat `%2E%2E` as `..`), so
/// they are an invalid request naming the parameter; nothing is sent.
pub fn segment(name: &str, value: &str) -> Result<String, Error> {
    let problem = match value {
        "" => "must not be empty in a path",
        "." | ".." => "cannot be sent as a path segment (it would be read as a dot-segment)",
        _ => return Ok(encode_segment(value)),
    };
    let mut v = Violations::default();
    v.encoding(&FieldPath::root().field(name), problem);
    match v.into_result() {
        Err(e) => Err(Error::InvalidRequest(e)),
        Ok(()) => Ok(encode_segment(value)),
    }
}

/// Percent-encodes every byte outside the unreserved set.
pub fn encode_segment(value: &str) -> String {
    // IDs are usually unreserved throughout: copied as they are, without the formatter.
    if value.bytes().all(is_unreserved) {
        return value.to_owned();
    }
    utf8_percent_encode(value, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::{SEGMENT, encode_segment, segment};

    #[test]
    fn hostile_segments_stay_one_segment() {
        assert_eq!(encode_segment("a/../b"), "a%2F..%2Fb");
        assert_eq!(encode_segment("x y"), "x%20y");
        assert_eq!(encode_segment("%2F"), "%252F");
        assert_eq!(encode_segment("ü?#"), "%C3%BC%3F%23");
        assert_eq!(encode_segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(segment("p", "...").unwrap(), "...");
    }

    #[test]
    fn the_unreserved_fast_path_agrees_with_the_encoder_on_every_byte() {
        for b in 0u8..=127 {
            let c = char::from(b);
            let value = format!("a{c}b");
            let general = percent_encoding::utf8_percent_encode(&value, SEGMENT).to_string();
            assert_eq!(encode_segment(&value), general, "byte {b:#04x}");
        }
    }

    #[test]
    fn dot_segments_and_empty_values_are_rejected() {
        for bad in ["", ".", ".."] {
            let e = segment("project_id", bad).unwrap_err().to_string();
            assert!(
                e.starts_with("invalid request, nothing was sent: `project_id` breaks encodable"),
                "{e}"
            );
        }
    }
}
