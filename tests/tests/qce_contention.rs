//! Two execution environments share the crypto engine: Linux (the SoC's lock target) and the
//! secure side (EE 1, the next pipe pair), each with its own keys. Over 10,000 seeded
//! interleavings with locking every result on both sides is right, and so over 2,000 where
//! the two sides run different algorithms each (XTS, CCM and authenc next to CBC, CTR and the
//! HMACs, `common::contention::interleaving_mixed`); with a BAM that ignores
//! the lock flags, wrong results appear, so this test does see the race; so do they when both
//! sides leave their pipes in lock group 0 (the lock then excludes nothing); and the CPU path
//! to the engine's registers faults while the other side holds the lock.

mod common;

use common::contention::{Outcome, TZ_KEY, expect_cipher};
use common::{Engine, Secure, Side, Ungrouped, config, drive, model, with_side};
use qcom_socs::blocks::qce::v5::offsets;
use qcom_socs::sm8550;
use socgen_qce::{CipherMode, Direction, RequestId};
use socgen_runtime::Io;
use socgen_runtime::bam::LockTargetSpec;
use socgen_sim::{AesMode, Event, MODEL_VERSION, Model, Rng};

type Linux = sm8550::Lock;
type Tz = Secure<sm8550::Lock>;
type R = <Linux as LockTargetSpec>::Revision;

const ENGINE: Engine = engine!(sm8550);

/// One interleaving of Linux and the secure side on sm8550 (see `common::contention`); with
/// locking, the invariants must hold whatever the results.
fn interleaving(seed: u64, locking: bool) -> (usize, Model<R>) {
    let Outcome {
        wrong,
        broken,
        model,
        ..
    } = common::contention::interleaving::<Linux, Tz>(
        ENGINE,
        model::<Linux>(ENGINE, true, locking),
        seed,
    );
    if locking {
        assert_eq!(broken, None, "seed {seed}");
    }
    (wrong, model)
}

#[test]
fn with_locking_every_interleaving_is_correct() {
    let mut interleavings = std::collections::HashSet::new();
    for seed in 0..10_000 {
        let (wrong, model) = interleaving(seed, true);
        assert_eq!(wrong, 0, "seed {seed}: {wrong} wrong results with locking");
        // The order in which pipes were served: distinct orders show the seeds really vary it.
        let order: Vec<u32> = model
            .events()
            .iter()
            .filter_map(|e| match e {
                Event::Descriptor { pipe, .. } => Some(*pipe),
                _ => None,
            })
            .collect();
        interleavings.insert(order);
    }
    assert!(
        interleavings.len() > 1000,
        "only {} distinct interleavings",
        interleavings.len()
    );
}

/// Different algorithms on each side, one after another at seeded moments: XTS, CCM (one side
/// checking a tag, the other making one) and authenc (likewise) between the CBC/CTR ciphers
/// and the HMACs. Each request rewrites every register its algorithm reads, so none picks up
/// the other side's keys, nonces or configuration.
#[test]
fn with_locking_different_algorithms_interleave_correctly() {
    let mut interleavings = std::collections::HashSet::new();
    for seed in 0..2_000 {
        let outcome = common::contention::interleaving_mixed::<Linux, Tz>(
            ENGINE,
            model::<Linux>(ENGINE, true, true),
            seed,
        );
        assert_eq!(outcome.broken, None, "seed {seed}");
        assert_eq!(outcome.wrong, 0, "seed {seed}: wrong results with locking");
        let order: Vec<u32> = outcome
            .model
            .events()
            .iter()
            .filter_map(|e| match e {
                Event::Descriptor { pipe, .. } => Some(*pipe),
                _ => None,
            })
            .collect();
        interleavings.insert(order);
    }
    assert!(
        interleavings.len() > 500,
        "only {} distinct interleavings",
        interleavings.len()
    );
}

#[test]
fn without_locking_different_algorithms_race() {
    let mut wrong_runs = 0;
    for seed in 0..200 {
        let outcome = common::contention::interleaving_mixed::<Linux, Tz>(
            ENGINE,
            model::<Linux>(ENGINE, true, false),
            seed,
        );
        if outcome.wrong > 0 {
            wrong_runs += 1;
        }
    }
    assert!(
        wrong_runs > 20,
        "only {wrong_runs} of 200 unlocked mixed runs went wrong"
    );
}

