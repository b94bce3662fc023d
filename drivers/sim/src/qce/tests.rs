//! The engine alone, programmed register by register from the record's layout (not with
//! the driver's program builder), so these hold the simulator to the record, not to the driver.

use super::*;
use crate::crypto::{self, DesMode, HashAlg};
use aes::Aes128;
use aes::cipher::{KeyIvInit, StreamCipher};
use qcom_socs::blocks::qce::v5::{AuthSegCfg, Config, EncrSegCfg, auth_seg_cfg, encr_seg_cfg};

const KEY: [u8; 16] = *b"\x2b\x7e\x15\x16\x28\xae\xd2\xa6\xab\xf7\x15\x88\x09\xcf\x4f\x3c";
const ALL_ONES: [u32; 4] = [u32::MAX; 4];

fn be_words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
}

/// One AES-128-CTR encryption of `data` from counter `initial`, with the four counter
/// masks `masks` (`CNTR_MASK`, `CNTR_MASK0`, `CNTR_MASK1`, `CNTR_MASK2`). Returns the
/// engine, its output and its result dump.
fn run_ctr(initial: u128, data: &[u8], masks: [u32; 4]) -> (Qce, Vec<u8>, Vec<u8>) {
    let mut qce = Qce::new(0x6000);
    for (i, word) in be_words(&KEY).enumerate() {
        assert!(qce.write(offsets::ENCR_KEY + 4 * i, word));
    }
    for (i, word) in be_words(&initial.to_be_bytes()).enumerate() {
        assert!(qce.write(offsets::CNTR_IV + 4 * i, word));
    }
    let cfg = EncrSegCfg::ZERO
        .with_encr_alg(encr_seg_cfg::EncrAlg::AES)
        .with_encr_key_sz(encr_seg_cfg::EncrKeySz::AES128)
        .with_encr_mode(encr_seg_cfg::EncrMode::CTR)
        .with_encode(true);
    let len = data.len() as u32;
    for (offset, value) in [
        (offsets::ENCR_SEG_CFG, cfg.to_bits()),
        (offsets::ENCR_SEG_SIZE, len),
        (offsets::ENCR_SEG_START, 0),
        (offsets::CNTR_MASK, masks[0]),
        (offsets::CNTR_MASK0, masks[1]),
        (offsets::CNTR_MASK1, masks[2]),
        (offsets::CNTR_MASK2, masks[3]),
        (offsets::SEG_SIZE, len),
        (
            offsets::CONFIG,
            Config::ZERO.with_little_endian_mode(true).to_bits(),
        ),
        (
            offsets::GOPROC,
            Goproc::ZERO.with_go(true).with_results_dump(true).to_bits(),
        ),
    ] {
        assert!(qce.write(offset, value));
    }
    qce.push_input(0, data);
    let output = qce.take_output(0, data.len());
    let dump = qce.take_output(0, RESULT_DUMP_BYTES);
    assert_eq!(dump.len(), RESULT_DUMP_BYTES, "a dump follows the output");
    (qce, output, dump)
}

fn dump_counter(dump: &[u8]) -> u128 {
    let mut counter = [0u8; 16];
    counter.copy_from_slice(&dump[DUMP_CNTR_IV..DUMP_CNTR_IV + 16]);
    u128::from_be_bytes(counter)
}

fn register_counter(qce: &Qce) -> u128 {
    (0..4).fold(0u128, |acc, i| {
        (acc << 32) | u128::from(qce.read(offsets::CNTR_IV + 4 * i))
    })
}

/// The RustCrypto keystream applied to `data` (AES-128, 128-bit big-endian counter).
fn reference(initial: u128, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    ctr::Ctr128BE::<Aes128>::new(&KEY.into(), &initial.to_be_bytes().into())
        .apply_keystream(&mut out);
    out
}

