use super::*;
use crate::request::AeadDirection;
use crate::request::{
    AesKey, AuthencCipher, AuthencRequest, CcmNonce, CcmRequest, CipherMode, CipherRequest, DesKey,
    DesMode, DesRequest, Direction, HashAlg, HashPart, HashRequest, HashState, HmacKey, XtsKey,
    XtsRequest,
};
use qcom_socs::sm8550::crypto::COMMANDS;
use std::vec::Vec;

fn pair(index: u32) -> PipePair {
    PipePair::new(index).unwrap()
}

/// (offset from the engine base, value) of every element: 16 bytes, little-endian,
/// address in the low 24 bits of the first word, value in the second.
fn writes(program: &Program) -> Vec<(u32, u32)> {
    let base = COMMANDS.base().get();
    program
        .elements()
        .iter()
        .map(|e| {
            let b = e.to_bytes();
            let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
            assert_eq!(word(0) >> 24, 0, "a write command");
            ((word(0) & 0xff_ffff) - base, word(4))
        })
        .collect()
}

#[test]
fn aes_ctr_follows_the_linux_programming_order() {
    let request = CipherRequest {
        key: AesKey::Aes128(&[0x2b; 16]),
        mode: CipherMode::Ctr {
            counter: *b"\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff",
        },
        direction: Direction::Encrypt,
        src: 0,
        dst: 0,
        len: 64,
    };
    let program = Program::cipher(COMMANDS, pair(2), &request).unwrap();
    // qce-v5.yaml register_write_sequences.skcipher; CONFIG for pipe pair 2 is 0x000e024b
    // big-endian in Linux (its shift typo clears MASK_DIN_INTR), 0x000e004f here with all
    // four masks, and 0x000e024f little-endian.
    let expected = [
        (0x100, 0),
        (0x400, 0x000e_004f),
        (0x300, 0),
        (0x3000, 0x2b2b_2b2b),
        (0x3004, 0x2b2b_2b2b),
        (0x3008, 0x2b2b_2b2b),
        (0x300c, 0x2b2b_2b2b),
        (0x20c, 0xf0f1_f2f3),
        (0x210, 0xf4f5_f6f7),
        (0x214, 0xf8f9_fafb),
        (0x218, 0xfcfd_feff),
        (0x200, 0x082 | 0x400),
        (0x204, 64),
        (0x208, 0),
        (0x21c, u32::MAX),
        (0x23c, u32::MAX),
        (0x238, u32::MAX),
        (0x234, u32::MAX),
        (0x110, 64),
        (0x400, 0x000e_024f),
        (0x120, 0x5),
    ];
    assert_eq!(writes(&program), expected);
    assert_eq!(program.split(), (11, 10));
}

#[test]
fn hmac_sha256_clears_every_key_word_and_sets_first_and_last() {
    let request = HashRequest {
        alg: HashAlg::Sha256,
        hmac_key: Some(b"Jefe"),
        src: 0,
        len: 28,
    };
    let program = Program::hash(COMMANDS, pair(3), &request).unwrap();
    let w = writes(&program);
    let keys: Vec<_> = w
        .iter()
        .filter(|(o, _)| (0x3040..0x3080).contains(o))
        .collect();
    assert_eq!(keys.len(), 16, "all sixteen AUTH_KEY words");
    assert_eq!(*keys[0], (0x3040, u32::from_be_bytes(*b"Jefe")));
    assert!(keys[1..].iter().all(|(_, v)| *v == 0));
    // auth_cfg_HMAC_SHA256 0x241 with FIRST and LAST (0x30000); ENCR_SEG_CFG cleared.
    assert!(w.contains(&(0x300, 0x3_0241)));
    assert!(w.contains(&(0x200, 0)));
    assert_eq!(w.last(), Some(&(0x120, 0x5)));
    assert!(w.len() <= MAX_COMMANDS);
}

