//! Device trees in and out: read a flattened device tree blob (`.dtb`) into an owned
//! tree, draft a SoC file from it ([`import`]) and cross-check a SoC file against it
//! ([`check`]). `emit::dts` writes the other direction.
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
pub mod import;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
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

/// Reads and parses a blob file.
pub fn read_blob(path: &Path) -> Result<Blob, DtError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        DtError::new(
            path,
            ErrorKind::Io,
            format!("cannot read the device tree blob: {e}"),
            "give the path of a .dtb file (a board's /sys/firmware/fdt, or a kernel build's arch/arm64/boot/dts/qcom/<board>.dtb)",
        )
    })?;
    if meta.len() > MAX_BLOB_BYTES as u64 {
        return Err(too_large(path, meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        DtError::new(
            path,
            ErrorKind::Io,
            format!("cannot read the device tree blob: {e}"),
            "check the path and its permissions",
        )
    })?;
    parse_blob(path, &bytes)
}

fn too_large(path: &Path, len: u64) -> DtError {
    DtError::new(
        path,
        ErrorKind::TooLarge,
        format!("the blob is {len} bytes, over socgen's limit of {MAX_BLOB_BYTES} bytes"),
        "a device tree blob is a few hundred KiB; check that this is a .dtb and not an image or archive",
    )
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The header checks the parser relies on, so a bad header is a clear error.
fn check_header(path: &Path, bytes: &[u8]) -> Result<(), DtError> {
    const MAGIC: u32 = 0xd00d_feed;
    const HEADER: usize = 40;
    let fix_truncated = "the file is cut short: copy the blob again (for a running board, \
                         `cp /sys/firmware/fdt board.dtb`) or rebuild it with dtc";
    let short_header = || {
        DtError::new(
            path,
            ErrorKind::Truncated,
            format!(
                "the file is {} bytes, too short for a device tree header (40 bytes)",
                bytes.len()
            ),
            fix_truncated,
        )
    };
    let Some(magic) = be32(bytes, 0) else {
        return Err(short_header());
    };
    if magic != MAGIC {
        return Err(DtError::new(
            path,
            ErrorKind::BadMagic,
            format!("the file starts with {magic:#010x}, not the device tree magic 0xd00dfeed"),
            "this is not a flattened device tree blob; pass the .dtb (compile a .dts with `dtc -I dts -O dtb -@`)",
        ));
    }
    if bytes.len() < HEADER {
        return Err(short_header());
    }
    let field = |i: usize| u64::from(be32(bytes, i * 4).unwrap_or(0));
    let (total, off_struct, off_strings, version) = (field(1), field(2), field(3), field(5));
    let (size_strings, size_struct) = (field(8), field(9));
    if total > bytes.len() as u64 {
        let kind = if total > MAX_BLOB_BYTES as u64 {
            ErrorKind::BadHeader
        } else {
            ErrorKind::Truncated
        };
        return Err(DtError::new(
            path,
            kind,
            format!(
                "the header says the blob is {total} bytes (totalsize at byte 4), but the file has {}",
                bytes.len()
            ),
            fix_truncated,
        ));
    }
    if version < 16 {
        return Err(DtError::new(
            path,
            ErrorKind::BadHeader,
            format!(
                "device tree format version {version} (byte 20); socgen reads version 16 and later"
            ),
            "recompile the source with a current dtc",
        ));
    }
    for (what, off, size, at) in [
        ("structure block", off_struct, size_struct, 8),
        ("strings block", off_strings, size_strings, 12),
    ] {
        if off + size > total {
            return Err(DtError::new(
                path,
                ErrorKind::BadHeader,
                format!(
                    "the {what} runs from byte {off} for {size} bytes (header bytes {at} and on), past the blob's {total} bytes"
                ),
                "the header is corrupt; rebuild the blob with dtc",
            ));
        }
    }
    if size_struct < 16 || size_struct % 4 != 0 || off_struct % 4 != 0 {
        return Err(DtError::new(
            path,
            ErrorKind::BadStructure,
            format!(
                "the structure block (byte {off_struct}, {size_struct} bytes) cannot hold a root node"
            ),
            "the blob is corrupt; rebuild it with dtc",
        ));
    }
    let end = usize::try_from(off_struct + size_struct - 4).unwrap_or(usize::MAX);
    if be32(bytes, end) != Some(9) {
        return Err(DtError::new(
            path,
            ErrorKind::BadStructure,
            format!("the structure block does not end with FDT_END (byte {end})"),
            "the blob is corrupt or cut short; rebuild it with dtc",
        ));
    }
    Ok(())
}

type FdtNode<'a> = fdt::nodes::Node<
    'a,
    (
        fdt::parsing::unaligned::UnalignedParser<'a>,
        fdt::parsing::NoPanic,
    ),
>;

/// Parses a blob already in memory; `path` names it in errors.
pub fn parse_blob(path: &Path, bytes: &[u8]) -> Result<Blob, DtError> {
    if bytes.len() > MAX_BLOB_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    check_header(path, bytes)?;
    let structure = |e: fdt::FdtError| {
        DtError::new(
            path,
            ErrorKind::BadStructure,
            format!("the structure block does not parse: {e}"),
            "the blob is corrupt; rebuild it with dtc (`dtc -I dtb -O dts` shows where it breaks)",
        )
    };
    let fdt = fdt::Fdt::new_unaligned_fallible(bytes).map_err(structure)?;
    let root = fdt
        .find_node("/")
        .map_err(structure)?
        .ok_or_else(|| structure(fdt::FdtError::MissingRequiredNode("/")))?;
    let mut nodes = Vec::new();
    walk(path, root, None, String::new(), 0, &mut nodes, &structure)?;
    // Labels: `/__symbols__` maps each label to a path.
    let mut labels: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(symbols) = nodes.iter().find(|n| n.path == "/__symbols__") {
        for (label, value) in &symbols.props {
            if let Some(target) = value
                .strip_suffix(&[0])
                .and_then(|v| std::str::from_utf8(v).ok())
            {
                labels
                    .entry(target.to_string())
                    .or_default()
                    .push(label.clone());
            }
        }
    }
    for node in &mut nodes {
        if let Some(mut l) = labels.remove(&node.path) {
            l.sort();
            node.labels = l;
        }
    }
    Ok(Blob {
        file: path.to_path_buf(),
        sha256: Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        nodes,
    })
}

fn walk<'a>(
    path: &Path,
    node: FdtNode<'a>,
    parent: Option<usize>,
    parent_path: String,
    depth: usize,
    nodes: &mut Vec<Node>,
    structure: &dyn Fn(fdt::FdtError) -> DtError,
) -> Result<(), DtError> {
    if depth > MAX_DEPTH {
        return Err(DtError::new(
            path,
            ErrorKind::Limit,
            format!("node {parent_path} is nested more than {MAX_DEPTH} levels deep"),
            "the blob is corrupt or not a SoC's device tree; rebuild it with dtc",
        ));
    }
    if nodes.len() >= MAX_NODES {
        return Err(DtError::new(
            path,
            ErrorKind::Limit,
            format!("the blob has more than {MAX_NODES} nodes"),
            "the blob is corrupt or not a SoC's device tree; rebuild it with dtc",
        ));
    }
    let name = node.name().map_err(structure)?;
    let full = name.to_string();
    let this_path = match parent {
        None => "/".to_string(),
        Some(_) if parent_path == "/" => format!("/{full}"),
        Some(_) => format!("{parent_path}/{full}"),
    };
    let mut props = Vec::new();
    for p in node.properties().map_err(structure)?.iter() {
        let p = p.map_err(structure)?;
        props.push((p.name.to_string(), p.value.to_vec()));
    }
    let me = nodes.len();
    nodes.push(Node {
        path: this_path.clone(),
        name: if parent.is_none() {
            "/".to_string()
        } else {
            name.name.to_string()
        },
        unit: name.unit_address.map(str::to_string),
        parent,
        children: Vec::new(),
        props,
        labels: Vec::new(),
    });
    if let Some(p) = parent {
        nodes[p].children.push(me);
    }
    for child in node.children().map_err(structure)?.iter() {
        let child = child.map_err(structure)?;
        walk(
            path,
            child,
            Some(me),
            this_path.clone(),
            depth + 1,
            nodes,
            structure,
        )?;
    }
    Ok(())
}

