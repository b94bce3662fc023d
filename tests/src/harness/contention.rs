//! Two execution environments sharing the engine, each with its own keys: one seeded
//! interleaving of a cipher request and an HMAC per side. Used by `qce_contention` (sm8550)
//! and `qce_unaligned` (the test SoC whose wrapper is not 256 KiB aligned).

use super::{Engine, Expect, SLOTS, Side, drive};
use socgen_qce::{
    AeadDirection, AesKey, AuthencCipher, CcmNonce, CipherMode, DesKey, Direction, Error, HashAlg,
    RequestId,
};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{AesMode, DesMode as ModelDes, HashAlg as ModelHash, Model, Rng};

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
    socgen_sim::aes(key, mode, true, &IV, &mut out).unwrap();
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
    let digest = socgen_sim::digest(ModelHash::Sha256, Some(TZ_MAC_KEY), &m_tz);
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
    let digest = socgen_sim::digest(ModelHash::Sha1, Some(b"linux-mac"), &m_linux);
    expected.push((
        true,
        id,
        Expect {
            output: vec![],
            digest,
        },
    ));

    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    outcome(&linux, &tz, &expected, model)
}

/// Counts what went wrong in one interleaving: `expected` holds (is Linux, request, result).
fn outcome<R: PipeLocking>(
    linux: &Side<R>,
    tz: &Side<R>,
    expected: &[(bool, RequestId, Expect)],
    model: Model<R>,
) -> Outcome<R> {
    let wrong = expected
        .iter()
        .filter(|(is_linux, id, expect)| {
            let side = if *is_linux { linux } else { tz };
            !side.correct(*id, expect)
        })
        .count();
    let reported = |ok: bool| {
        expected
            .iter()
            .filter(|(is_linux, id, expect)| {
                let side = if *is_linux { linux } else { tz };
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
    for side in [linux, tz] {
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

pub const LINUX_XTS_KEY: [u8; 32] = *b"linux-xts-data-keylinux-xts-twk!";
pub const TZ_XTS_KEY: [u8; 64] =
    *b"trustzone-xts-256-data-key-01234trustzone-xts-256-tweak-key-5678";
pub const TZ_DES3_KEY: [u8; 24] = *b"tz-3des-key-k1k2k3-24by!";
pub const CCM_AAD: &[u8] = b"header";
pub const ESP_AAD: [u8; 8] = *b"spi+seq!";

/// What a side's `i`-th request of the mixed run is: a submission and its expected result.
type Step<'a, R> = (
    bool,
    Box<dyn FnOnce(&mut Side<R>, &Model<R>) -> Result<RequestId, Error> + 'a>,
    Expect,
);

/// Polls `side` while the model moves until one of its request slots is free (at most 1,000
/// steps: without locking a lost operation can keep a slot forever).
fn make_room<R: PipeLocking>(side: &mut Side<R>, model: &Model<R>, rng: &mut Rng) {
    for _ in 0..1000 {
        if side.qce.pending() < SLOTS {
            return;
        }
        let moved = model.run(rng, 1);
        let reported = side.poll();
        if moved == 0 && reported == 0 {
            return;
        }
    }
}

/// One interleaving of different algorithms on each side, on `model` (which must have the
/// pipes of `L` and `S`): Linux runs AES-CBC, HMAC-SHA1, AES-128-XTS, AES-128-CCM (decrypting,
/// tag checked) and authenc(hmac(sha256), cbc(aes)) (decrypting); the secure side AES-CTR,
/// HMAC-SHA256, AES-256-XTS (decrypting), RFC 4309 AES-256-CCM and authenc(hmac(sha1),
/// cbc(des3_ede)). Each submission goes in at a seeded moment; a side whose four request
/// slots are taken polls first, as a driver's user would.
pub fn interleaving_mixed<L, S>(
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
    let inputs = MixedInputs::new(seed);
    let refs = MixedReferences::compute(&inputs);
    let mut steps = block_cipher_steps(&inputs, &refs);
    steps.extend(mac_and_ccm_steps(&inputs, &refs));
    steps.extend(authenc_steps(&inputs, &refs));
    let (expected, refused) = submit_steps(steps, &mut linux, &mut tz, &model, &mut rng);
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    let mut out = outcome(&linux, &tz, &expected, model);
    out.wrong += refused;
    out.failed += refused;
    out
}

/// The seeded inputs of the mixed run, shared by its submissions and their references.
struct MixedInputs {
    m_linux: Vec<u8>,
    m_tz: Vec<u8>,
    tweak: [u8; 16],
    nonce: [u8; 12],
    salt: [u8; 3],
    esp_iv: [u8; 8],
    des_iv: [u8; 8],
    linux_mac: HmacKeyBytes,
    tz_mac: HmacKeyBytes,
}

impl MixedInputs {
    fn new(seed: u64) -> Self {
        MixedInputs {
            m_linux: message(seed, 1),
            m_tz: message(seed, 2),
            tweak: [seed as u8; 16],
            nonce: [seed as u8 ^ 0x5a; 12],
            salt: [1, 2, 3],
            esp_iv: seed.to_be_bytes(),
            des_iv: [3u8; 8],
            linux_mac: HmacKeyBytes(b"linux-authenc-hmac-key"),
            tz_mac: HmacKeyBytes(b"tz-authenc-hmac-sha1-key"),
        }
    }
}

/// The ciphertexts and tags of the mixed run, from the RustCrypto wrappers of socgen-sim: the
/// expected outputs of the encrypting requests and the inputs of the decrypting ones.
struct MixedReferences {
    xts_linux: Vec<u8>,
    xts_tz_cipher: Vec<u8>,
    ccm_linux_cipher: Vec<u8>,
    ccm_linux_tag: Vec<u8>,
    ccm_tz: Vec<u8>,
    ccm_tz_tag: Vec<u8>,
    authenc_linux_cipher: Vec<u8>,
    authenc_linux_tag: Vec<u8>,
    authenc_tz: Vec<u8>,
    authenc_tz_tag: Vec<u8>,
}

impl MixedReferences {
    fn compute(inputs: &MixedInputs) -> Self {
        let MixedInputs {
            m_linux,
            m_tz,
            tweak,
            nonce,
            salt,
            esp_iv,
            des_iv,
            linux_mac,
            tz_mac,
        } = inputs;
        let mut xts_linux = m_linux.clone();
        socgen_sim::aes_xts(&LINUX_XTS_KEY, true, tweak, &mut xts_linux).unwrap();
        let mut xts_tz_cipher = m_tz.clone();
        socgen_sim::aes_xts(&TZ_XTS_KEY, true, tweak, &mut xts_tz_cipher).unwrap();
        let mut ccm_linux_cipher = m_linux.clone();
        let ccm_linux_tag =
            socgen_sim::aes_ccm_encrypt(&LINUX_KEY, nonce, CCM_AAD, 16, &mut ccm_linux_cipher)
                .unwrap();
        let mut tz_nonce = salt.to_vec();
        tz_nonce.extend_from_slice(esp_iv);
        let mut ccm_tz = m_tz.clone();
        let ccm_tz_tag =
            socgen_sim::aes_ccm_encrypt(&TZ_KEY, &tz_nonce, &ESP_AAD, 12, &mut ccm_tz).unwrap();
        let mut authenc_linux_cipher = m_linux.clone();
        socgen_sim::aes(
            &LINUX_KEY,
            AesMode::Cbc,
            true,
            &IV,
            &mut authenc_linux_cipher,
        )
        .unwrap();
        let mut mac_input = CCM_AAD.to_vec();
        mac_input.extend_from_slice(&authenc_linux_cipher);
        let authenc_linux_tag =
            socgen_sim::digest(ModelHash::Sha256, Some(linux_mac.0), &mac_input);
        let mut authenc_tz = m_tz.clone();
        socgen_sim::des(&TZ_DES3_KEY, ModelDes::Cbc, true, des_iv, &mut authenc_tz).unwrap();
        let mut mac_input = ESP_AAD.to_vec();
        mac_input.extend_from_slice(&authenc_tz);
        let mut authenc_tz_tag = socgen_sim::digest(ModelHash::Sha1, Some(tz_mac.0), &mac_input);
        authenc_tz_tag.truncate(12);
        MixedReferences {
            xts_linux,
            xts_tz_cipher,
            ccm_linux_cipher,
            ccm_linux_tag,
            ccm_tz,
            ccm_tz_tag,
            authenc_linux_cipher,
            authenc_linux_tag,
            authenc_tz,
            authenc_tz_tag,
        }
    }
}

fn expect(output: &[u8], digest: &[u8]) -> Expect {
    Expect {
        output: output.to_vec(),
        digest: digest.to_vec(),
    }
}

/// The first four submissions of the mixed run: AES-CBC, AES-CTR and the two XTS requests.
fn block_cipher_steps<'a, R: PipeLocking + 'a>(
    inputs: &'a MixedInputs,
    refs: &'a MixedReferences,
) -> Vec<Step<'a, R>> {
    let (m_l, m_t, tweak) = (&inputs.m_linux, &inputs.m_tz, inputs.tweak);
    let xts_tz_cipher = &refs.xts_tz_cipher;
    let cbc = CipherMode::Cbc { iv: IV };
    let ctr = CipherMode::Ctr { counter: IV };
    vec![
        (
            true,
            Box::new(move |s, m| s.cipher(m, &LINUX_KEY, cbc, Direction::Encrypt, m_l)),
            expect_cipher(&LINUX_KEY, AesMode::Cbc, m_l),
        ),
        (
            false,
            Box::new(move |s, m| s.cipher(m, &TZ_KEY, ctr, Direction::Encrypt, m_t)),
            expect_cipher(&TZ_KEY, AesMode::Ctr, m_t),
        ),
        (
            false,
            Box::new(move |s, m| s.xts(m, &TZ_XTS_KEY, tweak, Direction::Decrypt, xts_tz_cipher)),
            expect(m_t, &[]),
        ),
        (
            true,
            Box::new(move |s, m| s.xts(m, &LINUX_XTS_KEY, tweak, Direction::Encrypt, m_l)),
            expect(&refs.xts_linux, &[]),
        ),
    ]
}

/// The next four: the secure side's HMAC, both CCM requests, Linux's HMAC.
fn mac_and_ccm_steps<'a, R: PipeLocking + 'a>(
    inputs: &'a MixedInputs,
    refs: &'a MixedReferences,
) -> Vec<Step<'a, R>> {
    let (m_l, m_t) = (&inputs.m_linux, &inputs.m_tz);
    let (nonce, salt, esp_iv) = (&inputs.nonce, inputs.salt, inputs.esp_iv);
    vec![
        (
            false,
            Box::new(move |s, m| s.hash(m, HashAlg::Sha256, Some(TZ_MAC_KEY), m_t)),
            expect(
                &[],
                &socgen_sim::digest(ModelHash::Sha256, Some(TZ_MAC_KEY), m_t),
            ),
        ),
        (
            true,
            Box::new(move |s, m| {
                let tag = AeadDirection::Decrypt {
                    tag: &refs.ccm_linux_tag,
                };
                s.ccm(
                    m,
                    &LINUX_KEY,
                    CcmNonce::Nonce(nonce),
                    CCM_AAD,
                    tag,
                    &refs.ccm_linux_cipher,
                )
            }),
            expect(m_l, &[]),
        ),
        (
            false,
            Box::new(move |s, m| {
                let rfc4309 = CcmNonce::Rfc4309 { salt, iv: esp_iv };
                let enc = AeadDirection::Encrypt { tag_len: 12 };
                s.ccm(m, &TZ_KEY, rfc4309, &ESP_AAD, enc, m_t)
            }),
            expect(&refs.ccm_tz, &refs.ccm_tz_tag),
        ),
        (
            true,
            Box::new(move |s, m| s.hash(m, HashAlg::Sha1, Some(b"linux-mac"), m_l)),
            expect(
                &[],
                &socgen_sim::digest(ModelHash::Sha1, Some(b"linux-mac"), m_l),
            ),
        ),
    ]
}

/// The last two: the secure side's authenc over 3DES, then Linux's over AES (decrypting).
fn authenc_steps<'a, R: PipeLocking + 'a>(
    inputs: &'a MixedInputs,
    refs: &'a MixedReferences,
) -> Vec<Step<'a, R>> {
    let (m_l, m_t, des_iv) = (&inputs.m_linux, &inputs.m_tz, inputs.des_iv);
    let (linux_mac, tz_mac) = (inputs.linux_mac, inputs.tz_mac);
    vec![
        (
            false,
            Box::new(move |s, m| {
                let suite = AuthencCipher::Des {
                    key: DesKey::TripleDes(&TZ_DES3_KEY),
                    iv: des_iv,
                };
                let enc = AeadDirection::Encrypt { tag_len: 12 };
                s.authenc(m, HashAlg::Sha1, tz_mac.0, suite, &ESP_AAD, enc, m_t)
            }),
            expect(&refs.authenc_tz, &refs.authenc_tz_tag),
        ),
        (
            true,
            Box::new(move |s, m| {
                let suite = AuthencCipher::Aes {
                    key: AesKey::Aes128(&LINUX_KEY),
                    iv: IV,
                };
                let dec = AeadDirection::Decrypt {
                    tag: &refs.authenc_linux_tag,
                };
                s.authenc(
                    m,
                    HashAlg::Sha256,
                    linux_mac.0,
                    suite,
                    CCM_AAD,
                    dec,
                    &refs.authenc_linux_cipher,
                )
            }),
            expect(m_l, &[]),
        ),
    ]
}

/// Submits `steps` in order, each on its side once that side has a free slot, with a seeded
/// run of the model after each: the requests taken (is Linux, request, result) and how many
/// submissions the driver refused.
fn submit_steps<R: PipeLocking>(
    steps: Vec<Step<'_, R>>,
    linux: &mut Side<R>,
    tz: &mut Side<R>,
    model: &Model<R>,
    rng: &mut Rng,
) -> (Vec<(bool, RequestId, Expect)>, usize) {
    let mut expected: Vec<(bool, RequestId, Expect)> = Vec::new();
    let mut refused = 0;
    for (is_linux, submit, expect) in steps {
        let side = if is_linux { &mut *linux } else { &mut *tz };
        make_room(side, model, rng);
        // A submission the driver refuses (an earlier request failed and the pipe needs its
        // user's reset, or no slot freed) is a failed request the caller sees at once: a fault,
        // not a request that never comes back.
        match submit(side, model) {
            Ok(id) => expected.push((is_linux, id, expect)),
            Err(_) => refused += 1,
        }
        let steps = rng.below(6);
        model.run(rng, steps);
    }
    (expected, refused)
}

/// An HMAC key as bytes, named so the two sides' keys are not confused.
#[derive(Clone, Copy)]
struct HmacKeyBytes(&'static [u8]);
