//! The command elements of one request, in the engine's programming order.

use crate::Error;
use crate::request::{
    AesKey, AuthencCipher, AuthencRequest, CcmNonce, CcmRequest, CipherMode, CipherRequest, DesKey,
    DesMode, DesRequest, Direction, HashAlg, HashPart, HashRequest, HashState, HmacKey, XtsKey,
    XtsRequest,
};
use qcom_socs::blocks::qce::v5::{
    AuthBytecnt, AuthInfoNonce, AuthIv, AuthKey, AuthSegCfg, AuthSegSize, AuthSegStart, CntrIv,
    CntrMask, CntrMask0, CntrMask1, CntrMask2, Commands, Config, EncrCcmIntCntr, EncrKey,
    EncrSegCfg, EncrSegSize, EncrSegStart, EncrXtsDuSize, EncrXtsKey, Goproc, SegSize, Status,
    auth_seg_cfg, encr_seg_cfg,
};
use socgen_bam::DmaRegion;
use socgen_runtime::{CommandElement, Index};

/// The most command elements one request may use (AES-256-CCM uses 71: Linux's
/// `qce_setup_regs_aead` clears all sixteen `AUTH_IV` and `AUTH_KEY` words); one more is
/// [`Error::TooManyCommands`].
pub const MAX_COMMANDS: usize = 80;

/// The most associated-data bytes an AEAD request takes. The driver copies them into its work
/// slot, CCM's formatted with the 2-byte length header and zero padding (RFC 3610 section 2.2),
/// which must fit the slot's 256-byte area: 254 bytes with the header. More is
/// [`Error::AadTooLong`].
pub const AAD_MAX: usize = 254;

/// Bytes of a work slot's associated-data area (one in, one out).
pub(crate) const AAD_AREA: usize = 256;

/// The most bytes one XTS data unit may have: `ENCR_XTS_DU_SIZE` is 20 bits wide
/// (`socs/blocks/qce/v5.yaml`), and the longest multiple of 512 it holds is 2^20 - 512.
pub const XTS_MAX_LEN: u32 = (1 << 20) - 512;

/// The XTS length up to which any whole number of blocks runs on the engine; above it only
/// multiples of it do (Linux skcipher.c, `QCE_SECTOR_SIZE`: the engine hangs otherwise).
pub const XTS_SECTOR: u32 = 512;

/// The longest HMAC key the engine takes directly: the 64-byte block of SHA-1 and SHA-256,
/// which fills the 16 `AUTH_KEY` words.
pub const HMAC_KEY_MAX: usize = 64;

/// SHA-1 and SHA-256 initial hash values (FIPS 180-4, 5.3.1 and 5.3.3): the running digest the
/// engine starts from on a first block.
const SHA1_IV: [u32; 5] = [
    0x6745_2301,
    0xefcd_ab89,
    0x98ba_dcfe,
    0x1032_5476,
    0xc3d2_e1f0,
];
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// A request's command elements: a context part (keys, IVs, configuration that must not leak
/// between requests) and a go part (segment sizes, `CONFIG`, `GOPROC`), which become two
/// command descriptors.
#[derive(Debug, Clone)]
pub struct Program {
    elements: [CommandElement; MAX_COMMANDS],
    len: usize,
    context: usize,
}

/// The engine's BAM pipe pair (pipes 2n and 2n+1), checked once against
/// `CONFIG.PIPE_SET_SELECT` (pairs 0..=15), so building a request cannot fail on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipePair {
    index: u32,
    /// `CONFIG` with only `PIPE_SET_SELECT` set: holding the field, not the number, is what
    /// makes [`config`] unable to fail.
    select: Config,
}

impl PipePair {
    /// Pipe pair `index`, or [`Error::BadPipePair`] when `CONFIG.PIPE_SET_SELECT` cannot hold it.
    pub fn new(index: u32) -> Result<Self, Error> {
        let select = Config::ZERO
            .try_with_pipe_set_select(index)
            .map_err(|_| Error::BadPipePair { pipe_pair: index })?;
        Ok(PipePair { index, select })
    }

    /// The pair of a lock target's rx pipe: BAM pipes 2n and 2n+1 (core.c: rx pipe >> 1).
    pub fn of_rx_pipe(pipe: u32) -> Result<Self, Error> {
        PipePair::new(pipe / 2)
    }

    /// The pair's number.
    pub fn index(self) -> u32 {
        self.index
    }
}

