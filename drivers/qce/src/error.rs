//! Why a request failed.

use crate::{AAD_MAX, HMAC_KEY_MAX, MAX_COMMANDS, SG_MAX, XTS_MAX_LEN, XTS_SECTOR};

/// Why a request failed: one variant per thing that can be wrong, carrying the value that
/// was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The BAM driver refused (FIFO full, bad buffer...); nothing was submitted.
    Bam(socgen_bam::Error),
    /// As many requests are pending as the driver has slots; poll first.
    Busy,
    /// The HMAC key is longer than [`HMAC_KEY_MAX`] bytes, the hash's block: hash it first
    /// (RFC 2104) with [`Qce::submit_hmac_key`](crate::Qce::submit_hmac_key), on the engine, and use
    /// [`Output::hmac_key`](crate::Output::hmac_key). (Cipher key lengths are fixed by their types.)
    HmacKeyTooLong {
        /// The key's length in bytes.
        len: usize,
    },
    /// The request covers zero bytes; the engine processes none. A cipher has nothing to do;
    /// the plain hash of the empty message is [`HashAlg::empty_message_digest`](crate::HashAlg::empty_message_digest); an HMAC of
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
    /// [`HashState::resume`](crate::HashState::resume) was given an output that is not a non-final part of the same
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
    /// `CONFIG.PIPE_SET_SELECT` (pairs 0..=15): refused by [`Qce::new`](crate::Qce::new) and [`PipePair::new`](crate::PipePair::new).
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
    /// A scatter-gather list ([`SgRequest`](crate::SgRequest)) of more than [`SG_MAX`] buffers: copy it into fewer (a bounce
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
