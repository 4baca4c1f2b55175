//! Text -> JSON value: JSON through `serde_json`, YAML through `yaml_serde` straight into a
//! [`serde_json::Value`], with the expanded size bounded.
//!
//! YAML aliases (`*a`) repeat the node they name, so a few hundred bytes can stand for
//! billions of nodes ("billion laughs"). The YAML deserializer replays an alias's events each
//! time it is used and refuses more than 100 jumps per event of the document, a budget that
//! grows with padding: 100,000 harmless events let a 9x9 alias bomb through. Here every node
//! and every byte of string is counted as the deserializer produces it, and the conversion
//! stops with [`ErrorKind::Limit`] once the document has grown past [`Budget::for_text`].
//!
//! Depth: a document nested deeper than [`MAX_DEPTH`] levels is an [`ErrorKind::Limit`] error
//! naming the pointer of the first node too deep (`serde_json` refuses 128 levels on its own,
//! with a syntax error at a line and column), so every recursion over the value (building,
//! dropping, deserializing it as OpenAPI) is at most that deep.

use crate::error::{Error, ErrorKind, Location, ptr};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Nodes that aliases may add beyond one per byte of text: about 100 MB of JSON values
/// (a value is 32 bytes, a map entry about 100 bytes with its key and index). Real specs
/// that share snippets through anchors need far less (500 operations each repeating a
/// 50-node response are 25,000 nodes).
pub const ALIAS_NODE_ALLOWANCE: usize = 1_000_000;

/// Bytes of string that aliases may add beyond two per byte of text.
pub const ALIAS_STRING_ALLOWANCE: usize = 16 << 20;

/// The deepest nesting of mappings and sequences accepted. The real-world corpus nests at
/// most 26 levels (Stripe). Deserializing OpenAPI schemas recurses through several frames per
/// level: in a debug build on a 2 MiB thread (a test's), a chain of `items` overflowed the
/// stack at 64 levels and passed at 60, hence 48.
pub const MAX_DEPTH: usize = 48;

/// The message of a document nested too deep.
fn too_deep() -> String {
    format!("nested deeper than {MAX_DEPTH} levels of mappings and sequences")
}

/// Parses YAML or JSON text into a JSON value (scalar YAML keys such as `200:` become
/// strings, tags are dropped), without checking that it is OpenAPI. Syntax errors carry a
/// line and column. A YAML document that expands past its budget through aliases (one node
/// per byte of text plus [`ALIAS_NODE_ALLOWANCE`], two bytes of string per byte plus
/// [`ALIAS_STRING_ALLOWANCE`]), or a document nested deeper than [`MAX_DEPTH`], is an
/// [`ErrorKind::Limit`] error naming the pointer where the bound was crossed.
///
/// Text that starts with `{` is read as JSON first. When it is not valid JSON and the file
/// is not named `.json`, it is read as YAML (whose flow style, `{openapi: 3.0.3, ...}`, also
/// starts with `{`); when neither reads, the error says why each failed.
pub fn parse_text(file: &str, text: &str) -> Result<Value, Error> {
    parse_document(file, text).map(|(value, _)| value)
}

/// The syntax a document was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Syntax {
    Json,
    Yaml,
}

