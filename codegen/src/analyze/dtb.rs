//! A lowered SoC compared with a device tree blob (`socgen check --dtb`), from the model and
//! its origins; `dt` parses the blob and `dt::check` chooses the SoC and the board file.
//!
//! Each instance is matched with the node whose translated `reg` base equals its `base` (the
//! node with the same unit address), else with the node whose label is the instance's name
//! (so a wrong base is reported at `base:`, not as a missing node). Every disagreement is a
//! located diagnostic at the YAML value with the DT value and the node path in the message:
//! E0501 base, E0502 size, E0503 no node, E0504 a property (block, compatible, the BAM numbers),
//! E0505 the DMA wiring; E0506 is a node of the blob that selects a block revision
//! but has no instance.
//!
//! A board's blob is not a SoC file: what a board decides (`status`, `qcom,controlled-remotely`,
//! `qcom,powered-remotely`) is warning W0501 naming the node, at the board file's override when
//! a board file states it ([`Board`]), else at the SoC file's instance; a property the blob
//! lacks (an older tree) is W0502.

mod instance;

use crate::diagnostics::{Code, Diagnostic};
use crate::dt::{Blob, DtError, Known};
use crate::model::{Instance, Model, Soc};
use crate::origins::{InstanceOrigins, SocOrigins};
use crate::source::Loc;

/// What a board file decides for one instance, each value with the place it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardOverride {
    /// The instance's name.
    pub instance: String,
    /// `status:` (`true` for `okay`).
    pub enabled: Option<(bool, Loc)>,
    /// `controlled_remotely:`.
    pub controlled_remotely: Option<(bool, Loc)>,
    /// `powered_remotely:`.
    pub powered_remotely: Option<(bool, Loc)>,
}

/// The board file that describes the blob, if any, and the board name the blob suggests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Board {
    /// The board file's `board:`, when there is one.
    pub name: Option<String>,
    /// Its overrides.
    pub overrides: Vec<BoardOverride>,
    /// The blob's first root compatible without its vendor (`sm8550-mtp`), for a board file
    /// name in help texts.
    pub blob_board: String,
}

/// One SoC of the model and the blob it is compared with.
pub struct Comparison<'a> {
    /// The model the SoC belongs to (its blocks).
    pub model: &'a Model,
    /// The SoC.
    pub soc: &'a Soc,
    /// Where the SoC's instances were written.
    pub origins: &'a SocOrigins,
    /// The blob.
    pub blob: &'a Blob,
    /// The blob's nodes that select a block revision.
    pub known: &'a [Known],
    /// The board file applied to the blob.
    pub board: &'a Board,
}

/// An instance and the node of the blob it was matched with (an index into `known`).
struct Pair<'a> {
    inst: &'a Instance,
    at: &'a InstanceOrigins,
    node: Option<usize>,
}