#[test]
fn without_locking_the_race_shows() {
    let mut wrong_runs = 0;
    let mut aborted = 0;
    for seed in 0..300 {
        let (wrong, model) = interleaving(seed, false);
        if wrong > 0 {
            wrong_runs += 1;
        }
        aborted += model.aborted_operations();
    }
    assert!(
        wrong_runs > 30,
        "only {wrong_runs} of 300 unlocked runs went wrong"
    );
    assert!(aborted > 0, "no GO ever replaced another side's operation");
}

#[test]
fn each_side_programs_its_pipe_pairs_lock_group() {
    let model = model::<Linux>(ENGINE, true, true);
    let _linux = Side::new::<Linux>(&model, ENGINE, 4096);
    let _tz = Side::new::<Tz>(&model, ENGINE, 4096);
    // sm8550's crypto pipes 4/5 are pair 2, the secure side's 6/7 pair 3 (qce50's
    // `lock_group = pipe_pair_index`).
    assert_eq!(Linux::TARGET.lock_group, 2);
    assert_eq!(Tz::TARGET.lock_group, 3);
    for (pipe, group) in [(4, 2), (5, 2), (6, 3), (7, 3)] {
        assert_eq!(model.lock_group(pipe), group, "pipe {pipe}");
    }
}

/// Both sides' pipes left in lock group 0: each side's LOCK is honoured, but a lock excludes
/// only other groups, so it excludes nothing and the race is back.
#[test]
fn unprogrammed_lock_groups_let_the_race_through() {
    type Linux0 = Ungrouped<Linux>;
    type Tz0 = Ungrouped<Tz>;
    let mut wrong_runs = 0;
    let mut aborted = 0;
    let mut shared = 0;
    for seed in 0..300 {
        let config = with_side::<Tz0>(config::<Linux0>(ENGINE));
        let outcome =
            common::contention::interleaving::<Linux0, Tz0>(ENGINE, Model::new(config), seed);
        let model = &outcome.model;
        assert_eq!(model.lock_group(Linux::TARGET.pipe), 0);
        assert_eq!(model.lock_group(Tz::TARGET.pipe), 0);
        if outcome.wrong > 0 {
            wrong_runs += 1;
        }
        aborted += model.aborted_operations();
        // Both sides held the lock at once: the second LOCK was not held back.
        let mut holding = std::collections::BTreeSet::new();
        for event in model.events() {
            match event {
                Event::Locked { pipe } => {
                    holding.insert(pipe);
                    if holding.len() > 1 {
                        shared += 1;
                    }
                }
                Event::Unlocked { pipe, .. } => {
                    holding.remove(&pipe);
                }
                _ => {}
            }
        }
    }
    assert!(
        wrong_runs > 30,
        "only {wrong_runs} of 300 runs with unprogrammed groups went wrong"
    );
    assert!(aborted > 0, "no GO ever replaced another side's operation");
    assert!(shared > 0, "the two sides never held the lock together");
}

#[test]
fn cpu_register_access_faults_while_the_other_side_holds_the_lock() {
    let model = model::<Linux>(ENGINE, true, true);
    let mut tz = Side::new::<Tz>(&model, ENGINE, 4096);
    let cpu = model.qce_cpu(0);
    assert_eq!(
        cpu.read32(offsets::VERSION),
        MODEL_VERSION,
        "unlocked: the CPU reads"
    );
    tz.cipher(
        &model,
        &TZ_KEY,
        CipherMode::Ecb,
        Direction::Encrypt,
        &[0; 64],
    )
    .unwrap();
    let mut rng = Rng::new(3);
    while model.lock_holder().is_none() {
        assert!(model.step(&mut rng), "the secure side never took the lock");
    }
    assert_eq!(model.lock_holder(), Some(Tz::TARGET.pipe));
    assert_eq!(cpu.read32(offsets::VERSION), 0, "the access is aborted");
    cpu.write32(offsets::ENCR_SEG_CFG, 0);
    let faults: Vec<_> = model
        .events()
        .into_iter()
        .filter(|e| matches!(e, Event::CpuFault { ee: 0, .. }))
        .collect();
    assert_eq!(faults.len(), 2, "{faults:?}");
    // The secure side's own CPU is not locked out, and its request is unharmed.
    assert_eq!(model.qce_cpu(1).read32(offsets::VERSION), MODEL_VERSION);
    drive(&model, &mut rng, &mut [&mut tz]);
    let expect = expect_cipher(&TZ_KEY, AesMode::Ecb, &[0; 64]);
    assert!(tz.correct(RequestId(0), &expect));
    assert_eq!(
        cpu.read32(offsets::VERSION),
        MODEL_VERSION,
        "after UNLOCK the CPU reads again"
    );
}
