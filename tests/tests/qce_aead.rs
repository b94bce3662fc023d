//! The AEADs Linux's qce driver offers, through the QCE driver, the locked BAM driver and the
//! model, on three SoCs (sm8550 merge, msm8996 wrap, ipq4019 wrap with EE 1), both directions:
//! AES-CCM (`ccm(aes)`, `rfc4309(ccm(aes))`) and `authenc(hmac(sha1|sha256),
//! cbc(aes|des|des3_ede))`. References: RustCrypto `ccm`, `cbc`, `aes`, `des`, `hmac`,
//! `sha1`, `sha2` used directly, not through the model. Plus RFC 3610 and NIST SP 800-38C
//! known answers, a property test over lengths and keys, and a wrong tag failing with
//! `Error::MacMismatch` (the refusals are `qce_aead_refusals.rs`).

mod common;

use aes::cipher::{Array, BlockModeEncrypt, KeyInit, KeyIvInit};
use common::{Engine, Side, drive, hex, model};
use proptest::prelude::*;
use qcom_socs::{ipq4019, msm8996, sm8550};
use socgen_qce::{
    AAD_MAX, AeadDirection, AesKey, AuthencCipher, CcmNonce, DesKey, Error, HashAlg, RequestId,
};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{Model, Rng};

/// RustCrypto `ccm` with the tag and nonce sizes chosen at run time: (ciphertext, tag).
fn ccm_reference(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    tag_len: usize,
    pt: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    use ccm::aead::AeadInOut;
    use ccm::consts::{U4, U6, U7, U8, U9, U10, U11, U12, U13, U14, U16};
    let mut out = pt.to_vec();
    macro_rules! run {
        ($c:ty, $m:ty, $n:ty) => {{
            let c = <ccm::Ccm<$c, $m, $n>>::new_from_slice(key).unwrap();
            let tag = c
                .encrypt_inout_detached(
                    &Array::try_from(nonce).unwrap(),
                    aad,
                    out.as_mut_slice().into(),
                )
                .unwrap();
            tag.to_vec()
        }};
    }
    macro_rules! nonces {
        ($c:ty, $m:ty) => {
            match nonce.len() {
                7 => run!($c, $m, U7),
                8 => run!($c, $m, U8),
                9 => run!($c, $m, U9),
                10 => run!($c, $m, U10),
                11 => run!($c, $m, U11),
                12 => run!($c, $m, U12),
                _ => run!($c, $m, U13),
            }
        };
    }
    macro_rules! tags {
        ($c:ty) => {
            match tag_len {
                4 => nonces!($c, U4),
                6 => nonces!($c, U6),
                8 => nonces!($c, U8),
                10 => nonces!($c, U10),
                12 => nonces!($c, U12),
                14 => nonces!($c, U14),
                _ => nonces!($c, U16),
            }
        };
    }
    let tag = match key.len() {
        16 => tags!(aes::Aes128),
        _ => tags!(aes::Aes256),
    };
    (out, tag)
}

/// `authenc(hmac(hash), cbc(cipher))` from `cbc` and `hmac`: (ciphertext, tag truncated).
fn authenc_reference(
    hash: HashAlg,
    auth_key: &[u8],
    cipher_key: &[u8],
    iv: &[u8],
    aad: &[u8],
    tag_len: usize,
    pt: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    use hmac::{Hmac, Mac};
    let mut ct = pt.to_vec();
    macro_rules! cbc {
        ($c:ty, $bs:expr) => {{
            let mut m = cbc::Encryptor::<$c>::new_from_slices(cipher_key, iv).unwrap();
            for b in ct.chunks_exact_mut($bs) {
                let mut block = Array::try_from(&*b).unwrap();
                m.encrypt_block(&mut block);
                b.copy_from_slice(&block);
            }
        }};
    }
    match (iv.len(), cipher_key.len()) {
        (16, 16) => cbc!(aes::Aes128, 16),
        (16, _) => cbc!(aes::Aes256, 16),
        (_, 8) => cbc!(des::Des, 8),
        _ => cbc!(des::TdesEde3, 8),
    }
    let mut mac = match hash {
        HashAlg::Sha1 => {
            let mut m = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(auth_key).unwrap();
            m.update(aad);
            m.update(&ct);
            m.finalize().into_bytes().to_vec()
        }
        HashAlg::Sha256 => {
            let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(auth_key).unwrap();
            m.update(aad);
            m.update(&ct);
            m.finalize().into_bytes().to_vec()
        }
    };
    mac.truncate(tag_len);
    (ct, mac)
}

