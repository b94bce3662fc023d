//! Finding and parsing the YAML files.
//!
//! A directory is a catalogue root: its `*.yaml` are SoCs and its `blocks/<block>/<rev>.yaml`
//! are block revisions. A file under a `blocks/<block>/` directory is a block; any other file is a
//! SoC, whose blocks are found under `blocks/` beside it. Parse errors become located
//! diagnostics; a file that does not parse is left out of the rest of the run.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Loc, SourceMap};
use crate::source::{Sp, TagFile};
use crate::syntax::{BlockFile, FragmentFile, SocFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 << 20;

/// A parsed block file.
#[derive(Debug, Clone)]
pub struct LoadedBlock {
    /// Its file.
    pub file: FileId,
    /// Its contents.
    pub syntax: BlockFile,
    /// The directory name (`bam`), which must equal `block:`.
    pub dir_name: String,
    /// The file stem (`v1.7.0`), which must equal `revision:`.
    pub stem: String,
}

/// A parsed SoC file.
#[derive(Debug, Clone)]
pub struct LoadedSoc {
    /// Its file.
    pub file: FileId,
    /// Its contents.
    pub syntax: SocFile,
    /// The file stem, which must equal `soc:`.
    pub stem: String,
}

/// Everything one run read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The text of every file, for diagnostics.
    pub sources: SourceMap,
    /// Block files that parsed, sorted by (dir, stem).
    pub blocks: Vec<LoadedBlock>,
    /// SoC files that parsed, sorted by stem.
    pub socs: Vec<LoadedSoc>,
    /// Read and parse problems.
    pub diags: Vec<Diagnostic>,
    /// Every path read (for `cargo:rerun-if-changed`).
    pub read_paths: Vec<PathBuf>,
    /// `(block, revision)` of block files that exist but did not parse (already reported), so
    /// SoCs naming them do not get a second, misleading "unknown block" error.
    pub unparsed_blocks: Vec<(String, String)>,
}

impl Loaded {
    /// The parsed block `name@revision`, if it was loaded.
    pub fn block(&self, name: &str, revision: &str) -> Option<&LoadedBlock> {
        self.blocks
            .iter()
            .find(|b| b.dir_name == name && b.stem == revision)
    }
}

/// Loads the given files and catalogue directories, and the blocks their SoCs use.
pub fn load(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut block_paths = BTreeSet::new();
    let mut soc_paths = BTreeSet::new();
    for path in paths {
        if path.is_dir() {
            discover(path, &mut soc_paths, &mut block_paths, &mut loaded);
        } else if is_block_path(path) {
            block_paths.insert(path.clone());
        } else {
            soc_paths.insert(path.clone());
        }
    }
    for path in &soc_paths {
        load_soc(path, &mut loaded);
    }
    // The blocks the SoCs name, beside them, unless given already.
    for soc_path in &soc_paths {
        let Some(soc) = loaded
            .socs
            .iter()
            .find(|s| loaded.sources.path(s.file) == soc_path.as_path())
        else {
            continue;
        };
        let dir = soc_path.parent().unwrap_or(Path::new("."));
        for inst in &soc.syntax.instances {
            if let Some((name, rev)) = inst.value.block.value.split_once('@') {
                let candidate = dir.join("blocks").join(name).join(format!("{rev}.yaml"));
                if valid_path_part(name) && valid_path_part(rev) && candidate.is_file() {
                    block_paths.insert(candidate);
                }
            }
        }
    }
    for path in &block_paths {
        load_block(path, &mut loaded);
    }
    loaded
        .blocks
        .sort_by(|a, b| (&a.dir_name, &a.stem).cmp(&(&b.dir_name, &b.stem)));
    loaded.socs.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded
}

/// Loads one block file given as text (e.g. produced by `register_block!`), labelled `path` in
/// diagnostics. The path's last two components name the block and revision, as on disk.
pub fn load_block_text(path: &Path, text: String) -> Loaded {
    let mut loaded = Loaded::default();
    let file = loaded.sources.add(path.to_path_buf(), text);
    if let Some(syntax) = parse::<BlockFile>(file, &mut loaded) {
        let dir_name = path
            .parent()
            .and_then(Path::file_name)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        loaded.blocks.push(LoadedBlock {
            file,
            syntax,
            dir_name,
            stem: stem(path),
        });
    }
    loaded
}

fn valid_path_part(s: &str) -> bool {
    !s.is_empty() && !s.contains(['/', '\\']) && s != "." && s != ".."
}

fn is_block_path(path: &Path) -> bool {
    path.parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .is_some_and(|n| n == "blocks")
}

fn yaml_files(dir: &Path, loaded: &mut Loaded) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            files.sort();
            files
        }
        Err(e) => {
            io_error(dir, &e, loaded);
            Vec::new()
        }
    }
}

