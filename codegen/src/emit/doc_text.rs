//! Spec prose -> doc comment lines that rustdoc renders as text and never runs.
//!
//! rustdoc runs every Markdown code block of a doc comment as a doctest unless its info
//! string says it is not Rust, wherever the block is: at the top level, in a quote, a list
//! item or a footnote, fenced or indented. A spec is untrusted input (it may arrive in a pull
//! request that CI tests), so listing the constructs that make a block is not enough. Instead
//! [`doc_lines`] only ever returns text that the Markdown parser rustdoc uses
//! (`pulldown-cmark`, with rustdoc's options) reads without a single code block other than a
//! closed ```` ```text ```` fence:
//!
//! 1. text that can hold no code block and leave no block open (no fence characters, no run
//!    of four spaces, no `<`) is kept as it is;
//! 2. otherwise fences get the info string `text` and indented blocks lose their indentation,
//!    and the result is parsed: if it is inert, it is used;
//! 3. otherwise the whole text becomes one `text` block behind a fence longer than any run of
//!    backticks in it, which nothing inside can close (parsed again to be sure);
//! 4. if even that were not inert, the text is left out.
//!
//! Every result also leaves no block open, so that lines after it (the generator's own, or
//! another comment on the same item) are read as they would be on their own.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Turns spec prose into doc lines (without the `///` and its space) that rustdoc renders as
/// text and never runs as a doctest.
///
/// Also: control characters are dropped, and so are the bidirectional formatting characters
/// that rustc refuses in comments (`text_direction_codepoint_in_comment`); line ends are
/// normalised, tabs become four spaces, trailing spaces and leading and trailing blank lines
/// are removed, and the indentation common to all lines is removed (as rustdoc would).
pub fn doc_lines(text: &str) -> Vec<String> {
    let lines = normalised_lines(text);
    if needs_no_check(&lines) {
        return lines;
    }
    let rewritten = neutralised(&lines);
    if is_inert(&rewritten) {
        return rewritten;
    }
    let block = as_text_block(&lines);
    if is_inert(&block) {
        return block;
    }
    vec!["(This text from the spec cannot be shown safely and is left out.)".to_owned()]
}

/// Whether `text` has something [`doc_lines`] keeps: a character that is neither white space
/// nor dropped. A description without one is treated as missing (so the item gets the
/// generator's own line instead of no documentation).
pub fn has_visible_text(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !is_hidden_char(c))
}

/// Whether `c` is dropped from generated text: control characters other than line feeds and
/// tabs, and the bidirectional formatting characters (embeddings, overrides, isolates and
/// marks), which can make text read differently from what it is.
pub fn is_hidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The text's lines: hidden characters dropped, line ends normalised, tabs expanded, trailing
/// spaces, outer blank lines and common indentation removed.
fn normalised_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|raw| {
            let line: String = raw.chars().filter(|&c| !is_hidden_char(c)).collect();
            line.replace('\t', "    ").trim_end().to_owned()
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let blank = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..blank);
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    if indent > 0 {
        for l in &mut lines {
            if !l.is_empty() {
                l.drain(..indent);
            }
        }
    }
    lines
}

/// True when no line can take part in a code block or leave a block open: a fence needs
/// three backticks or tildes in a row, an indented block (in any container) four spaces in a
/// row (tabs are already spaces), and an HTML block that runs past blank lines (`<pre>`,
/// `<!--`, ...) a `<`.
fn needs_no_check(lines: &[String]) -> bool {
    lines.iter().all(|l| {
        !l.contains("```") && !l.contains("~~~") && !l.contains("    ") && !l.contains('<')
    })
}

