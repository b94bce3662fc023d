//! The lock section of a SoC: provenance and grades (E0006, E0401, E0404), the locked BAM and
//! pipe (E0206, E0301, E0204, W0301), the lock group (E0305), the wrapper and address mode
//! (E0306, E0307), the scratchpad register (E0308, E0309, E0302, E0314), the dummy element on
//! it (E0315, E0303, E0404, E0005), the `unlock:` element (E0401, E0404, E0316, the register
//! rules again, E0315, E0317, E0005), and every address the command elements carry (E0304).

use super::block::lock_group_field;
use super::soc::Blocks;
use super::{Validator, codes};
use crate::load::{LoadedBlock, did_you_mean};
use crate::model::{Access, AddressMode};
use crate::resolve;
use crate::risk::ClientShapes;
use crate::source::{FileId, Loc, Sp};
use crate::syntax::{
    AddressModeSpec, BlockFile, DummySpec, InstanceSpec, LockSpec, RegisterSpec, SocFile,
    UnlockAccessSpec, UnlockSpec,
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
fn clients<'s>(s: &'s SocFile, bam: &'s str) -> impl Iterator<Item = (usize, &'s InstanceSpec)> {
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
fn lock_client(s: &SocFile, l: &LockSpec, blocks: &Blocks<'_>) -> Option<(usize, ClientShapes)> {
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
fn address_mode(l: &LockSpec) -> Option<AddressMode> {
    Some(match l.address_mode.value {
        AddressModeSpec::Phys24 => AddressMode::Phys24,
        AddressModeSpec::BamOffset18 => AddressMode::BamOffset18,
        AddressModeSpec::WrapperOffset18 => AddressMode::WrapperOffset18 {
            wrapper_base: l.wrapper.as_ref()?.value.base.value,
        },
    })
}

/// The scratchpad register a lock section names, once it resolves.
struct Scratchpad<'r> {
    /// Position of its instance in the SoC.
    instance: usize,
    /// Its block file.
    block: FileId,
    register: &'r RegisterSpec,
}

impl Validator<'_> {
    pub(super) fn lock(
        &mut self,
        f: FileId,
        s: &SocFile,
        lock: &Sp<LockSpec>,
        blocks: &Blocks<'_>,
    ) {
        let l = &lock.value;
        let top = Loc {
            col: 1,
            ..l.bam.loc
        };
        self.require_source(f, &l.source, top, "the lock section");
        self.evidence_map(f, &l.evidence, LOCK_EVIDENCE_KEYS, "the lock section");
        if !l.evidence.0.iter().any(|(k, _)| k.value == "lock_group") {
            self.push(codes::e0404_lock_group_ungraded(f, &l.lock_group));
        }
        self.wrapper(f, l);
        let bam = self.controller(f, s, &l.bam, blocks);
        if let Some(bam) = bam {
            self.lock_target(f, s, l, bam, blocks);
        }
        if let Some(u) = &l.unlock {
            self.unlock(f, s, l, u, blocks);
        }
        let Some(pad) = self.register_ref(f, s, &l.scratchpad, blocks) else {
            return;
        };
        self.dummy(f, l, &pad);
        if let Some(bam) = bam {
            self.addresses(f, s, l, bam, &pad, blocks);
        }
    }

    /// `unlock:`: graded and sourced; a register exactly when the element accesses one; a read
    /// of a readable register; a write that leaves no state behind for the next transaction
    /// (E0317); an address the mode can express (E0304).
    fn unlock(
        &mut self,
        f: FileId,
        s: &SocFile,
        l: &LockSpec,
        u: &Sp<UnlockSpec>,
        blocks: &Blocks<'_>,
    ) {
        let u = &u.value;
        let at = u.access.loc;
        let graded = (&u.grade, &u.reasoning);
        self.own_grade(f, graded, at, "the `unlock:` element", "grade: precedent");
        if u.source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
            self.push(codes::e0401_unlock_without_source(f, at));
        }
        let register = match (&u.access.value, &u.register) {
            (UnlockAccessSpec::None, Some(r)) => {
                self.push(codes::e0316_unlock_register_unused(f, r));
                return;
            }
            (UnlockAccessSpec::None, None) => return,
            (access, None) => {
                let kind = if *access == UnlockAccessSpec::Read {
                    "read"
                } else {
                    "{write: ..}"
                };
                self.push(codes::e0316_unlock_register_missing(f, at, kind));
                return;
            }
            (_, Some(r)) => r,
        };
        let Some(target) = self.register_ref(f, s, register, blocks) else {
            return;
        };
        let r = target.register;
        let access = resolve::access(r.access.value);
        match u.access.value {
            UnlockAccessSpec::Read if !access.readable() => {
                self.push(codes::e0315_unlock_read_unreadable(
                    f,
                    at,
                    &register.value,
                    (target.block, r.access.loc),
                ));
            }
            UnlockAccessSpec::Write(value) => {
                if value > u64::from(u32::MAX) {
                    self.push(codes::e0005_unlock_value_too_wide(f, at, value));
                }
                let ignored =
                    access == Access::ReadOnly && r.write_ignored.as_ref().is_some_and(|w| w.value);
                let client = lock_client(s, l, blocks);
                let rewritten = client.filter(|c| c.0 == target.instance).map(|c| c.1);
                let harmless = rewritten.is_some_and(|shapes| {
                    shapes.rewritten_before_go.contains(&r.name.value.as_str())
                });
                if !(ignored || harmless) {
                    let named = client.and_then(|(ci, shapes)| {
                        let name = s.instances.get(ci)?.value.name.value.as_str();
                        (!shapes.rewritten_before_go.is_empty())
                            .then_some((name, shapes.rewritten_before_go))
                    });
                    self.push(codes::e0317_unlock_write_changes_state(
                        f,
                        at,
                        &register.value,
                        named,
                        (target.block, r.name.loc),
                    ));
                }
            }
            _ => {}
        }
        let (Some(mode), Some(bam)) = (
            address_mode(l),
            s.instances
                .iter()
                .find(|i| i.value.name.value == l.bam.value),
        ) else {
            return;
        };
        if let Some(inst) = s.instances.get(target.instance) {
            let addr = inst.value.base.value.saturating_add(r.offset.value);
            if let Err(why) = mode.encode(bam.value.base.value, addr) {
                self.push(codes::e0304_scratchpad_unaddressable(
                    f,
                    register,
                    mode,
                    &why,
                    l.address_mode.loc,
                ));
            }
        }
    }

    /// The wrapper is graded and sourced, and given exactly when the address mode uses it.
    fn wrapper(&mut self, f: FileId, l: &LockSpec) {
        if let Some(w) = &l.wrapper {
            let base = w.value.base.loc;
            let graded = (&w.value.grade, &w.value.reasoning);
            self.own_grade(f, graded, base, "the wrapper base", "grade: documented");
            if w.value
                .source
                .as_ref()
                .is_none_or(|s| s.value.trim().is_empty())
            {
                self.push(codes::e0401_wrapper_without_source(f, base));
            }
        }
        match (l.address_mode.value, &l.wrapper) {
            (AddressModeSpec::WrapperOffset18, None) => {
                self.push(codes::e0306_wrapper_missing(f, l.address_mode.loc));
            }
            (AddressModeSpec::Phys24, Some(w)) => self.push(codes::e0306_wrapper_unused(
                f,
                w.value.base.loc,
                "phys24",
                l.address_mode.loc,
            )),
            (AddressModeSpec::BamOffset18, Some(w)) => self.push(codes::e0306_wrapper_unused(
                f,
                w.value.base.loc,
                "bam_offset18",
                l.address_mode.loc,
            )),
            _ => {}
        }
    }

    /// The locked BAM can lock pipes, its group fits, and the pipe exists and is a client's
    /// rx pipe.
    fn lock_target(
        &mut self,
        f: FileId,
        s: &SocFile,
        l: &LockSpec,
        bam: usize,
        blocks: &Blocks<'_>,
    ) {
        if let Some(block) = blocks.get(bam).copied().flatten() {
            self.lock_group_fits(f, l, block);
            self.pipe_locking(f, l, block);
        }
        self.pipe_in_range(f, s, bam, &l.pipe, blocks);
        let is_client_rx = clients(s, &l.bam.value).any(|(_, i)| {
            i.dma
                .as_ref()
                .is_some_and(|d| d.value.rx.value == l.pipe.value)
        });
        if !is_client_rx {
            self.push(codes::w0301_lock_pipe_not_client(f, &l.pipe, &l.bam.value));
        }
    }

    fn pipe_locking(&mut self, f: FileId, l: &LockSpec, block: &LoadedBlock) {
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
        self.push(codes::e0301_lock_unsupported(
            f,
            &l.bam,
            &b.revision.value,
            (block.file, says),
        ));
    }

    /// `lock_group` fits the BAM revision's `P_CTRL.P_LOCK_GROUP` field.
    fn lock_group_fits(&mut self, f: FileId, l: &LockSpec, block: &LoadedBlock) {
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
            self.push(codes::e0305_lock_group_too_wide(
                f,
                &l.lock_group,
                b,
                (width, max),
                (block.file, field.value.bits.loc),
            ));
        }
    }

    /// Resolves `instance.REGISTER` (`scratchpad:`, `unlock.register:`) to one plain register
    /// of a known instance.
    fn register_ref<'b>(
        &mut self,
        f: FileId,
        s: &SocFile,
        pad: &Sp<String>,
        blocks: &Blocks<'b>,
    ) -> Option<Scratchpad<'b>> {
        let Some((inst_name, reg_name)) = pad.value.split_once('.') else {
            self.push(codes::e0308_scratchpad_not_dotted(f, pad));
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
            self.push(codes::e0309_scratchpad_unknown_instance(
                f,
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
            self.push(codes::e0302_scratchpad_unknown_register(
                f,
                pad,
                (inst_name, block_name),
                reg_name,
                suggestion,
            ));
            return None;
        };
        let r = &reg.value;
        if r.array.is_some() || !r.strides.0.is_empty() {
            self.push(codes::e0314_scratchpad_not_single(
                f,
                pad,
                (block.file, r.name.loc),
            ));
        }
        Some(Scratchpad {
            instance: ipos,
            block: block.file,
            register: r,
        })
    }

    /// The dummy element the lock rides on must be harmless on the scratchpad: a read of a
    /// readable register, or a write the register is declared (and graded) to ignore.
    fn dummy(&mut self, f: FileId, l: &LockSpec, pad: &Scratchpad<'_>) {
        let r = pad.register;
        let access = resolve::access(r.access.value);
        let name = &l.scratchpad.value;
        match &l.dummy.value {
            DummySpec::Read => {
                if !access.readable() {
                    self.push(codes::e0315_dummy_read_unreadable(
                        f,
                        l.dummy.loc,
                        name,
                        (pad.block, r.access.loc),
                    ));
                }
            }
            DummySpec::Write(value) => {
                let read_only = access == Access::ReadOnly;
                let write_ignored = r.write_ignored.as_ref().is_some_and(|w| w.value);
                let graded = r.evidence.0.iter().any(|(k, _)| k.value == "write_ignored");
                if write_ignored && read_only && !graded {
                    let declared = r.write_ignored.as_ref().map_or(r.name.loc, |w| w.loc);
                    self.push(codes::e0404_dummy_write_ungraded(
                        f,
                        l.dummy.loc,
                        name,
                        pad.block,
                        declared,
                    ));
                }
                if !(read_only && write_ignored) {
                    self.push(codes::e0303_unsafe_dummy_write(
                        f,
                        l.dummy.loc,
                        (name, &r.name.value),
                        (read_only, write_ignored),
                        (pad.block, r.access.loc, access),
                    ));
                }
                if *value > u64::from(u32::MAX) {
                    self.push(codes::e0005_dummy_value_too_wide(f, l.dummy.loc, *value));
                }
            }
        }
    }

    /// Every address a command element of this lock carries is representable in the address
    /// mode: the scratchpad's, and every register of every client of the locked BAM.
    fn addresses(
        &mut self,
        f: FileId,
        s: &SocFile,
        l: &LockSpec,
        bam: usize,
        pad: &Scratchpad<'_>,
        blocks: &Blocks<'_>,
    ) {
        let Some(bam_inst) = s.instances.get(bam).map(|i| &i.value) else {
            return;
        };
        let bam_base = bam_inst.base.value;
        if l.address_mode.value == AddressModeSpec::WrapperOffset18
            && let Some(w) = &l.wrapper
        {
            // The BAM and its clients must lie at or above the wrapper base; below it an offset
            // is negative, and E0304 would only repeat that.
            let below: Vec<&InstanceSpec> = std::iter::once(bam_inst)
                .chain(clients(s, &l.bam.value).map(|(_, c)| c))
                .filter(|i| i.base.value < w.value.base.value)
                .collect();
            for inst in &below {
                self.push(codes::e0307_wrapper_above(f, &w.value.base, inst));
            }
            if !below.is_empty() {
                return;
            }
        }
        // Without a wrapper the wrapper rules reported it; there is nothing to measure from.
        let Some(mode) = address_mode(l) else {
            return;
        };
        let mode_at = l.address_mode.loc;
        if let Some(inst) = s.instances.get(pad.instance).map(|i| &i.value) {
            let at = inst.base.value.saturating_add(pad.register.offset.value);
            if let Err(why) = mode.encode(bam_base, at) {
                self.push(codes::e0304_scratchpad_unaddressable(
                    f,
                    &l.scratchpad,
                    mode,
                    &why,
                    mode_at,
                ));
            }
        }
        for (ci, c) in clients(s, &l.bam.value) {
            if let Some(cb) = blocks.get(ci).copied().flatten() {
                self.client_addresses(f, c, cb, (mode, mode_at), bam_base);
            }
        }
    }

    /// The first and last copy of each register of a client bound its addresses; the first
    /// register out of reach is reported.
    fn client_addresses(
        &mut self,
        f: FileId,
        c: &InstanceSpec,
        cb: &LoadedBlock,
        (mode, mode_at): (AddressMode, Loc),
        bam_base: u64,
    ) {
        let names: Vec<String> = resolve::indices(&cb.syntax)
            .into_iter()
            .map(|x| x.0)
            .collect();
        let (counts, _) = resolve::index_counts(&cb.syntax, c);
        let worst = cb.syntax.registers.iter().find_map(|reg| {
            let end = resolve::last_end(&reg.value, &names, &counts)?;
            let first = c.base.value.saturating_add(reg.value.offset.value);
            let last = c.base.value.saturating_add(end - 4);
            mode.encode(bam_base, first)
                .and(mode.encode(bam_base, last))
                .err()
                .map(|why| (reg, why))
        });
        if let Some((reg, why)) = worst {
            self.push(codes::e0304_client_unaddressable(
                f,
                c,
                &reg.value.name.value,
                (mode, mode_at),
                &why,
            ));
        }
    }
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