fn data(len: usize, seed: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 37 + seed * 11) % 253) as u8)
        .collect()
}

fn aes_key(key: &[u8]) -> AesKey<'_> {
    match key.len() {
        16 => AesKey::Aes128(key.try_into().unwrap()),
        _ => AesKey::Aes256(key.try_into().unwrap()),
    }
}

fn des_key(key: &[u8]) -> DesKey<'_> {
    match key.len() {
        8 => DesKey::Des(key.try_into().unwrap()),
        _ => DesKey::TripleDes(key.try_into().unwrap()),
    }
}

/// Drives the model and returns request `id`'s result, with its output buffer.
fn finish<R: PipeLocking>(
    model: &Model<R>,
    side: &mut Side<R>,
    rng: &mut Rng,
    id: RequestId,
) -> (Result<Vec<u8>, Error>, Vec<u8>) {
    drive(model, rng, &mut [&mut *side]);
    let output = side.output(id);
    let result = side.results[&id].map(|out| out.tag().to_vec());
    (result, output)
}

/// One CCM round trip: encrypt against the reference, then decrypt back; `what` names it.
#[allow(clippy::too_many_arguments)]
fn ccm_round_trip<R: PipeLocking>(
    model: &Model<R>,
    side: &mut Side<R>,
    rng: &mut Rng,
    key: &[u8],
    nonce: CcmNonce<'_>,
    aad: &[u8],
    tag_len: usize,
    plain: &[u8],
    what: &str,
) {
    let nonce_bytes: Vec<u8> = match nonce {
        CcmNonce::Nonce(n) => n.to_vec(),
        CcmNonce::Rfc4309 { salt, iv } => salt.iter().chain(iv.iter()).copied().collect(),
    };
    let (cipher, tag) = ccm_reference(key, &nonce_bytes, aad, tag_len, plain);
    if !plain.is_empty() {
        let id = side
            .ccm(
                model,
                key,
                nonce,
                aad,
                AeadDirection::Encrypt { tag_len },
                plain,
            )
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let (result, output) = finish(model, side, rng, id);
        assert_eq!(result.as_deref(), Ok(&tag[..]), "{what}: encrypt tag");
        assert_eq!(output, cipher, "{what}: ciphertext");
    }
    let id = side
        .ccm(
            model,
            key,
            nonce,
            aad,
            AeadDirection::Decrypt { tag: &tag },
            &cipher,
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let (result, output) = finish(model, side, rng, id);
    assert_eq!(result, Ok(vec![]), "{what}: decrypt");
    assert_eq!(output, plain, "{what}: plaintext");
}

/// One authenc round trip.
#[allow(clippy::too_many_arguments)]
fn authenc_round_trip<R: PipeLocking>(
    model: &Model<R>,
    side: &mut Side<R>,
    rng: &mut Rng,
    hash: HashAlg,
    auth_key: &[u8],
    cipher_key: &[u8],
    iv: &[u8],
    aad: &[u8],
    tag_len: usize,
    plain: &[u8],
    what: &str,
) {
    let (cipher, tag) = authenc_reference(hash, auth_key, cipher_key, iv, aad, tag_len, plain);
    let suite = || match iv.len() {
        16 => AuthencCipher::Aes {
            key: aes_key(cipher_key),
            iv: iv.try_into().unwrap(),
        },
        _ => AuthencCipher::Des {
            key: des_key(cipher_key),
            iv: iv.try_into().unwrap(),
        },
    };
    let id = side
        .authenc(
            model,
            hash,
            auth_key,
            suite(),
            aad,
            AeadDirection::Encrypt { tag_len },
            plain,
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let (result, output) = finish(model, side, rng, id);
    assert_eq!(result.as_deref(), Ok(&tag[..]), "{what}: encrypt tag");
    assert_eq!(output, cipher, "{what}: ciphertext");
    let id = side
        .authenc(
            model,
            hash,
            auth_key,
            suite(),
            aad,
            AeadDirection::Decrypt { tag: &tag },
            &cipher,
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let (result, output) = finish(model, side, rng, id);
    assert_eq!(result, Ok(vec![]), "{what}: decrypt");
    assert_eq!(output, plain, "{what}: plaintext");
}

fn run<T: LockTargetSpec>(engine: Engine)
where
    T::Revision: PipeLocking,
{
    let model = model::<T>(engine, false, true);
    let side = Side::new::<T>(&model, engine, 4096);
    let mut run = AeadRun {
        soc: T::TARGET.soc,
        model,
        side,
        rng: Rng::new(0xae),
        n: 0,
    };
    for key_len in [16usize, 32] {
        run.ccm_nonce_and_tag_lengths(key_len);
        run.rfc4309(key_len);
    }
    run.ccm_empty_payload();
    for hash in [HashAlg::Sha1, HashAlg::Sha256] {
        run.authenc_suites(hash);
    }
    run.left_clean();
}

/// One SoC's round trips on one driver and model; `n` numbers the cases so that each one's
/// data differs.
struct AeadRun<R: PipeLocking> {
    soc: &'static str,
    model: Model<R>,
    side: Side<R>,
    rng: Rng,
    n: usize,
}

impl<R: PipeLocking> AeadRun<R> {
    /// CCM with a `key_len`-byte key: short and long nonces, every RFC 3610 tag length,
    /// associated data from none to the most the driver takes, payloads from a byte to several
    /// blocks.
    fn ccm_nonce_and_tag_lengths(&mut self, key_len: usize) {
        let soc = self.soc;
        let key = data(key_len, 1);
        for (nonce_len, tag_len) in [
            (7usize, 4usize),
            (8, 6),
            (11, 8),
            (12, 10),
            (13, 12),
            (13, 14),
            (10, 16),
        ] {
            for (aad_len, len) in [
                (0usize, 1usize),
                (1, 16),
                (14, 17),
                (30, 100),
                (AAD_MAX, 1000),
            ] {
                self.n += 1;
                let n = self.n;
                let nonce = data(nonce_len, n);
                ccm_round_trip(
                    &self.model,
                    &mut self.side,
                    &mut self.rng,
                    &key,
                    CcmNonce::Nonce(&nonce),
                    &data(aad_len, n + 1),
                    tag_len,
                    &data(len, n + 2),
                    &format!(
                        "{soc} CCM key {key_len} nonce {nonce_len} tag {tag_len} aad {aad_len} len {len}"
                    ),
                );
            }
        }
    }

    /// RFC 4309 with a `key_len`-byte key: the ESP header as associated data, tags of 8, 12
    /// and 16 bytes.
    fn rfc4309(&mut self, key_len: usize) {
        let soc = self.soc;
        let key = data(key_len, 1);
        for (aad_len, tag_len) in [(8usize, 8usize), (12, 12), (8, 16)] {
            ccm_round_trip(
                &self.model,
                &mut self.side,
                &mut self.rng,
                &key,
                CcmNonce::Rfc4309 {
                    salt: [0xca, 0xfe, 0x01],
                    iv: *b"8byte-iv",
                },
                &data(aad_len, 3),
                tag_len,
                &data(333, 4),
                &format!("{soc} RFC 4309 key {key_len} aad {aad_len} tag {tag_len}"),
            );
        }
    }

    /// An empty payload decrypts on the engine (Linux sends it there too): the tag alone.
    fn ccm_empty_payload(&mut self) {
        ccm_round_trip(
            &self.model,
            &mut self.side,
            &mut self.rng,
            &[7; 16],
            CcmNonce::Nonce(&[1; 13]),
            b"header only",
            8,
            &[],
            &format!("{} CCM empty payload", self.soc),
        );
    }

    /// authenc with `hash`: every cipher, with and without associated data, full and
    /// truncated tags.
    fn authenc_suites(&mut self, hash: HashAlg) {
        let soc = self.soc;
        for (cipher_key, iv) in [
            (data(16, 5), data(16, 6)),
            (data(32, 7), data(16, 8)),
            (data(8, 9), data(8, 10)),
            (data(24, 11), data(8, 12)),
        ] {
            for (aad_len, len, tag_len) in [
                (0usize, 16usize, hash.digest_len()),
                (8, 64, 12),
                (20, 1024, 16),
                (AAD_MAX, 48, hash.digest_len()),
            ] {
                self.n += 1;
                let n = self.n;
                authenc_round_trip(
                    &self.model,
                    &mut self.side,
                    &mut self.rng,
                    hash,
                    &data(20 + n % 45, n),
                    &cipher_key,
                    &iv,
                    &data(aad_len, n + 1),
                    tag_len,
                    &data(len, n + 2),
                    &format!(
                        "{soc} authenc {hash:?} key {} aad {aad_len} len {len} tag {tag_len}",
                        cipher_key.len()
                    ),
                );
            }
        }
    }

    /// After every round trip: the lock free, each request reported once and in order, no
    /// operation aborted.
    fn left_clean(&self) {
        assert_eq!(self.model.lock_holder(), None);
        assert!(self.side.reported_once_in_order());
        assert_eq!(self.model.aborted_operations(), 0);
    }
}

#[test]
fn sm8550_ccm_and_authenc() {
    run::<sm8550::Lock>(engine!(sm8550));
}

#[test]
fn msm8996_ccm_and_authenc() {
    run::<msm8996::Lock>(engine!(msm8996));
}

#[test]
fn ipq4019_ccm_and_authenc() {
    run::<ipq4019::Lock>(engine!(ipq4019));
}

#[test]
fn rfc3610_and_sp800_38c_known_answers() {
    let engine = engine!(sm8550);
    let model = model::<sm8550::Lock>(engine, false, true);
    let mut side = Side::new::<sm8550::Lock>(&model, engine, 4096);
    let mut rng = Rng::new(9);
    // (key, nonce, aad, payload, ciphertext || tag, tag length)
    let vectors = [
        // RFC 3610 section 8, packet vector #1.
        (
            "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
            "00000003020100a0a1a2a3a4a5",
            "0001020304050607",
            "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
            "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0",
            8,
        ),
        // NIST SP 800-38C appendix C, examples 1 to 3.
        (
            "404142434445464748494a4b4c4d4e4f",
            "10111213141516",
            "0001020304050607",
            "20212223",
            "7162015b4dac255d",
            4,
        ),
        (
            "404142434445464748494a4b4c4d4e4f",
            "1011121314151617",
            "000102030405060708090a0b0c0d0e0f",
            "202122232425262728292a2b2c2d2e2f",
            "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd",
            6,
        ),
        (
            "404142434445464748494a4b4c4d4e4f",
            "101112131415161718191a1b",
            "000102030405060708090a0b0c0d0e0f10111213",
            "202122232425262728292a2b2c2d2e2f3031323334353637",
            "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951",
            8,
        ),
    ];
    for (key, nonce, aad, plain, sealed, tag_len) in vectors {
        let (key, nonce, aad, plain, sealed) =
            (hex(key), hex(nonce), hex(aad), hex(plain), hex(sealed));
        let (cipher, tag) = sealed.split_at(sealed.len() - tag_len);
        let id = side
            .ccm(
                &model,
                &key,
                CcmNonce::Nonce(&nonce),
                &aad,
                AeadDirection::Encrypt { tag_len },
                &plain,
            )
            .unwrap();
        let (result, output) = finish(&model, &mut side, &mut rng, id);
        assert_eq!(result.as_deref(), Ok(tag), "tag");
        assert_eq!(output, cipher);
        let id = side
            .ccm(
                &model,
                &key,
                CcmNonce::Nonce(&nonce),
                &aad,
                AeadDirection::Decrypt { tag },
                cipher,
            )
            .unwrap();
        let (result, output) = finish(&model, &mut side, &mut rng, id);
        assert_eq!(result, Ok(vec![]));
        assert_eq!(output, plain);
    }
}

#[test]
fn a_wrong_tag_is_a_mac_mismatch() {
    let engine = engine!(msm8996);
    let model = model::<msm8996::Lock>(engine, false, true);
    let mut side = Side::new::<msm8996::Lock>(&model, engine, 4096);
    let mut rng = Rng::new(5);
    let (key, nonce, aad, plain) = (data(16, 1), data(12, 2), data(20, 3), data(100, 4));
    let (cipher, tag) = ccm_reference(&key, &nonce, &aad, 16, &plain);
    let mut bad_tag = tag.clone();
    bad_tag[15] ^= 1;
    let mut bad_cipher = cipher.clone();
    bad_cipher[50] ^= 0x80;
    let mut bad_aad = aad.clone();
    bad_aad[0] ^= 1;
    for (what, aad, tag, cipher) in [
        ("tag", &aad, &bad_tag, &cipher),
        ("ciphertext", &aad, &tag, &bad_cipher),
        ("associated data", &bad_aad, &tag, &cipher),
    ] {
        let id = side
            .ccm(
                &model,
                &key,
                CcmNonce::Nonce(&nonce),
                aad,
                AeadDirection::Decrypt { tag },
                cipher,
            )
            .unwrap();
        let (result, _) = finish(&model, &mut side, &mut rng, id);
        assert_eq!(result, Err(Error::MacMismatch), "CCM, wrong {what}");
    }
    let (auth_key, cipher_key, iv) = (data(32, 5), data(32, 6), data(16, 7));
    let (cipher, tag) = authenc_reference(
        HashAlg::Sha256,
        &auth_key,
        &cipher_key,
        &iv,
        &aad,
        32,
        &plain[..96],
    );
    let mut bad_tag = tag.clone();
    bad_tag[0] ^= 1;
    let mut bad_cipher = cipher.clone();
    bad_cipher[95] ^= 1;
    for (what, aad, tag, cipher) in [
        ("tag", &aad, &bad_tag, &cipher),
        ("ciphertext", &aad, &tag, &bad_cipher),
        ("associated data", &bad_aad, &tag, &cipher),
    ] {
        let suite = AuthencCipher::Aes {
            key: aes_key(&cipher_key),
            iv: iv.clone().try_into().unwrap(),
        };
        let id = side
            .authenc(
                &model,
                HashAlg::Sha256,
                &auth_key,
                suite,
                aad,
                AeadDirection::Decrypt { tag },
                cipher,
            )
            .unwrap();
        let (result, _) = finish(&model, &mut side, &mut rng, id);
        assert_eq!(result, Err(Error::MacMismatch), "authenc, wrong {what}");
    }
    // The driver still works, and the lock is released after each failure.
    assert_eq!(model.lock_holder(), None);
    assert!(side.reported_once_in_order());
}

/// A CCM or authenc request with random parameters.
#[derive(Debug, Clone)]
enum Case {
    Ccm {
        key256: bool,
        nonce_len: usize,
        tag_len: usize,
        aad_len: usize,
        len: usize,
        seed: u8,
    },
    Authenc {
        sha256: bool,
        cipher: usize,
        auth_key_len: usize,
        tag_len: usize,
        aad_len: usize,
        blocks: usize,
        seed: u8,
    },
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        (
            any::<bool>(),
            7usize..=13,
            2usize..=8,
            0usize..=AAD_MAX,
            1usize..600,
            any::<u8>()
        )
            .prop_map(
                |(key256, nonce_len, half_tag, aad_len, len, seed)| Case::Ccm {
                    key256,
                    nonce_len,
                    tag_len: half_tag * 2,
                    aad_len,
                    len,
                    seed
                }
            ),
        (
            any::<bool>(),
            0usize..4,
            0usize..=64,
            1usize..=20,
            0usize..=AAD_MAX,
            1usize..40,
            any::<u8>()
        )
            .prop_map(
                |(sha256, cipher, auth_key_len, tag_len, aad_len, blocks, seed)| Case::Authenc {
                    sha256,
                    cipher,
                    auth_key_len,
                    tag_len,
                    aad_len,
                    blocks,
                    seed
                }
            ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the lengths, keys, nonces and associated data, the engine's answer is
    /// RustCrypto's both ways.
    #[test]
    fn any_aead_request_round_trips(cases in prop::collection::vec(case(), 1..4)) {
        let engine = engine!(msm8996);
        let model = model::<msm8996::Lock>(engine, false, true);
        let mut side = Side::new::<msm8996::Lock>(&model, engine, 4096);
        let mut rng = Rng::new(3);
        for case in cases {
            match case {
                Case::Ccm { key256, nonce_len, tag_len, aad_len, len, seed } => {
                    let seed = usize::from(seed);
                    let key = data(if key256 { 32 } else { 16 }, seed);
                    let nonce = data(nonce_len, seed + 1);
                    ccm_round_trip(&model, &mut side, &mut rng, &key, CcmNonce::Nonce(&nonce),
                        &data(aad_len, seed + 2), tag_len, &data(len, seed + 3), &format!("{case:?}"));
                }
                Case::Authenc { sha256, cipher, auth_key_len, tag_len, aad_len, blocks, seed } => {
                    let seed = usize::from(seed);
                    let hash = if sha256 { HashAlg::Sha256 } else { HashAlg::Sha1 };
                    let (key_len, block) = [(16, 16), (32, 16), (8, 8), (24, 8)][cipher];
                    authenc_round_trip(&model, &mut side, &mut rng, hash, &data(auth_key_len, seed),
                        &data(key_len, seed + 1), &data(block, seed + 2), &data(aad_len, seed + 3),
                        tag_len, &data(blocks * block, seed + 4), &format!("{case:?}"));
                }
            }
        }
        prop_assert_eq!(model.lock_holder(), None);
    }
}
