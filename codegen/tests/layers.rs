//! The layering the architecture promises, checked on the sources: validation reads only the
//! syntax; the analysis stage reads the model and its origins, never the syntax (the
//! device-tree comparison included: `dt::check` only chooses the SoC it compares); emitters read
//! the model, never the syntax, the loader or the validator (only `emit::schema` reads the
//! syntax types, because it describes the input); the no_std runtime knows nothing of the
//! generator.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The lines of `file` outside comments that name one of `paths`.
fn offending(file: &Path, paths: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("read source");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| paths.iter().any(|p| l.contains(p)))
        .map(|(n, l)| format!("{}:{}: {}", file.display(), n + 1, l.trim()))
        .collect()
}

#[test]
fn emitters_read_only_the_model() {
    let emit = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit");
    let forbidden = [
        "crate::syntax",
        "crate::load",
        "crate::validate",
        "super::super::syntax",
    ];
    let mut bad = Vec::new();
    let files = rust_files(&emit);
    assert!(
        files.len() > 8,
        "the emitters were not found under {}",
        emit.display()
    );
    for file in files {
        if file.file_name().is_some_and(|n| n == "schema.rs") {
            continue;
        }
        bad.extend(offending(&file, &forbidden));
    }
    assert!(
        bad.is_empty(),
        "emitters reading the input:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_analysis_reads_the_model_and_its_origins_not_the_syntax() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = rust_files(&src.join("analyze"));
    files.push(src.join("analyze.rs"));
    assert!(files.len() >= 3, "the analysis stage was not found");
    let mut bad = Vec::new();
    for file in files {
        bad.extend(offending(
            &file,
            &[
                "crate::syntax",
                "crate::load",
                "crate::validate",
                "crate::lower",
                "syntax::",
                "Loaded",
                "Spec",
            ],
        ));
    }
    assert!(
        bad.is_empty(),
        "the analysis reading the input:\n{}",
        bad.join("\n")
    );
}

/// The device-tree comparison codes, which only `analyze::dtb` raises.
const DT_COMPARISON: [&str; 8] = [
    "Code::DtBase",
    "Code::DtSize",
    "Code::DtNoNode",
    "Code::DtProperty",
    "Code::DtDma",
    "Code::DtMissingInstance",
    "Code::DtBoardDecision",
    "Code::DtAbsentProperty",
];

/// `dt::check` chooses the SoC a blob describes and hands it to the analysis stage: it reads no
/// syntax type (the board file's decisions are read in `dt/board.rs`) and raises none of the
/// comparison's codes, which `analyze::dtb` raises from the model and its origins.
#[test]
fn the_device_tree_check_chooses_and_the_analysis_compares() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let check = src.join("dt/check.rs");
    let mut forbidden = vec!["crate::syntax", "syntax::", "Spec"];
    forbidden.extend(DT_COMPARISON);
    let bad = offending(&check, &forbidden);
    assert!(
        bad.is_empty(),
        "dt::check comparing instead of choosing:\n{}",
        bad.join("\n")
    );
    let mut analysis = rust_files(&src.join("analyze/dtb"));
    analysis.push(src.join("analyze/dtb.rs"));
    for code in DT_COMPARISON {
        assert!(
            analysis.iter().any(|f| !offending(f, &[code]).is_empty()),
            "{code} is not raised in analyze::dtb"
        );
    }
}

#[test]
fn validation_reads_only_the_syntax() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = rust_files(&src.join("validate"));
    files.push(src.join("validate.rs"));
    let mut bad = Vec::new();
    for file in files {
        bad.extend(offending(
            &file,
            &["model::Model", "&Model", "crate::lower", "Origins"],
        ));
    }
    assert!(
        bad.is_empty(),
        "validation reading the model:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_runtime_knows_nothing_of_the_generator() {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/runtime/src");
    let mut bad = Vec::new();
    for file in rust_files(&runtime) {
        bad.extend(offending(
            &file,
            &["socgen::", "extern crate std", "alloc::"],
        ));
    }
    assert!(
        bad.is_empty(),
        "the runtime depends on more than core:\n{}",
        bad.join("\n")
    );
}

/// The check is not vacuous: a line naming the syntax in an emitter is found.
#[test]
fn a_syntax_path_in_an_emitter_is_caught() {
    let dir = std::env::temp_dir().join(format!("socgen-layers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.rs");
    std::fs::write(
        &file,
        "// crate::syntax in a comment is fine\nuse crate::syntax::SocFile;\n",
    )
    .unwrap();
    let found = offending(&file, &["crate::syntax"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with(":2: use crate::syntax::SocFile;"),
        "{found:?}"
    );
}

/// A block's role (`bam`, `dma-engine`, `crypto-engine`, `peripheral`) is decided once, from
/// its `role:` key (`model::BlockRole`, E0119), never from its name: no code compares a block
/// name with the name of a block kind.
#[test]
fn a_blocks_role_comes_from_its_role_key_not_its_name() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut bad = Vec::new();
    for file in rust_files(&src) {
        for kind in ["\"bam\"", "\"qce\""] {
            bad.extend(offending(
                &file,
                &[
                    &format!("== {kind}"),
                    &format!("!= {kind}"),
                    &format!("starts_with({kind}"),
                ],
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "a block kind decided by name; ask `Block::role` (`is_bam`, `is_crypto_engine`):\n{}",
        bad.join("\n")
    );
}
