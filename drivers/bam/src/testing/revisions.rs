//! BAM revisions and lock targets for tests.
//!
//! The revisions (`V1_3_0`, `V1_4_0`, `V1_7_0`) are generated from `socs/blocks/bam/` into the
//! marked region below and checked in, so the driver's tests run on the catalogue's own
//! numbers while the driver does not depend on the generator; `codegen/tests/bam_standins.rs`
//! fails when the region is stale. The lock targets are written by hand: stand-ins for the
//! generated `qcom_socs::<soc>::Lock` (cross-checked against them) and hypothetical setups the
//! catalogue has no SoC for.

use socgen_runtime::CeAddr;
use socgen_runtime::bam::{
    AddressMode, DummyAccess, DummyElement, LockTarget, LockTargetSpec, Placement, UnlockWith,
};

pub use generated::*;

/// The revisions, as the generator writes them (rustfmt would reflow them and make the region
/// differ from the generator's output).
#[rustfmt::skip]
mod generated {
// @generated begin: `SOCGEN_BLESS=1 cargo test -p socgen --test bam_standins` rewrites this
// region from socs/blocks/bam/ (emit::rust::bam_standins); do not edit it by hand.
/// BAM v1.3.0: Qualcomm BAM DMA engine, register layout v1.3 (APQ8064, IPQ8064, MSM8960).
///
/// Generated from `socs/blocks/bam/v1.3.0.yaml`; the same as `qcom_socs::blocks::bam::v1_3_0::Layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V1_3_0;
impl ::socgen_runtime::bam::BamRevision for V1_3_0 {
    const REVISION: &'static str = "v1.3.0";
    const PIPE_LOCKING: bool = false;
    const MAX_PIPES: u32 = 31;
    const COMMAND_ELEMENT: ::socgen_runtime::CeFormat = ::socgen_runtime::CeFormat::DESTINATION_32;
    const CTRL: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf80,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const REVISION_REG: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf84,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const NUM_PIPES: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xfbc,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const DESC_CNT_TRSHLD: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf88,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf8c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS_MSK: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf90,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_STTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf94,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_CLR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf98,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_EN: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xf9c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const CNFG_BITS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xffc,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS_EE: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1800,
        pipe_stride: 0x0,
        ee_stride: 0x80,
    };
    const IRQ_SRCS_MSK_EE: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1804,
        pipe_stride: 0x0,
        ee_stride: 0x80,
    };
    const P_CTRL: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x0,
        pipe_stride: 0x80,
        ee_stride: 0x0,
    };
    const P_RST: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x4,
        pipe_stride: 0x80,
        ee_stride: 0x0,
    };
    const P_HALT: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x8,
        pipe_stride: 0x80,
        ee_stride: 0x0,
    };
    const P_IRQ_STTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x10,
        pipe_stride: 0x80,
        ee_stride: 0x0,
    };
    const P_IRQ_CLR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x14,
        pipe_stride: 0x80,
        ee_stride: 0x0,
    };
    const P_IRQ_EN: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x18,
        pipe_stride: 0x80,
        ee_stride: 0x0,
    };
    const P_EVNT_REG: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1018,
        pipe_stride: 0x40,
        ee_stride: 0x0,
    };
    const P_SW_OFSTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1000,
        pipe_stride: 0x40,
        ee_stride: 0x0,
    };
    const P_DESC_FIFO_ADDR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x101c,
        pipe_stride: 0x40,
        ee_stride: 0x0,
    };
    const P_FIFO_SIZES: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1020,
        pipe_stride: 0x40,
        ee_stride: 0x0,
    };
}
/// BAM v1.4.0: Qualcomm BAM DMA engine, register layout v1.4 (MSM8974, APQ8074, APQ8084).
///
/// Generated from `socs/blocks/bam/v1.4.0.yaml`; the same as `qcom_socs::blocks::bam::v1_4_0::Layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V1_4_0;
impl ::socgen_runtime::bam::BamRevision for V1_4_0 {
    const REVISION: &'static str = "v1.4.0";
    const PIPE_LOCKING: bool = true;
    const MAX_PIPES: u32 = 31;
    const COMMAND_ELEMENT: ::socgen_runtime::CeFormat = ::socgen_runtime::CeFormat::DESTINATION_32;
    const CTRL: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x0,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const REVISION_REG: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x4,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const NUM_PIPES: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x3c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const DESC_CNT_TRSHLD: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x8,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0xc,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS_MSK: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x10,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_STTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x14,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_CLR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x18,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_EN: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const CNFG_BITS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x7c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS_EE: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x800,
        pipe_stride: 0x0,
        ee_stride: 0x80,
    };
    const IRQ_SRCS_MSK_EE: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x804,
        pipe_stride: 0x0,
        ee_stride: 0x80,
    };
    const P_CTRL: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1000,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_RST: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1004,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_HALT: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1008,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_IRQ_STTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1010,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_IRQ_CLR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1014,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_IRQ_EN: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1018,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_EVNT_REG: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1818,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_SW_OFSTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1800,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_DESC_FIFO_ADDR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x181c,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_FIFO_SIZES: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1820,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
}
impl ::socgen_runtime::bam::PipeLocking for V1_4_0 {}
/// BAM v1.7.0: Qualcomm BAM DMA engine, register layout v1.7 (MSM8916, SDM630; v1.7.4 on SDM845, SM6115, SM8150, SM8250, QCM2290).
///
/// Generated from `socs/blocks/bam/v1.7.0.yaml`; the same as `qcom_socs::blocks::bam::v1_7_0::Layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V1_7_0;
impl ::socgen_runtime::bam::BamRevision for V1_7_0 {
    const REVISION: &'static str = "v1.7.0";
    const PIPE_LOCKING: bool = true;
    const MAX_PIPES: u32 = 31;
    const COMMAND_ELEMENT: ::socgen_runtime::CeFormat = ::socgen_runtime::CeFormat::DESTINATION_36;
    const CTRL: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x0,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const REVISION_REG: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1000,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const NUM_PIPES: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1008,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const DESC_CNT_TRSHLD: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x8,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x3010,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS_MSK: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x3014,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_STTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x14,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_CLR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x18,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_EN: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const CNFG_BITS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x7c,
        pipe_stride: 0x0,
        ee_stride: 0x0,
    };
    const IRQ_SRCS_EE: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x3000,
        pipe_stride: 0x0,
        ee_stride: 0x1000,
    };
    const IRQ_SRCS_MSK_EE: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x3004,
        pipe_stride: 0x0,
        ee_stride: 0x1000,
    };
    const P_CTRL: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13000,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_RST: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13004,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_HALT: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13008,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_IRQ_STTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13010,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_IRQ_CLR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13014,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_IRQ_EN: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13018,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_EVNT_REG: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13818,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_SW_OFSTS: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13800,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_DESC_FIFO_ADDR: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x1381c,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
    const P_FIFO_SIZES: ::socgen_runtime::bam::RegLoc = ::socgen_runtime::bam::RegLoc {
        offset: 0x13820,
        pipe_stride: 0x1000,
        ee_stride: 0x0,
    };
}
impl ::socgen_runtime::bam::PipeLocking for V1_7_0 {}
// @generated end
}

