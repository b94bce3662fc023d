//! Official AES, SHA and HMAC vectors through the QCE driver, the locked BAM driver and the
//! model, on three SoCs whose lock setups differ: sm8550 (merge, pipes 4/5), msm8996 (wrap,
//! pipes 6/7), ipq8074 (wrap, pipes 2/3), then on every other SoC with a locked crypto BAM.

mod common;

use common::{Engine, Expect, Side, drive, model, vectors};
use qcom_socs::{ipq8074, msm8996, sm8550};
use socgen_qce::{CipherMode, Direction, HashAlg};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{Event, Model, Rng};

fn run_vectors<T: LockTargetSpec>(engine: Engine) {
    let model = model::<T>(engine, false, true);
    let mut side = Side::new::<T>(&model, engine, 4096);
    let mut rng = Rng::new(1);
    let mut failures = aes_vectors(&model, &mut side, &mut rng);
    failures.extend(hash_vectors(&model, &mut side, &mut rng));
    assert!(failures.is_empty(), "{}: {failures:#?}", T::TARGET.soc);
    assert_eq!(side.qce.pending(), 0);
    assert!(
        side.reports.values().all(|&n| n == 1),
        "a request was reported twice"
    );
    assert_eq!(model.lock_holder(), None, "the lock is released");
    one_lock_and_unlock_per_request(&model, &side);
    assert_eq!(model.aborted_operations(), 0);
}

/// Every AES vector both ways, its output and its next IV: one line per failure.
fn aes_vectors<R: PipeLocking>(model: &Model<R>, side: &mut Side<R>, rng: &mut Rng) -> Vec<String> {
    let mut failures = Vec::new();
    for v in vectors::aes() {
        for (direction, input, output) in [
            (Direction::Encrypt, &v.plaintext, &v.ciphertext),
            (Direction::Decrypt, &v.ciphertext, &v.plaintext),
        ] {
            let id = side
                .cipher(model, &v.key, v.mode, direction, input)
                .unwrap();
            drive(model, rng, &mut [&mut *side]);
            let expect = Expect {
                output: output.clone(),
                digest: vec![],
            };
            if !side.correct(id, &expect) {
                failures.push(format!(
                    "{} {direction:?}: {:?}",
                    v.name,
                    side.results.get(&id)
                ));
                continue;
            }
            let next_iv = side.results[&id].as_ref().unwrap().next_iv;
            let want = match v.mode {
                CipherMode::Cbc { .. } => v.ciphertext[v.ciphertext.len() - 16..].to_vec(),
                CipherMode::Ctr { counter } => {
                    (u128::from_be_bytes(counter) + 4).to_be_bytes().to_vec()
                }
                CipherMode::Ecb => next_iv.to_vec(),
            };
            if next_iv.to_vec() != want {
                failures.push(format!("{} {direction:?}: next IV {next_iv:02x?}", v.name));
            }
        }
    }
    failures
}

/// Every SHA and HMAC vector: one line per failure.
fn hash_vectors<R: PipeLocking>(
    model: &Model<R>,
    side: &mut Side<R>,
    rng: &mut Rng,
) -> Vec<String> {
    let mut failures = Vec::new();
    for v in vectors::hashes() {
        // RFC 2104: a key longer than the block is hashed first, here by the engine itself.
        let key = match &v.key {
            Some(k) if k.len() > 64 => {
                let id = side.hash(model, v.alg, None, k).unwrap();
                drive(model, rng, &mut [&mut *side]);
                Some(side.results[&id].as_ref().unwrap().digest().to_vec())
            }
            other => other.clone(),
        };
        let id = side.hash(model, v.alg, key.as_deref(), &v.message).unwrap();
        drive(model, rng, &mut [&mut *side]);
        let expect = Expect {
            output: vec![],
            digest: v.digest.clone(),
        };
        if !side.correct(id, &expect) {
            failures.push(format!("{}: {:?}", v.name, side.results.get(&id)));
        }
    }
    failures
}

/// The model's events: one LOCK per request, each with its UNLOCK, no violation or error.
fn one_lock_and_unlock_per_request<R: PipeLocking>(model: &Model<R>, side: &Side<R>) {
    let events = model.events();
    let locks = events
        .iter()
        .filter(|e| matches!(e, Event::Locked { .. }))
        .count();
    let unlocks = events
        .iter()
        .filter(|e| matches!(e, Event::Unlocked { .. }))
        .count();
    assert_eq!(locks, side.submitted(), "one LOCK per request");
    assert_eq!(unlocks, locks, "every LOCK has its UNLOCK");
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Violation(_) | Event::Error { .. }))
    );
}

#[test]
fn sm8550_vectors() {
    run_vectors::<sm8550::Lock>(engine!(sm8550));
}

#[test]
fn msm8996_vectors() {
    run_vectors::<msm8996::Lock>(engine!(msm8996));
}

#[test]
fn ipq8074_vectors() {
    run_vectors::<ipq8074::Lock>(engine!(ipq8074));
}

/// The same vectors on every other SoC whose crypto engine sits behind a locked BAM, one test
/// each; the list is `socgen_tests::setups::SOCS` (which `hardware_matrix.rs` holds to the
/// catalogue) less the three above.
macro_rules! vectors_on_every_locked_soc {
    ($($soc:ident),* $(,)?) => {
        mod every_locked_soc {
            use super::*;
            $(
                #[test]
                fn $soc() {
                    run_vectors::<qcom_socs::$soc::Lock>(engine!($soc));
                }
            )*
        }

        #[test]
        fn every_locked_soc_runs_the_vectors() {
            let mut ran = vec!["ipq8074", "msm8996", "sm8550", $(stringify!($soc)),*];
            ran.sort_unstable();
            assert_eq!(ran, socgen_tests::setups::SOCS);
        }
    };
}

vectors_on_every_locked_soc!(
    ipq4019, ipq5018, ipq6018, ipq9574, qcm2290, qcs8300, sa8155p, sa8775p, sc7280, sdm845, sm4250,
    sm6115, sm6150, sm6350, sm7225, sm8150, sm8250, sm8350, sm8450, sm8650, sm8750, x1e80100,
    x1p42100,
);

#[test]
fn sha_with_every_length_around_the_block_size() {
    // Lengths that end inside, at and past a 64-byte block and across a descriptor boundary.
    let engine = engine!(sm8550);
    let model = model::<sm8550::Lock>(engine, false, true);
    let mut side = Side::new::<sm8550::Lock>(&model, engine, 4096);
    let mut rng = Rng::new(7);
    for len in [1usize, 55, 56, 63, 64, 65, 119, 128, 32_760, 32_761, 70_000] {
        let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let id = side
            .hash(&model, HashAlg::Sha256, Some(b"key"), &data)
            .unwrap();
        drive(&model, &mut rng, &mut [&mut side]);
        let want = socgen_sim::digest(socgen_sim::HashAlg::Sha256, Some(b"key"), &data);
        let expect = Expect {
            output: vec![],
            digest: want,
        };
        assert!(
            side.correct(id, &expect),
            "length {len}: {:?}",
            side.results.get(&id)
        );
    }
}
