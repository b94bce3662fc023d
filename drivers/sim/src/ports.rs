//! The register windows software sees: the BAM's, per EE, and the engine's for the CPU.

use crate::bam::{self, BamReg};
use crate::state::State;
use crate::{Event, Model};
use socgen_runtime::Io;
use socgen_runtime::bam::BamRevision;
use socgen_runtime::bam::regs::Ctrl;

/// The BAM's registers as one EE's software sees them.
#[derive(Debug)]
pub struct BamPort<R: BamRevision> {
    pub(crate) model: Model<R>,
    pub(crate) ee: u32,
}

/// The engine's registers as one EE's CPU sees them.
#[derive(Debug)]
pub struct QceCpuPort<R: BamRevision> {
    pub(crate) model: Model<R>,
    pub(crate) ee: u32,
}

impl<R: BamRevision> Clone for BamPort<R> {
    fn clone(&self) -> Self {
        BamPort {
            model: self.model.clone(),
            ee: self.ee,
        }
    }
}

impl<R: BamRevision> Clone for QceCpuPort<R> {
    fn clone(&self) -> Self {
        QceCpuPort {
            model: self.model.clone(),
            ee: self.ee,
        }
    }
}

impl<R: BamRevision> Io for BamPort<R> {
    fn read32(&self, offset: usize) -> u32 {
        let state = self.model.state.borrow();
        let (pipes, ees) = (state.config.num_pipes, state.config.num_ees);
        let pipe = |p: u32| state.pipes.get(p as usize);
        match bam::decode::<R>(offset, pipes, ees) {
            Some(BamReg::Revision) => (ees << 8) | 0x19,
            Some(BamReg::NumPipes) => pipes,
            Some(BamReg::IrqSrcsEe(ee)) => (0..pipes.min(31))
                .filter(|&p| state.ee(p) == Some(ee))
                .filter(|&p| pipe(p).is_some_and(|s| s.irq_status & s.irq_enable != 0))
                .fold(0, |bits, p| bits | (1 << p)),
            Some(BamReg::PCtrl(p)) => pipe(p).map_or(0, |s| s.ctrl),
            Some(BamReg::PIrqStts(p)) => pipe(p).map_or(0, |s| s.irq_status),
            Some(BamReg::PIrqEn(p)) => pipe(p).map_or(0, |s| s.irq_enable),
            Some(BamReg::PEvntReg(p)) => pipe(p).map_or(0, |s| s.tail),
            Some(BamReg::PSwOfsts(p)) => pipe(p).map_or(0, |s| s.position),
            Some(BamReg::PDescFifoAddr(p)) => pipe(p).map_or(0, |s| s.fifo_addr),
            Some(BamReg::PFifoSizes(p)) => pipe(p).map_or(0, |s| s.fifo_size),
            Some(BamReg::PRst(_) | BamReg::PIrqClr(_)) => 0,
            None => state.plain.get(&offset).copied().unwrap_or(0),
        }
    }

    fn write32(&self, offset: usize, value: u32) {
        let mut state = self.model.state.borrow_mut();
        let (pipes, ees) = (state.config.num_pipes, state.config.num_ees);
        let Some(reg) = bam::decode::<R>(offset, pipes, ees) else {
            if R::CTRL.at(0, 0) == Some(offset) && Ctrl::from_bits(value).bam_sw_rst() {
                state.bam_reset();
            }
            state.plain.insert(offset, value);
            return;
        };
        // Pipes belong to EEs; another EE's pipe registers are not this EE's to program.
        let owner = match reg {
            BamReg::PCtrl(p)
            | BamReg::PRst(p)
            | BamReg::PIrqClr(p)
            | BamReg::PIrqEn(p)
            | BamReg::PEvntReg(p)
            | BamReg::PDescFifoAddr(p)
            | BamReg::PFifoSizes(p) => state.ee(p).filter(|&ee| ee != self.ee).map(|ee| (p, ee)),
            _ => None,
        };
        if let Some((p, ee)) = owner {
            let message = format!(
                "EE {} wrote pipe {p}'s registers, which belong to EE {ee}",
                self.ee
            );
            state.events.push(Event::Violation(message));
            return;
        }
        if let BamReg::PRst(p) = reg {
            if value & 1 != 0 {
                state.reset_pipe(p);
            }
            return;
        }
        let mut violation = None;
        {
            let Some(index) = reg.pipe() else {
                return;
            };
            let Some(p) = state.pipes.get_mut(index as usize) else {
                return;
            };
            match reg {
                BamReg::PCtrl(_) => p.ctrl = value,
                BamReg::PIrqClr(_) => p.irq_status &= !value,
                BamReg::PIrqEn(_) => p.irq_enable = value,
                BamReg::PDescFifoAddr(_) => p.fifo_addr = value,
                BamReg::PFifoSizes(_) => p.fifo_size = value & 0xffff,
                BamReg::PEvntReg(_) => {
                    let tail = value & 0xffff;
                    if tail.is_multiple_of(8) && tail < p.fifo_size {
                        p.tail = tail;
                    } else {
                        violation = Some(format!(
                            "pipe {index}: doorbell {tail:#x} outside the {:#x}-byte FIFO",
                            p.fifo_size
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Some(v) = violation {
            state.events.push(Event::Violation(v));
        }
    }
}

impl<R: BamRevision> QceCpuPort<R> {
    /// Whether the lock aborts this access; an aborted access is recorded as a fault.
    fn aborted(&self, state: &mut State, offset: usize, write: bool) -> bool {
        let aborted = state.cpu_faults(self.ee);
        if aborted {
            state.events.push(Event::CpuFault {
                ee: self.ee,
                offset,
                write,
            });
        }
        aborted
    }
}

impl<R: BamRevision> Io for QceCpuPort<R> {
    fn read32(&self, offset: usize) -> u32 {
        let mut state = self.model.state.borrow_mut();
        if self.aborted(&mut state, offset, false) {
            return 0;
        }
        state.qce.read(offset)
    }

    fn write32(&self, offset: usize, value: u32) {
        let mut state = self.model.state.borrow_mut();
        if self.aborted(&mut state, offset, true) {
            return;
        }
        state.qce.write(offset, value);
        state.note_completions();
    }
}
