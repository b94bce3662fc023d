//! `socgen import --dtb`: a draft SoC file from a device tree blob.
//!
//! Every node whose compatibles select a block revision of the catalogue (through the block
//! files' `compatibles:`) becomes an instance: its `reg` window in CPU addresses, its
//! compatibles, the BAM properties, `status`, and for a client its `dma:` wiring resolved
//! through the phandles of `dmas`. Names are the node's label when the blob has
//! `/__symbols__` (`dtc -@`), else the node name and unit address. Nodes that look like a BAM,
//! a crypto engine or a BAM client but select no block are listed in a comment, never guessed.
//! The lock section is not a device-tree fact: the draft carries, commented out and marked as a
//! draft, only what the catalogue supports, or a comment saying why there is none.

use super::{
    Blob, DtError, ErrorKind, Known, Unknown, VendorCrypto, VendorPart, classify, dma_of,
    node_error, vendor_crypto,
};
use crate::model::{AddressMode, BehaviourId, BlockRole, Model};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

mod board;
mod lock;
mod vendor;

pub use board::{BoardDraft, board_of, draft_board};
use lock::lock_draft;
use vendor::{add_vendor_crypto, vendor_lines};

/// A drafted SoC file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The SoC name (`soc:`, and the file stem the file must have).
    pub soc: String,
    /// The YAML text.
    pub text: String,
    /// The instances, in file order: `(name, node path)`.
    pub instances: Vec<(String, String)>,
    /// Nodes left out, and why.
    pub unknown: Vec<Unknown>,
}

/// Rust and C keywords and names the validator reserves are not usable instance names; a
/// label that is one falls back to the node-derived name.
fn usable_name(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
        "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final",
        "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "auto",
        "case", "char", "default", "double", "float", "goto", "int", "long", "register", "short",
        "signed", "sizeof", "switch", "typedef", "union", "unsigned", "void", "volatile", "inline",
        "restrict", "lock", "blocks", "runtime",
    ];
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&s)
}

/// The SoC name: `--soc`, else the last `qcom,<soc>` root compatible that is a plain word,
/// else the blob's file stem made an identifier.
pub fn soc_name(blob: &Blob, given: Option<&str>) -> String {
    if let Some(g) = given {
        return g.to_string();
    }
    let from_compatible = blob.root_compatible().iter().rev().find_map(|c| {
        let name = c.strip_prefix("qcom,")?;
        usable_name(name).then(|| name.to_string())
    });
    from_compatible.unwrap_or_else(|| {
        let stem = blob
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let ident: String = stem
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if usable_name(&ident) {
            ident
        } else {
            format!("board_{ident}")
        }
    })
}

fn q(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::Value::from(s).to_string()
}

fn opt_u32(blob: &Blob, i: usize, name: &str) -> Result<Option<u32>, DtError> {
    let n = &blob.nodes[i];
    match n.prop(name) {
        None => Ok(None),
        Some(raw) => n.u32(name).map(Some).ok_or_else(|| {
            node_error(
                blob,
                ErrorKind::BadProperty,
                format!(
                    "`{name}` of {} is {} bytes; it must be one 32-bit cell",
                    n.path,
                    raw.len()
                ),
            )
        }),
    }
}

/// The instance name of each known node, unique in the SoC: its first usable label, else its
/// node name and unit address (`dma_controller_7984000`). `check --dtb` suggests the same names.
pub(crate) fn names(blob: &Blob, known: &[Known]) -> Vec<String> {
    let mut used = BTreeSet::new();
    known
        .iter()
        .map(|k| {
            let n = &blob.nodes[k.node];
            let derived = || {
                let base: String = n
                    .name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let unit = n.unit.clone().unwrap_or_default().to_ascii_lowercase();
                let unit: String = unit
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                let name = if unit.is_empty() {
                    base
                } else {
                    format!("{base}_{unit}")
                };
                if usable_name(&name) {
                    name
                } else {
                    format!("node_{name}")
                }
            };
            // A downstream node's BAM leaves the node's label to its engine.
            let bam_of_node = k.vendor.is_some_and(|v| v.0 == super::VendorPart::Bam);
            let first = n
                .labels
                .iter()
                .filter(|_| !bam_of_node)
                .find(|l| usable_name(l) && !used.contains(*l))
                .cloned()
                .unwrap_or_else(|| {
                    if bam_of_node {
                        format!("{}_bam", derived())
                    } else {
                        derived()
                    }
                });
            let mut name = first.clone();
            let mut k = 2;
            while used.contains(&name) {
                name = format!("{first}_{k}");
                k += 1;
            }
            used.insert(name.clone());
            name
        })
        .collect()
}

