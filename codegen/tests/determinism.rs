//! Generated output depends on the catalogue and nothing else: `socgen generate --all` run twice,
//! from two working directories into two output directories (one relative, one absolute), writes
//! byte-identical trees, and no generated file names an absolute path or carries a timestamp.
//!
//! Whatever languages `generate --all` writes are compared: the test walks the output trees and
//! knows no list of files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("checkout path")
}

/// Every file under `root`, by path relative to it.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read output dir")
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("inside root").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read output file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn generate(cwd: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_socgen"))
        .arg("generate")
        .arg("--all")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run socgen");
    assert!(
        out.status.success(),
        "socgen generate --all {args:?} in {} failed:\n{}",
        cwd.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `YYYY-MM-DD` (19xx or 20xx) or `HH:MM:SS`, as such; `None` if the text has neither.
fn timestamp_like(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let boundary = |i: usize| i == 0 || !b[i - 1].is_ascii_alphanumeric();
    for i in 0..b.len() {
        if let Some(w) = b.get(i..i + 10)
            && boundary(i)
            && (w.starts_with(b"19") || w.starts_with(b"20"))
            && digits(&w[..4])
            && w[4] == b'-'
            && digits(&w[5..7])
            && w[7] == b'-'
            && digits(&w[8..10])
        {
            return Some(String::from_utf8_lossy(w).into_owned());
        }
        if let Some(w) = b.get(i..i + 8)
            && boundary(i)
            && digits(&w[..2])
            && w[2] == b':'
            && digits(&w[3..5])
            && w[5] == b':'
            && digits(&w[6..8])
        {
            return Some(String::from_utf8_lossy(w).into_owned());
        }
    }
    None
}

#[test]
fn the_timestamp_detector_detects() {
    assert_eq!(
        timestamp_like("built 2025-01-31T10:00"),
        Some("2025-01-31".into())
    );
    assert_eq!(timestamp_like("at 10:42:07 UTC"), Some("10:42:07".into()));
    assert_eq!(timestamp_like("offset 0x2000-0x20ff, bits 31:24"), None);
}

/// Where two runs' copies of `path` first differ.
fn difference(path: &Path, a: &[u8], b: &[u8]) -> String {
    let (ta, tb) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let line = ta
        .lines()
        .zip(tb.lines())
        .position(|(x, y)| x != y)
        .map_or(0, |l| l + 1);
    format!(
        "{}: differs between the runs (first at line {line})",
        path.display()
    )
}

/// Notes in `problems` every absolute path (the run's own `places` and the usual roots) and
/// timestamp-like text in one output file.
fn path_and_time_free(path: &Path, text: &str, places: &[String], problems: &mut Vec<String>) {
    let roots = ["/tmp/", "/home/", "/work/", "/root/", "/Users/", ":\\"];
    for needle in places.iter().map(String::as_str).chain(roots) {
        if let Some(at) = text.find(needle) {
            let line = text[..at].matches('\n').count() + 1;
            problems.push(format!(
                "{}:{line}: contains the absolute path `{needle}`",
                path.display()
            ));
        }
    }
    if let Some(ts) = timestamp_like(text) {
        problems.push(format!(
            "{}: contains timestamp-like text `{ts}`",
            path.display()
        ));
    }
}

#[test]
fn generate_all_is_byte_identical_across_directories_and_path_free() {
    let repo = repo();
    let scratch = std::env::temp_dir().join(format!("socgen-determinism-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let elsewhere = scratch.join("elsewhere/deeper");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    let scratch = scratch.canonicalize().expect("scratch path");
    let elsewhere = elsewhere.canonicalize().expect("scratch path");
    let out_a = scratch.join("out-a");
    let out_b = elsewhere.join("out-b");
    let socs = repo.join("socs");

    // Both runs at once (they are independent processes; this halves the wall time):
    // run 1 from the checkout, the default catalogue (`socs`, relative), an absolute output;
    // run 2 from somewhere else, the catalogue by absolute path, a relative output.
    std::thread::scope(|s| {
        s.spawn(|| generate(&repo, &["--out", out_a.to_str().expect("utf-8 path")]));
        s.spawn(|| {
            generate(
                &elsewhere,
                &["--out", "out-b", socs.to_str().expect("utf-8 path")],
            )
        });
    });

    let a = tree(&out_a);
    let b = tree(&out_b);
    assert!(a.len() > 10, "generate --all wrote only {} files", a.len());
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "the two runs wrote different files: only in run 1 {only_a:?}, only in run 2 {only_b:?}"
    );
    let mut problems = Vec::new();
    let places = [
        repo.to_string_lossy().into_owned(),
        scratch.to_string_lossy().into_owned(),
        std::env::temp_dir().to_string_lossy().into_owned(),
    ];
    for (path, bytes) in &a {
        if b[path] != *bytes {
            problems.push(difference(path, bytes, &b[path]));
        }
        path_and_time_free(
            path,
            &String::from_utf8_lossy(bytes),
            &places,
            &mut problems,
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        problems.is_empty(),
        "{} files compared:\n{}",
        a.len(),
        problems.join("\n")
    );
}
