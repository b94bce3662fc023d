// BAM v1.3.0 has no pipe locking: it does not implement `PipeLocking`, so no lock target can
// name it and no locking pipe can be built on it.
use socgen_bam::Pipe;
use socgen_bam::testing::{DmaBuf, FakeBam, V1_3_0};
use socgen_runtime::CeAddr;
use socgen_runtime::bam::{AddressMode, DummyAccess, LockTarget, LockTargetSpec, Placement};

struct Apq8064Lock;

impl LockTargetSpec for Apq8064Lock {
    type Revision = V1_3_0;
    const TARGET: LockTarget = LockTarget {
        soc: "apq8064",
        bam: "cryptobam",
        bam_base: 0,
        bam_size: 0x8000,
        ee: 0,
        num_channels: 8,
        controlled_remotely: false,
        pipe: 2,
        tx_pipe: None,
        lock_group: 0,
        scratchpad: CeAddr::new_const::<0>(),
        dummy: DummyAccess::Read,
        placement: Placement::Wrap,
        address_mode: AddressMode::Phys24,
    };
}

fn main() {
    let bam = FakeBam::<V1_3_0>::new(0);
    let fifo = DmaBuf::new(4096, 0x1000);
    let scratch = DmaBuf::new(128, 0x2000);
    let _ = Pipe::<V1_3_0, _, _>::new_locked::<Apq8064Lock>(&bam, &fifo, &scratch);
}
