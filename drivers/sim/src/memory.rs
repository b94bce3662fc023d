//! System memory: DMA regions at bus addresses, each with a CPU view and a device view.

use socgen_bam::DmaRegion;
use socgen_bam::testing::DmaBuf;
use std::cell::{Cell, RefCell};

/// Sparse, byte-addressed system memory as the BAM sees it: only allocated regions exist, so
/// a descriptor pointing anywhere else is a bus error, as on hardware without memory there.
///
/// Regions are [`DmaBuf`]s: the CPU writes its view through [`DmaRegion::cpu_ptr`] and the
/// device sees the bytes only after [`DmaRegion::clean`]; device writes reach the CPU view
/// only after [`DmaRegion::invalidate`]. A driver that forgets either gets stale data here too.
#[derive(Debug)]
pub struct Memory {
    regions: RefCell<Vec<DmaBuf>>,
    next_bus: Cell<u32>,
}

/// Where allocations start: well above any peripheral, like DDR on the SoCs described.
pub const DRAM_BASE: u32 = 0x8000_0000;
const PAGE: u32 = 4096;

impl Default for Memory {
    fn default() -> Self {
        Self::new()
    }
}

impl Memory {
    /// Empty memory; allocations start at [`DRAM_BASE`].
    pub fn new() -> Self {
        Memory {
            regions: RefCell::new(Vec::new()),
            next_bus: Cell::new(DRAM_BASE),
        }
    }

    /// A new non-coherent region of `len` bytes at the next free page-aligned bus address.
    ///
    /// # Panics
    /// When the 32-bit bus space is exhausted (a test set-up error).
    pub fn alloc(&self, len: usize) -> DmaBuf {
        let bus = self.next_bus.get();
        let pages = u32::try_from(len.div_ceil(PAGE as usize).max(1)).expect("region too large");
        let next = pages
            .checked_mul(PAGE)
            .and_then(|size| bus.checked_add(size))
            .expect("bus space exhausted");
        self.next_bus.set(next);
        let region = DmaBuf::new(len, bus);
        self.regions.borrow_mut().push(region.clone());
        region
    }

    /// A region with the given bytes, already cleaned to the device.
    pub fn alloc_with(&self, bytes: &[u8]) -> DmaBuf {
        let region = self.alloc(bytes.len());
        region.write_and_clean(0, bytes);
        region
    }

    fn find<T>(&self, bus: u32, len: usize, f: impl FnOnce(&DmaBuf) -> T) -> Option<T> {
        let regions = self.regions.borrow();
        let region = regions
            .iter()
            .find(|r| r.offset_of(bus, len).is_some() && len > 0)?;
        Some(f(region))
    }

    /// What the device reads at `bus`: `None` unless `len` bytes lie inside one region.
    pub fn device_read(&self, bus: u32, len: usize) -> Option<Vec<u8>> {
        self.find(bus, len, |r| r.device_read(bus, len)).flatten()
    }

    /// A device write at `bus`; `false` (nothing written) unless it lies inside one region.
    pub fn device_write(&self, bus: u32, bytes: &[u8]) -> bool {
        self.find(bus, bytes.len(), |r| r.device_write(bus, bytes))
            .unwrap_or(false)
    }

    /// Hashes every region's bus address and device view.
    pub(crate) fn hash_device_view(&self, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        for region in self.regions.borrow().iter() {
            region.bus_addr().hash(hasher);
            region.device_bytes().hash(hasher);
        }
    }

    /// How many regions exist.
    pub fn regions(&self) -> usize {
        self.regions.borrow().len()
    }
}

/// Reads a region's CPU view after invalidating it: what a driver sees after the device wrote.
pub fn read_back(region: &DmaBuf, offset: usize, len: usize) -> Vec<u8> {
    region.invalidate(offset, len);
    region.cpu_bytes()[offset..offset + len].to_vec()
}