fn discover(
    root: &Path,
    socs: &mut BTreeSet<PathBuf>,
    blocks: &mut BTreeSet<PathBuf>,
    loaded: &mut Loaded,
) {
    socs.extend(yaml_files(root, loaded));
    let blocks_dir = root.join("blocks");
    if !blocks_dir.is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(&blocks_dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        blocks.extend(yaml_files(&dir, loaded));
    }
}

fn io_error(path: &Path, e: &std::io::Error, loaded: &mut Loaded) {
    let file = loaded.sources.add(path.to_path_buf(), String::new());
    loaded.diags.push(
        Diagnostic::error(
            Code::Io,
            file,
            Loc::START,
            format!("cannot read `{}`: {e}", path.display()),
        )
        .help("check the path and its permissions"),
    );
}

/// Reads a file; `None` (with a diagnostic) if it cannot be read or is not UTF-8 text.
fn read(path: &Path, loaded: &mut Loaded) -> Option<FileId> {
    loaded.read_paths.push(path.to_path_buf());
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            io_error(path, &e, loaded);
            return None;
        }
    };
    if bytes.len() > MAX_FILE_BYTES {
        let file = loaded.sources.add(path.to_path_buf(), String::new());
        loaded.diags.push(
            Diagnostic::error(
                Code::Syntax,
                file,
                Loc::START,
                format!(
                    "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                    bytes.len()
                ),
            )
            .help("split the description into smaller files; no real block needs this much"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(loaded.sources.add(path.to_path_buf(), text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let file = loaded.sources.add(path.to_path_buf(), prefix);
            loaded.diags.push(
                Diagnostic::error(
                    Code::Syntax,
                    file,
                    Loc {
                        line: line as u32,
                        col: col as u32,
                        offset: Some(valid),
                        len: 1,
                        file: None,
                    },
                    "file is not UTF-8 text",
                )
                .help("socgen reads UTF-8 YAML; is this the right file?"),
            );
            None
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: FileId, loaded: &mut Loaded) -> Option<T> {
    let text = loaded.sources.get(file).text.clone();
    if text.trim().is_empty() {
        loaded.diags.push(
            Diagnostic::error(Code::MissingKey, file, Loc::START, "the file is empty")
                .help("start from the worked example in socs/README.md"),
        );
        return None;
    }
    // Aliases and anchors are not needed by the format; these bounds stop alias-expansion
    // bombs and deep nesting long before they cost time or memory.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_nodes = 500_000;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    match serde_saphyr::from_str_with_options::<T>(&text, options) {
        Ok(v) => Some(v),
        Err(e) => {
            loaded.diags.push(parse_error(file, &e));
            None
        }
    }
}

/// Turns a parser or serde error into a diagnostic with a code and a fix.
fn parse_error(file: FileId, e: &serde_saphyr::Error) -> Diagnostic {
    let loc = e.location().map(Loc::from_saphyr).unwrap_or(Loc::START);
    let full = e.without_snippet().to_string();
    // The parser appends " at line L, column C"; the diagnostic shows that itself.
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let (code, help) = classify(&msg);
    Diagnostic::error(code, file, loc, msg.clone())
        .label(match code {
            Code::UnknownKey => "not a key here",
            Code::MissingKey => "in this mapping",
            Code::WrongType => "wrong type or value",
            _ => "here",
        })
        .help(help)
}

fn classify(msg: &str) -> (Code, String) {
    let backticked = |s: &str| s.split('`').nth(1).map(str::to_string);
    let expected: Vec<String> = msg
        .split_once("expected one of ")
        .map(|(_, list)| {
            list.split(", ")
                .map(|s| s.trim_matches('`').to_string())
                .collect()
        })
        .unwrap_or_default();
    if msg.starts_with("unknown field") {
        let got = backticked(msg).unwrap_or_default();
        let help = match did_you_mean(&got, &expected) {
            Some(s) => format!(
                "did you mean `{s}`? (allowed here: {})",
                expected.join(", ")
            ),
            None if expected.is_empty() => "no keys are allowed here".to_string(),
            None => format!("allowed keys here: {}", expected.join(", ")),
        };
        (Code::UnknownKey, help)
    } else if msg.starts_with("unknown variant") {
        let got = backticked(msg).unwrap_or_default();
        let help = match did_you_mean(&got, &expected) {
            Some(s) => format!("did you mean `{s}`? (allowed: {})", expected.join(", ")),
            None => format!("allowed values: {}", expected.join(", ")),
        };
        (Code::WrongType, help)
    } else if msg.starts_with("missing field") {
        let key = backticked(msg).unwrap_or_default();
        (
            Code::MissingKey,
            format!("add `{key}:` to this mapping (see socs/README.md for what it means)"),
        )
    } else if msg.starts_with("invalid")
        || msg.starts_with("expected")
        || msg.contains("invalid type")
    {
        (
            Code::WrongType,
            "check the value's type against socs/README.md (numbers, strings, lists, mappings)"
                .to_string(),
        )
    } else if msg.contains("budget") || msg.contains("limit") || msg.contains("depth") {
        (
            Code::Syntax,
            "the file exceeds a parser limit (nesting, aliases or size); description files need \
             neither deep nesting nor YAML aliases"
                .to_string(),
        )
    } else {
        (
            Code::Syntax,
            "fix the YAML syntax here (indentation, a missing `:` or an unclosed bracket or quote)"
                .to_string(),
        )
    }
}

/// The closest candidate to `got`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(got: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| {
            (
                strsim::levenshtein(&got.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn load_block(path: &Path, loaded: &mut Loaded) {
    let Some(file) = read(path, loaded) else {
        return;
    };
    let dir_name = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match parse::<BlockFile>(file, loaded) {
        Some(syntax) => loaded.blocks.push(LoadedBlock {
            file,
            syntax,
            dir_name,
            stem: stem(path),
        }),
        None => loaded.unparsed_blocks.push((dir_name, stem(path))),
    }
}

fn load_soc(path: &Path, loaded: &mut Loaded) {
    let Some(file) = read(path, loaded) else {
        return;
    };
    if let Some(mut syntax) = parse::<SocFile>(file, loaded) {
        let dir = path.parent().unwrap_or(Path::new("."));
        let includes = syntax.include.clone();
        let mut shared = Vec::new();
        for inc in &includes {
            if let Some(fragment) = load_fragment(dir, file, inc, loaded) {
                shared.push(fragment);
            }
        }
        merge(&mut syntax, shared, file, loaded);
        loaded.socs.push(LoadedSoc {
            file,
            syntax,
            stem: stem(path),
        });
    }
}

/// Reads one included fragment and tags its locations with its own file.
fn load_fragment(
    dir: &Path,
    soc_file: FileId,
    inc: &Sp<String>,
    loaded: &mut Loaded,
) -> Option<(FileId, FragmentFile)> {
    let path = dir.join(&inc.value);
    if !path.is_file() {
        loaded.diags.push(
            Diagnostic::error(
                Code::Io,
                soc_file,
                inc.loc,
                format!("included file `{}` does not exist", path.display()),
            )
            .label("no such file")
            .help("include paths are relative to the SoC file, e.g. `common/qce-lock-pipe4.yaml`"),
        );
        return None;
    }
    let file = read(&path, loaded)?;
    let mut fragment = parse::<FragmentFile>(file, loaded)?;
    fragment.instances.tag_file(file);
    fragment.lock.tag_file(file);
    fragment.fragment.tag_file(file);
    if fragment.fragment.value != stem(&path) {
        loaded.diags.push(
            Diagnostic::error(
                Code::FileName,
                file,
                fragment.fragment.loc,
                format!(
                    "fragment `{}` is in file `{}`",
                    fragment.fragment.value,
                    path.display()
                ),
            )
            .label("disagrees with the file name")
            .help(format!(
                "set `fragment: {}` or rename the file",
                stem(&path)
            )),
        );
    }
    match &fragment.source {
        Some(src) if !src.value.trim().is_empty() => {
            // The fragment's source is the default for everything it shares.
            let mut src = src.clone();
            src.tag_file(file);
            for inst in &mut fragment.instances {
                inst.value.source.get_or_insert_with(|| src.clone());
            }
            if let Some(lock) = &mut fragment.lock {
                lock.value.source.get_or_insert_with(|| src.clone());
            }
        }
        _ => loaded.diags.push(
            Diagnostic::error(
                Code::MissingSource,
                file,
                Loc {
                    col: 1,
                    ..fragment.fragment.loc
                },
                "this fragment has no `source:`",
            )
            .label("no provenance for these facts")
            .help("add `source:` naming the file and version the facts come from"),
        ),
    }
    Some((file, fragment))
}

/// Puts shared instances before the SoC's own and takes the lock section from exactly one place.
fn merge(
    soc: &mut SocFile,
    shared: Vec<(FileId, FragmentFile)>,
    soc_file: FileId,
    loaded: &mut Loaded,
) {
    let mut instances = Vec::new();
    for (_, fragment) in shared {
        instances.extend(fragment.instances);
        if let Some(lock) = fragment.lock {
            match &soc.lock {
                Some(own) => loaded.diags.push(
                    Diagnostic::error(
                        Code::DuplicateLock,
                        soc_file,
                        own.value.bam.loc,
                        "the lock section is given here and in an included fragment",
                    )
                    .label("second lock section")
                    .related(soc_file, lock.value.bam.loc, "the fragment's lock section")
                    .help("keep one: drop the SoC's own `lock:` or the include"),
                ),
                None => soc.lock = Some(lock),
            }
        }
    }
    instances.append(&mut soc.instances);
    soc.instances = instances;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = vec!["offset".to_string(), "access".to_string()];
        assert_eq!(did_you_mean("ofset", &keys), Some("offset"));
        assert_eq!(did_you_mean("zzzzzzzz", &keys), None);
    }
}
