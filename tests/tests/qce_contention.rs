//! Two execution environments share the crypto engine: Linux (the SoC's lock target) and the
//! secure side (EE 1, the next pipe pair), each with its own keys. Over 10,000 seeded
//! interleavings with locking every result on both sides is right; with a BAM that ignores
//! the lock flags, wrong results appear, so this test does see the race; and the CPU path to
//! the engine's registers faults while the other side holds the lock.

mod common;

use common::{Engine, Expect, Secure, Side, drive, model};
use qcom_socs::blocks::qce::v5::offsets;
use qcom_socs::sm8550;
use socgen_model::{AesMode, Event, HashAlg as ModelHash, MODEL_VERSION, Model, Rng};
use socgen_qce::{CipherMode, Direction, HashAlg, RequestId};
use socgen_runtime::Io;
use socgen_runtime::bam::LockTargetSpec;

type Linux = sm8550::Lock;
type Tz = Secure<sm8550::Lock>;
type R = <Linux as LockTargetSpec>::Revision;

const ENGINE: Engine = engine!(sm8550);

const LINUX_KEY: [u8; 16] = *b"linux-aes128-key";
const TZ_KEY: [u8; 32] = *b"trustzone-aes-256-key-0123456789";
const IV: [u8; 16] = [7; 16];
/// A full 64-byte HMAC key on the secure side and a short one on Linux: if a request left any
/// key register from an earlier one in place, Linux's MAC would pick up the secure side's bytes.
const TZ_MAC_KEY: &[u8; 64] = b"secure-world-hmac-key-that-fills-all-sixteen-key-registers-01234";

fn message(seed: u64, side: u8) -> Vec<u8> {
    (0..64)
        .map(|i| (seed as u8).wrapping_mul(31) ^ side ^ i)
        .collect()
}

fn expect_cipher(key: &[u8], mode: AesMode, data: &[u8]) -> Expect {
    let mut out = data.to_vec();
    socgen_model::aes(key, mode, true, &IV, &mut out).unwrap();
    Expect {
        output: out,
        digest: vec![],
    }
}

/// One interleaving: each side submits a cipher request and an HMAC, the second one at a
/// seeded moment, and the model runs in seeded bursts. Returns how many of the four results
/// were wrong (or missing).
fn interleaving(seed: u64, locking: bool) -> (usize, Model<R>) {
    let model = model::<Linux>(ENGINE, true, locking);
    let mut linux = Side::new::<Linux>(&model, ENGINE, 4096);
    let mut tz = Side::new::<Tz>(&model, ENGINE, 4096);
    let mut rng = Rng::new(seed);
    let (m_linux, m_tz) = (message(seed, 1), message(seed, 2));
    let mut expected: Vec<(bool, RequestId, Expect)> = Vec::new();

    let cbc = CipherMode::Cbc { iv: IV };
    let ctr = CipherMode::Ctr { counter: IV };
    let id = linux
        .cipher(&model, &LINUX_KEY, cbc, Direction::Encrypt, &m_linux)
        .unwrap();
    expected.push((true, id, expect_cipher(&LINUX_KEY, AesMode::Cbc, &m_linux)));
    let id = tz
        .cipher(&model, &TZ_KEY, ctr, Direction::Encrypt, &m_tz)
        .unwrap();
    expected.push((false, id, expect_cipher(&TZ_KEY, AesMode::Ctr, &m_tz)));
    let steps = rng.below(12);
    model.run(&mut rng, steps);
    let id = tz
        .hash(&model, HashAlg::Sha256, Some(TZ_MAC_KEY), &m_tz)
        .unwrap();
    let digest = socgen_model::digest(ModelHash::Sha256, Some(TZ_MAC_KEY), &m_tz);
    expected.push((
        false,
        id,
        Expect {
            output: vec![],
            digest,
        },
    ));
    let steps = rng.below(12);
    model.run(&mut rng, steps);
    let id = linux
        .hash(&model, HashAlg::Sha1, Some(b"linux-mac"), &m_linux)
        .unwrap();
    let digest = socgen_model::digest(ModelHash::Sha1, Some(b"linux-mac"), &m_linux);
    expected.push((
        true,
        id,
        Expect {
            output: vec![],
            digest,
        },
    ));

    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    let wrong = expected
        .iter()
        .filter(|(is_linux, id, expect)| {
            let side = if *is_linux { &linux } else { &tz };
            !side.correct(*id, expect)
        })
        .count();
    if locking {
        for side in [&linux, &tz] {
            assert!(
                side.reports.values().all(|&n| n == 1),
                "seed {seed}: reported twice"
            );
            assert_eq!(side.qce.pending(), 0, "seed {seed}: a request was lost");
        }
        assert_eq!(model.lock_holder(), None, "seed {seed}: lock left held");
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
