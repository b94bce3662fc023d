//! One BAM pipe: descriptor FIFO, submission, lock wrapping, completion, reset.

use crate::chain::{Chain, LockPlan, UnlockDummy};
use crate::descriptor::{DESCRIPTOR_BYTES, Descriptor};
use crate::dma::DmaRegion;
use crate::error::Error;
use crate::ring::Ring;
use crate::transaction::Transaction;
use core::marker::PhantomData;
use socgen_runtime::bam::regs::{IrqSourceMask, PCtrl, PIrq, PSwOfsts};
use socgen_runtime::bam::{
    BamRevision, DummyAccess, DummyElement, LockTargetSpec, PipeLocking, RegLoc, UnlockWith,
};
use socgen_runtime::{CommandElement, Io, ReadOnly, Reg, WriteOnly};

/// The most descriptor slots a ring has: 4095, i.e. `P_FIFO_SIZES` = 0x7ff8 (`SZ_32K - 8`),
/// the value bam_dma.c programs. A 32 KiB FIFO region therefore leaves its last slot unused.
pub const MAX_RING_SLOTS: u32 = 4095;
/// The largest FIFO region that is fully used, in bytes.
pub const MAX_FIFO_BYTES: usize = MAX_RING_SLOTS as usize * DESCRIPTOR_BYTES;
/// `P_SW_OFSTS`: the hardware position is a FIFO byte offset in these bits.
pub const P_SW_OFSTS_MASK: u32 = PSwOfsts::from_bits(u32::MAX).sw_ofsts();

/// Bytes of the lock scratch region a locking pipe needs: two 64-byte cache lines.
///
/// Line 0 holds the lock command element, which the device only reads; line 1 holds the word
/// a read dummy stores the scratchpad register into, which only the device writes. Keeping
/// them on separate lines means no CPU cache maintenance on one can clobber the other, and
/// neither shares a line with anything else.
pub const SCRATCH_BYTES: usize = 128;
/// Alignment of the lock scratch region, on the CPU and on the bus: one cache line.
pub const SCRATCH_ALIGN: usize = 64;
/// Offset of the read dummy's destination word in the scratch region (its own cache line).
pub const SCRATCH_READ_WORD_OFFSET: usize = 64;

/// Where an UNLOCK without an element points: past the lock and unlock elements, inside the
/// scratch line the device only reads.
const UNLOCK_LINE_OFFSET: u32 = 2 * CommandElement::SIZE as u32;

/// The lone UNLOCK a reset of a locking pipe sends (see [`Pipe::reset`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recovery {
    /// None outstanding.
    Idle,
    /// Written into slot 0 by the last reset and not yet seen processed.
    Pending,
    /// It stopped the pipe with the error interrupt. An UNLOCK on a pipe that holds the lock
    /// is the documented way to release it, so the pipe held none (the reset released it, or
    /// it never had it) and this UNLOCK was refused; the next reset sends no other.
    Failed,
}

/// Which way data flows on a pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Memory to peripheral: the pipe that carries command descriptors and the lock (the
    /// crypto engine's `rx` pipe in device-tree terms).
    MemToDev,
    /// Peripheral to memory (`tx`); sets `P_CTRL.P_DIRECTION`.
    DevToMem,
}

/// A submitted transaction. Tickets of one pipe complete in submission order, each exactly
/// once: through [`Pipe::poll`], or failed with [`Error::Reset`] by [`Pipe::reset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(u64);

impl Ticket {
    /// The ticket's sequence number on its pipe (0 for the first submission).
    pub const fn sequence(self) -> u64 {
        self.0
    }
}

/// The byte offsets of one pipe's registers, computed once so that a pipe number or EE that
/// would overflow is refused at construction instead of silently skipped later.
#[derive(Debug, Clone, Copy)]
struct PipeRegs {
    ctrl: usize,
    rst: usize,
    irq_stts: usize,
    irq_clr: usize,
    irq_en: usize,
    evnt_reg: usize,
    sw_ofsts: usize,
    desc_fifo_addr: usize,
    fifo_sizes: usize,
    irq_srcs_msk_ee: usize,
}

