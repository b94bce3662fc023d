//! `submit`, `poll` and `reset` never touch the heap: counted by a global allocator that only
//! this test binary installs, and only on the thread under test while it runs the driver (the
//! test harness allocates on its own threads whenever it likes).

use socgen_bam::testing::{DmaBuf, InstantBam, Msm8996WrapLock, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{Direction, Error, Pipe, SCRATCH_BYTES, Transaction};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // A const-initialised `Cell` needs no allocation to reach.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Commands then `descriptors - 1` data buffers.
fn transaction(descriptors: u32) -> Transaction<16> {
    let mut t = Transaction::new();
    t.commands(0x3000_0000, 8).expect("commands");
    for i in 1..descriptors {
        t.data(0x4000_0000 + i * 0x1000, 512).expect("data");
    }
    t
}

fn exercise(mut pipe: Pipe<V1_7_0, &InstantBam<V1_7_0>, &DmaBuf>) {
    let transactions = [transaction(1), transaction(4), transaction(16)];
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    let mut completed = 0usize;
    for round in 0..3000 {
        let t = &transactions[round % 3];
        match pipe.submit(t) {
            // Recovering: the reset's lone UNLOCK waits for the next poll.
            Ok(_) | Err(Error::FifoFull { .. } | Error::Recovering) => {}
            Err(e) => panic!("{e}"),
        }
        // Let the FIFO fill up now and then, so the refusal path runs too.
        if round % 7 != 0 {
            completed += pipe.poll(|_| {}).expect("valid position");
        }
        if round % 1000 == 999 {
            pipe.reset(|_, _| {});
        }
    }
    completed += pipe.poll(|_| {}).expect("valid position");
    COUNTING.with(|c| c.set(false));
    assert_eq!(
        ALLOCATIONS.load(Ordering::SeqCst),
        before,
        "the driver allocated"
    );
    assert!(completed > 2000);
}

#[test]
fn submit_poll_and_reset_do_not_allocate() {
    let fifo = DmaBuf::coherent(4096, 0x1000_0000);
    let scratch = DmaBuf::coherent(SCRATCH_BYTES, 0x2000_0000);

    let bam = InstantBam::<V1_7_0>::new(3);
    exercise(Pipe::new(&bam, 3, 0, Direction::MemToDev, &fifo).expect("pipe"));
    let bam = InstantBam::<V1_7_0>::new(6);
    exercise(Pipe::new_locked::<Msm8996WrapLock>(&bam, &fifo, &scratch).expect("pipe"));
    let bam = InstantBam::<V1_7_0>::new(4);
    exercise(Pipe::new_locked::<Sm8550CryptoLock>(&bam, &fifo, &scratch).expect("pipe"));

    // Non-coherent memory too (its clean copies into a preallocated device view).
    let fifo = DmaBuf::new(4096, 0x1000_0000);
    exercise(Pipe::new_locked::<Sm8550CryptoLock>(&bam, &fifo, &scratch).expect("pipe"));
}
