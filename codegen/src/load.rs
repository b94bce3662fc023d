//! Finding and parsing the YAML files.
//!
//! A directory is a catalogue root: its `*.yaml` are SoCs and its `blocks/<block>/<rev>.yaml`
//! are block revisions. A file under a `blocks/<block>/` directory is a block; any other file is a
//! SoC, whose blocks are found under `blocks/` beside it. Parse errors become located
//! diagnostics; a file that does not parse is left out of the rest of the run.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Loc, SourceMap};
use crate::source::{Sp, TagFile};
use crate::syntax::{
    BlockFile, BoardFile, CatalogueFile, FragmentFile, HardwareFile, RegisterSpec, SocFile,
};
use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 << 20;

/// Files with more YAML nodes (scalars, lists, mappings) than this are refused while parsing.
const MAX_NODES: usize = 500_000;

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

/// A parsed board file.
#[derive(Debug, Clone)]
pub struct LoadedBoard {
    /// Its file.
    pub file: FileId,
    /// Its contents.
    pub syntax: BoardFile,
    /// The file stem, which must equal `board:`.
    pub stem: String,
}

/// A parsed behaviour catalogue.
#[derive(Debug, Clone)]
pub struct LoadedHardware {
    /// Its file.
    pub file: FileId,
    /// Its contents.
    pub syntax: HardwareFile,
    /// The file stem, which must equal `hardware:`.
    pub stem: String,
}

/// The bundled BAM behaviour catalogue, used when the SoCs' `hardware/` directory has no
/// `bam.yaml` (or there is none): the BAM behaviours are the same on every SoC, so a catalogue
/// root of its own (a test case, a user's tree) need not copy it.
pub const BUILTIN_HARDWARE: &str = include_str!("../catalogue/hardware/bam.yaml");

/// The bundled crypto-engine behaviour catalogue (what the QCE driver reads back from the
/// engine), used the same way when there is no `hardware/qce.yaml`.
pub const BUILTIN_QCE_HARDWARE: &str = include_str!("../catalogue/hardware/qce.yaml");

/// Every bundled behaviour catalogue: (stem, the path diagnostics give it, its text).
pub const BUILTIN_CATALOGUES: &[(&str, &str, &str)] = &[
    ("bam", BUILTIN_HARDWARE_PATH, BUILTIN_HARDWARE),
    ("qce", BUILTIN_QCE_HARDWARE_PATH, BUILTIN_QCE_HARDWARE),
];

/// How diagnostics name a file of the bundled catalogue: `<bundled>/blocks/bam/v1.7.0.yaml`,
/// line and column as in `socs/` of socgen's repository.
pub const BUNDLED_PREFIX: &str = "<bundled>";

/// The block revisions and shared fragments of socgen's own catalogue (`socs/`), by path
/// relative to it. `catalogue` is a symlink to `../socs`, so these travel inside the published
/// package: a consumer's SoC file names `bam@v1.7.0` or includes `common/qce-lock-pipe4.yaml`
/// without copying them. Files in the consumer's tree win (see [`load`]).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "blocks/bam/v1.3.0.yaml",
        include_str!("../catalogue/blocks/bam/v1.3.0.yaml"),
    ),
    (
        "blocks/bam/v1.4.0.yaml",
        include_str!("../catalogue/blocks/bam/v1.4.0.yaml"),
    ),
    (
        "blocks/bam/v1.7.0.yaml",
        include_str!("../catalogue/blocks/bam/v1.7.0.yaml"),
    ),
    (
        "blocks/bam/shared/registers.yaml",
        include_str!("../catalogue/blocks/bam/shared/registers.yaml"),
    ),
    (
        "blocks/qce/v5.yaml",
        include_str!("../catalogue/blocks/qce/v5.yaml"),
    ),
    (
        "common/ipq6018-ipq8074-shared.yaml",
        include_str!("../catalogue/common/ipq6018-ipq8074-shared.yaml"),
    ),
    (
        "common/qce-lock-pipe2.yaml",
        include_str!("../catalogue/common/qce-lock-pipe2.yaml"),
    ),
    (
        "common/qce-lock-pipe4.yaml",
        include_str!("../catalogue/common/qce-lock-pipe4.yaml"),
    ),
    (
        "common/qce-lock-pipe6.yaml",
        include_str!("../catalogue/common/qce-lock-pipe6.yaml"),
    ),
];

/// The bundled file at `relative` (e.g. `blocks/qce/v5.yaml`), if there is one.
pub fn bundled(relative: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(path, _)| *path == relative)
        .map(|(_, text)| *text)
}

/// Adds the bundled file at `relative` to the sources, named `<bundled>/relative`.
fn add_bundled(relative: &str, loaded: &mut Loaded) -> Option<FileId> {
    let text = bundled(relative)?;
    Some(
        loaded
            .sources
            .add(Path::new(BUNDLED_PREFIX).join(relative), text.to_string()),
    )
}