/// A `reg` window translated to a CPU physical address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Physical base.
    pub base: u64,
    /// Size in bytes.
    pub size: u64,
}

impl Blob {
    /// The root's compatibles.
    pub fn root_compatible(&self) -> Vec<String> {
        self.nodes.first().map(Node::compatible).unwrap_or_default()
    }

    /// `#address-cells` and `#size-cells` of node `i` (the cells its children use), with the
    /// defaults of the specification (2 and 1).
    fn cell_counts(&self, i: usize) -> Result<(u32, u32), String> {
        let n = &self.nodes[i];
        let get = |name: &str, default: u32| -> Result<u32, String> {
            match n.prop(name) {
                None => Ok(default),
                Some(_) => n
                    .u32(name)
                    .ok_or_else(|| format!("`{name}` of {} is not one cell", n.path)),
            }
        };
        Ok((get("#address-cells", 2)?, get("#size-cells", 1)?))
    }

    /// The first `reg` entry of node `i`, in CPU physical addresses: its parent's
    /// `#address-cells`/`#size-cells` applied, then every ancestor bus's `ranges`.
    pub fn window(&self, i: usize) -> Result<Window, String> {
        self.window_at(i, 0)
    }

    /// The `reg` entry named `name` in node `i`'s `reg-names`, translated as [`Blob::window`]
    /// translates the first.
    pub fn named_window(&self, i: usize, name: &str) -> Result<Window, String> {
        let node = &self.nodes[i];
        let names = node.strings("reg-names").unwrap_or_default();
        let at = names.iter().position(|n| n == name).ok_or_else(|| {
            format!(
                "{} has no `reg` entry named `{name}` (reg-names {names:?})",
                node.path
            )
        })?;
        self.window_at(i, at)
    }

