// The client's state (and its credentials) is private; nothing reads a token back out.
use huaweicloud_cbr::Client;

fn main() {
    let client = Client::builder().build().unwrap();
    let _ = client.core;
}
