//! Chooses where the register code comes from.
//!
//! A consumer of the published crate compiles `src/generated.rs`, the shipped output of socgen
//! for every bundled SoC behind its feature, and this script does nothing. With the
//! `regenerate` feature (on in socgen's own workspace) the script runs the generator on
//! `../socs` (or `$SOCGEN_SOCS_DIR`) for the SoCs whose feature is on, plus those named in
//! `$SOCGEN_SOCS`, and the crate compiles that instead (`cfg(socgen_regenerated)`). A YAML
//! error fails the build with the same located message `socgen check` prints.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(socgen_regenerated)");
    println!("cargo::rerun-if-env-changed=SOCGEN_SOCS_DIR");
    println!("cargo::rerun-if-env-changed=SOCGEN_SOCS");
    #[cfg(feature = "regenerate")]
    regenerate::run();
    #[cfg(not(feature = "regenerate"))]
    for var in ["SOCGEN_SOCS_DIR", "SOCGEN_SOCS"] {
        if std::env::var_os(var).is_some() {
            eprintln!(
                "qcom-socs: {var} is set, but without the `regenerate` feature this crate only \
                 has the shipped code of the bundled SoCs; depend on it with \
                 `features = [\"regenerate\"]` to generate from your own YAML"
            );
            std::process::exit(1);
        }
    }
}

#[cfg(feature = "regenerate")]
mod regenerate {
    use std::path::PathBuf;

    pub fn run() {
        let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
        let socs = match std::env::var_os("SOCGEN_SOCS_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => {
                let repo = manifest.parent().unwrap_or(&manifest).join("socs");
                if !repo.is_dir() {
                    // A packaged crate: the shipped code is what the generator would write.
                    return;
                }
                repo
            }
        };
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
            fail(&format!(
                "the SoC descriptions in {} have errors (above)",
                socs.display()
            ));
        };
        let mut enabled: Vec<String> = model
            .socs
            .iter()
            .filter(|s| {
                std::env::var_os(format!("CARGO_FEATURE_{}", s.name.to_uppercase())).is_some()
            })
            .map(|s| s.name.clone())
            .collect();
        // SoCs without a cargo feature (a consumer's own, in SOCGEN_SOCS_DIR), by name.
        let named = std::env::var("SOCGEN_SOCS").unwrap_or_default();
        for name in named.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !model.socs.iter().any(|s| s.name == name) {
                let known: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
                fail(&format!(
                    "SOCGEN_SOCS names `{name}`, which is not a SoC in {} (there: {}); \
                     fix the name or add {name}.yaml there",
                    socs.display(),
                    known.join(", ")
                ));
            }
            if !enabled.iter().any(|e| e == name) {
                enabled.push(name.to_string());
            }
        }
        let options = socgen::emit::rust::RustOptions {
            socs: Some(enabled),
            runtime: socgen::emit::rust::RuntimePath::Crate,
        };
        // Unformatted: rustc does not care, and prettyplease would be one more build dependency.
        let code = socgen::emit::rust::tokens(model, &options).to_string();
        let out =
            PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("qcom_socs.rs");
        if let Err(e) = std::fs::write(&out, code) {
            fail(&format!("cannot write {}: {e}", out.display()));
        }
        println!("cargo::rustc-cfg=socgen_regenerated");
    }

    fn fail(message: &str) -> ! {
        eprintln!("qcom-socs: {message}");
        std::process::exit(1);
    }
}