/// The bundled counterpart of `path`, relative to the bundled catalogue: the part from its
/// `blocks` directory on (`<bundled>/blocks/bam/shared/registers.yaml` and
/// `/consumer/socs/blocks/bam/shared/registers.yaml` both give `blocks/bam/shared/registers.yaml`),
/// if the bundled catalogue has such a file.
fn bundled_relative(path: &Path) -> Option<String> {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let from = parts.iter().rposition(|p| p == "blocks")?;
    let relative = parts.get(from..)?.join("/");
    bundled(&relative).map(|_| relative)
}

/// The path diagnostics give the built-in BAM catalogue.
pub const BUILTIN_HARDWARE_PATH: &str = "<socgen built-in>/hardware/bam.yaml";

/// The path diagnostics give the built-in crypto-engine catalogue.
pub const BUILTIN_QCE_HARDWARE_PATH: &str = "<socgen built-in>/hardware/qce.yaml";

/// Everything one run read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The text of every file, for diagnostics.
    pub sources: SourceMap,
    /// Block files that parsed, sorted by (dir, stem).
    pub blocks: Vec<LoadedBlock>,
    /// SoC files that parsed, sorted by stem.
    pub socs: Vec<LoadedSoc>,
    /// Behaviour catalogues that parsed, sorted by stem.
    pub hardware: Vec<LoadedHardware>,
    /// Board files that parsed (`boards/*.yaml`), sorted by stem.
    pub boards: Vec<LoadedBoard>,
    /// A behaviour catalogue was found but did not parse (already reported), so missing
    /// behaviours are not reported a second time.
    pub hardware_unparsed: bool,
    /// Read and parse problems.
    pub diags: Vec<Diagnostic>,
    /// Every path read (for `cargo:rerun-if-changed`).
    pub read_paths: Vec<PathBuf>,
    /// `(block, revision)` of block files that exist but did not parse (already reported), so
    /// SoCs naming them do not get a second, misleading "unknown block" error.
    pub unparsed_blocks: Vec<(String, String)>,
    /// Register catalogues read so far, by path (`None`: it did not parse, already reported),
    /// so that revisions sharing one read it once and its problems are reported once.
    pub catalogues: Vec<(PathBuf, Option<(FileId, CatalogueFile)>)>,
    /// Clean parses so far, so that a fragment every SoC includes is parsed once per run
    /// rather than once per SoC (YAML parsing is most of loading's time).
    parsed: ParseCache,
}

/// Parse results by target type and exact text. Only a parse that raised no diagnostic is
/// kept: parsing is a function of the text and the type alone (locations are tagged with a
/// file afterwards, by the caller), so a kept result is what parsing again would return, and a
/// text with problems is parsed again so that every copy still reports them.
#[derive(Default)]
struct ParseCache(HashMap<TypeId, HashMap<String, Box<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for ParseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let texts: usize = self.0.values().map(HashMap::len).sum();
        write!(f, "ParseCache({texts} texts)")
    }
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
    let mut hardware_paths = BTreeSet::new();
    let mut board_paths = BTreeSet::new();
    for path in paths {
        if path.is_dir() {
            discover(path, &mut soc_paths, &mut block_paths, &mut loaded);
            hardware_paths.extend(hardware_beside(path, &mut loaded));
            let boards = path.join("boards");
            if boards.is_dir() {
                board_paths.extend(yaml_files(&boards, &mut loaded));
            }
        } else if is_block_path(path) {
            block_paths.insert(path.clone());
        } else if is_hardware_path(path) {
            hardware_paths.insert(path.clone());
        } else if is_board_path(path) {
            board_paths.insert(path.clone());
        } else {
            soc_paths.insert(path.clone());
        }
    }
    // Boards, and the SoC file each names, in the catalogue root above `boards/`.
    for path in &board_paths {
        if let Some(board) = load_board(path, &mut loaded) {
            let root = path
                .parent()
                .and_then(Path::parent)
                .unwrap_or(Path::new("."));
            let root = if root.as_os_str().is_empty() {
                Path::new(".")
            } else {
                root
            };
            let soc = &board.syntax.soc.value;
            let candidate = root.join(format!("{soc}.yaml"));
            let already = soc_paths
                .iter()
                .any(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == *soc));
            if valid_path_part(soc) && !already && candidate.is_file() {
                soc_paths.insert(candidate);
            }
            loaded.boards.push(board);
        }
    }
    // The catalogue beside each SoC file given by path.
    for soc in soc_paths.clone() {
        let dir = soc.parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        hardware_paths.extend(hardware_beside(dir, &mut loaded));
    }
    for path in &hardware_paths {
        load_hardware(path, &mut loaded);
    }
    // A bundled catalogue the SoCs' tree does not have of its own.
    let own: BTreeSet<String> = hardware_paths
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .collect();
    for (stem, path, text) in BUILTIN_CATALOGUES {
        if soc_paths.is_empty() || own.contains(*stem) {
            continue;
        }
        let file = loaded
            .sources
            .add(PathBuf::from(*path), (*text).to_string());
        match parse::<HardwareFile>(file, &mut loaded) {
            Some(syntax) => loaded.hardware.push(LoadedHardware {
                file,
                syntax,
                stem: (*stem).to_string(),
            }),
            None => loaded.hardware_unparsed = true,
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
    // Revisions the consumer's tree does not have come from the bundled catalogue.
    let mut wanted: BTreeSet<(String, String)> = BTreeSet::new();
    for soc in &loaded.socs {
        for inst in &soc.syntax.instances {
            if let Some((name, rev)) = inst.value.block.value.split_once('@') {
                wanted.insert((name.to_string(), rev.to_string()));
            }
        }
    }
    for (name, rev) in wanted {
        let known = loaded.block(&name, &rev).is_some()
            || loaded
                .unparsed_blocks
                .contains(&(name.clone(), rev.clone()));
        if known || !valid_path_part(&name) || !valid_path_part(&rev) {
            continue;
        }
        let relative = format!("blocks/{name}/{rev}.yaml");
        if let Some(file) = add_bundled(&relative, &mut loaded) {
            match parse::<BlockFile>(file, &mut loaded) {
                Some(mut syntax) => {
                    // Its `catalogue:` resolves inside the bundled catalogue too.
                    let path = Path::new(BUNDLED_PREFIX).join(&relative);
                    place_catalogue(&path, file, &mut syntax, &mut loaded);
                    loaded.blocks.push(LoadedBlock {
                        file,
                        syntax,
                        dir_name: name,
                        stem: rev,
                    })
                }
                None => loaded.unparsed_blocks.push((name, rev)),
            }
        }
    }
    loaded
        .blocks
        .sort_by(|a, b| (&a.dir_name, &a.stem).cmp(&(&b.dir_name, &b.stem)));
    loaded.socs.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded.hardware.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded.boards.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded
}

/// A file under a `boards/` directory.
fn is_board_path(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "boards")
}

