//! The standalone export's drivers (`socgen generate --lang rust`): the BAM and QCE driver
//! crates and `driver.rs` build with bare `rustc --edition 2024 -C panic=abort`, `no_std`, in
//! the order `driver.rs` documents, and a `no_std` staticlib calling the lock-wrapped submit
//! path links into a C program with gcc and does what the lock setup says.

use socgen::emit::standalone::{self, BAM_DRIVER_SOURCES, QCE_DRIVER_SOURCES};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model() -> &'static socgen::model::Model {
    static MODEL: OnceLock<socgen::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        socgen::check(&[root().join("socs")])
            .model
            .expect("the catalogue validates")
    })
}

/// Every `.rs` file under `dir`, relative to it, skipping `skip` (a subdirectory).
fn rust_files(dir: &Path, skip: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            let rel = path
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                if rel != skip {
                    stack.push(path);
                }
            } else if rel.ends_with(".rs") {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

fn names(table: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = table.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    names
}

#[test]
fn the_source_tables_name_every_file_of_the_driver_crates() {
    // A module added to a driver and missing here would leave the export unbuildable.
    assert_eq!(
        names(BAM_DRIVER_SOURCES),
        rust_files(&root().join("drivers/bam/src"), "testing")
    );
    assert_eq!(
        names(QCE_DRIVER_SOURCES),
        rust_files(&root().join("drivers/qce/src"), "")
    );
}

/// Writes `soc`'s standalone export into a fresh directory.
fn export(soc: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "socgen-standalone-drivers-{}-{soc}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, text) in standalone::files(model(), soc) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    dir
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs the `rustc` lines `driver.rs` documents, as a user would copy them, with warnings
/// denied; returns the crate names they built.
fn build_as_documented(dir: &Path) -> Vec<String> {
    let driver = std::fs::read_to_string(dir.join("driver.rs")).expect("driver.rs");
    let mut built = Vec::new();
    for line in driver.lines().filter_map(|l| l.strip_prefix("//! rustc ")) {
        let args: Vec<&str> = line.split_whitespace().collect();
        assert!(
            args.windows(2).any(|w| w == ["-C", "panic=abort"])
                && args.windows(2).any(|w| w == ["--edition", "2024"]),
            "{line}"
        );
        run(
            Command::new("rustc")
                .current_dir(dir)
                .args(&args)
                .args(["-D", "warnings"]),
            line,
        );
        if let Some(pos) = args.iter().position(|a| *a == "--crate-name") {
            built.push(args[pos + 1].to_string());
        }
    }
    built
}

/// Builds `probe` (under tests/nostd-probe/standalone) as a `no_std` staticlib against the
/// export in `dir`, links it into the probe's C program with gcc and runs it.
fn link_and_run(dir: &Path, probe: &str) {
    let probes = root().join("tests/nostd-probe/standalone");
    let lib = dir.join("libprobe.a");
    // LTO: the precompiled `core` carries unwinding tables naming `rust_eh_personality`, which
    // a panic=abort program never reaches and which LTO drops.
    run(
        Command::new("rustc")
            .current_dir(dir)
            .args(["--edition", "2024", "-C", "panic=abort", "-D", "warnings"])
            .args([
                "-C",
                "opt-level=2",
                "-C",
                "lto",
                "--crate-type",
                "staticlib",
            ])
            .args(["--crate-name", "probe", "-L", "."])
            .args(["--extern", "socgen_driver=libsocgen_driver.rlib", "-o"])
            .arg(&lib)
            .arg(probes.join(format!("{probe}.rs"))),
        "rustc (probe staticlib)",
    );
    let exe = dir.join("probe");
    run(
        Command::new("gcc")
            .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-o"])
            .arg(&exe)
            .arg(probes.join(format!("{probe}.c")))
            .arg(&lib)
            .arg("-Wl,--gc-sections"),
        "gcc (probe)",
    );
    run(&mut Command::new(&exe), "the linked probe");
}

#[test]
fn sm8550_drivers_build_bare_and_the_locked_submit_links_into_c() {
    let dir = export("sm8550");
    let built = build_as_documented(&dir);
    assert_eq!(
        built,
        [
            "socgen_runtime",
            "qcom_socs",
            "socgen_bam",
            "socgen_qce",
            "socgen_driver"
        ]
    );
    link_and_run(&dir, "locked");
    // Without the cfg, lib.rs is still the self-contained register crate it was.
    run(
        Command::new("rustc")
            .current_dir(&dir)
            .args([
                "--crate-type",
                "rlib",
                "--edition",
                "2021",
                "-C",
                "panic=abort",
            ])
            .args(["-D", "warnings", "--crate-name", "alone", "lib.rs"]),
        "rustc lib.rs alone",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_locked_soc_gets_its_own_lock_target_in_the_same_probe() {
    // msm8996 locks pipe 6, not sm8550's 4: the probe reads the pipe from driver.rs only.
    let dir = export("msm8996");
    build_as_documented(&dir);
    link_and_run(&dir, "locked");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bam_v1_4_without_a_lock_exports_the_bam_driver_alone() {
    let dir = export("msm8974");
    let driver = std::fs::read_to_string(dir.join("driver.rs")).expect("driver.rs");
    // No lock setup and no crypto engine: no lock target, no QCE crate to build.
    assert!(!driver.contains("pub type Lock ") && !driver.contains("socgen_qce"));
    assert!(!dir.join("socgen_qce").exists());
    assert_eq!(
        build_as_documented(&dir),
        ["socgen_runtime", "qcom_socs", "socgen_bam", "socgen_driver"]
    );
    link_and_run(&dir, "unlocked");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bam_v1_3_builds_bare() {
    let dir = export("apq8064");
    assert_eq!(
        build_as_documented(&dir),
        ["socgen_runtime", "qcom_socs", "socgen_bam", "socgen_driver"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_export_is_deterministic_and_names_no_build_machine_path() {
    let first = standalone::files(model(), "sm8550");
    assert_eq!(first, standalone::files(model(), "sm8550"));
    for (rel, text) in &first {
        assert!(!text.contains(env!("CARGO_MANIFEST_DIR")), "{rel}");
    }
    assert!(standalone::driver_files(model(), "no-such-soc").is_empty());
    assert!(standalone::driver_crates(model(), "no-such-soc").is_empty());
}