    /// Entry `at` of node `i`'s `reg`, in CPU physical addresses.
    fn window_at(&self, i: usize, at: usize) -> Result<Window, String> {
        let node = &self.nodes[i];
        let parent = node
            .parent
            .ok_or_else(|| "the root node has no `reg` window".to_string())?;
        let (ac, sc) = self.cell_counts(parent)?;
        let cells = node
            .cells("reg")
            .ok_or_else(|| format!("{} has no `reg` property of 32-bit cells", node.path))?;
        if ac == 0 || ac > 2 || sc > 2 || cells.len() < (ac + sc) as usize {
            return Err(format!(
                "`reg` of {} has {} cell(s), but its parent says #address-cells = {ac}, #size-cells = {sc} (socgen reads 1 or 2 address cells and 0 to 2 size cells)",
                node.path,
                cells.len()
            ));
        }
        let width = (ac + sc) as usize;
        let Some(entry) = cells.chunks_exact(width).nth(at) else {
            return Err(format!(
                "`reg` of {} has no entry {at} ({} cells of {width})",
                node.path,
                cells.len()
            ));
        };
        let addr = join(&entry[..ac as usize]);
        let size = join(&entry[ac as usize..]);
        if addr.checked_add(size).is_none() {
            return Err(format!(
                "`reg` of {} is {addr:#x} + {size:#x}, which wraps past 2^64",
                node.path
            ));
        }
        let base = self.translate(parent, addr, size)?;
        Ok(Window { base, size })
    }

