//! The AEAD programs: AES-CCM (RFC 3610, RFC 4309) and authenc (HMAC over CBC).

use super::{AAD_AREA, AAD_MAX, PipePair, Program, SHA1_IV, SHA256_IV, be_words};
use crate::Error;
use crate::request::{
    AesKey, AuthencCipher, AuthencRequest, CcmNonce, CcmRequest, DesKey, HashAlg,
};
use qcom_socs::blocks::qce::v5::{
    AuthSegCfg, AuthSegSize, AuthSegStart, Commands, EncrSegCfg, EncrSegSize, EncrSegStart,
    auth_seg_cfg, encr_seg_cfg,
};

impl Program {
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
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        p.ccm_context(commands, request.key.bytes(), &blocks)?;
        let (encr, auth) = ccm_config(request, &blocks)?;
        let (cipher_len, auth_len, total) = ccm_segments(request, &blocks)?;
        p.push(commands.write_encr_seg_cfg(encr))?;
        p.push(commands.write_auth_seg_cfg(auth))?;
        p.push(commands.write_encr_seg_size(EncrSegSize::from_bits(cipher_len)))?;
        p.push(commands.write_encr_seg_start(EncrSegStart::from_bits(blocks.aad_len as u32)))?;
        p.push(commands.write_auth_seg_size(AuthSegSize::from_bits(auth_len)))?;
        p.push(commands.write_auth_seg_start(AuthSegStart::ZERO))?;
        p.go(commands, pipe_pair, total)?;
        Ok(p)
    }

    /// CCM's context: the key as cipher and MAC key, A1 and A0, the counter masks, the MAC
    /// state cleared and B0.
    fn ccm_context(
        &mut self,
        commands: Commands,
        key: &[u8],
        blocks: &CcmBlocks,
    ) -> Result<(), Error> {
        self.encr_key(commands, be_words(key))?;
        let mut a1 = blocks.a0;
        // A0's counter field is all zeros (at least two bytes): + 1 never carries.
        a1[15] = 1;
        self.cntr_iv(commands, be_words(&a1))?;
        self.encr_ccm_int_cntr(commands, be_words(&blocks.a0))?;
        self.counter_masks(commands)?;
        // Linux clears every AUTH_IV and AUTH_KEY word "of previous values", then writes the
        // key: the same end state, each word written once.
        self.auth_iv(commands, [0; 16])?;
        self.auth_key(
            commands,
            be_words(key).chain(core::iter::repeat(0)).take(16),
        )?;
        self.auth_bytecnt(commands, [0; 4])?;
        self.auth_info_nonce(commands, be_words(&blocks.b0))?;
        self.end_context();
        Ok(())
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
        let aad_len = authenc_checks(request)?;
        let encrypt = request.direction.is_encrypt();
        let mut p = Program::new();
        p.setup(commands, pipe_pair)?;
        let (cipher_key, iv, alg, key_size) = authenc_cipher(&request.cipher);
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
        let auth = authenc_auth_cfg(request.hash, encrypt);
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
}

/// CCM's `ENCR_SEG_CFG` and `AUTH_SEG_CFG`: AES-CCM with the key's size, M, four nonce words,
/// first and last, the MAC before the cipher when encrypting and after it when decrypting.
fn ccm_config(
    request: &CcmRequest<'_>,
    blocks: &CcmBlocks,
) -> Result<(EncrSegCfg, AuthSegCfg), Error> {
    let encrypt = request.direction.is_encrypt();
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
    let tag_len = blocks.tag_len as u32;
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
    Ok((encr, auth))
}

/// CCM's cipher segment, MAC segment and total input: the payload (with the tag when
/// decrypting) after the formatted associated data, the MAC over both. `SEG_SIZE` and its
/// friends are 32 bits: what does not fit is refused, never wrapped.
fn ccm_segments(request: &CcmRequest<'_>, blocks: &CcmBlocks) -> Result<(u32, u32, u32), Error> {
    let (tag_len, aad_len) = (blocks.tag_len as u32, blocks.aad_len as u32);
    let too_long = Error::SegmentTooLong { len: request.len };
    let auth_len = aad_len.checked_add(request.len).ok_or(too_long)?;
    let (cipher_len, total) = if request.direction.is_encrypt() {
        (request.len, auth_len)
    } else {
        (
            request.len.checked_add(tag_len).ok_or(too_long)?,
            auth_len.checked_add(tag_len).ok_or(too_long)?,
        )
    };
    Ok((cipher_len, auth_len, total))
}

