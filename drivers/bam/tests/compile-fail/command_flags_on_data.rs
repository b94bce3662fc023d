// Command flags do not fit where data flags are expected, neither on a descriptor nor on a
// transaction's data buffer, and there is no conversion from one to the other.
use socgen_bam::{CommandFlags, DataFlags, Descriptor, Transaction};

fn main() {
    let _ = Descriptor::data(0x1000, 64, CommandFlags::LOCK);
    let mut txn: Transaction<1> = Transaction::new();
    let _ = txn.data_with_flags(0x1000, 64, CommandFlags::UNLOCK);
    let _: DataFlags = CommandFlags::LOCK.into();
}
