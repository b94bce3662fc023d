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
mod program;
mod request;

pub use program::{
    AAD_MAX, HMAC_KEY_MAX, MAX_COMMANDS, PipePair, Program, XTS_MAX_LEN, XTS_SECTOR,
};
pub use request::{
    AeadDirection, AesKey, AuthencCipher, AuthencRequest, BusBuf, CcmNonce, CcmRequest, CipherMode,
    CipherRequest, DesKey, DesMode, DesRequest, Direction, HashAlg, HashPart, HashRequest,
    HashState, HmacKey, SG_MAX, SgOperation, SgRequest, XtsKey, XtsRequest,
};

use qcom_socs::blocks::qce::v5::{Commands, Status};
use socgen_bam::{DataFlags, DmaRegion, Pipe, Ring, Segment, Ticket, Transaction};
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

/// Why a request failed: one variant per thing that can be wrong, carrying the value that
/// was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The BAM driver refused (FIFO full, bad buffer...); nothing was submitted.
    Bam(socgen_bam::Error),
    /// As many requests are pending as the driver has slots; poll first.
    Busy,
    /// The HMAC key is longer than [`HMAC_KEY_MAX`] bytes, the hash's block: hash it first
    /// (RFC 2104) with [`Qce::submit_hmac_key`], on the engine, and use
    /// [`Output::hmac_key`]. (Cipher key lengths are fixed by their types.)
    HmacKeyTooLong {
        /// The key's length in bytes.
        len: usize,
    },
    /// The request covers zero bytes; the engine processes none. A cipher has nothing to do;
    /// the plain hash of the empty message is [`HashAlg::empty_message_digest`]; an HMAC of
    /// the empty message (and an empty last part) needs software, or keep back up to a block
    /// of the message for the last part so it is never empty. An AEAD encryption of an empty
    /// payload (CCM, authenc) and an authenc decryption of one need software, as Linux's qce
    /// falls back for them ("CE does not handle 0 length messages").
    EmptyData,
    /// A hash part that is not the last must be a whole number of 64-byte blocks (the engine
    /// keeps no partial block between requests): submit whole blocks and keep the rest for a
    /// later part.
    PartialHashBlock {
        /// The part's length in bytes.
        len: u32,
    },
    /// [`HashState::resume`] was given an output that is not a non-final part of the same
    /// hash (or HMAC) function.
    NotAHashUpdate,
    /// DES and 3DES take whole 8-byte blocks only; pad (or use a mode that does not need
    /// padding) before submitting.
    PartialDesBlock {
        /// The request's length in bytes.
        len: u32,
    },
    /// XTS needs at least one whole 16-byte block; no XTS exists for less (Linux's `xts`
    /// refuses it too).
    XtsTooShort {
        /// The request's length in bytes.
        len: u32,
    },
    /// An XTS data unit that does not end on a 16-byte block needs ciphertext stealing, which
    /// no public source says the engine does: run it in software (as Linux's qce does for
    /// every XTS request up to 512 bytes by default).
    XtsPartialBlock {
        /// The request's length in bytes.
        len: u32,
    },
    /// An XTS data unit longer than [`XTS_SECTOR`] bytes must be a multiple of it (Linux:
    /// the engine hangs otherwise) and at most [`XTS_MAX_LEN`] (`ENCR_XTS_DU_SIZE` is 20
    /// bits): run it in software, as Linux's qce falls back for it. Splitting it is not an
    /// option: each request is one data unit with its own tweak.
    XtsLength {
        /// The request's length in bytes.
        len: u32,
    },
    /// An XTS tweak-key word would go past `ENCR_XTS_KEY` (8 words).
    EncrXtsKeyIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// ECB and CBC take whole 16-byte AES blocks only (CTR takes any length).
    PartialBlock {
        /// The request's length in bytes.
        len: u32,
    },
    /// The engine's pipe pair (the lock target's rx pipe / 2) does not fit
    /// `CONFIG.PIPE_SET_SELECT` (pairs 0..=15): refused by [`Qce::new`] and [`PipePair::new`].
    BadPipePair {
        /// The pipe pair.
        pipe_pair: u32,
    },
    /// A cipher key word would go past `ENCR_KEY` (8 words).
    EncrKeyIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// An IV or counter word would go past `CNTR_IV` (4 words).
    CntrIvIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// An HMAC key word would go past `AUTH_KEY` (16 words).
    AuthKeyIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// A hash IV word would go past `AUTH_IV` (16 words).
    AuthIvIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// A byte-count word would go past `AUTH_BYTECNT` (4 words).
    AuthBytecntIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// The request needs more than [`MAX_COMMANDS`] command elements, more than its work
    /// slot holds.
    TooManyCommands,
    /// The work region is too small, not 64-byte aligned, or its slots run past the 32-bit
    /// bus address space.
    BadWorkRegion,
    /// The lock target has no tx pipe.
    NoTxPipe,
    /// The associated data is longer than [`AAD_MAX`], what the driver's work slot formats:
    /// run the request in software.
    AadTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// Not a CCM tag length: RFC 3610 allows 4, 6, 8, 10, 12, 14 or 16 bytes, RFC 4309 8, 12
    /// or 16. No implementation, the engine's or software's, makes another.
    CcmTagLength {
        /// The tag length asked for.
        len: usize,
    },
    /// Not a CCM nonce length: RFC 3610 allows 7 to 13 bytes. No implementation takes another.
    CcmNonceLength {
        /// The nonce's length.
        len: usize,
    },
    /// The payload does not fit CCM's length field, 15 - nonce length bytes: use a shorter
    /// nonce, which widens the field (software does not help: the mode itself forbids it).
    CcmMessageTooLong {
        /// The payload's length.
        len: u32,
        /// The nonce's length.
        nonce_len: usize,
    },
    /// RFC 4309's associated data is the ESP SPI and sequence number, 8 bytes (12 with
    /// extended sequence numbers), as Linux's `crypto_ipsec_check_assoclen` requires.
    Rfc4309AadLength {
        /// The associated data's length.
        len: usize,
    },
    /// An `authenc` tag must be 1 to the digest's bytes long (20 for SHA-1, 32 for SHA-256).
    AuthencTagLength {
        /// The tag length asked for.
        len: usize,
        /// The digest's length.
        max: usize,
    },
    /// The payload with its associated data (and, decrypting CCM, its tag) is longer than the
    /// engine's 32-bit segment sizes: split the message at a higher layer, or use software.
    SegmentTooLong {
        /// The payload's length.
        len: u32,
    },
    /// The tag does not match: the message or its associated data is not authentic. The
    /// engine has written the output buffer all the same: discard it.
    MacMismatch,
    /// A scatter-gather list ([`SgRequest`]) of more than [`SG_MAX`] buffers: copy it into fewer (a bounce
    /// buffer), or use software.
    SgTooManyBuffers {
        /// Buffers in the list.
        count: usize,
    },
    /// The input and output lists of a scatter-gather cipher request hold different numbers
    /// of bytes (or more than 2^32 - 1; the engine writes exactly as many bytes as it reads),
    /// or a hash request has an output list.
    SgLengthMismatch {
        /// Bytes in the input list.
        src: u64,
        /// Bytes in the output list.
        dst: u64,
    },
    /// An `AUTH_INFO_NONCE` word would go past its 4 words.
    AuthInfoNonceIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// An `ENCR_CCM_INT_CNTR` word would go past its 4 words.
    EncrCcmIntCntrIndex {
        /// The first word index with no register.
        index: u32,
    },
    /// The engine reported an error in `STATUS` (the raw value).
    Engine {
        /// `STATUS` from the result dump.
        status: u32,
    },
    /// The BAM raised a descriptor error on one of the engine's pipes; both pipes were reset
    /// and every pending request failed with this.
    Descriptor,
    /// The pipes were reset before the request completed.
    Reset,
    /// The rx pipe was reset and its lone UNLOCK (which releases a lock the reset may have
    /// kept) has not been seen processed yet; nothing was submitted. Poll, then retry.
    Recovering,
}

