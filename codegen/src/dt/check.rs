//! `socgen check --dtb`: a SoC file against a device tree blob.
//!
//! Each instance is matched with the node whose translated `reg` base equals its `base` (the
//! node with the same unit address), else with the node whose label is the instance's name
//! (so a wrong base is reported at `base:`, not as a missing node). Every disagreement is a
//! located diagnostic at the YAML value with the DT value and the node path in the message:
//! E0501 base, E0502 size, E0503 no node, E0504 a property (block, compatible, BAM properties,
//! status), E0505 the DMA wiring; E0506 is a node of the blob that selects a block revision
//! but has no instance.

use super::{Blob, DtError, ErrorKind, Known, Unknown, classify, dma_of};
use crate::Checked;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Instance, Model, Soc};
use crate::source::{FileId, Loc};
use crate::syntax::{InstanceSpec, Status};

/// Which SoC of a checked set the blob describes: `soc` when given, the only one, or the one
/// named by the blob's root compatible `qcom,<soc>`.
pub fn choose_soc<'m>(
    blob: &Blob,
    model: &'m Model,
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
            .filter_map(|c| c.strip_prefix("qcom,"))
            .find_map(|c| model.soc(c))
    };
    pick.ok_or_else(|| {
        let help = match best_match(blob, model) {
            Some((soc, hits, of)) => format!(
                "name the SoC file: its nodes match `{soc}` best ({hits} of its {of} instances have a \
                 node at their base), so try `socgen check --dtb {} socs/{soc}.yaml`",
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
    let soc = choose_soc(blob, model, soc)?;
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
                    file,
                    spec.base.loc,
                    format!(
                        "`{}` has no node in {blob_name}: no node selecting a block revision has its `reg` at {:#x}, and none has the label `{}`",
                        inst.name, inst.base, inst.name
                    ),
                )
                .label("no device tree node here")
                .related(file, spec.name.loc, "this instance")
                .help(help),
            );
            continue;
        };
        compare(
            &mut diags, blob, model, soc, file, inst, spec, *loc, &known, &pairs, *f,
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
                file,
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

#[allow(clippy::too_many_arguments)]
fn compare(
    diags: &mut Vec<Diagnostic>,
    blob: &Blob,
    model: &Model,
    soc: &Soc,
    file: FileId,
    inst: &Instance,
    spec: &InstanceSpec,
    inst_loc: Loc,
    known: &[Known],
    pairs: &[(&Instance, &InstanceSpec, Loc, Option<usize>)],
    f: usize,
) -> Result<(), DtError> {
    let k = &known[f];
    let node = &blob.nodes[k.node];
    let at = blob.describe(k.node);
    let blob_name = blob.file.display();
    let fix = format!("correct the YAML, or check that {blob_name} is this SoC's blob");
    let mut push = |code: Code, loc: Loc, what: String, label: &str| {
        diags.push(
            Diagnostic::new(code, file, loc, what)
                .label(label.to_string())
                .related(file, spec.name.loc, "this instance")
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
    if super::is_bam(block) {
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
            if value != yaml {
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
        for (dt, key, yaml, loc) in [
            (
                "qcom,controlled-remotely",
                "controlled_remotely",
                inst.controlled_remotely,
                spec.controlled_remotely.as_ref().map(|v| v.loc),
            ),
            (
                "qcom,powered-remotely",
                "powered_remotely",
                inst.powered_remotely,
                spec.powered_remotely.as_ref().map(|v| v.loc),
            ),
        ] {
            if node.has(dt) != yaml {
                push(
                    Code::DtProperty,
                    loc.unwrap_or(spec.name.loc),
                    format!(
                        "`{}` {key} is {yaml}, but its node {at} {} `{dt}`",
                        inst.name,
                        if node.has(dt) { "has" } else { "lacks" }
                    ),
                    "the device tree disagrees",
                );
            }
        }
    }
    let dt_status = node.strings("status").and_then(|s| s.first().cloned());
    let dt_enabled = matches!(dt_status.as_deref(), None | Some("okay" | "ok"));
    if dt_enabled != inst.enabled {
        let loc = spec.status.as_ref().map_or(spec.name.loc, |s| s.loc);
        let yaml = match spec.status.as_ref().map(|s| &s.value) {
            Some(Status::Disabled) => "disabled",
            _ => "okay",
        };
        push(
            Code::DtProperty,
            loc,
            format!(
                "`{}` status is {yaml}, but its node {at} has status {:?}",
                inst.name,
                dt_status.unwrap_or_else(|| "okay".to_string())
            ),
            "the device tree disagrees",
        );
    }
    // DMA wiring: the controller is compared through the instance matched to the BAM node.
    let dt_dma = if super::is_bam(block) {
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
