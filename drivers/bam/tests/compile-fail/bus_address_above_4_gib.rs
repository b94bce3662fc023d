// Bus addresses are 32-bit: a buffer above 4 GiB cannot be described, so nothing can put
// address bits 35..32 into flag bits 3..0 or cut them off on the way in.
use socgen_bam::{DataFlags, Descriptor, Transaction};

fn main() {
    let above: u64 = 0x1_8000_0000;
    let _ = Descriptor::data(above, 64, DataFlags::NONE);
    let mut txn: Transaction<1> = Transaction::new();
    let _ = txn.data(above, 64);
}