#[test]
fn refuses_what_the_engine_cannot_do() {
    let mut request = CipherRequest {
        key: AesKey::Aes256(&[0; 32]),
        mode: CipherMode::Cbc { iv: [0; 16] },
        direction: Direction::Decrypt,
        src: 0,
        dst: 0,
        len: 17,
    };
    assert!(matches!(
        Program::cipher(COMMANDS, pair(2), &request),
        Err(Error::PartialBlock { len: 17 })
    ));
    request.mode = CipherMode::Ecb;
    request.len = 33;
    assert!(matches!(
        Program::cipher(COMMANDS, pair(2), &request),
        Err(Error::PartialBlock { len: 33 })
    ));
    request.len = 0;
    assert!(matches!(
        Program::cipher(COMMANDS, pair(2), &request),
        Err(Error::EmptyData)
    ));
    request.mode = CipherMode::Ctr { counter: [0; 16] };
    request.len = 17;
    assert!(
        Program::cipher(COMMANDS, pair(2), &request).is_ok(),
        "CTR takes any length"
    );
    let long_key = [0u8; 65];
    let hash = HashRequest {
        alg: HashAlg::Sha1,
        hmac_key: Some(&long_key),
        src: 0,
        len: 1,
    };
    assert!(matches!(
        Program::hash(COMMANDS, pair(2), &hash),
        Err(Error::HmacKeyTooLong { len: 65 })
    ));
    let key = [0u8; HMAC_KEY_MAX];
    let hash = HashRequest {
        hmac_key: Some(&key),
        ..hash
    };
    assert!(
        Program::hash(COMMANDS, pair(2), &hash).is_ok(),
        "a whole block"
    );
    let empty = HashRequest { len: 0, ..hash };
    assert!(matches!(
        Program::hash(COMMANDS, pair(2), &empty),
        Err(Error::EmptyData)
    ));
}

#[test]
fn a_pipe_pair_beyond_config_is_named() {
    // PIPE_SET_SELECT is CONFIG bits 8:5: pipe pairs 0..=15.
    assert_eq!(PipePair::new(15).map(PipePair::index), Ok(15));
    assert_eq!(PipePair::new(16), Err(Error::BadPipePair { pipe_pair: 16 }));
    assert_eq!(
        PipePair::of_rx_pipe(80),
        Err(Error::BadPipePair { pipe_pair: 40 })
    );
    assert_eq!(PipePair::of_rx_pipe(31).map(PipePair::index), Ok(15));
}

#[test]
fn the_pipe_pair_lands_in_config() {
    // The only field a PipePair sets, and the one thing config() must not lose.
    for index in [0, 5, 15] {
        let cfg = config(pair(index), true);
        assert_eq!(cfg.pipe_set_select(), index);
        assert!(cfg.little_endian_mode());
    }
}

#[test]
fn push_refuses_past_max_commands_and_keeps_what_it_has() {
    let mut p = Program::new();
    let element = |n: usize| COMMANDS.write_seg_size(SegSize::from_bits(n as u32));
    for n in 0..MAX_COMMANDS {
        assert!(p.push(element(n)).is_ok(), "element {n}");
    }
    assert!(matches!(p.push(element(99)), Err(Error::TooManyCommands)));
    assert_eq!(p.elements().len(), MAX_COMMANDS);
    assert_eq!(p.elements().last(), Some(&element(MAX_COMMANDS - 1)));
    // The array writers stop at the same limit instead of dropping the rest.
    assert!(matches!(
        p.auth_bytecnt(COMMANDS, [0]),
        Err(Error::TooManyCommands)
    ));
}