impl PipeRegs {
    fn new<R: BamRevision>(pipe: u32, ee: u32) -> Result<Self, Error> {
        let at = |loc: RegLoc| loc.at(pipe, 0).ok_or(Error::BadPipe);
        Ok(PipeRegs {
            ctrl: at(R::P_CTRL)?,
            rst: at(R::P_RST)?,
            irq_stts: at(R::P_IRQ_STTS)?,
            irq_clr: at(R::P_IRQ_CLR)?,
            irq_en: at(R::P_IRQ_EN)?,
            evnt_reg: at(R::P_EVNT_REG)?,
            sw_ofsts: at(R::P_SW_OFSTS)?,
            desc_fifo_addr: at(R::P_DESC_FIFO_ADDR)?,
            fifo_sizes: at(R::P_FIFO_SIZES)?,
            irq_srcs_msk_ee: R::IRQ_SRCS_MSK_EE.at(0, ee).ok_or(Error::BadEe)?,
        })
    }
}

/// `(to - from) mod ring` for positions already below `ring`.
fn ring_distance(from: u32, to: u32, ring: u32) -> u32 {
    if to >= from {
        to.wrapping_sub(from)
    } else {
        ring.wrapping_sub(from).wrapping_add(to)
    }
}

/// One BAM pipe over a caller-provided descriptor FIFO, locking or not.
///
/// - `R`: the BAM revision (register offsets and field masks; generated per revision).
/// - `I`: the register window ([`Io`]); `&T` works, so several pipes can share one window.
/// - `M`: the DMA memory the FIFO (and a locking pipe's scratch lines) live in; `&T` works.
/// - `TICKETS`: how many transactions may be pending completion at once (no heap).
///
/// Invariants kept between calls: the FIFO slots from the hardware position to the write
/// position hold exactly the chains of the pending tickets, in order; every other slot is
/// free; and each chain was written whole before the doorbell showed it to the hardware.
pub struct Pipe<R: BamRevision, I: Io, M: DmaRegion, const TICKETS: usize = 16> {
    io: I,
    regs: PipeRegs,
    fifo: M,
    /// Held, never touched again after construction, for as long as the hardware may read
    /// the lock command element in it.
    scratch: Option<M>,
    pipe: u32,
    ee: u32,
    direction: Direction,
    plan: LockPlan,
    /// `P_CTRL.P_LOCK_GROUP` bits, already shifted into place (0 for a pipe outside any lock
    /// target).
    lock_group_bits: u32,
    /// Slots in the ring (2..=4095). One is always left empty: a doorbell equal to the
    /// hardware position means "empty", so a full ring would be indistinguishable.
    ring: u32,
    /// Next slot the driver writes.
    head: u32,
    /// Next slot the hardware processes, as last read from `P_SW_OFSTS`.
    hw: u32,
    /// Descriptors of the oldest pending transaction the hardware has already processed.
    progress: u32,
    /// Transactions waiting for completion, oldest first: (ticket, chain length).
    pending: Ring<(Ticket, u32), TICKETS>,
    next_ticket: u64,
    /// The lone UNLOCK of the last reset, if it is still outstanding.
    recovery: Recovery,
    _revision: PhantomData<fn() -> R>,
}

