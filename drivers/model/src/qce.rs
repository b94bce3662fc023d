//! The crypto engine (QCE v5): its register file, laid out by the code socgen generates from
//! `socs/blocks/qce/v5.yaml`, and an engine that runs the configured operation on the bytes
//! its rx pipe delivers.
//!
//! What the model assumes where public sources are silent (each is a choice, stated once, with
//! its grade as in the crate docs):
//! - `GOPROC.GO` snapshots the configuration; the operation then consumes `SEG_SIZE` input
//!   bytes of its pipe pair (`CONFIG.PIPE_SET_SELECT`) and queues its output, then the result
//!   dump, for that pair's tx pipe. Grade: upstream (mainline qce puts `pipe_pair << 5` into
//!   `CONFIG` and takes output and result dump from the tx channel); the snapshot point is
//!   inferred.
//! - A `GO` while an operation waits for input replaces it: the engine has one context, which
//!   is what makes unlocked sharing unsafe. Grade: inferred (the reason the lock exists; no
//!   source describes what the engine does with a second `GO`).
//! - Register writes into the cipher/auth configuration while an operation waits for input
//!   set `CFG_CHNG_ERR` for that operation. Grade: inferred from the field's name and
//!   description in `qce/v5.yaml`.
//! - Only what the driver uses is modelled: AES-128/256 in ECB, CBC and CTR (NIST counter),
//!   SHA-1/SHA-256 and their HMACs as single requests (`AUTH_FIRST` and `AUTH_LAST`), data in
//!   little-endian mode. Anything else ends the operation with `SW_ERR`, consuming its input
//!   and producing output of the usual length, so no pipe hangs on a refused request. Grade:
//!   the algorithms are the standards'; the `SW_ERR` path is a modelling convenience.
//! - **The CTR counter counts whole blocks only.** After a CTR operation of `n` bytes the
//!   engine's counter (`CNTR0_IV0..CNTR3_IV3`, which the model updates after CTR only, and
//!   the dump's `encr_cntr_iv`, which copies them) is the initial counter plus `floor(n / 16)`, 128-bit
//!   big-endian with carry; a final partial block is encrypted with the counter it reaches
//!   (the keystream block truncated) but does not advance it. Source: Crypto 6.0 documentation
//!   section 2.2.5 as quoted by Qualcomm ("The count value increments automatically once per
//!   block of data (in AES, a block is 16 bytes) based on the value in the
//!   CRYPTO_ENCR_CNTR_MASK registers"; for a partial request "the hardware uses the current
//!   counter to generate keystreams but does not increment the counter register afterwards"),
//!   Message-ID <20260610-qce_selftest_fix-v1-2-1b0504783a46@oss.qualcomm.com>. Grade:
//!   documented. A driver that hands this value on as the next IV is one block short after a
//!   partial block; the model does not paper over that.
//! - **`CNTR_MASK*` must be all ones for CTR.** The same quote says the count follows the
//!   `CRYPTO_ENCR_CNTR_MASK` registers, so they do matter for the carry, but no public source
//!   says how a partial mask shapes it (which bits count, whether the carry stops at a masked
//!   bit). Linux `common.c` and vendor qce50 write all four (`CNTR_MASK`, `CNTR_MASK0..2`) with
//!   `0xffffffff` before every CTR operation, which counts over all 128 bits. The model runs
//!   CTR only in that case; any other mask ends the operation with `SW_ERR` rather than
//!   guessing, so a driver that leaves a mask unwritten (the model's registers start at zero)
//!   or narrows it fails its tests. Grade of the all-ones behaviour: documented (the quote)
//!   + upstream/precedent (what both drivers write); of the refusal: a modelling choice.
//! - The result dump is the 104-byte layout of `qce-v5.yaml` (`auth_iv[16]`,
//!   `auth_byte_count[4]`, `encr_cntr_iv[4]`, `status`, `status2`) padded to 128 bytes.
//!   Grade: upstream (mainline qce's `struct qce_result_dump`, `QCE_RESULT_BUF_SZ` = 128).
//!   `status` is the `STATUS` register as a big-endian word: vendor qce50 reads it with
//!   `be32_to_cpu`, and mainline `qce_check_status` notes that the dump's status "needs to be
//!   byte swapped, since we set the device to little endian". Grade: upstream + precedent
//!   (`docs/hardware/qce-readback.md`). The digest and the counter are byte strings in the
//!   same big-endian word order. `auth_byte_count` is still the model's own (bits, little-endian
//!   words), which the record contradicts; nothing reads it yet.

