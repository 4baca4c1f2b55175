//! The documented usage compiles: build the request from the generated constructors, a
//! client from a region or endpoint with token credentials, call the operation, and read
//! the error body the spec declares.
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

/// What the service said when it refused: the body the spec declares for the status.
fn refusal(error: &Error) -> Option<(&str, &str)> {
    let body: &types::ErrorResponse = huaweicloud_cbr::builder::CopyCheckpoint::error_body(error)?;
    Some((body.error_code.as_deref()?, body.error_msg.as_deref()?))
}

fn main() -> Result<(), Error> {
    let client = Client::builder()
        .region("cn-north-4")
        .credentials(Credentials::token("token").with_project_id("p"))
        .build()?;
    let _future = replicate(&client);
    let _ = refusal(&Error::Config("not a service error".to_owned()));
    let _other = Client::builder().endpoint("http://127.0.0.1:1").build()?;
    Ok(())
}
