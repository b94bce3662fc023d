//! A BAM pipe driven by hand through the model's registers, as secure firmware outside
//! socgen's driver would drive it (the fault suites and the hardware matrix).

use socgen_bam::DmaRegion;
use socgen_bam::testing::DmaBuf;
use socgen_runtime::Io;
use socgen_runtime::bam::regs::PCtrl;
use socgen_runtime::bam::{PipeLocking, RegLoc};
use socgen_sim::{BamPort, Model};

/// A pipe driven by hand, as secure firmware outside our driver would.
pub struct RawPipe<R: PipeLocking> {
    port: BamPort<R>,
    fifo: DmaBuf,
    pipe: u32,
    slot: u32,
    /// `P_CTRL` as programmed: enabled, system mode, the lock group.
    ctrl: PCtrl,
}

const RAW_SLOTS: u32 = 64;

impl<R: PipeLocking> RawPipe<R> {
    /// Pipe `pipe` of EE `ee`, set up by hand in lock group `lock_group`.
    pub fn new(model: &Model<R>, pipe: u32, ee: u32, lock_group: u32) -> Self {
        // SoC files' lock groups fit the field (E0305); a test passing a wider one is wrong.
        let ctrl = PCtrl::ZERO
            .with_p_en(true)
            .with_p_sys_mode(true)
            .try_with_p_lock_group(lock_group)
            .expect("the lock group fits P_CTRL.P_LOCK_GROUP");
        let mut raw = RawPipe {
            port: model.bam(ee),
            fifo: model.memory().alloc(RAW_SLOTS as usize * 8),
            pipe,
            slot: 0,
            ctrl,
        };
        raw.reset();
        raw
    }

    /// `P_RST` and the set-up again, as firmware recovering from an error interrupt would.
    pub fn reset(&mut self) {
        let ctrl = self.ctrl;
        self.write(R::P_RST, 1);
        self.write(R::P_RST, 0);
        self.write(R::P_DESC_FIFO_ADDR, self.fifo.bus_addr());
        self.write(R::P_FIFO_SIZES, RAW_SLOTS * 8);
        self.write(R::P_CTRL, ctrl.to_bits());
        self.slot = 0;
    }

    /// Reads this pipe's copy of register `loc` (0 if it lies beyond the offset space).
    pub fn read(&self, loc: RegLoc) -> u32 {
        loc.at(self.pipe, 0)
            .map_or(0, |offset| self.port.read32(offset))
    }

    fn write(&self, loc: RegLoc, value: u32) {
        if let Some(offset) = loc.at(self.pipe, 0) {
            self.port.write32(offset, value);
        }
    }

    /// Writes one descriptor into the next FIFO slot and rings the doorbell.
    pub fn push(&mut self, bytes: [u8; 8]) {
        self.fifo.write_and_clean(self.slot as usize * 8, &bytes);
        self.slot = (self.slot + 1) % RAW_SLOTS;
        self.write(R::P_EVNT_REG, self.slot * 8);
    }
}
