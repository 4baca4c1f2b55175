//! The documented usage compiles: build the request from the generated constructors, a
//! client from a region or endpoint with token credentials, and call the operation.
use huaweicloud_cbr::{ApiResponse, Client, Credentials, Error, types};

async fn replicate(client: &Client) -> Result<ApiResponse<types::CopyCheckpointResponseBody>, Error> {
    let body = types::CheckpointReplicateReq::new(
        types::CheckpointReplicateParam::new(
            "68589cac08274b82b4e254268a3862d8",
            "region2",
            "0ca3eb86-8800-46da-9c37-9d657a825274",
            "3b5816b5-f29c-4172-9d9a-76c719a659ce",
        )
        .with_auto_trigger(false)
        .with_enable_acceleration(false),
    );
    client
        .copy_checkpoint()
        .project_id("f841e01fd2b14e7fa41b6ae7aa6b0594")
        .body(body)
        .send()
        .await
}

fn main() -> Result<(), Error> {
    let client = Client::builder()
        .region("cn-north-4")
        .credentials(Credentials::token("token").with_project_id("p"))
        .build()?;
    let _future = replicate(&client);
    let _other = Client::builder().endpoint("http://127.0.0.1:1").build()?;
    Ok(())
}
