//! AES-XTS and DES/3DES through the QCE driver, the locked BAM driver and the model, on three
//! SoCs (sm8550 merge, msm8996 wrap, ipq4019 wrap with EE 1), both directions. References:
//! the RustCrypto `xts-mode`, `des` and `cbc` crates used directly, not through the model.
//! Plus IEEE 1619 XTS vector 1 and the classic DES known answer, and every length rule the
//! driver refuses with its typed error.

mod common;

use aes::cipher::{Array, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit};
use common::{Engine, Side, drive, hex, model};
use qcom_socs::{ipq4019, msm8996, sm8550};
use socgen_qce::{DesMode, Direction, Error};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::Rng;

fn xts_reference(key: &[u8], tweak: [u8; 16], encrypt: bool, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let half = key.len() / 2;
    macro_rules! run {
        ($c:ty) => {{
            let xts = xts_mode::Xts128::new(
                <$c>::new_from_slice(&key[..half]).unwrap(),
                <$c>::new_from_slice(&key[half..]).unwrap(),
            );
            if encrypt {
                xts.encrypt_sector(&mut out, Array(tweak));
            } else {
                xts.decrypt_sector(&mut out, Array(tweak));
            }
        }};
    }
    match key.len() {
        32 => run!(aes::Aes128),
        _ => run!(aes::Aes256),
    }
    out
}

fn des_reference(key: &[u8], mode: DesMode, encrypt: bool, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    macro_rules! run {
        ($c:ty) => {{
            match mode {
                DesMode::Ecb => {
                    let c = <$c>::new_from_slice(key).unwrap();
                    for b in out.chunks_exact_mut(8) {
                        let mut block = Array::<u8, _>::try_from(&*b).unwrap();
                        if encrypt {
                            aes::cipher::BlockCipherEncrypt::encrypt_block(&c, &mut block);
                        } else {
                            aes::cipher::BlockCipherDecrypt::decrypt_block(&c, &mut block);
                        }
                        b.copy_from_slice(&block);
                    }
                }
                DesMode::Cbc { iv } => {
                    if encrypt {
                        let mut m = cbc::Encryptor::<$c>::new_from_slices(key, &iv).unwrap();
                        for b in out.chunks_exact_mut(8) {
                            let mut block = Array::<u8, _>::try_from(&*b).unwrap();
                            m.encrypt_block(&mut block);
                            b.copy_from_slice(&block);
                        }
                    } else {
                        let mut m = cbc::Decryptor::<$c>::new_from_slices(key, &iv).unwrap();
                        for b in out.chunks_exact_mut(8) {
                            let mut block = Array::<u8, _>::try_from(&*b).unwrap();
                            m.decrypt_block(&mut block);
                            b.copy_from_slice(&block);
                        }
                    }
                }
            }
        }};
    }
    match key.len() {
        8 => run!(des::Des),
        _ => run!(des::TdesEde3),
    }
    out
}

fn data(len: usize, seed: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 37 + seed * 11) % 253) as u8)
        .collect()
}

