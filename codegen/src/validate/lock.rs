//! The lock section of a SoC: provenance and grades (E0006, E0401, E0404), the locked BAM and
//! pipe (E0206, E0301, E0204, W0301), the lock group (E0305), the wrapper and address mode
//! (E0306, E0307), the scratchpad register (E0308, E0309, E0302, E0314), the dummy element on
//! it (E0315, E0303, E0404, E0005), and every address the command elements carry (E0304); the
//! `unlock:` element is `unlock.rs`.

use super::Validator;
use super::block::lock_group_field;
use super::soc::Blocks;
use crate::analyze::risk::ClientShapes;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::{LoadedBlock, did_you_mean};
use crate::model::{Access, AddressMode};
use crate::resolve;
use crate::source::{Loc, Sp};
use crate::syntax::{
    AddressModeSpec, BlockFile, DummySpec, InstanceSpec, LockSpec, RegisterSpec, SocFile,
};

/// The keys a lock section's `evidence:` map may grade.
const LOCK_EVIDENCE_KEYS: &[&str] = &["lock_group"];

/// The largest value a field of `width` bits holds.
fn field_max(width: u64) -> u64 {
    if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    }
}

/// The clients of a BAM: the instances whose `dma:` names it as controller.
pub(super) fn clients<'s>(
    s: &'s SocFile,
    bam: &'s str,
) -> impl Iterator<Item = (usize, &'s InstanceSpec)> {
    s.instances
        .iter()
        .map(|i| &i.value)
        .enumerate()
        .filter(move |(_, i)| {
            i.dma
                .as_ref()
                .is_some_and(|d| d.value.controller.value == bam)
        })
}

/// The client of the locked pipe (the instance whose `dma.rx` is the lock pipe) and what
/// socgen knows of its transactions, by its block's role.
pub(super) fn lock_client(
    s: &SocFile,
    l: &LockSpec,
    blocks: &Blocks<'_>,
) -> Option<(usize, ClientShapes)> {
    let (ci, _) = clients(s, &l.bam.value).find(|(_, i)| {
        i.dma
            .as_ref()
            .is_some_and(|d| d.value.rx.value == l.pipe.value)
    })?;
    let block = blocks.get(ci).copied().flatten()?;
    Some((ci, ClientShapes::of_role(super::role(block))))
}

/// The address mode a lock section chose, with its wrapper base; `None` for
/// `wrapper_offset18` without `wrapper:` (E0306).
pub(super) fn address_mode(l: &LockSpec) -> Option<AddressMode> {
    Some(match l.address_mode.value {
        AddressModeSpec::Phys24 => AddressMode::Phys24,
        AddressModeSpec::BamOffset18 => AddressMode::BamOffset18,
        AddressModeSpec::WrapperOffset18 => AddressMode::WrapperOffset18 {
            wrapper_base: l.wrapper.as_ref()?.value.base.value,
        },
    })
}

/// The scratchpad register a lock section names, once it resolves.
pub(super) struct Scratchpad<'r> {
    /// Position of its instance in the SoC.
    pub(super) instance: usize,
    pub(super) register: &'r RegisterSpec,
}