/// The length of the container prefix of a line: up to three spaces, then quote markers
/// (`>`) and list markers (`-`, `+`, `*`, `1.`, `1)`), each with the space after it.
fn container_prefix_len(line: &str) -> usize {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        let spaces = b[i..].iter().take_while(|&&c| c == b' ').count().min(3);
        let j = i + spaces;
        let marker_end = match b.get(j) {
            Some(b'>') => Some(j + 1),
            Some(b'-' | b'+' | b'*') if matches!(b.get(j + 1), Some(b' ') | None) => Some(j + 1),
            Some(c) if c.is_ascii_digit() => {
                let digits = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
                match (b.get(j + digits), b.get(j + digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ') | None) if digits <= 9 => Some(j + digits + 1),
                    _ => None,
                }
            }
            _ => None,
        };
        match marker_end {
            Some(end) => {
                i = end;
                if b.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            None => return start,
        }
        if i == start {
            return start;
        }
    }
}

/// Step 2: every fence opened gets the info string `text`, indentation of four or more
/// spaces after a line's containers is removed outside fences, and an open fence is closed.
fn neutralised(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len() + 1);
    // The fence that is open: its character and length.
    let mut open: Option<(char, usize)> = None;
    for line in lines {
        let prefix_len = container_prefix_len(line);
        let (prefix, content) = line.split_at(prefix_len);
        let trimmed = content.trim_start_matches(' ');
        let indent = content.len() - trimmed.len();
        let fence = ['`', '~'].into_iter().find_map(|c| {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            (run >= 3).then_some((c, run))
        });
        match (open, fence) {
            (Some((c, n)), Some((fc, run)))
                if fc == c && run >= n && trimmed[run..].trim().is_empty() && indent < 4 =>
            {
                open = None;
                out.push(line.clone());
            }
            (Some(_), _) => out.push(line.clone()),
            (None, Some((c, run))) if indent < 4 => {
                open = Some((c, run));
                let marker: String = std::iter::repeat_n(c, run).collect();
                out.push(format!("{prefix}{}{marker}text", &content[..indent]));
            }
            (None, _) if indent >= 4 => out.push(format!("{prefix}{trimmed}")),
            (None, _) => out.push(line.clone()),
        }
    }
    if let Some((c, n)) = open {
        out.push(std::iter::repeat_n(c, n).collect());
    }
    out
}

/// Step 3: the whole text as one `text` block, behind a backtick fence longer than any run of
/// backticks in it.
fn as_text_block(lines: &[String]) -> Vec<String> {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = Vec::with_capacity(lines.len() + 2);
    out.push(format!("{fence}text"));
    out.extend(lines.iter().cloned());
    out.push(fence);
    out
}

/// A paragraph after the text: if the text left a block open, it would not come out as a
/// paragraph of its own at the top level.
const END_PROBE: &str = "hcgenendofspectext";

