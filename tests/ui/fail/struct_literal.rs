// Generated structs are #[non_exhaustive]: a struct literal (which would break when the
// spec adds a field) does not compile outside the crate.
use huaweicloud_cbr::types::CheckpointReplicateReq;
use huaweicloud_cbr::types::CheckpointReplicateParam;

fn main() {
    let p = CheckpointReplicateParam::new("a", "b", "c", "3b5816b5-f29c-4172-9d9a-76c719a659ce");
    let _ = CheckpointReplicateReq { replicate: p };
}