    /// Translates an address in the bus of node `bus` up to the root.
    fn translate(&self, mut bus: usize, mut addr: u64, size: u64) -> Result<u64, String> {
        let mut hops = 0;
        while let Some(up) = self.nodes[bus].parent {
            hops += 1;
            if hops > MAX_DEPTH {
                return Err("address translation does not end at the root".to_string());
            }
            let b = &self.nodes[bus];
            let Some(ranges) = b.cells("ranges") else {
                return Err(match b.prop("ranges") {
                    Some(_) => format!("`ranges` of {} is not a list of 32-bit cells", b.path),
                    None => format!(
                        "bus {} has no `ranges`, so its children are not in the CPU's address space",
                        b.path
                    ),
                });
            };
            if !ranges.is_empty() {
                let (child_ac, child_sc) = self.cell_counts(bus)?;
                let (parent_ac, _) = self.cell_counts(up)?;
                let entry =
                    (u64::from(child_ac) + u64::from(parent_ac) + u64::from(child_sc)) as usize;
                if child_ac > 2
                    || parent_ac > 2
                    || child_sc > 2
                    || entry == 0
                    || ranges.len() % entry != 0
                {
                    return Err(format!(
                        "`ranges` of {} has {} cells, not a multiple of {entry} (child address {child_ac}, parent address {parent_ac}, size {child_sc} cells)",
                        b.path,
                        ranges.len()
                    ));
                }
                let hit = ranges.chunks_exact(entry).find_map(|r| {
                    let child = join(&r[..child_ac as usize]);
                    let parent = join(&r[child_ac as usize..(child_ac + parent_ac) as usize]);
                    let len = join(&r[(child_ac + parent_ac) as usize..]);
                    let off = addr.checked_sub(child)?;
                    (off < len && size <= len - off).then(|| parent.checked_add(off))?
                });
                addr = hit.ok_or_else(|| {
                    format!(
                        "{addr:#x} (+{size:#x}) lies in no `ranges` entry of bus {}",
                        b.path
                    )
                })?;
            }
            bus = up;
        }
        Ok(addr)
    }

    /// The node carrying `phandle` (or the legacy `linux,phandle`), or why there is none or
    /// more than one.
    pub fn by_phandle(&self, phandle: u32) -> Result<usize, (ErrorKind, String)> {
        let mut found = self.nodes.iter().enumerate().filter(|(_, n)| {
            n.u32("phandle") == Some(phandle) || n.u32("linux,phandle") == Some(phandle)
        });
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Ok(i),
            (Some((_, a)), Some((_, b))) => Err((
                ErrorKind::PhandleLoop,
                format!(
                    "phandle {phandle:#x} is carried by both {} and {}",
                    a.path, b.path
                ),
            )),
            (None, _) => Err((
                ErrorKind::DanglingPhandle,
                format!("no node carries phandle {phandle:#x}"),
            )),
        }
    }

    /// A node's display name for messages: its path, with its labels.
    pub fn describe(&self, i: usize) -> String {
        let n = &self.nodes[i];
        if n.labels.is_empty() {
            n.path.clone()
        } else {
            format!("{} (label {})", n.path, n.labels.join(", "))
        }
    }

    /// The file name of the blob, for `source:` lines.
    pub fn file_name(&self) -> String {
        self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

fn join(cells: &[u32]) -> u64 {
    cells
        .iter()
        .fold(0u64, |acc, &c| (acc << 32) | u64::from(c))
}

/// The error for a node that cannot be read, with the fix.
pub(crate) fn node_error(blob: &Blob, kind: ErrorKind, message: String) -> DtError {
    let help = match kind {
        ErrorKind::PhandleLoop => {
            "every phandle must be unique and a `dmas` entry must point at a DMA controller, not at the client itself; fix the .dts and rebuild the blob"
        }
        ErrorKind::DanglingPhandle => {
            "the `dmas` entry names a phandle no node has; fix the .dts (was a label renamed?) and rebuild the blob"
        }
        _ => "fix the node in the .dts and rebuild the blob with dtc",
    };
    DtError::new(&blob.file, kind, message, help)
}

/// What a node is to socgen: which block revision its compatibles select, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// Position of the node in [`Blob::nodes`].
    pub node: usize,
    /// `block@revision`.
    pub block: String,
    /// The block name (`bam`, `qce`).
    pub block_name: String,
    /// Whether the block is a BAM DMA engine (its `role:`).
    pub is_bam: bool,
    /// The physical window.
    pub window: Window,
    /// For the two instances a downstream crypto node holds (see [`vendor_crypto`]): which one
    /// this is, and what the node says. `None` for a node selected by its compatibles.
    pub vendor: Option<(VendorPart, VendorCrypto)>,
}

