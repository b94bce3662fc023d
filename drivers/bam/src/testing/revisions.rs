//! Hand-written BAM revisions and lock targets for tests, from `shared/hw-facts/bam.yaml`.
//!
//! The generator emits the real ones (`qcom_socs::blocks::bam::v1_7_0::Layout`,
//! `qcom_socs::sm8550::Lock`, ...) from `socs/`; these stand-ins carry the same numbers so
//! the driver's tests do not depend on the generator. Offsets are bam.yaml `revisions.<v>.regs`
//! entries `[base_offset, pipe_mult, evnt_mult, ee_mult]`: `pipe_mult` and `evnt_mult` are both
//! multiplied by the pipe number, so either one is the `pipe_stride` here. Field masks are
//! bam.yaml `bam_ctrl_bits`, `p_ctrl_bits`, `p_irq_en_bits` and `irq_bits`, identical in
//! every revision.

use socgen_runtime::bam::{
    AddressMode, BamRevision, DummyAccess, LockTarget, LockTargetSpec, PipeLocking, Placement,
    RegLoc,
};
use socgen_runtime::{CeAddr, CeFormat};

const fn global(offset: u32) -> RegLoc {
    RegLoc {
        offset,
        pipe_stride: 0,
        ee_stride: 0,
    }
}

const fn per_pipe(offset: u32, pipe_stride: u32) -> RegLoc {
    RegLoc {
        offset,
        pipe_stride,
        ee_stride: 0,
    }
}

const fn per_ee(offset: u32, ee_stride: u32) -> RegLoc {
    RegLoc {
        offset,
        pipe_stride: 0,
        ee_stride,
    }
}

/// The field masks, the same in every revision (bam.yaml).
macro_rules! common_masks {
    () => {
        /// bam.yaml `irq_bits.BAM_IRQ_SRCS.P_IRQ` = 0x7fffffff: one bit per pipe.
        const MAX_PIPES: u32 = 31;
        const CTRL_SW_RST: u32 = 1 << 0;
        const CTRL_EN: u32 = 1 << 1;
        const P_CTRL_EN: u32 = 1 << 1;
        const P_CTRL_DIRECTION: u32 = 1 << 3;
        const P_CTRL_SYS_MODE: u32 = 1 << 5;
        /// PRCSD_DESC | ERR | TRNSFR_END.
        const P_IRQ_EN_DEFAULT: u32 = 0x31;
        /// BAM_ERROR_EN | BAM_HRESP_ERR_EN.
        const IRQ_EN_DEFAULT: u32 = 0x6;
        const IRQ_SRCS_MSK_BAM: u32 = 1 << 31;
    };
}

/// BAM v1.3.0 (APQ8064, IPQ8064, MSM8960): `bam_v1_3_reg_info`. No pipe locking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V1_3_0;

impl BamRevision for V1_3_0 {
    /// bam.yaml / the block file's `command_element.read_destination_bits`.
    const COMMAND_ELEMENT: CeFormat = CeFormat::DESTINATION_32;
    const REVISION: &'static str = "v1.3.0";
    /// bam.yaml `pipe_lock_supported_in_series: false`.
    const PIPE_LOCKING: bool = false;
    const CTRL: RegLoc = global(0x0f80);
    const REVISION_REG: RegLoc = global(0x0f84);
    const NUM_PIPES: RegLoc = global(0x0fbc);
    const DESC_CNT_TRSHLD: RegLoc = global(0x0f88);
    const IRQ_SRCS: RegLoc = global(0x0f8c);
    const IRQ_SRCS_MSK: RegLoc = global(0x0f90);
    const IRQ_STTS: RegLoc = global(0x0f94);
    const IRQ_CLR: RegLoc = global(0x0f98);
    const IRQ_EN: RegLoc = global(0x0f9c);
    const CNFG_BITS: RegLoc = global(0x0ffc);
    const IRQ_SRCS_EE: RegLoc = per_ee(0x1800, 0x80);
    const IRQ_SRCS_MSK_EE: RegLoc = per_ee(0x1804, 0x80);
    const P_CTRL: RegLoc = per_pipe(0x0000, 0x80);
    const P_RST: RegLoc = per_pipe(0x0004, 0x80);
    const P_HALT: RegLoc = per_pipe(0x0008, 0x80);
    const P_IRQ_STTS: RegLoc = per_pipe(0x0010, 0x80);
    const P_IRQ_CLR: RegLoc = per_pipe(0x0014, 0x80);
    const P_IRQ_EN: RegLoc = per_pipe(0x0018, 0x80);
    const P_EVNT_REG: RegLoc = per_pipe(0x1018, 0x40);
    const P_SW_OFSTS: RegLoc = per_pipe(0x1000, 0x40);
    const P_DESC_FIFO_ADDR: RegLoc = per_pipe(0x101c, 0x40);
    const P_FIFO_SIZES: RegLoc = per_pipe(0x1020, 0x40);
    common_masks!();
}

/// BAM v1.4.0 (MSM8974, APQ8074, APQ8084): `bam_v1_4_reg_info`. Pipe locking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V1_4_0;

