//! `socgen check --dtb`: a SoC file against a device tree blob.
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
//! `qcom,powered-remotely`) is warning W0501 naming the node, at the board file's override when a
//! board file (`boards/<board>.yaml`, selected by the blob's root compatible) states it, else at
//! the SoC file's instance; a property the blob lacks (an older tree) is W0502; a root
//! compatible naming another catalogued SoC is W0503. The SoC is chosen through
//! `qcom,<soc>`, a SoC's `also_compatible:` and the board files' `compatible:`.

use super::{Blob, DtError, ErrorKind, Known, Unknown, classify, dma_of};
use crate::Checked;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::{Loaded, LoadedBoard};
use crate::model::{Instance, Model, Soc};
use crate::source::Loc;
use crate::syntax::{InstanceSpec, OverrideSpec, Status};
use std::path::Path;

/// The root compatibles that select SoC `name` of `loaded`: its own `qcom,<soc>` and its
/// `also_compatible:` (board-level names of the same silicon).
pub fn family(loaded: &Loaded, name: &str) -> Vec<String> {
    let mut out = vec![format!("qcom,{name}")];
    if let Some(s) = loaded.socs.iter().find(|s| s.syntax.soc.value == name) {
        out.extend(s.syntax.also_compatible.iter().map(|c| c.value.clone()));
    }
    out
}

/// The SoC of `loaded` that a root compatible selects: `qcom,<soc>`, a SoC's
/// `also_compatible:`, or a board file's `compatible:` (its `soc:`).
fn soc_of_compatible<'l>(loaded: &'l Loaded, compatible: &str) -> Option<&'l str> {
    loaded
        .socs
        .iter()
        .find(|s| {
            compatible.strip_prefix("qcom,") == Some(s.syntax.soc.value.as_str())
                || s.syntax
                    .also_compatible
                    .iter()
                    .any(|c| c.value == compatible)
        })
        .map(|s| s.syntax.soc.value.as_str())
        .or_else(|| {
            loaded
                .boards
                .iter()
                .find(|b| b.syntax.compatible.iter().any(|c| c.value == compatible))
                .map(|b| b.syntax.soc.value.as_str())
        })
}

/// The SoC of `loaded` that the blob's root compatibles select (`qcom,<soc>`, a SoC's
/// `also_compatible:`, a board file's `compatible:`), if any: what `import` names the draft.
pub fn catalogued_soc(blob: &Blob, loaded: &Loaded) -> Option<String> {
    blob.root_compatible()
        .iter()
        .find_map(|c| soc_of_compatible(loaded, c))
        .map(str::to_string)
}

/// The board file that describes `blob` on SoC `soc`: one whose `soc:` is `soc` and whose
/// `compatible:` holds one of the blob's root compatibles.
pub fn board_for<'l>(loaded: &'l Loaded, blob: &Blob, soc: &str) -> Option<&'l LoadedBoard> {
    let root = blob.root_compatible();
    loaded.boards.iter().find(|b| {
        b.syntax.soc.value == soc && b.syntax.compatible.iter().any(|c| root.contains(&c.value))
    })
}

/// Which SoC of a checked set the blob describes: `soc` when given, the only one, or the one a
/// root compatible of the blob selects (`qcom,<soc>`, a SoC's `also_compatible:`, a board
/// file's `compatible:`).
pub fn choose_soc<'m>(
    blob: &Blob,
    model: &'m Model,
    loaded: &Loaded,
    soc: Option<&str>,
) -> Result<&'m Soc, DtError> {
    let names: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
    let pick = if let Some(s) = soc {
        model.soc(s)
    } else if model.socs.len() == 1 {
        model.socs.first()
    } else {
        blob.root_compatible()
            .iter()
            .filter_map(|c| soc_of_compatible(loaded, c))
            .find_map(|c| model.soc(c))
    };
    pick.ok_or_else(|| {
        let help = match best_match(blob, model) {
            Some((soc, hits, of)) => format!(
                "name the SoC file: its nodes match `{soc}` best ({hits} of its {of} instances have a \
                 node at their base), so try `socgen check --dtb {} socs/{soc}.yaml`; if the blob's \
                 root compatible names the same silicon, add it to `also_compatible:` in {soc}.yaml",
                blob.file.display()
            ),
            None => "name the SoC file: `socgen check --dtb board.dtb socs/<soc>.yaml`".to_string(),
        };
        DtError::new(
            &blob.file,
            ErrorKind::NoSoc,
            format!(
                "cannot tell which SoC the blob describes (root compatible {:?}; SoCs checked: {})",
                blob.root_compatible(),
                names.join(", ")
            ),
            help,
        )
    })
}

