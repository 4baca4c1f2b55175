//! The request a mock rule sees, and its parameters and body decoded the way generated code
//! encodes them: path segments of the operation's template, query styles, headers, bodies.

use crate::api::OperationInfo;
use bytes::Bytes;
use http::{HeaderMap, Method};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use url::Url;

/// An outgoing request as a mock rule sees it: after hooks and credentials, exactly what
/// would have gone on the wire. A generated crate's `mock` module decodes it into the
/// operation's typed request; these methods are what that code calls.
#[derive(Debug, Clone, Copy)]
pub struct MockRequest<'a> {
    pub(crate) operation: &'static OperationInfo,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

/// The operation of a request before a rule for it is found.
pub(crate) static UNKNOWN: OperationInfo = OperationInfo {
    name: "",
    method: "",
    path_template: "",
    security: &[],
};

/// Decodes the typed request of one operation from a [`MockRequest`]; implemented by the
/// request types of a generated crate's `mock` module.
pub trait DecodeRequest: Sized {
    /// The typed request, or why the request does not decode as one.
    fn decode(request: &MockRequest<'_>) -> Result<Self, String>;
}

/// `value`, or an error naming the missing `what` (for required parameters and bodies).
pub fn required<T>(value: Option<T>, what: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("the required {what} is missing"))
}

impl MockRequest<'_> {
    /// The operation the rule was made for.
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The headers, authentication included.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The raw body (empty when there is none).
    pub fn body(&self) -> &[u8] {
        self.body
    }

    /// Path parameter `name` of the operation's template (simple style: an array is
    /// comma-separated); `json` when it is declared with `content: application/json`.
    pub fn path_param<T: DeserializeOwned>(&self, name: &str, json: bool) -> Result<T, String> {
        let what = format!("path parameter `{name}`");
        let params = path_params(self.operation.path_template, self.url.path())
            .ok_or_else(|| format!("the path does not match the template of {what}"))?;
        let raw = params
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| format!("the template has no {what}"))?;
        let text = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| format!("{what} is not UTF-8"))?;
        decode_values(&[text.into_owned()], Some(','), json).map_err(|e| format!("{what}: {e}"))
    }

    /// Query parameter `name` as the generated code sends it with `style` and `explode`
    /// (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`); `None` when absent.
    pub fn query_param<T: DeserializeOwned>(
        &self,
        name: &str,
        style: &str,
        explode: bool,
        json: bool,
    ) -> Result<Option<T>, String> {
        let what = format!("query parameter `{name}`");
        let pairs: Vec<(String, String)> = self.url.query_pairs().into_owned().collect();
        if style == "deepObject" && !json {
            let prefix = format!("{name}[");
            let nested: Vec<(&str, &str)> = pairs
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?, v.as_str())))
                .collect();
            if nested.is_empty() {
                return Ok(None);
            }
            return decode_object(&nested)
                .map(Some)
                .map_err(|e| format!("{what}: {e}"));
        }
        let values: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect();
        if values.is_empty() {
            if style == "form" && explode && !json && !pairs.is_empty() {
                // An exploded object spreads its fields over the query: try them all.
                let all: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                return Ok(decode_object(&all).ok());
            }
            return Ok(None);
        }
        let delimiter = match style {
            _ if explode => None,
            "spaceDelimited" => Some(' '),
            "pipeDelimited" => Some('|'),
            _ => Some(','),
        };
        decode_values(&values, delimiter, json)
            .map(Some)
            .map_err(|e| format!("{what}: {e}"))
    }

    /// Header parameter `name` (simple style: an array is comma-separated); `None` when
    /// absent.
    pub fn header_param<T: DeserializeOwned>(
        &self,
        name: &str,
        json: bool,
    ) -> Result<Option<T>, String> {
        let what = format!("header `{name}`");
        let values: Vec<String> = self
            .headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if values.is_empty() {
            return Ok(None);
        }
        decode_values(&values, Some(','), json)
            .map(Some)
            .map_err(|e| format!("{what}: {e}"))
    }

    /// The body as JSON; `None` when the request has no body.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(self.body)
            .map(Some)
            .map_err(|e| format!("the JSON body does not decode: {e}"))
    }

    /// The body as a form (`application/x-www-form-urlencoded`); `None` when there is none.
    pub fn form_body<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_urlencoded::from_bytes(self.body)
            .map(Some)
            .map_err(|e| format!("the form body does not decode: {e}"))
    }

    /// The body as text (invalid UTF-8 replaced); `None` when there is none.
    pub fn text_body(&self) -> Result<Option<String>, String> {
        Ok((!self.body.is_empty()).then(|| String::from_utf8_lossy(self.body).into_owned()))
    }

    /// The body's bytes (binary and multipart bodies); `None` when there is none.
    pub fn bytes_body(&self) -> Result<Option<Bytes>, String> {
        Ok((!self.body.is_empty()).then(|| Bytes::copy_from_slice(self.body)))
    }
}