use crate::crypto::{self, AesMode, HashAlg};
use qcom_socs::blocks::qce::v5::{
    AuthSegCfg, Config, EncrSegCfg, Goproc, Status, auth_seg_cfg, encr_seg_cfg, offsets,
};
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// Bytes of the result dump as streamed on the tx pipe.
pub const RESULT_DUMP_BYTES: usize = 128;
/// Offset of `status` inside the result dump.
pub const DUMP_STATUS: usize = 96;
/// Offset of `encr_cntr_iv` inside the result dump.
pub const DUMP_CNTR_IV: usize = 80;

/// The `VERSION` value the model reports: major 5, minor 6 (a crypto v5.6 engine).
pub const MODEL_VERSION: u32 = 0x0506_0000;

#[derive(Debug, Clone, Hash)]
struct Cipher {
    key: Vec<u8>,
    mode: AesMode,
    encrypt: bool,
    iv: [u8; 16],
    start: usize,
    size: usize,
}

#[derive(Debug, Clone, Hash)]
struct Auth {
    alg: HashAlg,
    hmac_key: Option<Vec<u8>>,
    start: usize,
    size: usize,
}

#[derive(Debug, Clone, Hash)]
struct Operation {
    pair: u32,
    seg_size: usize,
    cipher: Option<Cipher>,
    auth: Option<Auth>,
    /// Output data bytes (the whole segment when a cipher is configured).
    emits_data: bool,
    dump: bool,
    errors: u32,
}

/// One finished operation, for the event log.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Completed {
    /// The pipe pair it consumed from and produced for.
    pub pair: u32,
    /// Input bytes consumed.
    pub bytes: usize,
    /// `STATUS` at the end.
    pub status: u32,
}

/// The crypto engine.
#[derive(Debug)]
pub struct Qce {
    regs: Vec<u32>,
    status: u32,
    active: Option<Operation>,
    input: HashMap<u32, VecDeque<u8>>,
    output: HashMap<u32, VecDeque<u8>>,
    completed: Vec<Completed>,
    /// Operations replaced by a later `GO` before their input arrived.
    pub aborted: u64,
    /// The dumped status lacks `OPERATION_DONE` (`DumpStatus::WithoutOperationDone`).
    pub(crate) dump_without_done: bool,
}

fn status_done() -> u32 {
    Status::ZERO
        .with_operation_done(true)
        .with_op_done_intr(true)
        .to_bits()
}

fn status_sw_err() -> u32 {
    Status::ZERO.with_sw_err(true).with_err_intr(true).to_bits()
}

fn status_cfg_chng() -> u32 {
    Status::ZERO
        .with_cfg_chng_err(true)
        .with_err_intr(true)
        .to_bits()
}

impl Qce {
    /// An engine with a register window of `size` bytes, all registers zero but `VERSION`.
    pub fn new(size: usize) -> Self {
        let mut regs = vec![0; size / 4];
        if let Some(version) = regs.get_mut(offsets::VERSION / 4) {
            *version = MODEL_VERSION;
        }
        Qce {
            regs,
            status: 0,
            active: None,
            input: HashMap::new(),
            output: HashMap::new(),
            completed: Vec::new(),
            aborted: 0,
            dump_without_done: false,
        }
    }

    /// The engine with `OPERATION_DONE` left out of its dumped status when `without` is true
    /// (`DumpStatus::WithoutOperationDone`).
    pub(crate) fn dump_without_done(mut self, without: bool) -> Self {
        self.dump_without_done = without;
        self
    }

    /// Hashes everything that decides the engine's future behaviour and results (queues in
    /// pipe-pair order, so the hash does not depend on the maps' iteration order).
    pub(crate) fn hash_state(&self, hasher: &mut impl Hasher) {
        fn sorted(map: &HashMap<u32, VecDeque<u8>>) -> Vec<(&u32, &VecDeque<u8>)> {
            let mut entries: Vec<_> = map.iter().filter(|(_, q)| !q.is_empty()).collect();
            entries.sort_unstable_by_key(|(pair, _)| **pair);
            entries
        }
        self.regs.hash(hasher);
        self.status.hash(hasher);
        self.active.hash(hasher);
        sorted(&self.input).hash(hasher);
        sorted(&self.output).hash(hasher);
        self.completed.hash(hasher);
        self.aborted.hash(hasher);
    }

