//! Two execution environments sharing the engine, each with its own keys: one seeded
//! interleaving of a cipher request and an HMAC per side. Used by `qce_contention` (sm8550)
//! and `qce_unaligned` (the test SoC whose wrapper is not 256 KiB aligned).

use super::{Engine, Expect, Side, drive};
use socgen_model::{AesMode, HashAlg as ModelHash, Model, Rng};
use socgen_qce::{CipherMode, Direction, HashAlg, RequestId};
use socgen_runtime::bam::LockTargetSpec;

pub const LINUX_KEY: [u8; 16] = *b"linux-aes128-key";
pub const TZ_KEY: [u8; 32] = *b"trustzone-aes-256-key-0123456789";
pub const IV: [u8; 16] = [7; 16];
/// A full 64-byte HMAC key on the secure side and a short one on Linux: if a request left any
/// key register from an earlier one in place, Linux's MAC would pick up the secure side's bytes.
pub const TZ_MAC_KEY: &[u8; 64] =
    b"secure-world-hmac-key-that-fills-all-sixteen-key-registers-01234";

pub fn message(seed: u64, side: u8) -> Vec<u8> {
    (0..64)
        .map(|i| (seed as u8).wrapping_mul(31) ^ side ^ i)
        .collect()
}

pub fn expect_cipher(key: &[u8], mode: AesMode, data: &[u8]) -> Expect {
    let mut out = data.to_vec();
    socgen_model::aes(key, mode, true, &IV, &mut out).unwrap();
    Expect {
        output: out,
        digest: vec![],
    }
}

/// What one interleaving left behind.
pub struct Outcome<R: socgen_runtime::bam::PipeLocking> {
    /// How many of the four results were wrong or missing.
    pub wrong: usize,
    /// How many of them were reported as errors (a subset of `wrong`).
    pub failed: usize,
    /// How many of them were reported as done with a wrong output or digest (a subset of
    /// `wrong`; the rest were never reported).
    pub corrupt: usize,
    /// The first broken invariant (a request reported twice or lost, the lock left held).
    pub broken: Option<String>,
    pub model: Model<R>,
}

/// One interleaving on `model` (which must have the pipes of `L` and `S`): Linux (`L`) and the
/// secure side (`S`) each submit a cipher request and an HMAC, the second one at a seeded
/// moment, and the model runs in seeded bursts.
pub fn interleaving<L, S>(
    engine: Engine,
    model: Model<L::Revision>,
    seed: u64,
) -> Outcome<L::Revision>
where
    L: LockTargetSpec,
    S: LockTargetSpec<Revision = L::Revision>,
{
    let mut linux = Side::new::<L>(&model, engine, 4096);
    let mut tz = Side::new::<S>(&model, engine, 4096);
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
    let reported = |ok: bool| {
        expected
            .iter()
            .filter(|(is_linux, id, expect)| {
                let side = if *is_linux { &linux } else { &tz };
                match side.results.get(id) {
                    Some(Ok(_)) => ok && !side.correct(*id, expect),
                    Some(Err(_)) => !ok,
                    None => false,
                }
            })
            .count()
    };
    let (failed, corrupt) = (reported(false), reported(true));
    let mut broken = None;
    for side in [&linux, &tz] {
        if side.reports.values().any(|&n| n != 1) {
            broken.get_or_insert_with(|| format!("EE {}: a request reported twice", side.ee));
        }
        if side.qce.pending() != 0 {
            broken.get_or_insert_with(|| format!("EE {}: a request was lost", side.ee));
        }
    }
    if let Some(holder) = model.lock_holder() {
        broken.get_or_insert_with(|| format!("the lock is left held by pipe {holder}"));
    }
    Outcome {
        wrong,
        failed,
        corrupt,
        broken,
        model,
    }
}
