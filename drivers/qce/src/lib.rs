//! A `no_std`, allocation-free driver for the Qualcomm crypto engine (QCE v5) that does all of
//! its register I/O over BAM DMA, inside the SoC's pipe lock.
//!
//! Every request becomes one transaction on the engine's tx pipe, `[output data] [result
//! dump, EOT on its last descriptor]`, submitted first, as the Linux series does from v16 on
//! (its changelog says this matches downstream, but vendor qce50's `_qce_sps_transfer()`
//! submits rx first; no source makes either order a requirement: behaviour
//! `submission_order`, inferred, in `socs/hardware/bam.yaml`), and one on
//! its rx pipe, `[context commands] [go commands] [input data, EOT|NWD on its last
//! descriptor]`: every command before the data (series v13, the BAM HPG recommendation), and
//! EOT|NWD where the series v21 (`rxflags = txflags | DMA_PREP_FENCE`) and the vendor qce50
//! driver put it, so the UNLOCK that follows waits until the engine has taken the input.
//! `socgen-bam` decides the other flags (INT only on a last descriptor without EOT) and the
//! LOCK/UNLOCK placement; `tests/streams.rs` compares both pipes' streams with what the
//! series v21 and the vendor driver would queue. The commands are command elements built from the typed register values that
//! socgen generates from `socs/blocks/qce/v5.yaml`, in the programming order of the Linux
//! driver (`tests/data/upstream/qce-v5.yaml`, `register_write_sequences`), addressed through the SoC's
//! generated [`Commands`] (its address mode is applied at generation time). The rx pipe is the
//! SoC's lock target, so `socgen-bam` wraps each request in LOCK/UNLOCK: another execution
//! environment sharing the engine cannot program it between our key and our `GO`, and
//! cannot see our key afterwards because each request rewrites every key and configuration
//! register it depends on.
//!
//! Both transactions are checked for FIFO room before either is written, so a request is
//! submitted whole or not at all. Results come from the result dump the engine streams on the
//! tx pipe: status (errors become [`Error::Engine`]), digest, next IV. For CTR the next IV is
//! the next unused counter block, initial counter + ceil(len / 16): the engine's dumped
//! counter counts whole blocks only, so the driver adds the block a partial last block used
//! (`counter.rs`; `docs/hardware/qce-readback.md` lists every value read back and its source). Nothing panics; nothing
//! allocates; the CPU never touches the engine's registers. A request the driver cannot
//! build is refused before anything is queued, with an [`Error`] that names what is wrong
//! and the offending value: its length, its HMAC key, the pipe pair, the register array and
//! word index, or a program beyond [`MAX_COMMANDS`] elements (never truncated).
//!
//! Data buffers are the caller's, by bus address: clean the input before submitting and
//! invalidate the output after completion, as with any DMA.
//!
//! The AEADs ([`Qce::submit_ccm`], [`Qce::submit_authenc`]) add buffers of the request's own
//! work slot around the payload: on rx the associated data before it (CCM's formatted as RFC
//! 3610 says) and, for a CCM decryption, the expected tag after it; on tx the associated data
//! the engine passes back, and CCM's MAC burst. A wrong tag is [`Error::MacMismatch`]: CCM's
//! from `MAC_FAILED` in the dumped status, authenc's from comparing the dumped HMAC
//! (`socs/hardware/qce.yaml`, `ccm_*`, `aead_aad_passthrough`, `auth_pos_input_or_output`).
#![no_std]
#![deny(missing_docs)]
// Not `arithmetic_side_effects`: the arithmetic is on slot indices below `SLOTS` and on
// offsets inside the work region, whose size `Qce::new` checks with `checked_mul`.
#![cfg_attr(
    not(test),
    deny(
        clippy::panic,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing
    )
)]

// Unit tests use `std`; the driver never does.
#[cfg(test)]
extern crate std;

mod counter;
mod error;
mod output;
mod poll;
mod program;
mod request;
mod submit;
mod transfer;

pub use error::Error;
pub use output::{Output, RequestId};
pub use program::{
    AAD_MAX, HMAC_KEY_MAX, MAX_COMMANDS, PipePair, Program, XTS_MAX_LEN, XTS_SECTOR,
};
pub use request::{
    AeadDirection, AesKey, AuthencCipher, AuthencRequest, BusBuf, CcmNonce, CcmRequest, CipherMode,
    CipherRequest, DesKey, DesMode, DesRequest, Direction, HashAlg, HashPart, HashRequest,
    HashState, HmacKey, SG_MAX, SgOperation, SgRequest, XtsKey, XtsRequest,
};

use output::PartInfo;
use poll::{AeadCheck, Pending};
use qcom_socs::blocks::qce::v5::Commands;
use socgen_bam::{DmaRegion, Pipe, Ring};
use socgen_runtime::Io;
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};

/// `value.is_multiple_of(rhs)`, which needs Rust 1.87; this crate builds with 1.85 (Debian's
/// `rustc-web`, what kernel trees build with). Same result, including `rhs == 0`.
#[inline]
const fn multiple_of_u32(value: u32, rhs: u32) -> bool {
    match value.checked_rem(rhs) {
        Some(rest) => rest == 0,
        None => value == 0,
    }
}

/// [`multiple_of_u32`] for `usize`.
#[inline]
const fn multiple_of_usize(value: usize, rhs: usize) -> bool {
    match value.checked_rem(rhs) {
        Some(rest) => rest == 0,
        None => value == 0,
    }
}