/// Drafts the SoC file for `blob` with the block revisions of `model`.
pub fn import(blob: &Blob, model: &Model, soc: Option<&str>) -> Result<Draft, DtError> {
    let soc = soc_name(blob, soc);
    let (mut known, mut unknown) = classify(blob, model);
    let mut notes: Vec<String> = Vec::new();
    add_vendor_crypto(blob, model, &mut known, &mut unknown, &mut notes);
    let mut names = names(blob, &known);
    name_vendor_bams(&known, &mut names);
    let mut drafting = Drafting {
        blob,
        known: &known,
        names: &names,
        file: blob.file_name(),
        body: String::new(),
        clients: Vec::new(),
        unknown,
        instances: Vec::new(),
    };
    for i in 0..known.len() {
        drafting.instance(i)?;
    }
    let Drafting {
        file,
        body,
        clients,
        mut unknown,
        instances,
        ..
    } = drafting;
    unknown.sort_by(|a, b| a.path.cmp(&b.path));
    unknown.dedup();
    let mut out = String::new();
    header(&mut out, &file, &notes, &unknown);
    soc_lines(&mut out, blob, &soc, &file);
    if instances.is_empty() {
        let _ = writeln!(out, "instances: []");
    } else {
        let _ = writeln!(out, "instances:");
        out.push_str(&body);
    }
    let vendor_source = vendor_source(blob, &clients, &file);
    lock_draft(&mut out, model, &clients, vendor_source.as_deref());
    Ok(Draft {
        soc,
        text: out,
        instances,
        unknown,
    })
}

/// A downstream node's BAM is named after its engine (`qcedev` and `qcedev_bam`).
fn name_vendor_bams(known: &[Known], names: &mut [String]) {
    for b in 0..known.len() {
        if known[b].vendor.is_some_and(|v| v.0 == VendorPart::Bam)
            && let Some(c) = (0..known.len()).find(|&c| {
                known[c].node == known[b].node
                    && known[c].vendor.is_some_and(|v| v.0 == VendorPart::Crypto)
            })
        {
            let wanted = format!("{}_bam", names[c]);
            if usable_name(&wanted) && !names.contains(&wanted) {
                names[b] = wanted;
            }
        }
    }
}

/// The draft's opening comments: what it is, the notes of the import, and the nodes left out.
fn header(out: &mut String, file: &str, notes: &[String], unknown: &[Unknown]) {
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=schema/soc.schema.json"
    );
    let _ = writeln!(
        out,
        "# DRAFT made by `socgen import --dtb {file}`: review every fact before use."
    );
    let _ = writeln!(
        out,
        "# Instances: every node whose compatibles select a block revision of the catalogue."
    );
    for note in notes {
        let _ = writeln!(out, "# {note}");
    }
    if unknown.is_empty() {
        let _ = writeln!(
            out,
            "# Nodes left out: none (no other node looks like a BAM, a crypto engine or a BAM client)."
        );
    } else {
        let _ = writeln!(
            out,
            "# Nodes left out (not guessed; add a block revision or the instance by hand):"
        );
        for u in unknown {
            let _ = writeln!(out, "#   {}: {}", u.path, u.reason);
        }
    }
}

/// `soc:`, `description:` and `source:` of the draft.
fn soc_lines(out: &mut String, blob: &Blob, soc: &str, file: &str) {
    let _ = writeln!(out, "soc: {soc}");
    let _ = writeln!(
        out,
        "description: {}",
        q(&format!("Draft imported from the device tree blob {file}."))
    );
    let _ = writeln!(
        out,
        "source: {}",
        q(&format!(
            "device tree blob {file} (sha256 {}), imported by socgen import; each instance's source names its node",
            blob.sha256
        ))
    );
}

/// The source of a downstream crypto node's pipe and lock group, for the lock draft.
fn vendor_source(blob: &Blob, clients: &[Client<'_>], file: &str) -> Option<String> {
    clients
        .iter()
        .find(|c| !c.1.is_bam)
        .and_then(|c| c.1.vendor.map(|(_, v)| (c.1.node, v)))
        .map(|(node, v)| {
            format!(
                "{file} node {}: qcom,bam-pipe-pair = {}; pipe = 2 * pair = {}, lock group = pair (vendor qce50 dest_pipe_index and pipe_pair_index)",
                blob.nodes[node].path,
                v.pipe_pair,
                v.rx()
            )
        })
}

/// The instances being drafted: the entries written so far, the clients of a BAM found on the
/// way (for the lock draft) and the nodes left out.
struct Drafting<'a> {
    blob: &'a Blob,
    known: &'a [Known],
    names: &'a [String],
    file: String,
    body: String,
    clients: Vec<Client<'a>>,
    unknown: Vec<Unknown>,
    instances: Vec<(String, String)>,
}

