//! Shared by the device-tree tests (`dt_blobs.rs`, `dt_import.rs`, `dt_check.rs`): where the
//! catalogue is, scratch directories, compiling `.dts` sources with `dtc`, and the bundled model.
// Each test file includes this module and uses only some of it.
#![allow(dead_code)]

use socgen::model::Model;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn socs() -> PathBuf {
    repo().join("socs")
}

pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socgen-dt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Compiles a .dts with `dtc -@` (labels kept in `/__symbols__`).
pub fn dtc(dts: &Path, dtb: &Path) {
    dtc_with(dts, dtb, &[]);
}

/// `dtc` with extra flags (`-f` forces a blob out of a tree dtc finds wrong).
pub fn dtc_with(dts: &Path, dtb: &Path, flags: &[&str]) {
    let out = Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-@"])
        .args(flags)
        .arg("-o")
        .arg(dtb)
        .arg(dts)
        .output()
        .expect("dtc not found: install the Debian package device-tree-compiler (.ci/run does)");
    assert!(
        out.status.success(),
        "dtc failed on {}:\n{}",
        dts.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn catalogue() -> Model {
    socgen::check(&[socs()])
        .model
        .expect("the bundled catalogue validates")
}

pub fn compile(out: &Path, name: &str, dts: &str) -> PathBuf {
    let src = out.join(format!("{name}.dts"));
    std::fs::write(&src, dts).expect("write dts");
    let dtb = out.join(format!("{name}.dtb"));
    dtc(&src, &dtb);
    dtb
}
