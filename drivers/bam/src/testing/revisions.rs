//! BAM revisions and lock targets for tests.
//!
//! The revisions (`V1_3_0`, `V1_4_0`, `V1_7_0`) are generated from `socs/blocks/bam/` into
//! `revisions/bundled.rs` and checked in, so the driver's tests run on the catalogue's own
//! numbers while the driver does not depend on the generator; `codegen/tests/checked_in.rs`
//! fails when that file is stale. The lock targets are written by hand: stand-ins for the
//! generated `qcom_socs::<soc>::Lock` (cross-checked against them) and hypothetical setups the
//! catalogue has no SoC for.

use socgen_runtime::CeAddr;
use socgen_runtime::bam::{
    AddressMode, DummyAccess, DummyElement, LockTarget, LockTargetSpec, Placement, UnlockWith,
};

pub use bundled::*;

/// The revisions, as the generator writes them (rustfmt would reflow them and make the file
/// differ from the generator's output).
#[rustfmt::skip]
mod bundled;

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
