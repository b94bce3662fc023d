//! Running a configured operation once its input is there: the hash and cipher halves with
//! the RustCrypto crates, CCM, and what goes back on the tx pipe (data and result dump).

use super::operation::{Auth, CcmRegs, Cipher, CipherAlg, Operation};
use super::{
    Completed, DUMP_CNTR_IV, DUMP_STATUS, Qce, RESULT_DUMP_BYTES, status_done, status_mac_failed,
    status_sw_err,
};
use crate::crypto::{self, AesMode, DesMode, ShaState};
use qcom_socs::blocks::qce::v5::{Status, offsets};

/// What an operation leaves besides its data: its status, the IV or counter it hands on, the
/// hash half's state or digest with its byte count, and the output beyond the segment.
struct Outcome {
    status: u32,
    next_iv: [u8; 16],
    digest: Vec<u8>,
    byte_count: u64,
    extra: Vec<u8>,
}

impl Qce {
    /// Runs the operation waiting for input once its pair has delivered a whole segment.
    pub(super) fn run(&mut self) {
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
        let mut outcome = Outcome {
            status: op.errors,
            next_iv: [0u8; 16],
            digest: Vec::new(),
            byte_count: 0,
            extra: vec![0u8; op.extra_output],
        };
        if outcome.status == 0 {
            op.compute(&mut data, &mut outcome);
        }
        let ran_ctr = op
            .cipher
            .as_ref()
            .is_some_and(|c| c.alg == CipherAlg::Aes(AesMode::Ctr));
        if outcome.status == 0 && ran_ctr {
            // The documented counter lives in these registers ("the counter value written in
            // CRYPTO_ENCR_CNTRn_IVn"); the dump's `encr_cntr_iv` copies them. Only CTR: what
            // CBC leaves in them is not in the record, so the simulator leaves them as written.
            self.set_counter_registers(&outcome.next_iv);
        }
        outcome.status |= status_done();
        self.status = outcome.status;
        self.queue_output(&op, &mut data, &mut outcome);
        self.completed.push(Completed {
            pair: op.pair,
            bytes: op.seg_size,
            status: outcome.status,
        });
    }

    /// Queues what the tx pipe of the operation's pair carries: the data (zeros after
    /// `SW_ERR`) and, if asked for, the result dump.
    fn queue_output(&mut self, op: &Operation, data: &mut [u8], outcome: &mut Outcome) {
        let dump = op.dump.then(|| self.result_dump(outcome));
        let out = self.output.entry(op.pair).or_default();
        if op.emits_data {
            if outcome.status & status_sw_err() != 0 {
                data.iter_mut().for_each(|b| *b = 0);
                outcome.extra.iter_mut().for_each(|b| *b = 0);
            }
            out.extend(&*data);
            out.extend(&outcome.extra);
        }
        if let Some(dump) = dump {
            out.extend(&dump);
        }
    }

    /// The result dump: the hash state or digest, the byte count, the IV or counter handed
    /// on, and the status.
    fn result_dump(&self, outcome: &Outcome) -> [u8; RESULT_DUMP_BYTES] {
        let mut dump = [0u8; RESULT_DUMP_BYTES];
        dump[..outcome.digest.len()].copy_from_slice(&outcome.digest);
        // Bytes hashed so far, low word first, each word big-endian (qce.yaml
        // `result_dump_byte_count`); for an HMAC that counts the key block the engine
        // hashed first (see `run_auth`).
        let bytes = outcome.byte_count;
        dump[64..68].copy_from_slice(&(bytes as u32).to_be_bytes());
        dump[68..72].copy_from_slice(&((bytes >> 32) as u32).to_be_bytes());
        dump[DUMP_CNTR_IV..DUMP_CNTR_IV + 16].copy_from_slice(&outcome.next_iv);
        let dumped = if self.dump_without_done {
            Status::from_bits(outcome.status)
                .with_operation_done(false)
                .to_bits()
        } else {
            outcome.status
        };
        dump[DUMP_STATUS..DUMP_STATUS + 4].copy_from_slice(&dumped.to_be_bytes());
        dump
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
}

impl Operation {
    /// Runs the operation over its segment in place: the hash before or after the cipher, as
    /// `AUTH_POS` says.
    fn compute(&self, data: &mut [u8], outcome: &mut Outcome) {
        if self.auth.as_ref().is_some_and(|a| !a.after) {
            self.hash(data, outcome);
        }
        if let Some(c) = &self.cipher
            && let Some(ccm) = &c.ccm
        {
            match run_ccm(c, ccm, data, &mut outcome.extra) {
                Some(true) => {}
                Some(false) => outcome.status |= status_mac_failed(),
                None => outcome.status |= status_sw_err(),
            }
            outcome.next_iv = c.iv;
        } else if let Some(c) = &self.cipher {
            match run_cipher(c, data) {
                Some(next_iv) => outcome.next_iv = next_iv,
                None => outcome.status |= status_sw_err(),
            }
        }
        if outcome.status == 0 && self.auth.as_ref().is_some_and(|a| a.after) {
            self.hash(data, outcome);
        }
    }

