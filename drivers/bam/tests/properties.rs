//! Property tests: random transactions, FIFO sizes, partial hardware progress and resets, on
//! wrap, merge and unlocked pipes, against the fake BAM (which checks the lock rules, FIFO
//! overruns and stale memory as it processes).

use proptest::prelude::*;
use socgen_bam::descriptor::{FLAG_ADDR_35_32, FLAG_IMME};
use socgen_bam::testing::{DmaBuf, FakeBam, Msm8996WrapLock, Processed, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{
    Descriptor, Direction, DmaRegion, Error, Pipe, SCRATCH_BYTES, Ticket, Transaction,
};
use socgen_runtime::CommandElement;

const FIFO_BUS: u32 = 0x1000_0000;
const SCRATCH_BUS: u32 = 0x2000_0000;
const CMDS_BUS: u32 = 0x3000_0000;
/// Command elements placed in DMA memory (blocks are taken from its start).
const CMDS: u32 = 2100;

#[derive(Debug, Clone, Copy)]
enum Seg {
    Commands(u32),
    Data(u32),
}

#[derive(Debug, Clone)]
enum Step {
    Submit(Vec<Seg>),
    /// The hardware processes up to this many descriptors.
    Run(usize),
    Poll,
    Reset,
}

#[derive(Debug, Clone, Copy)]
enum Policy {
    Wrap,
    Merge,
    Unlocked,
}

fn seg() -> impl Strategy<Value = Seg> {
    prop_oneof![
        6 => (1u32..40).prop_map(Seg::Commands),
        1 => (2040u32..CMDS).prop_map(Seg::Commands), // split over two descriptors
        6 => (1u32..4096).prop_map(Seg::Data),
        1 => (32_000u32..70_000).prop_map(Seg::Data), // split
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => prop::collection::vec(seg(), 1..5).prop_map(Step::Submit),
        4 => (0usize..8).prop_map(Step::Run),
        2 => Just(Step::Poll),
        1 => Just(Step::Reset),
    ]
}

fn transaction(segs: &[Seg]) -> Transaction<4> {
    let mut t = Transaction::new();
    for (i, s) in segs.iter().take(4).enumerate() {
        match *s {
            Seg::Commands(n) => t.commands(CMDS_BUS, n).map(|_| ()),
            Seg::Data(n) => t.data(0x4000_0000 + i as u32 * 0x10_0000, n).map(|_| ()),
        }
        .expect("valid segment");
    }
    t
}

/// Locks seen in the processed stream of one "epoch" (between two resets).
#[derive(Debug, Default, Clone, Copy)]
struct Epoch {
    accepted: usize,
    locks: usize,
}

/// What a run has seen: the tickets submitted and finished, and its epochs with where each
/// starts in the processed stream.
#[derive(Debug)]
struct Record {
    submitted: Vec<Ticket>,
    finished: Vec<Ticket>,
    completed_since_reset: usize,
    epochs: Vec<Epoch>,
    epoch_starts: Vec<usize>,
}

type TestPipe<'a, M> = Pipe<V1_7_0, &'a FakeBam<V1_7_0>, M, 6>;

fn run(policy: Policy, slots: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(slots * 8, FIFO_BUS);
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let cmds = bam.dma(CMDS as usize * 16, CMDS_BUS);
    let element = CommandElement::write(socgen_runtime::CeAddr::new(0x3a100).expect("24"), 1);
    for i in 0..CMDS as usize {
        cmds.cpu_write(i * 16, &element.to_bytes());
    }
    cmds.write_and_clean(0, &cmds.cpu_bytes());
    let mut pipe: TestPipe<'_, _> = match policy {
        Policy::Wrap => Pipe::new_locked::<Msm8996WrapLock>(&bam, &fifo, &scratch),
        Policy::Merge => Pipe::new_locked::<Sm8550CryptoLock>(&bam, &fifo, &scratch),
        Policy::Unlocked => Pipe::new(&bam, 4, 0, Direction::MemToDev, &fifo),
    }
    .expect("pipe");
    let hw_pipe = pipe.pipe();
    let locked = !matches!(policy, Policy::Unlocked);
    let mut record = Record {
        submitted: Vec::new(),
        finished: Vec::new(),
        completed_since_reset: 0,
        epochs: vec![Epoch::default()],
        epoch_starts: vec![0],
    };
    for s in steps {
        match s {
            Step::Submit(segs) => submit(&bam, &fifo, &mut pipe, locked, segs, &mut record)?,
            Step::Run(n) => {
                bam.run(hw_pipe, *n);
            }
            Step::Poll => poll(&bam, &mut pipe, locked, &mut record)?,
            Step::Reset => reset(&bam, &fifo, &mut pipe, locked, &mut record)?,
        }
    }
    // Drain: everything accepted since the last reset completes.
    bam.run(hw_pipe, usize::MAX);
    pipe.poll(|t| record.finished.push(t))
        .expect("valid position");

    let log = bam.log();
    prop_assert!(log.violations.is_empty(), "{:?}", log.violations);
    // Every ticket completes or fails exactly once, in submission order.
    prop_assert_eq!(&record.finished, &record.submitted);
    prop_assert_eq!(pipe.pending(), 0);
    record.epoch_starts.push(log.processed.len());
    check_lock_structure(&log.processed, &mut record, locked)?;
    prop_assert_eq!(bam.lock_owner(), None);
    Ok(())
}

