//! A `no_std`, allocation-free driver for the Qualcomm BAM DMA engine's descriptor FIFOs, with
//! per-SoC pipe lock wrapping.
//!
//! Linux and TrustZone share the crypto engine through BAM pipes. Each side wraps its
//! transactions in a pipe LOCK ... UNLOCK so their register programming cannot interleave,
//! and the flags may only sit on command descriptors. This driver makes the rules structural:
//!
//! - **Descriptors** ([`Descriptor`]): data descriptors take [`DataFlags`] (INT, EOT, EOB, and
//!   NWD only as `EOT_NWD`), which has no LOCK/UNLOCK; command descriptors take
//!   [`CommandFlags`] (INT, EOB, NWD, LOCK, UNLOCK, CMD implied), which has no EOT; neither
//!   has IMME. The combinations the vendor SPS driver refuses (all six of its rules) therefore
//!   cannot be built (see [`descriptor`]).
//! - **Transactions** ([`Transaction`]): a fixed-capacity list of command blocks (arrays of
//!   `socgen_runtime::CommandElement` the caller placed in DMA memory) and data buffers, by bus
//!   address.
//! - **Chains** ([`Chain`]): the descriptors of one transaction under the pipe's [`LockPlan`],
//!   a pure function of both, and the one place descriptor flags are decided (its docs list
//!   the rules with their sources): on a locked pipe EOT|NWD on the last descriptor of a data
//!   segment that a command descriptor follows, and on no other data descriptor; the
//!   caller's data flags on the last descriptor of their buffer; INT on the last descriptor
//!   of the transaction unless it carries EOT. [`Pipe::submit`] computes the whole chain, reserves FIFO room for
//!   all of it, lock descriptors included, writes it and rings the doorbell once; without room
//!   it writes nothing. A LOCK is never in the FIFO without its UNLOCK, and a retry after
//!   [`Error::FifoFull`] cannot add a second LOCK.
//! - **Lock policies** come from the SoC's generated lock target
//!   (`socgen_runtime::bam::LockTargetSpec`, e.g. `qcom_socs::sm8550::Lock`):
//!   `Wrap` puts a dummy LOCK command descriptor at the head and a dummy UNLOCK at the tail
//!   (as the Linux locking series, v11-v21); `Merge` puts the flags on the transaction's own
//!   first and last command descriptors (as the vendor qce50 driver puts LOCK on its first)
//!   and adds a dummy only where there is none. The dummy is one command element, a read (or,
//!   where the SoC file allows it, a write) of the scratchpad register, built once, in the
//!   revision's command-element format (a read's third word is 0: upstream 867621ba2030),
//!   into a driver-owned 64-byte-aligned scratch line; a dummy UNLOCK may carry an element of
//!   its own instead (the SoC file's `unlock:`: vendor qce50's write of `CONFIG` = 0xE01EF) or
//!   none (a command descriptor of size 0). [`Pipe::new_locked`] does not compile
//!   for a BAM revision without pipe locking; it and [`Pipe::new_tx`] put both pipes of the
//!   lock target in its lock group (`P_CTRL.P_LOCK_GROUP`), or refuse a group that does not
//!   fit with [`Error::BadLockGroup`].
//! - **Completion**: [`Ticket`]s complete in submission order, each once (the pipe keeps them
//!   in a [`Ring`], the fixed-capacity queue the QCE driver keeps its requests in too); lock
//!   descriptors have no completion of their own. [`Pipe::reset`] empties the pipe, fails the
//!   pending tickets with [`Error::Reset`] and, on a locking pipe, sends the UNLOCK descriptor
//!   alone, so the pipe ends unlocked whatever `P_RST` does to a held lock.
//! - **Bus addresses are 32-bit.** Every bus address is a `u32` ([`DmaRegion::bus_addr`],
//!   [`Transaction`] buffers, command-element read destinations), so flag bits 3..0, where
//!   vendor code puts bus-address bits 35..32 (msm-sps.h `DESC_FLAG_WORD`), are always 0. Memory
//!   above 4 GiB cannot be expressed, and so cannot be handed to the BAM truncated: a caller with
//!   such memory needs an IOMMU mapping or a bounce buffer below 4 GiB (a [`DmaRegion`] that
//!   gets 64-bit addresses converts them with `u32::try_from`, never `as`). No code of this
//!   crate narrows an address: there is no wider one to narrow. The record makes 36-bit
//!   support a per-SoC matter read at run time (vendor bam.c reads the data bus width from
//!   `NUM_PIPES[15:14]`); mainline bam_dma.c's `struct bam_desc_hw` has a 32-bit address too.
//!
//! Registers are reached only through `socgen_runtime::Io`, at offsets given by the BAM
//! revision (`socgen_runtime::bam::BamRevision`, generated from `socs/blocks/bam/*.yaml`).
//! Memory is the caller's, through [`DmaRegion`]. Nothing panics: every failure is an
//! [`Error`].
//!
//! ```
//! use socgen_bam::testing::{FakeBam, Sm8550CryptoLock, V1_7_0};
//! use socgen_bam::{Pipe, Transaction};
//!
//! let bam = FakeBam::<V1_7_0>::new(0);
//! let fifo = bam.dma(4096, 0x8000_0000);
//! let scratch = bam.dma(128, 0x8000_1000);
//! let mut pipe: Pipe<V1_7_0, _, _> =
//!     Pipe::new_locked::<Sm8550CryptoLock>(&bam, &fifo, &scratch)?;
//! let mut txn: Transaction<2> = Transaction::new();
//! txn.data(0x9000_0000, 64)?;
//! let ticket = pipe.submit(&txn)?;
//! bam.run(pipe.pipe(), usize::MAX);
//! pipe.poll(|done| assert_eq!(done, ticket))?;
//! # Ok::<(), socgen_bam::Error>(())
//! ```
#![no_std]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::panic,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

// Test support and unit tests use `std`; the driver itself never does.
#[cfg(any(test, feature = "testing"))]
extern crate std;

mod bam;
mod chain;
pub mod descriptor;
mod dma;
mod error;
mod pipe;
mod ring;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod transaction;

pub use bam::{
    Bam, CNFG_BITS_DEFAULT, DESC_CNT_TRSHLD_DEFAULT, IRQ_SRCS_BAM, IRQ_SRCS_PIPES, IrqSources,
};
pub use chain::{Chain, LockPlan, UnlockDummy};
pub use descriptor::{CommandFlags, DataFlags, Descriptor, MAX_DESCRIPTOR_BYTES};
pub use dma::DmaRegion;
pub use error::Error;
pub use pipe::{
    Direction, MAX_FIFO_BYTES, MAX_RING_SLOTS, P_SW_OFSTS_MASK, Pipe, SCRATCH_ALIGN, SCRATCH_BYTES,
    SCRATCH_READ_WORD_OFFSET, Ticket,
};
pub use ring::Ring;
pub use transaction::{MAX_CES_PER_DESCRIPTOR, Segment, Transaction};

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