impl BamRevision for V1_4_0 {
    /// bam.yaml / the block file's `command_element.read_destination_bits`.
    const COMMAND_ELEMENT: CeFormat = CeFormat::DESTINATION_32;
    const REVISION: &'static str = "v1.4.0";
    /// bam.yaml `pipe_lock_supported_in_series: true`.
    const PIPE_LOCKING: bool = true;
    const CTRL: RegLoc = global(0x0000);
    const REVISION_REG: RegLoc = global(0x0004);
    const NUM_PIPES: RegLoc = global(0x003c);
    const DESC_CNT_TRSHLD: RegLoc = global(0x0008);
    const IRQ_SRCS: RegLoc = global(0x000c);
    const IRQ_SRCS_MSK: RegLoc = global(0x0010);
    const IRQ_STTS: RegLoc = global(0x0014);
    const IRQ_CLR: RegLoc = global(0x0018);
    const IRQ_EN: RegLoc = global(0x001c);
    const CNFG_BITS: RegLoc = global(0x007c);
    const IRQ_SRCS_EE: RegLoc = per_ee(0x0800, 0x80);
    const IRQ_SRCS_MSK_EE: RegLoc = per_ee(0x0804, 0x80);
    const P_CTRL: RegLoc = per_pipe(0x1000, 0x1000);
    const P_RST: RegLoc = per_pipe(0x1004, 0x1000);
    const P_HALT: RegLoc = per_pipe(0x1008, 0x1000);
    const P_IRQ_STTS: RegLoc = per_pipe(0x1010, 0x1000);
    const P_IRQ_CLR: RegLoc = per_pipe(0x1014, 0x1000);
    const P_IRQ_EN: RegLoc = per_pipe(0x1018, 0x1000);
    const P_EVNT_REG: RegLoc = per_pipe(0x1818, 0x1000);
    const P_SW_OFSTS: RegLoc = per_pipe(0x1800, 0x1000);
    const P_DESC_FIFO_ADDR: RegLoc = per_pipe(0x181c, 0x1000);
    const P_FIFO_SIZES: RegLoc = per_pipe(0x1820, 0x1000);
    common_masks!();
}

impl PipeLocking for V1_4_0 {
    /// bam.yaml `p_ctrl_bits.P_LOCK_GROUP`: bits 20..16.
    const P_CTRL_LOCK_GROUP: u32 = 0x1f << 16;
}

/// BAM v1.7.0 (MSM8916, SDM630; the v1.7.4 of SDM845 ... SM8550 uses it too):
/// `bam_v1_7_reg_info`. Pipe locking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V1_7_0;

impl BamRevision for V1_7_0 {
    /// bam.yaml / the block file's `command_element.read_destination_bits`.
    const COMMAND_ELEMENT: CeFormat = CeFormat::DESTINATION_36;
    const REVISION: &'static str = "v1.7.0";
    /// bam.yaml `pipe_lock_supported_in_series: true`.
    const PIPE_LOCKING: bool = true;
    const CTRL: RegLoc = global(0x00000);
    const REVISION_REG: RegLoc = global(0x01000);
    const NUM_PIPES: RegLoc = global(0x01008);
    const DESC_CNT_TRSHLD: RegLoc = global(0x00008);
    const IRQ_SRCS: RegLoc = global(0x03010);
    const IRQ_SRCS_MSK: RegLoc = global(0x03014);
    const IRQ_STTS: RegLoc = global(0x00014);
    const IRQ_CLR: RegLoc = global(0x00018);
    const IRQ_EN: RegLoc = global(0x0001c);
    const CNFG_BITS: RegLoc = global(0x0007c);
    const IRQ_SRCS_EE: RegLoc = per_ee(0x03000, 0x1000);
    const IRQ_SRCS_MSK_EE: RegLoc = per_ee(0x03004, 0x1000);
    const P_CTRL: RegLoc = per_pipe(0x13000, 0x1000);
    const P_RST: RegLoc = per_pipe(0x13004, 0x1000);
    const P_HALT: RegLoc = per_pipe(0x13008, 0x1000);
    const P_IRQ_STTS: RegLoc = per_pipe(0x13010, 0x1000);
    const P_IRQ_CLR: RegLoc = per_pipe(0x13014, 0x1000);
    const P_IRQ_EN: RegLoc = per_pipe(0x13018, 0x1000);
    const P_EVNT_REG: RegLoc = per_pipe(0x13818, 0x1000);
    const P_SW_OFSTS: RegLoc = per_pipe(0x13800, 0x1000);
    const P_DESC_FIFO_ADDR: RegLoc = per_pipe(0x1381c, 0x1000);
    const P_FIFO_SIZES: RegLoc = per_pipe(0x13820, 0x1000);
    common_masks!();
}

impl PipeLocking for V1_7_0 {
    /// bam.yaml `p_ctrl_bits.P_LOCK_GROUP`: bits 20..16.
    const P_CTRL_LOCK_GROUP: u32 = 0x1f << 16;
}

/// The VERSION register of the crypto engine as a command-element address in
/// `bam_offset18` mode: the engine sits 0x3a000 into its 256 KiB-aligned BAM block
/// (socs-devicetree.yaml: crypto base & 0x3ffff == 0x3a000 on sm8550 and msm8996), and
/// VERSION is at offset 0 of the engine.
const QCE_VERSION_BAM_OFFSET18: CeAddr = CeAddr::new_const::<0x3a000>();

/// Stand-in for the generated `qcom_socs::sm8550::Lock` (socs/sm8550.yaml `lock:`):
/// cryptobam v1.7.4 (v1.7.0 layout) at 0x1dc4000, 20 pipes, EE 0, controlled remotely;
/// crypto rx pipe 4, tx pipe 5; **merge** placement, dummy **read** of VERSION.
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
}

/// Stand-in for the generated `qcom_socs::msm8996::Lock` (socs/msm8996.yaml via
/// `socs/common/qce-lock-pipe6.yaml`): cryptobam v1.7.0 at 0x644000, EE 0, controlled
/// remotely; crypto rx pipe 6, tx pipe 7; **merge** placement, dummy **read** of VERSION.
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
}

/// msm8996's crypto lock target with **wrap** placement and a **read** dummy: the setup
/// msm8996 shipped with before the hardware matrix (issue 14) moved it to merge, and the Linux
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
