//! What the BAM driver needs to know about a BAM revision and a SoC's lock setup.
//!
//! The generator implements [`BamRevision`] for every BAM block revision (from its YAML: offsets,
//! strides and field masks) and emits one [`LockTarget`] per SoC with a lock section, so the
//! driver in `socgen-bam` is specialised per target without knowing any SoC itself.

use super::{CeAddr, CeFormat};

/// Where one BAM register lives: `offset + pipe * pipe_stride + ee * ee_stride`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegLoc {
    /// Offset of copy 0 from the BAM base.
    pub offset: u32,
    /// Bytes between the copies of consecutive pipes (0 for a global register).
    pub pipe_stride: u32,
    /// Bytes between the copies of consecutive execution environments (0 if not per EE).
    pub ee_stride: u32,
}

impl RegLoc {
    /// The byte offset of the copy for `pipe` and `ee`, or `None` if it overflows.
    #[inline]
    pub const fn at(self, pipe: u32, ee: u32) -> Option<usize> {
        let Some(p) = pipe.checked_mul(self.pipe_stride) else {
            return None;
        };
        let Some(e) = ee.checked_mul(self.ee_stride) else {
            return None;
        };
        let Some(sum) = self.offset.checked_add(p) else {
            return None;
        };
        match sum.checked_add(e) {
            Some(v) => Some(v as usize),
            None => None,
        }
    }
}

/// The register layout and capabilities of one BAM revision (v1.3.0, v1.4.0, v1.7.0...).
///
/// Implemented by generated code from `socs/blocks/bam/<revision>.yaml`. The field masks are the
/// ones the driver programs; each comes from the field of the same name in the YAML.
pub trait BamRevision {
    /// The revision name, e.g. `"v1.7.0"`.
    const REVISION: &'static str;
    /// Whether this revision honours LOCK/UNLOCK descriptor flags.
    const PIPE_LOCKING: bool;
    /// The hardware limit on pipe numbers.
    const MAX_PIPES: u32;
    /// How this revision encodes command elements (the destination of a read element).
    const COMMAND_ELEMENT: CeFormat;

    /// `CTRL`.
    const CTRL: RegLoc;
    /// `REVISION`.
    const REVISION_REG: RegLoc;
    /// `NUM_PIPES`.
    const NUM_PIPES: RegLoc;
    /// `DESC_CNT_TRSHLD`.
    const DESC_CNT_TRSHLD: RegLoc;
    /// `IRQ_SRCS`.
    const IRQ_SRCS: RegLoc;
    /// `IRQ_SRCS_MSK`.
    const IRQ_SRCS_MSK: RegLoc;
    /// `IRQ_STTS`.
    const IRQ_STTS: RegLoc;
    /// `IRQ_CLR`.
    const IRQ_CLR: RegLoc;
    /// `IRQ_EN`.
    const IRQ_EN: RegLoc;
    /// `CNFG_BITS`.
    const CNFG_BITS: RegLoc;
    /// `IRQ_SRCS_EE` (per EE).
    const IRQ_SRCS_EE: RegLoc;
    /// `IRQ_SRCS_MSK_EE` (per EE).
    const IRQ_SRCS_MSK_EE: RegLoc;
    /// `P_CTRL` (per pipe).
    const P_CTRL: RegLoc;
    /// `P_RST` (per pipe).
    const P_RST: RegLoc;
    /// `P_HALT` (per pipe).
    const P_HALT: RegLoc;
    /// `P_IRQ_STTS` (per pipe).
    const P_IRQ_STTS: RegLoc;
    /// `P_IRQ_CLR` (per pipe).
    const P_IRQ_CLR: RegLoc;
    /// `P_IRQ_EN` (per pipe).
    const P_IRQ_EN: RegLoc;
    /// `P_EVNT_REG` (per pipe): the doorbell, written with the FIFO byte offset of the tail.
    const P_EVNT_REG: RegLoc;
    /// `P_SW_OFSTS` (per pipe): hardware progress, a FIFO byte offset in the low 16 bits.
    const P_SW_OFSTS: RegLoc;
    /// `P_DESC_FIFO_ADDR` (per pipe).
    const P_DESC_FIFO_ADDR: RegLoc;
    /// `P_FIFO_SIZES` (per pipe).
    const P_FIFO_SIZES: RegLoc;

    /// `CTRL.SW_RST` mask.
    const CTRL_SW_RST: u32;
    /// `CTRL.EN` mask.
    const CTRL_EN: u32;
    /// `P_CTRL.P_EN` mask.
    const P_CTRL_EN: u32;
    /// `P_CTRL.P_DIRECTION` mask (set for peripheral-to-memory pipes).
    const P_CTRL_DIRECTION: u32;
    /// `P_CTRL.P_SYS_MODE` mask.
    const P_CTRL_SYS_MODE: u32;
    /// `P_IRQ_EN` bits the driver enables: processed descriptor, error, transfer end.
    const P_IRQ_EN_DEFAULT: u32;
    /// `IRQ_EN` bits the driver enables: error and bus error.
    const IRQ_EN_DEFAULT: u32;
    /// `IRQ_SRCS_MSK_EE.BAM_IRQ` mask.
    const IRQ_SRCS_MSK_BAM: u32;
}

/// A BAM revision whose YAML says it honours LOCK/UNLOCK. The generator implements it only for
/// such revisions, so asking for a locking pipe on v1.3.0 does not type-check.
pub trait PipeLocking: BamRevision {
    /// `P_CTRL.P_LOCK_GROUP` mask: the pipe's lock group, which the driver programs on both
    /// pipes of a lock target from its `lock_group`.
    const P_CTRL_LOCK_GROUP: u32;
}

