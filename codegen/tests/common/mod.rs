//! Shared by the codegen tests that compile generated C.

use std::path::Path;
use std::process::Command;

/// Compiles `test_<soc>.c` in `dir` (the generated `_Static_assert` program) as the C headers
/// promise to compile: C11, every warning an error, pedantic. Returns gcc's stderr on failure.
pub fn gcc_compiles_test_program(dir: &Path, soc: &str) -> Result<(), String> {
    let out = Command::new("gcc")
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-c",
            "-o",
        ])
        .arg(dir.join(format!("test_{soc}.o")))
        .arg(dir.join(format!("test_{soc}.c")))
        .output()
        .expect("gcc is installed on the build machine");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
