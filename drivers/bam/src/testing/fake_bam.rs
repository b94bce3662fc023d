//! A fake BAM: registers in a map, and a consumer that processes the descriptors of a pipe
//! the way the hardware would, checking the lock rules as it goes.
//!
//! Descriptors the vendor SPS driver refuses (`sps_check_iovec_flags()` in sps.c, six rules;
//! question Q4 of `docs/HARDWARE-VALIDATION.md`) raise the pipe's error interrupt
//! (`P_IRQ_STTS.ERR`) and halt the pipe until `P_RST`, without being executed: LOCK or UNLOCK
//! on a data descriptor, NWD on a data descriptor without EOT, EOT on a command descriptor,
//! LOCK and UNLOCK on one descriptor, IMME with CMD, IMME with NWD. What the hardware really
//! does with them is unknown; refusing them loudly makes a driver regression fail its tests.
//! A descriptor with any of flag bits 3..0 set (bus-address bits 35..32 in vendor code) names
//! a buffer above 4 GiB, which no DMA region of the fake has: it halts the pipe too. Each
//! refusal is its own [`Refusal`], recorded in [`Log::refused`].

use super::dma_buf::DmaBuf;
use super::refusal::{Refusal, refusal};
use crate::descriptor::{DESCRIPTOR_BYTES, Descriptor, FLAG_EOT, FLAG_INT, FLAG_NWD};
use core::cell::{Cell, Ref, RefCell};
use core::marker::PhantomData;
use socgen_runtime::bam::{BamRevision, RegLoc, regs};
use socgen_runtime::{CeCommand, CommandElement, Io};
use std::collections::{HashMap, VecDeque};
use std::format;
use std::string::String;
use std::vec::Vec;

/// `P_IRQ_STTS` bits the fake raises (bam.yaml `p_irq_en_bits`).
pub const P_IRQ_PRCSD_DESC: u32 = 1 << 0;
/// `P_IRQ_STTS`: transfer end (EOT processed).
pub const P_IRQ_TRNSFR_END: u32 = 1 << 5;
/// `P_IRQ_STTS`: error (bam.yaml `p_irq_en_bits.P_ERR_EN`); the fake raises it for a
/// descriptor the SPS rules refuse, and halts the pipe.
pub const P_IRQ_ERR: u32 = 1 << 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    Rst,
    EvntReg,
    SwOfsts,
    IrqClr,
}

#[derive(Debug, Default)]
struct FakePipe {
    /// Next slot the hardware processes.
    position: u32,
    /// Slot after the last one announced by a doorbell.
    tail: u32,
    /// Announced, unprocessed descriptors: slot and the bytes seen at doorbell time.
    in_flight: VecDeque<(u32, [u8; DESCRIPTOR_BYTES])>,
    /// Halted by a refused descriptor (error interrupt raised) until `P_RST`.
    halted: bool,
    /// The last descriptor processed was a data descriptor without NWD.
    after_data_without_nwd: bool,
    /// Nothing was processed since `P_RST`: a lone UNLOCK here is a driver's recovery after
    /// a reset, which the fake (like the behaviour the record leaves open, an UNLOCK on a pipe
    /// that holds no lock being ignored) accepts.
    processed_since_reset: bool,
}

/// One descriptor the fake processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Processed {
    /// The pipe it came from.
    pub pipe: u32,
    /// The descriptor as decoded from the device's view of the FIFO.
    pub descriptor: Descriptor,
    /// Which pipe held the lock once it was processed.
    pub lock_owner_after: Option<u32>,
}

