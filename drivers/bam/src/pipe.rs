//! A BAM pipe: descriptor FIFO, transactions, lock wrapping, completion.

use crate::descriptor::{
    CommandFlags, DataFlags, Descriptor, FLAG_INT, FLAG_LOCK, FLAG_NWD, FLAG_UNLOCK,
    MAX_DESCRIPTOR_BYTES,
};
use crate::dma::DmaRegion;
use core::marker::PhantomData;
use socgen_runtime::bam::{BamRevision, DummyAccess, LockTargetSpec, PipeLocking, Placement};
use socgen_runtime::{CommandElement, Io};

/// Most descriptor slots a FIFO ring has: 32 KiB of FIFO holds 4096 slots, of which the BAM
/// is told about 4095 (`P_FIFO_SIZES` = 0x7ff8, as bam_dma.c does).
pub const MAX_RING_SLOTS: u32 = 4095;
/// Command elements per command descriptor (32760 / 16).
pub const MAX_CES_PER_DESCRIPTOR: u32 = MAX_DESCRIPTOR_BYTES / CommandElement::SIZE as u32;
/// Alignment of the driver's scratch line (lock command element and read-dummy word).
pub const SCRATCH_ALIGN: u32 = 64;
const SCRATCH_READ_WORD: u32 = 32;

/// What went wrong. Every failure is a value; nothing in the driver panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The FIFO has no room for the whole chain; nothing was written.
    FifoFull {
        /// Descriptors the chain needs (lock descriptors included).
        needed: u32,
        /// Free slots.
        free: u32,
    },
    /// Too many transactions are pending completion.
    TooManyPending,
    /// The transaction has no segments.
    Empty,
    /// The transaction builder is full.
    TransactionFull,
    /// A command block is empty, too long, or not 16-byte aligned.
    BadCommandBlock,
    /// A data buffer is empty.
    BadDataBuffer,
    /// The FIFO region is too small, too large or misaligned.
    BadFifo,
    /// The scratch region is smaller than 64 bytes or not 64-byte aligned.
    BadScratch,
    /// Pipe or EE number beyond what the SoC has.
    BadPipe,
    /// The pipe was reset; the transaction did not complete.
    Reset,
}

/// One segment of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// `count` command elements at bus address `bus` (16-byte aligned, in DMA memory).
    Commands {
        /// Bus address of the first element.
        bus: u32,
        /// Number of elements.
        count: u32,
    },
    /// `len` bytes of data at bus address `bus`.
    Data {
        /// Bus address.
        bus: u32,
        /// Length in bytes.
        len: u32,
    },
}

/// A transaction under construction: up to `N` segments, no heap.
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
        Transaction {
            segments: [Segment::Data { bus: 0, len: 0 }; N],
            len: 0,
        }
    }

    fn push(&mut self, seg: Segment) -> Result<&mut Self, Error> {
        let slot = self
            .segments
            .get_mut(self.len)
            .ok_or(Error::TransactionFull)?;
        *slot = seg;
        self.len += 1;
        Ok(self)
    }

    /// Adds a block of `count` command elements at bus address `bus`.
    pub fn commands(&mut self, bus: u32, count: u32) -> Result<&mut Self, Error> {
        if count == 0 || !bus.is_multiple_of(CommandElement::SIZE as u32) {
            return Err(Error::BadCommandBlock);
        }
        self.push(Segment::Commands { bus, count })
    }

    /// Adds a data buffer of `len` bytes at bus address `bus`.
    pub fn data(&mut self, bus: u32, len: u32) -> Result<&mut Self, Error> {
        if len == 0 {
            return Err(Error::BadDataBuffer);
        }
        self.push(Segment::Data { bus, len })
    }

    /// The segments so far.
    pub fn segments(&self) -> &[Segment] {
        self.segments.get(..self.len).unwrap_or(&[])
    }
}

/// How the chain of one transaction is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockPlan {
    /// No locking.
    None,
    /// Lock descriptors use the command element at `ce_bus`.
    Locked {
        /// Bus address of the 16-byte lock command element.
        ce_bus: u32,
        /// Where the flags go.
        placement: Placement,
    },
}

fn raw_descriptors(segments: &[Segment], mut out: impl FnMut(Descriptor)) {
    for seg in segments {
        match *seg {
            Segment::Commands { bus, count } => {
                let mut done = 0u32;
                while done < count {
                    let n = (count - done).min(MAX_CES_PER_DESCRIPTOR);
                    let addr = bus.wrapping_add(done.wrapping_mul(16));
                    out(Descriptor::command(
                        addr,
                        (n * 16) as u16,
                        CommandFlags::NONE,
                    ));
                    done += n;
                }
            }
            Segment::Data { bus, len } => {
                let mut done = 0u32;
                while done < len {
                    let n = (len - done).min(MAX_DESCRIPTOR_BYTES);
                    out(Descriptor::data(
                        bus.wrapping_add(done),
                        n as u16,
                        DataFlags::NONE,
                    ));
                    done += n;
                }
            }
        }
    }
}

