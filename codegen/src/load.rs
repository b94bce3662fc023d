//! Finding and parsing the YAML files.
//!
//! A directory is a catalogue root: its `*.yaml` are SoCs and its `blocks/<block>/<rev>.yaml`
//! are block revisions. A file under a `blocks/<block>/` directory is a block; any other file is a
//! SoC, whose blocks are found under `blocks/` beside it. Parse errors become located
//! diagnostics; a file that does not parse is left out of the rest of the run.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Loc, SourceMap, Sp};
use crate::syntax::{
    BlockFile, BoardFile, CatalogueFile, FragmentFile, HardwareFile, RegisterSpec, SocFile,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod bundled;
mod discover;
mod expand;
mod parse;
mod parse_errors;

pub use bundled::*;
use discover::*;
use expand::*;
pub use parse::*;
use parse_errors::*;

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

/// A parsed behaviour record.
#[derive(Debug, Clone)]
pub struct LoadedHardware {
    /// Its file.
    pub file: FileId,
    /// Its contents.
    pub syntax: HardwareFile,
    /// The file stem, which must equal `hardware:`.
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
    /// Behaviour records that parsed, sorted by stem.
    pub hardware: Vec<LoadedHardware>,
    /// Board files that parsed (`boards/*.yaml`), sorted by stem.
    pub boards: Vec<LoadedBoard>,
    /// A behaviour record was found but did not parse (already reported), so missing
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
    pub catalogues: Vec<(PathBuf, Option<CatalogueFile>)>,
}

impl Loaded {
    /// The parsed block `name@revision`, if it was loaded.
    pub fn block(&self, name: &str, revision: &str) -> Option<&LoadedBlock> {
        self.blocks
            .iter()
            .find(|b| b.dir_name == name && b.stem == revision)
    }
}

/// The files a run reads, by kind, in the order they are read.
#[derive(Default)]
struct Paths {
    blocks: BTreeSet<PathBuf>,
    socs: BTreeSet<PathBuf>,
    hardware: BTreeSet<PathBuf>,
    boards: BTreeSet<PathBuf>,
}

/// Loads the given files and catalogue directories, and the blocks their SoCs use.
pub fn load(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut found = Paths::default();
    for path in paths {
        found.add(path, &mut loaded);
    }
    load_boards(&mut found, &mut loaded);
    // The catalogue beside each SoC file given by path.
    for soc in found.socs.clone() {
        let dir = soc.parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        found.hardware.extend(hardware_beside(dir, &mut loaded));
    }
    for path in &found.hardware {
        load_hardware(path, &mut loaded);
    }
    load_builtin_hardware(&found, &mut loaded);
    for path in &found.socs {
        load_soc(path, &mut loaded);
    }
    blocks_beside_socs(&mut found, &loaded);
    for path in &found.blocks {
        load_block(path, &mut loaded);
    }
    load_bundled_revisions(&mut loaded);
    loaded
        .blocks
        .sort_by(|a, b| (&a.dir_name, &a.stem).cmp(&(&b.dir_name, &b.stem)));
    loaded.socs.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded.hardware.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded.boards.sort_by(|a, b| a.stem.cmp(&b.stem));
    loaded
}

impl Paths {
    /// A path given on the command line: a catalogue root, or a file of the kind its place says.
    fn add(&mut self, path: &Path, loaded: &mut Loaded) {
        if path.is_dir() {
            discover(path, &mut self.socs, &mut self.blocks, loaded);
            self.hardware.extend(hardware_beside(path, loaded));
            let boards = path.join("boards");
            if boards.is_dir() {
                self.boards.extend(yaml_files(&boards, loaded));
            }
        } else if is_block_path(path) {
            self.blocks.insert(path.to_path_buf());
        } else if is_hardware_path(path) {
            self.hardware.insert(path.to_path_buf());
        } else if is_board_path(path) {
            self.boards.insert(path.to_path_buf());
        } else {
            self.socs.insert(path.to_path_buf());
        }
    }
}

/// Boards, and the SoC file each names, in the catalogue root above `boards/`.
fn load_boards(found: &mut Paths, loaded: &mut Loaded) {
    for path in &found.boards {
        let Some(board) = load_board(path, loaded) else {
            continue;
        };
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
        let already = found
            .socs
            .iter()
            .any(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == *soc));
        if valid_path_part(soc) && !already && candidate.is_file() {
            found.socs.insert(candidate);
        }
        loaded.boards.push(board);
    }
}