/// What the fake saw.
#[derive(Debug, Default, Clone)]
pub struct Log {
    /// Every processed descriptor, in order, all pipes.
    pub processed: Vec<Processed>,
    /// Descriptors refused before execution, with why: (pipe, descriptor, rule). Each is in
    /// `violations` too, and raised the pipe's error interrupt.
    pub refused: Vec<(u32, Descriptor, Refusal)>,
    /// Broken rules: a descriptor the fake refuses (see [`refusal`]; these also raise
    /// the error interrupt), LOCK while locked, UNLOCK without LOCK, a command descriptor
    /// right after a data descriptor without NWD under the lock, an overrun FIFO, a slot
    /// rewritten while in flight, an address the BAM cannot reach...
    pub violations: Vec<String>,
    /// Doorbell writes.
    pub doorbells: usize,
    /// Register writes done by command elements: (address, value).
    pub ce_writes: Vec<(u32, u32)>,
    /// Register reads done by command elements: (address, destination bus address).
    pub ce_reads: Vec<(u32, u32)>,
    /// Pipe resets (`P_RST` = 1).
    pub pipe_resets: usize,
    /// Every register write through [`Io`], in order: (offset, value).
    pub register_writes: Vec<(usize, u32)>,
}

/// A fake BAM of revision `R`, seen from execution environment `ee`.
///
/// It implements [`Io`], so a [`Pipe`](crate::Pipe) drives it like hardware: `P_RST` resets a
/// pipe (dropping its lock), `P_EVNT_REG` announces descriptors, `P_SW_OFSTS` reports the
/// position, `P_IRQ_CLR`/`IRQ_CLR` clear status bits. Descriptors are fetched by **bus
/// address** from the [`DmaBuf`]s made by [`FakeBam::dma`] (or [`attach`](FakeBam::attach)ed),
/// from their device view, when [`FakeBam::run`] processes them; command elements are
/// executed against a map of peripheral registers.
pub struct FakeBam<R: BamRevision> {
    ee: u32,
    regs: RefCell<HashMap<usize, u32>>,
    special: HashMap<usize, (Special, u32)>,
    ctrl: usize,
    irq_clr: usize,
    pipes: RefCell<Vec<FakePipe>>,
    memory: RefCell<Vec<DmaBuf>>,
    peripheral: RefCell<HashMap<u32, u32>>,
    lock_owner: Cell<Option<u32>>,
    log: RefCell<Log>,
    _revision: PhantomData<R>,
}

impl<R: BamRevision> FakeBam<R> {
    /// A fake BAM in reset state, seen from execution environment `ee`.
    pub fn new(ee: u32) -> Self {
        let mut special = HashMap::new();
        for pipe in 0..R::MAX_PIPES {
            for (loc, kind) in [
                (R::P_RST, Special::Rst),
                (R::P_EVNT_REG, Special::EvntReg),
                (R::P_SW_OFSTS, Special::SwOfsts),
                (R::P_IRQ_CLR, Special::IrqClr),
            ] {
                special.insert(at(loc, pipe, 0), (kind, pipe));
            }
        }
        FakeBam {
            ee,
            regs: RefCell::new(HashMap::new()),
            special,
            ctrl: at(R::CTRL, 0, 0),
            irq_clr: at(R::IRQ_CLR, 0, 0),
            pipes: RefCell::new((0..R::MAX_PIPES).map(|_| FakePipe::default()).collect()),
            memory: RefCell::new(Vec::new()),
            peripheral: RefCell::new(HashMap::new()),
            lock_owner: Cell::new(None),
            log: RefCell::new(Log::default()),
            _revision: PhantomData,
        }
    }

    /// A new non-coherent DMA region of `len` bytes at bus address `bus`, reachable by the
    /// fake's bus.
    pub fn dma(&self, len: usize, bus: u32) -> DmaBuf {
        let buf = DmaBuf::new(len, bus);
        self.attach(&buf);
        buf
    }

    /// Makes `buf` reachable by the fake's bus.
    pub fn attach(&self, buf: &DmaBuf) {
        self.memory.borrow_mut().push(buf.clone());
    }

    /// Sets a peripheral register that command elements read or write (by CE address).
    pub fn set_peripheral(&self, ce_addr: u32, value: u32) {
        self.peripheral.borrow_mut().insert(ce_addr, value);
    }

    /// A peripheral register's value (0 if never written).
    pub fn peripheral(&self, ce_addr: u32) -> u32 {
        self.peripheral.borrow().get(&ce_addr).copied().unwrap_or(0)
    }

