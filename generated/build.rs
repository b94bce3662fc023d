//! Runs the socgen generator on `../socs` (or `$SOCGEN_SOCS_DIR`) for the SoCs whose cargo
//! feature is on. A YAML error fails the build with the same located message `socgen check`
//! prints.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-env-changed=SOCGEN_SOCS_DIR");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let socs = std::env::var_os("SOCGEN_SOCS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.parent().unwrap_or(&manifest).join("socs"));
    // A new SoC file must be noticed even before its feature exists.
    println!("cargo::rerun-if-changed={}", socs.display());
    println!("cargo::rerun-if-changed={}", socs.join("blocks").display());

    let checked = socgen::check(std::slice::from_ref(&socs));
    for path in &checked.loaded.read_paths {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    if !checked.diagnostics.is_empty() {
        eprintln!("{}", checked.render(false));
    }
    // Warnings (e.g. device-tree facts that disagree) are shown by cargo, one line each.
    for d in &checked.diagnostics {
        if d.severity == socgen::diagnostics::Severity::Warning {
            let s = &checked.loaded.sources;
            let (at, code) = (d.position(s), d.code.as_str());
            println!("cargo::warning={at} warning[{code}]: {}", d.message);
        }
    }
    let Some(model) = &checked.model else {
        eprintln!(
            "qcom-socs: the SoC descriptions in {} have errors (above)",
            socs.display()
        );
        std::process::exit(1);
    };
    let enabled: Vec<String> = model
        .socs
        .iter()
        .filter(|s| std::env::var_os(format!("CARGO_FEATURE_{}", s.name.to_uppercase())).is_some())
        .map(|s| s.name.clone())
        .collect();
    let options = socgen::emit::rust::RustOptions {
        socs: Some(enabled),
        runtime: socgen::emit::rust::RuntimePath::Crate,
    };
    let code = socgen::emit::rust::generate(model, &options);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("qcom_socs.rs");
    if let Err(e) = std::fs::write(&out, code) {
        eprintln!("qcom-socs: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
