// Data descriptors cannot carry LOCK: DataFlags has no such flag.
use socgen_bam::{DataFlags, Descriptor};

fn main() {
    let _ = Descriptor::data(0x1000, 64, DataFlags::LOCK);
}
