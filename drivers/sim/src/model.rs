//! The simulator's handle: building a system, scheduling its pipes, and what tests inspect.

use crate::state::{PipeState, State};
use crate::{
    BamPort, DescriptorError, DumpStatus, Event, Memory, ModelConfig, Qce, QceCpuPort, Rng,
};
use socgen_runtime::bam::{BamRevision, PipeLocking};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::marker::PhantomData;
use std::rc::Rc;

/// The simulator. Cheap to clone: clones share the same system.
#[derive(Debug)]
pub struct Model<R: BamRevision> {
    pub(crate) state: Rc<RefCell<State>>,
    pub(crate) memory: Rc<Memory>,
    _revision: PhantomData<R>,
}

impl<R: BamRevision> Clone for Model<R> {
    fn clone(&self) -> Self {
        Model {
            state: Rc::clone(&self.state),
            memory: Rc::clone(&self.memory),
            _revision: PhantomData,
        }
    }
}

impl<R: PipeLocking> Model<R> {
    /// A system as `config` describes, memory empty, every register at zero. The revision
    /// must have pipe locking: the simulator honours LOCK/UNLOCK and reads `P_LOCK_GROUP`.
    pub fn new(config: ModelConfig) -> Self {
        let ee_of = config.pipes.iter().copied().collect();
        let state = State {
            pipes: vec![PipeState::default(); config.num_pipes as usize],
            qce: Qce::new(config.qce_size)
                .dump_without_done(config.hardware.dump_status == DumpStatus::WithoutOperationDone),
            config,
            ee_of,
            lock: None,
            plain: HashMap::new(),
            events: Vec::new(),
            read_destination_bits: R::COMMAND_ELEMENT.read_destination_bits(),
        };
        Model {
            state: Rc::new(RefCell::new(state)),
            memory: Rc::new(Memory::new()),
            _revision: PhantomData,
        }
    }
}

impl<R: BamRevision> Model<R> {
    /// System memory.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// The BAM's register window as `ee` sees it.
    pub fn bam(&self, ee: u32) -> BamPort<R> {
        BamPort {
            model: self.clone(),
            ee,
        }
    }

    /// The engine's register window as `ee`'s CPU sees it.
    pub fn qce_cpu(&self, ee: u32) -> QceCpuPort<R> {
        QceCpuPort {
            model: self.clone(),
            ee,
        }
    }

    /// Processes one descriptor of a runnable pipe chosen by `rng`; `false` when no pipe can
    /// move (everything done, or waiting for something only software can change).
    ///
    /// The same as [`Model::runnable_pipes`] followed by [`Model::step_pipe`] on the pipe
    /// `rng` picks, so random and explicit scheduling share one path.
    pub fn step(&self, rng: &mut Rng) -> bool {
        let runnable = self.runnable_pipes();
        let Some(&pipe) = runnable.get(rng.below(runnable.len())) else {
            return false;
        };
        self.step_pipe(pipe)
    }

    /// The pipes [`Model::step`] could pick now, ascending.
    pub fn runnable_pipes(&self) -> Vec<u32> {
        let state = self.state.borrow();
        (0..state.config.num_pipes)
            .filter(|&p| state.runnable(p, &self.memory))
            .collect()
    }

    /// Serves one step of exactly `pipe` (one descriptor, or one part of one); `false`, with
    /// nothing changed, when `pipe` is not runnable.
    pub fn step_pipe(&self, pipe: u32) -> bool {
        let mut state = self.state.borrow_mut();
        if !state.runnable(pipe, &self.memory) {
            return false;
        }
        state.process(pipe, &self.memory);
        true
    }

    /// A hash of everything that decides the simulator's future behaviour and its results: the
    /// pipes' states, the lock, the engine's state and registers, the BAM's other registers
    /// and the device view of memory (not the event log). Equal states give equal
    /// fingerprints, in every run (a fixed hasher); for state hashing in an explorer.
    pub fn fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.state.borrow().hash_state(&mut hasher);
        self.memory.hash_device_view(&mut hasher);
        hasher.finish()
    }

    /// Steps until no pipe can move or `max_steps` were taken; returns the steps taken.
    pub fn run(&self, rng: &mut Rng, max_steps: usize) -> usize {
        (0..max_steps).take_while(|_| self.step(rng)).count()
    }

    /// Everything that happened so far.
    pub fn events(&self) -> Vec<Event> {
        self.state.borrow().events.clone()
    }

    /// Takes the events recorded so far.
    pub fn take_events(&self) -> Vec<Event> {
        std::mem::take(&mut self.state.borrow_mut().events)
    }

    /// The pipe holding the lock (the first to take it, if pipes of one group share it).
    pub fn lock_holder(&self) -> Option<u32> {
        self.state.borrow().lock.as_ref()?.holders.first().copied()
    }

    /// Every pipe holding the lock, in the order they took it (several only when pipes of one
    /// lock group each processed a LOCK).
    pub fn lock_holders(&self) -> Vec<u32> {
        self.state
            .borrow()
            .lock
            .as_ref()
            .map_or_else(Vec::new, |lock| lock.holders.clone())
    }

    /// `pipe`'s lock group as the BAM reads it from `P_CTRL.P_LOCK_GROUP` (shifted down).
    pub fn lock_group(&self, pipe: u32) -> u32 {
        let state = self.state.borrow();
        state.group(pipe)
    }

    /// The error that stopped `pipe`, if any.
    pub fn pipe_error(&self, pipe: u32) -> Option<DescriptorError> {
        self.state.borrow().pipes.get(pipe as usize)?.error
    }

    /// Operations replaced by another `GO` before they ran: what unlocked sharing loses.
    pub fn aborted_operations(&self) -> u64 {
        self.state.borrow().qce.aborted
    }
}