/// [`parse_text`], and the syntax the text was read in.
pub(super) fn parse_document(file: &str, text: &str) -> Result<(Value, Syntax), Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if !trimmed.starts_with('{') {
        return parse_yaml(file, trimmed).map(|v| (v, Syntax::Yaml));
    }
    let json_error = match serde_json::from_str::<Value>(trimmed) {
        // JSON has no aliases: its value is never larger than its text. Its depth is the
        // text's: the value is walked (for the pointer) only when the text is too deep.
        Ok(value) => {
            if json_depth_within_limit(trimmed) {
                return Ok((value, Syntax::Json));
            }
            return match too_deep_at(&value) {
                Some(pointer) => Err(Error::at(ErrorKind::Limit, file, &pointer, too_deep())),
                None => Ok((value, Syntax::Json)),
            };
        }
        Err(e) => e,
    };
    let json_only = file.to_ascii_lowercase().ends_with(".json");
    let yaml = if json_only {
        None
    } else {
        match parse_yaml(file, trimmed) {
            Ok(value) => return Ok((value, Syntax::Yaml)),
            // A bound crossed while reading it as YAML is the answer: it did read as YAML.
            Err(e) if e.kind == ErrorKind::Limit => return Err(e),
            Err(e) => Some(e),
        }
    };
    Err(Error {
        kind: ErrorKind::Syntax,
        file: file.to_owned(),
        location: Location::LineColumn {
            line: json_error.line(),
            column: json_error.column(),
        },
        message: match yaml {
            None => format!("invalid JSON: {json_error}"),
            Some(y) => format!(
                "neither JSON nor YAML: as JSON, {json_error}; as YAML, {}",
                y.message.trim_start_matches("invalid YAML: ")
            ),
        },
    })
}

/// Reads YAML text within the [`Budget`] of its size.
fn parse_yaml(file: &str, trimmed: &str) -> Result<Value, Error> {
    let mut budget = Budget::for_text(trimmed);
    let result = ValueSeed {
        budget: &mut budget,
    }
    .deserialize(yaml_serde::Deserializer::from_str(trimmed));
    match (result, budget.failure) {
        (Ok(value), None) => Ok(value),
        (_, Some((kind, pointer, message))) => Err(Error::at(kind, file, &pointer, message)),
        (Err(e), None) => {
            let location = match e.location() {
                Some(l) => Location::LineColumn {
                    line: l.line(),
                    column: l.column(),
                },
                // The parser's own document-wide limits (such as the repetition limit that
                // refuses an alias bomb) have no position: they concern the whole document.
                None => Location::Pointer(String::new()),
            };
            Err(Error {
                kind: ErrorKind::Syntax,
                file: file.to_owned(),
                location,
                message: format!("invalid YAML: {e}"),
            })
        }
    }
}

/// What a YAML document may expand to, and where the conversion is.
///
/// Without aliases, every node and every byte of string comes from at least one byte of
/// text (escapes such as `\L` make three bytes of two, hence two bytes of string per byte of
/// text), so an alias-free document never reaches the budget; aliases may add
/// [`ALIAS_NODE_ALLOWANCE`] nodes and [`ALIAS_STRING_ALLOWANCE`] bytes. Padding a bomb
/// raises the budget by the padding's size only, not by a multiple of it.
#[derive(Debug)]
pub struct Budget {
    nodes_left: usize,
    string_bytes_left: usize,
    /// The pointer tokens of the node being converted.
    path: Vec<Token>,
    /// Why the conversion stopped, when it was this side's decision: kind, pointer, message.
    failure: Option<(ErrorKind, String, String)>,
}

#[derive(Debug)]
enum Token {
    Index(usize),
    Key(String),
}

impl Budget {
    /// The budget for a document of this text.
    pub fn for_text(text: &str) -> Budget {
        Budget {
            nodes_left: text.len().saturating_add(1 + ALIAS_NODE_ALLOWANCE),
            string_bytes_left: text
                .len()
                .saturating_mul(2)
                .saturating_add(ALIAS_STRING_ALLOWANCE),
            path: Vec::new(),
            failure: None,
        }
    }

    fn pointer(&self) -> String {
        let mut out = String::new();
        for token in &self.path {
            out = match token {
                Token::Index(i) => ptr(&out, &[&i.to_string()]),
                Token::Key(k) => ptr(&out, &[k]),
            };
        }
        out
    }

    fn fail<E: de::Error>(&mut self, kind: ErrorKind, message: String) -> E {
        let error = E::custom(&message);
        if self.failure.is_none() {
            self.failure = Some((kind, self.pointer(), message));
        }
        error
    }