/// The VERSION register of the crypto engine as a command-element address in
/// `bam_offset18` mode: the engine sits 0x3a000 into its 256 KiB-aligned BAM block
/// (socs-devicetree.yaml: crypto base & 0x3ffff == 0x3a000 on sm8550 and msm8996), and
/// VERSION is at offset 0 of the engine.
const QCE_VERSION_BAM_OFFSET18: CeAddr = CeAddr::new_const::<0x3a000>();

/// The UNLOCK element of the bundled crypto lock sections (`unlock:`): a write of CONFIG's
/// reset value 0xE01EF (vendor qce50's `unlock_all_pipes`), CONFIG being offset 0x400 of the
/// engine, 0x3a400 into the BAM block in `bam_offset18` mode.
const QCE_CONFIG_RESET_UNLOCK: UnlockWith = UnlockWith::Element(DummyElement {
    register: CeAddr::new_const::<0x3a400>(),
    access: DummyAccess::Write(0xE01EF),
});

/// Stand-in for the generated `qcom_socs::sm8550::Lock` (socs/sm8550.yaml `lock:`):
/// cryptobam v1.7.4 (v1.7.0 layout) at 0x1dc4000, 20 pipes, EE 0, controlled remotely;
/// crypto rx pipe 4, tx pipe 5; **merge** placement, dummy **read** of VERSION, UNLOCK on a
/// write of CONFIG = 0xE01EF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sm8550CryptoLock;

