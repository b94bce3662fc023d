//! Heap memory standing in for DMA memory, with a CPU view and a device view.

use crate::descriptor::Descriptor;
use crate::dma::DmaRegion;
use core::cell::{Cell, RefCell};
use core::ptr::NonNull;
use std::boxed::Box;
use std::rc::Rc;
use std::vec;
use std::vec::Vec;

#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([u8; 64]);

struct Inner {
    /// Start of the 64-byte-aligned allocation of `lines` lines.
    alloc: NonNull<Line>,
    lines: usize,
    /// Where the region starts inside the allocation (non-zero only to test misalignment).
    cpu_offset: usize,
    len: usize,
    bus: u32,
    /// `None`: coherent, the device sees CPU memory directly. `Some`: the device's own copy,
    /// updated only by `clean` (CPU to device) and read back only by `invalidate`, like a
    /// non-coherent system with write-back caches.
    device: Option<RefCell<Vec<u8>>>,
    cleaned_bytes: Cell<usize>,
    clean_calls: Cell<usize>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // SAFETY: `alloc` came from `Box::into_raw` of a boxed slice of `lines` lines.
        unsafe {
            drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(
                self.alloc.as_ptr(),
                self.lines,
            )))
        }
    }
}

/// A DMA region on the heap: 64-byte aligned, at a bus address of the test's choosing.
///
/// Cloning gives another handle on the same memory (the fake BAM keeps one to reach the
/// region by bus address). By default it is **non-coherent**: the device sees only what the
/// driver has [`clean`](DmaRegion::clean)ed, so a missing clean shows up as stale data in the
/// fake BAM.
#[derive(Clone)]
pub struct DmaBuf(Rc<Inner>);

impl core::fmt::Debug for DmaBuf {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DmaBuf")
            .field("bus", &format_args!("{:#010x}", self.0.bus))
            .field("len", &self.0.len)
            .field("coherent", &self.0.device.is_none())
            .finish()
    }
}

impl DmaBuf {
    fn make(len: usize, bus: u32, cpu_offset: usize, coherent: bool) -> Self {
        let lines = (len + cpu_offset).div_ceil(64).max(1);
        let boxed: Box<[Line]> = vec![Line([0; 64]); lines].into_boxed_slice();
        let alloc = NonNull::new(Box::into_raw(boxed).cast::<Line>()).expect("Box is non-null");
        DmaBuf(Rc::new(Inner {
            alloc,
            lines,
            cpu_offset,
            len,
            bus,
            device: (!coherent).then(|| RefCell::new(vec![0; len])),
            cleaned_bytes: Cell::new(0),
            clean_calls: Cell::new(0),
        }))
    }

    /// `len` zeroed bytes at bus address `bus`, non-coherent.
    pub fn new(len: usize, bus: u32) -> Self {
        Self::make(len, bus, 0, false)
    }

    /// `len` zeroed bytes at bus address `bus`, coherent (clean and invalidate only count).
    pub fn coherent(len: usize, bus: u32) -> Self {
        Self::make(len, bus, 0, true)
    }

    /// Like [`new`](Self::new) but starting `cpu_offset` bytes into a 64-byte-aligned
    /// allocation, to test that misaligned regions are refused.
    pub fn with_cpu_offset(len: usize, bus: u32, cpu_offset: usize) -> Self {
        Self::make(len, bus, cpu_offset, false)
    }

    fn base(&self) -> *mut u8 {
        self.0
            .alloc
            .as_ptr()
            .cast::<u8>()
            .wrapping_add(self.0.cpu_offset)
    }

    /// The CPU's view of the bytes.
    pub fn cpu_bytes(&self) -> Vec<u8> {
        // SAFETY: `base()..base() + len` lies inside the allocation, initialised, and no `&mut`
        // to it exists (writes go through raw pointers).
        unsafe { core::slice::from_raw_parts(self.base(), self.0.len).to_vec() }
    }

