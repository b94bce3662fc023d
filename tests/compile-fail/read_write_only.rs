// KEY is write-only: its handle has no `read`.
use socgen_runtime::Index;
use socgen_tests::fixture::chip;

fn main() {
    let io = socgen_tests::RecordingIo::default();
    let regs = chip::periph::Registers::new(&io);
    let _ = regs.key(Index::at::<0>()).read();
}
