//! Property tests over random transactions, FIFO sizes, partial hardware progress and resets.

use proptest::prelude::*;
use qcom_socs::blocks::bam::v1_7_0::Layout;
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_bam::{Error, Pipe, Ticket, Transaction};
use socgen_runtime::bam::LockTargetSpec;

#[derive(Debug, Clone)]
enum Seg {
    Cmds(u32),
    Data(u32),
}

#[derive(Debug, Clone)]
enum Step {
    Submit(Vec<Seg>),
    Progress(usize),
    Reset,
}

fn seg() -> impl Strategy<Value = Seg> {
    prop_oneof![
        (1u32..40).prop_map(Seg::Cmds),
        (1u32..70_000).prop_map(Seg::Data)
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec(seg(), 1..5).prop_map(Step::Submit),
        4 => (0usize..6).prop_map(Step::Progress),
        1 => Just(Step::Reset),
    ]
}

fn run<T: LockTargetSpec<Revision = Layout>>(
    slots: usize,
    steps: &[Step],
) -> Result<(), TestCaseError> {
    let bam = FakeBam::<Layout>::new(T::TARGET.pipe);
    let fifo = DmaBuf::new(slots * 8, 0x1000_0000);
    let scratch = DmaBuf::new(64, 0x2000_0000);
    let mut pipe: Pipe<Layout, &FakeBam<Layout>, &DmaBuf, 8> =
        Pipe::new_locked::<T>(&bam, &fifo, &scratch).expect("pipe");
    let mut submitted: Vec<Ticket> = Vec::new();
    let mut finished: Vec<Ticket> = Vec::new();
    for s in steps {
        match s {
            Step::Submit(segs) => {
                let mut t: Transaction<4> = Transaction::new();
                for (i, sg) in segs.iter().take(4).enumerate() {
                    let bus = 0x4000_0000 + (i as u32) * 0x10_0000;
                    match sg {
                        Seg::Cmds(n) => t.commands(bus, *n).map(|_| ()).expect("ok"),
                        Seg::Data(n) => t.data(bus, *n).map(|_| ()).expect("ok"),
                    }
                }
                let free = pipe.free_slots();
                let before = fifo.bytes();
                match pipe.submit(&t) {
                    Ok(ticket) => submitted.push(ticket),
                    Err(Error::FifoFull { needed, free: f }) => {
                        prop_assert_eq!(f, free);
                        prop_assert!(needed > free);
                        prop_assert_eq!(fifo.bytes(), before, "a refused submit writes nothing");
                    }
                    Err(Error::TooManyPending) => prop_assert_eq!(fifo.bytes(), before),
                    Err(e) => prop_assert!(false, "unexpected {:?}", e),
                }
                // The FIFO never overruns: used slots stay below the ring.
                prop_assert!(pipe.free_slots() < slots as u32);
            }
            Step::Progress(n) => {
                bam.process(&fifo, *n);
                pipe.poll(|t| finished.push(t));
            }
            Step::Reset => {
                pipe.reset(|t, e| {
                    assert_eq!(e, Error::Reset);
                    finished.push(t);
                });
                prop_assert!(
                    !bam.observed.borrow().locked,
                    "after any reset the pipe is unlocked"
                );
            }
        }
    }
    bam.process(&fifo, usize::MAX);
    pipe.poll(|t| finished.push(t));
    let obs = bam.observed.borrow();
    prop_assert!(obs.violations.is_empty(), "{:?}", obs.violations);
    // Every transaction completes (or fails) exactly once, in submission order.
    prop_assert_eq!(&finished, &submitted);
    // Between two LOCKs there is exactly one UNLOCK, unless a reset dropped the lock.
    if !steps.iter().any(|s| matches!(s, Step::Reset)) {
        let mut open = false;
        for d in &obs.processed {
            if d.locks() {
                prop_assert!(!open, "LOCK before the previous UNLOCK");
                open = true;
            }
            if d.unlocks() {
                prop_assert!(open);
                open = false;
            }
            prop_assert!(d.is_command() || !(d.locks() || d.unlocks()));
        }
        prop_assert!(!open, "every LOCK has its UNLOCK");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn wrap_pipes_keep_every_invariant(slots in 4usize..40, steps in prop::collection::vec(step(), 1..40)) {
        run::<qcom_socs::msm8996::Lock>(slots, &steps)?;
    }

    #[test]
    fn merge_pipes_keep_every_invariant(slots in 4usize..40, steps in prop::collection::vec(step(), 1..40)) {
        run::<qcom_socs::sm8550::Lock>(slots, &steps)?;
    }
}
