//! What the generated API accepts, and what it refuses to compile (trybuild; the expected
//! compiler messages are kept in tests/ui/fail/*.stderr).

#[test]
fn generated_api_accepts_and_refuses() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