/// `CONFIG` as common.c `qce_config_reg` means it: 64-byte bursts (`REQ_SIZE` = beats - 1 =
/// 7), the four interrupt masks set, high-speed mode on, our pipe pair. (The Linux code also
/// clears bit 2, `MASK_DIN_INTR`, by a shift typo; the intent, all four masks, is used here.)
fn config(pipe_pair: PipePair, little_endian: bool) -> Config {
    pipe_pair
        .select
        .with_req_size::<7>()
        .with_mask_err_intr(true)
        .with_mask_op_done_intr(true)
        .with_mask_din_intr(true)
        .with_mask_dout_intr(true)
        .with_little_endian_mode(little_endian)
}

/// Big-endian 32-bit words of `bytes` (keys and IVs go into the registers this way).
fn be_words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks(4).map(|chunk| {
        let mut word = [0u8; 4];
        for (to, from) in word.iter_mut().zip(chunk) {
            *to = *from;
        }
        u32::from_be_bytes(word)
    })
}

impl Program {
    fn new() -> Self {
        Program {
            elements: [CommandElement::write(socgen_runtime::CeAddr::new_const::<0>(), 0);
                MAX_COMMANDS],
            len: 0,
            context: 0,
        }
    }

    /// Appends one element, or refuses with [`Error::TooManyCommands`] once all
    /// [`MAX_COMMANDS`] are used (the work slot of a request holds no more).
    fn push(&mut self, element: CommandElement) -> Result<(), Error> {
        let slot = self
            .elements
            .get_mut(self.len)
            .ok_or(Error::TooManyCommands)?;
        *slot = element;
        self.len += 1;
        Ok(())
    }

    /// Writes `words` to a register array from its index 0 on; the first index past the
    /// array becomes the error `past_end` makes of it (naming the array), and nothing after
    /// it is written.
    fn push_array<const COUNT: u32>(
        &mut self,
        words: impl IntoIterator<Item = u32>,
        write: impl Fn(Index<COUNT>, u32) -> CommandElement,
        past_end: impl Fn(u32) -> Error,
    ) -> Result<(), Error> {
        for (i, word) in (0u32..).zip(words) {
            let index = Index::new(i).ok_or_else(|| past_end(i))?;
            self.push(write(index, word))?;
        }
        Ok(())
    }

