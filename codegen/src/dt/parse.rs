//! Reading a blob: the header checks the `fdt` crate relies on, then a bounded walk into an
//! owned tree with the labels of `/__symbols__`.

use super::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

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

const FIX_TRUNCATED: &str = "the file is cut short: copy the blob again (for a running board, \
                             `cp /sys/firmware/fdt board.dtb`) or rebuild it with dtc";

/// The magic number and a whole 40-byte header.
fn check_magic(path: &Path, bytes: &[u8]) -> Result<(), DtError> {
    const MAGIC: u32 = 0xd00d_feed;
    const HEADER: usize = 40;
    let short_header = || {
        DtError::new(
            path,
            ErrorKind::Truncated,
            format!(
                "the file is {} bytes, too short for a device tree header (40 bytes)",
                bytes.len()
            ),
            FIX_TRUNCATED,
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
    Ok(())
}

/// The header checks the parser relies on, so a bad header is a clear error.
fn check_header(path: &Path, bytes: &[u8]) -> Result<(), DtError> {
    check_magic(path, bytes)?;
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
            FIX_TRUNCATED,
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
