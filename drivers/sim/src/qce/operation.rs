//! What `GOPROC.GO` snapshots: the operation the registers configure, checked against what
//! the record says the engine does; anything else ends with `SW_ERR`.

use super::{Qce, status_sw_err};
use crate::crypto::{AesMode, DesMode, HashAlg};
use qcom_socs::blocks::qce::v5::{
    AuthSegCfg, Config, EncrSegCfg, auth_seg_cfg, encr_seg_cfg, offsets,
};

/// What the cipher half of an operation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum CipherAlg {
    Aes(AesMode),
    /// AES-XTS over one data unit (`ENCR_XTS_DU_SIZE` = the segment).
    Xts,
    /// DES or 3DES (by key length).
    Des(DesMode),
    /// AES-CCM: cipher and MAC together (`ENCR_MODE` CCM with `AUTH_ALG` AES).
    Ccm,
}

/// What a CCM operation read from the registers besides the key (see `ccm_setup`).
#[derive(Debug, Clone, Hash)]
pub(super) struct CcmRegs {
    /// `AUTH_INFO_NONCE0..3`: B0.
    pub(super) b0: [u8; 16],
    /// M: `AUTH_SIZE` + 1.
    pub(super) tag_len: usize,
    /// The payload's length (the cipher segment without the tag when decrypting).
    pub(super) payload: usize,
}

#[derive(Debug, Clone, Hash)]
pub(super) struct Cipher {
    /// The key bytes; for XTS the data key followed by the tweak key.
    pub(super) key: Vec<u8>,
    pub(super) alg: CipherAlg,
    pub(super) encrypt: bool,
    pub(super) iv: [u8; 16],
    pub(super) start: usize,
    pub(super) size: usize,
    /// CCM's own registers, for `CipherAlg::Ccm`.
    pub(super) ccm: Option<CcmRegs>,
}

#[derive(Debug, Clone, Hash)]
pub(super) struct Auth {
    pub(super) alg: HashAlg,
    pub(super) hmac_key: Option<Vec<u8>>,
    /// The chaining state the operation starts from: `AUTH_IV` as written.
    pub(super) state: [u32; 8],
    /// Bytes hashed before this operation: `AUTH_BYTECNT0` (low) and `AUTH_BYTECNT1` (high).
    pub(super) count: u64,
    pub(super) first: bool,
    pub(super) last: bool,
    pub(super) start: usize,
    pub(super) size: usize,
    /// `AUTH_POS` AFTER: the hash covers the cipher's output, not its input (authenc
    /// encryption: the MAC is over the ciphertext).
    pub(super) after: bool,
}

#[derive(Debug, Clone, Hash)]
pub(super) struct Operation {
    pub(super) pair: u32,
    pub(super) seg_size: usize,
    pub(super) cipher: Option<Cipher>,
    pub(super) auth: Option<Auth>,
    /// Output data bytes (the whole segment when a cipher is configured).
    pub(super) emits_data: bool,
    /// Output bytes beyond the segment: CCM's MAC burst when encrypting.
    pub(super) extra_output: usize,
    pub(super) dump: bool,
    pub(super) errors: u32,
}

impl Qce {
    /// `GOPROC.GO`: snapshots the configuration as the operation of its pipe pair (replacing
    /// one still waiting for input) and runs it if its input is there.
    pub(super) fn start(&mut self, dump: bool) {
        if self.active.take().is_some() {
            self.aborted += 1;
        }
        let config = Config::from_bits(self.reg(offsets::CONFIG));
        let encr = EncrSegCfg::from_bits(self.reg(offsets::ENCR_SEG_CFG));
        let auth = AuthSegCfg::from_bits(self.reg(offsets::AUTH_SEG_CFG));
        let seg_size = self.reg(offsets::SEG_SIZE) as usize;
        let mut checks = Checks::default();
        checks.require(config.little_endian_mode() && seg_size > 0);
        let cipher = if encr.encr_alg() == encr_seg_cfg::EncrAlg::NONE {
            None
        } else {
            self.cipher_at_go(encr, auth, seg_size, &mut checks)
        };
        let is_ccm = cipher.as_ref().is_some_and(|c| c.alg == CipherAlg::Ccm);
        // A CCM encryption's MAC burst, from the registers alone, so a refused one still
        // produces the output its descriptors wait for.
        let extra_output = if is_ccm && encr.encode() {
            let tag_len = auth.auth_size().to_bits() as usize + 1;
            let burst = (config.req_size() as usize + 1) * 8;
            tag_len.div_ceil(burst) * burst
        } else {
            0
        };
        let auth = if auth.auth_alg() == auth_seg_cfg::AuthAlg::NONE || is_ccm {
            // CCM's MAC half is checked and run with its cipher (`ccm_setup`, `run_ccm`).
            None
        } else {
            self.auth_at_go(auth, seg_size, &mut checks)
        };
        checks.require(cipher.is_some() || auth.is_some());
        self.active = Some(Operation {
            pair: config.pipe_set_select(),
            seg_size,
            emits_data: encr.encr_alg() != encr_seg_cfg::EncrAlg::NONE,
            extra_output,
            cipher,
            auth,
            dump,
            errors: checks.errors,
        });
        self.status = 0;
        self.run();
    }

