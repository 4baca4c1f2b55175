//! Shared helpers for the end-to-end tests (see `tests/`).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The request of the API reference's CopyCheckpoint example, built with the generated API.
pub fn documented_request() -> huaweicloud_cbr::types::CheckpointReplicateReq {
    use huaweicloud_cbr::types;
    types::CheckpointReplicateReq::new(
        types::CheckpointReplicateParam::new(
            "68589cac08274b82b4e254268a3862d8",
            "region2",
            "0ca3eb86-8800-46da-9c37-9d657a825274",
            "3b5816b5-f29c-4172-9d9a-76c719a659ce",
        )
        .with_auto_trigger(false)
        .with_enable_acceleration(false),
    )
}

/// The response of the API reference's CopyCheckpoint example, as JSON.
pub fn documented_response() -> serde_json::Value {
    serde_json::json!({"replication": {
        "destination_vault_id": "0ca3eb86-8800-46da-9c37-9d657a825274",
        "provider_id": "0daac4c5-6707-4851-97ba-169e36266b66",
        "source_region": "region1",
        "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce",
        "destination_region": "region2",
        "destination_project_id": "68589cac08274b82b4e254268a3862d8",
        "backups": [
            {"replication_record_id": "de128dfa-5451-4905-9c11-8fc842b2f41e", "backup_id": "7558e1a3-7046-4787-95cd-14b0ad0642a8"},
            {"replication_record_id": "892a7d1e-17c8-4751-ad75-cfbed7051857", "backup_id": "6df2b54c-dd62-4059-a07c-1b8f24f2725d"},
            {"replication_record_id": "8bf5ce8f-bfa1-4d57-98de-d6159ab9d86d", "backup_id": "aa00034d-ef40-443d-ab7a-dc846d988cdf"}
        ],
        "project_id": "4229d7a45436489f8c3dc2b1d35d4987"
    }})
}