/// What an authenc request must be: data, whole blocks of its cipher, a tag no longer than
/// the hash, associated data that fits; its associated data's length.
fn authenc_checks(request: &AuthencRequest<'_>) -> Result<usize, Error> {
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
    aad_len(request.aad)
}

/// An authenc cipher's key, IV, `ENCR_ALG` and `ENCR_KEY_SZ`.
fn authenc_cipher<'a>(
    cipher: &'a AuthencCipher<'a>,
) -> (
    &'a [u8],
    &'a [u8],
    encr_seg_cfg::EncrAlg,
    encr_seg_cfg::EncrKeySz,
) {
    match cipher {
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
    }
}

/// authenc's `AUTH_SEG_CFG`: the HMAC, first and last, after the cipher when encrypting and
/// before it when decrypting, so it always covers the ciphertext.
fn authenc_auth_cfg(hash: HashAlg, encrypt: bool) -> AuthSegCfg {
    AuthSegCfg::ZERO
        .with_auth_alg(auth_seg_cfg::AuthAlg::SHA)
        .with_auth_mode(auth_seg_cfg::AuthMode::HMAC)
        .with_auth_size(match hash {
            HashAlg::Sha1 => auth_seg_cfg::AuthSize::SHA1,
            HashAlg::Sha256 => auth_seg_cfg::AuthSize::SHA256,
        })
        .with_auth_first(true)
        .with_auth_last(true)
        .with_auth_pos(if encrypt {
            auth_seg_cfg::AuthPos::AFTER
        } else {
            auth_seg_cfg::AuthPos::BEFORE
        })
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
        if !ccm_tag_len_ok(tag_len, rfc4309) {
            return Err(Error::CcmTagLength { len: tag_len });
        }
        let (nonce, nonce_len) = ccm_nonce(request.nonce)?;
        let raw_aad = aad_len(request.aad)?;
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
        let (aad, aad_len) = format_aad(request.aad);
        Ok(CcmBlocks {
            b0,
            a0,
            aad,
            aad_len,
            tag_len,
        })
    }
}

/// RFC 3610 2.1: M in 4, 6, ..., 16; RFC 4309 3.1: 8, 12 or 16 (Linux qce_aead_setauthsize
/// refuses the same).
fn ccm_tag_len_ok(tag_len: usize, rfc4309: bool) -> bool {
    if rfc4309 {
        matches!(tag_len, 8 | 12 | 16)
    } else {
        (4..=16).contains(&tag_len) && crate::multiple_of_usize(tag_len, 2)
    }
}

/// The nonce's bytes (its first n) and n.
fn ccm_nonce(nonce: CcmNonce<'_>) -> Result<([u8; 13], usize), Error> {
    let mut bytes = [0u8; 13];
    let len = match nonce {
        CcmNonce::Nonce(given) => {
            if !(7..=13).contains(&given.len()) {
                return Err(Error::CcmNonceLength { len: given.len() });
            }
            if let Some(to) = bytes.get_mut(..given.len()) {
                to.copy_from_slice(given);
            }
            given.len()
        }
        CcmNonce::Rfc4309 { salt, iv } => {
            // RFC 4309 4: the nonce is the salt then the IV; Linux builds the same
            // (ccm_rfc4309_iv: 3, salt, iv).
            for (to, from) in bytes.iter_mut().zip(salt.iter().chain(iv.iter())) {
                *to = *from;
            }
            11
        }
    };
    Ok((bytes, len))
}

/// The associated data with its length header and zero padding, and its length in bytes: 0
/// without any, else a whole number of blocks. `aad` is at most [`AAD_MAX`] bytes.
fn format_aad(aad: &[u8]) -> ([u8; AAD_AREA], usize) {
    let mut formatted = [0u8; AAD_AREA];
    if aad.is_empty() {
        return (formatted, 0);
    }
    // 0 < l(a) < 2^16 - 2^8: two bytes (RFC 3610 2.2); AAD_MAX keeps to that form.
    let header = (aad.len() as u16).to_be_bytes();
    for (to, from) in formatted.iter_mut().zip(header.iter().chain(aad.iter())) {
        *to = *from;
    }
    (formatted, (aad.len() + 2).div_ceil(16) * 16)
}