/// Which of the two instances of a downstream crypto node a [`Known`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorPart {
    /// The crypto engine (`reg` entry `crypto-base`).
    Crypto,
    /// Its BAM (`reg` entry `crypto-bam-base`).
    Bam,
}

/// The compatibles of downstream (vendor kernel) crypto nodes: one node holds the engine and
/// its BAM (vendor binding `Documentation/devicetree/bindings/crypto/msm/qcedev.txt`, read by
/// vendor qce50's `__qce_get_device_tree_data`).
pub const VENDOR_CRYPTO: &[&str] = &["qcom,qcedev", "qcom,qcrypto"];

/// What a downstream crypto node says, read the way vendor qce50 reads it: the engine's and the
/// BAM's windows by `reg-names` (`crypto-base`, `crypto-bam-base`), the pipe pair
/// (`qcom,bam-pipe-pair`: the engine's rx pipe is twice the pair, its tx pipe the next one),
/// the BAM EE (`qcom,bam-ee`; vendor qce50 takes 1 when absent), and the instance and device
/// numbers (`qcom,ce-hw-instance`, `qcom,ce-device`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorCrypto {
    /// The engine's window (`crypto-base`).
    pub crypto: Window,
    /// The BAM's window (`crypto-bam-base`).
    pub bam: Window,
    /// `qcom,bam-pipe-pair`.
    pub pipe_pair: u32,
    /// `qcom,bam-ee`, if present.
    pub bam_ee: Option<u32>,
    /// `qcom,ce-hw-instance`, if present.
    pub ce_hw_instance: Option<u32>,
    /// `qcom,ce-device`, if present.
    pub ce_device: Option<u32>,
}

impl VendorCrypto {
    /// The engine's rx pipe: twice the pipe pair (vendor qce50 `dest_pipe_index`).
    pub fn rx(&self) -> u32 {
        self.pipe_pair.saturating_mul(2)
    }

    /// The engine's tx pipe: the rx pipe's neighbour (vendor qce50 `src_pipe_index`).
    pub fn tx(&self) -> u32 {
        self.rx().saturating_add(1)
    }
}

/// Node `i` read as a downstream crypto node: `None` when its compatibles are not one of
/// [`VENDOR_CRYPTO`], `Some(Err(why))` when it is one but cannot be read.
pub fn vendor_crypto(blob: &Blob, i: usize) -> Option<Result<VendorCrypto, String>> {
    let n = &blob.nodes[i];
    if !n
        .compatible()
        .iter()
        .any(|c| VENDOR_CRYPTO.contains(&c.as_str()))
    {
        return None;
    }
    let one = |name: &str| -> Result<Option<u32>, String> {
        match n.prop(name) {
            None => Ok(None),
            Some(_) => n
                .u32(name)
                .map(Some)
                .ok_or_else(|| format!("`{name}` of {} is not one 32-bit cell", n.path)),
        }
    };
    Some((|| {
        let crypto = blob.named_window(i, "crypto-base")?;
        let bam = blob.named_window(i, "crypto-bam-base")?;
        let pipe_pair = one("qcom,bam-pipe-pair")?
            .ok_or_else(|| format!("{} has no `qcom,bam-pipe-pair`", n.path))?;
        Ok(VendorCrypto {
            crypto,
            bam,
            pipe_pair,
            bam_ee: one("qcom,bam-ee")?,
            ce_hw_instance: one("qcom,ce-hw-instance")?,
            ce_device: one("qcom,ce-device")?,
        })
    })())
}