impl From<socgen_bam::Error> for Error {
    fn from(e: socgen_bam::Error) -> Self {
        match e {
            socgen_bam::Error::TooManyPending => Error::Busy,
            other => Error::Bam(other),
        }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Error::Bam(e) => write!(f, "BAM: {e}"),
            Error::Busy => write!(f, "every request slot is in use"),
            Error::HmacKeyTooLong { len } => write!(
                f,
                "HMAC key of {len} bytes is longer than the {HMAC_KEY_MAX}-byte block: hash it first (Qce::submit_hmac_key)"
            ),
            Error::EmptyData => write!(
                f,
                "the request covers zero bytes: nothing to do, or software for an HMAC or AEAD of nothing"
            ),
            Error::PartialHashBlock { len } => write!(
                f,
                "a hash part of {len} bytes that is not the last must be whole 64-byte blocks"
            ),
            Error::NotAHashUpdate => write!(
                f,
                "the output is not a non-final part of this hash: nothing to resume from"
            ),
            Error::PartialDesBlock { len } => {
                write!(f, "{len} bytes is not a whole number of 8-byte DES blocks")
            }
            Error::XtsTooShort { len } => {
                write!(
                    f,
                    "XTS of {len} bytes: at least one 16-byte block is needed"
                )
            }
            Error::XtsPartialBlock { len } => write!(
                f,
                "XTS of {len} bytes needs ciphertext stealing, which the engine is not known to do: use software"
            ),
            Error::XtsLength { len } => write!(
                f,
                "XTS of {len} bytes: above {XTS_SECTOR} bytes the engine takes multiples of {XTS_SECTOR} up to {XTS_MAX_LEN} only: use software"
            ),
            Error::EncrXtsKeyIndex { index } => {
                write!(f, "no ENCR_XTS_KEY register at index {index}")
            }
            Error::PartialBlock { len } => write!(
                f,
                "{len} bytes is not a whole number of 16-byte AES blocks (ECB and CBC need one)"
            ),
            Error::BadPipePair { pipe_pair } => write!(
                f,
                "pipe pair {pipe_pair} does not fit CONFIG.PIPE_SET_SELECT (0..=15)"
            ),
            Error::EncrKeyIndex { index } => write!(f, "no ENCR_KEY register at index {index}"),
            Error::CntrIvIndex { index } => write!(f, "no CNTR_IV register at index {index}"),
            Error::AuthKeyIndex { index } => write!(f, "no AUTH_KEY register at index {index}"),
            Error::AuthIvIndex { index } => write!(f, "no AUTH_IV register at index {index}"),
            Error::AuthBytecntIndex { index } => {
                write!(f, "no AUTH_BYTECNT register at index {index}")
            }
            Error::TooManyCommands => write!(
                f,
                "the request needs more than {MAX_COMMANDS} command elements"
            ),
            Error::BadWorkRegion => write!(
                f,
                "work region too small, misaligned or past the end of the bus address space"
            ),
            Error::NoTxPipe => write!(f, "the lock target names no tx pipe"),
            Error::AadTooLong { len } => write!(
                f,
                "{len} bytes of associated data is more than the {AAD_MAX} the driver takes: use software"
            ),
            Error::CcmTagLength { len } => write!(
                f,
                "a CCM tag of {len} bytes is not allowed (RFC 3610: 4 to 16, even; RFC 4309: 8, 12 or 16): software cannot make one either"
            ),
            Error::CcmNonceLength { len } => write!(
                f,
                "a CCM nonce of {len} bytes is not allowed (RFC 3610: 7 to 13): software cannot take one either"
            ),
            Error::CcmMessageTooLong { len, nonce_len } => write!(
                f,
                "{len} bytes do not fit CCM's length field with a {nonce_len}-byte nonce: use a shorter nonce"
            ),
            Error::Rfc4309AadLength { len } => write!(
                f,
                "RFC 4309 associated data of {len} bytes: it is the ESP SPI and sequence number, 8 or 12 bytes"
            ),
            Error::AuthencTagLength { len, max } => {
                write!(f, "an authenc tag of {len} bytes: 1 to {max} are possible")
            }
            Error::SegmentTooLong { len } => write!(
                f,
                "{len} bytes with the associated data and tag do not fit the engine's 32-bit segment size: use software"
            ),
            Error::SgTooManyBuffers { count } => write!(
                f,
                "a scatter-gather list of {count} buffers: at most {SG_MAX}; copy into fewer (a bounce buffer) or use software"
            ),
            Error::SgLengthMismatch { src, dst } => write!(
                f,
                "the input list holds {src} bytes and the output list {dst}: a cipher's must be equal and below 4 GiB, a hash has no output list"
            ),
            Error::MacMismatch => write!(
                f,
                "the tag does not match: the message is not authentic; discard the output buffer"
            ),
            Error::AuthInfoNonceIndex { index } => {
                write!(f, "no AUTH_INFO_NONCE register at index {index}")
            }
            Error::EncrCcmIntCntrIndex { index } => {
                write!(f, "no ENCR_CCM_INT_CNTR register at index {index}")
            }
            Error::Engine { status } => write!(f, "engine error, STATUS = {status:#010x}"),
            Error::Descriptor => write!(f, "BAM descriptor error on the engine's pipes"),
            Error::Reset => write!(f, "pipes reset before completion"),
            Error::Recovering => write!(
                f,
                "the rx pipe is releasing a lock after a reset: poll, then retry"
            ),
        }
    }
}

