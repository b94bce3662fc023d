//! Golden tests: the generated code for a small fixture SoC, and the model dump, as snapshots
//! that double as documentation of what the emitter produces. Review changes with
//! `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::PathBuf;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn model() -> socgen::model::Model {
    let checked = socgen::check(&[fixture()]);
    assert!(
        // The fixture's wrap lock with a read dummy warns W0310 and W0311; nothing else may.
        checked
            .diagnostics
            .iter()
            .all(|d| d.code.is_lock_evidence()),
        "fixture must be clean:\n{}",
        checked.render(false)
    );
    checked.model.expect("model")
}

#[test]
fn generated_rust_for_the_fixture_soc() {
    let code = socgen::emit::rust::generate(&model(), &Default::default());
    insta::assert_snapshot!("fixture_rust", code);
}

#[test]
fn model_dump_of_the_fixture() {
    insta::assert_snapshot!("fixture_model", format!("{:#?}", model()));
}

#[test]
fn generation_is_deterministic_and_independent_of_the_working_directory() {
    let first = socgen::emit::rust::generate(&model(), &Default::default());
    let here = std::env::current_dir().expect("cwd");
    std::env::set_current_dir(std::env::temp_dir()).expect("chdir");
    let second = socgen::emit::rust::generate(&model(), &Default::default());
    std::env::set_current_dir(here).expect("chdir back");
    assert_eq!(first, second);
    assert!(
        !first.contains(env!("CARGO_MANIFEST_DIR")),
        "no absolute paths in output"
    );
}

#[test]
fn standalone_export_builds_with_bare_rustc() {
    let model = model();
    let dir = std::env::temp_dir().join(format!("socgen-standalone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, text) in socgen::emit::standalone::files(&model, "chip") {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    let out = std::process::Command::new("rustc")
        .args([
            "--crate-type",
            "rlib",
            "--edition",
            "2021",
            "-C",
            "panic=abort",
            "-D",
            "warnings",
        ])
        .arg("--out-dir")
        .arg(&dir)
        .arg(dir.join("lib.rs"))
        .output()
        .expect("run rustc");
    assert!(
        out.status.success(),
        "rustc failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_lock_doc_comment_names_the_graded_facts() {
    // The fixture's BAM is no `bam` block, so it gets no `Lock`; sm8550's does.
    let socs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../socs");
    let model = socgen::check(&[socs]).model.expect("valid catalogue");
    let code = socgen::emit::rust::generate(&model, &Default::default());
    let lock = model
        .soc("sm8550")
        .and_then(|s| s.lock.as_ref())
        .expect("sm8550 has a lock");
    assert!(code.contains("It rests on these facts"), "{code}");
    for f in &lock.facts {
        let line = format!("- `{}`: {}", f.subject.name(), f.evidence.grade.as_str());
        assert!(code.contains(&line), "{line}");
    }
}