impl<R: BamRevision, I: Io, M: DmaRegion, const TICKETS: usize> core::fmt::Debug
    for Pipe<R, I, M, TICKETS>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pipe")
            .field("revision", &R::REVISION)
            .field("pipe", &self.pipe)
            .field("ee", &self.ee)
            .field("direction", &self.direction)
            .field("plan", &self.plan)
            .field("ring", &self.ring)
            .field("head", &self.head)
            .field("hw", &self.hw)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl<R: BamRevision, I: Io, M: DmaRegion, const TICKETS: usize> Pipe<R, I, M, TICKETS> {
    /// An unlocked pipe: checks the FIFO region, then initialises the pipe (`P_RST`, FIFO
    /// address and size, interrupts, `P_CTRL`).
    ///
    /// The FIFO region must be 8-byte aligned on the CPU and the bus and hold at least two
    /// descriptors; at most [`MAX_RING_SLOTS`] of it are used.
    pub fn new(io: I, pipe: u32, ee: u32, direction: Direction, fifo: M) -> Result<Self, Error> {
        Self::with_lock_group(io, pipe, ee, direction, fifo, 0)
    }

    fn with_lock_group(
        io: I,
        pipe: u32,
        ee: u32,
        direction: Direction,
        fifo: M,
        lock_group_bits: u32,
    ) -> Result<Self, Error> {
        const {
            assert!(
                TICKETS > 0,
                "a pipe needs room for at least one pending ticket"
            )
        };
        if pipe >= R::MAX_PIPES {
            return Err(Error::BadPipe);
        }
        let regs = PipeRegs::new::<R>(pipe, ee)?;
        let slots = fifo.len().checked_div(DESCRIPTOR_BYTES).unwrap_or(0);
        let ring = u32::try_from(slots).unwrap_or(u32::MAX).min(MAX_RING_SLOTS);
        if ring < 2
            || !crate::multiple_of_u32(fifo.bus_addr(), DESCRIPTOR_BYTES as u32)
            || !crate::multiple_of_usize(fifo.cpu_ptr().addr(), DESCRIPTOR_BYTES)
        {
            return Err(Error::BadFifo);
        }
        let mut pipe = Pipe {
            io,
            regs,
            fifo,
            scratch: None,
            pipe,
            ee,
            direction,
            plan: LockPlan::Unlocked,
            lock_group_bits,
            ring,
            head: 0,
            hw: 0,
            progress: 0,
            pending: Ring::new(),
            next_ticket: 0,
            recovery: Recovery::Idle,
            _revision: PhantomData,
        };
        pipe.init_hardware();
        Ok(pipe)
    }

    /// The locking pipe of the SoC's lock target `T` (generated per SoC, e.g.
    /// `qcom_socs::sm8550::Lock`): the target's pipe and EE, memory to device, every
    /// transaction wrapped in LOCK/UNLOCK by the target's placement.
    ///
    /// `scratch` (at least [`SCRATCH_BYTES`], 64-byte aligned on the CPU and the bus) becomes
    /// the driver's: the lock command element (the target's dummy access on its scratchpad
    /// register) is written into it once, here, and never changes; a read dummy stores into
    /// its second line. The pipe keeps `scratch` for its whole life.
    ///
    /// Does not compile for a BAM revision without pipe locking: `R: PipeLocking` is only
    /// implemented for revisions whose YAML says so, and the constructor also asserts
    /// `R::PIPE_LOCKING` at compile time.
    pub fn new_locked<T: LockTargetSpec<Revision = R>>(
        io: I,
        fifo: M,
        scratch: M,
    ) -> Result<Self, Error>
    where
        R: PipeLocking,
    {
        const {
            assert!(
                R::PIPE_LOCKING,
                "this BAM revision does not support pipe locking"
            )
        };
        let target = T::TARGET;
        if target.pipe >= target.num_channels {
            return Err(Error::BadPipe);
        }
        let group = lock_group_bits(target.lock_group)?;
        let lock = DummyElement {
            register: target.scratchpad,
            access: target.dummy,
        };
        let (ce_bus, unlock) = write_lock_scratch::<R, M>(&scratch, lock, T::UNLOCK)?;
        let mut pipe =
            Self::with_lock_group(io, target.pipe, target.ee, Direction::MemToDev, fifo, group)?;
        pipe.scratch = Some(scratch);
        pipe.plan = LockPlan::Locked {
            ce_bus,
            unlock,
            placement: target.placement,
        };
        Ok(pipe)
    }

    /// The lock target's companion peripheral-to-memory pipe (`tx_pipe`). Only the
    /// memory-to-device pipe carries LOCK/UNLOCK (as in the Linux series and the vendor QCE
    /// driver); this one is put in the same lock group, so the lock keeps it running while it
    /// stalls the pipes of other groups (vendor qce50.c gives both connections of a pipe pair
    /// `lock_group = pipe_pair_index`).
    pub fn new_tx<T: LockTargetSpec<Revision = R>>(io: I, fifo: M) -> Result<Self, Error>
    where
        R: PipeLocking,
    {
        let target = T::TARGET;
        let pipe = target.tx_pipe.ok_or(Error::BadPipe)?;
        if pipe >= target.num_channels {
            return Err(Error::BadPipe);
        }
        let group = lock_group_bits(target.lock_group)?;
        Self::with_lock_group(io, pipe, target.ee, Direction::DevToMem, fifo, group)
    }

    /// `P_RST`, a scrubbed FIFO, and the pipe registers programmed as bam_dma.c's
    /// `bam_chan_init_hw` does; software positions back to zero.
    fn init_hardware(&mut self) {
        self.io.write32(self.regs.rst, 1);
        self.io.write32(self.regs.rst, 0);
        // Zero the ring so nothing from before (half a chain, a stale LOCK) is left in it.
        let base = self.fifo.cpu_ptr();
        for slot in 0..self.ring {
            write_slot(base, slot, [0; DESCRIPTOR_BYTES]);
        }
        self.fifo.clean(0, self.ring_bytes());
        self.io
            .write32(self.regs.desc_fifo_addr, self.fifo.bus_addr());
        // ring <= 4095, so this is at most 0x7ff8.
        self.io.write32(
            self.regs.fifo_sizes,
            self.ring.saturating_mul(DESCRIPTOR_BYTES as u32),
        );
        let irqs = PIrq::ZERO
            .with_p_prcsd_desc(true)
            .with_p_err(true)
            .with_p_trnsfr_end(true);
        self.io.write32(self.regs.irq_en, irqs.to_bits());
        let mask = IrqSourceMask::from_bits(self.io.read32(self.regs.irq_srcs_msk_ee));
        // Bit `pipe` of the pipe-interrupt field; a pipe beyond it (none: `Pipe::new` checks
        // `MAX_PIPES`) would leave the mask as it was rather than touch the BAM's own bit.
        let pipes = mask.p_irq_msk() | 1u32.checked_shl(self.pipe).unwrap_or(0);
        let mask = mask.try_with_p_irq_msk(pipes).unwrap_or(mask);
        self.io.write32(self.regs.irq_srcs_msk_ee, mask.to_bits());
        let ctrl = PCtrl::from_bits(self.lock_group_bits)
            .with_p_en(true)
            .with_p_sys_mode(true)
            .with_p_direction(self.direction == Direction::DevToMem);
        self.io.write32(self.regs.ctrl, ctrl.to_bits());
        self.head = 0;
        self.hw = 0;
        self.progress = 0;
    }

    fn ring_bytes(&self) -> usize {
        (self.ring as usize).saturating_mul(DESCRIPTOR_BYTES)
    }

    /// The most descriptors the FIFO holds at once (one slot less than the ring).
    pub fn capacity(&self) -> u32 {
        self.ring.saturating_sub(1)
    }

    /// Slots submitted and not yet processed, as of the last [`poll`](Self::poll).
    pub fn in_flight(&self) -> u32 {
        ring_distance(self.hw, self.head, self.ring)
    }

    /// Free descriptor slots, as of the last [`poll`](Self::poll).
    pub fn free_slots(&self) -> u32 {
        self.capacity().saturating_sub(self.in_flight())
    }

    /// The chain [`submit`](Self::submit) would write for `txn`, lock descriptors included.
    pub fn chain<'t, const N: usize>(&self, txn: &'t Transaction<N>) -> Chain<'t> {
        Chain::new(txn.segments(), self.plan)
    }

    /// Submits a transaction.
    ///
    /// Computes the whole chain first (lock descriptors included). Only if the FIFO has room
    /// for all of it, and a ticket slot is free, does it write the chain and ring the doorbell
    /// once; otherwise it writes nothing, rings nothing and returns the reason. A retry
    /// computes the same chain again, so it can never add a second LOCK.
    ///
    /// After a reset of a locking pipe, submissions wait until [`poll`](Self::poll) has seen
    /// the reset's lone UNLOCK processed ([`Error::Recovering`]): behind an UNLOCK the hardware
    /// may refuse, a transaction would be lost with it.
    pub fn submit<const N: usize>(&mut self, txn: &Transaction<N>) -> Result<Ticket, Error> {
        if txn.is_empty() {
            return Err(Error::EmptyTransaction);
        }
        if self.recovery != Recovery::Idle {
            return Err(Error::Recovering);
        }
        let chain = self.chain(txn);
        let needed = chain.total();
        if needed > self.capacity() {
            return Err(Error::ChainTooLong {
                needed,
                capacity: self.capacity(),
            });
        }
        let free = self.free_slots();
        if needed > free {
            return Err(Error::FifoFull { needed, free });
        }
        if self.pending.is_full() {
            return Err(Error::TooManyPending);
        }
        // Room for the whole chain is reserved: from here on nothing can fail.
        let start = self.head;
        let base = self.fifo.cpu_ptr();
        let mut slot = start;
        for descriptor in chain {
            write_descriptor(base, slot, descriptor);
            slot = self.next_slot(slot);
        }
        self.clean_slots(start, slot);
        let ticket = Ticket(self.next_ticket);
        self.next_ticket = self.next_ticket.wrapping_add(1);
        // Cannot fail: checked `is_full` above.
        let _ = self.pending.push((ticket, needed));
        self.head = slot;
        // One doorbell for the whole chain: the byte offset of the new write position.
        self.io.write32(
            self.regs.evnt_reg,
            self.head.saturating_mul(DESCRIPTOR_BYTES as u32),
        );
        Ok(ticket)
    }

    fn next_slot(&self, slot: u32) -> u32 {
        let next = slot.saturating_add(1);
        if next >= self.ring { 0 } else { next }
    }

    /// Cleans the slots `start..end` of the ring, in one or two ranges if it wrapped.
    fn clean_slots(&self, start: u32, end: u32) {
        let offset = |slot: u32| (slot as usize).saturating_mul(DESCRIPTOR_BYTES);
        if end >= start {
            self.fifo
                .clean(offset(start), offset(end.wrapping_sub(start)));
        } else {
            self.fifo
                .clean(offset(start), offset(self.ring.wrapping_sub(start)));
            self.fifo.clean(0, offset(end));
        }
    }

    /// Reads the hardware position and reports, in submission order, every transaction
    /// whose whole chain (lock descriptors included) has been processed. Lock descriptors
    /// have no completion of their own. Returns how many completed.
    ///
    /// A position that is not a descriptor boundary inside the ring, or that lies beyond what
    /// was submitted, is refused with [`Error::BadHardwareOffset`] and changes nothing.
    pub fn poll(&mut self, mut completed: impl FnMut(Ticket)) -> Result<usize, Error> {
        self.advance()?;
        let mut count = 0usize;
        while let Some(&(ticket, descriptors)) = self.pending.front() {
            if self.progress < descriptors {
                break;
            }
            self.progress = self.progress.wrapping_sub(descriptors);
            let _ = self.pending.pop();
            completed(ticket);
            count = count.saturating_add(1);
        }
        Ok(count)
    }

    /// Takes the hardware position into `hw` and `progress`; a processed recovery UNLOCK (the
    /// first slot after a reset) is taken out of `progress` here, since it has no ticket.
    fn advance(&mut self) -> Result<(), Error> {
        let offset = PSwOfsts::from_bits(self.io.read32(self.regs.sw_ofsts)).sw_ofsts();
        let position = offset
            .checked_div(DESCRIPTOR_BYTES as u32)
            .unwrap_or(u32::MAX);
        if !crate::multiple_of_u32(offset, DESCRIPTOR_BYTES as u32) || position >= self.ring {
            return Err(Error::BadHardwareOffset { offset });
        }
        let advanced = ring_distance(self.hw, position, self.ring);
        if advanced > self.in_flight() {
            return Err(Error::BadHardwareOffset { offset });
        }
        self.hw = position;
        self.progress = self.progress.saturating_add(advanced);
        if self.recovery == Recovery::Pending && self.progress > 0 {
            self.progress = self.progress.wrapping_sub(1);
            self.recovery = Recovery::Idle;
        }
        Ok(())
    }

    /// Reads the pipe's interrupt status (`P_IRQ_STTS`) and clears exactly those bits
    /// (`P_IRQ_CLR`, the same layout); returns them. An error ([`PIrq::p_err`]) while a reset's
    /// lone UNLOCK is outstanding is that UNLOCK's: the next [`reset`](Self::reset) then sends
    /// none.
    pub fn ack_irq(&mut self) -> PIrq {
        let status = Reg::<I, PIrq, ReadOnly>::new(&self.io, self.regs.irq_stts).read();
        Reg::<I, PIrq, WriteOnly>::new(&self.io, self.regs.irq_clr).write(status);
        if status.p_err() && self.recovery == Recovery::Pending {
            self.recovery = Recovery::Failed;
        }
        status
    }

    /// Resets the pipe: `P_RST`, a scrubbed FIFO, the registers programmed again, software
    /// positions at zero. Then every pending transaction is failed with [`Error::Reset`], in
    /// submission order; none is dropped silently. Returns how many were failed.
    ///
    /// A locking pipe then sends one UNLOCK descriptor on its own (the target's unlock
    /// descriptor, with INT), because nothing public says whether `P_RST` releases a lock the
    /// pipe holds (open question Q5). If the reset kept the lock, this UNLOCK releases it, so
    /// the other execution environments never wait for this side's next transaction. If the
    /// reset released it (or the pipe held none), the UNLOCK arrives on a pipe that holds no
    /// lock (Q10, unknown too): ignored, which is harmless; refused with the error interrupt,
    /// which [`ack_irq`](Self::ack_irq) notes so that the next reset sends no UNLOCK (the pipe
    /// held none); or releasing a lock held by another pipe of the same lock group, which is
    /// only this pipe's peripheral-to-memory partner, and that never locks. Until the
    /// hardware has processed it (as [`poll`](Self::poll) sees), [`submit`](Self::submit) answers
    /// [`Error::Recovering`].
    ///
    /// What the record shows of error paths: vendor sps.c `sps_pipe_reset()` only pulses
    /// `P_RST` and says nothing of locks; the caf_msm-4.9 qce50.c has no timeout recovery; a
    /// later vendor qce50 timeout path (`qce_manage_timeout`, seen only decompiled, so
    /// inferred) resets both pipes, reconnects them and then, on crypto cores below 5.3, sends
    /// a lone UNLOCK: the order followed here, for every core and every locking client.
    ///
    /// The lock scratch lines are left as they are (the lock command element never changes).
    pub fn reset(&mut self, mut failed: impl FnMut(Ticket, Error)) -> usize {
        let refused = self.recovery == Recovery::Failed;
        self.init_hardware();
        let mut count = 0usize;
        while let Some((ticket, _)) = self.pending.pop() {
            failed(ticket, Error::Reset);
            count = count.saturating_add(1);
        }
        self.recovery = Recovery::Idle;
        match self.plan {
            LockPlan::Locked { unlock, .. } if !refused => self.send_recovery_unlock(unlock),
            _ => {}
        }
        count
    }

    /// Writes the lone UNLOCK into the (empty, just reset) ring and rings the doorbell.
    fn send_recovery_unlock(&mut self, unlock: UnlockDummy) {
        let base = self.fifo.cpu_ptr();
        let start = self.head;
        write_descriptor(base, start, unlock.descriptor());
        let end = self.next_slot(start);
        self.clean_slots(start, end);
        self.head = end;
        self.recovery = Recovery::Pending;
        self.io.write32(
            self.regs.evnt_reg,
            self.head.saturating_mul(DESCRIPTOR_BYTES as u32),
        );
    }

    /// Whether a reset's lone UNLOCK is still outstanding (or was refused and the pipe awaits
    /// its next reset): [`submit`](Self::submit) waits for it.
    pub fn recovering(&self) -> bool {
        self.recovery != Recovery::Idle
    }

    /// Transactions submitted and not yet completed or failed.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The lock plan every transaction is wrapped with.
    pub fn plan(&self) -> LockPlan {
        self.plan
    }

    /// The pipe number.
    pub fn pipe(&self) -> u32 {
        self.pipe
    }

    /// The execution environment.
    pub fn ee(&self) -> u32 {
        self.ee
    }

    /// The direction.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The register window.
    pub fn io(&self) -> &I {
        &self.io
    }

    /// The FIFO region.
    pub fn fifo(&self) -> &M {
        &self.fifo
    }

    /// The lock scratch region of a locking pipe.
    pub fn scratch(&self) -> Option<&M> {
        self.scratch.as_ref()
    }
}