/// Each register array names itself and the first index past its end (ENCR_KEY0..7,
/// CNTR_IV0..3, AUTH_KEY0..15, AUTH_IV0..15, AUTH_BYTECNT0..3 in `socs/blocks/qce/v5.yaml`),
/// and writes nothing from that index on.
#[test]
fn register_array_overflows_name_the_array_and_the_index() {
    type Writer = fn(&mut Program, Commands, std::vec::Vec<u32>) -> Result<(), Error>;
    let cases: [(Writer, u32, Error); 5] = [
        (
            |p, c, w| p.encr_key(c, w),
            8,
            Error::EncrKeyIndex { index: 8 },
        ),
        (
            |p, c, w| p.cntr_iv(c, w),
            4,
            Error::CntrIvIndex { index: 4 },
        ),
        (
            |p, c, w| p.auth_key(c, w),
            16,
            Error::AuthKeyIndex { index: 16 },
        ),
        (
            |p, c, w| p.auth_iv(c, w),
            16,
            Error::AuthIvIndex { index: 16 },
        ),
        (
            |p, c, w| p.auth_bytecnt(c, w),
            4,
            Error::AuthBytecntIndex { index: 4 },
        ),
    ];
    for (write, count, error) in cases {
        let mut p = Program::new();
        assert_eq!(write(&mut p, COMMANDS, (0..count).collect()), Ok(()));
        assert_eq!(p.elements().len(), count as usize);
        let mut p = Program::new();
        assert_eq!(
            write(&mut p, COMMANDS, (0..count + 3).collect()),
            Err(error)
        );
        assert_eq!(p.elements().len(), count as usize, "{error:?}");
    }
}

#[test]
fn a_later_hash_part_resumes_from_the_dumped_state_without_auth_first() {
    let mut state = HashState::hmac(HashAlg::Sha1, HmacKey::new(b"k").unwrap());
    let first = HashPart {
        state: &state,
        src: 0,
        len: 128,
        last: false,
    };
    let w = writes(&Program::hash_part(COMMANDS, pair(2), &first).unwrap());
    // FIRST (bit 17) without LAST (bit 16); HMAC SHA-1 = 0x41.
    assert!(w.contains(&(0x300, 0x2_0041)));
    assert!(
        w.contains(&(0x390, 0)) && w.contains(&(0x39c, 0)),
        "count cleared"
    );
    state.running = Some(crate::request::Running {
        iv: [0x11; 32],
        byte_count: [192, 0],
    });
    let last = HashPart {
        state: &state,
        src: 0,
        len: 3,
        last: true,
    };
    let w = writes(&Program::hash_part(COMMANDS, pair(2), &last).unwrap());
    assert!(w.contains(&(0x300, 0x1_0041)), "LAST without FIRST");
    let ivs: Vec<_> = w
        .iter()
        .filter(|(o, _)| (0x310..0x350).contains(o) || (0x390..0x3a0).contains(o))
        .collect();
    assert_eq!(
        ivs,
        [
            &(0x310, 0x1111_1111),
            &(0x314, 0x1111_1111),
            &(0x318, 0x1111_1111),
            &(0x31c, 0x1111_1111),
            &(0x320, 0x1111_1111),
            &(0x390, 192),
            &(0x394, 0),
            &(0x398, 0),
            &(0x39c, 0),
        ],
        "five SHA-1 state words, then the dumped count"
    );
    assert_eq!(
        w.iter()
            .filter(|(o, _)| (0x3040..0x3080).contains(o))
            .count(),
        16,
        "the key on every part"
    );
    let partial = HashPart {
        len: 100,
        last: false,
        ..last
    };
    assert!(matches!(
        Program::hash_part(COMMANDS, pair(2), &partial),
        Err(Error::PartialHashBlock { len: 100 })
    ));
}

