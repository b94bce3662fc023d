//! Every bundled YAML file satisfies the schema its `yaml-language-server` line names, and the
//! schema refuses what the loader refuses. (That `socs/schema/` is the serde types' schema,
//! with no drift, is `checked_in.rs`'s freshness test.)

use std::path::{Path, PathBuf};

fn socs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn every_bundled_file_satisfies_its_schema() {
    let mut files = Vec::new();
    yaml_files(&socs(), &mut files);
    files.sort();
    assert!(files.len() >= 25, "catalogue files: {}", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let first = text.lines().next().unwrap_or_default();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line names no schema", file.display()));
        let schema_path = file.parent().expect("dir").join(rel);
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&schema_path).expect("schema"))
                .expect("json");
        let validator = jsonschema::validator_for(&schema).expect("valid schema");
        let doc: serde_json::Value = serde_saphyr::from_str(&text).expect("yaml");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            file.display(),
            errors.join("; ")
        );
    }
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let schema: serde_json::Value =
        serde_json::from_str(&socgen::emit::schema::schemas()[0].1).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let bad: serde_json::Value = serde_saphyr::from_str(
        "block: t\nrevision: v1\nsource: s\nregisters:\n  - {name: A, ofset: 0, access: rw, reset: 0}\n",
    )
    .expect("yaml");
    assert!(
        !validator.is_valid(&bad),
        "unknown key `ofset` must be refused"
    );
}
