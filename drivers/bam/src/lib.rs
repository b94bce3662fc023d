//! The `no_std`, allocation-free BAM descriptor driver, with per-SoC pipe lock wrapping.
//!
//! Linux and TrustZone share the crypto engine through BAM pipes. Every transaction must be
//! wrapped in a pipe LOCK/UNLOCK, and the flags may only sit on command descriptors. This driver
//! makes the rules structural:
//!
//! - [`DataFlags`] has no LOCK/UNLOCK, so a data descriptor cannot carry them;
//! - [`Pipe::submit`] computes a transaction's whole chain ([`chain`]) before writing anything,
//!   reserves FIFO room for all of it (lock descriptors included) and rings the doorbell once:
//!   a LOCK is never written without its UNLOCK, a full FIFO writes nothing, and a retry
//!   computes the same chain again (never a second LOCK);
//! - lock descriptors belong to their transaction's ticket: they never complete on their own;
//! - [`Pipe::new_locked`] takes the SoC's generated lock target (`qcom_socs::<soc>::Lock`) and
//!   does not compile for a BAM revision without pipe locking;
//! - the lock command element is built once, into a 64-byte-aligned driver-owned scratch line,
//!   with the DMA controller's bus address, and never changes afterwards.
//!
//! Register access goes through `socgen_runtime::Io` at the offsets of the SoC's BAM revision
//! (`socgen_runtime::bam::BamRevision`, generated from `socs/blocks/bam/*.yaml`).
#![no_std]
#![deny(missing_docs)]
// Ring and counter arithmetic is modular and bounded by construction (slots < 4096, u64
// counters); `clippy::arithmetic_side_effects` is therefore not denied here.
#![deny(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

pub mod descriptor;
pub mod dma;
pub mod pipe;
#[cfg(feature = "testing")]
pub mod testing;

pub use descriptor::{CommandFlags, DataFlags, Descriptor};
pub use dma::DmaRegion;
pub use pipe::{
    Direction, Error, LockPlan, Pipe, Segment, Ticket, Transaction, chain, chain_len, init_bam,
};
