//! no_std probe of the standalone export's BAM driver for msm8974 (BAM v1.4.0, no lock
//! setup): a staticlib built by bare `rustc` against `socgen_driver` (`driver.rs`), linked
//! into `unlocked.c` by gcc. It submits on an unlocked pipe of `blsp2_dma`.
#![no_std]

use socgen_driver::blsp2_dma;
use socgen_driver::socgen_bam::{DmaRegion, Direction, Transaction};
use socgen_driver::socgen_runtime::bam::BamRevision;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

/// A C buffer standing in for DMA memory; the bus address is made up (no device reads it).
struct Region {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the C caller hands the buffer to this region alone, valid for `len` bytes for the
// whole call; nothing but the CPU reads it, so ordering the writes is all `clean` owes.
unsafe impl DmaRegion for Region {
    fn cpu_ptr(&self) -> *mut u8 {
        self.ptr
    }
    fn bus_addr(&self) -> u32 {
        0x1000_0000
    }
    fn len(&self) -> usize {
        self.len
    }
    fn clean(&self, _: usize, _: usize) {
        core::sync::atomic::fence(core::sync::atomic::Ordering::SeqCst);
    }
    fn invalidate(&self, _: usize, _: usize) {
        core::sync::atomic::fence(core::sync::atomic::Ordering::SeqCst);
    }
}

/// The byte offset of pipe 1's doorbell (`P_EVNT_REG`) in the v1.4.0 BAM window, EE 0.
#[unsafe(no_mangle)]
pub extern "C" fn probe_doorbell_offset() -> usize {
    <blsp2_dma::Layout as BamRevision>::P_EVNT_REG
        .at(1, 0)
        .unwrap_or(usize::MAX)
}

/// Submits one 64-byte data transaction on pipe 1 of `blsp2_dma` (window at `bam`, FIFO at
/// `fifo`); returns the number of descriptors written, or a negative step number.
#[unsafe(no_mangle)]
pub extern "C" fn probe_unlocked_submit(bam: usize, fifo: *mut u8, fifo_len: usize) -> i32 {
    // SAFETY: the C caller passes a buffer at least as large as the BAM window.
    let io = unsafe { blsp2_dma::Mmio::new(bam) };
    let fifo = Region {
        ptr: fifo,
        len: fifo_len,
    };
    let Ok(mut pipe) = blsp2_dma::pipe::<_, _, 4>(io, 1, Direction::MemToDev, fifo) else {
        return -1;
    };
    let mut txn: Transaction<1> = Transaction::new();
    if txn.data(0x2000_0000, 64).is_err() {
        return -2;
    }
    let descriptors = pipe.chain(&txn).total();
    if pipe.submit(&txn).is_err() {
        return -3;
    }
    i32::try_from(descriptors).unwrap_or(-4)
}
