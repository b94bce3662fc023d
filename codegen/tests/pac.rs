//! `socgen generate --lang pac`: svd2rust (as a library, feature `pac`) on socgen's SVD export.
//! With the feature, sm8550's PAC is generated through the CLI and compiled with
//! `cargo check -D warnings` against its crates.io dependencies (`vcell`,
//! `critical-section`); without it, the CLI refuses `--lang pac` and says how to enable it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socgen-pac-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn socgen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_socgen"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("run socgen")
}

#[cfg(feature = "pac")]
#[test]
fn sm8550_pac_is_generated_by_svd2rust_and_compiles() {
    let out = temp("out");
    let run = socgen(&[
        "generate",
        "--lang",
        "pac",
        "--soc",
        "sm8550",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let krate = out.join("pac/sm8550");
    let lib = std::fs::read_to_string(krate.join("src/lib.rs")).expect("lib.rs");
    let toml = std::fs::read_to_string(krate.join("Cargo.toml")).expect("Cargo.toml");
    assert!(toml.contains("name = \"sm8550-pac\"") && toml.contains("vcell"));

    // What svd2rust made of the SVD: a peripheral per instance at its base, the per-pipe
    // registers as arrays of num_channels copies, the QCE enums.
    let checked = socgen::check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")]);
    let model = checked.model.expect("valid catalogue");
    let soc = model.soc("sm8550").expect("sm8550");
    every_instance_is_a_peripheral_at_its_base(&lib, soc);
    assert!(lib.contains("pub const fn p_ctrl(&self, n: usize)"));
    assert!(
        lib.contains("[(); 20][n]"),
        "pipe arrays sized by num_channels (20)"
    );
    assert!(lib.contains("pub enum EncrMode"), "field enums");
    assert_eq!(
        socgen::emit::pac::lib_rs(&model, soc).expect("pac"),
        lib,
        "deterministic"
    );

    compiles_as_a_user_would(&krate);
    let _ = std::fs::remove_dir_all(&out);
}

#[cfg(feature = "pac")]
/// svd2rust made a peripheral of every instance, at its base address.
fn every_instance_is_a_peripheral_at_its_base(lib: &str, soc: &socgen::model::Soc) {
    for inst in &soc.instances {
        let mut camel = inst.name.clone();
        camel[..1].make_ascii_uppercase();
        let base = format!("{:#x}", inst.base);
        assert!(
            lib.contains(&format!("pub type {camel} = crate::Periph<")),
            "{}",
            inst.name
        );
        // prettyplease keeps svd2rust's literal, `0x01dc_4000` style.
        let digits: String = lib
            .split(&format!("pub type {camel} = crate::Periph<"))
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_hexdigit())
            .collect();
        assert!(
            digits
                .trim_start_matches('0')
                .ends_with(base.trim_start_matches("0x")),
            "{}: base {base} in {digits}",
            inst.name
        );
    }
}

#[cfg(feature = "pac")]
/// The PAC compiles as a user would build it, with its own crates.io dependencies.
fn compiles_as_a_user_would(krate: &Path) {
    // The target directory is shared between runs so that vcell and critical-section are built once.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--all-features"])
        .current_dir(krate)
        .env(
            "CARGO_TARGET_DIR",
            std::env::temp_dir().join("socgen-pac-target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo check");
    assert!(
        check.status.success(),
        "cargo check of the svd2rust PAC failed:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[cfg(not(feature = "pac"))]
#[test]
fn lang_pac_without_the_feature_says_how_to_enable_it() {
    let out = temp("refused");
    let run = socgen(&[
        "generate",
        "--lang",
        "pac",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("--features pac"), "{err}");
    assert!(!out.exists(), "nothing written");
}
