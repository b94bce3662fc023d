//! The small runtime shared by socgen-generated register APIs and the socgen drivers.
//!
//! - [`Io`]: 32-bit register access at byte offsets inside one instance's window. Generated
//!   instance handles are generic over it, so the same code drives real hardware ([`Mmio`]), a
//!   behavioural model, or a test double.
//! - [`Mmio`]: the implementation over device memory. It goes through raw pointers with volatile
//!   accesses and never forms a `&` reference to device memory. [`Mmio::new`] is the crate's only
//!   `unsafe` function: it is where a base address becomes a handle.
//! - [`CommandElement`]: the 16-byte little-endian BAM command element, `const`-constructible so
//!   whole command lists can be built at compile time.
//! - [`bam`]: what the BAM driver needs to know about a BAM revision and a SoC's lock setup,
//!   implemented by generated code.
//!
//! `no_std`, no allocation, no dependencies, no panics.
#![no_std]
#![deny(missing_docs)]
#![deny(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

pub mod bam;
mod command;
mod io;
mod reg;

pub use command::{CE_ADDRESS_BITS, CeAddr, CeCommand, CeFormat, CeWindow, CommandElement};
pub use io::{Io, Mmio};
pub use reg::{Bits, Index, Readable, Reg, RegValue, Word, Writable};

/// Access marker: the register can be read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadWrite;
/// Access marker: the register can only be read; generated code gives it no write method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOnly;
/// Access marker: the register can only be written; generated code gives it no read method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOnly;

/// An index that was out of range for a register array or a dimensioned register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOutOfRange {
    /// The index that was asked for.
    pub index: u32,
    /// The number of valid indices (valid ones are `0..count`).
    pub count: u32,
}

impl core::fmt::Display for IndexOutOfRange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "index {} is out of range (valid: 0..{})",
            self.index, self.count
        )
    }
}

/// A field value that does not fit in its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldOverflow {
    /// The value that was offered.
    pub value: u32,
    /// The field width in bits.
    pub width: u32,
}

impl core::fmt::Display for FieldOverflow {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "value {:#x} does not fit in a {}-bit field",
            self.value, self.width
        )
    }
}
