//! ns per submit + complete for 1, 4 and 16-descriptor transactions: unlocked vs wrap (msm8996)
//! vs merge (sm8550), against the fake BAM; also extra descriptors and bytes per transaction.
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use qcom_socs::blocks::bam::v1_7_0::Layout;
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_bam::{Direction, LockPlan, Pipe, Transaction, chain_len};
use socgen_runtime::bam::{LockTargetSpec, Placement};

fn txn(descs: u32) -> Transaction<16> {
    // A realistic shape: commands first, then data.
    let mut t = Transaction::new();
    t.commands(0x8000_0000, 8).ok();
    for i in 1..descs {
        t.data(0x9000_0000 + i * 0x1000, 512).ok();
    }
    t
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("submit+complete");
    for descs in [1u32, 4, 16] {
        let t = txn(descs);
        for (name, plan) in [
            ("unlocked", LockPlan::None),
            (
                "wrap",
                LockPlan::Locked {
                    ce_bus: 0x100,
                    placement: Placement::Wrap,
                },
            ),
            (
                "merge",
                LockPlan::Locked {
                    ce_bus: 0x100,
                    placement: Placement::Merge,
                },
            ),
        ] {
            let extra = chain_len(t.segments(), plan) - chain_len(t.segments(), LockPlan::None);
            println!(
                "{name:>8} {descs:>2} descriptors: {extra} extra descriptor(s), {} extra bytes",
                extra * 8
            );
            let fifo = DmaBuf::new(32 * 1024, 0x1000_0000);
            let scratch = DmaBuf::new(64, 0x2000_0000);
            let pipe_no = if matches!(
                plan,
                LockPlan::Locked {
                    placement: Placement::Wrap,
                    ..
                }
            ) {
                6
            } else {
                4
            };
            let bam = FakeBam::<Layout>::new(pipe_no);
            let mut pipe: Pipe<Layout, &FakeBam<Layout>, &DmaBuf> = match plan {
                LockPlan::None => Pipe::new(&bam, 4, 0, Direction::MemToDev, &fifo).expect("pipe"),
                LockPlan::Locked {
                    placement: Placement::Wrap,
                    ..
                } => Pipe::new_locked::<qcom_socs::msm8996::Lock>(&bam, &fifo, &scratch)
                    .expect("pipe"),
                LockPlan::Locked { .. } => {
                    Pipe::new_locked::<qcom_socs::sm8550::Lock>(&bam, &fifo, &scratch)
                        .expect("pipe")
                }
            };
            assert_eq!(
                pipe.pipe(),
                <qcom_socs::sm8550::Lock as LockTargetSpec>::TARGET
                    .pipe
                    .max(pipe_no)
                    .min(pipe_no)
            );
            group.bench_with_input(BenchmarkId::new(name, descs), &t, |b, t| {
                b.iter(|| {
                    pipe.submit(t).expect("room");
                    bam.process(&fifo, usize::MAX);
                    pipe.poll(|_| {});
                    bam.observed.borrow_mut().processed.clear();
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
