//! The descriptors the fake BAM refuses before executing them: the six rules of the vendor SPS
//! driver (`sps_check_iovec_flags()` in sps.c; question Q4 of `docs/HARDWARE-VALIDATION.md`)
//! and a buffer above 4 GiB.

use crate::descriptor::{Descriptor, FLAG_ADDR_35_32, FLAG_CMD, FLAG_EOT, FLAG_IMME, FLAG_NWD};

/// Why the fake refuses a descriptor: one variant per rule of vendor sps.c
/// `sps_check_iovec_flags()`, and a buffer above 4 GiB. The simulator (`socgen-sim`) has a
/// descriptor error of the same name for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// NWD on a data descriptor without EOT.
    NwdWithoutEot,
    /// EOT together with CMD.
    EotOnCommand,
    /// LOCK or UNLOCK without CMD.
    LockFlagOnData,
    /// LOCK and UNLOCK on one descriptor.
    LockAndUnlock,
    /// IMME together with CMD.
    ImmeWithCmd,
    /// IMME together with NWD.
    ImmeWithNwd,
    /// Any of flag bits 3..0 set: bus-address bits 35..32 in vendor code, so a buffer above
    /// 4 GiB, where the fake (like socgen's 32-bit bus addresses) has no memory.
    BufferAbove4GiB,
}

impl Refusal {
    /// The rule in the words of vendor sps.c, or what the fake says of a buffer above 4 GiB.
    pub const fn words(self) -> &'static str {
        match self {
            Refusal::NwdWithoutEot => "NWD is only valid with EOT or CMD",
            Refusal::EotOnCommand => "EOT and CMD are not allowed to coexist",
            Refusal::LockFlagOnData => {
                "pipe lock/unlock flags are only valid with Command Descriptor"
            }
            Refusal::LockAndUnlock => "Can't lock and unlock a pipe by the same Command Descriptor",
            Refusal::ImmeWithCmd => "Immediate and CMD are not allowed to coexist",
            Refusal::ImmeWithNwd => "Immediate and NWD are not allowed to coexist",
            Refusal::BufferAbove4GiB => {
                "flag bits 3..0 (address bits 35..32) set: a buffer above 4 GiB"
            }
        }
    }
}

impl core::fmt::Display for Refusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.words())
    }
}

/// Which of the six rules of vendor sps.c `sps_check_iovec_flags()` refuses a descriptor
/// (`None`: they accept it), checked in the vendor's order, so a descriptor breaking several
/// is refused for the first, as there. One place for the fake's rules.
pub fn sps_refuses(d: Descriptor) -> Option<Refusal> {
    if !d.is_command() && d.has(FLAG_NWD) && !d.has(FLAG_EOT) {
        Some(Refusal::NwdWithoutEot)
    } else if d.is_command() && d.has(FLAG_EOT) {
        Some(Refusal::EotOnCommand)
    } else if !d.is_command() && (d.locks() || d.unlocks()) {
        Some(Refusal::LockFlagOnData)
    } else if d.locks() && d.unlocks() {
        Some(Refusal::LockAndUnlock)
    } else if d.has(FLAG_IMME) && d.has(FLAG_CMD) {
        Some(Refusal::ImmeWithCmd)
    } else if d.has(FLAG_IMME) && d.has(FLAG_NWD) {
        Some(Refusal::ImmeWithNwd)
    } else {
        None
    }
}

/// Whether a descriptor's flag bits 3..0 (bus-address bits 35..32 in vendor code) are set:
/// its buffer would lie above 4 GiB, where the fake has no memory.
pub fn above_4_gib(d: Descriptor) -> bool {
    d.flags() & FLAG_ADDR_35_32 != 0
}

/// Why the fake refuses a descriptor before executing it: an SPS rule ([`sps_refuses`]), else
/// a buffer above 4 GiB (`above_4_gib`). `None`: it runs.
pub fn refusal(d: Descriptor) -> Option<Refusal> {
    sps_refuses(d).or_else(|| above_4_gib(d).then_some(Refusal::BufferAbove4GiB))
}