/// A bundled behaviour record the SoCs' tree does not have of its own.
fn load_builtin_hardware(found: &Paths, loaded: &mut Loaded) {
    let own: BTreeSet<String> = found
        .hardware
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .collect();
    for (stem, path, text) in BUILTIN_CATALOGUES {
        if found.socs.is_empty() || own.contains(*stem) {
            continue;
        }
        let file = loaded
            .sources
            .add(PathBuf::from(*path), (*text).to_string());
        match parse::<HardwareFile>(file, loaded) {
            Some(syntax) => loaded.hardware.push(LoadedHardware {
                file,
                syntax,
                stem: (*stem).to_string(),
            }),
            None => loaded.hardware_unparsed = true,
        }
    }
}

/// The blocks the SoCs name, beside them, unless given already.
fn blocks_beside_socs(found: &mut Paths, loaded: &Loaded) {
    for soc_path in &found.socs {
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
                    found.blocks.insert(candidate);
                }
            }
        }
    }
}

/// Revisions the consumer's tree does not have come from the bundled catalogue.
fn load_bundled_revisions(loaded: &mut Loaded) {
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
        let Some(file) = add_bundled(&relative, loaded) else {
            continue;
        };
        match parse::<BlockFile>(file, loaded) {
            Some(mut syntax) => {
                // Its `catalogue:` resolves inside the bundled catalogue too.
                let path = Path::new(BUNDLED_PREFIX).join(&relative);
                place_catalogue(&path, &mut syntax, loaded);
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

fn load_board(path: &Path, loaded: &mut Loaded) -> Option<LoadedBoard> {
    let file = read(path, loaded)?;
    let syntax = parse::<BoardFile>(file, loaded)?;
    Some(LoadedBoard {
        file,
        syntax,
        stem: stem(path),
    })
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

fn add_block_text(path: &Path, text: String, loaded: &mut Loaded) {
    let file = loaded.sources.add(path.to_path_buf(), text);
    if let Some(mut syntax) = parse::<BlockFile>(file, loaded) {
        // A `catalogue:` is read relative to `path`, as for a block file on disk.
        place_catalogue(path, &mut syntax, loaded);
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
            place_catalogue(path, &mut syntax, loaded);
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

fn load_soc(path: &Path, loaded: &mut Loaded) {
    let Some(file) = read(path, loaded) else {
        return;
    };
    if let Some(mut syntax) = parse::<SocFile>(file, loaded) {
        let dir = path.parent().unwrap_or(Path::new("."));
        let includes = syntax.include.clone();
        let mut shared = Vec::new();
        for inc in &includes {
            if let Some(fragment) = load_fragment(dir, inc, loaded) {
                shared.push(fragment);
            }
        }
        merge(&mut syntax, shared, loaded);
        loaded.socs.push(LoadedSoc {
            file,
            syntax,
            stem: stem(path),
        });
    }
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

    /// Each SoC that includes a fragment gets its own copy, whose locations name its own
    /// reading of the fragment, and a problem found while parsing it is reported for every SoC
    /// that includes it.
    #[test]
    fn shared_fragment_reported_per_includer() {
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
        let (fa, fb) = (a.loc.file, b.loc.file);
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

    /// A SoC file alone in a directory finds its blocks and fragment in the bundled catalogue,
    /// and a block revision beside it wins over the bundled one.
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
