// VERSION is read-only: its handle has no `write`.
use socgen_tests::fixture::{blocks::tiny::v1::Version, chip};

fn main() {
    let io = socgen_tests::RecordingIo::default();
    let regs = chip::periph::Registers::new(&io);
    regs.version().write(Version::ZERO);
}