impl Validator<'_> {
    pub(super) fn lock(&mut self, s: &SocFile, lock: &Sp<LockSpec>, blocks: &Blocks<'_>) {
        let l = &lock.value;
        let top = Loc {
            col: 1,
            ..l.bam.loc
        };
        self.require_source(&l.source, top, "the lock section");
        self.evidence_map(&l.evidence, LOCK_EVIDENCE_KEYS, "the lock section");
        if !l.evidence.0.iter().any(|(k, _)| k.value == "lock_group") {
            self.push(e0404_lock_group_ungraded(&l.lock_group));
        }
        self.wrapper(l);
        let bam = self.controller(s, &l.bam, blocks);
        if let Some(bam) = bam {
            self.lock_target(s, l, bam, blocks);
        }
        if let Some(u) = &l.unlock {
            self.unlock(s, l, u, blocks);
        }
        let Some(pad) = self.register_ref(s, &l.scratchpad, blocks) else {
            return;
        };
        self.dummy(l, &pad);
        if let Some(bam) = bam {
            self.addresses(s, l, bam, &pad, blocks);
        }
    }

    /// The wrapper is graded and sourced, and given exactly when the address mode uses it.
    fn wrapper(&mut self, l: &LockSpec) {
        if let Some(w) = &l.wrapper {
            let base = w.value.base.loc;
            let graded = (&w.value.grade, &w.value.reasoning);
            self.own_grade(graded, base, "the wrapper base", "grade: documented");
            if w.value
                .source
                .as_ref()
                .is_none_or(|s| s.value.trim().is_empty())
            {
                self.push(e0401_wrapper_without_source(base));
            }
        }
        match (l.address_mode.value, &l.wrapper) {
            (AddressModeSpec::WrapperOffset18, None) => {
                self.push(e0306_wrapper_missing(l.address_mode.loc));
            }
            (AddressModeSpec::Phys24, Some(w)) => self.push(e0306_wrapper_unused(
                w.value.base.loc,
                "phys24",
                l.address_mode.loc,
            )),
            (AddressModeSpec::BamOffset18, Some(w)) => self.push(e0306_wrapper_unused(
                w.value.base.loc,
                "bam_offset18",
                l.address_mode.loc,
            )),
            _ => {}
        }
    }

    /// The locked BAM can lock pipes, its group fits, and the pipe exists and is a client's
    /// rx pipe.
    fn lock_target(&mut self, s: &SocFile, l: &LockSpec, bam: usize, blocks: &Blocks<'_>) {
        if let Some(block) = blocks.get(bam).copied().flatten() {
            self.lock_group_fits(l, block);
            self.pipe_locking(l, block);
        }
        self.pipe_in_range(s, bam, &l.pipe, blocks);
        let is_client_rx = clients(s, &l.bam.value).any(|(_, i)| {
            i.dma
                .as_ref()
                .is_some_and(|d| d.value.rx.value == l.pipe.value)
        });
        if !is_client_rx {
            self.push(w0301_lock_pipe_not_client(&l.pipe, &l.bam.value));
        }
    }

    fn pipe_locking(&mut self, l: &LockSpec, block: &LoadedBlock) {
        let b: &BlockFile = &block.syntax;
        let locking = b
            .capabilities
            .as_ref()
            .and_then(|c| c.value.pipe_locking.as_ref());
        if locking.is_some_and(|p| p.value) {
            return;
        }
        let says = locking.map_or(
            Loc {
                col: 1,
                ..b.block.loc
            },
            |p| p.loc,
        );
        self.push(e0301_lock_unsupported(&l.bam, &b.revision.value, says));
    }

    /// `lock_group` fits the BAM revision's `P_CTRL.P_LOCK_GROUP` field.
    fn lock_group_fits(&mut self, l: &LockSpec, block: &LoadedBlock) {
        let b = &block.syntax;
        let Some(field) = lock_group_field(b) else {
            return;
        };
        let Ok((msb, lsb)) = resolve::bits(&field.value.bits.value) else {
            return;
        };
        let width = msb.saturating_sub(lsb) + 1;
        let max = field_max(width);
        if l.lock_group.value > max {
            self.push(e0305_lock_group_too_wide(
                &l.lock_group,
                b,
                (width, max),
                field.value.bits.loc,
            ));
        }
    }

    /// Resolves `instance.REGISTER` (`scratchpad:`, `unlock.register:`) to one plain register
    /// of a known instance.
    pub(super) fn register_ref<'b>(
        &mut self,
        s: &SocFile,
        pad: &Sp<String>,
        blocks: &Blocks<'b>,
    ) -> Option<Scratchpad<'b>> {
        let Some((inst_name, reg_name)) = pad.value.split_once('.') else {
            self.push(e0308_scratchpad_not_dotted(pad));
            return None;
        };
        let Some(ipos) = s
            .instances
            .iter()
            .position(|i| i.value.name.value == inst_name)
        else {
            let names: Vec<String> = s
                .instances
                .iter()
                .map(|i| i.value.name.value.clone())
                .collect();
            let suggestion = did_you_mean(inst_name, &names);
            self.push(e0309_scratchpad_unknown_instance(
                pad,
                (inst_name, reg_name),
                suggestion,
                &names,
            ));
            return None;
        };
        // An instance whose block does not resolve is reported already.
        let block = blocks.get(ipos).copied().flatten()?;
        let registers = &block.syntax.registers;
        let Some(reg) = registers.iter().find(|r| r.value.name.value == reg_name) else {
            let names: Vec<String> = registers
                .iter()
                .map(|r| r.value.name.value.clone())
                .collect();
            let block_name = s
                .instances
                .get(ipos)
                .map_or("", |i| i.value.block.value.as_str());
            let suggestion = did_you_mean(reg_name, &names);
            self.push(e0302_scratchpad_unknown_register(
                pad,
                (inst_name, block_name),
                reg_name,
                suggestion,
            ));
            return None;
        };
        let r = &reg.value;
        if r.array.is_some() || !r.strides.0.is_empty() {
            self.push(e0314_scratchpad_not_single(pad, r.name.loc));
        }
        Some(Scratchpad {
            instance: ipos,
            register: r,
        })
    }

    /// The dummy element the lock rides on must be harmless on the scratchpad: a read of a
    /// readable register, or a write the register is declared (and graded) to ignore.
    fn dummy(&mut self, l: &LockSpec, pad: &Scratchpad<'_>) {
        let r = pad.register;
        let access = resolve::access(r.access.value);
        let name = &l.scratchpad.value;
        match &l.dummy.value {
            DummySpec::Read => {
                if !access.readable() {
                    self.push(e0315_dummy_read_unreadable(l.dummy.loc, name, r.access.loc));
                }
            }
            DummySpec::Write(value) => {
                let read_only = access == Access::ReadOnly;
                let write_ignored = r.write_ignored.as_ref().is_some_and(|w| w.value);
                let graded = r.evidence.0.iter().any(|(k, _)| k.value == "write_ignored");
                if write_ignored && read_only && !graded {
                    let declared = r.write_ignored.as_ref().map_or(r.name.loc, |w| w.loc);
                    self.push(e0404_dummy_write_ungraded(l.dummy.loc, name, declared));
                }
                if !(read_only && write_ignored) {
                    self.push(e0303_unsafe_dummy_write(
                        l.dummy.loc,
                        (name, &r.name.value),
                        (read_only, write_ignored),
                        (r.access.loc, access),
                    ));
                }
                if *value > u64::from(u32::MAX) {
                    self.push(e0005_dummy_value_too_wide(l.dummy.loc, *value));
                }
            }
        }
    }
}