/// Emits the whole chain of a transaction under a lock plan, in FIFO order.
///
/// The chain is a pure function of the transaction and the plan: it is computed once to count
/// the slots it needs and once to write them, so a LOCK is never written without its UNLOCK.
/// Guarantees: LOCK/UNLOCK only on command descriptors; with a lock, exactly one LOCK (first
/// descriptor) and one UNLOCK (last descriptor), NWD on every data descriptor; the last
/// descriptor carries INT.
pub fn chain(segments: &[Segment], plan: LockPlan, mut out: impl FnMut(Descriptor)) {
    let mut count = 0usize;
    let (mut first_is_cmd, mut last_is_cmd) = (false, false);
    raw_descriptors(segments, |d| {
        if count == 0 {
            first_is_cmd = d.is_command();
        }
        last_is_cmd = d.is_command();
        count += 1;
    });
    if count == 0 {
        return;
    }
    let (head_dummy, tail_dummy, ce_bus) = match plan {
        LockPlan::None => (false, false, 0),
        LockPlan::Locked {
            ce_bus,
            placement: Placement::Wrap,
        } => (true, true, ce_bus),
        LockPlan::Locked {
            ce_bus,
            placement: Placement::Merge,
        } => (!first_is_cmd, !last_is_cmd, ce_bus),
    };
    let locked = plan != LockPlan::None;
    let dummy = |flags: CommandFlags| Descriptor::command(ce_bus, 16, flags);
    if head_dummy {
        out(dummy(CommandFlags::LOCK));
    }
    let mut index = 0usize;
    raw_descriptors(segments, |d| {
        let mut extra = 0u16;
        if locked && !d.is_command() {
            extra |= FLAG_NWD;
        }
        if locked && index == 0 && !head_dummy {
            extra |= FLAG_LOCK; // first descriptor is a command one (Merge only)
        }
        let last = index + 1 == count;
        if last && !tail_dummy {
            extra |= FLAG_INT;
            if locked {
                extra |= FLAG_UNLOCK; // last descriptor is a command one (Merge only)
            }
        }
        out(d.with_raw_flags(extra));
        index += 1;
    });
    if tail_dummy {
        out(dummy(CommandFlags::UNLOCK.union(CommandFlags::INT)));
    }
}

/// The number of descriptors [`chain`] emits.
pub fn chain_len(segments: &[Segment], plan: LockPlan) -> u32 {
    let mut n = 0u32;
    chain(segments, plan, |_| n = n.saturating_add(1));
    n
}

/// Which way data flows on a pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Memory to peripheral (the crypto engine's `rx`; carries command descriptors).
    MemToDev,
    /// Peripheral to memory (`tx`).
    DevToMem,
}

/// A submitted transaction, completed in submission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(pub u64);

/// Sets up a BAM as bam_dma.c's reset sequence does, unless another EE controls it.
pub fn init_bam<R: BamRevision, I: Io>(io: &I, ee: u32, controlled_remotely: bool) {
    if controlled_remotely {
        return;
    }
    let ctrl = R::CTRL.at(0, 0).unwrap_or(0);
    let v = io.read32(ctrl);
    io.write32(ctrl, v | R::CTRL_SW_RST);
    io.write32(ctrl, v & !R::CTRL_SW_RST);
    io.write32(ctrl, (v & !R::CTRL_SW_RST) | R::CTRL_EN);
    if let Some(off) = R::DESC_CNT_TRSHLD.at(0, 0) {
        io.write32(off, 4);
    }
    if let Some(off) = R::CNFG_BITS.at(0, 0) {
        io.write32(off, 0x0fff_f004);
    }
    if let Some(off) = R::IRQ_EN.at(0, 0) {
        io.write32(off, R::IRQ_EN_DEFAULT);
    }
    if let Some(off) = R::IRQ_SRCS_MSK_EE.at(0, ee) {
        io.write32(off, R::IRQ_SRCS_MSK_BAM);
    }
}

/// One BAM pipe over a caller-provided descriptor FIFO, optionally locking.
///
/// `TICKETS` bounds the transactions pending completion (no heap).
pub struct Pipe<R: BamRevision, I: Io, M: DmaRegion, const TICKETS: usize = 16> {
    io: I,
    fifo: M,
    pipe: u32,
    ee: u32,
    direction: Direction,
    ring: u32,
    head: u32,
    hw: u32,
    submitted: u64,
    consumed: u64,
    pending: [(Ticket, u64); TICKETS],
    pending_len: usize,
    pending_first: usize,
    next_ticket: u64,
    plan: LockPlan,
    _revision: PhantomData<R>,
}