    fn reg(&self, offset: usize) -> u32 {
        self.regs.get(offset / 4).copied().unwrap_or(0)
    }

    fn words(&self, offset: usize, count: usize) -> Vec<u8> {
        (0..count)
            .flat_map(|i| self.reg(offset + 4 * i).to_be_bytes())
            .collect()
    }

    /// A register read (by the CPU or a command element).
    pub fn read(&self, offset: usize) -> u32 {
        match offset {
            offsets::STATUS => self.status,
            _ => self.reg(offset),
        }
    }

    /// A register write (by the CPU or a command element). Returns `false` for an offset
    /// outside the window or not 4-byte aligned.
    pub fn write(&mut self, offset: usize, value: u32) -> bool {
        if !offset.is_multiple_of(4) || offset / 4 >= self.regs.len() {
            return false;
        }
        match offset {
            offsets::VERSION => return true,
            offsets::STATUS => {
                self.status = value;
                return true;
            }
            offsets::GOPROC => {
                let go = Goproc::from_bits(value);
                if go.clr_cntxt() {
                    self.active = None;
                }
                if go.go() {
                    self.start(go.results_dump());
                }
                return true;
            }
            _ => {}
        }
        let configures = (offsets::ENCR_SEG_CFG..offsets::GOPROC_QC_KEY).contains(&offset)
            || offset >= offsets::ENCR_KEY;
        if configures && let Some(op) = self.active.as_mut() {
            op.errors |= status_cfg_chng();
        }
        if let Some(slot) = self.regs.get_mut(offset / 4) {
            *slot = value;
        }
        true
    }

    fn start(&mut self, dump: bool) {
        if self.active.take().is_some() {
            self.aborted += 1;
        }
        let config = Config::from_bits(self.reg(offsets::CONFIG));
        let encr = EncrSegCfg::from_bits(self.reg(offsets::ENCR_SEG_CFG));
        let auth = AuthSegCfg::from_bits(self.reg(offsets::AUTH_SEG_CFG));
        let seg_size = self.reg(offsets::SEG_SIZE) as usize;
        let mut errors = 0;
        let mut fail = |ok: bool| {
            if !ok {
                errors |= status_sw_err();
            }
        };
        fail(config.little_endian_mode() && seg_size > 0);
        let cipher = if encr.encr_alg() == encr_seg_cfg::EncrAlg::NONE {
            None
        } else {
            let key_words = match encr.encr_key_sz() {
                encr_seg_cfg::EncrKeySz::AES128 => 4,
                encr_seg_cfg::EncrKeySz::AES256 => 8,
                _ => 0,
            };
            let mode = match encr.encr_mode() {
                encr_seg_cfg::EncrMode::ECB => Some(AesMode::Ecb),
                encr_seg_cfg::EncrMode::CBC => Some(AesMode::Cbc),
                encr_seg_cfg::EncrMode::CTR => Some(AesMode::Ctr),
                _ => None,
            };
            let start = self.reg(offsets::ENCR_SEG_START) as usize;
            let size = self.reg(offsets::ENCR_SEG_SIZE) as usize;
            fail(encr.encr_alg() == encr_seg_cfg::EncrAlg::AES && key_words > 0);
            if mode == Some(AesMode::Ctr) {
                fail(self.counts_all_128_bits());
            }
            fail(mode.is_some() && start.saturating_add(size) <= seg_size);
            let mut iv = [0u8; 16];
            iv.copy_from_slice(&self.words(offsets::CNTR_IV, 4));
            mode.map(|mode| Cipher {
                key: self.words(offsets::ENCR_KEY, key_words),
                mode,
                encrypt: encr.encode(),
                iv,
                start,
                size,
            })
        };
        let auth = if auth.auth_alg() == auth_seg_cfg::AuthAlg::NONE {
            None
        } else {
            let alg = match auth.auth_size() {
                auth_seg_cfg::AuthSize::SHA1 => Some(HashAlg::Sha1),
                auth_seg_cfg::AuthSize::SHA256 => Some(HashAlg::Sha256),
                _ => None,
            };
            let hmac = auth.auth_mode() == auth_seg_cfg::AuthMode::HMAC;
            let start = self.reg(offsets::AUTH_SEG_START) as usize;
            let size = self.reg(offsets::AUTH_SEG_SIZE) as usize;
            fail(auth.auth_alg() == auth_seg_cfg::AuthAlg::SHA && alg.is_some());
            fail(auth.auth_first() && auth.auth_last());
            fail(start.saturating_add(size) <= seg_size);
            alg.map(|alg| Auth {
                alg,
                hmac_key: hmac.then(|| self.words(offsets::AUTH_KEY, 16)),
                start,
                size,
            })
        };
        fail(cipher.is_some() || auth.is_some());
        self.active = Some(Operation {
            pair: config.pipe_set_select(),
            seg_size,
            emits_data: encr.encr_alg() != encr_seg_cfg::EncrAlg::NONE,
            cipher,
            auth,
            dump,
            errors,
        });
        self.status = 0;
        self.run();
    }

