// A boolean field does not accept a string, nor a required string field an integer.
use huaweicloud_cbr::types::CheckpointReplicateParam;

fn main() {
    let mut p = CheckpointReplicateParam::new("a", "b", "c", "d");
    p.auto_trigger = Some("yes");
    p.vault_id = 42;
}