    /// `ENCR_KEY0..`: the cipher key words.
    fn encr_key(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_encr_key(i, EncrKey::from_bits(w)),
            |index| Error::EncrKeyIndex { index },
        )
    }

    /// `CNTR0_IV0..`: the IV or initial counter words.
    fn cntr_iv(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_cntr_iv(i, CntrIv::from_bits(w)),
            |index| Error::CntrIvIndex { index },
        )
    }

    /// `AUTH_KEY0..`: the HMAC key words.
    fn auth_key(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_auth_key(i, AuthKey::from_bits(w)),
            |index| Error::AuthKeyIndex { index },
        )
    }

    /// `AUTH_IV0..`: the running digest the hash starts from.
    fn auth_iv(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_auth_iv(i, AuthIv::from_bits(w)),
            |index| Error::AuthIvIndex { index },
        )
    }

    /// `AUTH_BYTECNT0..`: the bytes hashed so far.
    fn auth_bytecnt(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_auth_bytecnt(i, AuthBytecnt::from_bits(w)),
            |index| Error::AuthBytecntIndex { index },
        )
    }

    /// `AUTH_INFO_NONCE0..3`: CCM's first block B0 (flags, nonce, message length).
    fn auth_info_nonce(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_auth_info_nonce(i, AuthInfoNonce::from_bits(w)),
            |index| Error::AuthInfoNonceIndex { index },
        )
    }

    /// `ENCR_CCM_INT_CNTR0..3`: CCM's counter block A0, whose keystream encrypts the MAC.
    fn encr_ccm_int_cntr(
        &mut self,
        commands: Commands,
        words: impl IntoIterator<Item = u32>,
    ) -> Result<(), Error> {
        self.push_array(
            words,
            |i, w| commands.write_encr_ccm_int_cntr(i, EncrCcmIntCntr::from_bits(w)),
            |index| Error::EncrCcmIntCntrIndex { index },
        )
    }

    fn end_context(&mut self) {
        self.context = self.len;
    }

    /// The command elements, in order.
    pub fn elements(&self) -> &[CommandElement] {
        self.elements.get(..self.len).unwrap_or(&[])
    }

    /// Elements in the context part and in the go part.
    pub fn split(&self) -> (u32, u32) {
        let context = self.context as u32;
        (context, self.len as u32 - context)
    }

    /// The setup every request starts with: clear `STATUS`, `CONFIG` big-endian.
    fn setup(&mut self, commands: Commands, pipe_pair: PipePair) -> Result<(), Error> {
        self.push(commands.write_status(Status::ZERO))?;
        self.push(commands.write_config(config(pipe_pair, false)))
    }

    /// The tail every request ends with: total size, `CONFIG` little-endian, go with a result
    /// dump.
    fn go(&mut self, commands: Commands, pipe_pair: PipePair, len: u32) -> Result<(), Error> {
        self.push(commands.write_seg_size(SegSize::from_bits(len)))?;
        self.push(commands.write_config(config(pipe_pair, true)))?;
        let go = Goproc::ZERO.with_go(true).with_results_dump(true);
        self.push(commands.write_goproc(go))
    }

    /// common.c `qce_setup_regs_skcipher`, AES only.
    ///
    /// Refuses [`Error::EmptyData`], [`Error::PartialBlock`] (ECB/CBC).
    pub fn cipher(
        commands: Commands,
        pipe_pair: PipePair,
        request: &CipherRequest<'_>,
    ) -> Result<Program, Error> {
        if request.len == 0 {
            return Err(Error::EmptyData);
        }
        if !crate::multiple_of_u32(request.len, 16)
            && !matches!(request.mode, CipherMode::Ctr { .. })
        {
            return Err(Error::PartialBlock { len: request.len });
        }
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        p.push(commands.write_auth_seg_cfg(AuthSegCfg::ZERO))?;
        p.encr_key(commands, be_words(request.key.bytes()))?;
        let (mode, iv) = match request.mode {
            CipherMode::Ecb => (encr_seg_cfg::EncrMode::ECB, None),
            CipherMode::Cbc { iv } => (encr_seg_cfg::EncrMode::CBC, Some(iv)),
            CipherMode::Ctr { counter } => (encr_seg_cfg::EncrMode::CTR, Some(counter)),
        };
        if let Some(iv) = iv {
            p.cntr_iv(commands, be_words(&iv))?;
        }
        p.end_context();
        let key_size = match request.key {
            AesKey::Aes128(_) => encr_seg_cfg::EncrKeySz::AES128,
            AesKey::Aes256(_) => encr_seg_cfg::EncrKeySz::AES256,
        };
        let cfg = EncrSegCfg::ZERO
            .with_encr_alg(encr_seg_cfg::EncrAlg::AES)
            .with_encr_key_sz(key_size)
            .with_encr_mode(mode)
            .with_encode(request.direction == Direction::Encrypt);
        p.encr_segment(commands, cfg, request.len)?;
        if matches!(request.mode, CipherMode::Ctr { .. }) {
            // Count over all 128 bits.
            p.counter_masks(commands)?;
        }
        p.go(commands, pipe_pair, request.len)?;
        Ok(p)
    }

    /// common.c `qce_setup_regs_ahash` for a whole message (first and last block).
    ///
    /// Refuses [`Error::EmptyData`], [`Error::HmacKeyTooLong`].
    pub fn hash(
        commands: Commands,
        pipe_pair: PipePair,
        request: &HashRequest<'_>,
    ) -> Result<Program, Error> {
        let state = match request.hmac_key {
            Some(key) => HashState::hmac(request.alg, HmacKey::new(key)?),
            None => HashState::new(request.alg),
        };
        let part = HashPart {
            state: &state,
            src: request.src,
            len: request.len,
            last: true,
        };
        Program::hash_part(commands, pipe_pair, &part)
    }

    /// One part of a hash, in the order of common.c `qce_setup_regs_ahash` (vendor qce50
    /// `_ce_setup_hash` programs the same registers): the HMAC key (every part: the last
    /// needs it for the outer hash, and nothing of another request's key may remain), the
    /// chaining value (`AUTH_IV`: the standard IV on the first part, the dumped state after),
    /// the byte count (`AUTH_BYTECNT`: zero on the first part, the dumped count after, all
    /// four words), then `AUTH_SEG_CFG` with `AUTH_FIRST` on the first part and `AUTH_LAST`
    /// on the last, the segment and the go.
    ///
    /// Refuses [`Error::EmptyData`] and [`Error::PartialHashBlock`] (a part that is not the
    /// last and not whole 64-byte blocks).
    pub fn hash_part(
        commands: Commands,
        pipe_pair: PipePair,
        part: &HashPart<'_>,
    ) -> Result<Program, Error> {
        if part.len == 0 {
            return Err(Error::EmptyData);
        }
        if !part.last && !crate::multiple_of_u32(part.len, 64) {
            return Err(Error::PartialHashBlock { len: part.len });
        }
        let state = part.state;
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        let mut cfg = AuthSegCfg::ZERO
            .with_auth_alg(auth_seg_cfg::AuthAlg::SHA)
            .with_auth_first(state.running.is_none())
            .with_auth_last(part.last);
        cfg = match state.alg {
            HashAlg::Sha1 => cfg.with_auth_size(auth_seg_cfg::AuthSize::SHA1),
            HashAlg::Sha256 => cfg.with_auth_size(auth_seg_cfg::AuthSize::SHA256),
        };
        if let Some(key) = &state.key {
            cfg = cfg.with_auth_mode(auth_seg_cfg::AuthMode::HMAC);
            // All 16 words, zero-padded: nothing of an earlier key may remain.
            p.auth_key(commands, be_words(key.block()))?;
        }
        let words = state.alg.digest_len() / 4;
        match &state.running {
            None => {
                let iv: &[u32] = match state.alg {
                    HashAlg::Sha1 => &SHA1_IV,
                    HashAlg::Sha256 => &SHA256_IV,
                };
                p.auth_iv(commands, iv.iter().copied())?;
                p.auth_bytecnt(commands, [0; 4])?;
            }
            Some(running) => {
                // The dumped state is the digest's byte string: its words big-endian.
                p.auth_iv(commands, be_words(&running.iv).take(words))?;
                let [low, high] = running.byte_count;
                p.auth_bytecnt(commands, [low, high, 0, 0])?;
            }
        }
        p.end_context();
        p.push(commands.write_auth_seg_cfg(cfg))?;
        p.push(commands.write_auth_seg_size(AuthSegSize::from_bits(part.len)))?;
        p.push(commands.write_auth_seg_start(AuthSegStart::ZERO))?;
        p.push(commands.write_encr_seg_cfg(EncrSegCfg::ZERO))?;
        p.go(commands, pipe_pair, part.len)?;
        Ok(p)
    }

    /// The cipher tail of common.c `qce_setup_regs_skcipher`: `ENCR_SEG_CFG`, its size and
    /// start.
    fn encr_segment(&mut self, commands: Commands, cfg: EncrSegCfg, len: u32) -> Result<(), Error> {
        self.push(commands.write_encr_seg_cfg(cfg))?;
        self.push(commands.write_encr_seg_size(EncrSegSize::from_bits(len)))?;
        self.push(commands.write_encr_seg_start(EncrSegStart::ZERO))
    }

    /// common.c `qce_setup_regs_skcipher` for `xts(aes)`: the data key into `ENCR_KEY`, the
    /// tweak key into `ENCR_XTS_KEY` and the data-unit size, `qce_xtskey`'s order (the unit is
    /// the whole request: "Anything else causes crypto engine to return back incorrect
    /// results"), the tweak into `CNTR_IV`, then the configuration with mode XTS.
    ///
    /// Refuses [`Error::XtsTooShort`], [`Error::XtsPartialBlock`], [`Error::XtsLength`].
    pub fn xts(
        commands: Commands,
        pipe_pair: PipePair,
        request: &XtsRequest<'_>,
    ) -> Result<Program, Error> {
        let len = request.len;
        if len < 16 {
            return Err(Error::XtsTooShort { len });
        }
        if !crate::multiple_of_u32(len, 16) {
            return Err(Error::XtsPartialBlock { len });
        }
        if (len > XTS_SECTOR && !crate::multiple_of_u32(len, XTS_SECTOR)) || len > XTS_MAX_LEN {
            return Err(Error::XtsLength { len });
        }
        let du = EncrXtsDuSize::ZERO
            .try_with_encr_xts_du_size(len)
            .map_err(|_| Error::XtsLength { len })?;
        let (data_key, tweak_key) = request.key.halves();
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        p.push(commands.write_auth_seg_cfg(AuthSegCfg::ZERO))?;
        p.push_array(
            be_words(tweak_key),
            |i, w| commands.write_encr_xts_key(i, EncrXtsKey::from_bits(w)),
            |index| Error::EncrXtsKeyIndex { index },
        )?;
        p.push(commands.write_encr_xts_du_size(du))?;
        p.encr_key(commands, be_words(data_key))?;
        p.cntr_iv(commands, be_words(&request.tweak))?;
        p.end_context();
        let key_size = match request.key {
            XtsKey::Aes128(_) => encr_seg_cfg::EncrKeySz::AES128,
            XtsKey::Aes256(_) => encr_seg_cfg::EncrKeySz::AES256,
        };
        let cfg = EncrSegCfg::ZERO
            .with_encr_alg(encr_seg_cfg::EncrAlg::AES)
            .with_encr_key_sz(key_size)
            .with_encr_mode(encr_seg_cfg::EncrMode::XTS)
            .with_encode(request.direction == Direction::Encrypt);
        p.encr_segment(commands, cfg, len)?;
        p.go(commands, pipe_pair, len)?;
        Ok(p)
    }

    /// common.c `qce_setup_regs_skcipher` for `ecb`/`cbc(des)` and `ecb`/`cbc(des3_ede)`: the
    /// key words (2 or 6), the 8-byte IV into `CNTR_IV0..1` for CBC, then `ENCR_ALG` DES with
    /// `ENCR_KEY_SZ` DES (value 0, which the register map names `AES128`: regs-v5.h gives
    /// `ENCR_KEY_SZ_DES` = 0) or 3DES.
    ///
    /// Refuses [`Error::EmptyData`], [`Error::PartialDesBlock`].
    pub fn des(
        commands: Commands,
        pipe_pair: PipePair,
        request: &DesRequest<'_>,
    ) -> Result<Program, Error> {
        if request.len == 0 {
            return Err(Error::EmptyData);
        }
        if !crate::multiple_of_u32(request.len, 8) {
            return Err(Error::PartialDesBlock { len: request.len });
        }
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        p.push(commands.write_auth_seg_cfg(AuthSegCfg::ZERO))?;
        p.encr_key(commands, be_words(request.key.bytes()))?;
        let mode = match request.mode {
            DesMode::Ecb => encr_seg_cfg::EncrMode::ECB,
            DesMode::Cbc { iv } => {
                p.cntr_iv(commands, be_words(&iv))?;
                encr_seg_cfg::EncrMode::CBC
            }
        };
        p.end_context();
        let key_size = match request.key {
            DesKey::Des(_) => encr_seg_cfg::EncrKeySz::AES128,
            DesKey::TripleDes(_) => encr_seg_cfg::EncrKeySz::TRIPLE_DES,
        };
        let cfg = EncrSegCfg::ZERO
            .with_encr_alg(encr_seg_cfg::EncrAlg::DES)
            .with_encr_key_sz(key_size)
            .with_encr_mode(mode)
            .with_encode(request.direction == Direction::Encrypt);
        p.encr_segment(commands, cfg, request.len)?;
        p.go(commands, pipe_pair, request.len)?;
        Ok(p)
    }

    /// common.c `qce_setup_regs_aead` for `ccm(aes)` and `rfc4309(ccm(aes))` (vendor qce50
    /// `_ce_setup_cipher` with `QCE_MODE_CCM` programs the same registers): the key into
    /// `ENCR_KEY` and `AUTH_KEY` (the CBC-MAC uses the same key), the counter block A1 into
    /// `CNTR_IV` (Linux writes A0 and then `CNTR3_IV3` + 1; the same end state in four writes),
    /// A0 into `ENCR_CCM_INT_CNTR` for the MAC's keystream, the four counter masks all ones,
    /// `AUTH_IV` and `AUTH_BYTECNT` cleared, B0 into `AUTH_INFO_NONCE`; then `ENCR_SEG_CFG`
    /// (mode CCM, `LAST_CCM`), `AUTH_SEG_CFG` (AES, `AUTH_SIZE` = M - 1, four nonce words,
    /// first and last, the MAC before the cipher when encrypting and after it when decrypting),
    /// the cipher segment after the formatted associated data (with the tag when decrypting,
    /// whose M bytes the engine compares), the MAC segment over the formatted associated data
    /// and the payload.
    ///
    /// Refuses [`Error::CcmTagLength`], [`Error::CcmNonceLength`], [`Error::AadTooLong`],
    /// [`Error::Rfc4309AadLength`], [`Error::CcmMessageTooLong`], [`Error::EmptyData`] (an
    /// empty payload to encrypt: Linux falls back to software for it),
    /// [`Error::SegmentTooLong`].
    pub fn ccm(
        commands: Commands,
        pipe_pair: PipePair,
        request: &CcmRequest<'_>,
    ) -> Result<Program, Error> {
        let blocks = CcmBlocks::new(request)?;
        let encrypt = request.direction.is_encrypt();
        let tag_len = blocks.tag_len as u32;
        let aad_len = blocks.aad_len as u32;
        let key = request.key.bytes();
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        p.encr_key(commands, be_words(key))?;
        let mut a1 = blocks.a0;
        // A0's counter field is all zeros (at least two bytes): + 1 never carries.
        a1[15] = 1;
        p.cntr_iv(commands, be_words(&a1))?;
        p.encr_ccm_int_cntr(commands, be_words(&blocks.a0))?;
        p.counter_masks(commands)?;
        // Linux clears every AUTH_IV and AUTH_KEY word "of previous values", then writes the
        // key: the same end state, each word written once.
        p.auth_iv(commands, [0; 16])?;
        p.auth_key(
            commands,
            be_words(key).chain(core::iter::repeat(0)).take(16),
        )?;
        p.auth_bytecnt(commands, [0; 4])?;
        p.auth_info_nonce(commands, be_words(&blocks.b0))?;
        p.end_context();
        let (encr_key_size, auth_key_size) = match request.key {
            AesKey::Aes128(_) => (
                encr_seg_cfg::EncrKeySz::AES128,
                auth_seg_cfg::AuthKeySize::AES128,
            ),
            AesKey::Aes256(_) => (
                encr_seg_cfg::EncrKeySz::AES256,
                auth_seg_cfg::AuthKeySize::AES256,
            ),
        };
        let encr = EncrSegCfg::ZERO
            .with_encr_alg(encr_seg_cfg::EncrAlg::AES)
            .with_encr_key_sz(encr_key_size)
            .with_encr_mode(encr_seg_cfg::EncrMode::CCM)
            .with_last_ccm(encr_seg_cfg::LastCcm::LastCcmXfr)
            .with_encode(encrypt);
        // AUTH_SIZE holds M - 1 (regs-v5.h AUTH_SIZE_ENUM_n_BYTES = n - 1); M is 4..=16.
        let size =
            auth_seg_cfg::AuthSize::new(tag_len.saturating_sub(1)).ok_or(Error::CcmTagLength {
                len: blocks.tag_len,
            })?;
        let auth = AuthSegCfg::ZERO
            .with_auth_alg(auth_seg_cfg::AuthAlg::AES)
            .with_auth_key_size(auth_key_size)
            .with_auth_mode(auth_seg_cfg::AuthMode::HASH)
            .with_auth_size(size)
            .with_auth_nonce_num_words::<4>()
            .with_auth_first(true)
            .with_auth_last(true)
            .with_auth_pos(if encrypt {
                auth_seg_cfg::AuthPos::BEFORE
            } else {
                auth_seg_cfg::AuthPos::AFTER
            });
        // SEG_SIZE and friends are 32 bits: what does not fit is refused, never wrapped.
        let too_long = Error::SegmentTooLong { len: request.len };
        let auth_len = aad_len.checked_add(request.len).ok_or(too_long)?;
        let (cipher_len, total) = if encrypt {
            (request.len, auth_len)
        } else {
            (
                request.len.checked_add(tag_len).ok_or(too_long)?,
                auth_len.checked_add(tag_len).ok_or(too_long)?,
            )
        };
        p.push(commands.write_encr_seg_cfg(encr))?;
        p.push(commands.write_auth_seg_cfg(auth))?;
        p.push(commands.write_encr_seg_size(EncrSegSize::from_bits(cipher_len)))?;
        p.push(commands.write_encr_seg_start(EncrSegStart::from_bits(aad_len)))?;
        p.push(commands.write_auth_seg_size(AuthSegSize::from_bits(auth_len)))?;
        p.push(commands.write_auth_seg_start(AuthSegStart::ZERO))?;
        p.go(commands, pipe_pair, total)?;
        Ok(p)
    }

    /// common.c `qce_setup_regs_aead` for `authenc(hmac(sha1|sha256), cbc(aes|des|des3_ede))`
    /// (vendor qce50 `_ce_setup_aead`): the cipher key and IV, the HMAC key into all sixteen
    /// `AUTH_KEY` words, the hash's standard IV into `AUTH_IV` (the other words cleared), the
    /// byte count cleared; then `ENCR_SEG_CFG` (CBC), `AUTH_SEG_CFG` (HMAC, first and last,
    /// the hash after the cipher when encrypting and before it when decrypting, so it always
    /// covers the ciphertext), the cipher segment after the associated data, the hash segment
    /// over both.
    ///
    /// Refuses [`Error::EmptyData`], [`Error::PartialBlock`], [`Error::PartialDesBlock`],
    /// [`Error::AuthencTagLength`], [`Error::AadTooLong`], [`Error::SegmentTooLong`].
    pub fn authenc(
        commands: Commands,
        pipe_pair: PipePair,
        request: &AuthencRequest<'_>,
    ) -> Result<Program, Error> {
        let len = request.len;
        if len == 0 {
            return Err(Error::EmptyData);
        }
        match request.cipher {
            AuthencCipher::Aes { .. } if !crate::multiple_of_u32(len, 16) => {
                return Err(Error::PartialBlock { len });
            }
            AuthencCipher::Des { .. } if !crate::multiple_of_u32(len, 8) => {
                return Err(Error::PartialDesBlock { len });
            }
            _ => {}
        }
        let tag_len = request.direction.tag_len();
        let max = request.hash.digest_len();
        if tag_len == 0 || tag_len > max {
            return Err(Error::AuthencTagLength { len: tag_len, max });
        }
        let aad_len = aad_len(request.aad)?;
        let encrypt = request.direction.is_encrypt();
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        let (cipher_key, iv, alg, key_size): (&[u8], &[u8], _, _) = match &request.cipher {
            AuthencCipher::Aes { key, iv } => (
                key.bytes(),
                iv,
                encr_seg_cfg::EncrAlg::AES,
                match key {
                    AesKey::Aes128(_) => encr_seg_cfg::EncrKeySz::AES128,
                    AesKey::Aes256(_) => encr_seg_cfg::EncrKeySz::AES256,
                },
            ),
            AuthencCipher::Des { key, iv } => (
                key.bytes(),
                iv,
                encr_seg_cfg::EncrAlg::DES,
                match key {
                    DesKey::Des(_) => encr_seg_cfg::EncrKeySz::AES128,
                    DesKey::TripleDes(_) => encr_seg_cfg::EncrKeySz::TRIPLE_DES,
                },
            ),
        };
        p.encr_key(commands, be_words(cipher_key))?;
        p.cntr_iv(commands, be_words(iv))?;
        let std_iv: &[u32] = match request.hash {
            HashAlg::Sha1 => &SHA1_IV,
            HashAlg::Sha256 => &SHA256_IV,
        };
        p.auth_iv(
            commands,
            std_iv.iter().copied().chain(core::iter::repeat(0)).take(16),
        )?;
        p.auth_key(commands, be_words(request.auth_key.block()))?;
        p.auth_bytecnt(commands, [0; 4])?;
        p.end_context();
        let encr = EncrSegCfg::ZERO
            .with_encr_alg(alg)
            .with_encr_key_sz(key_size)
            .with_encr_mode(encr_seg_cfg::EncrMode::CBC)
            .with_encode(encrypt);
        let auth = AuthSegCfg::ZERO
            .with_auth_alg(auth_seg_cfg::AuthAlg::SHA)
            .with_auth_mode(auth_seg_cfg::AuthMode::HMAC)
            .with_auth_size(match request.hash {
                HashAlg::Sha1 => auth_seg_cfg::AuthSize::SHA1,
                HashAlg::Sha256 => auth_seg_cfg::AuthSize::SHA256,
            })
            .with_auth_first(true)
            .with_auth_last(true)
            .with_auth_pos(if encrypt {
                auth_seg_cfg::AuthPos::AFTER
            } else {
                auth_seg_cfg::AuthPos::BEFORE
            });
        let aad_len = aad_len as u32;
        let total = aad_len
            .checked_add(len)
            .ok_or(Error::SegmentTooLong { len })?;
        p.push(commands.write_encr_seg_cfg(encr))?;
        p.push(commands.write_auth_seg_cfg(auth))?;
        p.push(commands.write_encr_seg_size(EncrSegSize::from_bits(len)))?;
        p.push(commands.write_encr_seg_start(EncrSegStart::from_bits(aad_len)))?;
        p.push(commands.write_auth_seg_size(AuthSegSize::from_bits(total)))?;
        p.push(commands.write_auth_seg_start(AuthSegStart::ZERO))?;
        p.go(commands, pipe_pair, total)?;
        Ok(p)
    }

    /// The four counter masks all ones, in the order common.c writes them.
    fn counter_masks(&mut self, commands: Commands) -> Result<(), Error> {
        self.push(commands.write_cntr_mask(CntrMask::from_bits(u32::MAX)))?;
        self.push(commands.write_cntr_mask0(CntrMask0::from_bits(u32::MAX)))?;
        self.push(commands.write_cntr_mask1(CntrMask1::from_bits(u32::MAX)))?;
        self.push(commands.write_cntr_mask2(CntrMask2::from_bits(u32::MAX)))
    }

    /// Writes the elements at `offset` of `work` and cleans them to the device.
    pub(crate) fn write_to<M: DmaRegion>(&self, work: &M, offset: usize) {
        let base = work.cpu_ptr().wrapping_add(offset);
        for (i, element) in self.elements().iter().enumerate() {
            let bytes = element.to_bytes();
            // SAFETY: the caller passes the offset of a request slot inside `work` (checked
            // against its length in `Qce::new`), and a slot holds MAX_COMMANDS elements, so
            // every byte written lies inside the region the `DmaRegion` contract makes valid.
            unsafe {
                core::ptr::copy_nonoverlapping(
                    bytes.as_ptr(),
                    base.wrapping_add(i * CommandElement::SIZE),
                    CommandElement::SIZE,
                );
            }
        }
        work.clean(offset, self.len * CommandElement::SIZE);
    }
}