    /// Takes one node holding `string_bytes` bytes of string out of the budget.
    fn take<E: de::Error>(&mut self, string_bytes: usize) -> Result<(), E> {
        match (
            self.nodes_left.checked_sub(1),
            self.string_bytes_left.checked_sub(string_bytes),
        ) {
            (Some(nodes), Some(bytes)) => {
                self.nodes_left = nodes;
                self.string_bytes_left = bytes;
                Ok(())
            }
            _ => Err(self.fail(
                ErrorKind::Limit,
                "the document expands past its size bound here (YAML aliases repeat what they \
                 name: at most about one node per byte of text plus a fixed allowance of \
                 1,000,000 nodes and 16 MiB of strings)"
                    .to_owned(),
            )),
        }
    }
}

impl Budget {
    /// Takes a mapping or sequence out of the budget, if it is not too deep.
    fn take_container<E: de::Error>(&mut self) -> Result<(), E> {
        if self.path.len() >= MAX_DEPTH {
            return Err(self.fail(ErrorKind::Limit, too_deep()));
        }
        self.take(0)
    }
}

/// The pointer of the first mapping or sequence nested deeper than [`MAX_DEPTH`], if any
/// (walked with a stack of its own, not by recursion).
fn too_deep_at(value: &Value) -> Option<String> {
    let mut stack = vec![(value, String::new(), 1)];
    while let Some((value, pointer, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = (String, &Value)>> = match value {
            Value::Array(items) => {
                Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v)))
            }
            Value::Object(map) => Box::new(map.iter().map(|(k, v)| (k.clone(), v))),
            _ => continue,
        };
        if depth > MAX_DEPTH {
            return Some(pointer);
        }
        for (token, child) in children {
            if child.is_array() || child.is_object() {
                stack.push((child, ptr(&pointer, &[&token]), depth + 1));
            }
        }
    }
    None
}

/// Whether JSON text nests mappings and sequences at most [`MAX_DEPTH`] levels deep (a
/// scan of the text, so that a document can be deserialized straight from it).
pub fn json_depth_within_limit(text: &str) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return false;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

