// The positive control of tests/compile-fail: the same construction compiles and runs on a
// revision with pipe locking, data descriptors take data flags
// (EOT|NWD together) and command descriptors take NWD without EOT. (Its presence also makes
// trybuild build, not just check, so the compile-time assertion in `new_locked`, which fires
// at monomorphization, is exercised by locking_flag_false.rs.)
use socgen_bam::testing::{FakeBam, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{CommandFlags, DataFlags, Descriptor, Pipe};

fn main() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, 0x1000);
    let scratch = bam.dma(128, 0x2000);
    let pipe = Pipe::<V1_7_0, _, _>::new_locked::<Sm8550CryptoLock>(&bam, &fifo, &scratch);
    assert!(pipe.is_ok());
    let _ = Descriptor::data(0x1000, 64, DataFlags::EOT_NWD | DataFlags::INT);
    let _ = Descriptor::command(0x1000, 16, CommandFlags::NWD | CommandFlags::INT);
}
