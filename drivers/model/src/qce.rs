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
//! - The result dump is the 104-byte layout of `qce-v5.yaml` (`auth_iv[16]`,
//!   `auth_byte_count[4]`, `encr_cntr_iv[4]`, `status`, `status2`) padded to 128 bytes.
//!   Grade: upstream (mainline qce's `struct qce_result_dump`, `QCE_RESULT_BUF_SZ` = 128).

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
        }
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
                            (AesMode::Ctr, _) => crypto::ctr_advance(&c.iv, c.size),
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
            let bits = (op.auth.as_ref().map_or(0, |a| a.size) as u64) * 8;
            dump[64..68].copy_from_slice(&(bits as u32).to_le_bytes());
            dump[68..72].copy_from_slice(&((bits >> 32) as u32).to_le_bytes());
            dump[DUMP_CNTR_IV..DUMP_CNTR_IV + 16].copy_from_slice(&next_iv);
            dump[DUMP_STATUS..DUMP_STATUS + 4].copy_from_slice(&status.to_le_bytes());
            out.extend(&dump);
        }
        self.completed.push(Completed {
            pair: op.pair,
            bytes: op.seg_size,
            status,
        });
    }
}