/// The `P_CTRL` bits of `group` in `P_LOCK_GROUP`, or [`Error::BadLockGroup`] if it does not
/// fit. Callers are bound by `R: PipeLocking`, so only locking revisions get here; the field is
/// the same in all of them (E0117 holds every `bam` revision to `bam::regs`).
fn lock_group_bits(group: u32) -> Result<u32, Error> {
    PCtrl::ZERO
        .try_with_p_lock_group(group)
        .map(PCtrl::to_bits)
        .map_err(|_| Error::BadLockGroup)
}

/// Writes one descriptor's 8 bytes into FIFO slot `slot`.
fn write_descriptor(base: *mut u8, slot: u32, descriptor: Descriptor) {
    write_slot(base, slot, descriptor.to_bytes());
}

fn write_slot(base: *mut u8, slot: u32, bytes: [u8; DESCRIPTOR_BYTES]) {
    let offset = (slot as usize).wrapping_mul(DESCRIPTOR_BYTES);
    // SAFETY: callers pass `slot < ring <= fifo.len() / 8` (checked in `Pipe::new`), so the
    // 8 bytes lie inside the region, which the `DmaRegion` contract makes valid for writes;
    // `base` and `offset` are 8-byte aligned (checked in `Pipe::new`). Volatile, so the
    // compiler keeps the write before the (volatile) doorbell register write.
    unsafe {
        base.wrapping_add(offset)
            .cast::<u64>()
            .write_volatile(u64::from_ne_bytes(bytes));
    }
}

