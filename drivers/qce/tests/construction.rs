//! What `Qce::new` refuses, so that nothing it accepts can fail later for the same reason:
//! a pipe pair `CONFIG.PIPE_SET_SELECT` cannot hold (which used to appear at the first submit)
//! and a work region whose slots would run past the 32-bit bus space (whose command addresses
//! the submit path would otherwise have to wrap).

use socgen_bam::SCRATCH_BYTES;
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_qce::{Error, HashAlg, HashRequest, Qce, SLOT_BYTES};
use socgen_runtime::bam::{LockTarget, LockTargetSpec};

type Sm8550 = qcom_socs::sm8550::Lock;
type Revision = <Sm8550 as LockTargetSpec>::Revision;

/// sm8550's lock target moved to rx pipe 32 (tx 33): pair 16, one past `PIPE_SET_SELECT`.
struct Pair16;

impl LockTargetSpec for Pair16 {
    type Revision = Revision;
    const TARGET: LockTarget = LockTarget {
        pipe: 32,
        tx_pipe: Some(33),
        ..Sm8550::TARGET
    };
}

/// Builds the driver for `T` with one work slot at bus address `work_bus`.
fn build<T: LockTargetSpec<Revision = Revision>>(
    work_bus: u32,
) -> Result<Qce<Revision, &'static FakeBam<Revision>, DmaBuf, 1>, Error> {
    // Leaked so the driver may borrow the fake for the whole test.
    let bam: &'static FakeBam<Revision> = Box::leak(Box::new(FakeBam::new(T::TARGET.ee)));
    Qce::new::<T>(
        bam,
        qcom_socs::sm8550::crypto::COMMANDS,
        bam.dma(4096, 0x1000_0000),
        bam.dma(4096, 0x1100_0000),
        bam.dma(SCRATCH_BYTES, 0x2000_0000),
        bam.dma(SLOT_BYTES, work_bus),
    )
}

#[test]
fn a_pipe_pair_config_cannot_select_is_refused_at_construction() {
    // Before the pipes are set up: the error names the engine's limit, not a BAM pipe.
    assert_eq!(
        build::<Pair16>(0x2100_0000).err(),
        Some(Error::BadPipePair { pipe_pair: 16 })
    );
}

#[test]
fn a_valid_target_still_builds_and_submits() {
    // The control for the test above: the same setup with sm8550's own pipes works end to end.
    let mut qce = build::<Sm8550>(0x2100_0000).expect("driver");
    let request = HashRequest {
        alg: HashAlg::Sha256,
        hmac_key: None,
        src: 0x4000_0000,
        len: 64,
    };
    assert!(qce.submit_hash(&request).is_ok());
}

#[test]
fn a_work_region_running_past_the_bus_space_is_refused() {
    // 64-byte aligned, but its one slot would end past 2^32: the command elements of a request
    // would have no address.
    let top = u32::MAX - 63;
    assert_eq!(build::<Sm8550>(top).err(), Some(Error::BadWorkRegion));
    // The last slot that fits still does.
    let last = u32::MAX - (SLOT_BYTES as u32 - 1);
    assert!(build::<Sm8550>(last & !63).is_ok());
}
