//! End to end: the read command element's third word per BAM revision.
//!
//! Before upstream 867621ba2030 ("dma: qcom: bam_dma: Fix command element mask field for BAM
//! v1.6.0+") read elements carried `0xffff_ffff` in their third word. From BAM v1.6.0 on that
//! word's bits 3..0 are destination bits 35..32 (bits 31..4 reserved), so the value went to
//! `0xf_xxxx_xxxx`; below v1.6.0 the word is ignored. Every bundled crypto SoC has a BAM
//! v1.7.0; on a setup whose dummies are reads (the bundled ones now unlock with a write of
//! `CONFIG`, so [`ReadDummies`] puts them back on the read dummy) the pre-fix element must fail
//! every locked transaction there (error interrupt, the request fails with a descriptor error)
//! and work on a 32-bit-format revision; the fixed element (third word 0) must work everywhere.
//! The pre-fix bytes are patched into the driver's lock scratch region after set-up: the
//! runtime can no longer build them.

mod common;

use common::{Engine, Expect, Side, drive, irq_status, model};
use qcom_socs::blocks::bam::v1_4_0::Layout as V1_4;
use qcom_socs::{msm8996, sm8550};
use socgen_bam::{DmaRegion, SCRATCH_READ_WORD_OFFSET};
use socgen_qce::{CipherMode, Direction, Error, RequestId};
use socgen_runtime::bam::{
    BamRevision, DummyAccess, LockTarget, LockTargetSpec, PipeLocking, Placement, UnlockWith,
};
use socgen_sim::{AesMode, DescriptorError, Event, Model, Rng, irq, read_back};
use std::marker::PhantomData;

const KEY: [u8; 16] = *b"0123456789abcdef";
const DATA: [u8; 64] = [0x3c; 64];

/// Target `T` on a BAM v1.4.0, whose read elements have 32-bit destinations: hypothetical (no
/// bundled crypto SoC has one), same pipes, EE, scratchpad and address mode.
struct OnV1_4<T>(PhantomData<T>);

impl<T: LockTargetSpec> LockTargetSpec for OnV1_4<T> {
    type Revision = V1_4;
    const TARGET: LockTarget = T::TARGET;
    const UNLOCK: UnlockWith = T::UNLOCK;
}

/// Target `T` with read dummies carrying UNLOCK (`WRAP`: LOCK too), whatever its own
/// `unlock:` says.
struct ReadDummies<T, const WRAP: bool>(PhantomData<T>);

impl<T: LockTargetSpec, const WRAP: bool> LockTargetSpec for ReadDummies<T, WRAP> {
    type Revision = T::Revision;
    const TARGET: LockTarget = LockTarget {
        placement: if WRAP {
            Placement::Wrap
        } else {
            Placement::Merge
        },
        dummy: DummyAccess::Read,
        ..T::TARGET
    };
    const UNLOCK: UnlockWith = UnlockWith::LockDummy;
}

/// sm8550 with merge: the read dummy carries UNLOCK after the data.
type Sm8550Reads = ReadDummies<sm8550::Lock, false>;
/// msm8996 with wrap: the read dummy carries LOCK first, then UNLOCK.
type Msm8996Reads = ReadDummies<msm8996::Lock, true>;

/// What one locked AES request did with the lock dummy's third word set to `word2` (`None`:
/// as the driver built it).
struct Run<R: PipeLocking> {
    model: Model<R>,
    side: Side<R>,
    id: RequestId,
    /// The pipe's error and `P_IRQ_STTS` when it stopped, before the driver reset it.
    stopped: Option<(DescriptorError, u32)>,
}

fn run<T: LockTargetSpec>(engine: Engine, word2: Option<u32>) -> Run<T::Revision> {
    let model = model::<T>(engine, false, true);
    let mut side = Side::new::<T>(&model, engine, 4096);
    // The driver's lock dummy: a read of the scratchpad, third word 0 (the fixed encoding).
    let element = read_back(&side.scratch, 0, 16);
    assert_eq!(element[3], 1, "a read element");
    assert_eq!(element[8..], [0; 8], "third and fourth words 0");
    if let Some(word2) = word2 {
        side.scratch.write_and_clean(8, &word2.to_le_bytes());
    }
    let id = side
        .cipher(&model, &KEY, CipherMode::Ecb, Direction::Encrypt, &DATA)
        .unwrap();
    let (pipe, ee) = (T::TARGET.pipe, T::TARGET.ee);
    let mut rng = Rng::new(3);
    let mut stopped = None;
    while model.step(&mut rng) {
        if let Some(error) = model.pipe_error(pipe) {
            stopped = Some((error, irq_status(&model, ee, pipe)));
            break;
        }
    }
    drive(&model, &mut rng, &mut [&mut side]);
    Run {
        model,
        side,
        id,
        stopped,
    }
}

