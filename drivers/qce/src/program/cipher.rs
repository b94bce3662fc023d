//! The cipher programs: AES (ECB, CBC, CTR), AES-XTS, DES and 3DES.

use super::{PipePair, Program, XTS_MAX_LEN, XTS_SECTOR, be_words};
use crate::Error;
use crate::request::{
    AesKey, CipherMode, CipherRequest, DesKey, DesMode, DesRequest, Direction, XtsKey, XtsRequest,
};
use qcom_socs::blocks::qce::v5::{
    AuthSegCfg, Commands, EncrSegCfg, EncrSegSize, EncrSegStart, EncrXtsDuSize, EncrXtsKey,
    encr_seg_cfg,
};

impl Program {
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
}
