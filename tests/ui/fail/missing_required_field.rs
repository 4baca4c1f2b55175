// Omitting a required field (vault_id) does not compile.
use huaweicloud_cbr::types::CheckpointReplicateParam;

fn main() {
    let _ = CheckpointReplicateParam::new("68589cac08274b82b4e254268a3862d8", "region2", "0ca3eb86");
}
