// Even a revision that (wrongly) implements `PipeLocking` cannot build a locking pipe when its
// `PIPE_LOCKING` constant says false: the constructor asserts it at compile time.
use socgen_bam::Pipe;
use socgen_bam::testing::{DmaBuf, FakeBam, Sm8550CryptoLock, V1_3_0};
use socgen_runtime::CeFormat;
use socgen_runtime::bam::{BamRevision, LockTarget, LockTargetSpec, PipeLocking, RegLoc};

struct Mislabelled;

impl BamRevision for Mislabelled {
    const COMMAND_ELEMENT: CeFormat = V1_3_0::COMMAND_ELEMENT;
    const REVISION: &'static str = "v1.3.0";
    const PIPE_LOCKING: bool = false;
    const MAX_PIPES: u32 = V1_3_0::MAX_PIPES;
    const CTRL: RegLoc = V1_3_0::CTRL;
    const REVISION_REG: RegLoc = V1_3_0::REVISION_REG;
    const NUM_PIPES: RegLoc = V1_3_0::NUM_PIPES;
    const DESC_CNT_TRSHLD: RegLoc = V1_3_0::DESC_CNT_TRSHLD;
    const IRQ_SRCS: RegLoc = V1_3_0::IRQ_SRCS;
    const IRQ_SRCS_MSK: RegLoc = V1_3_0::IRQ_SRCS_MSK;
    const IRQ_STTS: RegLoc = V1_3_0::IRQ_STTS;
    const IRQ_CLR: RegLoc = V1_3_0::IRQ_CLR;
    const IRQ_EN: RegLoc = V1_3_0::IRQ_EN;
    const CNFG_BITS: RegLoc = V1_3_0::CNFG_BITS;
    const IRQ_SRCS_EE: RegLoc = V1_3_0::IRQ_SRCS_EE;
    const IRQ_SRCS_MSK_EE: RegLoc = V1_3_0::IRQ_SRCS_MSK_EE;
    const P_CTRL: RegLoc = V1_3_0::P_CTRL;
    const P_RST: RegLoc = V1_3_0::P_RST;
    const P_HALT: RegLoc = V1_3_0::P_HALT;
    const P_IRQ_STTS: RegLoc = V1_3_0::P_IRQ_STTS;
    const P_IRQ_CLR: RegLoc = V1_3_0::P_IRQ_CLR;
    const P_IRQ_EN: RegLoc = V1_3_0::P_IRQ_EN;
    const P_EVNT_REG: RegLoc = V1_3_0::P_EVNT_REG;
    const P_SW_OFSTS: RegLoc = V1_3_0::P_SW_OFSTS;
    const P_DESC_FIFO_ADDR: RegLoc = V1_3_0::P_DESC_FIFO_ADDR;
    const P_FIFO_SIZES: RegLoc = V1_3_0::P_FIFO_SIZES;
}

impl PipeLocking for Mislabelled {}

struct Target;

impl LockTargetSpec for Target {
    type Revision = Mislabelled;
    const TARGET: LockTarget = Sm8550CryptoLock::TARGET;
}

fn main() {
    let bam = FakeBam::<Mislabelled>::new(0);
    let fifo = DmaBuf::new(4096, 0x1000);
    let scratch = DmaBuf::new(128, 0x2000);
    let _ = Pipe::<Mislabelled, _, _>::new_locked::<Target>(&bam, &fifo, &scratch);
}
