// NWD on a data descriptor is only valid with EOT (vendor sps.c: "NWD is only valid with EOT
// or CMD"): `DataFlags` has no NWD of its own, only `EOT_NWD`, and no conversion from
// `CommandFlags`, whose NWD is allowed.
use socgen_bam::{CommandFlags, DataFlags, Descriptor, Transaction};

fn main() {
    let _ = Descriptor::data(0x1000, 64, DataFlags::NWD);
    let mut txn: Transaction<1> = Transaction::new();
    let _ = txn.data_with_flags(0x1000, 64, CommandFlags::NWD);
}
