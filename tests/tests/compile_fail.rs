//! What the generated types forbid does not compile.

#[test]
fn forbidden_uses_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("compile-fail/*.rs");
}