    fn hash(&self, data: &[u8], outcome: &mut Outcome) {
        if let Some(auth) = &self.auth {
            match run_auth(auth, &data[auth.start..auth.start + auth.size]) {
                Some((bytes, count)) => {
                    outcome.digest = bytes;
                    outcome.byte_count = count;
                }
                None => outcome.status |= status_sw_err(),
            }
        }
    }
}

/// A cipher other than CCM over its region of `data`, in place; the IV or counter a follow-on
/// request continues from, `None` when the crypto refused.
fn run_cipher(c: &Cipher, data: &mut [u8]) -> Option<[u8; 16]> {
    let region = &mut data[c.start..c.start + c.size];
    // The chaining value a follow-on CBC request continues from: the last ciphertext block,
    // which is the input's when decrypting.
    let block = match c.alg {
        CipherAlg::Des(_) => 8,
        _ => 16,
    };
    let last_input = region
        .len()
        .checked_sub(block)
        .map(|at| region[at..].to_vec());
    let ran = match c.alg {
        CipherAlg::Aes(mode) => crypto::aes(&c.key, mode, c.encrypt, &c.iv, region),
        CipherAlg::Xts => crypto::aes_xts(&c.key, c.encrypt, &c.iv, region),
        // Without its registers (`ccm_setup` refused them): already SW_ERR.
        CipherAlg::Ccm => Err(crypto::CryptoError::CcmParameters),
        CipherAlg::Des(mode) => {
            let mut iv = [0u8; 8];
            iv.copy_from_slice(&c.iv[..8]);
            crypto::des(&c.key, mode, c.encrypt, &iv, region)
        }
    };
    ran.ok()?;
    let last_output = region
        .len()
        .checked_sub(block)
        .map(|at| region[at..].to_vec());
    let chained = if c.encrypt { last_output } else { last_input };
    let mut next_iv = c.iv;
    match c.alg {
        // Whole blocks only: a partial last block does not count.
        CipherAlg::Aes(AesMode::Ctr) => next_iv = crypto::engine_counter_after(&c.iv, c.size),
        // CBC: the last ciphertext block, in the first 8 bytes for DES (inferred for DES from
        // AES's `cbc_next_iv`).
        CipherAlg::Aes(AesMode::Cbc) | CipherAlg::Des(DesMode::Cbc) => {
            if let Some(b) = chained {
                next_iv[..block].copy_from_slice(&b);
            }
        }
        _ => {}
    }
    Some(next_iv)
}

/// A CCM operation over its input (`ccm_setup` checked the registers), in place: `data` is the
/// formatted associated data, the payload and, decrypting, the tag. Encrypting, the payload
/// becomes ciphertext and `extra` (one MAC burst) the tag padded with zeros; decrypting, the
/// payload becomes plaintext, whatever the tag, and the tag's M bytes zeros (vendor qce50
/// `hw_pad_out`, Linux's "padded 0's which is output in lieu of the MAC"). Returns whether the
/// tag matched (always true encrypting), `None` where the formatted associated data is not as
/// RFC 3610 2.2 frames it. The arithmetic is RustCrypto `ccm`'s, given the nonce and the
/// associated data recovered from B0 and the framing.
fn run_ccm(c: &Cipher, ccm: &CcmRegs, data: &mut [u8], extra: &mut [u8]) -> Option<bool> {
    let aad_area = &data[..c.start];
    let aad = if c.start == 0 {
        &[][..]
    } else {
        // 0 < l(a) < 2^16 - 2^8: a 2-byte length; 2^16 - 2^8 <= l(a) < 2^32: 0xff 0xfe and 4
        // bytes; then the bytes, zeros to the block.
        let (header, len) = match aad_area {
            [0xff, 0xfe, a, b, c, d, ..] => (6, u32::from_be_bytes([*a, *b, *c, *d]) as usize),
            [a, b, ..] => (2, usize::from(u16::from_be_bytes([*a, *b]))),
            _ => return None,
        };
        let end = header + len;
        if len == 0 || end > aad_area.len() || end.div_ceil(16) * 16 != aad_area.len() {
            return None;
        }
        if aad_area[end..].iter().any(|&b| b != 0) {
            return None;
        }
        &aad_area[header..end]
    };
    let aad = aad.to_vec();
    let l = usize::from(ccm.b0[0] & 7) + 1;
    let nonce = &ccm.b0[1..16 - l];
    let payload = c.start..c.start + ccm.payload;
    if c.encrypt {
        let tag =
            crypto::aes_ccm_encrypt(&c.key, nonce, &aad, ccm.tag_len, &mut data[payload]).ok()?;
        extra[..tag.len()].copy_from_slice(&tag);
        Some(true)
    } else {
        let tag = data[payload.end..payload.end + ccm.tag_len].to_vec();
        let ok =
            crypto::aes_ccm_decrypt(&c.key, nonce, &aad, &tag, &mut data[payload.clone()]).ok()?;
        data[payload.end..payload.end + ccm.tag_len].fill(0);
        Some(ok)
    }
}

/// The hash half of an operation over its `data`: `Some((auth_iv bytes, byte count))` for the
/// dump, `None` when the engine would refuse.
///
/// - The chaining state comes from `AUTH_IV` and the count from `AUTH_BYTECNT` as written, on
///   a first part too (both drivers write the standard IV and a zero count there).
/// - An HMAC's first part hashes the key block (`AUTH_KEY` XOR ipad) before the data and
///   counts it: the byte count it dumps is 64 more than the data. Linux `qce_import_common`
///   adds exactly those 64 bytes to a count imported from software, "a hardware padding done
///   when first block is set" (upstream, for what the engine dumps: inferred from that
///   comment, and the only reading under which Linux's export/import round trip works).
/// - A part that is not the last ends on a whole block and dumps the chaining state; the last
///   part pads the message (FIPS 180-4) with the total count, and for an HMAC then hashes
///   `AUTH_KEY` XOR opad and the inner digest (RFC 2104) and dumps the MAC.
fn run_auth(auth: &Auth, data: &[u8]) -> Option<(Vec<u8>, u64)> {
    const IPAD: u8 = 0x36;
    const OPAD: u8 = 0x5c;
    let mut state = ShaState::from_words(auth.alg, auth.state);
    let mut count = auth.count;
    if auth.first
        && let Some(key) = &auth.hmac_key
    {
        let block: Vec<u8> = key.iter().map(|b| b ^ IPAD).collect();
        state.compress(&block).ok()?;
        count += 64;
    }
    let whole = if auth.last {
        data.len() / 64 * 64
    } else {
        data.len()
    };
    state.compress(&data[..whole]).ok()?;
    count += data.len() as u64;
    if !auth.last {
        return Some((state.bytes(), count));
    }
    let inner = state.finish(&data[whole..], count);
    let digest = match &auth.hmac_key {
        Some(key) => {
            let mut outer: Vec<u8> = key.iter().map(|b| b ^ OPAD).collect();
            outer.extend_from_slice(&inner);
            crypto::plain_digest(auth.alg, &outer)
        }
        None => inner,
    };
    Some((digest, count))
}