/// A node that looks like something socgen describes but cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The node path.
    pub path: String,
    /// Why it is left out.
    pub reason: String,
}

/// Whether a compatible names a BAM or a crypto engine (what `import` looks for).
fn interesting(compatible: &str) -> bool {
    compatible.starts_with("qcom,bam-v")
        || (compatible.starts_with("qcom,") && compatible.ends_with("-qce"))
        || compatible.starts_with("qcom,crypto-v")
        || compatible == "qcom,qce"
}

/// Sorts the blob's nodes into those whose compatibles select a block revision of `model`
/// (sorted by base, then path) and those that look like a BAM, a crypto engine or a BAM client
/// but cannot be imported (sorted by path).
pub fn classify(blob: &Blob, model: &crate::model::Model) -> (Vec<Known>, Vec<Unknown>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for (i, n) in blob.nodes.iter().enumerate() {
        if n.path.starts_with("/__") {
            continue;
        }
        let compatible = n.compatible();
        let block = compatible.iter().find_map(|c| {
            model
                .blocks
                .iter()
                .find(|b| b.compatibles.iter().any(|bc| bc == c))
        });
        match block {
            Some(b) => match blob.window(i) {
                Ok(window) => known.push(Known {
                    node: i,
                    block: b.id(),
                    block_name: b.name.clone(),
                    is_bam: b.is_dma_engine(),
                    window,
                    vendor: None,
                }),
                Err(reason) => unknown.push(Unknown {
                    path: n.path.clone(),
                    reason: format!("selects {} but its window cannot be read: {reason}", b.id()),
                }),
            },
            None if vendor_crypto(blob, i).is_some() => unknown.push(Unknown {
                path: n.path.clone(),
                reason: match vendor_crypto(blob, i) {
                    Some(Err(why)) => format!(
                        "a downstream crypto node ({compatible:?}) that cannot be read: {why}"
                    ),
                    _ => format!(
                        "a downstream crypto node ({compatible:?}): `socgen import` drafts its engine and BAM; `check --dtb` compares upstream nodes only"
                    ),
                },
            }),
            None if compatible.iter().any(|c| interesting(c)) => unknown.push(Unknown {
                path: n.path.clone(),
                reason: format!(
                    "compatible {:?} is in no block file's `compatibles:`; add it to the block revision whose layout it has, if one does",
                    compatible
                ),
            }),
            None => {}
        }
    }
    known.sort_by(|a, b| {
        (a.window.base, &blob.nodes[a.node].path).cmp(&(b.window.base, &blob.nodes[b.node].path))
    });
    // Clients of a known BAM that socgen has no block for (serial, SPI, NAND...).
    let bams: Vec<usize> = known.iter().filter(|k| k.is_bam).map(|k| k.node).collect();
    for (i, n) in blob.nodes.iter().enumerate() {
        if known.iter().any(|k| k.node == i) || unknown.iter().any(|u| u.path == n.path) {
            continue;
        }
        // Only the phandle cell of each entry names a controller: a specifier cell of another
        // controller's entry (a GPI's `<&gpi 0 3 3>`) may equal a BAM's phandle by chance.
        let uses_bam = dma_controllers(blob, i).iter().any(|t| bams.contains(t));
        if uses_bam {
            unknown.push(Unknown {
                path: n.path.clone(),
                reason: format!(
                    "a DMA client of a BAM with compatible {:?}, which no block file describes",
                    n.compatible()
                ),
            });
        }
    }
    unknown.sort_by(|a, b| a.path.cmp(&b.path));
    (known, unknown)
}

