//! One instance against its node: placement and kind (E0501, E0502, E0504), the BAM numbers
//! (E0504, W0502), the board's decisions (W0501) and the DMA wiring (E0505).

use super::{Comparison, Pair};
use crate::diagnostics::{Code, Diagnostic};
use crate::dt::{Blob, DtError, ErrorKind, Known, Node, dma_of, node_error};
use crate::source::Loc;

/// A board decision the node disagrees with: the key, the value the YAML gives (`status:
/// okay`), what the node has instead (`has status "disabled"`) and its value as an override
/// would write it (`disabled`), where the YAML value is written and whether a board file wrote
/// it.
struct Decision {
    key: &'static str,
    yaml: String,
    dt: String,
    dt_value: String,
    at: Loc,
    by_board: bool,
}

impl Comparison<'_> {
    /// Every disagreement between one instance and its node `k`: errors into `diags`, then the
    /// warnings (board decisions, properties the node lacks).
    pub(super) fn instance(
        &self,
        diags: &mut Vec<Diagnostic>,
        pairs: &[Pair<'_>],
        pair: &Pair<'_>,
        k: &Known,
    ) -> Result<(), DtError> {
        let mut notes = Vec::new();
        self.placement(diags, pair, k);
        if self.model.block_of(pair.inst).is_dma_engine() {
            self.bam_numbers(diags, &mut notes, pair, k)?;
        }
        for d in self.decisions(pair, k) {
            notes.push(self.w0501_board_decision(pair, k, d));
        }
        self.dma_wiring(diags, pairs, pair, k)?;
        diags.extend(notes);
        Ok(())
    }

    /// An error about one value of the instance that the node contradicts.
    fn disagreement(&self, pair: &Pair<'_>, code: Code, at: Loc, what: String) -> Diagnostic {
        let blob_name = self.blob_name();
        Diagnostic::new(code, at, what)
            .label("the device tree disagrees")
            .related(pair.at.name, "this instance")
            .help(format!(
                "correct the YAML, or check that {blob_name} is this SoC's blob"
            ))
    }

    /// Base, size, block revision and compatibles.
    fn placement(&self, diags: &mut Vec<Diagnostic>, pair: &Pair<'_>, k: &Known) {
        let (inst, node) = (pair.inst, &self.blob.nodes[k.node]);
        let (at, blob_name) = (self.blob.describe(k.node), self.blob_name());
        if k.window.base != inst.base {
            let what = format!(
                "`{}` base {:#x}, but its node {at} in {blob_name} has `reg` at {:#x}",
                inst.name, inst.base, k.window.base
            );
            diags.push(self.disagreement(pair, Code::DtBase, pair.at.key("base"), what));
        }
        if k.window.size != inst.size {
            let what = format!(
                "`{}` size {:#x}, but its node {at} in {blob_name} has `reg` size {:#x}",
                inst.name, inst.size, k.window.size
            );
            diags.push(self.disagreement(pair, Code::DtSize, pair.at.key("size"), what));
        }
        let block = self.model.block_of(inst);
        if k.block != block.id() {
            let what = format!(
                "`{}` is {}, but the compatibles {:?} of its node {at} select {}",
                inst.name,
                block.id(),
                node.compatible(),
                k.block
            );
            diags.push(self.disagreement(pair, Code::DtProperty, pair.at.key("block"), what));
        }
        let dt_compatible = node.compatible();
        if dt_compatible != inst.compatible {
            let what = format!(
                "`{}` compatible {:?}, but its node {at} says {:?}",
                inst.name, inst.compatible, dt_compatible
            );
            let loc = pair.at.key("compatible");
            diags.push(self.disagreement(pair, Code::DtProperty, loc, what));
        }
    }

    /// A BAM's `qcom,ee`, `num-channels` and `qcom,num-ees`: a different value is an error,
    /// one the node lacks a note (an older tree).
    fn bam_numbers(
        &self,
        diags: &mut Vec<Diagnostic>,
        notes: &mut Vec<Diagnostic>,
        pair: &Pair<'_>,
        k: &Known,
    ) -> Result<(), DtError> {
        let (inst, node) = (pair.inst, &self.blob.nodes[k.node]);
        let at = self.blob.describe(k.node);
        let props: [(&str, &str, Option<u32>); 3] = [
            ("qcom,ee", "ee", inst.ee),
            ("num-channels", "num_channels", inst.num_channels),
            ("qcom,num-ees", "num_ees", inst.num_ees),
        ];
        for (dt, key, yaml) in props {
            let value = one_cell(self.blob, node, dt)?;
            let loc = pair.at.key(key);
            if value.is_none() && yaml.is_some() {
                notes.push(w0502_absent_property(pair, &at, key, dt, yaml));
            } else if value != yaml {
                let show = |v: Option<u32>| v.map_or("absent".to_string(), |v| v.to_string());
                let what = format!(
                    "`{}` {key} is {}, but its node {at} has {dt} {}",
                    inst.name,
                    show(yaml),
                    show(value)
                );
                diags.push(self.disagreement(pair, Code::DtProperty, loc, what));
            }
        }
        Ok(())
    }

    /// The board decisions (`status`, and a BAM's `qcom,controlled-remotely` and
    /// `qcom,powered-remotely`) the node disagrees with: the board file's value where it
    /// overrides the instance, else the SoC file's.
    fn decisions(&self, pair: &Pair<'_>, k: &Known) -> Vec<Decision> {
        let (inst, node) = (pair.inst, &self.blob.nodes[k.node]);
        let over = (self.board.overrides.iter()).find(|o| o.instance == inst.name);
        let chosen = |board: Option<(bool, Loc)>, key: &str, soc: bool| match board {
            Some((v, at)) => (v, at, true),
            None => (soc, pair.at.key(key), false),
        };
        let mut out = Vec::new();
        if self.model.block_of(inst).is_dma_engine() {
            let remote = [
                (
                    "qcom,controlled-remotely",
                    "controlled_remotely",
                    inst.controlled_remotely,
                    over.and_then(|o| o.controlled_remotely),
                ),
                (
                    "qcom,powered-remotely",
                    "powered_remotely",
                    inst.powered_remotely,
                    over.and_then(|o| o.powered_remotely),
                ),
            ];
            for (dt, key, soc_value, board_value) in remote {
                let (want, at, by_board) = chosen(board_value, key, soc_value);
                if node.has(dt) != want {
                    let has = if node.has(dt) { "has" } else { "lacks" };
                    let (yaml, dt) = (format!("{key}: {want}"), format!("{has} `{dt}`"));
                    let dt_value = (!want).to_string();
                    out.push(Decision {
                        key,
                        yaml,
                        dt,
                        dt_value,
                        at,
                        by_board,
                    });
                }
            }
        }
        let dt_status = node.strings("status").and_then(|s| s.first().cloned());
        let dt_enabled = matches!(dt_status.as_deref(), None | Some("okay" | "ok"));
        let (want, at, by_board) = chosen(over.and_then(|o| o.enabled), "status", inst.enabled);
        if dt_enabled != want {
            let yaml = format!("status: {}", if want { "okay" } else { "disabled" });
            let status = dt_status.unwrap_or_else(|| "okay".to_string());
            let dt = format!("has status {status:?}");
            let dt_value = if dt_enabled { "okay" } else { "disabled" }.to_string();
            out.push(Decision {
                key: "status",
                yaml,
                dt,
                dt_value,
                at,
                by_board,
            });
        }
        out
    }

    /// W0501: a board decision of the node that differs from the YAML; never a reason to edit
    /// the SoC file.
    fn w0501_board_decision(&self, pair: &Pair<'_>, k: &Known, d: Decision) -> Diagnostic {
        let Decision {
            key,
            yaml,
            dt,
            dt_value,
            at,
            by_board,
        } = d;
        let (inst, blob_name) = (pair.inst, self.blob_name());
        let (where_, help) = match (by_board, &self.board.name) {
            (true, Some(b)) => (
                format!("board `{b}` says `{yaml}`"),
                format!(
                    "correct the override in board file {b}.yaml, or check that {blob_name} is that board's blob"
                ),
            ),
            _ => (
                format!("the SoC file says `{yaml}`"),
                format!(
                    "a board decision, not a SoC fact: leave the SoC file as it is; to describe this board, \
                     give a board file socs/boards/{}.yaml (`board:`, `soc: {}`, `compatible:`) the override \
                     `{{instance: {}, {key}: {dt_value}}}` (`socgen import --dtb {blob_name}` drafts it)",
                    self.board.blob_board, self.soc.name, inst.name
                ),
            ),
        };
        let node_at = self.blob.describe(k.node);
        let instance = if by_board {
            "the SoC's instance"
        } else {
            "this instance"
        };
        Diagnostic::new(
            Code::DtBoardDecision,
            at,
            format!(
                "`{}`: {where_}, but its node {node_at} in {blob_name} {dt} (a board decision)",
                inst.name
            ),
        )
        .label("the board's blob decides otherwise")
        .help(help)
        .related(pair.at.name, instance)
    }

    /// The DMA controller and pipes, the controller compared through the instance matched to
    /// the BAM node.
    fn dma_wiring(
        &self,
        diags: &mut Vec<Diagnostic>,
        pairs: &[Pair<'_>],
        pair: &Pair<'_>,
        k: &Known,
    ) -> Result<(), DtError> {
        let inst = pair.inst;
        let dt_dma = if self.model.block_of(inst).is_dma_engine() {
            None
        } else {
            dma_of(self.blob, k.node)?
        };
        let yaml_dma = (inst.dma.as_ref())
            .map(|d| (self.soc.instances[d.controller].name.as_str(), d.rx, d.tx));
        let dt_dma_named = dt_dma.map(|(bam, rx, tx)| {
            let name = pairs
                .iter()
                .find(|p| p.node.is_some_and(|n| self.known[n].node == bam))
                .map_or_else(|| self.blob.describe(bam), |p| p.inst.name.clone());
            (name, rx, tx)
        });
        let same = match (&yaml_dma, &dt_dma_named) {
            (None, None) => true,
            (Some((c, rx, tx)), Some((dc, drx, dtx))) => c == dc && rx == drx && tx == dtx,
            _ => false,
        };
        if !same {
            let show_yaml = yaml_dma.map_or("no dma".to_string(), |(c, rx, tx)| {
                format!("controller {c}, rx {rx}, tx {tx}")
            });
            let show_dt = dt_dma_named.map_or("no `dmas`".to_string(), |(c, rx, tx)| {
                format!("`dmas` on {c}: rx {rx}, tx {tx}")
            });
            let at = self.blob.describe(k.node);
            let what = format!(
                "`{}` has {show_yaml}, but its node {at} has {show_dt}",
                inst.name
            );
            diags.push(self.disagreement(pair, Code::DtDma, pair.at.key("dma"), what));
        }
        Ok(())
    }
}

/// The value of a one-cell property of `node`, `None` when absent; a property of another size
/// makes the blob unusable.
fn one_cell(blob: &Blob, node: &Node, prop: &str) -> Result<Option<u32>, DtError> {
    let value = node.u32(prop);
    if node.prop(prop).is_some() && value.is_none() {
        return Err(node_error(
            blob,
            ErrorKind::BadProperty,
            format!("`{prop}` of {} is not one 32-bit cell", node.path),
        ));
    }
    Ok(value)
}

/// W0502: the SoC file states a BAM number the node does not have.
fn w0502_absent_property(
    pair: &Pair<'_>,
    at: &str,
    key: &str,
    dt: &str,
    yaml: Option<u32>,
) -> Diagnostic {
    Diagnostic::new(
        Code::DtAbsentProperty,
        pair.at.key(key),
        format!(
            "`{}` {key} is {}, and its node {at} has no `{dt}` (an older tree, or a board that leaves it out): nothing to compare",
            pair.inst.name,
            yaml.unwrap_or_default()
        ),
    )
    .label("not in the device tree")
    .related(pair.at.name, "this instance")
    .help(format!(
        "absent is not different: keep the SoC file's value if its source gives it; check a tree that has `{dt}` to compare"
    ))
}
