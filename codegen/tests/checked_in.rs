//! Every checked-in file generated from `socs/` ([`socgen::checked_in::files`]: the shipped
//! `qcom-socs` sources, the runtime's BAM register values, the BAM revisions of the driver's
//! tests, the JSON Schemas) equals a fresh generation. One test for all of them, so a new
//! generated file cannot be left without one; `SOCGEN_BLESS=1` rewrites the stale ones.

use std::path::Path;

#[test]
fn checked_in_generated_files_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let checked = socgen::check(&[root.join("socs")]);
    let Some(model) = &checked.model else {
        panic!("socs/ has errors:\n{}", checked.render(false));
    };
    let files = socgen::checked_in::files(model);
    assert!(files.len() >= 7, "generated files: {}", files.len());
    let bless = std::env::var("SOCGEN_BLESS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for file in &files {
        let path = root.join(&file.path);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed == file.contents {
            continue;
        }
        if bless {
            std::fs::create_dir_all(path.parent().expect("a parent directory")).expect("mkdir");
            std::fs::write(&path, &file.contents).expect("write");
            eprintln!("refreshed {}", file.path);
            continue;
        }
        let line = committed
            .lines()
            .zip(file.contents.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(file.contents.lines().count()));
        stale.push(format!(
            "{} (first difference at line {})",
            file.path,
            line + 1
        ));
    }
    assert!(
        stale.is_empty(),
        "stale generated files:\n  {}\nrefresh them with `{}`",
        stale.join("\n  "),
        socgen::checked_in::REFRESH
    );
}

/// The generated Rust files say they are generated and how to refresh them, so nobody edits
/// one by hand.
#[test]
fn generated_rust_files_name_their_refresh_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let checked = socgen::check(&[root.join("socs")]);
    let model = checked.model.expect("the bundled catalogue is valid");
    for file in socgen::checked_in::files(&model) {
        if file.path.ends_with(".rs") {
            let head: String = file.contents.lines().take(2).collect();
            assert!(
                head.starts_with("// @generated") && head.contains(socgen::checked_in::REFRESH),
                "{}: {head}",
                file.path
            );
        }
    }
}