impl<R: BamRevision, I: Io, M: DmaRegion, const TICKETS: usize> Pipe<R, I, M, TICKETS> {
    /// An unlocked pipe: checks the FIFO and programs the pipe registers.
    pub fn new(io: I, pipe: u32, ee: u32, direction: Direction, fifo: M) -> Result<Self, Error> {
        if pipe >= R::MAX_PIPES {
            return Err(Error::BadPipe);
        }
        let slots = u32::try_from(fifo.len() / 8).unwrap_or(u32::MAX);
        if slots < 2
            || !fifo.bus_addr().is_multiple_of(8)
            || !(fifo.cpu_ptr() as usize).is_multiple_of(8)
        {
            return Err(Error::BadFifo);
        }
        let mut p = Pipe {
            io,
            fifo,
            pipe,
            ee,
            direction,
            ring: slots.min(MAX_RING_SLOTS),
            head: 0,
            hw: 0,
            submitted: 0,
            consumed: 0,
            pending: [(Ticket(0), 0); TICKETS],
            pending_len: 0,
            pending_first: 0,
            next_ticket: 0,
            plan: LockPlan::None,
            _revision: PhantomData,
        };
        p.program();
        Ok(p)
    }

    /// A locking pipe for the SoC's lock target `T` (e.g. `qcom_socs::sm8550::Lock`): the
    /// target's pipe and EE, memory-to-device, lock command element built once into `scratch`
    /// (64-byte aligned, at least 64 bytes; the read dummy's destination word lives there too).
    ///
    /// Does not compile for a BAM revision without pipe locking.
    pub fn new_locked<T: LockTargetSpec<Revision = R>>(
        io: I,
        fifo: M,
        scratch: &impl DmaRegion,
    ) -> Result<Self, Error>
    where
        R: PipeLocking,
    {
        const { assert!(R::PIPE_LOCKING, "this BAM revision cannot lock pipes") };
        let target = T::TARGET;
        if target.pipe >= target.num_channels {
            return Err(Error::BadPipe);
        }
        if scratch.len() < SCRATCH_ALIGN as usize
            || !scratch.bus_addr().is_multiple_of(SCRATCH_ALIGN)
            || !(scratch.cpu_ptr() as usize).is_multiple_of(SCRATCH_ALIGN as usize)
        {
            return Err(Error::BadScratch);
        }
        let ce = match target.dummy {
            DummyAccess::Read => CommandElement::read(
                target.scratchpad,
                scratch.bus_addr().wrapping_add(SCRATCH_READ_WORD),
            ),
            DummyAccess::Write(value) => CommandElement::write(target.scratchpad, value),
        };
        // SAFETY: `scratch` is at least 64 bytes (checked above) and valid for writes by the
        // DmaRegion contract; the element is 16 bytes at offset 0.
        unsafe {
            core::ptr::copy_nonoverlapping(ce.to_bytes().as_ptr(), scratch.cpu_ptr(), 16);
        }
        scratch.clean(0, SCRATCH_ALIGN as usize);
        let mut p = Self::new(io, target.pipe, target.ee, Direction::MemToDev, fifo)?;
        p.plan = LockPlan::Locked {
            ce_bus: scratch.bus_addr(),
            placement: target.placement,
        };
        Ok(p)
    }

    fn reg(&self, loc: socgen_runtime::bam::RegLoc) -> Option<usize> {
        loc.at(self.pipe, self.ee)
    }

    fn write(&self, loc: socgen_runtime::bam::RegLoc, value: u32) {
        if let Some(off) = self.reg(loc) {
            self.io.write32(off, value);
        }
    }

    fn program(&mut self) {
        self.write(R::P_RST, 1);
        self.write(R::P_RST, 0);
        self.write(R::P_DESC_FIFO_ADDR, self.fifo.bus_addr());
        self.write(R::P_FIFO_SIZES, self.ring.saturating_mul(8));
        self.write(R::P_IRQ_EN, R::P_IRQ_EN_DEFAULT);
        if let Some(off) = R::IRQ_SRCS_MSK_EE.at(0, self.ee) {
            let v = self.io.read32(off);
            self.io
                .write32(off, v | (1u32.checked_shl(self.pipe).unwrap_or(0)));
        }
        let mut ctrl = R::P_CTRL_EN | R::P_CTRL_SYS_MODE;
        if self.direction == Direction::DevToMem {
            ctrl |= R::P_CTRL_DIRECTION;
        }
        self.write(R::P_CTRL, ctrl);
        self.head = 0;
        self.hw = 0;
    }

