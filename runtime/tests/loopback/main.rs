//! The client against a loopback server that counts what it receives: retries, hooks and
//! the response size limit.

mod hooks;
mod limits;
mod retries;
mod server;
mod tls;

use hcgen_runtime::{
    ApiInfo, ClientBuilder, ClientCore, Error, FromCore, OperationInfo, RawResponse, RetryPolicy,
};
use std::time::Duration;

static API: ApiInfo = ApiInfo {
    crate_name: "loopback",
    crate_version: "0",
    profile: None,
    servers: &[],
};

pub static GET: OperationInfo = OperationInfo {
    name: "getThing",
    method: "GET",
    path_template: "/thing",
    security: &[],
};

pub static POST: OperationInfo = OperationInfo {
    name: "createThing",
    method: "POST",
    path_template: "/thing",
    security: &[],
};

pub struct Client(pub ClientCore);

impl FromCore for Client {
    fn from_core(core: ClientCore) -> Self {
        Client(core)
    }
}

/// A builder for a client of `url`: bounded time-outs, retries with 1 ms delays.
pub fn builder(url: &str) -> ClientBuilder<Client> {
    ClientBuilder::new(&API)
        .endpoint(url)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .retry_policy(fast_retries())
}

/// The default policy with 1 ms delays.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(1))
}

/// Calls `op` (a JSON body for POST) and gives up after 20 s, so that no test can hang.
pub async fn call(core: &ClientCore, op: &'static OperationInfo) -> Result<RawResponse, Error> {
    let mut request = core.request(op, "/thing".to_owned());
    if op.method == "POST" {
        request.json_body(&serde_json::json!({"name": "x"}))?;
    }
    tokio::time::timeout(Duration::from_secs(20), request.send())
        .await
        .expect("the call ends within 20 s")
}
