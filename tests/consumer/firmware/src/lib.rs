//! A firmware-style consumer: register I/O and the BAM lock target of one SoC from the
//! published crates, without the generator or the standard library.
#![no_std]

use qcom_socs::blocks::qce::v5::{EncrSegCfg, encr_seg_cfg::EncrMode};
use qcom_socs::sm8550::{self, crypto};
use socgen_bam::{Chain, LockPlan, Segment};
use socgen_runtime::bam::LockTargetSpec;

/// Selects AES-CBC encryption on the crypto engine whose registers start at `base`.
///
/// # Safety
/// `base` must be the mapped crypto register window of an sm8550.
pub unsafe fn select_cbc(base: usize) {
    // SAFETY: the caller guarantees `base` maps the crypto window.
    let regs = crypto::Registers::new(unsafe { crypto::Mmio::new(base) });
    regs.encr_seg_cfg().write(
        EncrSegCfg::ZERO
            .with_encr_mode(EncrMode::CBC)
            .with_encode(true),
    );
}

/// The pipe sm8550 locks for the crypto engine, from its SoC description.
pub const LOCK_PIPE: u32 = <sm8550::Lock as LockTargetSpec>::TARGET.pipe;

/// How many descriptors an unlocked transaction of one command block and one buffer takes.
pub fn descriptors(commands_bus: u32, data_bus: u32, len: u32) -> Option<u32> {
    let segments = [
        Segment::commands(commands_bus, 2).ok()?,
        Segment::data(data_bus, len, socgen_bam::DataFlags::EOT_NWD).ok()?,
    ];
    Some(Chain::new(&segments, LockPlan::Unlocked).total())
}