#[test]
fn the_dumped_counter_counts_whole_blocks_only() {
    // A driver that returned this value unchanged as the next IV would be one block short
    // for every length that is not a multiple of 16: the simulator must not hide that.
    let initial = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10u128;
    for len in [1usize, 15, 16, 17, 31, 32, 33, 499, 4096, 4097] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
        let (qce, output, dump) = run_ctr(initial, &data, ALL_ONES);
        let whole_blocks = (len / 16) as u128;
        assert_eq!(
            dump_counter(&dump),
            initial + whole_blocks,
            "dump, {len} bytes"
        );
        assert_eq!(
            register_counter(&qce),
            initial + whole_blocks,
            "CNTR_IV registers, {len} bytes"
        );
        assert_eq!(output, reference(initial, &data), "keystream, {len} bytes");
        let status = u32::from_be_bytes(dump[DUMP_STATUS..DUMP_STATUS + 4].try_into().unwrap());
        assert_eq!(status, status_done(), "{len} bytes");
    }
}

#[test]
fn a_partial_final_block_is_the_next_keystream_block_truncated() {
    let initial = 7u128;
    let long: Vec<u8> = (0..48u8).collect();
    let (_, whole, _) = run_ctr(initial, &long, ALL_ONES);
    for len in [1usize, 17, 40, 47] {
        let (_, partial, _) = run_ctr(initial, &long[..len], ALL_ONES);
        assert_eq!(partial, whole[..len], "{len} bytes");
    }
}

#[test]
fn the_counter_carries_across_all_128_bits() {
    let cases = [
        // Low 32 bits wrap into the third word.
        (
            0x0000_0000_0000_0000_0000_0000_ffff_ffffu128,
            33,
            0x1_0000_0001u128,
        ),
        // Low 64 bits wrap into the second word.
        (
            0x0000_0000_0000_0001_ffff_ffff_ffff_ffff,
            16,
            0x0000_0000_0000_0002_0000_0000_0000_0000,
        ),
        // All 128 bits wrap to zero.
        (u128::MAX, 16, 0),
        (u128::MAX, 40, 1),
        // A partial block alone does not move the counter, even at the top.
        (u128::MAX, 15, u128::MAX),
    ];
    for (initial, len, after) in cases {
        let data = vec![0x5au8; len];
        let (qce, output, dump) = run_ctr(initial, &data, ALL_ONES);
        assert_eq!(dump_counter(&dump), after, "{initial:#x} + {len} bytes");
        assert_eq!(register_counter(&qce), after, "{initial:#x} + {len} bytes");
        assert_eq!(
            output,
            reference(initial, &data),
            "{initial:#x} + {len} bytes"
        );
    }
}

#[test]
fn the_dumped_status_is_a_big_endian_word() {
    // OPERATION_DONE and OP_DONE_INTR are bits 1 and 5: a driver that reads the word
    // little-endian sees them in the top byte and neither bit where it looks.
    let (_, _, dump) = run_ctr(1, &[0u8; 16], ALL_ONES);
    assert_eq!(dump[DUMP_STATUS..DUMP_STATUS + 4], [0, 0, 0, 0x22]);
}

#[test]
fn ctr_with_a_counter_mask_that_is_not_all_ones_is_refused() {
    // No public source says how a partial mask shapes the count; the simulator refuses to
    // guess. A mask left at the simulator's reset value (0) is refused the same way.
    for masks in [
        [0; 4],
        [u32::MAX, u32::MAX, u32::MAX, 0],
        [0xffff, u32::MAX, u32::MAX, u32::MAX],
    ] {
        let (_, output, dump) = run_ctr(1, &[0u8; 32], masks);
        let status = Status::from_bits(u32::from_be_bytes(
            dump[DUMP_STATUS..DUMP_STATUS + 4].try_into().unwrap(),
        ));
        assert!(
            status.sw_err() && status.operation_done(),
            "{masks:x?}: {status:?}"
        );
        assert_eq!(
            output,
            vec![0u8; 32],
            "{masks:x?}: no keystream on a refused request"
        );
    }
}

