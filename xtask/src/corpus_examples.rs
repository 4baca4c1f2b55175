//! Examples embedded in a spec, as a round-trip test for its generated crate.
//!
//! Component schema `example`s and media-type `example`/`examples` whose schema is a
//! component reference are decoded into the generated type, encoded back, and compared as
//! JSON values (`null` and an absent member count as equal; numbers compare by value).

use hcgen_codegen::model::Api;
use serde_json::Value;
use std::collections::BTreeMap;

/// (label, generated type name, example) for every example that belongs to a generated type.
pub fn collect(raw: &Value, model: &Api) -> Vec<(String, String, Value)> {
    let by_pointer: BTreeMap<&str, &str> = model
        .types
        .iter()
        .map(|t| (t.pointer.as_str(), t.name.as_str()))
        .collect();
    let type_of_ref = |schema: &Value| -> Option<String> {
        let r = schema.get("$ref")?.as_str()?;
        let pointer = r.strip_prefix('#')?;
        by_pointer.get(pointer).map(|s| (*s).to_owned())
    };
    let resolve = |v: &Value| -> Value {
        match v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(p) => raw.pointer(p).cloned().unwrap_or(Value::Null),
            None => v.clone(),
        }
    };
    let mut out = Vec::new();
    if let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (key, schema) in schemas {
            let pointer = format!(
                "/components/schemas/{}",
                key.replace('~', "~0").replace('/', "~1")
            );
            if let (Some(ex), Some(ty)) = (schema.get("example"), by_pointer.get(pointer.as_str()))
            {
                out.push((format!("#{pointer}/example"), (*ty).to_owned(), ex.clone()));
            }
        }
    }
    let mut media: Vec<(String, Value)> = Vec::new();
    for (path, item) in raw
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(rb) = op.get("requestBody") {
                for (mt, m) in resolve(rb)
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    media.push((format!("{method} {path} request {mt}"), m.clone()));
                }
            }
            for (status, resp) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                for (mt, m) in resolve(resp)
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    media.push((format!("{method} {path} {status} {mt}"), m.clone()));
                }
            }
        }
    }
    for (label, m) in media {
        if !label.contains("json") {
            continue;
        }
        let Some(ty) = m.get("schema").and_then(type_of_ref) else {
            continue;
        };
        if let Some(ex) = m.get("example") {
            out.push((format!("{label} example"), ty.clone(), ex.clone()));
        }
        for (name, ex) in m
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(v) = resolve(ex).get("value") {
                out.push((format!("{label} examples/{name}"), ty.clone(), v.clone()));
            }
        }
    }
    out
}

fn raw_string(text: &str) -> String {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

/// The test file (`tests/examples.rs`) for a generated crate.
pub fn test_file(crate_ident: &str, examples: &[(String, String, Value)]) -> String {
    let mut cases = String::new();
    for (label, ty, value) in examples {
        let json = serde_json::to_string(value).unwrap_or_default();
        cases.push_str(&format!(
            "    check(&mut failures, {}, {}, rt::<{crate_ident}::types::{ty}>);\n",
            raw_string(label),
            raw_string(&json)
        ));
    }
    format!(
        r#"//! Round-trip of the spec's examples through the generated types (written by `cargo xtask corpus --examples`).
#![allow(clippy::all)]
use serde_json::Value;

fn same(a: &Value, b: &Value) -> bool {{
    match (a, b) {{
        (Value::Object(x), Value::Object(y)) => {{
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| same(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null)))
        }}
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }}
}}

fn rt<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<(), String> {{
    let v: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let t: T = serde_json::from_value(v.clone()).map_err(|e| format!("decode: {{e}}"))?;
    let back = serde_json::to_value(&t).map_err(|e| format!("encode: {{e}}"))?;
    if same(&v, &back) {{ Ok(()) }} else {{ Err(format!("changed:\n  in:  {{v}}\n  out: {{back}}")) }}
}}

fn check(failures: &mut Vec<String>, label: &str, json: &str, f: fn(&str) -> Result<(), String>) {{
    if let Err(e) = f(json) {{
        failures.push(format!("{{label}}: {{e}}"));
    }}
}}

#[test]
fn examples_round_trip() {{
    let mut failures = Vec::new();
{cases}    println!("EXAMPLES {{}} checked, {{}} failed", {n}, failures.len());
    assert!(failures.is_empty(), "{{}}", failures.join("\n"));
}}
"#,
        n = examples.len()
    )
}
