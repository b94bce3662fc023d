// EOT never sits on a command descriptor (vendor sps.c: "EOT and CMD are not allowed to
// coexist"): `CommandFlags` has no EOT, and data flags do not convert into it.
use socgen_bam::{CommandFlags, DataFlags, Descriptor};

fn main() {
    let _ = Descriptor::command(0x1000, 16, CommandFlags::EOT);
    let _ = Descriptor::command(0x1000, 16, DataFlags::EOT.into());
}