/// Runs one operation on a fresh-or-given engine: `writes` (offset, value) in order, then
/// GO with a result dump over `data`. Returns the output and the dump.
fn run_op(qce: &mut Qce, writes: &[(usize, u32)], data: &[u8], emits: bool) -> (Vec<u8>, Vec<u8>) {
    for &(offset, value) in writes {
        assert!(qce.write(offset, value), "{offset:#x}");
    }
    for (offset, value) in [
        (offsets::SEG_SIZE, data.len() as u32),
        (
            offsets::CONFIG,
            Config::ZERO.with_little_endian_mode(true).to_bits(),
        ),
        (
            offsets::GOPROC,
            Goproc::ZERO.with_go(true).with_results_dump(true).to_bits(),
        ),
    ] {
        assert!(qce.write(offset, value));
    }
    qce.push_input(0, data);
    let output = if emits {
        qce.take_output(0, data.len())
    } else {
        Vec::new()
    };
    let dump = qce.take_output(0, RESULT_DUMP_BYTES);
    assert_eq!(dump.len(), RESULT_DUMP_BYTES);
    (output, dump)
}

fn dump_status(dump: &[u8]) -> Status {
    Status::from_bits(u32::from_be_bytes(
        dump[DUMP_STATUS..DUMP_STATUS + 4].try_into().unwrap(),
    ))
}

/// One hash part: `state`/`count` into AUTH_IV/AUTH_BYTECNT, FIRST/LAST as given.
fn hash_part(
    qce: &mut Qce,
    alg: HashAlg,
    key: Option<&[u8]>,
    state: &[u32],
    count: u64,
    (first, last): (bool, bool),
    data: &[u8],
) -> Vec<u8> {
    let mut cfg = AuthSegCfg::ZERO
        .with_auth_alg(auth_seg_cfg::AuthAlg::SHA)
        .with_auth_first(first)
        .with_auth_last(last)
        .with_auth_size(match alg {
            HashAlg::Sha1 => auth_seg_cfg::AuthSize::SHA1,
            HashAlg::Sha256 => auth_seg_cfg::AuthSize::SHA256,
        });
    let mut writes = vec![(offsets::ENCR_SEG_CFG, 0)];
    if let Some(key) = key {
        cfg = cfg.with_auth_mode(auth_seg_cfg::AuthMode::HMAC);
        let mut padded = key.to_vec();
        padded.resize(64, 0);
        writes.extend(
            be_words(&padded)
                .enumerate()
                .map(|(i, w)| (offsets::AUTH_KEY + 4 * i, w)),
        );
    }
    writes.extend(
        state
            .iter()
            .enumerate()
            .map(|(i, &w)| (offsets::AUTH_IV + 4 * i, w)),
    );
    writes.push((offsets::AUTH_BYTECNT, count as u32));
    writes.push((offsets::AUTH_BYTECNT + 4, (count >> 32) as u32));
    writes.push((offsets::AUTH_SEG_CFG, cfg.to_bits()));
    writes.push((offsets::AUTH_SEG_SIZE, data.len() as u32));
    writes.push((offsets::AUTH_SEG_START, 0));
    run_op(qce, &writes, data, false).1
}

fn dump_state(dump: &[u8], words: usize) -> (Vec<u32>, u64) {
    let state = be_words(&dump[..4 * words]).collect();
    let lo = u32::from_be_bytes(dump[64..68].try_into().unwrap());
    let hi = u32::from_be_bytes(dump[68..72].try_into().unwrap());
    (state, u64::from(lo) | (u64::from(hi) << 32))
}

