//! The rig the driver tests share: a fake v1.7 BAM with its FIFO, lock scratch region and
//! command elements, and transaction shapes.
// Each test crate uses part of it.
#![allow(dead_code)]

use socgen_bam::testing::{DmaBuf, FakeBam, Msm8996WrapLock, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{Descriptor, Direction, Pipe, SCRATCH_BYTES, Ticket, Transaction};
use socgen_runtime::CommandElement;
use socgen_runtime::bam::LockTargetSpec;

pub const FIFO_BUS: u32 = 0x1000_0000;
pub const SCRATCH_BUS: u32 = 0x2000_0040;
pub const CMDS_BUS: u32 = 0x3000_0000;
pub const DATA_BUS: u32 = 0x4000_0000;
/// What the fake crypto engine's VERSION register reads (any value will do).
pub const QCE_VERSION: u32 = 0x7000_0001;

pub type V17Pipe<'a> = Pipe<V1_7_0, &'a FakeBam<V1_7_0>, &'a DmaBuf>;

/// A fake v1.7 BAM with a FIFO, a lock scratch region and 64 command elements in DMA memory.
pub struct Rig {
    pub bam: FakeBam<V1_7_0>,
    pub fifo: DmaBuf,
    pub scratch: DmaBuf,
}

impl Rig {
    pub fn new(fifo_bytes: usize) -> Self {
        let bam = FakeBam::new(0);
        let fifo = bam.dma(fifo_bytes, FIFO_BUS);
        let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
        let cmds = bam.dma(64 * 16, CMDS_BUS);
        for i in 0..64u32 {
            let reg = socgen_runtime::CeAddr::new(0x3a100 + 4 * i).expect("24-bit");
            cmds.write_and_clean(16 * i as usize, &CommandElement::write(reg, i).to_bytes());
        }
        bam.set_peripheral(0x3a000, QCE_VERSION);
        Rig { bam, fifo, scratch }
    }

    pub fn locked<T: LockTargetSpec<Revision = V1_7_0>>(&self) -> V17Pipe<'_> {
        Pipe::new_locked::<T>(&self.bam, &self.fifo, &self.scratch).expect("pipe")
    }

    pub fn wrap(&self) -> V17Pipe<'_> {
        self.locked::<Msm8996WrapLock>()
    }

    pub fn merge(&self) -> V17Pipe<'_> {
        self.locked::<Sm8550CryptoLock>()
    }

    pub fn unlocked(&self, pipe: u32) -> V17Pipe<'_> {
        Pipe::new(&self.bam, pipe, 0, Direction::MemToDev, &self.fifo).expect("pipe")
    }

    pub fn processed(&self) -> Vec<Descriptor> {
        self.bam.processed()
    }

    pub fn assert_no_violations(&self) {
        assert_eq!(self.bam.violations(), Vec::<String>::new());
    }
}

pub fn txn(spec: &[(bool, u32)]) -> Transaction<8> {
    let mut t = Transaction::new();
    let (mut ce, mut data) = (0u32, 0u32);
    for &(commands, n) in spec {
        if commands {
            t.commands(CMDS_BUS + 16 * ce, n).expect("commands");
            ce += n;
        } else {
            t.data(DATA_BUS + data, n).expect("data");
            data += n;
        }
    }
    t
}

/// Commands then data: the usual crypto request shape.
pub fn cmds_then_data() -> Transaction<8> {
    txn(&[(true, 12), (false, 4096)])
}

/// Commands, data, commands (e.g. a trailing status read).
pub fn cmds_data_cmds() -> Transaction<8> {
    txn(&[(true, 12), (false, 4096), (true, 1)])
}

pub fn poll_all(pipe: &mut V17Pipe<'_>) -> Vec<Ticket> {
    let mut done = Vec::new();
    pipe.poll(|t| done.push(t)).expect("valid position");
    done
}
