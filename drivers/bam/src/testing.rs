//! Test support (feature `testing`): DMA buffers on the heap and a fake BAM that consumes
//! descriptors and checks the locking rules, so the driver runs on a host.
extern crate std;

use crate::descriptor::Descriptor;
use crate::dma::DmaRegion;
use core::cell::RefCell;
use core::marker::PhantomData;
use socgen_runtime::Io;
use socgen_runtime::bam::BamRevision;
use std::collections::BTreeMap;
use std::vec::Vec;

#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([u8; 64]);

/// Heap memory standing in for DMA memory: 64-byte aligned, with a chosen bus address.
pub struct DmaBuf {
    ptr: *mut Line,
    lines: usize,
    len: usize,
    bus: u32,
    /// Bytes cleaned so far (to check the driver cleans what it writes); a counter, so
    /// cleaning never allocates.
    pub cleaned: core::cell::Cell<usize>,
}

impl DmaBuf {
    /// `len` bytes at bus address `bus` (allocated in 64-byte lines).
    pub fn new(len: usize, bus: u32) -> Self {
        let lines = len.div_ceil(64).max(1);
        let boxed: std::boxed::Box<[Line]> = std::vec![Line([0; 64]); lines].into_boxed_slice();
        DmaBuf {
            ptr: std::boxed::Box::into_raw(boxed).cast::<Line>(),
            lines,
            len,
            bus,
            cleaned: core::cell::Cell::new(0),
        }
    }

    /// Copies `bytes` in at `offset` (bytes past the end are dropped).
    pub fn write(&self, offset: usize, bytes: &[u8]) {
        let room = self.len.saturating_sub(offset);
        let n = bytes.len().min(room);
        // SAFETY: `offset + n <= len`, inside the owned allocation.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.ptr.cast::<u8>().add(offset), n)
        }
    }

    /// A copy of the bytes.
    pub fn bytes(&self) -> Vec<u8> {
        // SAFETY: `ptr` owns `lines * 64` initialised bytes until drop.
        unsafe { core::slice::from_raw_parts(self.ptr.cast::<u8>(), self.lines * 64).to_vec() }
    }

    /// The 8-byte descriptor at `slot` (zeroes past the end).
    pub fn descriptor(&self, slot: usize) -> Descriptor {
        let mut d = [0u8; 8];
        if slot.saturating_add(1).saturating_mul(8) <= self.len {
            // SAFETY: the 8 bytes at `slot * 8` lie inside the owned allocation.
            unsafe {
                core::ptr::copy_nonoverlapping(
                    self.ptr.cast::<u8>().add(slot * 8),
                    d.as_mut_ptr(),
                    8,
                )
            }
        }
        Descriptor::from_bytes(d)
    }
}

impl Drop for DmaBuf {
    fn drop(&mut self) {
        // SAFETY: made by `Box::into_raw` of a slice of `lines` lines in `new`.
        unsafe {
            drop(std::boxed::Box::from_raw(
                core::ptr::slice_from_raw_parts_mut(self.ptr, self.lines),
            ))
        }
    }
}

// SAFETY: the buffer is owned, valid for its length, and written only through `cpu_ptr`.
unsafe impl DmaRegion for DmaBuf {
    fn cpu_ptr(&self) -> *mut u8 {
        self.ptr.cast()
    }
    fn bus_addr(&self) -> u32 {
        self.bus
    }
    fn len(&self) -> usize {
        self.len
    }
    fn clean(&self, offset: usize, len: usize) {
        let _ = offset;
        self.cleaned.set(self.cleaned.get() + len);
    }
    fn invalidate(&self, _offset: usize, _len: usize) {}
}

/// What the fake BAM saw.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Observed {
    /// Every processed descriptor, in order.
    pub processed: Vec<Descriptor>,
    /// Rule violations (a lock flag on a data descriptor, LOCK while locked, UNLOCK while unlocked).
    pub violations: Vec<&'static str>,
    /// Whether the pipe holds the lock now.
    pub locked: bool,
    /// Doorbell writes.
    pub doorbells: usize,
}

/// A fake BAM: registers as a map, plus a consumer that processes descriptors of one pipe
/// from the FIFO memory the driver programmed.
pub struct FakeBam<R: BamRevision> {
    regs: RefCell<BTreeMap<usize, u32>>,
    /// What it saw.
    pub observed: RefCell<Observed>,
    pipe: u32,
    _r: PhantomData<R>,
}

impl<R: BamRevision> FakeBam<R> {
    /// A fake BAM serving `pipe`.
    pub fn new(pipe: u32) -> Self {
        FakeBam {
            regs: RefCell::new(BTreeMap::new()),
            observed: RefCell::new(Observed::default()),
            pipe,
            _r: PhantomData,
        }
    }

    fn at(&self, loc: socgen_runtime::bam::RegLoc) -> usize {
        loc.at(self.pipe, 0).unwrap_or(usize::MAX)
    }

    /// A register's value.
    pub fn reg(&self, loc: socgen_runtime::bam::RegLoc) -> u32 {
        self.regs.borrow().get(&self.at(loc)).copied().unwrap_or(0)
    }

    /// Processes up to `max` descriptors between the hardware offset and the doorbell tail.
    pub fn process(&self, fifo: &DmaBuf, max: usize) -> usize {
        let ring = (self.reg(R::P_FIFO_SIZES) / 8).max(1) as usize;
        let tail = (self.reg(R::P_EVNT_REG) / 8) as usize % ring;
        let mut hw = (self.reg(R::P_SW_OFSTS) & 0xffff) as usize / 8 % ring;
        let mut n = 0;
        let mut obs = self.observed.borrow_mut();
        while hw != tail && n < max {
            let d = fifo.descriptor(hw);
            if !d.is_command() && (d.locks() || d.unlocks()) {
                obs.violations.push("lock flag on a data descriptor");
            }
            if d.locks() {
                if obs.locked {
                    obs.violations.push("LOCK while already locked");
                }
                obs.locked = true;
            }
            if d.unlocks() {
                if !obs.locked {
                    obs.violations.push("UNLOCK while not locked");
                }
                obs.locked = false;
            }
            obs.processed.push(d);
            hw = (hw + 1) % ring;
            n += 1;
        }
        drop(obs);
        let off = self.at(R::P_SW_OFSTS);
        self.regs.borrow_mut().insert(off, (hw * 8) as u32);
        n
    }
}

impl<R: BamRevision> Io for FakeBam<R> {
    fn read32(&self, offset: usize) -> u32 {
        self.regs.borrow().get(&offset).copied().unwrap_or(0)
    }
    fn write32(&self, offset: usize, value: u32) {
        if offset == self.at(R::P_RST) && value == 1 {
            // A pipe reset drops the FIFO position and the lock the pipe held.
            let sw = self.at(R::P_SW_OFSTS);
            let ev = self.at(R::P_EVNT_REG);
            self.regs.borrow_mut().insert(sw, 0);
            self.regs.borrow_mut().insert(ev, 0);
            self.observed.borrow_mut().locked = false;
        }
        if offset == self.at(R::P_EVNT_REG) {
            self.observed.borrow_mut().doorbells += 1;
        }
        self.regs.borrow_mut().insert(offset, value);
    }
}