/// What the lock/unlock command element does to the scratchpad register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DummyAccess {
    /// Read the scratchpad into a driver-owned word. Always safe.
    Read,
    /// Write this value. Only emitted when the SoC file declares the scratchpad read-only and
    /// write-ignored.
    Write(u32),
}

/// One dummy command element: an access of one register, by command-element address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DummyElement {
    /// The register's command-element address in the SoC's address mode.
    pub register: CeAddr,
    /// What the element does to it.
    pub access: DummyAccess,
}

/// Where the LOCK and UNLOCK flags go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A dummy LOCK command descriptor at the head, a dummy UNLOCK one at the tail.
    Wrap,
    /// LOCK on the transaction's own first command descriptor, UNLOCK on its own trailing command
    /// descriptor; a dummy only where the transaction has none.
    Merge,
}

/// How command-element addresses are encoded on a SoC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressMode {
    /// The register's physical address, which must be below 2^24.
    Phys24,
    /// The low 18 bits of the register's physical address: its offset from the 256 KiB-aligned
    /// block that holds the BAM. The same as [`AddressMode::WrapperOffset18`] whenever the
    /// peripheral wrapper is 256 KiB aligned.
    BamOffset18,
    /// The register's offset from the peripheral wrapper's base, below 2^18; the wrapper
    /// need not be 256 KiB aligned (SDX75's QPIC at 0x01c98000 is not).
    WrapperOffset18 {
        /// The wrapper's physical base address.
        wrapper_base: u64,
    },
}

impl AddressMode {
    /// The physical address a command-element address `ce` refers to when the BAM sits at
    /// `bam_base`; `None` if `ce` does not fit the mode.
    pub const fn physical(self, bam_base: u64, ce: u32) -> Option<u64> {
        match self {
            AddressMode::Phys24 => {
                if ce >> 24 == 0 {
                    Some(ce as u64)
                } else {
                    None
                }
            }
            AddressMode::BamOffset18 => {
                if ce >> 18 == 0 {
                    (bam_base & !0x3_ffff).checked_add(ce as u64)
                } else {
                    None
                }
            }
            AddressMode::WrapperOffset18 { wrapper_base } => {
                if ce >> 18 == 0 {
                    wrapper_base.checked_add(ce as u64)
                } else {
                    None
                }
            }
        }
    }
}

/// One SoC's pipe-lock setup for a BAM client, as its YAML lock section says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockTarget {
    /// The SoC name.
    pub soc: &'static str,
    /// The BAM instance name.
    pub bam: &'static str,
    /// The BAM's physical base address.
    pub bam_base: u64,
    /// The BAM's register window size.
    pub bam_size: u64,
    /// The execution environment this side runs in (`qcom,ee`).
    pub ee: u32,
    /// The number of pipes of this BAM on this SoC.
    pub num_channels: u32,
    /// The BAM is set up by another execution environment: skip BAM-level init.
    pub controlled_remotely: bool,
    /// The pipe that carries the command descriptors and the lock (memory to peripheral).
    pub pipe: u32,
    /// The client's peripheral-to-memory pipe, if it has one.
    pub tx_pipe: Option<u32>,
    /// The lock group programmed into `P_CTRL.P_LOCK_GROUP` of `pipe` and `tx_pipe`: a lock
    /// held by a pipe excludes the pipes of other groups.
    pub lock_group: u32,
    /// The scratchpad register's command-element address in this SoC's address mode.
    pub scratchpad: CeAddr,
    /// The dummy access on the scratchpad.
    pub dummy: DummyAccess,
    /// Where the flags go.
    pub placement: Placement,
    /// How command-element addresses are encoded.
    pub address_mode: AddressMode,
}

/// A lock target together with its BAM revision: all a driver needs to build a locking pipe.
///
/// Generated per SoC (e.g. `qcom_socs::sm8550::Lock`). Only generated for BAM revisions
/// whose YAML says they support pipe locking.
pub trait LockTargetSpec {
    /// The BAM revision of the lock's BAM instance.
    type Revision: PipeLocking;
    /// The SoC's lock setup.
    const TARGET: LockTarget;
    /// The element a dummy UNLOCK descriptor carries, when it is not the lock dummy
    /// (`TARGET.dummy` on `TARGET.scratchpad`). The vendor QCE driver, for one, unlocks with a
    /// write of `CONFIG`'s reset value 0xE01EF rather than with the access that locked.
    const UNLOCK_DUMMY: Option<DummyElement> = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regloc_adds_strides_and_refuses_overflow() {
        let p_ctrl = RegLoc {
            offset: 0x13000,
            pipe_stride: 0x1000,
            ee_stride: 0,
        };
        assert_eq!(p_ctrl.at(4, 0), Some(0x17000));
        let ee = RegLoc {
            offset: 0x3000,
            pipe_stride: 0,
            ee_stride: 0x1000,
        };
        assert_eq!(ee.at(9, 2), Some(0x5000));
        assert_eq!(p_ctrl.at(u32::MAX, 0), None);
    }

    #[test]
    fn address_modes_name_their_reference_point() {
        // sm8550: BAM at 0x1dc4000, crypto at 0x1dfa000, 0x3a000 into the aligned block.
        assert_eq!(
            AddressMode::BamOffset18.physical(0x1dc_4000, 0x3_a000),
            Some(0x1df_a000)
        );
        // SDX75's QPIC wrapper at 0x1c98000 is not 256 KiB aligned.
        let wrapper = AddressMode::WrapperOffset18 {
            wrapper_base: 0x1c9_8000,
        };
        assert_eq!(wrapper.physical(0x1c9_c000, 0x3_0000), Some(0x1cc_8000));
        assert_eq!(wrapper.physical(0x1c9_c000, 0x4_0000), None);
        assert_eq!(AddressMode::Phys24.physical(0, 0x100_0000), None);
    }
}
