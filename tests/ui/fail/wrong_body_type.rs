// The operation's body is the spec's request type, not a string or another type.
use huaweicloud_cbr::{Client, types};

async fn call(client: &Client) {
    let _ = client.copy_checkpoint().body("{\"replicate\":{}}").send().await;
    let _ = client.copy_checkpoint().body(types::CheckpointReplicateParam::new("a", "b", "c", "d")).send().await;
}

fn main() {}