    /// The cipher half as the registers configure it; `None` for an algorithm and mode the
    /// engine does not run. What the record does not cover is noted in `checks`.
    fn cipher_at_go(
        &self,
        encr: EncrSegCfg,
        auth: AuthSegCfg,
        seg_size: usize,
        checks: &mut Checks,
    ) -> Option<Cipher> {
        let start = self.reg(offsets::ENCR_SEG_START) as usize;
        let size = self.reg(offsets::ENCR_SEG_SIZE) as usize;
        let key_words = key_words(encr);
        let alg = cipher_alg(encr);
        checks.require(key_words > 0);
        if matches!(alg, Some(CipherAlg::Aes(AesMode::Ctr) | CipherAlg::Ccm)) {
            checks.require(self.counts_all_128_bits());
        }
        let mut key = self.words(offsets::ENCR_KEY, key_words);
        if alg == Some(CipherAlg::Xts) {
            checks.require(self.xts_unit_is_runnable(size));
            key.extend(self.words(offsets::ENCR_XTS_KEY, key_words));
        }
        checks.require(alg.is_some() && start.saturating_add(size) <= seg_size);
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.words(offsets::CNTR_IV, 4));
        let ccm = if alg == Some(CipherAlg::Ccm) {
            let regs = self.ccm_setup(encr, auth, &key, size, seg_size);
            checks.require(regs.is_some());
            regs
        } else {
            None
        };
        alg.map(|alg| Cipher {
            key,
            alg,
            encrypt: encr.encode(),
            iv,
            start,
            size,
            ccm,
        })
    }

    /// The hash half as the registers configure it; `None` for a hash the engine does not
    /// run. What the record does not cover is noted in `checks`.
    fn auth_at_go(&self, auth: AuthSegCfg, seg_size: usize, checks: &mut Checks) -> Option<Auth> {
        let alg = match auth.auth_size() {
            auth_seg_cfg::AuthSize::SHA1 => Some(HashAlg::Sha1),
            auth_seg_cfg::AuthSize::SHA256 => Some(HashAlg::Sha256),
            _ => None,
        };
        let hmac = auth.auth_mode() == auth_seg_cfg::AuthMode::HMAC;
        let start = self.reg(offsets::AUTH_SEG_START) as usize;
        let size = self.reg(offsets::AUTH_SEG_SIZE) as usize;
        let count = u64::from(self.reg(offsets::AUTH_BYTECNT))
            | (u64::from(self.reg(offsets::AUTH_BYTECNT + 4)) << 32);
        checks.require(auth.auth_alg() == auth_seg_cfg::AuthAlg::SHA && alg.is_some());
        // A part that is not the last must end on a 64-byte block: the engine keeps no
        // partial block between operations (vendor qce50 _ce_setup_hash, Linux
        // qce_setup_regs_ahash refuse it too). A part that is not the first resumes from a
        // count of whole blocks, as any earlier part leaves.
        checks.require(auth.auth_last() || size.is_multiple_of(64));
        checks.require(auth.auth_first() || count.is_multiple_of(64));
        checks.require(start.saturating_add(size) <= seg_size);
        let mut state = [0u32; 8];
        for (i, word) in state.iter_mut().enumerate() {
            *word = self.reg(offsets::AUTH_IV + 4 * i);
        }
        alg.map(|alg| Auth {
            alg,
            hmac_key: hmac.then(|| self.words(offsets::AUTH_KEY, 16)),
            state,
            count,
            first: auth.auth_first(),
            last: auth.auth_last(),
            start,
            size,
            after: auth.auth_pos() == auth_seg_cfg::AuthPos::AFTER,
        })
    }

    /// The CCM configuration the record describes (Linux `qce_setup_regs_aead`, vendor qce50
    /// `_ce_setup_cipher` for `QCE_MODE_CCM`), or `None` for anything else, which the simulator
    /// ends with `SW_ERR` rather than guess what the engine would compute:
    /// - `ENCR_SEG_CFG`: `LAST_CCM`; `AUTH_SEG_CFG`: `AUTH_ALG` AES, `AUTH_MODE` CCM (0), the
    ///   same key size as the cipher, four nonce words, first and last, no `COMP_EXP_MAC`, and
    ///   `AUTH_POS` BEFORE when encrypting, AFTER when decrypting (what both drivers write);
    /// - `AUTH_KEY` holds the cipher key (both drivers write it there too);
    /// - `ENCR_CCM_INT_CNTR` holds A0 and `CNTR_IV` A1 = A0 + 1;
    /// - `AUTH_INFO_NONCE` holds B0 (RFC 3610 2.2) whose flags, nonce and length agree with A0,
    ///   `AUTH_SIZE` (M - 1), the payload and whether there is associated data;
    /// - the segments: the cipher segment starts after the formatted associated data and runs
    ///   to the end of the input (with the M tag bytes when decrypting), the MAC segment covers
    ///   the formatted associated data and the payload from offset 0.
    fn ccm_setup(
        &self,
        encr: EncrSegCfg,
        auth: AuthSegCfg,
        key: &[u8],
        size: usize,
        seg_size: usize,
    ) -> Option<CcmRegs> {
        let encrypt = encr.encode();
        let expected_pos = if encrypt {
            auth_seg_cfg::AuthPos::BEFORE
        } else {
            auth_seg_cfg::AuthPos::AFTER
        };
        let auth_key_size = match key.len() {
            16 => auth_seg_cfg::AuthKeySize::AES128,
            _ => auth_seg_cfg::AuthKeySize::AES256,
        };
        let ok = encr.last_ccm() == encr_seg_cfg::LastCcm::LastCcmXfr
            && auth.auth_alg() == auth_seg_cfg::AuthAlg::AES
            && auth.auth_mode() == auth_seg_cfg::AuthMode::HASH
            && auth.auth_key_size() == auth_key_size
            && auth.auth_nonce_num_words() == 4
            && auth.auth_first()
            && auth.auth_last()
            && auth.comp_exp_mac() == auth_seg_cfg::CompExpMac::Disabled
            && auth.auth_pos() == expected_pos
            && self.words(offsets::AUTH_KEY, key.len() / 4) == key;
        if !ok {
            return None;
        }
        let tag_len = auth.auth_size().to_bits() as usize + 1;
        let mut b0 = [0u8; 16];
        b0.copy_from_slice(&self.words(offsets::AUTH_INFO_NONCE, 4));
        let mut a0 = [0u8; 16];
        a0.copy_from_slice(&self.words(offsets::ENCR_CCM_INT_CNTR, 4));
        let a1 = self.words(offsets::CNTR_IV, 4);
        let l = usize::from(a0[0] & 7) + 1;
        let nonce_end = 16 - l;
        let start = self.reg(offsets::ENCR_SEG_START) as usize;
        let payload = if encrypt {
            size
        } else {
            size.checked_sub(tag_len)?
        };
        let auth_start = self.reg(offsets::AUTH_SEG_START) as usize;
        let auth_size = self.reg(offsets::AUTH_SEG_SIZE) as usize;
        let length_field = b0[nonce_end..]
            .iter()
            .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
        let flags_ok = b0[0] & 0x80 == 0
            && (b0[0] & 0x40 != 0) == (start > 0)
            && usize::from((b0[0] >> 3) & 7) * 2 + 2 == tag_len
            && b0[0] & 7 == a0[0]
            && (2..=8).contains(&l)
            && (4..=16).contains(&tag_len)
            && tag_len.is_multiple_of(2);
        let counters_ok = b0[1..nonce_end] == a0[1..nonce_end]
            && a0[nonce_end..].iter().all(|&b| b == 0)
            && u128::from_be_bytes(a0).wrapping_add(1).to_be_bytes()[..] == a1[..];
        let segments_ok = length_field == payload as u128
            && start.is_multiple_of(16)
            && start + size == seg_size
            && auth_start == 0
            && auth_size == start + payload;
        if !(flags_ok && counters_ok && segments_ok) {
            return None;
        }
        Some(CcmRegs {
            b0,
            tag_len,
            payload,
        })
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

    /// Whether an XTS operation of `size` bytes is one the record says the engine does: the
    /// data unit is the whole segment (`ENCR_XTS_DU_SIZE` = `ENCR_SEG_SIZE`: Linux common.c
    /// `qce_xtskey`, "Anything else causes crypto engine to return back incorrect results"),
    /// whole 16-byte blocks (no source says the engine steals ciphertext: Linux sends every
    /// XTS request up to 512 bytes to software by default), at least one block, and a length
    /// up to 512 bytes or a multiple of 512 (Linux skcipher.c: "qce is hanging when AES-XTS
    /// request len > QCE_SECTOR_SIZE and is not a multiple of it"; the simulator refuses instead
    /// of hanging).
    fn xts_unit_is_runnable(&self, size: usize) -> bool {
        let du = self.reg(offsets::ENCR_XTS_DU_SIZE) as usize;
        du == size
            && size >= 16
            && size.is_multiple_of(16)
            && (size <= 512 || size.is_multiple_of(512))
    }
}

