//! A SoC as a whole: its file's place and provenance (E0007, E0006), unique instance names
//! (E0101), instances that do not overlap (E0202), and the DMA wiring: controllers that exist
//! and are BAMs (E0206), pipes that exist (E0204). Each instance is checked in `instance.rs`,
//! the lock section in `lock.rs`.

use super::Validator;
use super::identifiers::Case;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::{LoadedBlock, LoadedSoc, did_you_mean};
use crate::model::Bound;
use crate::resolve;
use crate::source::{Loc, Sp};
use crate::syntax::{InstanceSpec, SocFile};

/// The block of each instance of a SoC, by position; `None` where the reference is broken
/// (and reported).
pub(super) type Blocks<'b> = [Option<&'b LoadedBlock>];

/// Pairs `(earlier, later)` of instances whose windows overlap, by position, with the earlier
/// one's window.
fn overlapping_windows(instances: &[Sp<InstanceSpec>]) -> Vec<(usize, (u64, u64), usize)> {
    let mut by_base: Vec<(u64, u64, usize)> = instances
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let base = i.value.base.value;
            (base, base.saturating_add(i.value.size.value), n)
        })
        .collect();
    by_base.sort();
    let mut out = Vec::new();
    for (pos, &(start, end, a)) in by_base.iter().enumerate() {
        for &(b_start, _, b) in by_base.iter().skip(pos + 1) {
            if b_start >= end {
                break;
            }
            out.push((a, (start, end), b));
        }
    }
    out
}

impl<'a> Validator<'a> {
    pub(super) fn soc(&mut self, ls: &LoadedSoc) {
        let s = &ls.syntax;
        self.matches_place(
            &s.soc,
            &ls.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `soc: {}`",
                s.soc.value, ls.stem
            ),
        );
        self.ident(&s.soc, "SoC", Case::Lower);
        let top = Loc {
            col: 1,
            ..s.soc.loc
        };
        self.require_source(&s.source, top, "this SoC file");
        self.unique(
            s.instances.iter().map(|i| &i.value.name),
            "instance",
            &format!("SoC {}", s.soc.value),
        );
        let blocks: Vec<Option<&'a LoadedBlock>> = s
            .instances
            .iter()
            .map(|i| self.instance(&i.value))
            .collect();
        for (a, window, b) in overlapping_windows(&s.instances) {
            let (Some(ia), Some(ib)) = (s.instances.get(a), s.instances.get(b)) else {
                continue;
            };
            self.push(e0202_overlapping_instances(&ia.value, window, &ib.value));
        }
        for inst in &s.instances {
            if let Some(dma) = &inst.value.dma
                && let Some(ctrl) = self.controller(s, &dma.value.controller, &blocks)
            {
                for pipe in [&dma.value.rx, &dma.value.tx] {
                    self.pipe_in_range(s, ctrl, pipe, &blocks);
                }
            }
        }
        if let Some(lock) = &s.lock {
            self.lock(s, lock, &blocks);
        }
    }

    /// Resolves a reference to a BAM instance; reports unknown or non-BAM ones.
    pub(super) fn controller(
        &mut self,
        s: &SocFile,
        name: &Sp<String>,
        blocks: &Blocks<'_>,
    ) -> Option<usize> {
        let Some(pos) = s
            .instances
            .iter()
            .position(|i| i.value.name.value == name.value)
        else {
            let names: Vec<String> = s
                .instances
                .iter()
                .map(|i| i.value.name.value.clone())
                .collect();
            let suggestion = did_you_mean(&name.value, &names);
            self.push(e0206_no_such_instance(name, suggestion, &names));
            return None;
        };
        let block = blocks.get(pos).copied().flatten()?;
        if !super::role(block).is_dma_engine() {
            let its_block = s.instances.get(pos).map_or(name.loc, |i| i.value.block.loc);
            self.push(e0206_not_a_bam(name, its_block));
            return None;
        }
        Some(pos)
    }

    /// The pipe count of a BAM instance, and whether `num_channels` gives it (else the size).
    fn pipe_count(&self, s: &SocFile, ctrl: usize, blocks: &Blocks<'_>) -> Option<(u64, bool)> {
        let block = blocks.get(ctrl).copied().flatten()?;
        let inst = &s.instances.get(ctrl)?.value;
        let idx = resolve::indices(&block.syntax);
        let pos = idx.iter().position(|i| i.2 == Some(Bound::NumChannels))?;
        let (counts, declared) = resolve::index_counts(&block.syntax, inst);
        Some((*counts.get(pos)?, declared.get(pos)?.is_some()))
    }

    pub(super) fn pipe_in_range(
        &mut self,
        s: &SocFile,
        ctrl: usize,
        pipe: &Sp<u64>,
        blocks: &Blocks<'_>,
    ) {
        let Some((count, given)) = self.pipe_count(s, ctrl, blocks) else {
            return;
        };
        let Some(inst) = s.instances.get(ctrl).map(|i| &i.value) else {
            return;
        };
        if pipe.value >= count {
            let count_from = if given {
                inst.num_channels.as_ref().map(|n| (n.loc, true))
            } else {
                Some((inst.size.loc, false))
            };
            self.push(e0204_pipe_out_of_range(
                pipe,
                &inst.name.value,
                count,
                count_from,
            ));
        }
    }
}

fn e0202_overlapping_instances(
    first: &InstanceSpec,
    (start, end): (u64, u64),
    second: &InstanceSpec,
) -> Diagnostic {
    Diagnostic::new(
        Code::OverlappingInstances,
        second.base.loc,
        format!(
            "instances `{}` and `{}` overlap",
            first.name.value, second.name.value
        ),
    )
    .label(format!(
        "`{}` starts at {:#x}",
        second.name.value, second.base.value
    ))
    .related(
        first.size.loc,
        format!("`{}` spans {start:#x}..{end:#x}", first.name.value),
    )
    .help("check both bases and sizes against the device tree")
}

fn e0206_no_such_instance(
    name: &Sp<String>,
    suggestion: Option<&str>,
    names: &[String],
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownInstance,
        name.loc,
        format!("no instance named `{}`", name.value),
    )
    .label("unknown instance")
    .help(match suggestion {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("instances: {}", names.join(", ")),
    })
}

fn e0206_not_a_bam(name: &Sp<String>, its_block: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownInstance,
        name.loc,
        format!(
            "`{}` is not a BAM (its block has no pipes or command elements)",
            name.value
        ),
    )
    .label("not a DMA controller")
    .related(its_block, "its block")
    .help("name the BAM instance (e.g. `cryptobam`)")
}

/// `count_from` says where the pipe count comes from: `num_channels` (true) or the size.
fn e0204_pipe_out_of_range(
    pipe: &Sp<u64>,
    bam: &str,
    count: u64,
    count_from: Option<(Loc, bool)>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::PipeOutOfRange,
        pipe.loc,
        format!(
            "pipe {} does not exist on `{bam}`, which has {count} pipes",
            pipe.value
        ),
    )
    .label(format!("not below {count}"))
    .help("check the pipe against `dmas = <&bam N>` in the device tree");
    match count_from {
        Some((at, true)) => d.related(at, "num_channels is set here"),
        Some((at, false)) => d.related(at, "the pipe count follows from the instance size"),
        None => d,
    }
}