/// A catalogued SoC other than `soc` that the blob's root compatible names: one loaded, or a
/// SoC file `<name>.yaml` beside `soc`'s file (`socs/sm8650.yaml` when checking
/// `socs/sm8550.yaml` alone). Returns its name and the root compatible.
fn other_soc(blob: &Blob, loaded: &Loaded, soc: &str, soc_dir: &Path) -> Option<(String, String)> {
    let own = family(loaded, soc);
    let root = blob.root_compatible();
    if root.iter().any(|c| own.contains(c)) {
        return None;
    }
    root.iter().find_map(|c| {
        if let Some(other) = soc_of_compatible(loaded, c).filter(|o| *o != soc) {
            return Some((other.to_string(), c.clone()));
        }
        let name = c.strip_prefix("qcom,")?;
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        (plain && soc_dir.join(format!("{name}.yaml")).is_file())
            .then(|| (name.to_string(), c.clone()))
    })
}

/// The SoC of `model` with the most instances that have a node of the blob at their base, of
/// their size and with their compatibles: `(name, matching instances, instances)`, if any
/// instance matches at all.
fn best_match<'m>(blob: &Blob, model: &'m Model) -> Option<(&'m str, usize, usize)> {
    let nodes: Vec<(u64, u64, Vec<String>)> = (0..blob.nodes.len())
        .filter_map(|i| {
            let w = blob.window(i).ok()?;
            Some((w.base, w.size, blob.nodes[i].compatible()))
        })
        .collect();
    model
        .socs
        .iter()
        .map(|soc| {
            let hits = soc
                .instances
                .iter()
                .filter(|inst| {
                    nodes.iter().any(|(base, size, compatible)| {
                        *base == inst.base
                            && *size == inst.size
                            && (inst.compatible.is_empty() || *compatible == inst.compatible)
                    })
                })
                .count();
            (soc.name.as_str(), hits, soc.instances.len())
        })
        .filter(|(_, hits, _)| *hits > 0)
        .max_by_key(|(name, hits, of)| (*hits, std::cmp::Reverse(*of), std::cmp::Reverse(*name)))
}

/// The blocks of `model` and every bundled block revision it does not have, as a model to
/// classify nodes with.
fn all_blocks(model: &Model) -> Model {
    let mut blocks = model.blocks.clone();
    if let Some(bundled) = crate::check_bundled_blocks().model {
        for b in bundled.blocks {
            if !blocks.iter().any(|have| have.id() == b.id()) {
                blocks.push(b);
            }
        }
    }
    Model {
        blocks,
        socs: Vec::new(),
        behaviours: Vec::new(),
    }
}

