//! What the driver's types forbid does not compile.

#[test]
fn forbidden_uses_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile-fail/*.rs");
}
