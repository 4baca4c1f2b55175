// A boolean field does not accept a string.
use huaweicloud_cbr::types::CheckpointReplicateParam;

fn main() {
    let _ = CheckpointReplicateParam::new("a", "b", "c", "d").with_auto_trigger("yes");
}
