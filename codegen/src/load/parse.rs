//! Reading a file within its budget and parsing it.

use super::*;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 << 20;

/// Files with more YAML nodes (scalars, lists, mappings) than this are refused while parsing.
pub(super) const MAX_NODES: usize = 500_000;

pub(super) fn io_error(path: &Path, e: &std::io::Error, loaded: &mut Loaded) {
    let file = loaded.sources.add(path.to_path_buf(), String::new());
    loaded.diags.push(
        Diagnostic::new(
            Code::Io,
            Loc::start_of(file),
            format!("cannot read `{}`: {e}", path.display()),
        )
        .help("check the path and its permissions"),
    );
}

/// Reads a file; `None` (with a diagnostic) if it cannot be read or is not UTF-8 text.
pub(super) fn read(path: &Path, loaded: &mut Loaded) -> Option<FileId> {
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
            Diagnostic::new(
                Code::Syntax,
                Loc::start_of(file),
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
                Diagnostic::new(
                    Code::Syntax,
                    Loc {
                        line: line as u32,
                        col: col as u32,
                        offset: Some(valid),
                        len: 1,
                        file,
                    },
                    "file is not UTF-8 text",
                )
                .help("socgen reads UTF-8 YAML; is this the right file?"),
            );
            None
        }
    }
}

/// Parses `file` as a `T`. Every location in the result names `file`, so a file read twice (a
/// fragment each of its SoCs includes) is parsed once per read.
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    file: FileId,
    loaded: &mut Loaded,
) -> Option<T> {
    let text = loaded.sources.get(file).text.clone();
    let text = text.as_str();
    // A file of only blank and comment lines is as empty as a 0-byte one.
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        loaded.diags.push(
            Diagnostic::new(Code::MissingKey, Loc::start_of(file), "the file is empty")
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
    budget.max_nodes = MAX_NODES;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // Every alias is replayed in full; these cap the replayed events of a whole file, so an
    // alias bomb stops after a few thousand events instead of 10^9.
    options.alias_limits.max_total_replayed_events = 10_000;
    options.alias_limits.max_alias_expansions_per_anchor = 100;
    options.alias_limits.max_replay_stack_depth = 16;
    let (result, problems) = crate::source::checking_values(file, text, || {
        serde_saphyr::from_str_with_options::<T>(text, options)
    });
    match result {
        Ok(v) => {
            for (loc, msg) in problems {
                loaded.diags.push(
                    Diagnostic::new(Code::WrongType, loc, msg)
                        .label("quoted, so a string")
                        .help("remove the quotes"),
                );
            }
            Some(v)
        }
        Err(e) => {
            loaded.diags.push(parse_error(file, text, &e));
            None
        }
    }
}
