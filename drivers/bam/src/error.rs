//! The driver's one error type.

/// What went wrong. Every failure is a value: nothing in the driver panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error {
    /// The FIFO has no room for the whole chain right now; nothing was written. Retry after
    /// [`Pipe::poll`](crate::Pipe::poll) has retired finished transactions.
    FifoFull {
        /// Descriptors the chain needs, lock descriptors included.
        needed: u32,
        /// Free descriptor slots.
        free: u32,
    },
    /// The chain is longer than the FIFO can ever hold; retrying cannot help.
    ChainTooLong {
        /// Descriptors the chain needs, lock descriptors included.
        needed: u32,
        /// The most descriptors the FIFO holds at once.
        capacity: u32,
    },
    /// The pipe already tracks as many pending transactions as its `TICKETS` parameter.
    TooManyPending,
    /// The transaction has no segments.
    EmptyTransaction,
    /// The transaction builder is full (its const capacity).
    TransactionFull,
    /// A command block is empty, not 16-byte aligned, or runs past the 32-bit bus space.
    BadCommandBlock,
    /// A data buffer is empty or runs past the 32-bit bus space.
    BadDataBuffer,
    /// The FIFO region is smaller than two descriptors or not 8-byte aligned (CPU or bus).
    BadFifo,
    /// The lock scratch region is smaller than [`SCRATCH_BYTES`](crate::SCRATCH_BYTES) or not
    /// 64-byte (cache line) aligned, on the CPU or the bus side.
    BadScratch,
    /// The pipe number is beyond the BAM revision's or the SoC's pipe count, or its registers
    /// lie beyond the 32-bit offset space.
    BadPipe,
    /// The execution environment's registers lie beyond the 32-bit offset space.
    BadEe,
    /// The lock target's `lock_group` does not fit the revision's `P_CTRL.P_LOCK_GROUP`
    /// field (the validator refuses such a SoC file; this guards hand-written targets).
    BadLockGroup,
    /// `P_SW_OFSTS` gave a position that is not a descriptor boundary inside the ring, or that
    /// lies beyond what was submitted. No progress was taken from it.
    BadHardwareOffset {
        /// The byte offset the register gave (low 16 bits).
        offset: u32,
    },
    /// The pipe was reset before the transaction completed.
    Reset,
    /// The pipe's last reset sent a lone UNLOCK that the hardware has not processed yet, or
    /// refused (the error interrupt): poll, reset the pipe if its error interrupt fired, and
    /// retry. Nothing was written.
    Recovering,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Error::FifoFull { needed, free } => write!(
                f,
                "descriptor FIFO full: the chain needs {needed} slots, {free} are free"
            ),
            Error::ChainTooLong { needed, capacity } => write!(
                f,
                "the chain needs {needed} descriptors, the FIFO holds at most {capacity}"
            ),
            Error::TooManyPending => write!(f, "too many transactions pending completion"),
            Error::EmptyTransaction => write!(f, "the transaction is empty"),
            Error::TransactionFull => write!(f, "the transaction builder is full"),
            Error::BadCommandBlock => write!(
                f,
                "command block empty, not 16-byte aligned or past the 32-bit bus space"
            ),
            Error::BadDataBuffer => write!(f, "data buffer empty or past the 32-bit bus space"),
            Error::BadFifo => write!(f, "FIFO region too small or not 8-byte aligned"),
            Error::BadScratch => write!(
                f,
                "lock scratch region smaller than 128 bytes or not 64-byte aligned"
            ),
            Error::BadPipe => write!(f, "pipe number out of range"),
            Error::BadEe => write!(f, "execution environment out of range"),
            Error::BadLockGroup => write!(f, "lock group does not fit P_CTRL.P_LOCK_GROUP"),
            Error::Recovering => write!(
                f,
                "the pipe is releasing a lock after a reset: poll, reset on an error, then retry"
            ),
            Error::BadHardwareOffset { offset } => {
                write!(f, "P_SW_OFSTS gave an impossible position {offset:#x}")
            }
            Error::Reset => write!(f, "the pipe was reset before the transaction completed"),
        }
    }
}

impl core::error::Error for Error {}