/// A submitted request, in submission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// What a finished request produced besides its output buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub(crate) digest: [u8; 32],
    digest_len: usize,
    /// For a hash part: what [`HashState::resume`] needs besides the dumped state.
    pub(crate) part: Option<PartInfo>,
    /// The request hashed a long HMAC key ([`Qce::submit_hmac_key`]).
    key_digest: bool,
    /// The request was an AEAD encryption: `digest` holds its tag.
    aead_tag: bool,
    /// The chaining value to continue from. CBC: the last ciphertext block (DES and 3DES: in
    /// the first 8 bytes). XTS: what the engine dumped (not a chaining value: each request is
    /// one data unit with its own tweak). CTR: the next
    /// unused counter block, the initial counter + ceil(len / 16) (128-bit big-endian,
    /// wrapping); after a request that ends inside a block, a request continuing from it
    /// starts on a fresh counter block (the rest of that block's keystream is not used), as
    /// Linux's `ctr(aes)` does. ECB: what the engine dumped (meaningless).
    pub next_iv: [u8; 16],
    /// `STATUS` as the engine dumped it.
    pub status: u32,
}

/// What a hash part's result carries for [`HashState::resume`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PartInfo {
    pub(crate) alg: HashAlg,
    pub(crate) hmac: bool,
    pub(crate) last: bool,
    /// `auth_byte_count` words 0 (low) and 1 (high), read big-endian from the dump.
    pub(crate) byte_count: [u32; 2],
}

impl Output {
    /// The digest or MAC of a hash request or of the last part of an incremental hash (empty
    /// for a cipher request and for a part that is not the last: its chaining state goes to
    /// [`HashState::resume`]). For an AEAD encryption it is the tag, as [`Output::tag`].
    pub fn digest(&self) -> &[u8] {
        if self.part.is_some_and(|p| !p.last) {
            return &[];
        }
        self.digest.get(..self.digest_len).unwrap_or(&[])
    }

    /// The tag an AEAD encryption made ([`Qce::submit_ccm`], [`Qce::submit_authenc`]), the
    /// length asked for; empty for anything else (a decryption's tag was checked: the request
    /// failed with [`Error::MacMismatch`] if it was wrong).
    pub fn tag(&self) -> &[u8] {
        if !self.aead_tag {
            return &[];
        }
        self.digest.get(..self.digest_len).unwrap_or(&[])
    }