/// Cross-checks one SoC of `checked` against `blob`, adding located diagnostics to
/// `checked.diagnostics` (sorted again). Returns the nodes of the blob that look like a BAM, a
/// crypto engine or a BAM client but select no block revision (notes for the user). Does
/// nothing when `checked` has errors already (there is no model to compare).
pub fn cross_check(
    checked: &mut Checked,
    blob: &Blob,
    soc: Option<&str>,
) -> Result<Vec<Unknown>, DtError> {
    let Some(model) = &checked.model else {
        return Ok(Vec::new());
    };
    let soc = choose_soc(blob, model, &checked.loaded, soc)?;
    let Some(loaded) = checked
        .loaded
        .socs
        .iter()
        .find(|s| s.syntax.soc.value == soc.name)
    else {
        return Ok(Vec::new());
    };
    let file = loaded.file;
    let specs = &loaded.syntax.instances;
    // Every block revision socgen knows, not only those this SoC file uses, so that a node of a
    // kind the file does not use is still recognised (and missing from the file) rather than
    // reported as selecting no block at all.
    let catalogue = all_blocks(model);
    let (known, unknown) = classify(blob, &catalogue);
    let mut diags = Vec::new();
    let mut matched = vec![false; known.len()];
    let blob_name = blob.file.display().to_string();
    // A blob of another catalogued SoC (an sm8650 blob checked against sm8550.yaml).
    let soc_dir = checked
        .loaded
        .sources
        .path(file)
        .parent()
        .unwrap_or(Path::new("."));
    if let Some((other, compatible)) = other_soc(blob, &checked.loaded, &soc.name, soc_dir) {
        diags.push(
            Diagnostic::new(
                Code::DtOtherSoc,
                loaded.syntax.soc.loc,
                format!(
                    "{blob_name} has root compatible {:?}: `{compatible}` names `{other}`, another catalogued SoC, not `{}`",
                    blob.root_compatible(),
                    soc.name
                ),
            )
            .label("the blob names another SoC")
            .help(format!(
                "check the blob against {other}'s file (`socgen check --dtb {blob_name} socs/{other}.yaml`); \
                 if `{}` and `{other}` are one silicon, list `{compatible}` under `also_compatible:` in {}.yaml",
                soc.name, soc.name
            )),
        );
    }
    // The board file that describes this blob, if any: its overrides are what the board decides.
    let board = board_for(&checked.loaded, blob, &soc.name);
    let board_view = Board {
        name: board.map(|b| b.syntax.board.value.as_str()),
        overrides: board
            .map(|b| b.syntax.overrides.iter().map(|o| &o.value).collect())
            .unwrap_or_default(),
        blob_board: blob
            .root_compatible()
            .first()
            .and_then(|c| c.split_once(','))
            .map(|(_, b)| b.to_string())
            .unwrap_or_else(|| "<board>".to_string()),
    };
    // First pass: match by base, then by label.
    let mut pairs: Vec<(&Instance, &InstanceSpec, Loc, Option<usize>)> = Vec::new();
    for inst in &soc.instances {
        let Some(spec) = specs.iter().find(|s| s.value.name.value == inst.name) else {
            continue;
        };
        let by_base = known.iter().position(|k| k.window.base == inst.base);
        let found = by_base.or_else(|| {
            known
                .iter()
                .position(|k| blob.nodes[k.node].labels.contains(&inst.name))
        });
        if let Some(f) = found {
            matched[f] = true;
        }
        pairs.push((inst, &spec.value, spec.loc, found));
    }
    // Second pass: an instance still without a node, the only one of its block and size, and
    // the only unmatched node of that block and size left, are one thing at another base: one
    // wrong `base:` is then one E0501, not a missing node, a missing instance and the DMA
    // mismatches that follow from them.
    let kind = |inst: &Instance| (model.block_of(inst).id(), inst.size);
    let orphans: Vec<(String, u64)> = pairs
        .iter()
        .filter(|p| p.3.is_none())
        .map(|p| kind(p.0))
        .collect();
    for (inst, _, _, found) in &mut pairs {
        if found.is_some() || orphans.iter().filter(|o| **o == kind(inst)).count() != 1 {
            continue;
        }
        let nodes: Vec<usize> = known
            .iter()
            .enumerate()
            .filter(|(i, k)| {
                !matched[*i] && k.block == model.block_of(inst).id() && k.window.size == inst.size
            })
            .map(|(i, _)| i)
            .collect();
        if let [only] = nodes.as_slice() {
            matched[*only] = true;
            *found = Some(*only);
        }
    }
    for (inst, spec, loc, found) in &pairs {
        let Some(f) = found else {
            let candidates: Vec<String> = known
                .iter()
                .enumerate()
                .filter(|(i, k)| !matched[*i] && k.block == model.block_of(inst).id())
                .map(|(_, k)| format!("{} at {:#x}", blob.describe(k.node), k.window.base))
                .collect();
            let help = if candidates.is_empty() {
                "remove the instance, or check `base:` against the board's device tree".to_string()
            } else {
                format!(
                    "correct `base:` if the instance is one of these unmatched {} nodes: {}",
                    model.block_of(inst).id(),
                    candidates.join("; ")
                )
            };
            diags.push(
                Diagnostic::new(
                    Code::DtNoNode,
                    spec.base.loc,
                    format!(
                        "`{}` has no node in {blob_name}: no node selecting a block revision has its `reg` at {:#x}, and none has the label `{}`",
                        inst.name, inst.base, inst.name
                    ),
                )
                .label("no device tree node here")
                .related( spec.name.loc, "this instance")
                .help(help),
            );
            continue;
        };
        compare(
            &mut diags,
            blob,
            model,
            soc,
            inst,
            spec,
            *loc,
            &known,
            &pairs,
            *f,
            &board_view,
        )?;
    }
    let import_names = super::import::names(blob, &known);
    for (i, k) in known.iter().enumerate() {
        if matched[i] {
            continue;
        }
        let n = &blob.nodes[k.node];
        let name = import_names
            .get(i)
            .cloned()
            .unwrap_or_else(|| n.name.replace('-', "_"));
        diags.push(
            Diagnostic::new(
                Code::DtMissingInstance,
                loaded.syntax.soc.loc,
                format!(
                    "{blob_name} has a {} node {} at {:#x} (size {:#x}) that `{}` lacks",
                    k.block,
                    blob.describe(k.node),
                    k.window.base,
                    k.window.size,
                    soc.name
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
    checked.diagnostics.extend(diags);
    crate::diagnostics::sort(&mut checked.diagnostics, &checked.loaded.sources);
    Ok(unknown)
}

/// The board file applied to a blob, if any, and the board name the blob suggests.
struct Board<'a> {
    /// Its `board:`.
    name: Option<&'a str>,
    /// Its overrides.
    overrides: Vec<&'a OverrideSpec>,
    /// The blob's first root compatible without its vendor (`sm8550-mtp`), for a board file
    /// name in help texts.
    blob_board: String,
}

#[allow(clippy::too_many_arguments)]
fn compare(
    diags: &mut Vec<Diagnostic>,
    blob: &Blob,
    model: &Model,
    soc: &Soc,
    inst: &Instance,
    spec: &InstanceSpec,
    inst_loc: Loc,
    known: &[Known],
    pairs: &[(&Instance, &InstanceSpec, Loc, Option<usize>)],
    f: usize,
    board: &Board<'_>,
) -> Result<(), DtError> {
    let k = &known[f];
    let node = &blob.nodes[k.node];
    let at = blob.describe(k.node);
    let blob_name = blob.file.display();
    let fix = format!("correct the YAML, or check that {blob_name} is this SoC's blob");
    // Warnings: what a board decides, and what an older tree leaves out.
    let mut notes: Vec<Diagnostic> = Vec::new();
    let mut push = |code: Code, loc: Loc, what: String, label: &str| {
        diags.push(
            Diagnostic::new(code, loc, what)
                .label(label.to_string())
                .related(spec.name.loc, "this instance")
                .help(fix.clone()),
        );
    };
    if k.window.base != inst.base {
        push(
            Code::DtBase,
            spec.base.loc,
            format!(
                "`{}` base {:#x}, but its node {at} in {blob_name} has `reg` at {:#x}",
                inst.name, inst.base, k.window.base
            ),
            "the device tree disagrees",
        );
    }
    if k.window.size != inst.size {
        push(
            Code::DtSize,
            spec.size.loc,
            format!(
                "`{}` size {:#x}, but its node {at} in {blob_name} has `reg` size {:#x}",
                inst.name, inst.size, k.window.size
            ),
            "the device tree disagrees",
        );
    }
    let block = model.block_of(inst);
    if k.block != block.id() {
        push(
            Code::DtProperty,
            spec.block.loc,
            format!(
                "`{}` is {}, but the compatibles {:?} of its node {at} select {}",
                inst.name,
                block.id(),
                node.compatible(),
                k.block
            ),
            "the device tree disagrees",
        );
    }
    let dt_compatible = node.compatible();
    if dt_compatible != inst.compatible {
        let loc = spec.compatible.first().map_or(spec.name.loc, |c| c.loc);
        push(
            Code::DtProperty,
            loc,
            format!(
                "`{}` compatible {:?}, but its node {at} says {:?}",
                inst.name, inst.compatible, dt_compatible
            ),
            "the device tree disagrees",
        );
    }
    if block.is_dma_engine() {
        let props: [(&str, &str, Option<u32>, Option<Loc>); 3] = [
            ("qcom,ee", "ee", inst.ee, spec.ee.as_ref().map(|v| v.loc)),
            (
                "num-channels",
                "num_channels",
                inst.num_channels,
                spec.num_channels.as_ref().map(|v| v.loc),
            ),
            (
                "qcom,num-ees",
                "num_ees",
                inst.num_ees,
                spec.num_ees.as_ref().map(|v| v.loc),
            ),
        ];
        for (dt, key, yaml, loc) in props {
            let value = node.u32(dt);
            if node.prop(dt).is_some() && value.is_none() {
                return Err(super::node_error(
                    blob,
                    ErrorKind::BadProperty,
                    format!("`{dt}` of {} is not one 32-bit cell", node.path),
                ));
            }
            if value.is_none() && yaml.is_some() {
                notes.push(
                    Diagnostic::new(
                        Code::DtAbsentProperty,
                        loc.unwrap_or(spec.name.loc),
                        format!(
                            "`{}` {key} is {}, and its node {at} has no `{dt}` (an older tree, or a board that leaves it out): nothing to compare",
                            inst.name,
                            yaml.unwrap_or_default()
                        ),
                    )
                    .label("not in the device tree")
                    .related( spec.name.loc, "this instance")
                    .help(format!(
                        "absent is not different: keep the SoC file's value if its source gives it; check a tree that has `{dt}` to compare"
                    )),
                );
            } else if value != yaml {
                let show = |v: Option<u32>| v.map_or("absent".to_string(), |v| v.to_string());
                push(
                    Code::DtProperty,
                    loc.unwrap_or(spec.name.loc),
                    format!(
                        "`{}` {key} is {}, but its node {at} has {dt} {}",
                        inst.name,
                        show(yaml),
                        show(value)
                    ),
                    "the device tree disagrees",
                );
            }
        }
    }
    // Board decisions: the board file's value where it overrides the instance, else the SoC
    // file's. A difference is a warning naming the node: never a reason to edit the SoC file.
    let over = board
        .overrides
        .iter()
        .find(|o| o.instance.value == inst.name);
    let mut decisions: Vec<(&str, String, String, Loc, bool)> = Vec::new();
    if block.is_dma_engine() {
        for (dt, key, soc_value, soc_loc, board_value) in [
            (
                "qcom,controlled-remotely",
                "controlled_remotely",
                inst.controlled_remotely,
                spec.controlled_remotely.as_ref().map(|v| v.loc),
                over.and_then(|o| o.controlled_remotely.as_ref()),
            ),
            (
                "qcom,powered-remotely",
                "powered_remotely",
                inst.powered_remotely,
                spec.powered_remotely.as_ref().map(|v| v.loc),
                over.and_then(|o| o.powered_remotely.as_ref()),
            ),
        ] {
            let (want, loc, by_board) = match board_value {
                Some(v) => (v.value, v.loc, true),
                None => (soc_value, soc_loc.unwrap_or(spec.name.loc), false),
            };
            if node.has(dt) != want {
                let what = format!(
                    "{} {}",
                    if node.has(dt) { "has" } else { "lacks" },
                    format_args!("`{dt}`")
                );
                decisions.push((key, format!("{key}: {want}"), what, loc, by_board));
            }
        }
    }
    let dt_status = node.strings("status").and_then(|s| s.first().cloned());
    let dt_enabled = matches!(dt_status.as_deref(), None | Some("okay" | "ok"));
    let (want_enabled, loc, by_board) = match over.and_then(|o| o.status.as_ref()) {
        Some(s) => (s.value == Status::Okay, s.loc, true),
        None => (
            inst.enabled,
            spec.status.as_ref().map_or(spec.name.loc, |s| s.loc),
            false,
        ),
    };
    if dt_enabled != want_enabled {
        decisions.push((
            "status",
            format!("status: {}", if want_enabled { "okay" } else { "disabled" }),
            format!(
                "has status {:?}",
                dt_status.unwrap_or_else(|| "okay".to_string())
            ),
            loc,
            by_board,
        ));
    }
    for (key, yaml, dt, loc, by_board) in decisions {
        let dt_value = match key {
            "status" if dt_enabled => "okay".to_string(),
            "status" => "disabled".to_string(),
            _ => (!yaml.ends_with("true")).to_string(),
        };
        let (where_, help) = match (by_board, board.name) {
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
                    board.blob_board, soc.name, inst.name
                ),
            ),
        };
        let mut d = Diagnostic::new(
            Code::DtBoardDecision,
            loc,
            format!(
                "`{}`: {where_}, but its node {at} in {blob_name} {dt} (a board decision)",
                inst.name
            ),
        )
        .label("the board's blob decides otherwise")
        .help(help);
        if by_board {
            d = d.related(spec.name.loc, "the SoC's instance");
        } else {
            d = d.related(spec.name.loc, "this instance");
        }
        notes.push(d);
    }
    // DMA wiring: the controller is compared through the instance matched to the BAM node.
    let dt_dma = if block.is_dma_engine() {
        None
    } else {
        dma_of(blob, k.node)?
    };
    let yaml_dma = inst
        .dma
        .as_ref()
        .map(|d| (soc.instances[d.controller].name.as_str(), d.rx, d.tx));
    let dt_dma_named = dt_dma.map(|(bam, rx, tx)| {
        let name = pairs
            .iter()
            .find(|(_, _, _, f)| f.is_some_and(|f| known[f].node == bam))
            .map_or_else(|| blob.describe(bam), |(i, _, _, _)| i.name.clone());
        (name, rx, tx)
    });
    let same = match (&yaml_dma, &dt_dma_named) {
        (None, None) => true,
        (Some((c, rx, tx)), Some((dc, drx, dtx))) => c == dc && rx == drx && tx == dtx,
        _ => false,
    };
    if !same {
        let loc = spec.dma.as_ref().map_or(inst_loc, |d| d.loc);
        let show_yaml = yaml_dma.map_or("no dma".to_string(), |(c, rx, tx)| {
            format!("controller {c}, rx {rx}, tx {tx}")
        });
        let show_dt = dt_dma_named.map_or("no `dmas`".to_string(), |(c, rx, tx)| {
            format!("`dmas` on {c}: rx {rx}, tx {tx}")
        });
        push(
            Code::DtDma,
            if spec.dma.is_some() {
                loc
            } else {
                spec.name.loc
            },
            format!(
                "`{}` has {show_yaml}, but its node {at} has {show_dt}",
                inst.name
            ),
            "the device tree disagrees",
        );
    }
    diags.extend(notes);
    Ok(())
}

/// Loads and validates `paths`, reads the blob and cross-checks: what `socgen check --dtb`
/// does. A blob that cannot be used is an error; YAML problems are diagnostics.
pub fn check_files(
    paths: &[std::path::PathBuf],
    dtb: &std::path::Path,
    soc: Option<&str>,
) -> Result<(Checked, Vec<Unknown>), DtError> {
    let blob = super::read_blob(dtb)?;
    let mut checked = crate::check(paths);
    let unknown = cross_check(&mut checked, &blob, soc)?;
    Ok((checked, unknown))
}
