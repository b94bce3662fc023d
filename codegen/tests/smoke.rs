//! Mutated real files through the whole pipeline (load, validate, lower, the emitters: Rust,
//! standalone, C, SVD, docs): whatever the bytes, socgen reports or generates, and never panics.
//! The fuzz targets in `fuzz/` run the same entry points for longer.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn socs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop_oneof![
        Just(":".to_string()),
        Just("- ".to_string()),
        Just("\n  ".to_string()),
        Just("0x".to_string()),
        Just("[".to_string()),
        Just("}".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("4294967296".to_string()),
        Just("-1".to_string()),
        Just("unknown".to_string()),
        "[a-z_]{1,8}",
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), token).prop_map(|(i, t)| Edit::Insert(i, t)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Flip(i, b) => {
                if !bytes.is_empty() {
                    bytes[i % len] ^= b | 1;
                }
            }
            Edit::Delete(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                bytes.drain(start.min(bytes.len())..end);
            }
            Edit::Insert(i, t) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, t.bytes());
            }
            Edit::Duplicate(i, n) => {
                let start = (i % len).min(bytes.len());
                let end = (start + n).min(bytes.len());
                let chunk = bytes[start..end].to_vec();
                bytes.splice(end..end, chunk);
            }
        }
    }
    bytes
}

fn run(file: &str, edits: &[Edit]) {
    let root = std::env::temp_dir().join(format!(
        "socgen-smoke-{}-{}",
        std::process::id(),
        file.replace('/', "_")
    ));
    let _ = std::fs::remove_dir_all(&root);
    for f in [
        "sm8550.yaml",
        "blocks/bam/v1.7.0.yaml",
        "blocks/bam/shared/registers.yaml",
        "blocks/qce/v5.yaml",
    ] {
        std::fs::create_dir_all(root.join(f).parent().expect("dir")).expect("mkdir");
        let original = std::fs::read(socs().join(f)).expect("read");
        let bytes = if f == file {
            apply(original, edits)
        } else {
            original
        };
        std::fs::write(root.join(f), bytes).expect("write");
    }
    let checked = socgen::check(std::slice::from_ref(&root));
    let _ = checked.render(false);
    for d in &checked.diagnostics {
        let _ = d.to_json(&checked.loaded.sources);
        assert!(d.loc.line > 0, "every diagnostic is located: {d:?}");
    }
    if let Some(model) = &checked.model {
        // Validation accepted it, so lowering must keep every SoC: a dropped one would vanish
        // from every output without a word.
        let lowered: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
        for soc in &checked.loaded.socs {
            assert!(
                lowered.contains(&soc.syntax.soc.value.as_str()),
                "lowering dropped `{}`",
                soc.syntax.soc.value
            );
        }
        let _ = socgen::emit::rust::generate(model, &Default::default());
        for block in &model.blocks {
            let _ = socgen::emit::c::block_header(block);
        }
        for soc in &model.socs {
            let _ = socgen::emit::standalone::files(model, &soc.name);
            let _ = socgen::emit::c::files(model, soc);
            let _ = socgen::emit::svd::generate(model, soc);
            let _ = socgen::emit::docs::markdown_files(model, soc);
            let _ = socgen::emit::docs::html_files(model, soc);
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mutated_soc_files_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        run("sm8550.yaml", &edits);
    }

    #[test]
    fn mutated_block_files_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        run("blocks/bam/v1.7.0.yaml", &edits);
    }
}