/// A submit is accepted only with room, and a refused one names why and writes nothing.
fn submit<M: DmaRegion>(
    bam: &FakeBam<V1_7_0>,
    fifo: &DmaBuf,
    pipe: &mut TestPipe<'_, M>,
    locked: bool,
    segs: &[Seg],
    record: &mut Record,
) -> Result<(), TestCaseError> {
    let t = transaction(segs);
    let needed = pipe.chain(&t).total();
    let (free, capacity, pending) = (pipe.free_slots(), pipe.capacity(), pipe.pending());
    let fifo_before = fifo.cpu_bytes();
    let doorbells = bam.log().doorbells;
    match pipe.submit(&t) {
        Ok(ticket) => {
            prop_assert!(needed <= free, "accepted without room");
            record.submitted.push(ticket);
            record.epochs.last_mut().expect("epoch").accepted += 1;
        }
        Err(e) => {
            match e {
                Error::ChainTooLong {
                    needed: n,
                    capacity: c,
                } => {
                    prop_assert_eq!((n, c), (needed, capacity));
                    prop_assert!(needed > capacity);
                }
                Error::FifoFull { needed: n, free: f } => {
                    prop_assert_eq!((n, f), (needed, free));
                    prop_assert!(needed > free && needed <= capacity);
                }
                Error::TooManyPending => prop_assert_eq!(pending, 6),
                // A reset's lone UNLOCK is still in the FIFO.
                Error::Recovering => prop_assert!(locked && pipe.recovering()),
                other => prop_assert!(false, "unexpected {:?}", other),
            }
            prop_assert_eq!(fifo.cpu_bytes(), fifo_before, "a refused submit wrote");
            prop_assert_eq!(bam.log().doorbells, doorbells, "a refused submit rang");
        }
    }
    // The FIFO never holds more than its capacity.
    prop_assert!(pipe.in_flight() <= pipe.capacity());
    Ok(())
}

/// On a locked pipe a ticket completes only once its UNLOCK has been processed.
fn poll<M: DmaRegion>(
    bam: &FakeBam<V1_7_0>,
    pipe: &mut TestPipe<'_, M>,
    locked: bool,
    record: &mut Record,
) -> Result<(), TestCaseError> {
    let before = record.finished.len();
    pipe.poll(|t| record.finished.push(t))
        .expect("valid position");
    record.completed_since_reset += record.finished.len() - before;
    if locked {
        let start = *record.epoch_starts.last().expect("epoch");
        let unlocks = bam.log().processed[start..]
            .iter()
            .filter(|p| p.descriptor.unlocks())
            .count();
        prop_assert!(record.completed_since_reset <= unlocks);
    }
    Ok(())
}

