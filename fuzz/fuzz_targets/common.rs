//! Shared by the fuzz targets: turns one fuzz input into a small catalogue on disk and checks it.
//!
//! An input is a mode byte and a file:
//!
//! - `S` + bytes: the bytes are a SoC file, checked against the bundled blocks and fragments;
//! - `B` + bytes: the bytes are a block revision file, placed at `blocks/<block>/<revision>.yaml`
//!   (names taken from its `block:`/`revision:` lines) in a copy of the bundled catalogue, and
//!   checked together with one bundled SoC that uses that revision (if any);
//! - any other first byte picks one of the two by its low bit.
//!
//! File names follow the `soc:`/`block:`/`revision:` lines so that mutations of a bundled file
//! still pass the file-name rules and reach validation, lowering and the emitters.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A temporary catalogue: `soc_root` holds the bundled blocks and fragments (SoC files are written
/// per input), `block_root` a full copy of the bundled catalogue (one block is replaced per input).
pub struct Roots {
    soc_root: PathBuf,
    block_root: PathBuf,
    /// Bundled SoC files: (stem, text).
    socs: Vec<(String, String)>,
}

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create fuzz catalogue");
    for entry in std::fs::read_dir(from).expect("read bundled catalogue") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, &target).expect("copy bundled file");
        }
    }
}

fn roots() -> &'static Roots {
    static ROOTS: OnceLock<Roots> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("socgen-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let soc_root = base.join("soc");
        let block_root = base.join("block");
        copy_tree(&bundled().join("blocks"), &soc_root.join("blocks"));
        copy_tree(&bundled().join("common"), &soc_root.join("common"));
        copy_tree(&bundled(), &block_root);
        let mut socs = Vec::new();
        for entry in std::fs::read_dir(bundled()).expect("read socs") {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let stem = path
                    .file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .into_owned();
                socs.push((stem, std::fs::read_to_string(&path).expect("read soc")));
            }
        }
        socs.sort();
        Roots {
            soc_root,
            block_root,
            socs,
        }
    })
}

/// The value of the first top-level `key: value` line, if it makes a safe file-name part.
fn top_level(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        let value = rest.split('#').next()?.trim().trim_matches(['"', '\'']);
        let ok = !value.is_empty()
            && value.len() <= 40
            && value != "."
            && value != ".."
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        ok.then(|| value.to_string())
    })
}

/// Writes the input into a catalogue, checks it, restores the catalogue, and returns the result.
pub fn check(data: &[u8]) -> Option<socgen::Checked> {
    let (&mode, bytes) = data.split_first()?;
    let as_block = match mode {
        b'S' => false,
        b'B' => true,
        m => m & 1 == 1,
    };
    let roots = roots();
    let text = String::from_utf8_lossy(bytes);
    if as_block {
        let block = top_level(&text, "block").unwrap_or_else(|| "fuzz".into());
        let revision = top_level(&text, "revision").unwrap_or_else(|| "v1".into());
        let dir = roots.block_root.join("blocks").join(&block);
        let path = dir.join(format!("{revision}.yaml"));
        let original = std::fs::read(&path).ok();
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(&path, bytes).expect("write block");
        let mut paths = vec![path.clone()];
        let needle = format!("{block}@{revision}");
        if let Some((stem, _)) = roots.socs.iter().find(|(_, t)| t.contains(&needle)) {
            paths.push(roots.block_root.join(format!("{stem}.yaml")));
        }
        let checked = socgen::check(&paths);
        match original {
            Some(o) => std::fs::write(&path, o).expect("restore block"),
            None => {
                let _ = std::fs::remove_file(&path);
                let _ = std::fs::remove_dir(&dir);
            }
        }
        Some(checked)
    } else {
        let stem = top_level(&text, "soc").unwrap_or_else(|| "chip".into());
        let path = roots.soc_root.join(format!("{stem}.yaml"));
        std::fs::write(&path, bytes).expect("write soc");
        let checked = socgen::check(std::slice::from_ref(&path));
        let _ = std::fs::remove_file(&path);
        Some(checked)
    }
}

/// What every run must hold: each diagnostic is located and renders. With `SOCGEN_FUZZ_SHOW`
/// set (when replaying an input by hand), prints the diagnostics and whether a model was made.
pub fn assert_reported(checked: &socgen::Checked) {
    let rendered = checked.render(false);
    if std::env::var_os("SOCGEN_FUZZ_SHOW").is_some() {
        eprintln!("{rendered}\nmodel: {}", checked.model.is_some());
    }
    for d in &checked.diagnostics {
        assert!(
            d.loc.line > 0 && d.loc.col > 0,
            "unlocated diagnostic: {d:?}"
        );
        let _ = d.to_json(&checked.loaded.sources);
    }
    assert_eq!(
        checked.model.is_some(),
        !socgen::diagnostics::has_errors(&checked.diagnostics),
        "a model exactly when there is no error"
    );
}