/// The controllers a node's `dmas` entries name, walking the entries as the binding does: a
/// phandle, then as many specifier cells as the controller's `#dma-cells` (1 when absent). A
/// BAM's entry counts only when that is the BAM binding's one cell. An entry that does not
/// resolve ends the walk (`dma_of` reports it where it matters).
fn dma_controllers(blob: &Blob, i: usize) -> Vec<usize> {
    let Some(cells) = blob.nodes[i].cells("dmas") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = cells.as_slice();
    while let [phandle, tail @ ..] = rest {
        let Ok(target) = blob.by_phandle(*phandle) else {
            break;
        };
        let dma_cells = blob.nodes[target].u32("#dma-cells").unwrap_or(1) as usize;
        let Some(tail) = tail.get(dma_cells..) else {
            break;
        };
        if dma_cells == 1 {
            out.push(target);
        }
        rest = tail;
    }
    out
}

/// The DMA wiring of a client node: `(BAM node, rx pipe, tx pipe)`, from `dmas` (through the
/// phandles) and `dma-names` (`rx`, `tx`; without names the first entry is rx).
pub fn dma_of(blob: &Blob, i: usize) -> Result<Option<(usize, u32, u32)>, DtError> {
    let n = &blob.nodes[i];
    let Some(raw) = n.prop("dmas") else {
        return Ok(None);
    };
    let bad = |msg: String| node_error(blob, ErrorKind::BadProperty, msg);
    let cells = n.cells("dmas").ok_or_else(|| {
        bad(format!(
            "`dmas` of {} is {} bytes, not whole 32-bit cells",
            n.path,
            raw.len()
        ))
    })?;
    let mut entries = Vec::new();
    let mut rest = cells.as_slice();
    while let [phandle, tail @ ..] = rest {
        let target = blob
            .by_phandle(*phandle)
            .map_err(|(kind, m)| node_error(blob, kind, format!("`dmas` of {}: {m}", n.path)))?;
        if target == i {
            return Err(node_error(
                blob,
                ErrorKind::PhandleLoop,
                format!(
                    "`dmas` of {} refers to phandle {phandle:#x}, which is {} itself: a loop",
                    n.path, n.path
                ),
            ));
        }
        let t = &blob.nodes[target];
        let dma_cells = t.u32("#dma-cells").unwrap_or(1) as usize;
        if dma_cells > tail.len() {
            return Err(bad(format!(
                "`dmas` of {} ends inside an entry for {} (#dma-cells = {dma_cells})",
                n.path, t.path
            )));
        }
        let (spec, tail) = tail.split_at(dma_cells);
        entries.push((target, spec.first().copied()));
        rest = tail;
    }
    let names = n.strings("dma-names").unwrap_or_default();
    let pick = |name: &str, fallback: usize| {
        names
            .iter()
            .position(|x| x == name)
            .or((names.is_empty()).then_some(fallback))
            .and_then(|p| entries.get(p).copied())
    };
    match (pick("rx", 0), pick("tx", 1)) {
        (Some((bam_rx, Some(rx))), Some((bam_tx, Some(tx)))) if bam_rx == bam_tx => {
            Ok(Some((bam_rx, rx, tx)))
        }
        (Some((a, _)), Some((b, _))) if a != b => Err(bad(format!(
            "`dmas` of {} uses two controllers ({} for rx, {} for tx); socgen's `dma:` names one BAM",
            n.path, blob.nodes[a].path, blob.nodes[b].path
        ))),
        _ => Err(bad(format!(
            "`dmas` of {} does not give one rx and one tx pipe (dma-names {:?})",
            n.path, names
        ))),
    }
}