fn expected() -> Expect {
    let mut output = DATA.to_vec();
    socgen_sim::aes(&KEY, AesMode::Ecb, true, &[0; 16], &mut output).unwrap();
    Expect {
        output,
        digest: vec![],
    }
}

/// Where the driver's read dummy stores the scratchpad value.
fn read_word<R: PipeLocking>(side: &Side<R>) -> u64 {
    u64::from(side.scratch.bus_addr()) + SCRATCH_READ_WORD_OFFSET as u64
}

fn register_reads<R: BamRevision>(model: &Model<R>) -> Vec<u64> {
    model
        .events()
        .iter()
        .filter_map(|e| match e {
            Event::RegisterRead { destination, .. } => Some(*destination),
            _ => None,
        })
        .collect()
}

/// The request failed with a descriptor error after the error interrupt, and the lock the
/// failed pipe may have held went with the driver's reset.
fn failed<R: PipeLocking>(run: &Run<R>, error: DescriptorError) {
    let (stopped, status) = run.stopped.expect("the pipe stopped");
    assert_eq!(stopped, error);
    assert_ne!(status & irq::ERR, 0, "P_IRQ_STTS.ERR");
    assert_eq!(run.side.results.get(&run.id), Some(&Err(Error::Descriptor)));
    assert_eq!(run.side.qce.pending(), 0);
    assert_eq!(run.model.lock_holder(), None);
    assert!(register_reads(&run.model).is_empty(), "no read completed");
}

/// The request produced the right ciphertext and every read dummy stored below 4 GiB, at
/// the driver's read word.
fn passed<R: PipeLocking>(run: &Run<R>) {
    assert_eq!(run.stopped, None);
    assert!(
        run.side.correct(run.id, &expected()),
        "{:?}",
        run.side.results.get(&run.id)
    );
    let reads = register_reads(&run.model);
    assert!(!reads.is_empty(), "the lock dummy is a read");
    assert!(
        reads.iter().all(|&d| d == read_word(&run.side)),
        "{reads:x?}"
    );
    assert_eq!(run.model.lock_holder(), None);
}

#[test]
fn the_pre_fix_read_element_fails_on_bam_v1_7() {
    assert_eq!(
        <sm8550::Lock as LockTargetSpec>::Revision::COMMAND_ELEMENT.read_destination_bits(),
        36
    );
    let sm8550 = run::<Sm8550Reads>(engine!(sm8550), Some(u32::MAX));
    failed(&sm8550, DescriptorError::ReservedReadBits(u32::MAX));
    let msm8996 = run::<Msm8996Reads>(engine!(msm8996), Some(u32::MAX));
    failed(&msm8996, DescriptorError::ReservedReadBits(u32::MAX));

    // Without the reserved bits, what upstream saw on IPQ5424: the value goes to 0xf_xxxx_xxxx,
    // which is not memory.
    let nibble = run::<Sm8550Reads>(engine!(sm8550), Some(0xf));
    let beyond = 0xf_0000_0000 | read_word(&nibble.side);
    failed(&nibble, DescriptorError::ReadDestinationNotInMemory(beyond));
}

#[test]
fn the_same_bytes_work_on_a_32_bit_read_element_revision() {
    assert_eq!(V1_4::COMMAND_ELEMENT.read_destination_bits(), 32);
    passed(&run::<OnV1_4<Sm8550Reads>>(engine!(sm8550), Some(u32::MAX)));
    passed(&run::<OnV1_4<Msm8996Reads>>(
        engine!(msm8996),
        Some(u32::MAX),
    ));
}

#[test]
fn the_fixed_read_element_passes_on_both() {
    passed(&run::<Sm8550Reads>(engine!(sm8550), None));
    passed(&run::<Msm8996Reads>(engine!(msm8996), None));
    passed(&run::<OnV1_4<Sm8550Reads>>(engine!(sm8550), None));
}