/// Whether rustdoc would find no doctest in `lines` and no block is left open after them:
/// every code block is a fence whose info string is exactly `text`.
pub fn is_inert(lines: &[String]) -> bool {
    let mut doc = lines.join("\n");
    doc.push_str("\n\n");
    doc.push_str(END_PROBE);
    doc.push('\n');
    // The options rustdoc parses doc comments with (`main_body_opts`).
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut depth = 0usize;
    let mut tail: [Option<(usize, bool)>; 3] = [None; 3];
    for event in Parser::new_ext(&doc, options) {
        let seen = match &event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let inert = matches!(kind, CodeBlockKind::Fenced(info) if info.trim() == "text");
                if !inert {
                    return false;
                }
                depth += 1;
                (depth - 1, false)
            }
            Event::Start(Tag::Paragraph) => {
                depth += 1;
                (depth - 1, true)
            }
            Event::Start(_) => {
                depth += 1;
                (depth - 1, false)
            }
            Event::End(TagEnd::Paragraph) => {
                depth = depth.saturating_sub(1);
                (depth, true)
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                (depth, false)
            }
            Event::Text(t) => (depth, t.as_ref() == END_PROBE),
            _ => (depth, false),
        };
        tail = [tail[1], tail[2], Some(seen)];
    }
    // The last three events: the probe's paragraph at the top level.
    tail == [Some((0, true)), Some((1, true)), Some((0, true))]
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, is_inert};

    fn lines(text: &str) -> Vec<String> {
        doc_lines(text)
    }

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(
            lines("\n\nTitle  \n\nBody with `code` and *stars*.\n\n"),
            vec!["Title", "", "Body with `code` and *stars*."]
        );
        assert_eq!(lines("  a\n    b"), vec!["a", "  b"]);
    }

    #[test]
    fn fences_and_indented_code_cannot_become_doctests() {
        assert_eq!(
            lines("a\n```rust\nfn x() {}\n```\n\n    indented();\n```"),
            vec![
                "a",
                "```text",
                "fn x() {}",
                "```",
                "",
                "indented();",
                "```text",
                "```"
            ]
        );
    }

    /// The constructs the issue lists, and a few more; each is run through rustdoc's parser.
    #[test]
    fn code_in_containers_becomes_text() {
        let cases = [
            "Harmless-looking note:\n\n> ```\n> std::fs::write(\"/tmp/pwned\", \"x\").unwrap();\n> ```\n",
            "> > ```rust\n> > evil();\n> > ```",
            ">     evil();",
            "- item\n\n      evil();",
            "1. ```\n   evil();\n   ```",
            "* ~~~\n  evil();\n  ~~~",
            "<pre>\n\n    evil();\n</pre>",
            "text[^1]\n\n[^1]:     evil();",
            "> - > ```\n>   > evil()",
            "   ```\n   evil()\n   ```",
            "para\n    ```\n    evil()\n    ```",
            "````\n```\nevil()\n````\n```",
            "```\nevil() unclosed",
            "- a\n\n\t\tevil();",
        ];
        for case in cases {
            let out = lines(case);
            assert!(is_inert(&out), "{case:?} -> {out:?}");
            assert!(
                out.iter()
                    .any(|l| l.contains("evil") || l.contains("pwned")),
                "the text is kept: {case:?} -> {out:?}"
            );
        }
    }

    #[test]
    fn the_checker_sees_code_blocks_and_open_blocks() {
        let v = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        assert!(!is_inert(&v(&["> ```", "> x", "> ```"])));
        assert!(!is_inert(&v(&["-     x"])));
        assert!(!is_inert(&v(&["```text,rust", "x", "```"])));
        assert!(!is_inert(&v(&["<pre>", "never closed"])));
        assert!(!is_inert(&v(&["```text", "never closed"])));
        assert!(is_inert(&v(&["```text", "x", "```"])));
        assert!(is_inert(&v(&["> quote", "", "- list"])));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(20_000))]
        /// Whatever the text, the lines are inert, nothing is left out, and every word of the
        /// text is still there (the end-to-end check with rustdoc itself is
        /// `tests/tests/doc_injection.rs`).
        #[test]
        fn any_text_gives_inert_lines_that_keep_its_words(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "```", "```rust", "````", "~~~", "~~~ignore", "```text", "> ", ">", "- ", "* ",
                "1. ", "2) ", "[^1]: ", "<pre>", "</pre>", "<!--", "-->", "<div>", " ", "  ",
                "    ", "\t", "\n", "\n\n", "\r", "`", "\\", "evil();", "word", "\u{202e}",
            ]), 0..40)
        ) {
            let text = pieces.concat();
            let out = doc_lines(&text);
            proptest::prop_assert!(is_inert(&out), "{:?} -> {:?}", text, out);
            proptest::prop_assert!(!out.iter().any(|l| l.contains("cannot be shown safely")));
            // Words in a fence's info string are not shown by rustdoc and are replaced.
            let shown: Vec<String> = super::normalised_lines(&text)
                .into_iter()
                .map(|l| {
                    let content = l[super::container_prefix_len(&l)..].trim_start();
                    if content.starts_with("```") || content.starts_with("~~~") {
                        String::new()
                    } else {
                        l
                    }
                })
                .collect();
            let words = |s: &str| s.matches("evil").count() + s.matches("word").count();
            let (before, after) = (words(&shown.join("\n")), words(&out.join("\n")));
            proptest::prop_assert!(after >= before, "{:?} -> {:?}", text, out);
        }
    }

    #[test]
    fn hidden_characters_are_dropped() {
        assert_eq!(lines("a\u{0}b\r\nc"), vec!["ab", "c"]);
        assert_eq!(
            lines("admin\u{202e} \u{2066}// evil\u{2069}\u{200f}"),
            vec!["admin // evil"]
        );
    }
}