/// The associated data's length, or [`Error::AadTooLong`].
fn aad_len(aad: &[u8]) -> Result<usize, Error> {
    if aad.len() > AAD_MAX {
        return Err(Error::AadTooLong { len: aad.len() });
    }
    Ok(aad.len())
}

/// What a CCM request hands the engine besides its key, formatted as RFC 3610 section 2.2
/// (NIST SP 800-38C appendix A) says and as Linux `qce_aead_create_ccm_nonce` /
/// `qce_aead_ccm_prepare_buf_assoclen` build it: the first block B0, the counter block A0,
/// the associated data with its length header and zero padding.
#[derive(Debug, Clone)]
pub(crate) struct CcmBlocks {
    /// B0: flags (Adata, (M - 2) / 2, L - 1), the nonce, the payload length in L bytes.
    pub(crate) b0: [u8; 16],
    /// A0: L - 1, the nonce, a zero counter.
    pub(crate) a0: [u8; 16],
    /// The formatted associated data (its first `aad_len` bytes).
    pub(crate) aad: [u8; AAD_AREA],
    /// Bytes of formatted associated data: 0 without any, else a whole number of blocks.
    pub(crate) aad_len: usize,
    /// M.
    pub(crate) tag_len: usize,
}

impl CcmBlocks {
    pub(crate) fn new(request: &CcmRequest<'_>) -> Result<Self, Error> {
        let tag_len = request.direction.tag_len();
        let rfc4309 = matches!(request.nonce, CcmNonce::Rfc4309 { .. });
        // RFC 3610 2.1: M in 4, 6, ..., 16; RFC 4309 3.1: 8, 12 or 16 (Linux
        // qce_aead_setauthsize refuses the same).
        let tag_ok = if rfc4309 {
            matches!(tag_len, 8 | 12 | 16)
        } else {
            (4..=16).contains(&tag_len) && crate::multiple_of_usize(tag_len, 2)
        };
        if !tag_ok {
            return Err(Error::CcmTagLength { len: tag_len });
        }
        let mut nonce = [0u8; 13];
        let nonce_len = match request.nonce {
            CcmNonce::Nonce(bytes) => {
                if !(7..=13).contains(&bytes.len()) {
                    return Err(Error::CcmNonceLength { len: bytes.len() });
                }
                if let Some(to) = nonce.get_mut(..bytes.len()) {
                    to.copy_from_slice(bytes);
                }
                bytes.len()
            }
            CcmNonce::Rfc4309 { salt, iv } => {
                // RFC 4309 4: the nonce is the salt then the IV; Linux builds the same
                // (ccm_rfc4309_iv: 3, salt, iv).
                for (to, from) in nonce.iter_mut().zip(salt.iter().chain(iv.iter())) {
                    *to = *from;
                }
                11
            }
        };
        let aad = request.aad;
        let raw_aad = aad_len(aad)?;
        // RFC 4309 5: the associated data is the SPI and the (extended) sequence number;
        // Linux crypto_ipsec_check_assoclen accepts those 8 or 12 bytes (plus the IV) only.
        if rfc4309 && !matches!(raw_aad, 8 | 12) {
            return Err(Error::Rfc4309AadLength { len: raw_aad });
        }
        let len = request.len;
        if len == 0 && request.direction.is_encrypt() {
            return Err(Error::EmptyData);
        }
        // L = 15 - n bytes hold the payload length (RFC 3610 2.1).
        let l = 15 - nonce_len;
        let fits = match u32::try_from(l * 8) {
            Ok(bits) if bits < 32 => u64::from(len) < (1u64 << bits),
            _ => true,
        };
        if !fits {
            return Err(Error::CcmMessageTooLong { len, nonce_len });
        }
        let mut b0 = [0u8; 16];
        let mut a0 = [0u8; 16];
        let flags_l = (l - 1) as u8;
        let adata = if raw_aad > 0 { 0x40 } else { 0 };
        b0[0] = adata | ((((tag_len - 2) / 2) as u8) << 3) | flags_l;
        a0[0] = flags_l;
        for (i, byte) in nonce.iter().take(nonce_len).enumerate() {
            if let (Some(b), Some(a)) = (b0.get_mut(1 + i), a0.get_mut(1 + i)) {
                *b = *byte;
                *a = *byte;
            }
        }
        // The length, big-endian, in the last L bytes (at most 4 are non-zero for a u32).
        for (i, byte) in len.to_be_bytes().iter().rev().enumerate().take(l) {
            if let Some(b) = b0.get_mut(15 - i) {
                *b = *byte;
            }
        }
        let mut formatted = [0u8; AAD_AREA];
        let aad_len = if raw_aad == 0 {
            0
        } else {
            // 0 < l(a) < 2^16 - 2^8: two bytes (RFC 3610 2.2); AAD_MAX keeps to that form.
            let header = (raw_aad as u16).to_be_bytes();
            for (to, from) in formatted.iter_mut().zip(header.iter().chain(aad.iter())) {
                *to = *from;
            }
            (raw_aad + 2).div_ceil(16) * 16
        };
        Ok(CcmBlocks {
            b0,
            a0,
            aad: formatted,
            aad_len,
            tag_len,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::AeadDirection;
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
}
