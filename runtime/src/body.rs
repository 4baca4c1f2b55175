//! Reading a response body under a byte limit.

use bytes::{Bytes, BytesMut};

/// Default limit of a response body: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// More than the limit arrived, or `Content-Length` announced more.
    TooLarge,
    /// The transport failed while reading.
    Transport(reqwest::Error),
}

/// Reads `response`'s body chunk by chunk, and stops as soon as it would exceed `limit`
/// bytes; a `Content-Length` over the limit fails before anything is read. At most `limit`
/// bytes are ever buffered.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Bytes, ReadError> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Err(ReadError::TooLarge);
    }
    let mut received: u64 = 0;
    // One chunk is returned as it is; more are joined.
    let mut single: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        received += chunk.len() as u64;
        if received > limit {
            return Err(ReadError::TooLarge);
        }
        if let Some(first) = single.take() {
            // Trust the announced length only as far as the limit allows.
            let announced = usize::try_from(declared.unwrap_or(0)).unwrap_or(0);
            joined.reserve(announced.max(first.len() + chunk.len()));
            joined.extend_from_slice(&first);
            joined.extend_from_slice(&chunk);
        } else if joined.is_empty() {
            single = Some(chunk);
        } else {
            joined.extend_from_slice(&chunk);
        }
    }
    Ok(single.unwrap_or_else(|| joined.freeze()))
}