#[test]
fn a_hash_resumed_from_the_dumped_state_equals_the_rustcrypto_one_shot() {
    use hmac::{Hmac, KeyInit, Mac};
    let data: Vec<u8> = (0..333u32).map(|i| (i * 13 + 5) as u8).collect();
    let key = b"a key shorter than the block";
    for alg in [HashAlg::Sha1, HashAlg::Sha256] {
        let words = if alg == HashAlg::Sha1 { 5 } else { 8 };
        let iv = crypto::sha_initial_words(alg);
        for hmac_key in [None, Some(&key[..])] {
            let mut qce = Qce::new(0x6000);
            let dump = hash_part(
                &mut qce,
                alg,
                hmac_key,
                &iv[..words],
                0,
                (true, false),
                &data[..128],
            );
            assert!(!dump_status(&dump).sw_err());
            let (state, count) = dump_state(&dump, words);
            let key_block = if hmac_key.is_some() { 64 } else { 0 };
            assert_eq!(count, 128 + key_block, "the HMAC key block is counted");
            let dump = hash_part(
                &mut qce,
                alg,
                hmac_key,
                &state,
                count,
                (false, false),
                &data[128..192],
            );
            let (state, count) = dump_state(&dump, words);
            let dump = hash_part(
                &mut qce,
                alg,
                hmac_key,
                &state,
                count,
                (false, true),
                &data[192..],
            );
            let want = match (alg, hmac_key) {
                (_, None) => crypto::digest(alg, None, &data),
                (HashAlg::Sha1, Some(k)) => {
                    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(k).unwrap();
                    mac.update(&data);
                    mac.finalize().into_bytes().to_vec()
                }
                (HashAlg::Sha256, Some(k)) => {
                    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(k).unwrap();
                    mac.update(&data);
                    mac.finalize().into_bytes().to_vec()
                }
            };
            assert_eq!(
                dump[..want.len()],
                want[..],
                "{alg:?} hmac={}",
                hmac_key.is_some()
            );
        }
    }
}

#[test]
fn a_hash_part_the_engine_would_not_do_is_refused() {
    let iv = crypto::sha_initial_words(HashAlg::Sha256);
    let mut qce = Qce::new(0x6000);
    // Not the last part and not whole blocks.
    let dump = hash_part(
        &mut qce,
        HashAlg::Sha256,
        None,
        &iv,
        0,
        (true, false),
        &[1; 65],
    );
    assert!(dump_status(&dump).sw_err());
    // Resuming from a count that is not whole blocks.
    let dump = hash_part(
        &mut qce,
        HashAlg::Sha256,
        None,
        &iv,
        65,
        (false, true),
        &[1; 64],
    );
    assert!(dump_status(&dump).sw_err());
}

fn cipher_writes(
    cfg: EncrSegCfg,
    key: &[u8],
    xts_key: &[u8],
    iv: &[u8],
    len: usize,
) -> Vec<(usize, u32)> {
    let mut writes = vec![(offsets::AUTH_SEG_CFG, 0)];
    writes.extend(
        be_words(key)
            .enumerate()
            .map(|(i, w)| (offsets::ENCR_KEY + 4 * i, w)),
    );
    writes.extend(
        be_words(xts_key)
            .enumerate()
            .map(|(i, w)| (offsets::ENCR_XTS_KEY + 4 * i, w)),
    );
    writes.extend(
        be_words(iv)
            .enumerate()
            .map(|(i, w)| (offsets::CNTR_IV + 4 * i, w)),
    );
    writes.push((offsets::ENCR_XTS_DU_SIZE, len as u32));
    writes.push((offsets::ENCR_SEG_CFG, cfg.to_bits()));
    writes.push((offsets::ENCR_SEG_SIZE, len as u32));
    writes.push((offsets::ENCR_SEG_START, 0));
    writes
}

