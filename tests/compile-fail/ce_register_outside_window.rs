// A builder can only address a register inside its window: offset 0x100 of a 0x100-byte window
// is past its end, where the old `Commands::at` would have fallen back to the base address.
use socgen_runtime::{CeAddr, CeWindow};

const ADDR: CeAddr = CeWindow::<0x100>::new::<0x3a000>().reg::<0x100>();

fn main() {
    let _ = ADDR.get();
}
