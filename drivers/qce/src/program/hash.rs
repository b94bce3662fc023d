//! The hash programs: SHA-1 and SHA-256, plain or HMAC, one-shot or in parts.

use super::{PipePair, Program, SHA1_IV, SHA256_IV, be_words};
use crate::Error;
use crate::request::{HashAlg, HashPart, HashRequest, HashState, HmacKey};
use qcom_socs::blocks::qce::v5::{
    AuthSegCfg, AuthSegSize, AuthSegStart, Commands, EncrSegCfg, auth_seg_cfg,
};

impl Program {
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
}