    /// The device's view of the bytes (the CPU's, if coherent).
    pub fn device_bytes(&self) -> Vec<u8> {
        match &self.0.device {
            Some(device) => device.borrow().clone(),
            None => self.cpu_bytes(),
        }
    }

    /// A CPU write (not yet visible to a non-coherent device). Panics past the end.
    pub fn cpu_write(&self, offset: usize, bytes: &[u8]) {
        assert!(offset + bytes.len() <= self.0.len, "write past the region");
        // SAFETY: in bounds (asserted), raw-pointer write into the owned allocation.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.base().add(offset), bytes.len())
        }
    }

    /// A CPU write followed by a clean: how a client places command elements in DMA memory.
    pub fn write_and_clean(&self, offset: usize, bytes: &[u8]) {
        self.cpu_write(offset, bytes);
        self.clean(offset, bytes.len());
    }

    /// Reads `len` bytes at bus address `bus` as the device would, if this region holds them.
    pub fn device_read(&self, bus: u32, len: usize) -> Option<Vec<u8>> {
        let offset = self.offset_of(bus, len)?;
        Some(self.device_bytes()[offset..offset + len].to_vec())
    }

    /// Writes `bytes` at bus address `bus` as the device would; `false` if outside.
    pub fn device_write(&self, bus: u32, bytes: &[u8]) -> bool {
        let Some(offset) = self.offset_of(bus, bytes.len()) else {
            return false;
        };
        match &self.0.device {
            Some(device) => {
                device.borrow_mut()[offset..offset + bytes.len()].copy_from_slice(bytes)
            }
            None => self.cpu_write(offset, bytes),
        }
        true
    }

    /// The offset of bus address `bus` if `len` bytes from it lie inside the region.
    pub fn offset_of(&self, bus: u32, len: usize) -> Option<usize> {
        let offset = (bus as usize).checked_sub(self.0.bus as usize)?;
        (offset + len <= self.0.len).then_some(offset)
    }

    /// The descriptor in FIFO slot `slot`, in the CPU's view.
    pub fn descriptor(&self, slot: usize) -> Descriptor {
        let bytes = self.cpu_bytes();
        let mut d = [0u8; 8];
        d.copy_from_slice(&bytes[slot * 8..slot * 8 + 8]);
        Descriptor::from_bytes(d)
    }

    /// Bytes cleaned so far.
    pub fn cleaned_bytes(&self) -> usize {
        self.0.cleaned_bytes.get()
    }

    /// Calls to `clean` so far.
    pub fn clean_calls(&self) -> usize {
        self.0.clean_calls.get()
    }
}

// SAFETY: the region is owned by the `Rc`, valid for `len` bytes until the last handle is
// dropped, and written through raw pointers only; `bus_addr` is the address the fake BAM
// resolves it by; `clean`/`invalidate` copy between the CPU and device views.
unsafe impl DmaRegion for DmaBuf {
    fn cpu_ptr(&self) -> *mut u8 {
        self.base()
    }
    fn bus_addr(&self) -> u32 {
        self.0.bus
    }
    fn len(&self) -> usize {
        self.0.len
    }
    fn clean(&self, offset: usize, len: usize) {
        // Counting without allocating: the allocation test runs submit/poll through here.
        self.0
            .cleaned_bytes
            .set(self.0.cleaned_bytes.get().saturating_add(len));
        self.0
            .clean_calls
            .set(self.0.clean_calls.get().saturating_add(1));
        if let Some(device) = &self.0.device {
            let end = (offset + len).min(self.0.len);
            if offset < end {
                // SAFETY: `offset..end` is inside the region.
                let cpu =
                    unsafe { core::slice::from_raw_parts(self.base().add(offset), end - offset) };
                device.borrow_mut()[offset..end].copy_from_slice(cpu);
            }
        }
    }
    fn invalidate(&self, offset: usize, len: usize) {
        if let Some(device) = &self.0.device {
            let end = (offset + len).min(self.0.len);
            if offset < end {
                let bytes = device.borrow()[offset..end].to_vec();
                self.cpu_write(offset, &bytes);
            }
        }
    }
}
