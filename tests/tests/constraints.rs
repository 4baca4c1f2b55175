//! The spec's request-side constraints are checked by `Validate`, naming the field and rule.

use hcgen_runtime::Rule;
use huaweicloud_cbr::{Validate, types};

fn param(region: &str, vault: &str) -> types::CheckpointReplicateReq {
    types::CheckpointReplicateReq::new(types::CheckpointReplicateParam::new(
        "68589cac08274b82b4e254268a3862d8",
        region,
        "0ca3eb86-8800-46da-9c37-9d657a825274",
        vault,
    ))
}

const VAULT: &str = "3b5816b5-f29c-4172-9d9a-76c719a659ce";

#[test]
fn documented_request_is_valid() {
    assert_eq!(param("region2", VAULT).validate(), Ok(()));
}

#[test]
fn destination_region_of_256_characters_is_rejected() {
    let err = param(&"r".repeat(256), VAULT).validate().unwrap_err();
    assert_eq!(err.violations.len(), 1);
    assert_eq!(err.violations[0].field, "replicate.destination_region");
    assert_eq!(err.violations[0].rule, Rule::MaxLength(255));
    assert_eq!(
        err.to_string(),
        "`replicate.destination_region` breaks maxLength 255: is 256 characters long"
    );
}

#[test]
fn destination_region_boundaries() {
    assert_eq!(param(&"r".repeat(255), VAULT).validate(), Ok(()));
    assert_eq!(param("", VAULT).validate(), Ok(()), "minLength is 0");
    // Characters, not bytes: 255 CJK characters are 765 bytes and still valid.
    assert_eq!(param(&"区".repeat(255), VAULT).validate(), Ok(()));
}

#[test]
fn vault_id_that_is_not_a_uuid_is_rejected() {
    for bad in [
        "not-a-uuid",
        "3b5816b5f29c41729d9a76c719a659ce",
        "",
        "3b5816b5-f29c-4172-9d9a-76c719a659cg",
    ] {
        let err = param("region2", bad).validate().unwrap_err();
        assert_eq!(err.violations[0].field, "replicate.vault_id", "{bad}");
        assert_eq!(err.violations[0].rule, Rule::Uuid, "{bad}");
        assert!(err.to_string().contains("breaks format uuid"), "{err}");
    }
}

#[test]
fn all_violations_are_reported_together() {
    let err = param(&"r".repeat(300), "nope").validate().unwrap_err();
    let fields: Vec<&str> = err.violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        ["replicate.destination_region", "replicate.vault_id"]
    );
}