    /// Whether the four counter masks select a counter over all 128 bits (the only CTR
    /// configuration the record describes; see the module docs).
    fn counts_all_128_bits(&self) -> bool {
        [
            offsets::CNTR_MASK,
            offsets::CNTR_MASK0,
            offsets::CNTR_MASK1,
            offsets::CNTR_MASK2,
        ]
        .iter()
        .all(|&mask| self.reg(mask) == u32::MAX)
    }

    /// Writes `counter` into `CNTR0_IV0..CNTR3_IV3`, big-endian words as the driver writes them.
    fn set_counter_registers(&mut self, counter: &[u8; 16]) {
        for (word, bytes) in counter.chunks_exact(4).enumerate() {
            let mut value = [0u8; 4];
            value.copy_from_slice(bytes);
            if let Some(slot) = self.regs.get_mut(offsets::CNTR_IV / 4 + word) {
                *slot = u32::from_be_bytes(value);
            }
        }
    }

    /// Data arriving from the rx pipe of `pair`.
    pub fn push_input(&mut self, pair: u32, bytes: &[u8]) {
        self.input.entry(pair).or_default().extend(bytes);
        self.run();
    }

    /// Whether the engine has done all it can with what `pair` delivered: the operation
    /// finished, or it waits for more input than has arrived (a later descriptor of the same
    /// transfer brings the rest). A data descriptor with NWD retires only then.
    pub fn input_drained(&self, pair: u32) -> bool {
        let queued = self.input.get(&pair).map_or(0, VecDeque::len);
        match &self.active {
            Some(op) if op.pair == pair => queued < op.seg_size,
            _ => queued == 0,
        }
    }

    /// Whether the engine has finished with everything `pair` delivered: no operation of
    /// `pair` waits for input and none is left queued (what NWD waits for on
    /// `NwdWaits::ForOperationEnd` hardware).
    pub fn operation_done(&self, pair: u32) -> bool {
        let queued = self.input.get(&pair).map_or(0, VecDeque::len);
        queued == 0 && self.active.as_ref().is_none_or(|op| op.pair != pair)
    }

    /// Output bytes waiting for `pair`'s tx pipe.
    pub fn output_available(&self, pair: u32) -> usize {
        self.output.get(&pair).map_or(0, VecDeque::len)
    }

    /// Takes up to `max` output bytes for `pair`'s tx pipe.
    pub fn take_output(&mut self, pair: u32, max: usize) -> Vec<u8> {
        let Some(queue) = self.output.get_mut(&pair) else {
            return Vec::new();
        };
        let n = max.min(queue.len());
        queue.drain(..n).collect()
    }

    /// A pipe reset drops what the pipe had delivered and the engine had not consumed
    /// (`rx`), or what the engine had produced and the pipe not yet taken (`tx`).
    /// A reset rx pipe also cancels the operation waiting for its data.
    pub fn flush(&mut self, pair: u32, rx: bool) {
        if rx {
            self.input.remove(&pair);
            if self.active.as_ref().is_some_and(|op| op.pair == pair) {
                self.active = None;
            }
        } else {
            self.output.remove(&pair);
        }
    }