/// Decodes parameter text: JSON text when `json`; otherwise one value as a string, then as
/// a JSON scalar (numbers, booleans), then split at `delimiter` as an array; several values
/// (an exploded array) as an array of strings, then of JSON scalars.
fn decode_values<T: DeserializeOwned>(
    values: &[String],
    delimiter: Option<char>,
    json: bool,
) -> Result<T, String> {
    if json {
        let [text] = values else {
            return Err(format!("{} values for a JSON parameter", values.len()));
        };
        return serde_json::from_str(text).map_err(|e| e.to_string());
    }
    if let [text] = values {
        let first = match scalar(text) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let items: Vec<String> = match delimiter {
            Some(d) => text.split(d).map(str::to_owned).collect(),
            None => vec![text.clone()],
        };
        return array(&items).map_err(|_| first);
    }
    array(values)
}

/// One value as a string, else as the JSON scalar it spells.
fn scalar<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(text.to_owned())).or_else(|first| {
        match serde_json::from_str::<Value>(text) {
            Ok(v) if !v.is_object() && !v.is_array() => {
                serde_json::from_value(v).map_err(|e| e.to_string())
            }
            _ => Err(first.to_string()),
        }
    })
}

/// Several values as an array of strings, else of the JSON scalars they spell.
fn array<T: DeserializeOwned>(items: &[String]) -> Result<T, String> {
    let strings = items.iter().map(|s| Value::String(s.clone())).collect();
    serde_json::from_value(Value::Array(strings)).or_else(|first| {
        let parsed = items.iter().map(|s| parsed_scalar(s)).collect();
        serde_json::from_value(Value::Array(parsed)).map_err(|_| first.to_string())
    })
}

fn parsed_scalar(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(v) if !v.is_object() && !v.is_array() => v,
        _ => Value::String(text.to_owned()),
    }
}

/// An object from `key=value` pairs, where a key may continue with `sub]` or `sub][...]`
/// (deepObject) and `]` / `[]` for arrays: leaves as strings, else as JSON scalars.
fn decode_object<T: DeserializeOwned>(pairs: &[(&str, &str)]) -> Result<T, String> {
    let build = |leaf: &dyn Fn(&str) -> Value| {
        let mut root = Map::new();
        for (key, value) in pairs {
            let keys: Vec<&str> = key
                .trim_end_matches(']')
                .split("][")
                .flat_map(|k| k.split('['))
                .collect();
            insert(&mut root, &keys, leaf(value));
        }
        Value::Object(root)
    };
    let strings = build(&|s| Value::String(s.to_owned()));
    serde_json::from_value(strings).or_else(|first| {
        serde_json::from_value(build(&parsed_scalar)).map_err(|_| first.to_string())
    })
}