fn load_board(path: &Path, loaded: &mut Loaded) -> Option<LoadedBoard> {
    let file = read(path, loaded)?;
    let syntax = parse::<BoardFile>(file, loaded)?;
    Some(LoadedBoard {
        file,
        syntax,
        stem: stem(path),
    })
}

/// `<dir>/hardware/*.yaml`, if that directory exists.
fn hardware_beside(dir: &Path, loaded: &mut Loaded) -> Vec<PathBuf> {
    let hw = dir.join("hardware");
    if hw.is_dir() {
        yaml_files(&hw, loaded)
    } else {
        Vec::new()
    }
}

fn is_hardware_path(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "hardware")
}

fn load_hardware(path: &Path, loaded: &mut Loaded) {
    let Some(file) = read(path, loaded) else {
        loaded.hardware_unparsed = true;
        return;
    };
    match parse::<HardwareFile>(file, loaded) {
        Some(syntax) => loaded.hardware.push(LoadedHardware {
            file,
            syntax,
            stem: stem(path),
        }),
        None => loaded.hardware_unparsed = true,
    }
}

/// Loads one block file given as text (e.g. produced by `register_block!`), labelled `path` in
/// diagnostics. The path's last two components name the block and revision, as on disk.
pub fn load_block_text(path: &Path, text: String) -> Loaded {
    let mut loaded = Loaded::default();
    add_block_text(path, text, &mut loaded);
    loaded
}

/// Every block revision bundled in socgen (`<bundled>/blocks/<block>/<rev>.yaml`, with the
/// register catalogues they name), for a run that has no catalogue of its own: `import`
/// outside a catalogue root maps nodes to these.
pub fn load_bundled_blocks() -> Loaded {
    let mut loaded = Loaded::default();
    for (relative, text) in BUNDLED {
        let parts: Vec<&str> = relative.split('/').collect();
        if let ["blocks", _, _] = parts.as_slice() {
            add_block_text(
                &Path::new(BUNDLED_PREFIX).join(relative),
                (*text).to_string(),
                &mut loaded,
            );
        }
    }
    loaded
}