    /// The HMAC key a [`Qce::submit_hmac_key`] request produced: the long key's digest.
    pub fn hmac_key(&self) -> Option<HmacKey> {
        if !self.key_digest {
            return None;
        }
        HmacKey::new(self.digest()).ok()
    }
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    id: RequestId,
    slot: usize,
    rx: Ticket,
    tx: Ticket,
    rx_done: bool,
    tx_done: bool,
    digest_len: usize,
    /// A CTR request's length: when it ends inside a block, the engine's counter is one block
    /// short of the next unused one.
    ctr_len: Option<u32>,
    /// A hash part (its byte count is read from the dump).
    part: Option<PartInfo>,
    /// A long HMAC key's hash.
    key_digest: bool,
    /// An AEAD: where its tag is and what to check.
    aead: Option<AeadCheck>,
}

/// What the result of an AEAD request needs: where the engine left the tag, and the tag a
/// decryption expects.
#[derive(Debug, Clone, Copy)]
struct AeadCheck {
    ccm: bool,
    encrypt: bool,
    tag: [u8; 32],
    tag_len: usize,
}

/// Whether `a` and `b` are equal, in time that depends on their length only.
fn tags_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What `Qce::submit`'s slot must hold besides the program: bytes to copy in at an offset.
#[derive(Debug, Clone, Copy, Default)]
struct SlotBytes<'a> {
    aad: &'a [u8],
    tag: &'a [u8],
}