/// Checks the scratch region and writes the lock command element into it, and the unlock
/// element after it when the target unlocks with another access (once, at pipe construction);
/// returns the bus addresses of the lock and the unlock element.
fn write_lock_scratch<R: BamRevision, M: DmaRegion>(
    scratch: &M,
    lock: DummyElement,
    unlock: UnlockWith,
) -> Result<(u32, UnlockDummy), Error> {
    let bus = scratch.bus_addr();
    let last = u32::try_from(SCRATCH_BYTES.saturating_sub(1)).unwrap_or(u32::MAX);
    if scratch.len() < SCRATCH_BYTES
        || !crate::multiple_of_usize(bus as usize, SCRATCH_ALIGN)
        || !crate::multiple_of_usize(scratch.cpu_ptr().addr(), SCRATCH_ALIGN)
        || bus.checked_add(last).is_none()
    {
        return Err(Error::BadScratch);
    }
    // In range: `bus + 127` fits (checked above).
    let read_word = bus.wrapping_add(SCRATCH_READ_WORD_OFFSET as u32);
    // A read element in the revision's own format (`R::COMMAND_ELEMENT`): its third word is
    // 0 on every revision, since the destination is a 32-bit bus address (upstream
    // 867621ba2030; the old 0xffff_ffff would store to 0xf_xxxx_xxxx on v1.6.0+). Both
    // dummies share the read word: only the device writes it and nobody reads it.
    let element = |dummy: DummyElement| match dummy.access {
        DummyAccess::Read => R::COMMAND_ELEMENT
            .read(dummy.register, u64::from(read_word))
            .ok_or(Error::BadScratch),
        DummyAccess::Write(value) => Ok(CommandElement::write(dummy.register, value)),
    };
    let mut lines = [0u8; SCRATCH_BYTES];
    // Line 0, which the device only reads: the lock element, then the unlock element.
    let mut place = |at: usize, element: CommandElement| {
        if let Some(slot) = lines.get_mut(at..at.saturating_add(CommandElement::SIZE)) {
            slot.copy_from_slice(&element.to_bytes());
        }
    };
    place(0, element(lock)?);
    let unlock = match unlock {
        UnlockWith::Element(dummy) => {
            place(CommandElement::SIZE, element(dummy)?);
            UnlockDummy::element(bus.wrapping_add(CommandElement::SIZE as u32))
        }
        UnlockWith::LockDummy => UnlockDummy::element(bus),
        // Nothing is read at the address of a descriptor of size 0; it still points into the
        // driver's own line rather than at 0 (a reviewer relays that the hardware refuses
        // address 0 for LOCK/UNLOCK).
        UnlockWith::NoElement => UnlockDummy {
            bus: bus.wrapping_add(UNLOCK_LINE_OFFSET),
            elements: 0,
        },
    };
    let base = scratch.cpu_ptr();
    for (i, chunk) in lines.chunks_exact(DESCRIPTOR_BYTES).enumerate() {
        let mut word = [0u8; DESCRIPTOR_BYTES];
        word.copy_from_slice(chunk);
        // i < 16, so slot i lies inside the 128 checked bytes.
        write_slot(base, u32::try_from(i).unwrap_or(0), word);
    }
    scratch.clean(0, SCRATCH_BYTES);
    Ok((bus, unlock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_distance_wraps() {
        assert_eq!(ring_distance(3, 5, 8), 2);
        assert_eq!(ring_distance(6, 1, 8), 3);
        assert_eq!(ring_distance(4, 4, 8), 0);
    }
}
