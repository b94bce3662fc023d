//! Where a node is: its `reg` translated through its parents' cells and `ranges` to a CPU
//! physical window, and how it is named in messages.

use super::*;

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
