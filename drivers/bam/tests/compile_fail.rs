//! What the driver's types forbid does not compile: lock flags on data descriptors, IMME on
//! any descriptor, a bus address wider than 32 bits, and a locking pipe on a BAM revision
//! without pipe locking. `tests/compile-pass` is the positive
//! control (and makes trybuild run a full build, which the compile-time assertion in
//! `Pipe::new_locked` needs: it fires at monomorphization, which `cargo check` skips).

#[test]
fn forbidden_uses_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/compile-pass/*.rs");
    cases.compile_fail("tests/compile-fail/*.rs");
}
