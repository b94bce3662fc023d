//! Caller-provided DMA memory.

/// A region of memory that both the CPU and the BAM reach: a descriptor FIFO, the driver's
/// lock scratch lines, command-element arrays.
///
/// The driver never allocates; the caller hands it regions, typically from its DMA allocator
/// or a linker section, and the pipe keeps them (by value or by reference) for as long as
/// the hardware may read them.
///
/// # Safety
///
/// Implementations guarantee, for as long as the region is used:
/// - `cpu_ptr()..cpu_ptr() + len()` is valid for reads and writes, and nothing but the holder
///   of this region (and the device) writes it;
/// - `bus_addr()` is the address at which **the BAM** (the DMA controller, through its IOMMU
///   if any) reaches `cpu_ptr()`, not the address some other device would use, and the whole
///   region lies below 4 GiB in that address space: the driver's bus addresses are 32-bit (see
///   the crate docs), so memory the BAM reaches only above 4 GiB cannot be a `DmaRegion`. An
///   implementation whose allocator hands out 64-bit bus addresses converts them with
///   `u32::try_from` and refuses the region on error (map it below 4 GiB, or bounce); it never
///   narrows with `as`, which would point the BAM at other memory;
/// - `clean(offset, len)` makes CPU writes to that range visible to the device **and orders
///   them before any later register write** (a write barrier such as Linux `wmb()`, even on a
///   coherent system where no cache maintenance is needed);
/// - `invalidate(offset, len)` makes device writes to that range visible to the CPU.
pub unsafe trait DmaRegion {
    /// CPU address of the first byte.
    fn cpu_ptr(&self) -> *mut u8;
    /// Bus address of the first byte, as the BAM sees it.
    fn bus_addr(&self) -> u32;
    /// Length in bytes.
    fn len(&self) -> usize;
    /// Whether the region is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Makes CPU writes to `offset..offset + len` visible to the device, ordered before any
    /// later register write.
    fn clean(&self, offset: usize, len: usize);
    /// Makes device writes to `offset..offset + len` visible to the CPU. The driver itself
    /// never reads memory the device writes; this is for clients reading the destinations
    /// of their own read command elements.
    fn invalidate(&self, offset: usize, len: usize);
}

// SAFETY: forwards every call to `T`, which upholds the contract.
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
