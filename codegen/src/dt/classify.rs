//! What the nodes are to socgen: the block revision a node's compatibles select, a downstream
//! crypto node's two instances, the nodes that look like something socgen describes but select
//! nothing, and a client's DMA wiring (`dmas`).

use super::*;

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