impl Comparison<'_> {
    /// Every disagreement between the SoC and the blob, unsorted.
    pub fn diagnostics(&self) -> Result<Vec<Diagnostic>, DtError> {
        let (pairs, matched) = self.match_nodes();
        let mut diags = Vec::new();
        for pair in &pairs {
            match pair.node {
                None => diags.push(self.e0503_no_node(pair, &matched)),
                Some(k) => self.instance(&mut diags, &pairs, pair, &self.known[k])?,
            }
        }
        self.missing_instances(&mut diags, &matched);
        Ok(diags)
    }

    fn blob_name(&self) -> String {
        self.blob.file.display().to_string()
    }

    /// Each instance with its node, and which nodes were taken.
    fn match_nodes(&self) -> (Vec<Pair<'_>>, Vec<bool>) {
        let mut matched = vec![false; self.known.len()];
        // First pass: match by base, then by label.
        let mut pairs = Vec::with_capacity(self.soc.instances.len());
        for (inst, at) in self.soc.instances.iter().zip(&self.origins.instances) {
            let by_base = self.known.iter().position(|k| k.window.base == inst.base);
            let node = by_base.or_else(|| {
                self.known
                    .iter()
                    .position(|k| self.blob.nodes[k.node].labels.contains(&inst.name))
            });
            if let Some(n) = node {
                matched[n] = true;
            }
            pairs.push(Pair { inst, at, node });
        }
        self.match_moved(&mut pairs, &mut matched);
        (pairs, matched)
    }

    /// Second pass: an instance still without a node, the only one of its block and size, and
    /// the only unmatched node of that block and size left, are one thing at another base: one
    /// wrong `base:` is then one E0501, not a missing node, a missing instance and the DMA
    /// mismatches that follow from them.
    fn match_moved(&self, pairs: &mut [Pair<'_>], matched: &mut [bool]) {
        let kind = |inst: &Instance| (self.model.block_of(inst).id(), inst.size);
        let orphans: Vec<(String, u64)> = pairs
            .iter()
            .filter(|p| p.node.is_none())
            .map(|p| kind(p.inst))
            .collect();
        for pair in pairs.iter_mut() {
            let inst = pair.inst;
            if pair.node.is_some() || orphans.iter().filter(|o| **o == kind(inst)).count() != 1 {
                continue;
            }
            let nodes: Vec<usize> = self
                .known
                .iter()
                .enumerate()
                .filter(|(i, k)| {
                    !matched[*i]
                        && k.block == self.model.block_of(inst).id()
                        && k.window.size == inst.size
                })
                .map(|(i, _)| i)
                .collect();
            if let [only] = nodes.as_slice() {
                matched[*only] = true;
                pair.node = Some(*only);
            }
        }
    }

    /// E0503: an instance no node matches, with the unmatched nodes of its block as candidates.
    fn e0503_no_node(&self, pair: &Pair<'_>, matched: &[bool]) -> Diagnostic {
        let (inst, blob_name) = (pair.inst, self.blob_name());
        let block = self.model.block_of(inst).id();
        let candidates: Vec<String> = self
            .known
            .iter()
            .enumerate()
            .filter(|(i, k)| !matched[*i] && k.block == block)
            .map(|(_, k)| format!("{} at {:#x}", self.blob.describe(k.node), k.window.base))
            .collect();
        let help = if candidates.is_empty() {
            "remove the instance, or check `base:` against the board's device tree".to_string()
        } else {
            format!(
                "correct `base:` if the instance is one of these unmatched {block} nodes: {}",
                candidates.join("; ")
            )
        };
        Diagnostic::new(
            Code::DtNoNode,
            pair.at.key("base"),
            format!(
                "`{}` has no node in {blob_name}: no node selecting a block revision has its `reg` at {:#x}, and none has the label `{}`",
                inst.name, inst.base, inst.name
            ),
        )
        .label("no device tree node here")
        .related(pair.at.name, "this instance")
        .help(help)
    }

    /// E0506: every node that selects a block revision and matched no instance.
    fn missing_instances(&self, diags: &mut Vec<Diagnostic>, matched: &[bool]) {
        let blob_name = self.blob_name();
        let import_names = crate::dt::import::names(self.blob, self.known);
        for (i, k) in self.known.iter().enumerate() {
            if matched[i] {
                continue;
            }
            let n = &self.blob.nodes[k.node];
            let name = import_names
                .get(i)
                .cloned()
                .unwrap_or_else(|| n.name.replace('-', "_"));
            diags.push(
                Diagnostic::new(
                    Code::DtMissingInstance,
                    self.origins.soc,
                    format!(
                        "{blob_name} has a {} node {} at {:#x} (size {:#x}) that `{}` lacks",
                        k.block,
                        self.blob.describe(k.node),
                        k.window.base,
                        k.window.size,
                        self.soc.name
                    ),
                )
                .label("no instance for that node")
                .help(format!(
                    "add it under `instances:` (`socgen import --dtb {blob_name}` drafts it): {{name: {}, block: {}, base: {:#x}, size: {:#x}, compatible: {:?}}}",
                    name,
                    k.block,
                    k.window.base,
                    k.window.size,
                    n.compatible()
                )),
            );
        }
    }
}