/// What `Qce::submit` needs to know about a request besides its program and buffers.
#[derive(Debug, Clone, Copy, Default)]
struct Kind {
    digest_len: usize,
    ctr_len: Option<u32>,
    part: Option<PartInfo>,
    key_digest: bool,
    aead: Option<AeadCheck>,
}

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

    /// Submits a cipher request: `len` bytes at bus address `src` into `dst`.
    pub fn submit_cipher(&mut self, request: &CipherRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Cipher {
            key: request.key,
            mode: request.mode,
            direction: request.direction,
        };
        self.submit_one(op, request.src, request.dst, request.len)
    }

    /// A one-buffer cipher request: the scatter-gather path with one buffer each way, so the
    /// programs and length rules live in one place ([`submit_sg`](Self::submit_sg)).
    fn submit_one(
        &mut self,
        op: SgOperation<'_>,
        src: u32,
        dst: u32,
        len: u32,
    ) -> Result<RequestId, Error> {
        let (src, dst) = ([BusBuf { bus: src, len }], [BusBuf { bus: dst, len }]);
        self.submit_sg(&SgRequest {
            op,
            src: &src,
            dst: &dst,
        })
    }

    /// Submits a request whose input and output are lists of bus buffers (as Linux hands
    /// scatterlists): the engine reads the input buffers in order as one message and writes
    /// the output buffers in order. The lists may split the message anywhere, also inside a
    /// block; a buffer longer than a descriptor takes several. The total follows the length
    /// rules of the operation's one-buffer request ([`submit_cipher`](Self::submit_cipher),
    /// [`submit_xts`](Self::submit_xts), [`submit_des`](Self::submit_des),
    /// [`submit_hash`](Self::submit_hash)).
    ///
    /// Refuses [`Error::SgTooManyBuffers`] (more than [`SG_MAX`] in a list) and
    /// [`Error::SgLengthMismatch`] (a cipher's lists hold different totals, or a hash has an
    /// output list), with nothing queued.
    pub fn submit_sg(&mut self, request: &SgRequest<'_>) -> Result<RequestId, Error> {
        let (src, dst) = (request.src, request.dst);
        for list in [src, dst] {
            if list.len() > SG_MAX {
                return Err(Error::SgTooManyBuffers { count: list.len() });
            }
        }
        let total = |list: &[BusBuf]| list.iter().map(|b| u64::from(b.len)).sum::<u64>();
        let (src_len, dst_len) = (total(src), total(dst));
        let is_hash = matches!(request.op, SgOperation::Hash { .. });
        let mismatch = Error::SgLengthMismatch {
            src: src_len,
            dst: dst_len,
        };
        let len = u32::try_from(src_len).map_err(|_| mismatch)?;
        if (is_hash && !dst.is_empty()) || (!is_hash && src_len != dst_len) {
            return Err(mismatch);
        }
        let mut input = [Buf::Bus(0, 0); SG_MAX];
        let mut output = [Buf::Bus(0, 0); SG_MAX];
        for (to, b) in input.iter_mut().zip(src) {
            *to = Buf::Bus(b.bus, b.len);
        }
        for (to, b) in output.iter_mut().zip(dst) {
            *to = Buf::Bus(b.bus, b.len);
        }
        let (program, kind) = match request.op {
            SgOperation::Cipher {
                key,
                mode,
                direction,
            } => {
                let whole = CipherRequest {
                    key,
                    mode,
                    direction,
                    src: 0,
                    dst: 0,
                    len,
                };
                let kind = Kind {
                    ctr_len: matches!(mode, CipherMode::Ctr { .. }).then_some(len),
                    ..Kind::default()
                };
                (
                    Program::cipher(self.commands, self.pipe_pair, &whole)?,
                    kind,
                )
            }
            SgOperation::Xts {
                key,
                tweak,
                direction,
            } => {
                let whole = XtsRequest {
                    key,
                    tweak,
                    direction,
                    src: 0,
                    dst: 0,
                    len,
                };
                let program = Program::xts(self.commands, self.pipe_pair, &whole)?;
                (program, Kind::default())
            }
            SgOperation::Des {
                key,
                mode,
                direction,
            } => {
                let whole = DesRequest {
                    key,
                    mode,
                    direction,
                    src: 0,
                    dst: 0,
                    len,
                };
                let program = Program::des(self.commands, self.pipe_pair, &whole)?;
                (program, Kind::default())
            }
            SgOperation::Hash { alg, hmac_key } => {
                let whole = HashRequest {
                    alg,
                    hmac_key,
                    src: 0,
                    len,
                };
                let kind = Kind {
                    digest_len: alg.digest_len(),
                    ..Kind::default()
                };
                (Program::hash(self.commands, self.pipe_pair, &whole)?, kind)
            }
        };
        self.submit(&program, &input, &output, SlotBytes::default(), kind)
    }

    /// Submits an AES-XTS request: one data unit of `len` bytes at `src` into `dst`.
    pub fn submit_xts(&mut self, request: &XtsRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Xts {
            key: request.key,
            tweak: request.tweak,
            direction: request.direction,
        };
        self.submit_one(op, request.src, request.dst, request.len)
    }

    /// Submits a DES or 3DES request: `len` bytes at `src` into `dst`.
    pub fn submit_des(&mut self, request: &DesRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Des {
            key: request.key,
            mode: request.mode,
            direction: request.direction,
        };
        self.submit_one(op, request.src, request.dst, request.len)
    }

    /// Submits a hash or HMAC request over `len` bytes at bus address `src`.
    pub fn submit_hash(&mut self, request: &HashRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Hash {
            alg: request.alg,
            hmac_key: request.hmac_key,
        };
        let src = [BusBuf {
            bus: request.src,
            len: request.len,
        }];
        self.submit_sg(&SgRequest {
            op,
            src: &src,
            dst: &[],
        })
    }

    /// Submits one part of an incremental hash or HMAC. The result of a part that is not the
    /// last goes to [`HashState::resume`] before the next part is submitted; the last part's
    /// [`Output::digest`] is the digest or MAC.
    pub fn submit_hash_part(&mut self, part: &HashPart<'_>) -> Result<RequestId, Error> {
        let program = Program::hash_part(self.commands, self.pipe_pair, part)?;
        let kind = Kind {
            digest_len: part.state.alg.digest_len(),
            part: Some(PartInfo {
                alg: part.state.alg,
                hmac: part.state.key.is_some(),
                last: part.last,
                byte_count: [0; 2],
            }),
            ..Kind::default()
        };
        self.submit(
            &program,
            &[Buf::Bus(part.src, part.len)],
            &[],
            SlotBytes::default(),
            kind,
        )
    }

    /// Hashes an HMAC key longer than the 64-byte block (`len` bytes at bus address `src`) on
    /// the engine, as RFC 2104 says; [`Output::hmac_key`] of the result is the key to use.
    /// A key that fits the block needs no request: [`HmacKey::new`].
    pub fn submit_hmac_key(
        &mut self,
        alg: HashAlg,
        src: u32,
        len: u32,
    ) -> Result<RequestId, Error> {
        let request = HashRequest {
            alg,
            hmac_key: None,
            src,
            len,
        };
        let program = Program::hash(self.commands, self.pipe_pair, &request)?;
        let kind = Kind {
            digest_len: alg.digest_len(),
            key_digest: true,
            ..Kind::default()
        };
        self.submit(
            &program,
            &[Buf::Bus(src, len)],
            &[],
            SlotBytes::default(),
            kind,
        )
    }

    /// Submits an AES-CCM request (`ccm(aes)`, `rfc4309(ccm(aes))`).
    ///
    /// The engine reads the formatted associated data (from the work slot), the payload (and,
    /// decrypting, the tag, from the work slot) and writes the associated data back, the
    /// payload into `dst`, and the MAC as one 64-byte burst (decrypting: M bytes in place of
    /// it), both into the work slot, then the result dump, whose status tells a wrong tag
    /// (`MAC_FAILED`: [`Error::MacMismatch`]). An encryption's tag is [`Output::tag`].
    pub fn submit_ccm(&mut self, request: &CcmRequest<'_>) -> Result<RequestId, Error> {
        let program = Program::ccm(self.commands, self.pipe_pair, request)?;
        let blocks = program::CcmBlocks::new(request)?;
        let aad = blocks.aad.get(..blocks.aad_len).unwrap_or(&[]);
        let (tag, tag_len, encrypt) = match request.direction {
            AeadDirection::Encrypt { tag_len } => (&[][..], tag_len, true),
            AeadDirection::Decrypt { tag } => (tag, tag.len(), false),
        };
        let aad_len = blocks.aad_len as u32;
        let len = request.len;
        let tag_out = if encrypt { TAG_BURST } else { tag_len };
        let kind = Kind {
            digest_len: if encrypt { tag_len } else { 0 },
            aead: Some(AeadCheck {
                ccm: true,
                encrypt,
                tag: [0; 32],
                tag_len,
            }),
            ..Kind::default()
        };
        self.submit(
            &program,
            &[
                Buf::Slot(AAD_IN, aad_len),
                Buf::Bus(request.src, len),
                Buf::Slot(TAG_IN, tag.len() as u32),
            ],
            &[
                Buf::Slot(AAD_OUT, aad_len),
                Buf::Bus(request.dst, len),
                Buf::Slot(TAG_OUT, tag_out as u32),
            ],
            SlotBytes { aad, tag },
            kind,
        )
    }

    /// Submits an `authenc(hmac(sha1|sha256), cbc(aes|des|des3_ede))` request.
    ///
    /// The engine reads the associated data (from the work slot) and the payload, writes the
    /// associated data back (into the work slot) and the payload into `dst`, and dumps the
    /// HMAC over associated data and ciphertext; encrypting, [`Output::tag`] is its first
    /// `tag_len` bytes; decrypting, the driver compares them with the expected tag
    /// ([`Error::MacMismatch`]), as Linux's `qce_aead_done` does.
    pub fn submit_authenc(&mut self, request: &AuthencRequest<'_>) -> Result<RequestId, Error> {
        let program = Program::authenc(self.commands, self.pipe_pair, request)?;
        let aad_len = request.aad.len() as u32;
        let len = request.len;
        let (encrypt, tag_len) = (request.direction.is_encrypt(), request.direction.tag_len());
        let mut expected = [0u8; 32];
        if let AeadDirection::Decrypt { tag } = request.direction {
            // Let chains need Rust 1.88; this crate builds with 1.85.
            if let Some(to) = expected.get_mut(..tag.len()) {
                to.copy_from_slice(tag);
            }
        }
        let kind = Kind {
            digest_len: tag_len,
            aead: Some(AeadCheck {
                ccm: false,
                encrypt,
                tag: expected,
                tag_len,
            }),
            ..Kind::default()
        };
        self.submit(
            &program,
            &[Buf::Slot(AAD_IN, aad_len), Buf::Bus(request.src, len)],
            &[Buf::Slot(AAD_OUT, aad_len), Buf::Bus(request.dst, len)],
            SlotBytes {
                aad: request.aad,
                tag: &[],
            },
            kind,
        )
    }

    fn submit(
        &mut self,
        program: &Program,
        input: &[Buf],
        output: &[Buf],
        bytes: SlotBytes<'_>,
        kind: Kind,
    ) -> Result<RequestId, Error> {
        if self.pending.is_full() {
            return Err(Error::Busy);
        }
        // Before anything is written: the tx half cannot be taken back alone.
        if self.rx.recovering() || self.tx.recovering() {
            return Err(Error::Recovering);
        }
        let slot = self.next_slot;
        let slot_offset = slot.checked_mul(SLOT_BYTES).ok_or(Error::BadWorkRegion)?;
        let slot_bus = self
            .work
            .bus_addr()
            .checked_add(u32::try_from(slot_offset).map_err(|_| Error::BadWorkRegion)?)
            .ok_or(Error::BadWorkRegion)?;
        let dump_bus = slot_bus
            .checked_add(COMMAND_BYTES as u32)
            .ok_or(Error::BadWorkRegion)?;
        // (bus, len) of each buffer; empty ones are left out (the BAM takes no empty transfer).
        let resolve = |buf: &Buf| -> Result<Option<(u32, u32)>, Error> {
            let (bus, len) = match *buf {
                Buf::Bus(bus, len) => (bus, len),
                Buf::Slot(offset, len) => (
                    slot_bus
                        .checked_add(offset as u32)
                        .ok_or(Error::BadWorkRegion)?,
                    len,
                ),
            };
            Ok((len > 0).then_some((bus, len)))
        };

        let (context, go) = program.split();
        let go_bus = context
            .checked_mul(16)
            .and_then(|bytes| slot_bus.checked_add(bytes))
            .ok_or(Error::BadWorkRegion)?;
        // rx: every command before the data (series v13, the BAM HPG recommendation); the
        // input ends with EOT|NWD on its last descriptor (series v21 `rxflags = txflags |
        // DMA_PREP_FENCE`, vendor qce50 on its last input iovec), so the UNLOCK after it
        // waits until the engine has taken all of it. socgen-bam's chain would add EOT|NWD
        // there anyway on a locked pipe; it is passed explicitly because the engine needs it
        // whatever the lock plan.
        let mut rx_txn: Transaction<{ SG_MAX + 2 }> = Transaction::new();
        rx_txn.commands(slot_bus, context)?.commands(go_bus, go)?;
        let mut inputs = [None; SG_MAX];
        for (to, buf) in inputs.iter_mut().zip(input) {
            *to = resolve(buf)?;
        }
        let last_input = inputs.iter().rposition(Option::is_some);
        for (i, (bus, len)) in inputs
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|b| (i, b)))
        {
            let flags = if Some(i) == last_input {
                DataFlags::EOT_NWD
            } else {
                DataFlags::NONE
            };
            rx_txn.data_with_flags(bus, len, flags)?;
        }
        // tx: the output, then the result dump, EOT on the dump's last descriptor (series
        // v21: the tx prep flags are `DMA_PREP_INTERRUPT`, which bam_dma.c turns into EOT;
        // EOT raises the transfer-end interrupt, so the chain adds no INT).
        let mut tx_txn: Transaction<{ SG_MAX + 1 }> = Transaction::new();
        for buf in output {
            if let Some((bus, len)) = resolve(buf)? {
                tx_txn.data(bus, len)?;
            }
        }
        tx_txn.push(Segment::data(
            dump_bus,
            RESULT_DUMP_BYTES as u32,
            DataFlags::EOT,
        )?)?;

        // Both or neither: check the room in both FIFOs before writing anything.
        for (needed, free, capacity) in [
            (
                self.rx.chain(&rx_txn).total(),
                self.rx.free_slots(),
                self.rx.capacity(),
            ),
            (
                self.tx.chain(&tx_txn).total(),
                self.tx.free_slots(),
                self.tx.capacity(),
            ),
        ] {
            if needed > capacity {
                return Err(Error::Bam(socgen_bam::Error::ChainTooLong {
                    needed,
                    capacity,
                }));
            }
            if needed > free {
                return Err(Error::Bam(socgen_bam::Error::FifoFull { needed, free }));
            }
        }

        program.write_to(&self.work, slot_offset);
        write_bytes(&self.work, slot_offset + AAD_IN, bytes.aad);
        write_bytes(&self.work, slot_offset + TAG_IN, bytes.tag);
        // tx before rx, as the Linux series from v16 on (vendor qce50 submits rx first; no
        // source requires either order), so the engine's results have somewhere to go when
        // the input arrives.
        let tx = self.tx.submit(&tx_txn)?;
        let rx = match self.rx.submit(&rx_txn) {
            Ok(ticket) => ticket,
            Err(e) => {
                // Unreachable after the room check. The tx half cannot be taken back alone:
                // the next poll resets both pipes and reports every pending request, so none
                // is dropped without a report.
                self.needs_reset = true;
                return Err(e.into());
            }
        };
        let id = RequestId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.next_slot = (slot + 1).checked_rem(SLOTS).unwrap_or(0);
        // Cannot fail: checked `is_full` above.
        let _ = self.pending.push(Pending {
            id,
            slot,
            rx,
            tx,
            rx_done: false,
            tx_done: false,
            digest_len: kind.digest_len,
            ctr_len: kind.ctr_len,
            part: kind.part,
            key_digest: kind.key_digest,
            aead: kind.aead,
        });
        Ok(id)
    }

    /// Collects finished requests, oldest first, and reports each once with its result.
    /// A descriptor error on either pipe resets both and fails every pending request with
    /// [`Error::Descriptor`]. An error that the rx pipe's lone post-reset UNLOCK caused (a BAM
    /// that refuses an UNLOCK on a pipe holding no lock) resets the pipes once more, without
    /// another UNLOCK; no request is pending then. Returns how many were reported.
    pub fn poll(&mut self, mut done: impl FnMut(RequestId, Result<Output, Error>)) -> usize {
        if core::mem::take(&mut self.needs_reset) {
            return self.fail_all(Error::Reset, &mut done);
        }
        let (rx, tx) = (self.rx.ack_irq(), self.tx.ack_irq());
        if rx.p_err() || tx.p_err() {
            return self.fail_all(Error::Descriptor, &mut done);
        }
        let pending = &mut self.pending;
        let rx = self.rx.poll(|ticket| mark(pending, ticket, true));
        let tx = self.tx.poll(|ticket| mark(pending, ticket, false));
        if rx.is_err() || tx.is_err() {
            return self.fail_all(Error::Descriptor, &mut done);
        }
        let mut reported = 0;
        while let Some(&front) = self.pending.front() {
            if !(front.rx_done && front.tx_done) {
                break;
            }
            let _ = self.pending.pop();
            done(front.id, self.result(&front));
            reported += 1;
        }
        reported
    }

    fn result(&self, request: &Pending) -> Result<Output, Error> {
        let slot = request.slot * SLOT_BYTES;
        let mut bytes = [0u8; RESULT_DUMP_BYTES];
        self.read_slot(slot + COMMAND_BYTES, &mut bytes);
        // The dump holds each register as a big-endian word: vendor qce50 reads the status with
        // be32_to_cpu, and mainline qce_check_status says the dump's status "needs to be byte
        // swapped, since we set the device to little endian" (docs/hardware/qce-readback.md).
        let big_endian_word = |at: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(bytes.get(at..at + 4).unwrap_or(&[0; 4]));
            u32::from_be_bytes(w)
        };
        let status = Status::from_bits(big_endian_word(DUMP_STATUS));
        // The error bits only, as vendor qce50 checks the dump (`result_dump_error_bits`,
        // precedent): whether the dumped status already has OPERATION_DONE is not recorded
        // (Linux: "Don't use result dump status. The operation may not be complete"), and the
        // dump's descriptor completing with EOT already says the engine is done.
        if status.sw_err() || status.axi_err() || status.hsd_err() {
            return Err(Error::Engine {
                status: status.to_bits(),
            });
        }
        let mut output = Output {
            digest: [0; 32],
            digest_len: request.digest_len,
            part: request.part.map(|part| PartInfo {
                // `auth_byte_count` words 0 and 1, each big-endian (qce.yaml
                // `result_dump_byte_count`; Linux `qce_ahash_done`).
                byte_count: [
                    big_endian_word(DUMP_BYTE_COUNT),
                    big_endian_word(DUMP_BYTE_COUNT + 4),
                ],
                ..part
            }),
            key_digest: request.key_digest,
            aead_tag: request.aead.is_some_and(|aead| aead.encrypt),
            next_iv: [0; 16],
            status: status.to_bits(),
        };
        if let (Some(to), Some(from)) = (
            output.digest.get_mut(..request.digest_len),
            bytes.get(..request.digest_len),
        ) {
            to.copy_from_slice(from);
        }
        if let Some(aead) = request.aead {
            match (aead.ccm, aead.encrypt) {
                // CCM: the engine compared the tag (qce.yaml `ccm_mac_failed`).
                (true, false) if status.mac_failed() => return Err(Error::MacMismatch),
                (true, false) => {}
                // CCM's MAC is the first M bytes of the burst after the payload (qce.yaml
                // `ccm_tag_in_output`; Linux copies it from `ccmresult_buf`).
                (true, true) => {
                    let mut burst = [0u8; TAG_BURST];
                    self.read_slot(slot + TAG_OUT, &mut burst);
                    output.digest = [0; 32];
                    if let (Some(to), Some(from)) = (
                        output.digest.get_mut(..aead.tag_len),
                        burst.get(..aead.tag_len),
                    ) {
                        to.copy_from_slice(from);
                    }
                }
                // authenc: the dumped HMAC (qce.yaml `authenc_hmac_in_dump`), compared here as
                // Linux's qce_aead_done compares it.
                (false, false) => {
                    let dumped = bytes.get(..aead.tag_len).unwrap_or(&[]);
                    let expected = aead.tag.get(..aead.tag_len).unwrap_or(&[]);
                    if !tags_equal(dumped, expected) {
                        return Err(Error::MacMismatch);
                    }
                    output.digest_len = 0;
                }
                (false, true) => {}
            }
        }
        if let Some(iv) = bytes.get(DUMP_CNTR_IV..DUMP_CNTR_IV + 16) {
            output.next_iv.copy_from_slice(iv);
        }
        if let Some(len) = request.ctr_len {
            output.next_iv = counter::next_counter_block(output.next_iv, len);
        }
        Ok(output)
    }

    /// Copies `buf.len()` bytes from `offset` of the work region, after invalidating them.
    fn read_slot(&self, offset: usize, buf: &mut [u8]) {
        if offset.saturating_add(buf.len()) > self.work.len() {
            return;
        }
        self.work.invalidate(offset, buf.len());
        // SAFETY: `offset..offset + len` lies inside the work region (checked just above), which
        // the `DmaRegion` contract makes valid for reads; the device finished writing it (the
        // request's descriptors completed) and the range was invalidated above.
        unsafe {
            core::ptr::copy_nonoverlapping(
                self.work.cpu_ptr().wrapping_add(offset),
                buf.as_mut_ptr(),
                buf.len(),
            );
        }
    }

    fn fail_all(
        &mut self,
        error: Error,
        done: &mut impl FnMut(RequestId, Result<Output, Error>),
    ) -> usize {
        self.rx.reset(|_, _| {});
        self.tx.reset(|_, _| {});
        let mut reported = 0;
        while let Some(front) = self.pending.pop() {
            done(front.id, Err(error));
            reported += 1;
        }
        reported
    }

    /// Resets both pipes and fails every pending request with [`Error::Reset`], oldest first.
    /// Returns how many. The rx pipe's reset sends one UNLOCK on its own, so a lock the reset
    /// may have kept is released without waiting for this side's next request
    /// (`socgen_bam::Pipe::reset`); until [`poll`](Self::poll) has seen it processed,
    /// submissions answer [`Error::Recovering`].
    pub fn reset(&mut self, mut failed: impl FnMut(RequestId, Error)) -> usize {
        self.fail_all(Error::Reset, &mut |id, result| {
            if let Err(e) = result {
                failed(id, e)
            }
        })
    }
}

/// A buffer of a request's transaction: the caller's, by bus address, or an area of the
/// request's work slot, by offset.
#[derive(Debug, Clone, Copy)]
enum Buf {
    Bus(u32, u32),
    Slot(usize, u32),
}

/// Copies `bytes` to `offset` of `work` and cleans them to the device.
fn write_bytes<M: DmaRegion>(work: &M, offset: usize, bytes: &[u8]) {
    if bytes.is_empty() || offset.saturating_add(bytes.len()) > work.len() {
        return;
    }
    // SAFETY: `offset..offset + len` lies inside the work region (checked just above), which
    // the `DmaRegion` contract makes valid for writes; no descriptor of this slot is queued.
    unsafe {
        core::ptr::copy_nonoverlapping(
            bytes.as_ptr(),
            work.cpu_ptr().wrapping_add(offset),
            bytes.len(),
        );
    }
    work.clean(offset, bytes.len());
}

fn mark<const N: usize>(pending: &mut Ring<Pending, N>, ticket: Ticket, rx: bool) {
    for request in pending.iter_mut() {
        if rx && request.rx == ticket {
            request.rx_done = true;
        } else if !rx && request.tx == ticket {
            request.tx_done = true;
        }
    }
}
