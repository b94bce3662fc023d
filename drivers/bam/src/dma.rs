//! Caller-provided DMA memory.

/// A region of memory both the CPU and the BAM can reach: descriptor FIFOs, the driver's
/// scratch line, command-element arrays.
///
/// # Safety
///
/// Implementations guarantee that `cpu_ptr()..cpu_ptr() + len()` is valid for reads and writes
/// for as long as the region is used, that nothing else writes it meanwhile, and that
/// `bus_addr()` is the address the BAM uses for `cpu_ptr()` (the DMA controller's view, not the
/// client peripheral's). `clean` must make CPU writes visible to the device and `invalidate`
/// device writes visible to the CPU (no-ops on coherent systems).
pub unsafe trait DmaRegion {
    /// CPU address of the region.
    fn cpu_ptr(&self) -> *mut u8;
    /// Bus address of the region as the BAM sees it.
    fn bus_addr(&self) -> u32;
    /// Length in bytes.
    fn len(&self) -> usize;
    /// Whether the region is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Makes CPU writes to `offset..offset + len` visible to the device.
    fn clean(&self, offset: usize, len: usize);
    /// Makes device writes to `offset..offset + len` visible to the CPU.
    fn invalidate(&self, offset: usize, len: usize);
}

// SAFETY: forwards to `T`, which upholds the contract.
unsafe impl<T: DmaRegion + ?Sized> DmaRegion for &T {
    fn cpu_ptr(&self) -> *mut u8 {
        (**self).cpu_ptr()
    }
    fn bus_addr(&self) -> u32 {
        (**self).bus_addr()
    }
    fn len(&self) -> usize {
        (**self).len()
    }
    fn clean(&self, offset: usize, len: usize) {
        (**self).clean(offset, len)
    }
    fn invalidate(&self, offset: usize, len: usize) {
        (**self).invalidate(offset, len)
    }
}
