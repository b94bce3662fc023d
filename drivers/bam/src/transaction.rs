//! Transactions: command blocks and data buffers, collected without a heap.

use crate::descriptor::{DataFlags, MAX_DESCRIPTOR_BYTES};
use crate::error::Error;
use socgen_runtime::CommandElement;

/// The size of one command element, as the `u32` the bus arithmetic uses.
const CE_BYTES: u32 = CommandElement::SIZE as u32;

/// Command elements per command descriptor: the most that fit in [`MAX_DESCRIPTOR_BYTES`]
/// (2047 elements, 32752 bytes).
pub const MAX_CES_PER_DESCRIPTOR: u32 = MAX_DESCRIPTOR_BYTES / CE_BYTES;

/// One validated piece of a transaction: a block of command elements or a data buffer, both
/// already in DMA memory and named by bus address.
///
/// Made only by [`Segment::commands`] and [`Segment::data`], which check alignment and range,
/// so the chain builder never meets an invalid one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment(Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Commands {
        bus: u32,
        count: u32,
    },
    Data {
        bus: u32,
        len: u32,
        flags: DataFlags,
    },
}

/// Whether `len` bytes from `bus` stay inside the 32-bit bus space.
const fn fits(bus: u32, len: u32) -> bool {
    match len.checked_sub(1) {
        Some(last) => bus.checked_add(last).is_some(),
        None => false,
    }
}

impl Segment {
    /// `count` command elements at bus address `bus`, which must be 16-byte aligned (the
    /// element size; the caller placed the array in DMA memory, e.g. as a `static` of
    /// [`CommandElement`]s, whose alignment is 16).
    pub const fn commands(bus: u32, count: u32) -> Result<Segment, Error> {
        let Some(bytes) = count.checked_mul(CE_BYTES) else {
            return Err(Error::BadCommandBlock);
        };
        if !crate::multiple_of_u32(bus, CE_BYTES) || !fits(bus, bytes) {
            return Err(Error::BadCommandBlock);
        }
        Ok(Segment(Kind::Commands { bus, count }))
    }

    /// `len` bytes of data at bus address `bus`; `flags` go on the buffer's last descriptor
    /// (a buffer longer than [`MAX_DESCRIPTOR_BYTES`] is split).
    pub const fn data(bus: u32, len: u32, flags: DataFlags) -> Result<Segment, Error> {
        if !fits(bus, len) {
            return Err(Error::BadDataBuffer);
        }
        Ok(Segment(Kind::Data { bus, len, flags }))
    }

    pub(crate) const fn kind(&self) -> Kind {
        self.0
    }

    /// Whether this is a command block.
    pub const fn is_commands(&self) -> bool {
        matches!(self.0, Kind::Commands { .. })
    }

    /// The bus address of the first byte.
    pub const fn bus_addr(&self) -> u32 {
        match self.0 {
            Kind::Commands { bus, .. } | Kind::Data { bus, .. } => bus,
        }
    }

    /// The length in bytes (16 per command element).
    pub const fn len_bytes(&self) -> u32 {
        match self.0 {
            // Cannot saturate: `commands` checked that the product fits.
            Kind::Commands { count, .. } => count.saturating_mul(CE_BYTES),
            Kind::Data { len, .. } => len,
        }
    }

    /// How many hardware descriptors the segment needs.
    pub const fn descriptors(&self) -> u32 {
        match self.0 {
            Kind::Commands { count, .. } => count.div_ceil(MAX_CES_PER_DESCRIPTOR),
            Kind::Data { len, .. } => len.div_ceil(MAX_DESCRIPTOR_BYTES),
        }
    }
}

/// A transaction under construction: up to `N` segments, in order, on the stack.
///
/// A transaction is what one [`Ticket`](crate::Ticket) covers and what one lock wraps. The
/// builder methods return `&mut Self`, so segments chain with `?`:
///
/// ```
/// # use socgen_bam::Transaction;
/// # fn f() -> Result<(), socgen_bam::Error> {
/// let mut txn: Transaction<4> = Transaction::new();
/// txn.commands(0x8000_2000, 6)?.data(0x9000_0000, 4096)?;
/// assert_eq!(txn.segments().len(), 2);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Transaction<const N: usize> {
    segments: [Segment; N],
    len: usize,
}

impl<const N: usize> Default for Transaction<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Transaction<N> {
    /// An empty transaction.
    pub const fn new() -> Self {
        // Filler for the unused slots; never read (only `..len` is).
        const FILLER: Segment = Segment(Kind::Data {
            bus: 0,
            len: 1,
            flags: DataFlags::NONE,
        });
        Transaction {
            segments: [FILLER; N],
            len: 0,
        }
    }

    /// Appends a validated segment.
    pub fn push(&mut self, segment: Segment) -> Result<&mut Self, Error> {
        let slot = self
            .segments
            .get_mut(self.len)
            .ok_or(Error::TransactionFull)?;
        *slot = segment;
        self.len = self.len.saturating_add(1);
        Ok(self)
    }

    /// Appends a block of `count` command elements at bus address `bus` (16-byte aligned).
    pub fn commands(&mut self, bus: u32, count: u32) -> Result<&mut Self, Error> {
        self.push(Segment::commands(bus, count)?)
    }

    /// Appends a data buffer of `len` bytes at bus address `bus`.
    pub fn data(&mut self, bus: u32, len: u32) -> Result<&mut Self, Error> {
        self.push(Segment::data(bus, len, DataFlags::NONE)?)
    }

    /// Appends a data buffer whose last descriptor carries `flags` (e.g. EOT).
    pub fn data_with_flags(
        &mut self,
        bus: u32,
        len: u32,
        flags: DataFlags,
    ) -> Result<&mut Self, Error> {
        self.push(Segment::data(bus, len, flags)?)
    }

    /// The segments so far, in order.
    pub fn segments(&self) -> &[Segment] {
        self.segments.get(..self.len).unwrap_or(&[])
    }

    /// Whether no segment was added.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Removes every segment, keeping the capacity.
    pub fn clear(&mut self) {
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_validated() {
        assert_eq!(Segment::commands(0x1008, 1), Err(Error::BadCommandBlock));
        assert_eq!(Segment::commands(0x1000, 0), Err(Error::BadCommandBlock));
        assert_eq!(
            Segment::commands(0xffff_fff0, 2),
            Err(Error::BadCommandBlock)
        );
        assert!(Segment::commands(0xffff_fff0, 1).is_ok());
        assert_eq!(
            Segment::data(0x10, 0, DataFlags::NONE),
            Err(Error::BadDataBuffer)
        );
        assert_eq!(
            Segment::data(0xffff_ffff, 2, DataFlags::NONE),
            Err(Error::BadDataBuffer)
        );
        assert_eq!(
            Segment::data(0x10, 70_000, DataFlags::NONE).map(|s| s.descriptors()),
            Ok(3)
        );
        assert_eq!(
            Segment::commands(0x10, 2048).map(|s| s.descriptors()),
            Ok(2)
        );
    }

    #[test]
    fn the_builder_refuses_past_its_capacity() {
        let mut t: Transaction<1> = Transaction::new();
        t.data(0x100, 4).unwrap();
        assert_eq!(t.data(0x200, 4).err(), Some(Error::TransactionFull));
        assert_eq!(t.segments().len(), 1);
        t.clear();
        assert!(t.is_empty());
    }
}