/// The `SW_ERR` an operation ends with when its configuration is one the record does not
/// describe, gathered while `GO` snapshots it.
#[derive(Default)]
struct Checks {
    errors: u32,
}

impl Checks {
    fn require(&mut self, ok: bool) {
        if !ok {
            self.errors |= status_sw_err();
        }
    }
}

/// `ENCR_KEY` words the cipher uses. `ENCR_KEY_SZ`: 0 is AES-128 for AES and single DES for
/// DES (regs-v5.h names both), 1 is 3DES, 2 is AES-256; 0 words for anything else.
fn key_words(encr: EncrSegCfg) -> usize {
    let aes = encr.encr_alg() == encr_seg_cfg::EncrAlg::AES;
    let des = encr.encr_alg() == encr_seg_cfg::EncrAlg::DES;
    match (aes, des, encr.encr_key_sz()) {
        (true, _, encr_seg_cfg::EncrKeySz::AES128) => 4,
        (true, _, encr_seg_cfg::EncrKeySz::AES256) => 8,
        (_, true, encr_seg_cfg::EncrKeySz::AES128) => 2,
        (_, true, encr_seg_cfg::EncrKeySz::TRIPLE_DES) => 6,
        _ => 0,
    }
}

/// The algorithm and mode `ENCR_SEG_CFG` selects, among those the engine runs.
fn cipher_alg(encr: EncrSegCfg) -> Option<CipherAlg> {
    let aes = encr.encr_alg() == encr_seg_cfg::EncrAlg::AES;
    let des = encr.encr_alg() == encr_seg_cfg::EncrAlg::DES;
    match (aes, des, encr.encr_mode()) {
        (true, _, encr_seg_cfg::EncrMode::CCM) => Some(CipherAlg::Ccm),
        (true, _, encr_seg_cfg::EncrMode::ECB) => Some(CipherAlg::Aes(AesMode::Ecb)),
        (true, _, encr_seg_cfg::EncrMode::CBC) => Some(CipherAlg::Aes(AesMode::Cbc)),
        (true, _, encr_seg_cfg::EncrMode::CTR) => Some(CipherAlg::Aes(AesMode::Ctr)),
        (true, _, encr_seg_cfg::EncrMode::XTS) => Some(CipherAlg::Xts),
        (_, true, encr_seg_cfg::EncrMode::ECB) => Some(CipherAlg::Des(DesMode::Ecb)),
        (_, true, encr_seg_cfg::EncrMode::CBC) => Some(CipherAlg::Des(DesMode::Cbc)),
        _ => None,
    }
}