    /// What the fake saw so far.
    pub fn log(&self) -> Ref<'_, Log> {
        self.log.borrow()
    }

    /// Forgets the log (not the state).
    pub fn clear_log(&self) {
        *self.log.borrow_mut() = Log::default();
    }

    /// The descriptors processed so far, all pipes, in order.
    pub fn processed(&self) -> Vec<Descriptor> {
        self.log
            .borrow()
            .processed
            .iter()
            .map(|p| p.descriptor)
            .collect()
    }

    /// The rule violations so far.
    pub fn violations(&self) -> Vec<String> {
        self.log.borrow().violations.clone()
    }

    /// The pipe holding the BAM lock, if any.
    pub fn lock_owner(&self) -> Option<u32> {
        self.lock_owner.get()
    }

    /// Descriptors announced on `pipe` and not yet processed.
    pub fn in_flight(&self, pipe: u32) -> usize {
        self.pipes
            .borrow()
            .get(pipe as usize)
            .map_or(0, |p| p.in_flight.len())
    }

    /// The value of the register at `loc` for `pipe` (and the fake's EE).
    pub fn reg(&self, loc: RegLoc, pipe: u32) -> u32 {
        self.read32(at(loc, pipe, self.ee))
    }

    fn raw(&self, offset: usize) -> u32 {
        self.regs.borrow().get(&offset).copied().unwrap_or(0)
    }

    fn set_raw(&self, offset: usize, value: u32) {
        self.regs.borrow_mut().insert(offset, value);
    }

    fn violation(&self, text: String) {
        self.log.borrow_mut().violations.push(text);
    }

    fn device_read(&self, bus: u32, len: usize) -> Option<Vec<u8>> {
        self.memory
            .borrow()
            .iter()
            .find_map(|m| m.device_read(bus, len))
    }

    fn device_write(&self, bus: u32, bytes: &[u8]) -> bool {
        self.memory
            .borrow()
            .iter()
            .any(|m| m.device_write(bus, bytes))
    }

    fn ring(&self, pipe: u32) -> u32 {
        (self.reg(R::P_FIFO_SIZES, pipe) & 0xffff) / DESCRIPTOR_BYTES as u32
    }

    fn reset_pipe(&self, pipe: u32) {
        if let Some(p) = self.pipes.borrow_mut().get_mut(pipe as usize) {
            *p = FakePipe::default();
        }
        if self.lock_owner.get() == Some(pipe) {
            self.lock_owner.set(None);
        }
        self.log.borrow_mut().pipe_resets += 1;
    }

    fn doorbell(&self, pipe: u32, value: u32) {
        self.log.borrow_mut().doorbells += 1;
        let ring = self.ring(pipe);
        if ring == 0 {
            return self.violation(format!("pipe {pipe}: doorbell before P_FIFO_SIZES"));
        }
        if !crate::multiple_of_u32(value, 8) || value / 8 >= ring {
            return self.violation(format!("pipe {pipe}: doorbell {value:#x} outside the ring"));
        }
        let fifo = self.reg(R::P_DESC_FIFO_ADDR, pipe);
        let mut pipes = self.pipes.borrow_mut();
        let Some(state) = pipes.get_mut(pipe as usize) else {
            return;
        };
        let new_tail = value / 8;
        let announced = (new_tail + ring - state.tail) % ring;
        if state.in_flight.len() as u32 + announced > ring - 1 {
            drop(pipes);
            return self.violation(format!(
                "pipe {pipe}: doorbell overruns the hardware position (ring {ring})"
            ));
        }
        let mut slot = state.tail;
        while slot != new_tail {
            match self.device_read(fifo + slot * 8, 8) {
                Some(bytes) => {
                    let mut d = [0u8; 8];
                    d.copy_from_slice(&bytes);
                    state.in_flight.push_back((slot, d));
                }
                None => {
                    drop(pipes);
                    return self.violation(format!("pipe {pipe}: FIFO at {fifo:#x} unreachable"));
                }
            }
            slot = (slot + 1) % ring;
        }
        state.tail = new_tail;
    }

    /// Processes up to `max` announced descriptors of `pipe`, in order, as the hardware
    /// would; returns how many. Nothing is processed while another pipe holds the lock, or
    /// while the pipe is halted by a refused descriptor.
    pub fn run(&self, pipe: u32, max: usize) -> usize {
        let mut done = 0;
        while done < max {
            if matches!(self.lock_owner.get(), Some(owner) if owner != pipe) {
                break;
            }
            if self.halted(pipe) {
                break;
            }
            let ring = self.ring(pipe);
            let fifo = self.reg(R::P_DESC_FIFO_ADDR, pipe);
            let next = self
                .pipes
                .borrow_mut()
                .get_mut(pipe as usize)
                .and_then(|p| p.in_flight.pop_front());
            let Some((slot, announced)) = next else {
                break;
            };
            if self.device_read(fifo + slot * 8, 8).as_deref() != Some(&announced[..]) {
                self.violation(format!(
                    "pipe {pipe}: slot {slot} rewritten while in flight (FIFO overrun)"
                ));
            }
            let d = Descriptor::from_bytes(announced);
            if let Some(rule) = refusal(d) {
                // Not executed, not consumed: the pipe stops here with the error interrupt.
                self.log.borrow_mut().refused.push((pipe, d, rule));
                self.violation(format!("pipe {pipe}: {d:?} refused: {rule}"));
                self.raise(pipe, P_IRQ_ERR);
                if let Some(p) = self.pipes.borrow_mut().get_mut(pipe as usize) {
                    p.in_flight.push_front((slot, announced));
                    p.halted = true;
                }
                break;
            }
            self.process(pipe, d);
            if let Some(p) = self.pipes.borrow_mut().get_mut(pipe as usize) {
                p.position = (slot + 1) % ring;
            }
            done += 1;
        }
        done
    }

    /// Whether `pipe` is halted by a refused descriptor (until `P_RST`).
    pub fn halted(&self, pipe: u32) -> bool {
        self.pipes
            .borrow()
            .get(pipe as usize)
            .is_some_and(|p| p.halted)
    }

    /// Sets `bits` in the pipe's `P_IRQ_STTS` and the pipe's bit in `IRQ_SRCS_EE`.
    fn raise(&self, pipe: u32, bits: u32) {
        let stts = at(R::P_IRQ_STTS, pipe, 0);
        self.set_raw(stts, self.raw(stts) | bits);
        let srcs = at(R::IRQ_SRCS_EE, 0, self.ee);
        self.set_raw(srcs, self.raw(srcs) | (1 << pipe));
    }

    fn process(&self, pipe: u32, d: Descriptor) {
        let after_data_without_nwd = self
            .pipes
            .borrow()
            .get(pipe as usize)
            .is_some_and(|p| p.after_data_without_nwd);
        if d.is_command() {
            // TRM (via <abE9RQfGN6Ycns1B@linaro.org>): "On the data descriptor preceding
            // command descriptor, NWD bit must be asserted".
            if self.lock_owner.get() == Some(pipe) && after_data_without_nwd {
                self.violation(format!(
                    "pipe {pipe}: command descriptor {d:?} right after a data descriptor \
                     without NWD under the lock"
                ));
            }
            if d.locks() {
                if let Some(owner) = self.lock_owner.get() {
                    self.violation(format!(
                        "pipe {pipe}: LOCK while pipe {owner} holds the lock"
                    ));
                }
                self.lock_owner.set(Some(pipe));
            }
            // vendor qce50 below crypto 5.3 unlocks with a command descriptor of size 0.
            if !(d.unlocks() && d.size() == 0) {
                self.execute_commands(pipe, d);
            }
            if d.unlocks() {
                let recovery = !self
                    .pipes
                    .borrow()
                    .get(pipe as usize)
                    .is_some_and(|p| p.processed_since_reset);
                match self.lock_owner.get() {
                    Some(owner) if owner == pipe => self.lock_owner.set(None),
                    None if recovery => {}
                    _ => self.violation(format!("pipe {pipe}: UNLOCK without a LOCK")),
                }
            }
        }
        if let Some(p) = self.pipes.borrow_mut().get_mut(pipe as usize) {
            p.after_data_without_nwd = !d.is_command() && !d.has(FLAG_NWD);
            p.processed_since_reset = true;
        }
        let mut status = 0;
        if d.has(FLAG_INT) {
            status |= P_IRQ_PRCSD_DESC;
        }
        if d.has(FLAG_EOT) {
            status |= P_IRQ_TRNSFR_END;
        }
        if status != 0 {
            self.raise(pipe, status);
        }
        self.log.borrow_mut().processed.push(Processed {
            pipe,
            descriptor: d,
            lock_owner_after: self.lock_owner.get(),
        });
    }

    fn execute_commands(&self, pipe: u32, d: Descriptor) {
        let size = usize::from(d.size());
        if size == 0 || size % CommandElement::SIZE != 0 {
            return self.violation(format!("pipe {pipe}: command descriptor size {size}"));
        }
        let Some(bytes) = self.device_read(d.addr(), size) else {
            return self.violation(format!(
                "pipe {pipe}: command elements at {:#x} are not in memory the BAM reaches",
                d.addr()
            ));
        };
        for chunk in bytes.chunks_exact(CommandElement::SIZE) {
            let mut raw = [0u8; 16];
            raw.copy_from_slice(chunk);
            let Some(ce) = CommandElement::from_bytes(raw) else {
                self.violation(format!("pipe {pipe}: invalid command element {raw:02x?}"));
                continue;
            };
            let addr = ce.address().get();
            match ce.command() {
                CeCommand::Write => {
                    let old = self.peripheral(addr);
                    let value = (old & !ce.mask()) | (ce.data() & ce.mask());
                    self.peripheral.borrow_mut().insert(addr, value);
                    self.log.borrow_mut().ce_writes.push((addr, ce.data()));
                }
                CeCommand::Read => {
                    let value = self.peripheral(addr);
                    if !self.device_write(ce.data(), &value.to_le_bytes()) {
                        self.violation(format!(
                            "pipe {pipe}: read destination {:#x} is not in memory the BAM reaches",
                            ce.data()
                        ));
                    }
                    self.log.borrow_mut().ce_reads.push((addr, ce.data()));
                }
            }
        }
    }
}

