// A request builder that is never sent is flagged (#[must_use]).
#![deny(unused_must_use)]
use huaweicloud_cbr::Client;

fn main() {
    let client = Client::builder().build().unwrap();
    client.copy_checkpoint().project_id("p");
}