impl LockTargetSpec for Sm8550CryptoLock {
    type Revision = V1_7_0;
    const TARGET: LockTarget = LockTarget {
        soc: "sm8550",
        bam: "cryptobam",
        bam_base: 0x1dc_4000,
        bam_size: 0x2_8000,
        ee: 0,
        num_channels: 20,
        controlled_remotely: true,
        pipe: 4,
        tx_pipe: Some(5),
        lock_group: 2,
        scratchpad: QCE_VERSION_BAM_OFFSET18,
        dummy: DummyAccess::Read,
        placement: Placement::Merge,
        address_mode: AddressMode::BamOffset18,
    };
    const UNLOCK: UnlockWith = QCE_CONFIG_RESET_UNLOCK;
}

/// Stand-in for the generated `qcom_socs::msm8996::Lock` (socs/msm8996.yaml via
/// `socs/common/qce-lock-pipe6.yaml`): cryptobam v1.7.0 at 0x644000, EE 0, controlled
/// remotely; crypto rx pipe 6, tx pipe 7; **merge** placement, dummy **read** of VERSION, UNLOCK
/// on a write of CONFIG = 0xE01EF.
/// msm8996.dtsi gives no `num-channels`, so the generator bounds the pipes by the register
/// window: 0x24000 bytes hold the per-pipe registers of pipes 0..17 in the v1.7.0 layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msm8996CryptoLock;

impl LockTargetSpec for Msm8996CryptoLock {
    type Revision = V1_7_0;
    const TARGET: LockTarget = LockTarget {
        soc: "msm8996",
        bam: "cryptobam",
        bam_base: 0x64_4000,
        bam_size: 0x2_4000,
        ee: 0,
        num_channels: 17,
        controlled_remotely: true,
        pipe: 6,
        tx_pipe: Some(7),
        lock_group: 3,
        scratchpad: QCE_VERSION_BAM_OFFSET18,
        dummy: DummyAccess::Read,
        placement: Placement::Merge,
        address_mode: AddressMode::BamOffset18,
    };
    const UNLOCK: UnlockWith = QCE_CONFIG_RESET_UNLOCK;
}

/// msm8996's crypto lock target with **wrap** placement and a **read** dummy: the setup
/// msm8996 shipped with before the hardware matrix moved it to merge, and the Linux
/// series' placement. It keeps the driver's wrap paths under test. Otherwise the same as
/// [`Msm8996CryptoLock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msm8996WrapLock;

impl LockTargetSpec for Msm8996WrapLock {
    type Revision = V1_7_0;
    const TARGET: LockTarget = LockTarget {
        placement: Placement::Wrap,
        ..Msm8996CryptoLock::TARGET
    };
}

/// A **hypothetical** v1.4.0 target (no v1.4 SoC in the catalogue has a crypto lock section):
/// locally controlled BAM, EE 1, pipe 2, wrap placement, and a dummy **write** of 0, as if
/// the SoC file had declared the scratchpad read-only and write-ignored. It exercises the
/// v1.4 layout, BAM init and the write dummy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HypotheticalV1_4WriteLock;

impl LockTargetSpec for HypotheticalV1_4WriteLock {
    type Revision = V1_4_0;
    const TARGET: LockTarget = LockTarget {
        soc: "hypothetical-v1.4",
        bam: "cryptobam",
        bam_base: 0xfd44_4000,
        bam_size: 0x1_5000,
        ee: 1,
        num_channels: 8,
        controlled_remotely: false,
        pipe: 2,
        tx_pipe: Some(3),
        lock_group: 1,
        scratchpad: QCE_VERSION_BAM_OFFSET18,
        dummy: DummyAccess::Write(0),
        placement: Placement::Wrap,
        address_mode: AddressMode::BamOffset18,
    };
}
