//! Every refusal of the AEAD requests is a typed error and queues nothing: CCM and RFC 4309
//! tag, nonce, associated-data and message lengths; authenc lengths, tags and keys. Run on
//! sm8550 through the QCE driver and the locked BAM driver; the simulator then sees no
//! descriptor on either pipe.

mod common;

use common::{Side, model};
use qcom_socs::sm8550;
use socgen_qce::{AAD_MAX, AeadDirection, AesKey, AuthencCipher, CcmNonce, DesKey, Error, HashAlg};
use socgen_runtime::bam::PipeLocking;
use socgen_sim::{Model, Rng};

const KEY: [u8; 16] = [1; 16];

fn enc(tag_len: usize) -> AeadDirection<'static> {
    AeadDirection::Encrypt { tag_len }
}

/// A CCM request's nonce, associated data, direction and payload length, and its refusal.
type CcmRefusal<'a> = (CcmNonce<'a>, &'a [u8], AeadDirection<'a>, usize, Error);

fn ccm_refusals(long_aad: &[u8]) -> Vec<CcmRefusal<'_>> {
    let rfc4309 = CcmNonce::Rfc4309 {
        salt: [1, 2, 3],
        iv: [4; 8],
    };
    vec![
        (
            CcmNonce::Nonce(&[0; 13]),
            b"",
            enc(5),
            16,
            Error::CcmTagLength { len: 5 },
        ),
        (
            CcmNonce::Nonce(&[0; 13]),
            b"",
            enc(2),
            16,
            Error::CcmTagLength { len: 2 },
        ),
        (
            CcmNonce::Nonce(&[0; 13]),
            b"",
            enc(18),
            16,
            Error::CcmTagLength { len: 18 },
        ),
        (
            CcmNonce::Nonce(&[0; 13]),
            b"",
            AeadDirection::Decrypt { tag: &[0; 3] },
            16,
            Error::CcmTagLength { len: 3 },
        ),
        (
            rfc4309,
            &[0; 8],
            enc(10),
            16,
            Error::CcmTagLength { len: 10 },
        ),
        (rfc4309, &[0; 8], enc(4), 16, Error::CcmTagLength { len: 4 }),
        (
            CcmNonce::Nonce(&[0; 6]),
            b"",
            enc(8),
            16,
            Error::CcmNonceLength { len: 6 },
        ),
        (
            CcmNonce::Nonce(&[0; 14]),
            b"",
            enc(8),
            16,
            Error::CcmNonceLength { len: 14 },
        ),
        (
            CcmNonce::Nonce(&[0; 13]),
            long_aad,
            enc(8),
            16,
            Error::AadTooLong { len: AAD_MAX + 1 },
        ),
        (
            rfc4309,
            &[0; 16],
            enc(8),
            16,
            Error::Rfc4309AadLength { len: 16 },
        ),
        (rfc4309, b"", enc(8), 16, Error::Rfc4309AadLength { len: 0 }),
        (CcmNonce::Nonce(&[0; 13]), b"", enc(8), 0, Error::EmptyData),
        // A 13-byte nonce leaves a 2-byte length field: 65535 bytes at most.
        (
            CcmNonce::Nonce(&[0; 13]),
            b"",
            enc(8),
            65536,
            Error::CcmMessageTooLong {
                len: 65536,
                nonce_len: 13,
            },
        ),
    ]
}

/// An authenc request's cipher, associated data, direction and payload length, and its
/// refusal.
type AuthencRefusal<'a> = (AuthencCipher<'a>, &'a [u8], AeadDirection<'a>, usize, Error);

fn authenc_refusals(long_aad: &[u8]) -> Vec<AuthencRefusal<'_>> {
    let aes = aes();
    let des = AuthencCipher::Des {
        key: DesKey::Des(&[3; 8]),
        iv: [0; 8],
    };
    vec![
        (aes, b"", enc(20), 0, Error::EmptyData),
        (aes, b"", enc(20), 24, Error::PartialBlock { len: 24 }),
        (des, b"", enc(20), 12, Error::PartialDesBlock { len: 12 }),
        (
            aes,
            b"",
            enc(0),
            16,
            Error::AuthencTagLength { len: 0, max: 20 },
        ),
        (
            aes,
            b"",
            enc(21),
            16,
            Error::AuthencTagLength { len: 21, max: 20 },
        ),
        (
            des,
            long_aad,
            enc(12),
            16,
            Error::AadTooLong { len: AAD_MAX + 1 },
        ),
    ]
}

fn aes() -> AuthencCipher<'static> {
    AuthencCipher::Aes {
        key: AesKey::Aes128(&KEY),
        iv: [0; 16],
    }
}

fn nothing_queued<R: PipeLocking>(side: &Side<R>, model: &Model<R>) {
    assert_eq!(side.qce.pending(), 0, "nothing queued");
    assert_eq!(model.run(&mut Rng::new(1), 100), 0, "nothing on the pipes");
}

#[test]
fn every_ccm_refusal_is_typed_with_nothing_queued() {
    let model = model::<sm8550::Lock>(engine!(sm8550), false, true);
    let mut side = Side::new::<sm8550::Lock>(&model, engine!(sm8550), 4096);
    let long_aad = vec![0u8; AAD_MAX + 1];
    let key = KEY;
    let cases = ccm_refusals(&long_aad);
    assert!(cases.len() > 10);
    for (nonce, aad, direction, len, error) in cases {
        assert_eq!(
            side.ccm(&model, &key, nonce, aad, direction, &vec![0; len]),
            Err(error),
            "{error}"
        );
    }
    nothing_queued(&side, &model);
}

#[test]
fn every_authenc_refusal_is_typed_with_nothing_queued() {
    let model = model::<sm8550::Lock>(engine!(sm8550), false, true);
    let mut side = Side::new::<sm8550::Lock>(&model, engine!(sm8550), 4096);
    let long_aad = vec![0u8; AAD_MAX + 1];
    let aes = aes();
    let cases = authenc_refusals(&long_aad);
    assert!(cases.len() > 5);
    for (cipher, aad, direction, len, error) in cases {
        assert_eq!(
            side.authenc(
                &model,
                HashAlg::Sha1,
                b"key",
                cipher,
                aad,
                direction,
                &vec![0; len]
            ),
            Err(error),
            "{error}"
        );
    }
    assert_eq!(
        side.authenc(&model, HashAlg::Sha1, &[0; 65], aes, b"", enc(20), &[0; 16]),
        Err(Error::HmacKeyTooLong { len: 65 })
    );
    nothing_queued(&side, &model);
}