fn e0401_wrapper_without_source(base: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        base,
        "the wrapper base has no `source:`",
    )
    .label("where does this base come from?")
    .help("add `source:` to `wrapper:` (the device tree node or memory map that gives the base)")
}

fn e0404_lock_group_ungraded(group: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::UngradedFact,
        group.loc,
        format!("lock group {} has no grade", group.value),
    )
    .label("how strong is the evidence for this group?")
    .help(
        "add `evidence: {lock_group: {grade: precedent, source: ...}}` to the lock \
         section (the vendor QCE driver sets lock_group = pipe_pair_index, \
         arter97/caf_msm-4.9@19ee419e4b49:drivers/crypto/msm/qce50.c)",
    )
}

fn e0404_dummy_write_ungraded(dummy: Loc, scratchpad: &str, declared: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::UngradedFact,
        dummy,
        format!("dummy write to `{scratchpad}` rests on `write_ignored: true`, which has no grade"),
    )
    .label("the write is only safe if the hardware ignores it")
    .related(declared, "declared write-ignored here")
    .help(
        "grade the register's `write_ignored` in the block file: \
         `evidence: {write_ignored: {grade: ..., source: ...}}`; or use \
         `dummy: read`",
    )
}

fn e0301_lock_unsupported(bam: &Sp<String>, revision: &str, says: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::LockUnsupported,
        bam.loc,
        format!(
            "`{}` is a BAM {revision}, which does not support pipe locking",
            bam.value
        ),
    )
    .label("this BAM cannot lock pipes")
    .related(says, "the block revision says so here")
    .help(
        "remove the lock section: on this revision the crypto engine cannot be shared safely \
         through pipe locking",
    )
}

fn w0301_lock_pipe_not_client(pipe: &Sp<u64>, bam: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LockPipeNotClient,
        pipe.loc,
        format!(
            "pipe {} is not the rx pipe of any client of `{bam}`",
            pipe.value
        ),
    )
    .label("no `dma: {rx: ..}` names this pipe")
    .help(
        "the lock belongs on the pipe that carries the client's command descriptors (its rx \
         pipe)",
    )
}

fn e0305_lock_group_too_wide(
    group: &Sp<u64>,
    b: &BlockFile,
    (width, max): (u64, u64),
    bits: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::LockGroupTooWide,
        group.loc,
        format!(
            "lock group {} does not fit `P_CTRL.P_LOCK_GROUP` of `{}@{}` ({width} bits, \
             0..={max})",
            group.value, b.block.value, b.revision.value
        ),
    )
    .label(format!("not below {}", max.saturating_add(1)))
    .related(bits, "the field is defined here")
    .help(
        "use a group in range; the vendor QCE driver uses the pipe pair index \
         (rx pipe / 2)",
    )
}

