//! The hand-written stand-ins in `socgen_bam::testing` (which let the driver's own tests run
//! without the generator) must say exactly what the generated code says: every register
//! location and lock-target field. A drifted stand-in would make those tests prove
//! nothing about the real targets.

use qcom_socs::blocks::bam::{v1_3_0, v1_4_0, v1_7_0};
use socgen_bam::testing::{
    Msm8996CryptoLock, Msm8996WrapLock, Sm8550CryptoLock, V1_3_0, V1_4_0, V1_7_0,
};
use socgen_runtime::bam::{BamRevision, LockTargetSpec, RegLoc};

/// Register locations by name, and (revision, locking, pipe limit).
type Layout = (Vec<(&'static str, RegLoc)>, (&'static str, bool, u32));

fn layout<R: BamRevision>() -> Layout {
    let locs = vec![
        ("CTRL", R::CTRL),
        ("REVISION", R::REVISION_REG),
        ("NUM_PIPES", R::NUM_PIPES),
        ("DESC_CNT_TRSHLD", R::DESC_CNT_TRSHLD),
        ("IRQ_SRCS", R::IRQ_SRCS),
        ("IRQ_SRCS_MSK", R::IRQ_SRCS_MSK),
        ("IRQ_STTS", R::IRQ_STTS),
        ("IRQ_CLR", R::IRQ_CLR),
        ("IRQ_EN", R::IRQ_EN),
        ("CNFG_BITS", R::CNFG_BITS),
        ("IRQ_SRCS_EE", R::IRQ_SRCS_EE),
        ("IRQ_SRCS_MSK_EE", R::IRQ_SRCS_MSK_EE),
        ("P_CTRL", R::P_CTRL),
        ("P_RST", R::P_RST),
        ("P_HALT", R::P_HALT),
        ("P_IRQ_STTS", R::P_IRQ_STTS),
        ("P_IRQ_CLR", R::P_IRQ_CLR),
        ("P_IRQ_EN", R::P_IRQ_EN),
        ("P_EVNT_REG", R::P_EVNT_REG),
        ("P_SW_OFSTS", R::P_SW_OFSTS),
        ("P_DESC_FIFO_ADDR", R::P_DESC_FIFO_ADDR),
        ("P_FIFO_SIZES", R::P_FIFO_SIZES),
    ];
    (locs, (R::REVISION, R::PIPE_LOCKING, R::MAX_PIPES))
}

#[test]
fn revision_stand_ins_match_the_generated_layouts() {
    assert_eq!(layout::<V1_3_0>(), layout::<v1_3_0::Layout>());
    assert_eq!(layout::<V1_4_0>(), layout::<v1_4_0::Layout>());
    assert_eq!(layout::<V1_7_0>(), layout::<v1_7_0::Layout>());
}

#[test]
fn lock_target_stand_ins_match_the_generated_targets() {
    assert_eq!(Sm8550CryptoLock::TARGET, qcom_socs::sm8550::Lock::TARGET);
    assert_eq!(Msm8996CryptoLock::TARGET, qcom_socs::msm8996::Lock::TARGET);
    assert_eq!(Sm8550CryptoLock::UNLOCK, qcom_socs::sm8550::Lock::UNLOCK);
    assert_eq!(Msm8996CryptoLock::UNLOCK, qcom_socs::msm8996::Lock::UNLOCK);
    // The wrap stand-in is msm8996's target with the placement it had before the hardware
    // matrix moved it to merge.
    assert_eq!(
        Msm8996WrapLock::TARGET,
        socgen_runtime::bam::LockTarget {
            placement: socgen_runtime::bam::Placement::Wrap,
            ..qcom_socs::msm8996::Lock::TARGET
        }
    );
}
