//! Placeholder replaced by the benchmark (see tests/benches/README.md).
fn main() {}
