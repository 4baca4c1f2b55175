//! Printing at most a bounded prefix of text that comes from a response.

use std::fmt::{self, Write};

/// How many bytes of a response-derived text an error prints.
pub(crate) const SHOWN_BYTES: usize = 512;

/// Formats its value (Display or Debug) up to [`SHOWN_BYTES`] bytes, then
/// `... (N bytes more)`. The rest is formatted only to be counted, never buffered.
pub(crate) struct Excerpt<T>(pub T);

impl<T: fmt::Display> fmt::Display for Excerpt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Limited::new(f);
        write!(out, "{}", self.0)?;
        out.finish()
    }
}

impl<T: fmt::Debug> fmt::Debug for Excerpt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Limited::new(f);
        write!(out, "{:?}", self.0)?;
        out.finish()
    }
}

/// A writer that passes on the first [`SHOWN_BYTES`] bytes (cut at a character boundary)
/// and counts the rest.
struct Limited<'a, 'b> {
    out: &'a mut fmt::Formatter<'b>,
    room: usize,
    skipped: usize,
}

impl<'a, 'b> Limited<'a, 'b> {
    fn new(out: &'a mut fmt::Formatter<'b>) -> Self {
        Limited {
            out,
            room: SHOWN_BYTES,
            skipped: 0,
        }
    }

    fn finish(self) -> fmt::Result {
        if self.skipped > 0 {
            write!(self.out, "... ({} bytes more)", self.skipped)?;
        }
        Ok(())
    }
}

impl Write for Limited<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() <= self.room {
            self.room -= s.len();
            return self.out.write_str(s);
        }
        let mut cut = self.room;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        self.room = 0;
        self.skipped += s.len() - cut;
        self.out.write_str(&s[..cut])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_printed_whole() {
        assert_eq!(Excerpt("abc").to_string(), "abc");
        assert_eq!(format!("{:?}", Excerpt("a\"b")), r#""a\"b""#);
        let exact = "x".repeat(SHOWN_BYTES);
        assert_eq!(Excerpt(&exact).to_string(), exact);
    }

    #[test]
    fn long_text_is_cut_with_the_count_of_what_is_left() {
        let long = "y".repeat(SHOWN_BYTES + 10);
        assert_eq!(
            Excerpt(&long).to_string(),
            format!("{}... (10 bytes more)", "y".repeat(SHOWN_BYTES))
        );
        // Debug: the quotes count as text.
        let debug = format!("{:?}", Excerpt(&long));
        assert!(debug.ends_with("... (12 bytes more)"), "{debug}");
        assert_eq!(debug.len(), SHOWN_BYTES + "... (12 bytes more)".len());
    }

    #[test]
    fn the_cut_falls_on_a_character_boundary() {
        // 'é' is 2 bytes: 511 bytes of 'a' then 'é' cannot be cut at 512.
        let text = format!("{}é{}", "a".repeat(SHOWN_BYTES - 1), "b".repeat(5));
        let shown = Excerpt(&text).to_string();
        assert_eq!(
            shown,
            format!("{}... (7 bytes more)", "a".repeat(SHOWN_BYTES - 1))
        );
    }
}