fn insert(map: &mut Map<String, Value>, keys: &[&str], leaf: Value) {
    match keys {
        [] => {}
        [last] => {
            let slot = map.entry((*last).to_owned()).or_insert(Value::Null);
            match slot {
                Value::Null => *slot = leaf,
                Value::Array(items) => items.push(leaf),
                other => *other = Value::Array(vec![other.take(), leaf]),
            }
        }
        [key, "", ..] => {
            let slot = map
                .entry((*key).to_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = slot {
                items.push(leaf);
            }
        }
        [key, rest @ ..] => {
            let slot = map
                .entry((*key).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = slot {
                insert(inner, rest, leaf);
            }
        }
    }
}

/// The path parameters (name, raw segment text) of `path` under `template`, matched against
/// the last segments of the path (so that an endpoint's path prefix does not matter); `None`
/// when the path does not have the template's shape.
pub(crate) fn path_params<'p>(template: &str, path: &'p str) -> Option<Vec<(String, &'p str)>> {
    let template: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let skip = path.len().checked_sub(template.len())?;
    let mut params = Vec::new();
    for (pattern, segment) in template.iter().zip(&path[skip..]) {
        match_segment(pattern, segment, &mut params)?;
    }
    Some(params)
}

/// Matches one segment against a template segment of literals and `{name}`s: a parameter
/// takes the text up to the next literal (the rest at the end); a parameter directly after
/// another gets nothing.
fn match_segment<'p>(
    pattern: &str,
    segment: &'p str,
    params: &mut Vec<(String, &'p str)>,
) -> Option<()> {
    let mut pattern = pattern;
    let mut rest = segment;
    while !pattern.is_empty() {
        match pattern.find('{') {
            Some(0) => {
                let end = pattern.find('}')?;
                let name = &pattern[1..end];
                pattern = &pattern[end + 1..];
                let next_literal = pattern.split('{').next().unwrap_or("");
                let take = if pattern.is_empty() {
                    rest.len()
                } else if next_literal.is_empty() {
                    0
                } else {
                    rest.find(next_literal)?
                };
                params.push((name.to_owned(), &rest[..take]));
                rest = &rest[take..];
            }
            found => {
                let literal = &pattern[..found.unwrap_or(pattern.len())];
                rest = rest.strip_prefix(literal)?;
                pattern = &pattern[literal.len()..];
            }
        }
    }
    rest.is_empty().then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_the_template_at_their_end() {
        let p = |t, p| path_params(t, p);
        assert_eq!(
            p(
                "/v3/{project_id}/checkpoints/replicate",
                "/v3/p1/checkpoints/replicate"
            ),
            Some(vec![("project_id".to_owned(), "p1")])
        );
        assert_eq!(
            p("/v3/{id}/x", "/prefix/v3/a%2Fb/x"),
            Some(vec![("id".to_owned(), "a%2Fb")])
        );
        assert_eq!(p("/v3/{id}/x", "/v3/a/y"), None);
        assert_eq!(p("/v3/{id}/x", "/x"), None);
        assert_eq!(
            p("/files/{name}.{ext}", "/files/a.b.json"),
            Some(vec![("name".to_owned(), "a"), ("ext".to_owned(), "b.json")])
        );
        assert_eq!(p("/files/{name}.json", "/files/a.txt"), None);
        assert_eq!(p("/", "/"), Some(vec![]));
    }

    fn request<'a>(url: &'a Url, headers: &'a HeaderMap) -> MockRequest<'a> {
        static OP: OperationInfo = OperationInfo {
            name: "op",
            method: "GET",
            path_template: "/items/{ids}/{n}",
            security: &[],
        };
        MockRequest {
            operation: &OP,
            method: &Method::GET,
            url,
            headers,
            body: b"",
        }
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Filter {
        name: String,
        size: Option<u32>,
    }

    #[test]
    fn parameters_decode_as_the_generated_code_encodes_them() {
        let url = Url::parse(
            "https://h/items/a%20b,c/42?limit=10&tag=x&tag=y&csv=1,2&pipe=a%7Cb&f[name]=n&j=%7B%22k%22%3A1%7D",
        )
        .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-list", "1,2".parse().unwrap());
        let r = request(&url, &headers);
        assert_eq!(
            r.path_param::<Vec<String>>("ids", false).unwrap(),
            ["a b", "c"]
        );
        assert_eq!(r.path_param::<String>("n", false).unwrap(), "42");
        assert_eq!(r.path_param::<u64>("n", false).unwrap(), 42);
        let q = |name, style, explode| r.query_param::<Value>(name, style, explode, false);
        assert_eq!(
            r.query_param::<u32>("limit", "form", true, false).unwrap(),
            Some(10)
        );
        assert_eq!(
            r.query_param::<Vec<String>>("tag", "form", true, false)
                .unwrap(),
            Some(vec!["x".to_owned(), "y".to_owned()])
        );
        assert_eq!(
            r.query_param::<Vec<u8>>("csv", "form", false, false)
                .unwrap(),
            Some(vec![1, 2])
        );
        assert_eq!(
            r.query_param::<Vec<String>>("pipe", "pipeDelimited", false, false)
                .unwrap(),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            r.query_param::<Filter>("f", "deepObject", true, false)
                .unwrap(),
            Some(Filter {
                name: "n".to_owned(),
                size: None
            })
        );
        assert_eq!(
            r.query_param::<Value>("j", "form", true, true).unwrap(),
            Some(serde_json::json!({"k": 1}))
        );
        assert_eq!(q("absent", "form", false).unwrap(), None);
        assert!(
            r.query_param::<u32>("tag", "form", true, false)
                .unwrap_err()
                .contains("query parameter `tag`")
        );
        assert_eq!(
            r.header_param::<Vec<u8>>("x-list", false).unwrap(),
            Some(vec![1, 2])
        );
        assert_eq!(
            required(None::<u8>, "body").unwrap_err(),
            "the required body is missing"
        );
    }
}
