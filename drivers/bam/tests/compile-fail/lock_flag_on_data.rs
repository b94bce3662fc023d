// A data descriptor cannot carry LOCK or UNLOCK: `DataFlags` has no such flags.
use socgen_bam::{DataFlags, Descriptor};

fn main() {
    let _ = Descriptor::data(0x1000, 64, DataFlags::LOCK);
    let _ = Descriptor::data(0x1000, 64, DataFlags::UNLOCK);
}
