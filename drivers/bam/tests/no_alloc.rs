//! submit and poll allocate nothing: counted with a global allocator in this test binary only.

use qcom_socs::blocks::bam::v1_7_0::Layout;
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_bam::{Pipe, Transaction};
use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn submit_and_poll_do_not_allocate() {
    let bam = FakeBam::<Layout>::new(4);
    let fifo = DmaBuf::new(32 * 1024, 0x1000_0000);
    let scratch = DmaBuf::new(64, 0x2000_0000);
    let mut pipe: Pipe<Layout, &FakeBam<Layout>, &DmaBuf> =
        Pipe::new_locked::<qcom_socs::sm8550::Lock>(&bam, &fifo, &scratch).expect("pipe");
    let mut t: Transaction<4> = Transaction::new();
    t.commands(0x3000_0000, 8)
        .expect("c")
        .data(0x4000_0000, 4096)
        .expect("d");
    let mut done = 0;
    for _ in 0..100 {
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        pipe.submit(&t).expect("room");
        let _ = pipe.poll(|_| done += 1);
        assert_eq!(
            ALLOCATIONS.load(Ordering::SeqCst),
            before,
            "the driver allocated"
        );
        // The fake hardware (test infrastructure) may allocate; it runs outside the window.
        bam.process(&fifo, usize::MAX);
    }
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let _ = pipe.poll(|_| done += 1);
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst), before);
    assert_eq!(done, 100);
}