/// After a reset nothing is pending, the lock is free and the FIFO scrubbed but for a
/// locking pipe's lone UNLOCK; a new epoch starts.
fn reset<M: DmaRegion>(
    bam: &FakeBam<V1_7_0>,
    fifo: &DmaBuf,
    pipe: &mut TestPipe<'_, M>,
    locked: bool,
    record: &mut Record,
) -> Result<(), TestCaseError> {
    pipe.reset(|t, e| {
        assert_eq!(e, Error::Reset);
        record.finished.push(t);
    });
    prop_assert_eq!(
        bam.lock_owner(),
        None,
        "after any reset the pipe is unlocked"
    );
    prop_assert_eq!(pipe.pending(), 0);
    // Scrubbed, but for a locking pipe's lone UNLOCK in slot 0 (for a BAM whose P_RST would
    // keep the lock).
    let lone = usize::from(locked);
    prop_assert_eq!(pipe.in_flight(), lone as u32);
    prop_assert_eq!(bam.in_flight(pipe.pipe()), lone);
    let bytes = fifo.device_bytes();
    prop_assert!(bytes[lone * 8..].iter().all(|&b| b == 0), "FIFO scrubbed");
    if locked {
        let d = Descriptor::from_bytes(bytes[..8].try_into().expect("8 bytes"));
        prop_assert!(d.is_command() && d.unlocks() && !d.locks());
    }
    record.completed_since_reset = 0;
    record.epochs.push(Epoch::default());
    record.epoch_starts.push(bam.log().processed.len());
    Ok(())
}

/// Lock structure, epoch by epoch (a reset may cut a locked transaction short): lock flags
/// only on command descriptors, never both on one, LOCK and UNLOCK alternating, and on a
/// locked pipe one LOCK per accepted transaction once drained.
fn check_lock_structure(
    processed: &[Processed],
    record: &mut Record,
    locked: bool,
) -> Result<(), TestCaseError> {
    let epochs = &mut record.epochs;
    for (e, window) in record.epoch_starts.windows(2).enumerate() {
        let mut open = false;
        for (i, p) in processed[window[0]..window[1]].iter().enumerate() {
            // A locking pipe's reset sends one UNLOCK first, whatever the lock state.
            let recovery = locked && e > 0 && i == 0;
            let d = p.descriptor;
            prop_assert!(
                d.is_command() || !(d.locks() || d.unlocks()),
                "lock flag on data"
            );
            prop_assert!(
                !(d.locks() && d.unlocks()),
                "LOCK and UNLOCK on one descriptor"
            );
            // Never IMME, never bus-address bits 35..32: socgen's bus addresses are 32-bit.
            prop_assert_eq!(d.flags() & (FLAG_IMME | FLAG_ADDR_35_32), 0);
            if d.locks() {
                prop_assert!(!open, "a LOCK before the previous UNLOCK");
                open = true;
                epochs[e].locks += 1;
            }
            if d.unlocks() {
                prop_assert!(open || recovery, "an UNLOCK without a LOCK");
                open = false;
            }
        }
        let last = e + 1 == epochs.len();
        if locked {
            // A retried submit never adds a LOCK: at most one per accepted transaction, and
            // exactly one each once drained.
            prop_assert!(epochs[e].locks <= epochs[e].accepted);
            if last {
                prop_assert_eq!(epochs[e].locks, epochs[e].accepted);
                prop_assert!(!open, "drained, yet a LOCK without its UNLOCK");
            }
        } else {
            prop_assert_eq!(epochs[e].locks, 0);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn wrap_pipes_keep_every_invariant(slots in 2usize..48, steps in prop::collection::vec(step(), 1..40)) {
        run(Policy::Wrap, slots, &steps)?;
    }

    #[test]
    fn merge_pipes_keep_every_invariant(slots in 2usize..48, steps in prop::collection::vec(step(), 1..40)) {
        run(Policy::Merge, slots, &steps)?;
    }

    #[test]
    fn unlocked_pipes_keep_every_invariant(slots in 2usize..48, steps in prop::collection::vec(step(), 1..40)) {
        run(Policy::Unlocked, slots, &steps)?;
    }
}