fn e0306_wrapper_missing(mode: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::WrapperMismatch,
        mode,
        "`address_mode: wrapper_offset18` measures offsets from a wrapper base, but there is no \
         `wrapper:`",
    )
    .label("offsets from what?")
    .help(
        "add `wrapper: {base: 0x..., description: ..., grade: ..., source: ...}` with \
         the base of the peripheral wrapper holding the BAM and its clients, or use \
         `bam_offset18` when that wrapper is 256 KiB aligned",
    )
}

fn e0306_wrapper_unused(base: Loc, mode: &str, mode_at: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::WrapperMismatch,
        base,
        format!("`wrapper:` is given, but `address_mode: {mode}` does not use it"),
    )
    .label("ignored by this address mode")
    .related(mode_at, "address mode chosen here")
    .help(
        "use `address_mode: wrapper_offset18` to measure offsets from this base, or \
         remove `wrapper:` (`bam_offset18` measures from the 256 KiB-aligned block \
         holding the BAM)",
    )
}

fn e0308_scratchpad_not_dotted(scratchpad: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadNotDotted,
        scratchpad.loc,
        format!("`{}` is not `instance.REGISTER`", scratchpad.value),
    )
    .label("expected e.g. `crypto.VERSION`")
    .help("name an instance and one of its block's registers")
}

fn e0309_scratchpad_unknown_instance(
    scratchpad: &Sp<String>,
    (instance, register): (&str, &str),
    suggestion: Option<&str>,
    names: &[String],
) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadUnknownInstance,
        scratchpad.loc,
        format!("scratchpad instance `{instance}` does not exist"),
    )
    .label("unknown instance")
    .help(match suggestion {
        Some(n) => format!("did you mean `{n}.{register}`?"),
        None => format!("instances: {}", names.join(", ")),
    })
}

fn e0302_scratchpad_unknown_register(
    scratchpad: &Sp<String>,
    (instance, block): (&str, &str),
    register: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadUnknownRegister,
        scratchpad.loc,
        format!("`{block}` has no register `{register}`"),
    )
    .label("unknown register")
    .help(match suggestion {
        Some(n) => format!("did you mean `{instance}.{n}`?"),
        None => "name a register of the instance's block".to_string(),
    })
}

fn e0314_scratchpad_not_single(scratchpad: &Sp<String>, defined: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadNotSingle,
        scratchpad.loc,
        format!("scratchpad `{}` has several copies", scratchpad.value),
    )
    .label("not a single register")
    .related(defined, "defined here")
    .help("choose a plain register, such as the block's VERSION")
}

fn e0315_dummy_read_unreadable(dummy: Loc, scratchpad: &str, access: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::DummyReadUnreadable,
        dummy,
        format!("dummy read of write-only register `{scratchpad}`"),
    )
    .label("cannot be read")
    .related(access, "declared write-only here")
    .help("choose a readable scratchpad register")
}

/// `(read_only, write_ignored)` is what the register declares; not both are true.
fn e0303_unsafe_dummy_write(
    dummy: Loc,
    (scratchpad, register): (&str, &str),
    (read_only, write_ignored): (bool, bool),
    (access_at, access): (Loc, Access),
) -> Diagnostic {
    let why = match (read_only, write_ignored) {
        (true, false) => "is read-only, but nothing says writes to it are ignored",
        (false, true) => "ignores writes, but is not declared read-only",
        _ => "is neither declared read-only nor write-ignored",
    };
    Diagnostic::new(
        Code::UnsafeDummyWrite,
        dummy,
        format!("dummy write to scratchpad `{scratchpad}`, which {why}"),
    )
    .label("this write may change the engine's state")
    .related(
        access_at,
        format!("`{register}` is declared `{}` here", access.as_str()),
    )
    .help(
        "a write to a register that does not ignore writes can corrupt the other side's \
         transaction; use `dummy: read`, or declare `access: ro` and `write_ignored: true` if a \
         source says so",
    )
}

fn e0005_dummy_value_too_wide(dummy: Loc, value: u64) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        dummy,
        format!("dummy write value {value:#x} does not fit in 32 bits"),
    )
    .label("too wide")
    .help("write a 32-bit value (0 is customary)")
}

#[cfg(test)]
mod tests {
    use super::field_max;

    #[test]
    fn a_field_holds_up_to_all_ones() {
        assert_eq!(field_max(1), 1);
        assert_eq!(field_max(5), 31);
        assert_eq!(field_max(64), u64::MAX);
    }
}
