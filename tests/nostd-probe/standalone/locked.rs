//! no_std probe of the standalone export's drivers for a SoC with a lock setup: a staticlib
//! built by bare `rustc` against `socgen_driver` (`driver.rs`), linked into `locked.c` by gcc.
//! It names no SoC: every SoC-specific fact comes from the generated `driver.rs`, so the same
//! probe runs for each locked SoC the test picks.
#![no_std]

use socgen_driver::socgen_bam::{DmaRegion, Transaction};
use socgen_driver::socgen_qce::{AesKey, CipherMode, CipherRequest, Direction, SLOT_BYTES};
use socgen_driver::socgen_runtime::bam::{BamRevision, LockTargetSpec};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

/// A C buffer standing in for DMA memory; the bus address is made up (no device reads it).
struct Region {
    ptr: *mut u8,
    bus: u32,
    len: usize,
}

// SAFETY: the C caller hands each buffer to one region, valid for `len` bytes for the whole
// call; nothing but the CPU reads it, so ordering the writes is all `clean` owes.
unsafe impl DmaRegion for Region {
    fn cpu_ptr(&self) -> *mut u8 {
        self.ptr
    }
    fn bus_addr(&self) -> u32 {
        self.bus
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

/// The locked pipe's number, for the C side to find its doorbell.
#[unsafe(no_mangle)]
pub extern "C" fn probe_locked_pipe_number() -> u32 {
    socgen_driver::Lock::TARGET.pipe
}

/// The byte offset of the locked pipe's doorbell (`P_EVNT_REG`) in the BAM window.
#[unsafe(no_mangle)]
pub extern "C" fn probe_doorbell_offset() -> usize {
    let target = socgen_driver::Lock::TARGET;
    <socgen_driver::LockedLayout as BamRevision>::P_EVNT_REG
        .at(target.pipe, target.ee)
        .unwrap_or(usize::MAX)
}

/// Submits one 64-byte data transaction on the SoC's locked pipe over the BAM window at `bam`
/// and the descriptor FIFO at `fifo` (`fifo_len` bytes, 8-byte aligned); `scratch` holds the
/// lock's dummy command element (128 bytes, 64-byte aligned). Returns the number of
/// descriptors the chain has (lock descriptors included), or a negative step number.
#[unsafe(no_mangle)]
pub extern "C" fn probe_locked_submit(
    bam: usize,
    fifo: *mut u8,
    fifo_len: usize,
    scratch: *mut u8,
) -> i32 {
    // SAFETY: the C caller passes a buffer at least as large as the BAM window.
    let io = unsafe { socgen_driver::LockedMmio::new(bam) };
    let fifo = Region {
        ptr: fifo,
        bus: 0x1000_0000,
        len: fifo_len,
    };
    let scratch = Region {
        ptr: scratch,
        bus: 0x1000_8000,
        len: 128,
    };
    let Ok(mut pipe) = socgen_driver::locked_pipe::<_, _, 4>(io, fifo, scratch) else {
        return -1;
    };
    let mut txn: Transaction<2> = Transaction::new();
    if txn.data(0x2000_0000, 64).is_err() {
        return -2;
    }
    let descriptors = pipe.chain(&txn).total();
    if pipe.submit(&txn).is_err() {
        return -3;
    }
    i32::try_from(descriptors).unwrap_or(-4)
}

/// Builds the SoC's QCE driver over the same kind of memory and submits one AES-128-CBC
/// request; returns the number of descriptors on the locked rx pipe, or a negative step.
#[unsafe(no_mangle)]
pub extern "C" fn probe_qce_submit(
    bam: usize,
    rx_fifo: *mut u8,
    tx_fifo: *mut u8,
    fifo_len: usize,
    scratch: *mut u8,
    work: *mut u8,
    work_len: usize,
) -> i32 {
    if work_len < SLOT_BYTES {
        return -1;
    }
    // SAFETY: as above.
    let io = unsafe { socgen_driver::LockedMmio::new(bam) };
    let region = |ptr, bus, len| Region { ptr, bus, len };
    let Ok(mut qce) = socgen_driver::qce::<_, _, 1>(
        &io,
        region(rx_fifo, 0x1000_0000, fifo_len),
        region(tx_fifo, 0x1001_0000, fifo_len),
        region(scratch, 0x1000_8000, 128),
        region(work, 0x1002_0000, work_len),
    ) else {
        return -2;
    };
    let request = CipherRequest {
        key: AesKey::Aes128(&[0x11; 16]),
        mode: CipherMode::Cbc { iv: [0x22; 16] },
        direction: Direction::Encrypt,
        src: 0x3000_0000,
        dst: 0x3000_1000,
        len: 64,
    };
    if qce.submit_cipher(&request).is_err() {
        return -3;
    }
    i32::try_from(qce.rx_pipe().in_flight()).unwrap_or(-4)
}