    /// Operations finished since the last call.
    pub fn take_completed(&mut self) -> Vec<Completed> {
        std::mem::take(&mut self.completed)
    }

    fn run(&mut self) {
        let Some(op) = self.active.as_ref() else {
            return;
        };
        let queue = self.input.entry(op.pair).or_default();
        if queue.len() < op.seg_size {
            return;
        }
        let Some(op) = self.active.take() else {
            return;
        };
        let mut data: Vec<u8> = queue.drain(..op.seg_size).collect();
        let mut status = op.errors;
        let mut next_iv = [0u8; 16];
        let mut digest = Vec::new();
        if status == 0 {
            if let Some(auth) = &op.auth {
                let end = auth.start + auth.size;
                digest = crypto::digest(auth.alg, auth.hmac_key.as_deref(), &data[auth.start..end]);
            }
            if let Some(c) = &op.cipher {
                let region = &mut data[c.start..c.start + c.size];
                // The chaining value a follow-on CBC request continues from: the last
                // ciphertext block, which is the input's when decrypting.
                let last_input = region.len().checked_sub(16).map(|at| region[at..].to_vec());
                match crypto::aes(&c.key, c.mode, c.encrypt, &c.iv, region) {
                    Ok(()) => {
                        next_iv = match (c.mode, c.encrypt) {
                            // Whole blocks only: a partial last block does not count.
                            (AesMode::Ctr, _) => crypto::engine_counter_after(&c.iv, c.size),
                            (AesMode::Cbc, true) if region.len() >= 16 => {
                                region[region.len() - 16..].try_into().unwrap_or(c.iv)
                            }
                            (AesMode::Cbc, false) => {
                                last_input.and_then(|b| b.try_into().ok()).unwrap_or(c.iv)
                            }
                            _ => c.iv,
                        };
                    }
                    Err(_) => status |= status_sw_err(),
                }
            }
        }
        let ran_ctr = op.cipher.as_ref().is_some_and(|c| c.mode == AesMode::Ctr);
        if status == 0 && ran_ctr {
            // The documented counter lives in these registers ("the counter value written in
            // CRYPTO_ENCR_CNTRn_IVn"); the dump's `encr_cntr_iv` copies them. Only CTR: what
            // CBC leaves in them is not in the record, so the model leaves them as written.
            self.set_counter_registers(&next_iv);
        }
        status |= status_done();
        self.status = status;
        let out = self.output.entry(op.pair).or_default();
        if op.emits_data {
            if status & status_sw_err() != 0 {
                data.iter_mut().for_each(|b| *b = 0);
            }
            out.extend(&data);
        }
        if op.dump {
            let mut dump = [0u8; RESULT_DUMP_BYTES];
            dump[..digest.len()].copy_from_slice(&digest);
            // Bytes hashed so far, low word first, each word big-endian (qce.yaml
            // `result_dump_byte_count`).
            let bytes = op.auth.as_ref().map_or(0, |a| a.size) as u64;
            dump[64..68].copy_from_slice(&(bytes as u32).to_be_bytes());
            dump[68..72].copy_from_slice(&((bytes >> 32) as u32).to_be_bytes());
            dump[DUMP_CNTR_IV..DUMP_CNTR_IV + 16].copy_from_slice(&next_iv);
            let dumped = if self.dump_without_done {
                Status::from_bits(status)
                    .with_operation_done(false)
                    .to_bits()
            } else {
                status
            };
            dump[DUMP_STATUS..DUMP_STATUS + 4].copy_from_slice(&dumped.to_be_bytes());
            out.extend(&dump);
        }
        self.completed.push(Completed {
            pair: op.pair,
            bytes: op.seg_size,
            status,
        });
    }
}

#[cfg(test)]
mod tests {
    //! The engine alone, programmed register by register from the record's layout (not with
    //! the driver's program builder), so these hold the model to the record, not to the driver.

    use super::*;
    use aes::Aes128;
    use aes::cipher::{KeyIvInit, StreamCipher};

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
        // for every length that is not a multiple of 16: the model must not hide that.
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
        // No public source says how a partial mask shapes the count; the model refuses to
        // guess. A mask left at the model's reset value (0) is refused the same way.
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
}
