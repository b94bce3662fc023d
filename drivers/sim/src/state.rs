//! The state every port shares: the pipes' registers and positions, the lock, the engine, and
//! the queries the scheduler asks of them.

use crate::descriptor::sps_violation;
use crate::event::{DescriptorError, Event};
use crate::{Memory, ModelConfig, Qce, flags, irq};
use socgen_runtime::bam::regs::PCtrl;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

#[derive(Debug, Default, Clone, Hash)]
pub(crate) struct PipeState {
    pub(crate) ctrl: u32,
    pub(crate) fifo_addr: u32,
    pub(crate) fifo_size: u32,
    pub(crate) tail: u32,
    pub(crate) position: u32,
    pub(crate) irq_status: u32,
    pub(crate) irq_enable: u32,
    pub(crate) error: Option<DescriptorError>,
    /// Bytes already written for the current dev-to-mem descriptor.
    pub(crate) partial: u32,
}

/// A held lock: the pipes holding it (in the order they took it) and their lock group.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Lock {
    pub(crate) holders: Vec<u32>,
    pub(crate) group: u32,
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: ModelConfig,
    pub(crate) pipes: Vec<PipeState>,
    pub(crate) ee_of: HashMap<u32, u32>,
    pub(crate) lock: Option<Lock>,
    pub(crate) qce: Qce,
    pub(crate) plain: HashMap<usize, u32>,
    pub(crate) events: Vec<Event>,
    /// Destination bits of a read element in the revision's format (32 or 36).
    pub(crate) read_destination_bits: u32,
}

impl State {
    pub(crate) fn hash_state(&self, hasher: &mut impl Hasher) {
        self.pipes.hash(hasher);
        self.lock.hash(hasher);
        let mut plain: Vec<_> = self.plain.iter().collect();
        plain.sort_unstable();
        plain.hash(hasher);
        self.qce.hash_state(hasher);
    }

    pub(crate) fn ee(&self, pipe: u32) -> Option<u32> {
        self.ee_of.get(&pipe).copied()
    }

    pub(crate) fn pair(pipe: u32) -> u32 {
        pipe / 2
    }

    pub(crate) fn is_rx(&self, pipe: u32) -> bool {
        self.pipes
            .get(pipe as usize)
            .is_some_and(|p| !PCtrl::from_bits(p.ctrl).p_direction())
    }

    /// `pipe`'s `P_CTRL.P_LOCK_GROUP` bits (unshifted; compared, never interpreted).
    pub(crate) fn group(&self, pipe: u32) -> u32 {
        self.pipes
            .get(pipe as usize)
            .map_or(0, |p| PCtrl::from_bits(p.ctrl).p_lock_group())
    }

    pub(crate) fn descriptor(&self, pipe: u32, memory: &Memory) -> Option<(u32, u16, u16)> {
        let p = self.pipes.get(pipe as usize)?;
        let bytes = memory.device_read(p.fifo_addr.checked_add(p.position)?, 8)?;
        let addr = u32::from_le_bytes(bytes[0..4].try_into().ok()?);
        let size = u16::from_le_bytes(bytes[4..6].try_into().ok()?);
        let flags = u16::from_le_bytes(bytes[6..8].try_into().ok()?);
        Some((addr, size, flags))
    }

    pub(crate) fn runnable(&self, pipe: u32, memory: &Memory) -> bool {
        let Some(p) = self.pipes.get(pipe as usize) else {
            return false;
        };
        if !PCtrl::from_bits(p.ctrl).p_en()
            || p.error.is_some()
            || p.position == p.tail
            || p.fifo_size == 0
        {
            return false;
        }
        if self.locked_out(pipe) {
            return false;
        }
        let Some((_, _, flags)) = self.descriptor(pipe, memory) else {
            return true; // processing it raises the error
        };
        if flags & flags::CMD != 0 || sps_violation(flags).is_some() {
            return true;
        }
        let pair = Self::pair(pipe);
        if !self.is_rx(pipe) {
            self.qce.output_available(pair) > 0
        } else if p.partial != 0 {
            // An NWD descriptor whose data went in: it retires when the engine is done.
            self.nwd_done(pair)
        } else {
            true
        }
    }

    pub(crate) fn fail(&mut self, pipe: u32, error: DescriptorError) {
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            p.error = Some(error);
            p.irq_status |= irq::ERR;
        }
        self.events.push(Event::Error { pipe, error });
    }

    pub(crate) fn note_completions(&mut self) {
        let done = self.qce.take_completed();
        self.events.extend(done.into_iter().map(Event::Operation));
    }
}
