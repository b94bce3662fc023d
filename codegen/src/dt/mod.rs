//! Device trees in and out: read a flattened device tree blob (`.dtb`) into an owned
//! tree (`parse.rs`), translate its `reg` windows (`window.rs`), map its nodes to block
//! revisions (`classify.rs`), draft a SoC or board file from it ([`import`]) and choose the SoC
//! it describes ([`check`]; the comparison is `analyze::dtb`). `emit::dts` writes the other
//! direction.
//!
//! Blobs are parsed with the `fdt` crate in its non-panicking mode. Before the crate sees a
//! blob, [`parse_blob`] refuses the header values the crate would trust blindly (sizes and
//! offsets past the end, a struct block too short to hold a root node) and bounds the walk
//! (depth, node count, property size), so a bad blob is a [`DtError`] naming the file, what is
//! wrong and how to fix it, never a panic.
//!
//! Only the CLI, the tests and the fuzz target call this module; `qcom-socs`'s build script
//! links the library but never reaches it.

mod board;
pub mod check;
mod classify;
pub mod import;
mod parse;
mod window;

pub use classify::*;
pub use parse::{parse_blob, read_blob};
pub use window::*;

use std::fmt;
use std::path::{Path, PathBuf};

/// Blobs larger than this are refused before parsing (a whole SoC's tree is well under 1 MiB).
pub const MAX_BLOB_BYTES: usize = 8 << 20;
/// Nodes deeper than this are refused (real trees are under 10 deep).
const MAX_DEPTH: usize = 32;
/// Blobs with more nodes than this are refused.
const MAX_NODES: usize = 50_000;

/// What is wrong with a blob, as a short stable word (the bad-input catalogue expects it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The file cannot be read.
    Io,
    /// The file is over [`MAX_BLOB_BYTES`].
    TooLarge,
    /// The file ends before the header or a block the header points at.
    Truncated,
    /// The first four bytes are not the FDT magic.
    BadMagic,
    /// A header field is impossible (version, overlapping or oversized blocks).
    BadHeader,
    /// The structure block does not parse.
    BadStructure,
    /// Deeper or larger than the walk allows.
    Limit,
    /// A property socgen reads has the wrong length or encoding (`reg`, cells, `dmas`).
    BadProperty,
    /// A phandle reference that leads back to where it started, or a phandle two nodes share.
    PhandleLoop,
    /// A phandle that no node carries.
    DanglingPhandle,
    /// No SoC to cross-check could be chosen.
    NoSoc,
}

impl ErrorKind {
    /// The stable word.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::Truncated => "truncated",
            ErrorKind::BadMagic => "bad-magic",
            ErrorKind::BadHeader => "bad-header",
            ErrorKind::BadStructure => "bad-structure",
            ErrorKind::Limit => "limit",
            ErrorKind::BadProperty => "bad-property",
            ErrorKind::PhandleLoop => "phandle-loop",
            ErrorKind::DanglingPhandle => "dangling-phandle",
            ErrorKind::NoSoc => "no-soc",
        }
    }
}

/// A blob that cannot be used: the file, what is wrong (with the node path or byte offset
/// where there is one) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DtError {
    /// The blob.
    pub file: PathBuf,
    /// The kind of problem.
    pub kind: ErrorKind,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl DtError {
    fn new(
        file: &Path,
        kind: ErrorKind,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        DtError {
            file: file.to_path_buf(),
            kind,
            message: message.into(),
            help: help.into(),
        }
    }
}

impl fmt::Display for DtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: error[dt-{}]: {}\n  help: {}",
            self.file.display(),
            self.kind.as_str(),
            self.message,
            self.help
        )
    }
}

impl std::error::Error for DtError {}

/// One node of a blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Full path (`/soc/crypto@1dfa000`).
    pub path: String,
    /// Name without the unit address (`crypto`).
    pub name: String,
    /// Unit address as written after `@`.
    pub unit: Option<String>,
    /// Position of the parent in [`Blob::nodes`].
    pub parent: Option<usize>,
    /// Positions of the children, in blob order.
    pub children: Vec<usize>,
    /// Properties in blob order.
    pub props: Vec<(String, Vec<u8>)>,
    /// Labels from `/__symbols__` (present when the blob was built with `dtc -@`), sorted.
    pub labels: Vec<String>,
}

impl Node {
    /// The raw value of a property.
    pub fn prop(&self, name: &str) -> Option<&[u8]> {
        self.props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Whether a property is present (DT booleans are present or absent).
    pub fn has(&self, name: &str) -> bool {
        self.prop(name).is_some()
    }

    /// A property as a list of NUL-terminated strings (`compatible`, `dma-names`); `None`
    /// when absent or not text.
    pub fn strings(&self, name: &str) -> Option<Vec<String>> {
        let raw = self.prop(name)?;
        let body = raw.strip_suffix(&[0])?;
        body.split(|&b| b == 0)
            .map(|s| std::str::from_utf8(s).ok().map(str::to_string))
            .collect()
    }

    /// A property as big-endian 32-bit cells; `None` when absent or not a multiple of 4 bytes.
    pub fn cells(&self, name: &str) -> Option<Vec<u32>> {
        let raw = self.prop(name)?;
        if raw.len() % 4 != 0 {
            return None;
        }
        Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// A property holding one cell.
    pub fn u32(&self, name: &str) -> Option<u32> {
        match self.cells(name)?.as_slice() {
            [v] => Some(*v),
            _ => None,
        }
    }

    /// The compatibles, empty when there are none.
    pub fn compatible(&self) -> Vec<String> {
        self.strings("compatible").unwrap_or_default()
    }
}

/// A parsed blob: every node in depth-first order, the root first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// The file it came from.
    pub file: PathBuf,
    /// SHA-256 of the whole file, lower-case hex.
    pub sha256: String,
    /// The nodes; `nodes[0]` is the root.
    pub nodes: Vec<Node>,
}
