//! A register window that completes every descriptor at once, for benchmarks.

use super::fake_bam::at;
use core::cell::Cell;
use core::marker::PhantomData;
use socgen_runtime::Io;
use socgen_runtime::bam::BamRevision;

/// A minimal [`Io`] for benchmarks and the allocation test: the hardware "processes" every
/// descriptor the moment the doorbell rings (`P_SW_OFSTS` follows `P_EVNT_REG` of one pipe).
/// Other registers read as 0 and ignore writes. It never allocates.
#[derive(Debug)]
pub struct InstantBam<R: BamRevision> {
    rst: usize,
    evnt_reg: usize,
    sw_ofsts: usize,
    position: Cell<u32>,
    _revision: PhantomData<R>,
}

impl<R: BamRevision> InstantBam<R> {
    /// Serves `pipe`.
    pub fn new(pipe: u32) -> Self {
        InstantBam {
            rst: at(R::P_RST, pipe, 0),
            evnt_reg: at(R::P_EVNT_REG, pipe, 0),
            sw_ofsts: at(R::P_SW_OFSTS, pipe, 0),
            position: Cell::new(0),
            _revision: PhantomData,
        }
    }
}

impl<R: BamRevision> Io for InstantBam<R> {
    fn read32(&self, offset: usize) -> u32 {
        if offset == self.sw_ofsts {
            self.position.get()
        } else {
            0
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        if offset == self.evnt_reg {
            self.position.set(value);
        } else if offset == self.rst && value & 1 != 0 {
            self.position.set(0);
        }
    }
}
