//! Every example in spec/cbr.yaml (request bodies, responses, media-type `example`s) is
//! decoded into the generated type of its schema, encoded back, and compared as JSON.
//! Examples are discovered from the spec, so new ones are covered without touching this test.

use huaweicloud_cbr::types;
use serde_json::Value;

/// Decodes and re-encodes `value` as the generated type named `type_name`.
/// Fails loudly for a type this dispatch does not know, so no example is skipped silently.
fn roundtrip(type_name: &str, value: &Value) -> Result<Value, String> {
    fn via<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Result<Value, String> {
        let typed: T = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(&typed).map_err(|e| e.to_string())
    }
    match type_name {
        "CheckpointReplicateReq" => via::<types::CheckpointReplicateReq>(value),
        "CheckpointReplicateParam" => via::<types::CheckpointReplicateParam>(value),
        "CopyCheckpointResponseBody" => via::<types::CopyCheckpointResponseBody>(value),
        "CheckpointReplicateRespBody" => via::<types::CheckpointReplicateRespBody>(value),
        "CheckpointReplicateRespbackups" => via::<types::CheckpointReplicateRespbackups>(value),
        "ErrorResponse" => via::<types::ErrorResponse>(value),
        other => Err(format!(
            "no round-trip dispatch for generated type `{other}`: add it here"
        )),
    }
}

fn spec() -> Value {
    let text =
        std::fs::read_to_string(hcgen_tests::root().join("spec/cbr.yaml")).expect("spec/cbr.yaml");
    yaml_serde::from_str(&text).expect("spec parses")
}

fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            resolve(
                spec,
                spec.pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling {r}")),
            )
        }
        None => v,
    }
}

/// (where, schema type name, example value) for every example in the spec.
fn examples(spec: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let mut media: Vec<(String, &Value)> = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if let Some(rb) = op.get("requestBody") {
                let rb = resolve(spec, rb);
                for (mt, m) in rb["content"].as_object().into_iter().flatten() {
                    media.push((format!("{method} {path} request {mt}"), m));
                }
            }
            for (status, resp) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let resp = resolve(spec, resp);
                for (mt, m) in resp
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    media.push((format!("{method} {path} {status} {mt}"), m));
                }
            }
        }
    }
    for (at, m) in media {
        let Some(schema_ref) = m["schema"].get("$ref").and_then(Value::as_str) else {
            panic!("{at}: example schemas are expected to be component references");
        };
        let name = schema_ref.rsplit('/').next().unwrap_or_default().to_owned();
        for (ex_name, ex) in m
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let ex = resolve(spec, ex);
            out.push((
                format!("{at} example {ex_name}"),
                name.clone(),
                ex["value"].clone(),
            ));
        }
        if let Some(ex) = m.get("example") {
            out.push((format!("{at} example"), name.clone(), ex.clone()));
        }
    }
    out
}

#[test]
fn every_spec_example_round_trips_through_its_generated_type() {
    let spec = spec();
    let examples = examples(&spec);
    // The request example, the 200 example and the error example (shared by five statuses).
    assert!(
        examples.len() >= 3,
        "found only {} examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for (at, type_name, value) in &examples {
        match roundtrip(type_name, value) {
            Ok(back) if &back == value => {}
            Ok(back) => failures.push(format!(
                "{at}: {type_name} changed the value:\n  in:  {value}\n  out: {back}"
            )),
            Err(e) => failures.push(format!("{at}: {type_name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn documented_request_example_builds_with_the_generated_api() {
    let spec = spec();
    let documented = examples(&spec)
        .into_iter()
        .find(|(at, _, _)| at.contains("request"))
        .map(|(_, _, v)| v)
        .expect("a request example");
    let built = hcgen_tests::documented_request();
    assert_eq!(serde_json::to_value(&built).unwrap(), documented);
    // Field order on the wire is the spec's declaration order, as in the official SDK.
    assert_eq!(
        serde_json::to_string(&built).unwrap(),
        r#"{"replicate":{"auto_trigger":false,"destination_project_id":"68589cac08274b82b4e254268a3862d8","destination_region":"region2","destination_vault_id":"0ca3eb86-8800-46da-9c37-9d657a825274","enable_acceleration":false,"vault_id":"3b5816b5-f29c-4172-9d9a-76c719a659ce"}}"#
    );
}

#[test]
fn optional_fields_are_omitted_when_unset() {
    let p =
        types::CheckpointReplicateParam::new("p", "r", "v", "3b5816b5-f29c-4172-9d9a-76c719a659ce");
    let v = serde_json::to_value(&p).unwrap();
    assert!(
        v.get("auto_trigger").is_none() && v.get("enable_acceleration").is_none(),
        "{v}"
    );
}

#[test]
fn responses_decode_leniently() {
    // Missing fields, unknown fields at every level: still decodes.
    let body = r#"{"replication":{"backups":[{"backup_id":"b-1","extra":1}],"new_field":{"x":[1]}},"top_level_new":true}"#;
    let r: types::CopyCheckpointResponseBody = serde_json::from_str(body).unwrap();
    let rep = r.replication.expect("replication");
    assert_eq!(rep.backups.as_ref().map(Vec::len), Some(1));
    assert_eq!(rep.backups.unwrap()[0].backup_id.as_deref(), Some("b-1"));
    assert_eq!(rep.vault_id, None);
    let empty: types::CopyCheckpointResponseBody = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, types::CopyCheckpointResponseBody::default());
}

#[test]
fn a_request_missing_a_required_field_does_not_decode() {
    let err = serde_json::from_str::<types::CheckpointReplicateReq>(
        r#"{"replicate":{"destination_project_id":"p","destination_region":"r","destination_vault_id":"v"}}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("missing field `vault_id`"),
        "{err}"
    );
}
