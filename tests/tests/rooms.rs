//! The size rule of the repository's hand-written Rust: no file over [`FILE_LINES`] lines and no
//! function over [`FN_LINES`], except the ones `docs/ARCHITECTURE.md` lists in its "Rooms"
//! table, each with the reason it stays. The table is read from that file, so the document and
//! this test cannot disagree: a new oversized file or function fails until it is split or
//! listed, and a listed one that shrank below the limit fails until its row is removed.
//!
//! Generated files (first line `// @generated`) and symlinked directories (the packaging links
//! under `codegen/`) are not counted. Functions are found in rustfmt's layout: a line starting
//! with `fn` (after its qualifiers) runs to the first line that closes it at its own indent.

use socgen_tests::repo;
use std::collections::{BTreeMap, BTreeSet};

const FILE_LINES: usize = 700;
const FN_LINES: usize = 80;

/// `fn name` when `line` opens a function body, after visibility and qualifiers.
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "unsafe ",
        "async ",
        "extern \"C\" ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Every function of `text` longer than the limit: `(name, lines)`.
fn long_functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue; // a signature without a body (trait item, extern block)
        }
        let opens = line.matches('{').count();
        if opens > 0 && opens == line.matches('}').count() {
            continue; // a one-line function
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let Some(end) = lines[i..].iter().position(|l| *l == close) else {
            continue; // a one-line function, or one that ends with `}` on its own line later
        };
        let length = end + 1;
        if length > FN_LINES {
            out.push((name.to_string(), length));
        }
    }
    out
}

/// The "Rooms" table of `docs/ARCHITECTURE.md`: `(path, item)`, the item being `file` or a
/// function name.
fn listed_exceptions() -> BTreeSet<(String, String)> {
    let doc = std::fs::read_to_string(repo::root().join("docs/ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md");
    let section = doc
        .split_once("\n## Rooms\n")
        .expect("ARCHITECTURE.md has a `## Rooms` section")
        .1;
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            match cells[..] {
                ["", path, item, _lines, _why, ""] if path.starts_with('`') => Some((
                    path.trim_matches('`').to_string(),
                    item.trim_matches('`').to_string(),
                )),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn no_file_or_function_exceeds_the_limits_unless_listed_with_a_reason() {
    let root = repo::root();
    let files = repo::files(&root, &|p| p.extension().is_some_and(|e| e == "rs"));
    assert!(files.len() > 100, "found {} Rust files", files.len());
    // (path, item) -> the table row to add for it.
    let mut found = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        if text.starts_with("// @generated") {
            continue;
        }
        let rel = file
            .strip_prefix(&root)
            .expect("inside the root")
            .to_string_lossy()
            .replace('\\', "/");
        let count = text.lines().count();
        if count > FILE_LINES {
            let row = format!("| `{rel}` | file | {count} | |");
            found.insert((rel.clone(), "file".to_string()), row);
        }
        for (name, length) in long_functions(&text) {
            let row = format!("| `{rel}` | `{name}` | {length} | |");
            found.insert((rel.clone(), name), row);
        }
    }
    let listed = listed_exceptions();
    let unlisted: Vec<&String> = found
        .iter()
        .filter(|(k, _)| !listed.contains(*k))
        .map(|(_, row)| row)
        .collect();
    let stale: Vec<&(String, String)> = listed.iter().filter(|k| !found.contains_key(*k)).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "over {FILE_LINES} lines per file or {FN_LINES} per function, not listed in \
         docs/ARCHITECTURE.md's Rooms table (split it, or add the row with its reason):\n{}\n\
         listed but no longer over the limit (remove the row): {stale:?}",
        unlisted
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_function_finder_sees_what_rustfmt_writes() {
    let body = "    x();\n".repeat(FN_LINES);
    let text = format!(
        "pub(crate) const fn long() {{\n{body}}}\n\nfn short() {{\n    y();\n}}\n\
         trait T {{\n    fn sig(&self);\n}}\n"
    );
    assert_eq!(long_functions(&text), [("long".to_string(), FN_LINES + 2)]);
    assert_eq!(
        fn_name("    pub unsafe fn new_raw(x: u32) -> Self {"),
        Some("new_raw")
    );
    assert_eq!(fn_name("    let f = |x| x;"), None);
}