/// Deserializes one value, charging it to the budget.
struct ValueSeed<'b> {
    budget: &'b mut Budget,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.budget.take(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.budget.take(0)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.budget.take(0)?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.budget.take(0)?;
        Ok(Value::from(v))
    }

    // Integers beyond 64 bits become floating-point numbers, as in JSON text.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.budget.take(0)?;
        match Number::from_f64(v) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(self.budget.fail(
                ErrorKind::Syntax,
                format!("the number {} has no JSON representation", float_text(v)),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.budget.take(v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.budget.take(v.len())?;
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.budget.take_container()?;
        let mut out = Vec::new();
        loop {
            self.budget.path.push(Token::Index(out.len()));
            let item = seq.next_element_seed(ValueSeed {
                budget: &mut *self.budget,
            })?;
            self.budget.path.pop();
            match item {
                Some(item) => out.push(item),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.budget.take_container()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed {
            budget: &mut *self.budget,
        })? {
            self.budget.path.push(Token::Key(key));
            let value = map.next_value_seed(ValueSeed {
                budget: &mut *self.budget,
            })?;
            let Some(Token::Key(key)) = self.budget.path.pop() else {
                unreachable!("the key pushed above")
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged node (`!Tag value`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// Deserializes a mapping key: scalars become their text (`200`, `true`, `null`).
struct KeySeed<'b> {
    budget: &'b mut Budget,
}

impl KeySeed<'_> {
    fn key<E: de::Error>(self, key: String) -> Result<String, E> {
        self.budget.take(key.len())?;
        Ok(key)
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.key("null".to_owned())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.visit_unit()
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.key(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.key(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.key(v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
        self.key(v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
        self.key(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.key(float_text(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.key(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        self.key(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.not_scalar())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.not_scalar())
    }

    /// A tagged key (`!Tag 200`): the tag is dropped.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

impl KeySeed<'_> {
    fn not_scalar<E: de::Error>(self) -> E {
        self.budget.fail(
            ErrorKind::Syntax,
            "a mapping key must be a scalar".to_owned(),
        )
    }
}

/// A float as YAML writes it: `.nan`, `.inf`, `-.inf`, or its shortest decimal text.
fn float_text(v: f64) -> String {
    if v.is_nan() {
        ".nan".to_owned()
    } else if v.is_infinite() {
        if v < 0.0 { "-.inf" } else { ".inf" }.to_owned()
    } else {
        Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 9 levels of 9 aliases (9^10 nodes), padded with `pad` harmless events.
    fn bomb(pad: usize) -> String {
        let mut text =
            String::from("openapi: 3.0.3\nx-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 9].join(", ");
            text.push_str(&format!("  a{level}: &a{level} [{refs}]\n"));
        }
        text.push_str(&format!("x-pad: [{}]\n", vec!["1"; pad].join(",")));
        text
    }

    #[test]
    fn an_alias_bomb_is_refused_however_it_is_padded() {
        // Unpadded, the parser's own repetition limit refuses it first; padded, the budget
        // does, at the first alias that crosses it.
        let e = parse_text("bomb.yaml", &bomb(0)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax, "{e}");
        assert!(e.message.contains("repetition limit"), "{e}");
        // The padding of the issue's probe: 100,000 events, 200 KB.
        let e = parse_text("bomb.yaml", &bomb(100_000)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        assert!(e.pointer().unwrap().starts_with("/x-bomb/a"), "{e}");
        assert!(e.to_string().contains("expands past its size bound"), "{e}");
    }

    #[test]
    fn a_long_string_repeated_by_aliases_is_refused() {
        // Few nodes, many bytes: 64 aliases of a 1 MiB string.
        let long = "y".repeat(1 << 20);
        let text = format!("s: &s {long}\nlist: [{}]\n", vec!["*s"; 64].join(", "));
        let e = parse_text("long.yaml", &text).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        assert!(e.pointer().unwrap().starts_with("/list/"), "{e}");
    }

    #[test]
    fn aliases_within_the_budget_are_expanded() {
        let text = "ok: &ok {description: fine, content: {a: [1, 2]}}\nr: {200: *ok, 404: *ok}\n";
        let v = parse_text("a.yaml", text).unwrap();
        assert_eq!(v["r"]["200"], v["ok"]);
        assert_eq!(v["r"]["404"]["content"]["a"][1], 2);
        // One node per byte of text plus the allowance: an alias-free document of any size
        // never reaches it, and aliases may add up to the allowance.
        let budget = Budget::for_text(text);
        assert_eq!(budget.nodes_left, text.len() + 1 + ALIAS_NODE_ALLOWANCE);
    }

    #[test]
    fn scalar_keys_become_strings_and_tags_are_dropped() {
        let text =
            "200: a\ntrue: b\n~: c\n1.5: d\n-3: e\n!tag 7: f\ng: !Thing {h: !str 1}\ni: !!str 12\n";
        let v = parse_text("k.yaml", text).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "200": "a", "true": "b", "null": "c", "1.5": "d", "-3": "e", "7": "f",
                "g": {"h": 1}, "i": "12"
            })
        );
        let big = parse_text("k.yaml", "n: 340282366920938463463374607431768211455\n").unwrap();
        assert!(big["n"].is_f64(), "{big}");
    }

    /// YAML's flow style starts with `{` like JSON: a file not named `.json` that is not JSON
    /// is read as YAML, and when it is neither, the error says why for each.
    #[test]
    fn flow_style_yaml_is_yaml() {
        let flow = "{openapi: 3.0.3, info: {title: t, version: \"1\"}, paths: {}}";
        for name in ["x.yaml", "x.yml", "x"] {
            let value = parse_text(name, flow).unwrap();
            assert_eq!(value["openapi"], "3.0.3", "{name}");
            assert_eq!(value["info"]["version"], "1", "{name}");
        }
        let e = parse_text("x.json", flow).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(
            e.message.starts_with("invalid JSON: key must be a string"),
            "{e}"
        );
        let e = parse_text("x.yaml", "{openapi: [3.0.3}").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(
            e.message
                .starts_with("neither JSON nor YAML: as JSON, key must be a string")
                && e.message.contains("; as YAML, "),
            "{e}"
        );
    }

    #[test]
    fn syntax_errors_have_a_line_and_column() {
        let e = parse_text("s.yaml", "a: 1\nb: [1, 2\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(
            matches!(e.location, Location::LineColumn { line: 3, .. }),
            "{e:?}"
        );
        let e = parse_text("s.json", "{\"a\": [1,\n 2,]}").unwrap_err();
        assert_eq!(
            e.location,
            Location::LineColumn { line: 2, column: 4 },
            "{e}"
        );
    }

    #[test]
    fn numbers_without_a_json_form_and_complex_keys_are_errors_with_pointers() {
        for (text, pointer) in [("a:\n  b: .nan\n", "/a/b"), ("a: [1, -.inf]\n", "/a/1")] {
            let e = parse_text("n.yaml", text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Syntax, "{e}");
            assert_eq!(e.pointer(), Some(pointer), "{e}");
            assert!(e.message.contains("no JSON representation"), "{e}");
        }
        let e = parse_text("k.yaml", "a:\n  [1, 2]: x\n").unwrap_err();
        assert_eq!(e.pointer(), Some("/a"), "{e}");
        assert!(e.message.contains("must be a scalar"), "{e}");
    }

    /// 10,000 levels of nesting are an error, not a stack overflow, on the default 2 MiB test
    /// thread; [`MAX_DEPTH`] levels load, and the value drops.
    #[test]
    fn deep_nesting_is_an_error_and_the_deepest_accepted_value_is_safe() {
        let nested = |depth: usize, yaml: bool| {
            let (open, close) = if yaml { ("[", "]") } else { ("{\"a\":", "}") };
            format!("{}1{}", open.repeat(depth), close.repeat(depth))
        };
        // serde_json stops at 128 levels on its own, with a line and column.
        let e = parse_text("deep.json", &nested(10_000, false)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax, "{e}");
        assert!(matches!(e.location, Location::LineColumn { .. }), "{e}");
        assert!(e.message.contains("recursion limit"), "{e}");
        // Within serde_json's limit, past ours: the pointer of the first node too deep.
        let e = parse_text("deep.json", &nested(MAX_DEPTH + 1, false)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        assert_eq!(e.pointer(), Some("/a".repeat(MAX_DEPTH).as_str()), "{e}");
        let zeros = "/0".repeat(MAX_DEPTH);
        for text in [
            nested(10_000, true),
            nested(MAX_DEPTH + 1, true),
            format!("{}1\n", "- ".repeat(10_000)),
        ] {
            let e = parse_text("deep.yaml", &text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Limit, "{e}");
            assert_eq!(e.pointer(), Some(zeros.as_str()), "{e}");
        }
        // Flow-style YAML (it is not JSON) is read as YAML: the same bound, at its pointer.
        let e = parse_text("deep.yaml", &format!("{}1\n", "{a: ".repeat(10_000))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        assert_eq!(e.pointer(), Some("/a".repeat(MAX_DEPTH).as_str()), "{e}");
        for (file, text) in [
            ("ok.json", nested(MAX_DEPTH, false)),
            ("ok.yaml", nested(MAX_DEPTH, true)),
        ] {
            drop(parse_text(file, &text).unwrap());
        }
        assert!(json_depth_within_limit(&nested(MAX_DEPTH, false)));
        assert!(!json_depth_within_limit(&nested(MAX_DEPTH + 1, false)));
        assert!(json_depth_within_limit(r#"{"a":"[[[[\"{{{{"}"#));
    }
}
