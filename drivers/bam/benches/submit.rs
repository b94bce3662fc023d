//! Submit + complete per transaction, for 1, 4 and 16-descriptor transactions, unlocked vs
//! wrap (msm8996-like target, read dummies) vs merge (sm8550-like target, UNLOCK dummies writing
//! CONFIG as the bundled SoCs do), against a register window whose
//! hardware completes instantly, so the numbers are the driver's own cost. Also prints the
//! descriptors and FIFO bytes the lock adds per transaction.
//!
//! `cargo bench -p socgen-bam` (with `CARGO_TARGET_DIR` set as the README says).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use socgen_bam::testing::{DmaBuf, InstantBam, Msm8996WrapLock, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{Direction, LockPlan, Pipe, SCRATCH_BYTES, Transaction};
use std::hint::black_box;
use std::time::Duration;

/// `descriptors` descriptors: a command block first, data, and with `trailing_commands` a
/// final command block (the shape merge serves without any extra descriptor).
fn transaction(descriptors: u32, trailing_commands: bool) -> Transaction<16> {
    let mut t = Transaction::new();
    t.commands(0x3000_0000, 8).expect("commands");
    let data = if trailing_commands && descriptors > 1 {
        descriptors - 2
    } else {
        descriptors - 1
    };
    for i in 0..data {
        t.data(0x4000_0000 + i * 0x1000, 512).expect("data");
    }
    if trailing_commands && descriptors > 1 {
        t.commands(0x3000_0100, 1).expect("commands");
    }
    t
}

type BenchPipe<'a> = Pipe<V1_7_0, &'a InstantBam<V1_7_0>, &'a DmaBuf>;

fn pipe<'a>(
    policy: &str,
    bam: &'a InstantBam<V1_7_0>,
    fifo: &'a DmaBuf,
    scratch: &'a DmaBuf,
) -> BenchPipe<'a> {
    match policy {
        "wrap" => Pipe::new_locked::<Msm8996WrapLock>(bam, fifo, scratch),
        "merge" => Pipe::new_locked::<Sm8550CryptoLock>(bam, fifo, scratch),
        _ => Pipe::new(bam, 3, 0, Direction::MemToDev, fifo),
    }
    .expect("pipe")
}

fn pipe_number(policy: &str) -> u32 {
    match policy {
        "wrap" => 6,
        "merge" => 4,
        _ => 3,
    }
}

fn bench(c: &mut Criterion) {
    let fifo = DmaBuf::coherent(32 * 1024, 0x1000_0000);
    let scratch = DmaBuf::coherent(SCRATCH_BYTES, 0x2000_0000);

    println!("lock cost per transaction (descriptors, FIFO bytes):");
    for descriptors in [1u32, 4, 16] {
        for trailing in [false, true] {
            let t = transaction(descriptors, trailing);
            let shape = if trailing {
                "cmd..data..cmd"
            } else {
                "cmd..data"
            };
            let mut line = format!("  {descriptors:>2} descriptors, {shape:<14}");
            for policy in ["unlocked", "wrap", "merge"] {
                let bam = InstantBam::<V1_7_0>::new(pipe_number(policy));
                let p = pipe(policy, &bam, &fifo, &scratch);
                let extra = p.chain(&t).extra();
                if policy != "unlocked" {
                    assert!(matches!(p.plan(), LockPlan::Locked { .. }));
                }
                line.push_str(&format!("  {policy}: +{extra} (+{} B)", extra * 8));
            }
            println!("{line}");
        }
    }

    let mut group = c.benchmark_group("submit+complete");
    for descriptors in [1u32, 4, 16] {
        let t = transaction(descriptors, false);
        for policy in ["unlocked", "wrap", "merge"] {
            let bam = InstantBam::<V1_7_0>::new(pipe_number(policy));
            let mut p = pipe(policy, &bam, &fifo, &scratch);
            group.bench_with_input(BenchmarkId::new(policy, descriptors), &t, |b, t| {
                b.iter(|| {
                    let ticket = p.submit(black_box(t)).expect("room");
                    let mut done = None;
                    p.poll(|t| done = Some(t)).expect("valid position");
                    assert_eq!(done, Some(ticket));
                })
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = bench
}
criterion_main!(benches);