impl<'a> Drafting<'a> {
    /// The entry of node `known[i]`.
    fn instance(&mut self, i: usize) -> Result<(), DtError> {
        let (k, name) = (&self.known[i], &self.names[i]);
        let n = &self.blob.nodes[k.node];
        let body = &mut self.body;
        let _ = writeln!(body, "  - name: {name}");
        let _ = writeln!(body, "    block: {}", k.block);
        let _ = writeln!(body, "    base: {:#x}", k.window.base);
        let _ = writeln!(body, "    size: {:#x}", k.window.size);
        if !k.vendor.is_some_and(|v| v.0 == VendorPart::Bam) {
            let compatible: Vec<String> = n.compatible().iter().map(|c| q(c)).collect();
            let _ = writeln!(body, "    compatible: [{}]", compatible.join(", "));
        }
        if let Some((part, v)) = &k.vendor {
            vendor_lines(body, self.known, self.names, *part, v, n);
            if *part == VendorPart::Crypto
                && let Some(b) =
                    (self.known.iter()).position(|b| b.is_bam && b.window.base == v.bam.base)
            {
                let bam = (self.names[b].clone(), &self.known[b]);
                self.clients
                    .push((name.clone(), k, bam.0, bam.1, v.rx(), v.tx()));
            }
        } else if k.is_bam {
            self.bam_lines(k)?;
        } else {
            self.dma_line(k, name)?;
        }
        status_line(&mut self.body, n);
        let source = self.source(k);
        let _ = writeln!(self.body, "    source: {}", q(&source));
        self.instances.push((name.clone(), n.path.clone()));
        Ok(())
    }

    /// A BAM's numbers and board decisions, as its node gives them.
    fn bam_lines(&mut self, k: &Known) -> Result<(), DtError> {
        let n = &self.blob.nodes[k.node];
        for (dt, key) in [
            ("qcom,ee", "ee"),
            ("num-channels", "num_channels"),
            ("qcom,num-ees", "num_ees"),
        ] {
            if let Some(v) = opt_u32(self.blob, k.node, dt)? {
                let _ = writeln!(self.body, "    {key}: {v}");
            }
        }
        let remote = n.has("qcom,controlled-remotely");
        let _ = writeln!(self.body, "    controlled_remotely: {remote}");
        let powered = n.has("qcom,powered-remotely");
        let _ = writeln!(self.body, "    powered_remotely: {powered}");
        Ok(())
    }

    /// A client's `dma:` from its `dmas`, when they point at an imported BAM.
    fn dma_line(&mut self, k: &'a Known, name: &str) -> Result<(), DtError> {
        let Some((bam, rx, tx)) = dma_of(self.blob, k.node)? else {
            return Ok(());
        };
        match self.known.iter().position(|b| b.node == bam && b.is_bam) {
            Some(b) => {
                let controller = &self.names[b];
                let _ = writeln!(
                    self.body,
                    "    dma: {{controller: {controller}, rx: {rx}, tx: {tx}}}"
                );
                let client = (name.to_string(), k, controller.clone(), &self.known[b]);
                self.clients
                    .push((client.0, client.1, client.2, client.3, rx, tx));
            }
            None => self.unknown.push(Unknown {
                path: self.blob.nodes[k.node].path.clone(),
                reason: format!(
                    "imported as {name} without `dma:`: its `dmas` point at {}, which is not an imported BAM",
                    self.blob.describe(bam)
                ),
            }),
        }
        Ok(())
    }

    /// Where an instance's facts come from: its node, and for a downstream node how they were
    /// read.
    fn source(&self, k: &Known) -> String {
        let (file, n) = (&self.file, &self.blob.nodes[k.node]);
        match &k.vendor {
            None => format!("{file} node {}", n.path),
            Some((VendorPart::Crypto, v)) => format!(
                "{file} node {} (downstream {:?}: reg crypto-base; qcom,bam-pipe-pair = {}, so rx pipe {} and tx pipe {} as vendor qce50 computes them)",
                n.path,
                n.compatible(),
                v.pipe_pair,
                v.rx(),
                v.tx()
            ),
            Some((VendorPart::Bam, _)) => format!(
                "{file} node {} (downstream {:?}: reg crypto-bam-base, qcom,bam-ee)",
                n.path,
                n.compatible()
            ),
        }
    }
}

/// `status: disabled` for a node that is not `okay`.
fn status_line(body: &mut String, n: &crate::dt::Node) {
    match n.strings("status").as_deref() {
        None | Some([]) => {}
        Some([s]) if s == "okay" || s == "ok" => {}
        Some([s]) if s == "disabled" => {
            let _ = writeln!(body, "    status: disabled");
        }
        Some(other) => {
            let _ = writeln!(
                body,
                "    status: disabled   # DT status {other:?}: not \"okay\""
            );
        }
    }
}

type Client<'a> = (String, &'a Known, String, &'a Known, u32, u32);

/// The block and behaviour-catalogue files of a catalogue root, to check a draft written
/// elsewhere against them.
pub fn catalogue_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let list = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    for block_dir in list(&root.join("blocks")) {
        if block_dir.is_dir() {
            files.extend(
                list(&block_dir)
                    .into_iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
            );
        }
    }
    files.extend(
        list(&root.join("hardware"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
    );
    files
}

/// Checks a draft SoC file written anywhere against the blocks and behaviour record of
/// `catalogue`.
pub fn check_draft(catalogue: &Path, draft: &Path) -> crate::Checked {
    let mut paths = catalogue_files(catalogue);
    paths.push(draft.to_path_buf());
    crate::check(&paths)
}