/// The byte offset of `loc` for `pipe` and `ee` (`usize::MAX` if it overflows, which no
/// register matches).
pub(super) fn at(loc: RegLoc, pipe: u32, ee: u32) -> usize {
    loc.at(pipe, ee).unwrap_or(usize::MAX)
}

impl<R: BamRevision> Io for FakeBam<R> {
    fn read32(&self, offset: usize) -> u32 {
        match self.special.get(&offset) {
            Some(&(Special::SwOfsts, pipe)) => self
                .pipes
                .borrow()
                .get(pipe as usize)
                .map_or(0, |p| p.position * 8),
            _ => self.raw(offset),
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        self.log.borrow_mut().register_writes.push((offset, value));
        match self.special.get(&offset) {
            Some(&(Special::Rst, pipe)) => {
                if value & 1 != 0 {
                    self.reset_pipe(pipe);
                }
                self.set_raw(offset, value);
            }
            Some(&(Special::EvntReg, pipe)) => {
                self.set_raw(offset, value);
                self.doorbell(pipe, value);
            }
            Some(&(Special::SwOfsts, _)) => {}
            Some(&(Special::IrqClr, pipe)) => {
                let stts = at(R::P_IRQ_STTS, pipe, 0);
                let left = self.raw(stts) & !value;
                self.set_raw(stts, left);
                if left == 0 {
                    let srcs = at(R::IRQ_SRCS_EE, 0, self.ee);
                    self.set_raw(srcs, self.raw(srcs) & !(1 << pipe));
                }
            }
            None if offset == self.ctrl => {
                if regs::Ctrl::from_bits(value).bam_sw_rst() {
                    for pipe in 0..R::MAX_PIPES {
                        self.reset_pipe(pipe);
                    }
                }
                self.set_raw(offset, value);
            }
            None if offset == self.irq_clr => {
                let stts = at(R::IRQ_STTS, 0, 0);
                self.set_raw(stts, self.raw(stts) & !value);
            }
            None => self.set_raw(offset, value),
        }
    }
}

#[cfg(test)]
mod tests;
