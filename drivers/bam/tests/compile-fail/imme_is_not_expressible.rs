// The driver never emits IMME (vendor sps.c refuses it with CMD and with NWD): neither flag
// type has it, neither can be made from raw bits, and neither converts from a number.
use socgen_bam::descriptor::FLAG_IMME;
use socgen_bam::{CommandFlags, DataFlags, Descriptor};

fn main() {
    let _ = Descriptor::command(0x1000, 16, CommandFlags::IMME);
    let _ = Descriptor::data(0x1000, 16, DataFlags::IMME);
    let _ = Descriptor::command(0x1000, 16, CommandFlags(FLAG_IMME));
    let _ = Descriptor::data(0x1000, 16, FLAG_IMME.into());
}