fn run<T: LockTargetSpec>(engine: Engine)
where
    T::Revision: PipeLocking,
{
    let soc = T::TARGET.soc;
    let model = model::<T>(engine, false, true);
    let mut side = Side::new::<T>(&model, engine, 4096);
    let mut rng = Rng::new(0x3d);
    let mut check = |side: &mut Side<T::Revision>, id, want: &[u8], what: &str| {
        drive(&model, &mut rng, &mut [&mut *side]);
        assert!(
            side.results[&id].is_ok(),
            "{soc} {what}: {:?}",
            side.results[&id]
        );
        assert_eq!(side.output(id), want, "{soc} {what}");
    };
    // XTS: both key sizes, lengths from one block to several sectors.
    for key_len in [32usize, 64] {
        let key = data(key_len, 1);
        for (n, len) in [16usize, 32, 48, 496, 512, 1024, 4096]
            .into_iter()
            .enumerate()
        {
            let tweak: [u8; 16] = data(16, n + 5).try_into().unwrap();
            let plain = data(len, n);
            let cipher = xts_reference(&key, tweak, true, &plain);
            for (direction, input, output) in [
                (Direction::Encrypt, &plain, &cipher),
                (Direction::Decrypt, &cipher, &plain),
            ] {
                let id = side.xts(&model, &key, tweak, direction, input).unwrap();
                check(
                    &mut side,
                    id,
                    output,
                    &format!("XTS-{} {len} {direction:?}", key_len * 4),
                );
            }
        }
    }
    // DES and 3DES, ECB and CBC; CBC's next IV is the last ciphertext block.
    for key_len in [8usize, 24] {
        let key = data(key_len, 2);
        for mode in [
            DesMode::Ecb,
            DesMode::Cbc {
                iv: *b"\x12\x34\x56\x78\x90\xab\xcd\xef",
            },
        ] {
            for len in [8usize, 24, 256, 4096] {
                let plain = data(len, len);
                let cipher = des_reference(&key, mode, true, &plain);
                for (direction, input, output) in [
                    (Direction::Encrypt, &plain, &cipher),
                    (Direction::Decrypt, &cipher, &plain),
                ] {
                    let id = side.des(&model, &key, mode, direction, input).unwrap();
                    let what = format!("DES key {key_len} {mode:?} {len} {direction:?}");
                    check(&mut side, id, output, &what);
                    if matches!(mode, DesMode::Cbc { .. }) {
                        let next = side.results[&id].unwrap().next_iv;
                        assert_eq!(next[..8], cipher[len - 8..], "{soc} {what}: next IV");
                    }
                }
            }
        }
    }
    assert_eq!(model.lock_holder(), None);
    assert!(side.reported_once_in_order());
    assert_eq!(model.aborted_operations(), 0);
}

#[test]
fn sm8550_xts_and_des() {
    run::<sm8550::Lock>(engine!(sm8550));
}

#[test]
fn msm8996_xts_and_des() {
    run::<msm8996::Lock>(engine!(msm8996));
}

#[test]
fn ipq4019_xts_and_des() {
    run::<ipq4019::Lock>(engine!(ipq4019));
}

#[test]
fn known_answers() {
    let engine = engine!(sm8550);
    let model = model::<sm8550::Lock>(engine, false, true);
    let mut side = Side::new::<sm8550::Lock>(&model, engine, 4096);
    let mut rng = Rng::new(9);
    // IEEE 1619-2007 annex B, vector 1.
    let id = side
        .xts(&model, &[0; 32], [0; 16], Direction::Encrypt, &[0; 32])
        .unwrap();
    drive(&model, &mut rng, &mut [&mut side]);
    assert_eq!(
        side.output(id),
        hex("917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e")
    );
    // DES: "Now is the time for all " under 0123456789abcdef (FIPS 81 appendix B).
    let id = side
        .des(
            &model,
            &hex("0123456789abcdef"),
            DesMode::Ecb,
            Direction::Encrypt,
            b"Now is t",
        )
        .unwrap();
    drive(&model, &mut rng, &mut [&mut side]);
    assert_eq!(side.output(id), hex("3fa40e8a984d4815"));
}

#[test]
fn every_length_rule_is_a_typed_refusal() {
    let engine = engine!(sm8550);
    let model = model::<sm8550::Lock>(engine, false, true);
    let mut side = Side::new::<sm8550::Lock>(&model, engine, 4096);
    let key = [1u8; 32];
    for (len, error) in [
        (0usize, Error::XtsTooShort { len: 0 }),
        (15, Error::XtsTooShort { len: 15 }),
        (17, Error::XtsPartialBlock { len: 17 }),
        (520, Error::XtsPartialBlock { len: 520 }),
        (528, Error::XtsLength { len: 528 }),
        (1040, Error::XtsLength { len: 1040 }),
    ] {
        assert_eq!(
            side.xts(&model, &key, [0; 16], Direction::Encrypt, &vec![0; len]),
            Err(error),
            "XTS {len}"
        );
    }
    for (len, error) in [
        (0usize, Error::EmptyData),
        (7, Error::PartialDesBlock { len: 7 }),
        (12, Error::PartialDesBlock { len: 12 }),
    ] {
        assert_eq!(
            side.des(
                &model,
                &[3; 8],
                DesMode::Ecb,
                Direction::Encrypt,
                &vec![0; len]
            ),
            Err(error),
            "DES {len}"
        );
    }
    assert_eq!(side.qce.pending(), 0, "nothing queued");
}
