//! The command elements of one request, in the engine's programming order.

use crate::Error;
use qcom_socs::blocks::qce::v5::{
    AuthBytecnt, AuthInfoNonce, AuthIv, AuthKey, CntrIv, CntrMask, CntrMask0, CntrMask1, CntrMask2,
    Commands, Config, EncrCcmIntCntr, EncrKey, Goproc, SegSize, Status,
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

mod aead;
mod cipher;
mod hash;

#[cfg(test)]
mod tests;

pub(crate) use aead::CcmBlocks;
