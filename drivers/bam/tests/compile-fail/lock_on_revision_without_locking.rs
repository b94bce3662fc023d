// A BAM revision without pipe locking (like v1.3.0) cannot make a locking pipe.
use socgen_bam::Pipe;
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_runtime::bam::{AddressMode, BamRevision, DummyAccess, LockTarget, LockTargetSpec, Placement, RegLoc};
use socgen_runtime::CeAddr;

struct V13;
const Z: RegLoc = RegLoc { offset: 0, pipe_stride: 0, ee_stride: 0 };
impl BamRevision for V13 {
    const REVISION: &'static str = "v1.3.0";
    const PIPE_LOCKING: bool = false;
    const MAX_PIPES: u32 = 31;
    const CTRL: RegLoc = Z; const REVISION_REG: RegLoc = Z; const NUM_PIPES: RegLoc = Z;
    const DESC_CNT_TRSHLD: RegLoc = Z; const IRQ_SRCS: RegLoc = Z; const IRQ_SRCS_MSK: RegLoc = Z;
    const IRQ_STTS: RegLoc = Z; const IRQ_CLR: RegLoc = Z; const IRQ_EN: RegLoc = Z; const CNFG_BITS: RegLoc = Z;
    const IRQ_SRCS_EE: RegLoc = Z; const IRQ_SRCS_MSK_EE: RegLoc = Z; const P_CTRL: RegLoc = Z; const P_RST: RegLoc = Z;
    const P_HALT: RegLoc = Z; const P_IRQ_STTS: RegLoc = Z; const P_IRQ_CLR: RegLoc = Z; const P_IRQ_EN: RegLoc = Z;
    const P_EVNT_REG: RegLoc = Z; const P_SW_OFSTS: RegLoc = Z; const P_DESC_FIFO_ADDR: RegLoc = Z; const P_FIFO_SIZES: RegLoc = Z;
    const CTRL_SW_RST: u32 = 1; const CTRL_EN: u32 = 2; const P_CTRL_EN: u32 = 2; const P_CTRL_DIRECTION: u32 = 8;
    const P_CTRL_SYS_MODE: u32 = 32; const P_IRQ_EN_DEFAULT: u32 = 0x31; const IRQ_EN_DEFAULT: u32 = 6; const IRQ_SRCS_MSK_BAM: u32 = 1 << 31;
}
struct Target;
impl LockTargetSpec for Target {
    type Revision = V13;
    const TARGET: LockTarget = LockTarget {
        soc: "apq8064", bam: "bam", bam_base: 0, bam_size: 0x8000, ee: 0, num_channels: 8,
        controlled_remotely: false, pipe: 0, tx_pipe: None, scratchpad: CeAddr::new_const::<0>(),
        dummy: DummyAccess::Read, placement: Placement::Wrap, address_mode: AddressMode::Phys24,
    };
}

fn main() {
    let bam = FakeBam::<V13>::new(0);
    let fifo = DmaBuf::new(4096, 0);
    let scratch = DmaBuf::new(64, 0x40);
    let _ = Pipe::<V13, _, _>::new_locked::<Target>(&bam, &fifo, &scratch);
}
