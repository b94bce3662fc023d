//! Every address the command elements of a lock section carry, in its address mode (E0304):
//! the scratchpad's (lock dummy and `unlock:` element) and every register of every client of
//! the locked BAM, since a merged LOCK rides on the client's own elements.

use super::Validator;
use super::lock::{Scratchpad, address_mode, clients};
use super::soc::Blocks;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::LoadedBlock;
use crate::model::AddressMode;
use crate::resolve;
use crate::source::{Loc, Sp};
use crate::syntax::{AddressModeSpec, InstanceSpec, LockSpec, SocFile};

impl Validator<'_> {
    /// Every address a command element of this lock carries is representable in the address
    /// mode: the scratchpad's, and every register of every client of the locked BAM.
    pub(super) fn addresses(
        &mut self,
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
                self.push(e0307_wrapper_above(&w.value.base, inst));
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
            if let Err(why) = crate::model::encode_ce(mode, bam_base, at) {
                self.push(e0304_scratchpad_unaddressable(
                    &l.scratchpad,
                    mode,
                    &why,
                    mode_at,
                ));
            }
        }
        for (ci, c) in clients(s, &l.bam.value) {
            if let Some(cb) = blocks.get(ci).copied().flatten() {
                self.client_addresses(c, cb, (mode, mode_at), bam_base);
            }
        }
    }

    /// The first and last copy of each register of a client bound its addresses; the first
    /// register out of reach is reported.
    pub(super) fn client_addresses(
        &mut self,
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
            crate::model::encode_ce(mode, bam_base, first)
                .and(crate::model::encode_ce(mode, bam_base, last))
                .err()
                .map(|why| (reg, why))
        });
        if let Some((reg, why)) = worst {
            self.push(e0304_client_unaddressable(
                c,
                &reg.value.name.value,
                (mode, mode_at),
                &why,
            ));
        }
    }
}

pub(super) fn e0304_scratchpad_unaddressable(
    scratchpad: &Sp<String>,
    mode: AddressMode,
    why: &str,
    mode_at: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::CeAddressUnrepresentable,
        scratchpad.loc,
        format!(
            "scratchpad `{}` cannot be addressed in mode `{}`: {why}",
            scratchpad.value,
            crate::model::address_mode_name(mode)
        ),
    )
    .label("not representable")
    .related(mode_at, "address mode chosen here")
    .help(mode_help(mode))
}

fn e0304_client_unaddressable(
    client: &InstanceSpec,
    register: &str,
    (mode, mode_at): (AddressMode, Loc),
    why: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::CeAddressUnrepresentable,
        client.base.loc,
        format!(
            "register `{register}` of `{}` cannot be addressed by command elements in mode \
             `{}`: {why}",
            client.name.value,
            crate::model::address_mode_name(mode)
        ),
    )
    .label("registers here are out of reach")
    .related(mode_at, "address mode chosen here")
    .help(mode_help(mode))
}

fn mode_help(mode: AddressMode) -> &'static str {
    match mode {
        AddressMode::Phys24 => {
            "the physical address needs more than 24 bits and socgen never masks it; use \
             `address_mode: bam_offset18` if the BAM and the peripheral share a 256 KiB block"
        }
        AddressMode::BamOffset18 => {
            "the register must lie within 256 KiB above the BAM's 256 KiB-aligned block base; \
             check the bases, or use `address_mode: phys24` for addresses below 16 MiB"
        }
        AddressMode::WrapperOffset18 { .. } => {
            "the register must lie within 256 KiB above `wrapper.base`; check the wrapper base \
             against the SoC's memory map"
        }
    }
}

fn e0307_wrapper_above(base: &Sp<u64>, below: &InstanceSpec) -> Diagnostic {
    Diagnostic::new(
        Code::WrapperAbove,
        base.loc,
        format!(
            "wrapper base {:#x} lies above `{}` at {:#x}: its offset from the wrapper would be \
             negative",
            base.value, below.name.value, below.base.value
        ),
    )
    .label("the wrapper must hold the BAM and its clients")
    .related(
        below.base.loc,
        format!("`{}` starts here", below.name.value),
    )
    .help(
        "the wrapper base is the lowest address of the peripheral wrapper that \
         holds the BAM and its clients; check it against the memory map",
    )
}