    /// Free descriptor slots (one slot always stays empty so full and empty differ).
    pub fn free_slots(&self) -> u32 {
        let used = (self.head + self.ring - self.hw) % self.ring;
        self.ring - 1 - used
    }

    /// The lock plan this pipe wraps transactions with.
    pub fn plan(&self) -> LockPlan {
        self.plan
    }

    /// Submits a transaction: computes its whole chain (lock descriptors included), and if the
    /// FIFO has room for all of it writes it and rings the doorbell once; otherwise writes
    /// nothing and returns [`Error::FifoFull`].
    pub fn submit<const N: usize>(&mut self, txn: &Transaction<N>) -> Result<Ticket, Error> {
        let segments = txn.segments();
        if segments.is_empty() {
            return Err(Error::Empty);
        }
        let needed = chain_len(segments, self.plan);
        let free = self.free_slots();
        if needed > free {
            return Err(Error::FifoFull { needed, free });
        }
        if self.pending_len >= TICKETS {
            return Err(Error::TooManyPending);
        }
        let start = self.head;
        let ring = self.ring;
        let base = self.fifo.cpu_ptr();
        let mut slot = start;
        chain(segments, self.plan, |d| {
            let bytes = d.to_bytes();
            // SAFETY: `slot < ring <= fifo.len() / 8`, so the 8 bytes lie inside the region,
            // which the DmaRegion contract makes valid for writes.
            unsafe {
                core::ptr::copy_nonoverlapping(bytes.as_ptr(), base.add(slot as usize * 8), 8);
            }
            slot = (slot + 1) % ring;
        });
        if slot >= start {
            self.fifo
                .clean(start as usize * 8, (slot - start) as usize * 8);
        } else {
            self.fifo
                .clean(start as usize * 8, (ring - start) as usize * 8);
            self.fifo.clean(0, slot as usize * 8);
        }
        self.head = slot;
        self.submitted += u64::from(needed);
        let ticket = Ticket(self.next_ticket);
        self.next_ticket += 1;
        let at = (self.pending_first + self.pending_len) % TICKETS;
        if let Some(p) = self.pending.get_mut(at) {
            *p = (ticket, self.submitted);
        }
        self.pending_len += 1;
        // One doorbell for the whole chain: the byte offset of the new tail.
        self.write(R::P_EVNT_REG, self.head * 8);
        Ok(ticket)
    }

    /// Reads hardware progress and reports, in submission order, every transaction whose
    /// descriptors (lock ones included) have all been processed.
    pub fn poll(&mut self, mut completed: impl FnMut(Ticket)) -> usize {
        let Some(off) = self.reg(R::P_SW_OFSTS) else {
            return 0;
        };
        let hw = ((self.io.read32(off) & 0xffff) / 8) % self.ring;
        let delta = (hw + self.ring - self.hw) % self.ring;
        self.hw = hw;
        self.consumed += u64::from(delta);
        let mut n = 0;
        while self.pending_len > 0 {
            let Some(&(ticket, end)) = self.pending.get(self.pending_first) else {
                break;
            };
            if end > self.consumed {
                break;
            }
            self.pending_first = (self.pending_first + 1) % TICKETS;
            self.pending_len -= 1;
            completed(ticket);
            n += 1;
        }
        n
    }

    /// Reads and clears the pipe's interrupt status; returns the bits that were set.
    pub fn ack_irq(&mut self) -> u32 {
        let status = self.reg(R::P_IRQ_STTS).map_or(0, |o| self.io.read32(o));
        self.write(R::P_IRQ_CLR, status);
        status
    }

    /// Resets the pipe: the hardware drops the FIFO contents and any lock the pipe held, the
    /// registers are programmed again, and every pending transaction is failed with
    /// [`Error::Reset`], in order. Never silently.
    pub fn reset(&mut self, mut failed: impl FnMut(Ticket, Error)) -> usize {
        let n = self.pending_len;
        while self.pending_len > 0 {
            if let Some(&(ticket, _)) = self.pending.get(self.pending_first) {
                failed(ticket, Error::Reset);
            }
            self.pending_first = (self.pending_first + 1) % TICKETS;
            self.pending_len -= 1;
        }
        self.consumed = self.submitted;
        self.program();
        n
    }

    /// Pending transactions.
    pub fn pending(&self) -> usize {
        self.pending_len
    }

    /// The underlying register window.
    pub fn io(&self) -> &I {
        &self.io
    }

    /// The pipe number.
    pub fn pipe(&self) -> u32 {
        self.pipe
    }
}