#[test]
fn xts_runs_one_data_unit_and_refuses_what_the_record_does_not_cover() {
    // IEEE 1619 vector 1: all-zero keys, tweak 0, 32 zero bytes.
    let cfg = EncrSegCfg::ZERO
        .with_encr_alg(encr_seg_cfg::EncrAlg::AES)
        .with_encr_key_sz(encr_seg_cfg::EncrKeySz::AES128)
        .with_encr_mode(encr_seg_cfg::EncrMode::XTS)
        .with_encode(true);
    let mut qce = Qce::new(0x6000);
    let (out, dump) = run_op(
        &mut qce,
        &cipher_writes(cfg, &[0; 16], &[0; 16], &[0; 16], 32),
        &[0; 32],
        true,
    );
    assert!(!dump_status(&dump).sw_err());
    assert_eq!(
        out,
        [
            0x91, 0x7c, 0xf6, 0x9e, 0xbd, 0x68, 0xb2, 0xec, 0x9b, 0x9f, 0xe9, 0xa3, 0xea, 0xdd,
            0xa6, 0x92, 0xcd, 0x43, 0xd2, 0xf5, 0x95, 0x98, 0xed, 0x85, 0x8c, 0x02, 0xc2, 0x65,
            0x2f, 0xbf, 0x92, 0x2e
        ]
    );
    for len in [8usize, 17, 520] {
        let (_, dump) = run_op(
            &mut qce,
            &cipher_writes(cfg, &[0; 16], &[0; 16], &[0; 16], len),
            &vec![0; len],
            true,
        );
        assert!(dump_status(&dump).sw_err(), "{len} bytes");
    }
    // A data unit other than the whole segment.
    let mut writes = cipher_writes(cfg, &[0; 16], &[0; 16], &[0; 16], 32);
    writes.push((offsets::ENCR_XTS_DU_SIZE, 16));
    let (_, dump) = run_op(&mut qce, &writes, &[0; 32], true);
    assert!(dump_status(&dump).sw_err());
}

#[test]
fn des_cbc_hands_on_the_last_ciphertext_block() {
    let cfg = EncrSegCfg::ZERO
        .with_encr_alg(encr_seg_cfg::EncrAlg::DES)
        .with_encr_key_sz(encr_seg_cfg::EncrKeySz::AES128)
        .with_encr_mode(encr_seg_cfg::EncrMode::CBC)
        .with_encode(true);
    let key = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];
    let iv = [0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef];
    let data = b"Now is the time for all ";
    let mut qce = Qce::new(0x6000);
    let (out, dump) = run_op(
        &mut qce,
        &cipher_writes(cfg, &key, &[], &iv, 24),
        data,
        true,
    );
    let mut want = data.to_vec();
    crypto::des(&key, DesMode::Cbc, true, &iv, &mut want).unwrap();
    assert_eq!(out, want);
    assert_eq!(dump[DUMP_CNTR_IV..DUMP_CNTR_IV + 8], want[16..]);
    let (_, dump) = run_op(
        &mut qce,
        &cipher_writes(cfg, &key, &[], &iv, 12),
        &data[..12],
        true,
    );
    assert!(dump_status(&dump).sw_err(), "a partial DES block");
}

/// The register writes Linux's `qce_setup_regs_aead` makes for RFC 3610 packet vector #1
/// (M = 8, 16 bytes of formatted associated data, 23 of payload) over `input_len` bytes, `GO`
/// last.
fn ccm_packet_1_writes(encrypt: bool, input_len: usize) -> Vec<(usize, u32)> {
    let key: Vec<u8> = (0xc0..=0xcf).collect();
    let mut writes = Vec::new();
    let mut array = |base: usize, bytes: &[u8]| {
        for (i, w) in be_words(bytes).enumerate() {
            writes.push((base + 4 * i, w));
        }
    };
    array(offsets::ENCR_KEY, &key);
    array(offsets::AUTH_KEY, &key);
    array(offsets::CNTR_IV, &hex("0100000003020100a0a1a2a3a4a50001"));
    array(
        offsets::ENCR_CCM_INT_CNTR,
        &hex("0100000003020100a0a1a2a3a4a50000"),
    );
    array(
        offsets::AUTH_INFO_NONCE,
        &hex("5900000003020100a0a1a2a3a4a50017"),
    );
    for mask in [
        offsets::CNTR_MASK,
        offsets::CNTR_MASK0,
        offsets::CNTR_MASK1,
        offsets::CNTR_MASK2,
    ] {
        writes.push((mask, u32::MAX));
    }
    let encr = EncrSegCfg::ZERO
        .with_encr_alg(encr_seg_cfg::EncrAlg::AES)
        .with_encr_key_sz(encr_seg_cfg::EncrKeySz::AES128)
        .with_encr_mode(encr_seg_cfg::EncrMode::CCM)
        .with_last_ccm(encr_seg_cfg::LastCcm::LastCcmXfr)
        .with_encode(encrypt);
    let auth = AuthSegCfg::ZERO
        .with_auth_alg(auth_seg_cfg::AuthAlg::AES)
        .with_auth_size(auth_seg_cfg::AuthSize::new(7).unwrap())
        .with_auth_nonce_num_words::<4>()
        .with_auth_first(true)
        .with_auth_last(true)
        .with_auth_pos(if encrypt {
            auth_seg_cfg::AuthPos::BEFORE
        } else {
            auth_seg_cfg::AuthPos::AFTER
        });
    let extra = if encrypt { 0 } else { 8 };
    writes.extend([
        (offsets::ENCR_SEG_CFG, encr.to_bits()),
        (offsets::AUTH_SEG_CFG, auth.to_bits()),
        (offsets::ENCR_SEG_SIZE, (23 + extra) as u32),
        (offsets::ENCR_SEG_START, 16),
        (offsets::AUTH_SEG_SIZE, 39),
        (offsets::AUTH_SEG_START, 0),
        (offsets::SEG_SIZE, input_len as u32),
        (
            offsets::CONFIG,
            Config::ZERO
                .with_req_size::<7>()
                .with_little_endian_mode(true)
                .to_bits(),
        ),
        (
            offsets::GOPROC,
            Goproc::ZERO.with_go(true).with_results_dump(true).to_bits(),
        ),
    ]);
    writes
}