#[test]
fn xts_writes_both_keys_the_data_unit_and_the_tweak() {
    let mut key = [0u8; 32];
    key[16..].fill(0x22);
    key[..16].fill(0x11);
    let request = XtsRequest {
        key: XtsKey::Aes128(&key),
        tweak: [0x33; 16],
        direction: Direction::Decrypt,
        src: 0,
        dst: 0,
        len: 1024,
    };
    let w = writes(&Program::xts(COMMANDS, pair(2), &request).unwrap());
    assert_eq!(
        w.iter()
            .filter(|&&(o, v)| (0x3020..0x3030).contains(&o) && v == 0x2222_2222)
            .count(),
        4
    );
    assert_eq!(
        w.iter()
            .filter(|&&(o, v)| (0x3000..0x3010).contains(&o) && v == 0x1111_1111)
            .count(),
        4
    );
    assert!(w.contains(&(0x230, 1024)), "data unit = request");
    assert!(w.contains(&(0x20c, 0x3333_3333)));
    // AES, AES-128, XTS (3 << 6), decrypt.
    assert!(w.contains(&(0x200, 0x2 | (3 << 6))));
    for (len, error) in [
        (8, Error::XtsTooShort { len: 8 }),
        (40, Error::XtsPartialBlock { len: 40 }),
        (528, Error::XtsLength { len: 528 }),
        (
            XTS_MAX_LEN + 512,
            Error::XtsLength {
                len: XTS_MAX_LEN + 512,
            },
        ),
    ] {
        let r = XtsRequest { len, ..request };
        assert_eq!(Program::xts(COMMANDS, pair(2), &r).map(|_| ()), Err(error));
    }
    for len in [16, 496, 512, XTS_MAX_LEN] {
        let r = XtsRequest { len, ..request };
        assert!(Program::xts(COMMANDS, pair(2), &r).is_ok(), "{len}");
    }
}

#[test]
fn des_takes_whole_8_byte_blocks_and_names_its_key_size() {
    let key = [7u8; 24];
    let request = DesRequest {
        key: DesKey::TripleDes(&key),
        mode: DesMode::Cbc { iv: [9; 8] },
        direction: Direction::Encrypt,
        src: 0,
        dst: 0,
        len: 24,
    };
    let w = writes(&Program::des(COMMANDS, pair(2), &request).unwrap());
    assert_eq!(
        w.iter()
            .filter(|(o, _)| (0x3000..0x3020).contains(o))
            .count(),
        6
    );
    assert_eq!(
        w.iter().filter(|(o, _)| (0x20c..0x21c).contains(o)).count(),
        2
    );
    // DES (1), 3DES key size (1 << 3), CBC (1 << 6), encode (1 << 10).
    assert!(w.contains(&(0x200, 1 | (1 << 3) | (1 << 6) | (1 << 10))));
    let partial = DesRequest { len: 12, ..request };
    assert_eq!(
        Program::des(COMMANDS, pair(2), &partial).map(|_| ()),
        Err(Error::PartialDesBlock { len: 12 })
    );
}