fn add_block_text(path: &Path, text: String, loaded: &mut Loaded) {
    let file = loaded.sources.add(path.to_path_buf(), text);
    if let Some(mut syntax) = parse::<BlockFile>(file, loaded) {
        // A `catalogue:` is read relative to `path`, as for a block file on disk.
        place_catalogue(path, file, &mut syntax, loaded);
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
        Diagnostic::new(
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
            Diagnostic::new(
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
                Diagnostic::new(
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

fn parse<T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static>(
    file: FileId,
    loaded: &mut Loaded,
) -> Option<T> {
    let text = loaded.sources.get(file).text.clone();
    let cached = loaded
        .parsed
        .0
        .get(&TypeId::of::<T>())
        .and_then(|by_text| by_text.get(&text))
        .and_then(|v| v.downcast_ref::<T>());
    if let Some(v) = cached {
        return Some(v.clone());
    }
    let before = loaded.diags.len();
    let parsed = parse_uncached::<T>(file, &text, loaded);
    if let Some(v) = &parsed
        && loaded.diags.len() == before
    {
        loaded
            .parsed
            .0
            .entry(TypeId::of::<T>())
            .or_default()
            .insert(text, Box::new(v.clone()));
    }
    parsed
}

fn parse_uncached<T: serde::de::DeserializeOwned>(
    file: FileId,
    text: &str,
    loaded: &mut Loaded,
) -> Option<T> {
    // A file of only blank and comment lines is as empty as a 0-byte one.
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        loaded.diags.push(
            Diagnostic::new(Code::MissingKey, file, Loc::START, "the file is empty")
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
    let (result, problems) = crate::source::checking_values(text, || {
        serde_saphyr::from_str_with_options::<T>(text, options)
    });
    match result {
        Ok(v) => {
            for (loc, msg) in problems {
                loaded.diags.push(
                    Diagnostic::new(Code::WrongType, file, loc, msg)
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

/// Turns a parser or serde error into a diagnostic with a code and a fix, in socgen's words
/// (the parser's own messages name its API and Rust types).
fn parse_error(file: FileId, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let mut loc = e.location().map(Loc::from_saphyr).unwrap_or(Loc::START);
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    const ALIASES: &str = "description files need no YAML anchors or aliases: write the values out";
    let own = |code: Code, msg: String, help: &str| (code, msg, help.to_string());
    let (code, msg, help) = match inner {
        E::AliasReplayLimitExceeded {
            max_total_replayed_events,
            ..
        } => own(
            Code::Syntax,
            format!("YAML aliases expand to more than {max_total_replayed_events} nodes"),
            ALIASES,
        ),
        E::AliasExpansionLimitExceeded {
            max_expansions_per_anchor,
            ..
        } => own(
            Code::Syntax,
            format!("a YAML anchor is used more than {max_expansions_per_anchor} times"),
            ALIASES,
        ),
        E::AliasReplayStackDepthExceeded { max_depth, .. } => own(
            Code::Syntax,
            format!("YAML aliases nest more than {max_depth} deep"),
            ALIASES,
        ),
        E::UnknownAnchor { .. } => own(
            Code::Syntax,
            "this alias names no anchor defined before it".to_string(),
            ALIASES,
        ),
        E::Budget { breach, .. } => own(Code::Syntax, budget_message(breach), BUDGET_HELP),
        E::DuplicateMappingKey { key, .. } => own(
            Code::DuplicateName,
            match key {
                Some(k) => format!("key `{k}` is given twice in this mapping"),
                None => "a key is given twice in this mapping".to_string(),
            },
            "keep one of the two; YAML does not allow a key twice in one mapping",
        ),
        E::MultipleDocuments { .. } => own(
            Code::Syntax,
            "the file holds more than one YAML document".to_string(),
            "one description per file: remove the `---` line and what follows, or move it to \
             a file of its own",
        ),
        E::Eof { .. } => own(
            Code::Syntax,
            "the file ends where a value was expected".to_string(),
            "complete the last entry, or remove it",
        ),
        other => {
            use serde_saphyr::MessageFormatter;
            let raw = serde_saphyr::UserMessageFormatter.format_message(other);
            let msg = plain_words(&raw);
            let (code, help) = classify(other, &msg);
            (code, msg, help)
        }
    };
    if code == Code::MissingKey {
        // The parser points at the mapping's last key; the key is missing from the mapping.
        loc = mapping_start(text, loc);
    }
    // Control characters from the input must not reach a terminal.
    let msg: String = msg
        .chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect();
    Diagnostic::new(code, file, loc, msg)
        .label(match code {
            Code::UnknownKey => "not a key here",
            Code::MissingKey => "in this mapping",
            Code::WrongType => "wrong type or value",
            Code::DuplicateName => "given again here",
            _ => "here",
        })
        .help(help)
}

/// The first key of the mapping whose key (any of them) is at `key`: in a flow mapping the key
/// after its `{`, in a block mapping the topmost key at the same indentation, stopping at the
/// `- ` that starts a list item.
fn mapping_start(text: &str, key: Loc) -> Loc {
    let lines: Vec<&str> = text.lines().collect();
    let (Some(line_idx), Some(col_idx)) = (
        (key.line as usize).checked_sub(1),
        (key.col as usize).checked_sub(1),
    ) else {
        return key;
    };
    let Some(line) = lines.get(line_idx) else {
        return key;
    };
    let at = |line: usize, col: usize| Loc {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        offset: None,
        len: 1,
        file: key.file,
    };
    // A flow mapping: the last `{` before the key that is not closed before it.
    let before: Vec<char> = line.chars().take(col_idx).collect();
    let mut depth = 0i32;
    for (i, c) in before.iter().enumerate().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => {
                let first = before[i + 1..]
                    .iter()
                    .position(|c| *c != ' ')
                    .map_or(col_idx, |p| i + 1 + p);
                return at(line_idx, first);
            }
            '{' => depth -= 1,
            _ => {}
        }
    }
    let mut first = line_idx;
    for (l, text) in lines.iter().enumerate().take(line_idx).rev() {
        let trimmed = text.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = text.len() - trimmed.len();
        if indent > col_idx {
            continue;
        }
        if indent == col_idx {
            first = l;
            continue;
        }
        // `  - name: X` opens the item whose keys sit at `col_idx`.
        let lead = text.get(indent..col_idx).unwrap_or("");
        if lead.starts_with('-') && lead.chars().all(|c| c == '-' || c == ' ') {
            first = l;
        }
        break;
    }
    at(first, col_idx)
}

const BUDGET_HELP: &str = "the file exceeds a parser limit; description files need neither deep \
                           nesting nor YAML aliases, and no real block needs this many entries";

/// A parser limit, in words.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => "the YAML nests deeper than 64 levels".to_string(),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => {
            "the file uses too many YAML aliases".to_string()
        }
        B::Anchors { .. } => "the file defines too many YAML anchors".to_string(),
        B::Nodes { .. } => format!("the file has more than {MAX_NODES} YAML nodes"),
        B::Events { .. } => "the file has too many YAML nodes".to_string(),
        B::ScalarBytes { .. } => "the file's values are too long in total".to_string(),
        B::Documents { .. } => "the file holds too many YAML documents".to_string(),
        _ => "the file exceeds a parser limit".to_string(),
    }
}

/// Replaces the parser's and serde's technical words (Rust types, event names) with the
/// format's.
fn plain_words(raw: &str) -> String {
    let mut msg = raw.to_string();
    for (from, to) in [
        (
            "expected mapping start",
            "expected a mapping (`key: value` lines or `{...}`)",
        ),
        (
            "expected sequence start",
            "expected a list (`- item` lines or `[...]`)",
        ),
        (
            "unexpected end of input",
            "the file ends where a value was expected",
        ),
        (
            "expected string scalar",
            "expected a single value here, not a list or mapping",
        ),
    ] {
        if msg == from {
            msg = to.to_string();
        }
    }
    for (from, to) in [
        ("invalid type: sequence,", "invalid type: a list,"),
        ("invalid type: map,", "invalid type: a mapping,"),
    ] {
        msg = msg.replace(from, to);
    }
    for ty in [
        "u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128",
    ] {
        if msg == format!("invalid {ty}") {
            return "expected a number of 0 or more (decimal or 0x hexadecimal)".to_string();
        }
        msg = msg.replace(&format!("expected {ty}"), "expected a number of 0 or more");
    }
    // `expected struct RegisterSpec` / `enum Status`: name the YAML shape, not the Rust type.
    for (kind, shape) in [
        ("struct ", "a mapping"),
        ("enum ", "one of the allowed words"),
    ] {
        while let Some(i) = msg.find(&format!("expected {kind}")) {
            let start = i + "expected ".len();
            let end = msg[start + kind.len()..]
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .map_or(msg.len(), |e| start + kind.len() + e);
            msg.replace_range(start..end, shape);
        }
    }
    msg
}

/// The code and fix for an error the loader has no words of its own for, chosen by the error's
/// kind: serde-saphyr keeps serde's error kinds as variants (unknown field, unknown variant,
/// missing field, invalid type or value), so E0003, E0004 and E0005 never depend on the wording
/// of a message (`unknown_and_missing_keys_are_classified_by_kind` pins each kind). Only the
/// remaining variants, whose text is the scanner's or a `custom` message (serde's untagged
/// enums), fall back on the words `plain_words` left in `msg`.
fn classify(e: &serde_saphyr::Error, msg: &str) -> (Code, String) {
    use serde_saphyr::Error as E;
    const CHECK_TYPE: &str =
        "check the value's type against socs/README.md (numbers, strings, lists, mappings)";
    match e {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let allowed: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let help = match did_you_mean(field, &allowed) {
                Some(s) => format!("did you mean `{s}`? (allowed here: {})", allowed.join(", ")),
                None if allowed.is_empty() => "no keys are allowed here".to_string(),
                None => format!("allowed keys here: {}", allowed.join(", ")),
            };
            (Code::UnknownKey, help)
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let allowed: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let help = match did_you_mean(variant, &allowed) {
                Some(s) => format!("did you mean `{s}`? (allowed: {})", allowed.join(", ")),
                None => format!("allowed values: {}", allowed.join(", ")),
            };
            (Code::WrongType, help)
        }
        E::SerdeMissingField { field, .. } => (
            Code::MissingKey,
            format!("add `{field}:` to this mapping (see socs/README.md for what it means)"),
        ),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. } => (Code::WrongType, CHECK_TYPE.to_string()),
        _ if msg.starts_with("invalid")
            || msg.starts_with("expected")
            || msg.contains("invalid type") =>
        {
            (Code::WrongType, CHECK_TYPE.to_string())
        }
        _ if msg.contains("budget") || msg.contains("limit") || msg.contains("depth") => (
            Code::Syntax,
            "the file exceeds a parser limit (nesting, aliases or size); description files need \
             neither deep nesting nor YAML aliases"
                .to_string(),
        ),
        _ => (
            Code::Syntax,
            "fix the YAML syntax here (indentation, a missing `:` or an unclosed bracket or quote)"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod classify_tests {
    use super::classify;
    use crate::diagnostics::Code;
    use serde::de::Error as _;
    use serde_saphyr::Error as E;

    /// Each serde error kind, made the way serde-derived code makes it, gets its code whatever
    /// serde-saphyr's message says; a serde-saphyr upgrade that reshapes a kind fails here.
    #[test]
    fn unknown_and_missing_keys_are_classified_by_kind() {
        let unknown = E::unknown_field("ofset", &["name", "offset", "access"]);
        let (code, help) = classify(&unknown, "");
        assert_eq!(code, Code::UnknownKey);
        assert!(help.starts_with("did you mean `offset`?"), "{help}");
        let (code, help) = classify(&E::unknown_field("x", &[]), "");
        assert_eq!(
            (code, help.as_str()),
            (Code::UnknownKey, "no keys are allowed here")
        );

        let (code, help) = classify(&E::missing_field("size"), "");
        assert_eq!(code, Code::MissingKey);
        assert!(help.starts_with("add `size:`"), "{help}");

        let (code, help) = classify(&E::unknown_variant("rx", &["ro", "rw", "wo"]), "");
        assert_eq!(code, Code::WrongType);
        assert!(help.starts_with("did you mean `r"), "{help}");

        let invalid = E::invalid_type(serde::de::Unexpected::Str("four"), &"a number");
        assert_eq!(classify(&invalid, "").0, Code::WrongType);
        let invalid = E::invalid_value(serde::de::Unexpected::Signed(-1), &"0 or more");
        assert_eq!(classify(&invalid, "").0, Code::WrongType);
    }

    /// The kinds above never consult the message: a message that reads like another kind does
    /// not change the code.
    #[test]
    fn the_message_does_not_decide_a_serde_kind() {
        let missing = E::missing_field("size");
        assert_eq!(
            classify(&missing, "unknown field `size`").0,
            Code::MissingKey
        );
        let unknown = E::unknown_field("size", &["base"]);
        assert_eq!(
            classify(&unknown, "missing field `size`").0,
            Code::UnknownKey
        );
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
        Some(mut syntax) => {
            place_catalogue(path, file, &mut syntax, loaded);
            loaded.blocks.push(LoadedBlock {
                file,
                syntax,
                dir_name,
                stem: stem(path),
            })
        }
        None => loaded.unparsed_blocks.push((dir_name, stem(path))),
    }
}

/// Turns a revision's `offsets:` table into registers: each takes its layout (access, reset,
/// fields, enums, evidence) from the catalogue, tagged with the catalogue's file so that a
/// diagnostic about a field points into the catalogue, and its name, offset and strides from the
/// revision's own line, where diagnostics about its place point.
fn place_catalogue(path: &Path, file: FileId, block: &mut BlockFile, loaded: &mut Loaded) {
    let Some(name) = block.catalogue.clone() else {
        if let Some(first) = block.offsets.first() {
            loaded.diags.push(
                Diagnostic::new(
                    Code::MissingKey,
                    file,
                    first.loc,
                    "`offsets:` places catalogue registers, but this file names no `catalogue:`",
                )
                .label("offsets of which registers?")
                .help("add `catalogue: shared/<name>.yaml` naming the register catalogue, or write these registers out under `registers:`"),
            );
        }
        return;
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let cat_path = dir.join(&name.value);
    let Some((cat_file, catalogue)) = catalogue(&cat_path, file, &name, loaded) else {
        return;
    };
    let known: Vec<String> = catalogue
        .registers
        .iter()
        .map(|r| r.value.name.value.clone())
        .collect();
    let default_source = catalogue.source.clone();
    let mut placed = Vec::with_capacity(block.offsets.len());
    for entry in &block.offsets {
        let at = &entry.value;
        let Some(layout) = catalogue
            .registers
            .iter()
            .find(|r| r.value.name.value == at.name.value)
        else {
            let mut d = Diagnostic::new(
                Code::UnknownCatalogueRegister,
                file,
                at.name.loc,
                format!(
                    "register `{}` is not in the catalogue `{}`",
                    at.name.value, name.value
                ),
            )
            .label("no such register in the catalogue")
            .related(
                cat_file,
                catalogue.catalogue.loc,
                "the catalogue this revision uses",
            );
            d = match did_you_mean(&at.name.value, &known) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!(
                    "place one of the catalogue's registers ({}), or define this one under `registers:`",
                    known.join(", ")
                )),
            };
            loaded.diags.push(d);
            continue;
        };
        let l = layout.value.clone();
        // Fields this revision lacks: the register keeps the catalogue's layout otherwise, but
        // no longer shares its value type.
        let mut fields = l.fields;
        let mut own_layout = false;
        for (i, w) in at.without_fields.iter().enumerate() {
            if let Some(first) = at
                .without_fields
                .iter()
                .take(i)
                .find(|e| e.value == w.value)
            {
                loaded.diags.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        file,
                        w.loc,
                        format!("`{}` is left out of `{}` twice", w.value, at.name.value),
                    )
                    .label("listed again")
                    .related(file, first.loc, "first listed here")
                    .help("name each field once"),
                );
                continue;
            }
            match fields.iter().position(|f| f.value.name.value == w.value) {
                Some(pos) => {
                    fields.remove(pos);
                    own_layout = true;
                }
                None => {
                    let have: Vec<String> =
                        fields.iter().map(|f| f.value.name.value.clone()).collect();
                    let d = Diagnostic::new(
                        Code::UnknownCatalogueField,
                        file,
                        w.loc,
                        format!(
                            "`{}` in the catalogue `{}` has no field `{}` to leave out",
                            at.name.value, name.value, w.value
                        ),
                    )
                    .label("no such field")
                    .related(cat_file, layout.loc, "the catalogue register");
                    loaded.diags.push(match did_you_mean(&w.value, &have) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d.help(format!("name one of its fields ({})", have.join(", "))),
                    });
                }
            }
        }
        placed.push(crate::source::Sp {
            loc: entry.loc,
            value: RegisterSpec {
                name: at.name.clone(),
                offset: at.offset.clone(),
                access: l.access,
                reset: l.reset,
                write_ignored: l.write_ignored,
                inferred: l.inferred,
                description: l.description,
                array: at.array.clone(),
                strides: at.strides.clone(),
                fields,
                source: l.source.or_else(|| default_source.clone()),
                evidence: l.evidence,
                layout: (!own_layout).then(|| catalogue.catalogue.value.clone()),
            },
        });
    }
    placed.append(&mut block.registers);
    block.registers = placed;
}

/// The catalogue at `path`, read and checked once per run however many revisions name it.
fn catalogue(
    path: &Path,
    block_file: FileId,
    name: &Sp<String>,
    loaded: &mut Loaded,
) -> Option<(FileId, CatalogueFile)> {
    if let Some((_, cached)) = loaded.catalogues.iter().find(|(p, _)| p == path) {
        return cached.clone();
    }
    let file = if path.is_file() {
        read(path, loaded)
    } else if let Some(relative) = bundled_relative(path) {
        // A bundled revision's catalogue, or one a consumer's own revision shares with the
        // bundled revisions without copying it (`catalogue: shared/registers.yaml` beside
        // `blocks/bam/v2.0.0.yaml`).
        add_bundled(&relative, loaded)
    } else {
        None
    };
    if file.is_none() && !path.is_file() {
        loaded.diags.push(
            Diagnostic::new(
                Code::Io,
                block_file,
                name.loc,
                format!("register catalogue `{}` does not exist", path.display()),
            )
            .label("no such file")
            .help("the path is relative to the block file, e.g. `shared/registers.yaml`"),
        );
        return None;
    }
    let parsed = file.and_then(|file| {
        let mut cat = parse::<CatalogueFile>(file, loaded)?;
        cat.catalogue.tag_file(file);
        cat.source.tag_file(file);
        cat.description.tag_file(file);
        cat.registers.tag_file(file);
        if cat.catalogue.value != stem(path) {
            loaded.diags.push(
                Diagnostic::new(
                    Code::FileName,
                    file,
                    cat.catalogue.loc,
                    format!(
                        "catalogue `{}` is in file `{}`",
                        cat.catalogue.value,
                        path.display()
                    ),
                )
                .label("disagrees with the file name")
                .help(format!(
                    "set `catalogue: {}` or rename the file",
                    stem(path)
                )),
            );
        }
        if cat
            .source
            .as_ref()
            .is_none_or(|s| s.value.trim().is_empty())
        {
            loaded.diags.push(
                Diagnostic::new(
                    Code::MissingSource,
                    file,
                    Loc {
                        col: 1,
                        ..cat.catalogue.loc
                    },
                    "this register catalogue has no `source:`",
                )
                .label("no provenance for these layouts")
                .help("add `source:` naming the file and version the layouts come from"),
            );
        }
        Some((file, cat))
    });
    loaded.catalogues.push((path.to_path_buf(), parsed.clone()));
    parsed
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
    // An include the consumer's tree lacks may name a bundled fragment (`common/...`).
    let bundled_file = if path.is_file() {
        None
    } else {
        add_bundled(&inc.value, loaded)
    };
    if !path.is_file() && bundled_file.is_none() {
        loaded.diags.push(
            Diagnostic::new(
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
    let file = match bundled_file {
        Some(file) => file,
        None => read(&path, loaded)?,
    };
    let mut fragment = parse::<FragmentFile>(file, loaded)?;
    fragment.instances.tag_file(file);
    fragment.lock.tag_file(file);
    fragment.fragment.tag_file(file);
    if fragment.fragment.value != stem(&path) {
        loaded.diags.push(
            Diagnostic::new(
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
            Diagnostic::new(
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
                    Diagnostic::new(
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

    /// Every block revision and fragment of the catalogue is bundled (a new file in `socs/`
    /// must be added to [`BUNDLED`]), and nothing else.
    #[test]
    fn bundled_list_is_the_catalogue() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
        let mut on_disk = Vec::new();
        for sub in ["blocks", "common"] {
            let mut stack = vec![root.join(sub)];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "yaml") {
                        let rel = p.strip_prefix(&root).map(Path::to_path_buf);
                        on_disk.push(rel.map(|r| r.display().to_string()).unwrap_or_default());
                    }
                }
            }
        }
        on_disk.sort();
        let mut listed: Vec<String> = BUNDLED.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert!(!on_disk.is_empty(), "no catalogue at {}", root.display());
        assert_eq!(listed, on_disk);
        for (rel, text) in BUNDLED {
            let disk = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
            assert_eq!(*text, disk, "{rel}");
        }
    }

    /// A SoC file alone in a directory finds its blocks and fragment in the bundled catalogue,
    /// and a block revision beside it wins over the bundled one.
    /// A fragment two SoCs include is parsed once, yet each SoC gets its own copy tagged with
    /// its own source of the fragment, and a problem found while parsing it is still reported
    /// for every SoC that includes it (a parse with problems is not reused).
    #[test]
    fn shared_fragment_parsed_once_reported_per_includer() {
        let dir = std::env::temp_dir().join(format!("socgen-fragcache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("common")).unwrap_or_default();
        let fragment = |ee: &str| {
            format!(
                "fragment: shared
source: test
instances:
  - {{name: blsp_dma, block: bam@v1.7.0, base: 0x7884000, size: 0x2b000, ee: {ee}, source: t}}
"
            )
        };
        std::fs::write(dir.join("common/shared.yaml"), fragment("0")).unwrap_or_default();
        std::fs::write(dir.join("common/quoted.yaml"), fragment("\"0\"")).unwrap_or_default();
        for (soc, inc) in [
            ("a", "shared"),
            ("b", "shared"),
            ("c", "quoted"),
            ("d", "quoted"),
        ] {
            let text = format!("soc: {soc}\nsource: test\ninclude: [common/{inc}.yaml]\n");
            std::fs::write(dir.join(format!("{soc}.yaml")), text).unwrap_or_default();
        }
        let loaded = load(std::slice::from_ref(&dir));
        let first_instance = |stem: &str| {
            loaded
                .socs
                .iter()
                .find(|s| s.stem == stem)
                .and_then(|s| s.syntax.instances.first())
        };
        let (Some(a), Some(b)) = (first_instance("a"), first_instance("b")) else {
            panic!("both SoCs should carry the fragment's instance");
        };
        assert_eq!(a.value.name.value, b.value.name.value);
        let (Some(fa), Some(fb)) = (a.loc.file, b.loc.file) else {
            panic!("fragment instances should be tagged with the fragment's file");
        };
        assert_ne!(
            fa, fb,
            "each includer has its own copy of the fragment's source"
        );
        assert_eq!(loaded.sources.path(fa), loaded.sources.path(fb));
        assert_eq!(loaded.sources.path(fa), dir.join("common/shared.yaml"));
        let quoted = loaded
            .diags
            .iter()
            .filter(|d| d.code == Code::WrongType)
            .count();
        assert_eq!(quoted, 2, "{:#?}", loaded.diags);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bundled_fallback_and_local_precedence() {
        let dir = std::env::temp_dir().join(format!("socgen-bundled-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("blocks/qce")).unwrap_or_default();
        let soc = "soc: mychip
source: test
include: [common/qce-lock-pipe4.yaml]
instances:
  - {name: cryptobam, block: bam@v1.7.0, base: 0x1dc4000, size: 0x24000, source: t}
  - {name: crypto, block: qce@v5, base: 0x1dfa000, size: 0x6000, source: t}
";
        std::fs::write(dir.join("mychip.yaml"), soc).unwrap_or_default();
        let qce = bundled("blocks/qce/v5.yaml").unwrap_or_default();
        std::fs::write(dir.join("blocks/qce/v5.yaml"), qce).unwrap_or_default();
        let loaded = load(&[dir.join("mychip.yaml")]);
        let path_of = |name: &str| {
            loaded
                .blocks
                .iter()
                .find(|b| b.dir_name == name)
                .map(|b| loaded.sources.path(b.file).to_path_buf())
        };
        assert_eq!(
            path_of("bam"),
            Some(Path::new(BUNDLED_PREFIX).join("blocks/bam/v1.7.0.yaml"))
        );
        assert_eq!(path_of("qce"), Some(dir.join("blocks/qce/v5.yaml")));
        let fragment = Path::new(BUNDLED_PREFIX).join("common/qce-lock-pipe4.yaml");
        assert!(loaded.sources.files().any(|(_, f)| f.path == fragment));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let keys = vec!["offset".to_string(), "access".to_string()];
        assert_eq!(did_you_mean("ofset", &keys), Some("offset"));
        assert_eq!(did_you_mean("zzzzzzzz", &keys), None);
    }
}