/// Runs RFC 3610 packet vector #1's registers over `input`: the output (with the MAC burst
/// when encrypting) and the dumped status.
fn run_ccm_packet_1(encrypt: bool, input: &[u8]) -> (Vec<u8>, Status) {
    let mut qce = Qce::new(0x6000);
    for (offset, value) in ccm_packet_1_writes(encrypt, input.len()) {
        assert!(qce.write(offset, value));
    }
    qce.push_input(0, input);
    let out_len = input.len() + if encrypt { 64 } else { 0 };
    let output = qce.take_output(0, out_len);
    let dump = qce.take_output(0, RESULT_DUMP_BYTES);
    assert_eq!(dump.len(), RESULT_DUMP_BYTES);
    (output, dump_status(&dump))
}

/// CCM programmed register by register as Linux's `qce_setup_regs_aead` does, for RFC 3610
/// packet vector #1; then the same message decrypted with a wrong tag.
#[test]
fn ccm_runs_on_the_linux_registers_and_flags_a_wrong_tag() {
    let mut aad = hex("00080001020304050607");
    aad.resize(16, 0);
    let payload = hex("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
    let sealed = hex("588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
    let mut input = aad.clone();
    input.extend_from_slice(&payload);
    let (out, status) = run_ccm_packet_1(true, &input);
    assert!(!status.sw_err() && !status.mac_failed(), "{status:?}");
    assert_eq!(out[..16], aad[..], "the associated data passes through");
    assert_eq!(out[16..16 + 31], sealed[..], "ciphertext then tag");
    assert!(
        out[16 + 31..].iter().all(|&b| b == 0),
        "padded to the burst"
    );
    for (flip, failed) in [(None, false), (Some(30), true), (Some(3), true)] {
        let mut input = aad.clone();
        input.extend_from_slice(&sealed);
        if let Some(at) = flip {
            input[16 + at] ^= 1;
        }
        let (out, status) = run_ccm_packet_1(false, &input);
        assert!(!status.sw_err(), "{status:?}");
        assert_eq!(status.mac_failed(), failed, "flip {flip:?}");
        if !failed {
            assert_eq!(out[16..39], payload[..]);
        }
        assert!(
            out[39..].iter().all(|&b| b == 0),
            "zeros in place of the tag"
        );
    }
    // A B0 whose length field disagrees with the segment is refused, not guessed.
    let mut bad = aad.clone();
    bad.extend_from_slice(&payload[..22]);
    let (_, status) = run_ccm_packet_1(true, &bad);
    assert!(status.sw_err());
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