/// Bytes of one request's slot in the work region: its command elements, its result dump, then
/// an AEAD's associated data in and out (the engine passes it through to the output) and its
/// tag in and out (CCM's 64-byte MAC burst). 2048 bytes, a whole number of 64-byte bursts.
pub const SLOT_BYTES: usize = TAG_OUT + TAG_BURST;
const COMMAND_BYTES: usize = MAX_COMMANDS * socgen_runtime::CommandElement::SIZE;
/// Offsets inside a slot.
const AAD_IN: usize = COMMAND_BYTES + RESULT_DUMP_BYTES;
const AAD_OUT: usize = AAD_IN + program::AAD_AREA;
const TAG_IN: usize = AAD_OUT + program::AAD_AREA;
const TAG_OUT: usize = TAG_IN + TAG_BURST;
/// CCM's MAC leaves the engine padded to one 64-byte burst (the `CONFIG.REQ_SIZE` the driver
/// programs): vendor qce50 `_qce_aead_ccm_req` (`hw_pad_out`), Linux's 64-byte
/// `ccmresult_buf` (qce.yaml `ccm_tag_in_output`).
const TAG_BURST: usize = 64;
/// The result dump: `struct qce_result_dump` (104 bytes) padded to the 64-byte burst.
pub const RESULT_DUMP_BYTES: usize = 128;
const DUMP_STATUS: usize = 96;
const DUMP_CNTR_IV: usize = 80;
const DUMP_BYTE_COUNT: usize = 64;

/// The driver: the engine's rx (locked) and tx pipes, a work region for command elements and
/// result dumps, and up to `SLOTS` requests in flight.
pub struct Qce<R: PipeLocking, I: Io + Clone, M: DmaRegion, const SLOTS: usize = 4> {
    rx: Pipe<R, I, M, SLOTS>,
    tx: Pipe<R, I, M, SLOTS>,
    commands: Commands,
    pipe_pair: PipePair,
    work: M,
    /// Requests in flight, oldest first (they are reported in order).
    pending: Ring<Pending, SLOTS>,
    /// The work slot the next request takes. The pending requests hold the slots just
    /// before it, one each, so it is free whenever `pending` is not full.
    next_slot: usize,
    next_id: u64,
    /// A submission went in half: the next `poll` resets and fails what is pending.
    needs_reset: bool,
}

impl<R: PipeLocking, I: Io + Clone, M: DmaRegion, const SLOTS: usize> core::fmt::Debug
    for Qce<R, I, M, SLOTS>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Qce")
            .field("rx", &self.rx)
            .field("tx", &self.tx)
            .field("pipe_pair", &self.pipe_pair)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl<R: PipeLocking, I: Io + Clone, M: DmaRegion, const SLOTS: usize> Qce<R, I, M, SLOTS> {
    /// The driver for lock target `T` (e.g. `qcom_socs::sm8550::Lock`) and the engine whose
    /// command-element builders are `commands` (e.g. `qcom_socs::sm8550::crypto::COMMANDS`).
    ///
    /// `io` is the BAM's register window; `rx_fifo`/`tx_fifo` the two descriptor FIFOs;
    /// `scratch` the lock scratch region (see `socgen_bam::Pipe::new_locked`); `work` at
    /// least `SLOTS * SLOT_BYTES` bytes, 64-byte aligned, for command elements and dumps.
    pub fn new<T: LockTargetSpec<Revision = R>>(
        io: I,
        commands: Commands,
        rx_fifo: M,
        tx_fifo: M,
        scratch: M,
        work: M,
    ) -> Result<Self, Error> {
        let needed = SLOTS.checked_mul(SLOT_BYTES).ok_or(Error::BadWorkRegion)?;
        // The slots' bus addresses are computed at every submit; a region whose slots run past
        // the 32-bit bus space is refused here, where the caller can still choose another.
        let slots_fit = u32::try_from(needed.saturating_sub(1))
            .ok()
            .and_then(|last| work.bus_addr().checked_add(last))
            .is_some();
        if work.len() < needed
            || !slots_fit
            || !multiple_of_u32(work.bus_addr(), 64)
            || !multiple_of_usize(work.cpu_ptr().addr(), 64)
        {
            return Err(Error::BadWorkRegion);
        }
        if T::TARGET.tx_pipe.is_none() {
            return Err(Error::NoTxPipe);
        }
        // Before the pipes: a pair CONFIG cannot select is the engine's limit, not the BAM's,
        // and is named as such rather than surfacing at the first submit.
        let pipe_pair = PipePair::of_rx_pipe(T::TARGET.pipe)?;
        let rx = Pipe::new_locked::<T>(io.clone(), rx_fifo, scratch)?;
        let tx = Pipe::new_tx::<T>(io, tx_fifo)?;
        Ok(Qce {
            rx,
            tx,
            commands,
            pipe_pair,
            work,
            pending: Ring::new(),
            next_slot: 0,
            next_id: 0,
            needs_reset: false,
        })
    }

    /// The locked rx pipe (commands and input).
    pub fn rx_pipe(&self) -> &Pipe<R, I, M, SLOTS> {
        &self.rx
    }

    /// The tx pipe (output and result dumps).
    pub fn tx_pipe(&self) -> &Pipe<R, I, M, SLOTS> {
        &self.tx
    }

    /// Requests submitted and not yet reported.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}
