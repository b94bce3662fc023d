//! What the BAM driver needs to know about a BAM revision and a SoC's lock setup.
//!
//! The generator implements [`BamRevision`] for every BAM block revision (from its YAML: offsets,
//! strides and field masks) and emits one [`LockTarget`] per SoC with a lock section, so the
//! driver in `socgen-bam` is specialised per target without knowing any SoC itself.

use super::{CeAddr, CeFormat};

/// Typed values of the BAM registers the driver programs (`CTRL`, `P_CTRL`, `P_IRQ_EN`...),
/// generated from the register catalogue every bundled BAM revision shares
/// (`socs/blocks/bam/shared/registers.yaml`) into `bam/regs.rs` and checked in: the driver
/// builds its register writes from them (`PCtrl::ZERO.with_p_en(true)`) instead of raw masks.
/// The validator refuses a `bam` revision whose fields differ from these (E0117), so they hold
/// for every revision a generated `Layout` exists for.
// The file is the generator's output as it is; rustfmt would reflow it.
#[rustfmt::skip]
// Field placement shifts by constants below 32 and masks the result, so it cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub mod regs;

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
/// Implemented by generated code from `socs/blocks/bam/<revision>.yaml`. The driver takes the
/// register locations from here and builds and decodes values with [`regs`] (so do the fake BAM
/// and the model), whose fields the validator holds every revision to (E0117).
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
    // No field masks: register values are the typed values of [`regs`], whose fields E0117
    // holds every `bam` revision to, so a location is all a revision has of its own.
}

/// A BAM revision whose YAML says it honours LOCK/UNLOCK. The generator implements it only for
/// such revisions, so asking for a locking pipe on v1.3.0 does not type-check.
/// The lock group goes into [`regs::PCtrl`]'s `P_LOCK_GROUP`, which E0115 requires of such a
/// revision.
pub trait PipeLocking: BamRevision {}

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

/// Why a physical address has no command-element address in an [`AddressMode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeAddressError {
    /// `phys24`: the address needs more than 24 bits.
    Above24Bits,
    /// An 18-bit offset mode: the address lies below the reference (the BAM's 256 KiB block,
    /// or the wrapper).
    BelowReference {
        /// What offsets are measured from.
        reference: u64,
    },
    /// An 18-bit offset mode: the address is more than 2^18 bytes past the reference.
    Beyond18Bits {
        /// What offsets are measured from.
        reference: u64,
        /// The offset that does not fit.
        offset: u64,
    },
}

impl AddressMode {
    /// The physical address offsets are measured from when the BAM sits at `bam_base`: its
    /// 256 KiB-aligned block (`BamOffset18`) or the wrapper (`WrapperOffset18`); `None` for
    /// `Phys24`.
    pub const fn reference(self, bam_base: u64) -> Option<u64> {
        match self {
            AddressMode::Phys24 => None,
            AddressMode::BamOffset18 => Some(bam_base & !0x3_ffff),
            AddressMode::WrapperOffset18 { wrapper_base } => Some(wrapper_base),
        }
    }

    /// The command-element address of the physical address `addr` when the BAM sits at
    /// `bam_base`: the inverse of [`physical`](Self::physical). Never masks: an address the
    /// mode cannot express is an error.
    pub const fn encode(self, bam_base: u64, addr: u64) -> Result<u32, CeAddressError> {
        match self.reference(bam_base) {
            None => {
                if addr < 1 << 24 {
                    Ok(addr as u32)
                } else {
                    Err(CeAddressError::Above24Bits)
                }
            }
            Some(reference) => match addr.checked_sub(reference) {
                Some(offset) if offset < 1 << 18 => Ok(offset as u32),
                Some(offset) => Err(CeAddressError::Beyond18Bits { reference, offset }),
                None => Err(CeAddressError::BelowReference { reference }),
            },
        }
    }

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
    /// What a dummy UNLOCK descriptor carries: by default the lock dummy (`TARGET.dummy` on
    /// `TARGET.scratchpad`). The vendor QCE driver, for one, unlocks with a write of `CONFIG`'s
    /// reset value 0xE01EF ([`UnlockWith::Element`]), and below crypto 5.3 with a command
    /// descriptor that has no element at all ([`UnlockWith::NoElement`]). The same descriptor,
    /// alone, is what the driver sends after resetting the locked pipe.
    const UNLOCK: UnlockWith = UnlockWith::LockDummy;
}

/// What a dummy UNLOCK command descriptor carries (the lock section's `unlock:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockWith {
    /// The lock dummy: `LockTarget::dummy` on `LockTarget::scratchpad`.
    LockDummy,
    /// One element of its own: an access of a register, e.g. a write of `CONFIG`'s reset value.
    Element(DummyElement),
    /// No element: a command descriptor of size 0 that only carries the flag.
    NoElement,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encode` is the inverse of `physical` wherever it succeeds, and refuses instead of
    /// masking at each mode's edges.
    #[test]
    fn encode_inverts_physical_and_never_masks() {
        let bam = 0x1dc4000;
        let modes = [
            AddressMode::Phys24,
            AddressMode::BamOffset18,
            AddressMode::WrapperOffset18 {
                wrapper_base: 0x1c98000,
            },
        ];
        for mode in modes {
            for addr in [
                0x1dc4000u64,
                0x1dfa000,
                0x1c98000,
                0x1cd7ffc,
                0xff_fffc,
                0x100_0000,
            ] {
                match mode.encode(bam, addr) {
                    Ok(ce) => assert_eq!(mode.physical(bam, ce), Some(addr), "{mode:?} {addr:#x}"),
                    Err(_) => assert!(
                        (0..1u32 << 24)
                            .step_by(0x1000)
                            .all(|ce| mode.physical(bam, ce) != Some(addr)),
                        "{mode:?} {addr:#x} refused but expressible"
                    ),
                }
            }
        }
        assert_eq!(
            AddressMode::Phys24.encode(bam, 1 << 24),
            Err(CeAddressError::Above24Bits)
        );
        assert_eq!(
            AddressMode::BamOffset18.encode(bam, 0x1dc0000 + (1 << 18)),
            Err(CeAddressError::Beyond18Bits {
                reference: 0x1dc0000,
                offset: 1 << 18
            })
        );
        assert_eq!(
            AddressMode::BamOffset18.encode(bam, 0x1dbfffc),
            Err(CeAddressError::BelowReference {
                reference: 0x1dc0000
            })
        );
    }

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