/// RFC 3610 packet vector #1 (13-byte nonce, 8 bytes of associated data, 23-byte payload,
/// M = 8), register by register against what Linux's `qce_setup_regs_aead` writes.
#[test]
fn ccm_writes_b0_a0_a1_and_the_linux_configuration() {
    let key: [u8; 16] = core::array::from_fn(|i| 0xc0 + i as u8);
    let nonce = [
        0x00, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
    ];
    let aad = [0, 1, 2, 3, 4, 5, 6, 7];
    let request = CcmRequest {
        key: AesKey::Aes128(&key),
        nonce: CcmNonce::Nonce(&nonce),
        aad: &aad,
        direction: AeadDirection::Encrypt { tag_len: 8 },
        src: 0,
        dst: 0,
        len: 23,
    };
    let program = Program::ccm(COMMANDS, pair(2), &request).unwrap();
    let w = writes(&program);
    let words = |base: u32| -> Vec<u32> {
        (0..4)
            .map(|i| w.iter().find(|(o, _)| *o == base + 4 * i).unwrap().1)
            .collect()
    };
    // B0 = 59 | nonce | 00 17 (RFC 3610: "CBC IV in").
    assert_eq!(
        words(0x350),
        [0x5900_0000, 0x0302_0100, 0xa0a1_a2a3, 0xa4a5_0017]
    );
    // A0 into ENCR_CCM_INT_CNTR, A1 into CNTR_IV.
    assert_eq!(
        words(0x220),
        [0x0100_0000, 0x0302_0100, 0xa0a1_a2a3, 0xa4a5_0000]
    );
    assert_eq!(
        words(0x20c),
        [0x0100_0000, 0x0302_0100, 0xa0a1_a2a3, 0xa4a5_0001]
    );
    // The key in ENCR_KEY and in AUTH_KEY (then zeros), every AUTH_IV word cleared.
    assert_eq!(words(0x3000), words(0x3040));
    assert_eq!(words(0x3040)[0], 0xc0c1_c2c3);
    assert_eq!(
        w.iter()
            .filter(|(o, v)| (0x3050..0x3080).contains(o) && *v == 0)
            .count(),
        12
    );
    assert_eq!(
        w.iter()
            .filter(|(o, v)| (0x310..0x350).contains(o) && *v == 0)
            .count(),
        16
    );
    // AES | CCM (4 << 6) | ENCODE | LAST_CCM (1 << 13).
    assert!(w.contains(&(0x200, 0x2 | (4 << 6) | (1 << 10) | (1 << 13))));
    // AES | AUTH_SIZE M - 1 = 7 | BEFORE | LAST | FIRST | 4 nonce words.
    assert!(w.contains(&(0x300, 0x2 | (7 << 9) | (3 << 16) | (4 << 20))));
    // The formatted associated data is one block: the cipher starts there.
    assert!(w.contains(&(0x204, 23)) && w.contains(&(0x208, 16)));
    assert!(w.contains(&(0x304, 39)) && w.contains(&(0x110, 39)));
    assert!(w.len() <= MAX_COMMANDS);
    // Decrypting: the tag is part of the cipher segment and of the input, the MAC after.
    let tag = [0u8; 8];
    let decrypt = CcmRequest {
        direction: AeadDirection::Decrypt { tag: &tag },
        ..request
    };
    let w = writes(&Program::ccm(COMMANDS, pair(2), &decrypt).unwrap());
    assert!(w.contains(&(0x204, 31)) && w.contains(&(0x304, 39)) && w.contains(&(0x110, 47)));
    assert!(w.contains(&(0x300, 0x2 | (7 << 9) | (1 << 14) | (3 << 16) | (4 << 20))));
    let blocks = CcmBlocks::new(&request).unwrap();
    assert_eq!(blocks.aad_len, 16);
    assert_eq!(blocks.aad[..10], [0, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
    assert!(blocks.aad[10..].iter().all(|&b| b == 0));
}

#[test]
fn authenc_hashes_the_ciphertext_either_way() {
    let key = HmacKey::new(b"auth").unwrap();
    let aes = [5u8; 32];
    let request = AuthencRequest {
        hash: HashAlg::Sha256,
        auth_key: &key,
        cipher: AuthencCipher::Aes {
            key: AesKey::Aes256(&aes),
            iv: [1; 16],
        },
        aad: &[9; 20],
        direction: AeadDirection::Encrypt { tag_len: 16 },
        src: 0,
        dst: 0,
        len: 64,
    };
    let w = writes(&Program::authenc(COMMANDS, pair(2), &request).unwrap());
    // SHA | HMAC | SHA256 | AFTER | LAST | FIRST.
    assert!(w.contains(&(0x300, 0x1 | (1 << 6) | (1 << 9) | (1 << 14) | (3 << 16))));
    // AES-256 CBC encrypt.
    assert!(w.contains(&(0x200, 0x2 | (2 << 3) | (1 << 6) | (1 << 10))));
    assert!(w.contains(&(0x204, 64)) && w.contains(&(0x208, 20)));
    assert!(w.contains(&(0x304, 84)) && w.contains(&(0x110, 84)));
    assert!(w.contains(&(0x310, 0x6a09_e667)), "the SHA-256 IV");
    let tag = [0u8; 16];
    let decrypt = AuthencRequest {
        direction: AeadDirection::Decrypt { tag: &tag },
        ..request
    };
    let w = writes(&Program::authenc(COMMANDS, pair(2), &decrypt).unwrap());
    assert!(
        w.contains(&(0x300, 0x1 | (1 << 6) | (1 << 9) | (3 << 16))),
        "BEFORE"
    );
    assert!(w.len() <= MAX_COMMANDS);
}
