//! A behavioural model of a Qualcomm BAM with a crypto engine (QCE v5) behind it, shared by
//! several execution environments (EEs), so that `socgen-bam` and `socgen-qce` run unmodified
//! on a host and the race that pipe locking removes can be seen.
//!
//! - [`Memory`]: sparse system memory made of DMA regions with separate CPU and device views.
//! - [`Model::bam`]: the BAM's registers as one EE sees them, an `Io` whose layout is the
//!   revision's generated `BamRevision` (the same code the driver uses, so a layout bug in the
//!   YAML shows up as a driver that cannot talk to the model, not as two bugs that cancel).
//! - Descriptor processing: fetch from each pipe's FIFO in memory after the doorbell, command
//!   elements executed against the engine's register file (addresses decoded in the SoC's
//!   address mode, read destinations in the revision's element format), data streamed into
//!   the engine on rx pipes and out of it on tx pipes, NWD honoured, LOCK/UNLOCK honoured per
//!   lock group, descriptor errors raising `P_IRQ_STTS.ERR`.
//! - [`Model::step`]: a deterministic scheduler; the [`Rng`] seed picks which runnable pipe
//!   moves next, one descriptor at a time, so every interleaving is reproducible.
//! - [`Model::qce_cpu`]: CPU access to the engine's registers; while a pipe of another EE
//!   holds the lock it is recorded as a [`Event::CpuFault`] and has no effect (reads give 0).
//! - [`ModelConfig::without_locking`]: a test-only BAM that ignores LOCK/UNLOCK, to show
//!   that the tests detect the race.
//! - [`Hardware`] ([`ModelConfig::with_hardware`]): the model as an adversary. Every open
//!   question of the record is a switch ([`LockOnRead`], [`UnlockOnRead`], [`UnlockTiming`],
//!   [`NwdWaits`], [`PipeReset`], [`LockExclusion`], [`ScratchpadWrite`],
//!   [`CeAddressDecode`], [`EmptyCommand`], [`UnlockWithoutLock`], [`DumpStatus`]), each
//!   documented with its question, catalogue id and evidence;
//!   [`Hardware::BELIEVED`] is what the list below describes, [`Hardware::deviations`] and
//!   [`Hardware::cross_product`] the hardware the record has not ruled out.
//! - Exploration: [`Model::runnable_pipes`], [`Model::step_pipe`] (which [`Model::step`] is
//!   made of) and [`Model::fingerprint`], for a depth-first search over every interleaving.
//!
//! # What the model assumes, and how sure we are
//!
//! As [`Hardware::BELIEVED`]; the points marked *(switch)* behave otherwise under another
//! [`Hardware`].
//!
//! Grades as in the behaviour catalogues: `documented` (a public manual or the vendor's own statement),
//! `upstream` (merged or reviewed upstream code that works on hardware), `precedent` (shipping
//! vendor code does it), `inferred` (our reading), `unknown` (the model picks one behaviour of
//! several plausible ones). The decoding below is the model's own, written from the record
//! (questions Q1-Q11 of `docs/HARDWARE-VALIDATION.md`), never the driver's encoders; the only thing shared with
//! the driver is the revision's generated layout and its `COMMAND_ELEMENT` fact.
//!
//! - **Command-element address** (Q7). Bits 23..0 of word 0; decoded per the SoC's
//!   `AddressMode`: `Phys24` the physical address; `BamOffset18` an 18-bit offset from the
//!   256 KiB-aligned block holding the BAM (= the low 18 bits of the physical address);
//!   `WrapperOffset18` an 18-bit offset from the peripheral wrapper's base, which need not be
//!   aligned. 18-bit decoding: documented + upstream; which reference point the silicon uses:
//!   inferred (the two agree whenever the wrapper is aligned). An address that decodes to no
//!   engine register is [`DescriptorError::BadRegisterAddress`]. *(switch:
//!   [`CeAddressDecode::Full24`] decodes the field as a physical address in every mode.)*
//! - **Read element destination** (Q1). Word 1 carries destination bits 31..0. On revisions
//!   whose `COMMAND_ELEMENT` has 32 destination bits (v1.3.0, v1.4.0) word 2 is ignored
//!   (documented: Qualcomm's layout table). On 36-bit revisions (v1.6.0+, here v1.7.0) word 2
//!   bits 3..0 are destination bits 35..32 (documented + upstream 867621ba2030); a set bit in
//!   31..4 is [`DescriptorError::ReservedReadBits`] (inferred: the table says "reserved" and
//!   nothing about what the silicon does; the upstream report only says the value went to
//!   `0xf_xxxx_xxxx`). Memory is the 32-bit bus space, so a destination at or above 4 GiB, or
//!   anywhere no region is, is [`DescriptorError::ReadDestinationNotInMemory`] (inferred: on
//!   IPQ5424 the value simply went missing; a bus error is how the model makes that visible).
//!   Word 2 of a write element is the mask on every revision (upstream).
//! - **The vendor SPS rules** (Q4). The vendor's `sps_check_iovec_flags()` refuses these
//!   descriptors; what silicon does with them is unknown (ignore, stall, error), and the model
//!   treats each as a descriptor error of its own so that a driver that emits one cannot pass
//!   the tests. In the vendor's order, the first broken rule naming the error: NWD on a data
//!   descriptor without EOT ([`DescriptorError::NwdWithoutEot`]); EOT together with CMD
//!   ([`DescriptorError::EotOnCommand`]); LOCK or UNLOCK on a data descriptor
//!   ([`DescriptorError::LockFlagOnData`]; documented by the APQ8016E TRM, "pipe locking and
//!   unlocking should appear only in command-descriptor"); LOCK and UNLOCK on one descriptor
//!   ([`DescriptorError::LockAndUnlock`]); IMME with CMD ([`DescriptorError::ImmeWithCmd`]);
//!   IMME with NWD ([`DescriptorError::ImmeWithNwd`]). Grade of the rules: precedent (vendor
//!   software); of the error: unknown. After them, a descriptor with any of flag bits 3..0 set
//!   (bus-address bits 35..32 in vendor code, msm-sps.h `DESC_FLAG_WORD`) names a buffer above
//!   4 GiB, outside the model's 32-bit memory: [`DescriptorError::BufferNotInMemory`].
//! - **NWD** (Q4). An rx data descriptor with NWD is retired only once the engine has consumed
//!   its operation's input, so the descriptor after it (the UNLOCK) waits. Grade: precedent +
//!   upstream-reviewed (TRM quote in the record), the exact completion point inferred.
//!   *(switch: [`NwdWaits::ForOperationEnd`] waits for the whole operation.)*
//! - **Lock groups** (Q6). Each pipe's group is `P_CTRL.P_LOCK_GROUP` (decoded as the
//!   field of `socgen_runtime::bam::regs::PCtrl`, read whenever the BAM schedules). While a pipe
//!   holds the lock, the BAM does not serve pipes whose group differs from the holder's group
//!   (the group is taken when LOCK is processed); pipes of the holder's group keep running,
//!   and a LOCK from one of them joins the lock (it is released when every holder has
//!   unlocked or been reset). Grade: documented only by the v16 cover letter ("will lock all
//!   other pipes not related to the current pipe group"); the joining LOCK: inferred. So pipes
//!   left in group 0 on both sides exclude nothing, which the contention tests show as
//!   corruption. This replaces the model's earlier rule (a lock excluded the engine pipes of
//!   other EEs): an EE is not something the BAM's scheduler is documented to look at, while
//!   the group field is what the vendor programs (precedent: qce50 `lock_group =
//!   pipe_pair_index`, bam.c writes it into `P_CTRL`), so the old rule would have let
//!   unprogrammed groups pass. *(switch: [`LockExclusion::ByEe`] is that old rule.)*
//! - **LOCK and UNLOCK on READ elements** (Q2) are honoured like any other. LOCK on a READ:
//!   inferred; UNLOCK on a READ: precedent (vendor NAND). *(switches: [`LockOnRead::Ignored`],
//!   [`UnlockOnRead::Ignored`] for descriptors whose elements are all READs.)*
//! - **UNLOCK** (Q3) takes effect after its own descriptor's elements ran. Grade: unknown
//!   (inferred from vendor NAND using the UNLOCK element's read result). *(switch:
//!   [`UnlockTiming::BeforeDescriptor`] releases at fetch and runs the elements as a later,
//!   unlocked step.)*
//! - **`P_RST`** (Q5) releases a lock the pipe holds. Grade: unknown (no source; the
//!   driver sends a lone UNLOCK after a reset so as not to depend on it). *(switch:
//!   [`PipeReset::KeepsLock`].)*
//! - **An UNLOCK on a pipe that holds no lock** (Q10) has no effect ([`Event::UnlockIgnored`]).
//!   Grade: unknown (no source). *(switch: [`UnlockWithoutLock::Error`],
//!   [`UnlockWithoutLock::ReleasesGroup`].)*
//! - **A command descriptor with no element** (size 0) retires with its flags honoured and
//!   nothing run. Grade: precedent for the crypto engine below crypto 5.3 (vendor qce50
//!   `_qce_unlock_other_pipes`), unknown elsewhere. *(switch: [`EmptyCommand::Ignored`],
//!   [`EmptyCommand::Error`].)* A BAM reset (`CTRL.BAM_SW_RST` written as 1)
//!   frees the lock on every hardware; it does not reset the pipes in the model (each EE's
//!   driver pulses it while bringing its own side up).
//! - **Writes to QCE `VERSION`** (Q8), the dummy-write scratchpad of the series, have no
//!   effect. Grade: documented by one second-hand remark (`qce/v5.yaml` `write_ignored`
//!   evidence). *(switch: [`ScratchpadWrite::BusError`], [`ScratchpadWrite::LandsIn`].)*
//! - **CPU access** to the engine while a pipe of another EE holds the lock is aborted
//!   ([`Event::CpuFault`], reads give 0). Grade: inferred (the lock exists to keep other
//!   masters off the engine; no source describes the CPU path).
//!
//! The engine's own assumptions are at the top of the `qce` module.

#![deny(missing_docs)]

mod bam;
mod crypto;
mod hardware;
mod memory;
mod qce;
mod rng;

pub use bam::{BamReg, flags, irq};
pub use crypto::{
    AesMode, CryptoError, DesMode, HashAlg, ShaState, aes, aes_ccm_decrypt, aes_ccm_encrypt,
    aes_xts, des, digest, engine_counter_after, plain_digest, sha_initial_words,
};
pub use hardware::{
    CeAddressDecode, Deviation, DumpStatus, EmptyCommand, Hardware, LockExclusion, LockOnRead,
    NwdWaits, PipeReset, ScratchpadWrite, UnlockOnRead, UnlockTiming, UnlockWithoutLock,
};
pub use memory::{DRAM_BASE, Memory, read_back};
pub use qce::{Completed, DUMP_CNTR_IV, DUMP_STATUS, MODEL_VERSION, Qce, RESULT_DUMP_BYTES};
pub use rng::Rng;

use socgen_runtime::Io;
use socgen_runtime::bam::regs::{Ctrl, PCtrl};
use socgen_runtime::bam::{AddressMode, BamRevision, LockTarget, PipeLocking};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::marker::PhantomData;
use std::rc::Rc;

/// The system the model builds: one BAM, one crypto engine, the EEs that use them.
#[derive(Debug, Clone)]
pub struct ModelConfig {
    /// The BAM's physical base address.
    pub bam_base: u64,
    /// The number of pipes.
    pub num_pipes: u32,
    /// The number of EEs.
    pub num_ees: u32,
    /// How command elements encode register addresses.
    pub address_mode: AddressMode,
    /// The crypto engine's physical base address.
    pub qce_base: u64,
    /// Its register window size.
    pub qce_size: usize,
    /// The engine's pipes and the EE each belongs to (register ownership, `IRQ_SRCS_EE`, CPU
    /// faults). Which pipes a lock excludes is decided by `P_CTRL.P_LOCK_GROUP`, not by this.
    pub pipes: Vec<(u32, u32)>,
    /// Whether LOCK/UNLOCK are honoured (`false` only to show what goes wrong without).
    pub honour_locks: bool,
    /// How the hardware answers the open questions ([`Hardware::BELIEVED`] unless a test
    /// plays the adversary).
    pub hardware: Hardware,
}

impl ModelConfig {
    /// The system of a SoC's lock target: its BAM (base, pipes, address mode) and the
    /// target's rx/tx pipes in the target's EE; the engine at `qce_base` (`qce_size` bytes).
    pub fn for_target(target: &LockTarget, qce_base: u64, qce_size: usize) -> Self {
        let mut pipes = vec![(target.pipe, target.ee)];
        pipes.extend(target.tx_pipe.map(|p| (p, target.ee)));
        ModelConfig {
            bam_base: target.bam_base,
            num_pipes: target.num_channels,
            num_ees: 4,
            address_mode: target.address_mode,
            qce_base,
            qce_size,
            pipes,
            honour_locks: true,
            hardware: Hardware::BELIEVED,
        }
    }

    /// The same system behaving as `hardware`.
    pub fn with_hardware(mut self, hardware: Hardware) -> Self {
        self.hardware = hardware;
        self
    }

    /// Adds a pipe of the engine, used by `ee` (another EE's pipe pair, say).
    pub fn with_pipe(mut self, pipe: u32, ee: u32) -> Self {
        self.pipes.push((pipe, ee));
        self
    }

    /// A BAM that ignores LOCK/UNLOCK: for tests that must show the race they guard against.
    pub fn without_locking(mut self) -> Self {
        self.honour_locks = false;
        self
    }
}

/// What a descriptor did wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DescriptorError {
    /// The FIFO slot is not in memory.
    FifoNotInMemory,
    /// LOCK or UNLOCK on a data descriptor.
    LockFlagOnData,
    /// A command descriptor whose size is not a whole number of 16-byte elements.
    BadCommandSize,
    /// A buffer that is not in memory.
    BufferNotInMemory,
    /// A command element whose address decodes to no register of the engine.
    BadRegisterAddress(u32),
    /// A command element with an unknown command.
    BadCommand(u8),
    /// A read element whose third word sets a reserved bit (31..4 on 36-bit revisions): the
    /// word as found.
    ReservedReadBits(u32),
    /// A read element whose destination, decoded in the revision's format, is not in memory
    /// (at or above 4 GiB, or where no region is): the decoded destination.
    ReadDestinationNotInMemory(u64),
    /// NWD on a data descriptor without EOT (vendor SPS: "NWD is only valid with EOT or CMD").
    NwdWithoutEot,
    /// EOT on a command descriptor (vendor SPS: "EOT and CMD are not allowed to coexist").
    EotOnCommand,
    /// LOCK and UNLOCK on one descriptor (vendor SPS: "Can't lock and unlock a pipe by the
    /// same Command Descriptor").
    LockAndUnlock,
    /// A command-element write the engine answered with a bus error (a write to `VERSION` on
    /// [`ScratchpadWrite::BusError`] hardware): the element's address field.
    BusError(u32),
    /// An UNLOCK on a pipe that holds no lock, on [`UnlockWithoutLock::Error`] hardware.
    UnlockWithoutLock,
    /// IMME together with CMD (vendor SPS: "Immediate and CMD are not allowed to coexist").
    ImmeWithCmd,
    /// IMME together with NWD (vendor SPS: "Immediate and NWD are not allowed to coexist").
    ImmeWithNwd,
}

/// What happened, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A descriptor was processed (retired).
    Descriptor {
        /// The pipe.
        pipe: u32,
        /// Buffer bus address.
        addr: u32,
        /// Buffer size.
        size: u16,
        /// Flags.
        flags: u16,
    },
    /// A pipe took the lock.
    Locked {
        /// The pipe.
        pipe: u32,
    },
    /// A pipe gave the lock back (`by_reset`: because it was reset).
    Unlocked {
        /// The pipe.
        pipe: u32,
        /// The lock went with a pipe reset, not an UNLOCK descriptor.
        by_reset: bool,
    },
    /// A command element wrote an engine register.
    RegisterWrite {
        /// The pipe.
        pipe: u32,
        /// Offset in the engine's window.
        offset: usize,
        /// Value.
        value: u32,
    },
    /// A command element read an engine register into memory.
    RegisterRead {
        /// The pipe.
        pipe: u32,
        /// Offset in the engine's window.
        offset: usize,
        /// Destination bus address as decoded in the revision's format.
        destination: u64,
    },
    /// The engine finished an operation.
    Operation(Completed),
    /// A descriptor error: the pipe stops until it is reset.
    Error {
        /// The pipe.
        pipe: u32,
        /// What was wrong.
        error: DescriptorError,
    },
    /// A pipe was reset (`P_RST`).
    Reset {
        /// The pipe.
        pipe: u32,
    },
    /// A CPU access to the engine while another EE's pipe held the lock: aborted.
    CpuFault {
        /// The EE that tried.
        ee: u32,
        /// Offset in the engine's window.
        offset: usize,
        /// Whether it was a write.
        write: bool,
    },
    /// An UNLOCK on a pipe that held no lock had no effect (Q10 as believed: the lone UNLOCK a
    /// driver sends after a reset that released the lock).
    UnlockIgnored {
        /// The pipe.
        pipe: u32,
    },
    /// Software did something the model cannot give a meaning to (a doorbell outside the
    /// FIFO, another EE's pipe registers).
    Violation(String),
}

#[derive(Debug, Default, Clone, Hash)]
struct PipeState {
    ctrl: u32,
    fifo_addr: u32,
    fifo_size: u32,
    tail: u32,
    position: u32,
    irq_status: u32,
    irq_enable: u32,
    error: Option<DescriptorError>,
    /// Bytes already written for the current dev-to-mem descriptor.
    partial: u32,
}

/// A held lock: the pipes holding it (in the order they took it) and their lock group.
#[derive(Debug, Clone, Hash)]
struct Lock {
    holders: Vec<u32>,
    group: u32,
}

#[derive(Debug)]
struct State {
    config: ModelConfig,
    pipes: Vec<PipeState>,
    ee_of: HashMap<u32, u32>,
    lock: Option<Lock>,
    qce: Qce,
    plain: HashMap<usize, u32>,
    events: Vec<Event>,
    /// Destination bits of a read element in the revision's format (32 or 36).
    read_destination_bits: u32,
}

/// The model. Cheap to clone: clones share the same system.
#[derive(Debug)]
pub struct Model<R: BamRevision> {
    state: Rc<RefCell<State>>,
    memory: Rc<Memory>,
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

/// The BAM's registers as one EE's software sees them.
#[derive(Debug)]
pub struct BamPort<R: BamRevision> {
    model: Model<R>,
    ee: u32,
}

/// The engine's registers as one EE's CPU sees them.
#[derive(Debug)]
pub struct QceCpuPort<R: BamRevision> {
    model: Model<R>,
    ee: u32,
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

impl<R: PipeLocking> Model<R> {
    /// A system as `config` describes, memory empty, every register at zero. The revision
    /// must have pipe locking: the model honours LOCK/UNLOCK and reads `P_LOCK_GROUP`.
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

    /// A hash of everything that decides the model's future behaviour and its results: the
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

impl State {
    fn hash_state(&self, hasher: &mut impl Hasher) {
        self.pipes.hash(hasher);
        self.lock.hash(hasher);
        let mut plain: Vec<_> = self.plain.iter().collect();
        plain.sort_unstable();
        plain.hash(hasher);
        self.qce.hash_state(hasher);
    }

    fn ee(&self, pipe: u32) -> Option<u32> {
        self.ee_of.get(&pipe).copied()
    }

    fn pair(pipe: u32) -> u32 {
        pipe / 2
    }

    fn is_rx(&self, pipe: u32) -> bool {
        self.pipes
            .get(pipe as usize)
            .is_some_and(|p| !PCtrl::from_bits(p.ctrl).p_direction())
    }

    /// `pipe`'s `P_CTRL.P_LOCK_GROUP` bits (unshifted; compared, never interpreted).
    fn group(&self, pipe: u32) -> u32 {
        self.pipes
            .get(pipe as usize)
            .map_or(0, |p| PCtrl::from_bits(p.ctrl).p_lock_group())
    }

    fn holds_lock(&self, pipe: u32) -> bool {
        self.lock
            .as_ref()
            .is_some_and(|lock| lock.holders.contains(&pipe))
    }

    /// Whether a held lock keeps the BAM from serving `pipe`: it does unless `pipe` is in the
    /// holder's lock group (v16 cover letter: the BAM "will lock all other pipes not related
    /// to the current pipe group"), or, on [`LockExclusion::ByEe`] hardware, in a holder's EE.
    fn locked_out(&self, pipe: u32) -> bool {
        let Some(lock) = &self.lock else {
            return false;
        };
        if !self.config.honour_locks || lock.holders.contains(&pipe) {
            return false;
        }
        match self.config.hardware.exclusion {
            LockExclusion::ByLockGroup => self.group(pipe) != lock.group,
            LockExclusion::ByEe => {
                let ee = self.ee(pipe);
                lock.holders.iter().all(|&holder| self.ee(holder) != ee)
            }
        }
    }

    fn descriptor(&self, pipe: u32, memory: &Memory) -> Option<(u32, u16, u16)> {
        let p = self.pipes.get(pipe as usize)?;
        let bytes = memory.device_read(p.fifo_addr.checked_add(p.position)?, 8)?;
        let addr = u32::from_le_bytes(bytes[0..4].try_into().ok()?);
        let size = u16::from_le_bytes(bytes[4..6].try_into().ok()?);
        let flags = u16::from_le_bytes(bytes[6..8].try_into().ok()?);
        Some((addr, size, flags))
    }

    fn runnable(&self, pipe: u32, memory: &Memory) -> bool {
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

    fn fail(&mut self, pipe: u32, error: DescriptorError) {
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            p.error = Some(error);
            p.irq_status |= irq::ERR;
        }
        self.events.push(Event::Error { pipe, error });
    }

    /// Decodes a command-element address to an offset in the engine's window.
    fn engine_offset(&self, address: u32) -> Option<usize> {
        let mode = match self.config.hardware.ce_address {
            CeAddressDecode::WrapperOffset18 => self.config.address_mode,
            CeAddressDecode::Full24 => AddressMode::Phys24,
        };
        let physical = match mode {
            AddressMode::Phys24 => u64::from(address),
            AddressMode::BamOffset18 => {
                if address >= 1 << 18 {
                    return None;
                }
                (self.config.bam_base & !0x3_ffff) + u64::from(address)
            }
            AddressMode::WrapperOffset18 { wrapper_base } => {
                if address >= 1 << 18 {
                    return None;
                }
                wrapper_base.checked_add(u64::from(address))?
            }
        };
        let offset = usize::try_from(physical.checked_sub(self.config.qce_base)?).ok()?;
        (offset < self.config.qce_size && offset.is_multiple_of(4)).then_some(offset)
    }

    fn run_commands(&mut self, pipe: u32, addr: u32, size: u16, memory: &Memory) -> bool {
        if size == 0 || !size.is_multiple_of(16) {
            self.fail(pipe, DescriptorError::BadCommandSize);
            return false;
        }
        let Some(bytes) = memory.device_read(addr, size.into()) else {
            self.fail(pipe, DescriptorError::BufferNotInMemory);
            return false;
        };
        for element in bytes.chunks_exact(16) {
            let word = |i: usize| {
                u32::from_le_bytes([element[i], element[i + 1], element[i + 2], element[i + 3]])
            };
            let (command, address) = ((word(0) >> 24) as u8, word(0) & 0x00ff_ffff);
            let Some(offset) = self.engine_offset(address) else {
                self.fail(pipe, DescriptorError::BadRegisterAddress(address));
                return false;
            };
            match command {
                0 => {
                    let offset = match (offset, self.config.hardware.scratchpad_write) {
                        (VERSION, ScratchpadWrite::BusError) => {
                            self.fail(pipe, DescriptorError::BusError(address));
                            return false;
                        }
                        (VERSION, ScratchpadWrite::LandsIn(other)) => other,
                        _ => offset,
                    };
                    let mask = word(8);
                    let value = (self.qce.read(offset) & !mask) | (word(4) & mask);
                    self.qce.write(offset, value);
                    self.events.push(Event::RegisterWrite {
                        pipe,
                        offset,
                        value,
                    });
                }
                1 => {
                    let destination =
                        match read_destination(self.read_destination_bits, word(4), word(8)) {
                            Ok(destination) => destination,
                            Err(error) => {
                                self.fail(pipe, error);
                                return false;
                            }
                        };
                    let value = self.qce.read(offset);
                    let written = u32::try_from(destination)
                        .is_ok_and(|bus| memory.device_write(bus, &value.to_le_bytes()));
                    if !written {
                        self.fail(
                            pipe,
                            DescriptorError::ReadDestinationNotInMemory(destination),
                        );
                        return false;
                    }
                    self.events.push(Event::RegisterRead {
                        pipe,
                        offset,
                        destination,
                    });
                }
                other => {
                    self.fail(pipe, DescriptorError::BadCommand(other));
                    return false;
                }
            }
            self.note_completions();
        }
        true
    }

    fn note_completions(&mut self) {
        let done = self.qce.take_completed();
        self.events.extend(done.into_iter().map(Event::Operation));
    }

    fn process(&mut self, pipe: u32, memory: &Memory) {
        let Some((addr, size, flags)) = self.descriptor(pipe, memory) else {
            self.fail(pipe, DescriptorError::FifoNotInMemory);
            return;
        };
        let is_command = flags & flags::CMD != 0;
        if let Some(error) = sps_violation(flags) {
            self.fail(pipe, error);
            return;
        }
        let Some(partial) = self.pipes.get(pipe as usize).map(|p| p.partial) else {
            return;
        };
        let hardware = self.config.hardware;
        let empty = is_command && size == 0;
        if empty && hardware.empty_command == EmptyCommand::Error {
            self.fail(pipe, DescriptorError::BadCommandSize);
            return;
        }
        // The flags of an empty command descriptor are dropped on `Ignored` hardware.
        let flags = if empty && hardware.empty_command == EmptyCommand::Ignored {
            flags & !(flags::LOCK | flags::UNLOCK)
        } else {
            flags
        };
        let reads_only = |flag: u16, ignored: bool| {
            flags & flag != 0 && ignored && only_reads(memory, addr, size)
        };
        let lock_ignored = reads_only(flags::LOCK, hardware.lock_on_read == LockOnRead::Ignored);
        if flags & flags::LOCK != 0 && partial == 0 && !self.holds_lock(pipe) && !lock_ignored {
            if self.config.honour_locks {
                // Not locked out, so the lock is free or held by this pipe's group (EE).
                let group = self.group(pipe);
                self.lock
                    .get_or_insert(Lock {
                        holders: Vec::new(),
                        group,
                    })
                    .holders
                    .push(pipe);
            }
            self.events.push(Event::Locked { pipe });
        }
        let unlocks = flags & flags::UNLOCK != 0
            && !reads_only(
                flags::UNLOCK,
                hardware.unlock_on_read == UnlockOnRead::Ignored,
            );
        let unlock_first = unlocks && hardware.unlock_timing == UnlockTiming::BeforeDescriptor;
        if unlock_first && partial == 0 {
            // Released at fetch; the elements are a step of their own, run unlocked.
            if !self.unlock(pipe) {
                return;
            }
            if let Some(p) = self.pipes.get_mut(pipe as usize) {
                p.partial = 1;
            }
            return;
        }
        let pair = Self::pair(pipe);
        if empty {
            // No element to run: only the flags.
        } else if is_command {
            if !self.run_commands(pipe, addr, size, memory) {
                return;
            }
        } else if self.is_rx(pipe) {
            if flags & flags::NWD != 0 && partial == 1 {
                // Second visit of an NWD descriptor: retire once the engine is done.
                if !self.nwd_done(pair) {
                    return;
                }
            } else {
                let Some(bytes) = memory.device_read(addr, size.into()) else {
                    self.fail(pipe, DescriptorError::BufferNotInMemory);
                    return;
                };
                self.qce.push_input(pair, &bytes);
                self.note_completions();
                if flags & flags::NWD != 0 && !self.nwd_done(pair) {
                    if let Some(p) = self.pipes.get_mut(pipe as usize) {
                        p.partial = 1;
                    }
                    return;
                }
            }
        } else {
            let want = u32::from(size).saturating_sub(partial);
            let chunk = self.qce.take_output(pair, want as usize);
            let at = addr.wrapping_add(partial);
            if !chunk.is_empty() && !memory.device_write(at, &chunk) {
                self.fail(pipe, DescriptorError::BufferNotInMemory);
                return;
            }
            let written = partial + chunk.len() as u32;
            if written < u32::from(size) {
                if let Some(p) = self.pipes.get_mut(pipe as usize) {
                    p.partial = written;
                }
                return;
            }
        }
        if unlocks && !unlock_first && !self.unlock(pipe) {
            return;
        }
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            p.partial = 0;
            p.position = (p.position + 8) % p.fifo_size.max(8);
            if flags & flags::INT != 0 {
                p.irq_status |= irq::PRCSD_DESC;
            }
            if flags & flags::EOT != 0 {
                p.irq_status |= irq::TRNSFR_END;
            }
        }
        self.events.push(Event::Descriptor {
            pipe,
            addr,
            size,
            flags,
        });
    }

    /// An UNLOCK processed for `pipe`; `false` when it stopped the pipe with an error.
    fn unlock(&mut self, pipe: u32) -> bool {
        if self.holds_lock(pipe) || !self.config.honour_locks {
            self.release(pipe);
            self.events.push(Event::Unlocked {
                pipe,
                by_reset: false,
            });
            return true;
        }
        match self.config.hardware.unlock_without_lock {
            UnlockWithoutLock::Ignored => {
                self.events.push(Event::UnlockIgnored { pipe });
                true
            }
            UnlockWithoutLock::Error => {
                self.fail(pipe, DescriptorError::UnlockWithoutLock);
                false
            }
            UnlockWithoutLock::ReleasesGroup => {
                let group = self.group(pipe);
                let holders = match &self.lock {
                    Some(lock) if lock.group == group => lock.holders.clone(),
                    _ => Vec::new(),
                };
                if holders.is_empty() {
                    self.events.push(Event::UnlockIgnored { pipe });
                }
                for holder in holders {
                    self.release(holder);
                    self.events.push(Event::Unlocked {
                        pipe: holder,
                        by_reset: false,
                    });
                }
                true
            }
        }
    }

    /// Whether an rx data descriptor with NWD of `pair` may retire, per [`NwdWaits`].
    fn nwd_done(&self, pair: u32) -> bool {
        match self.config.hardware.nwd {
            NwdWaits::ForDescriptorData => self.qce.input_drained(pair),
            NwdWaits::ForOperationEnd => self.qce.operation_done(pair),
        }
    }

    /// A BAM reset (`CTRL.BAM_SW_RST`): frees the lock, whoever holds it, on every hardware.
    /// (The pipes' registers are left alone: each EE's driver pulses the BAM reset while
    /// bringing its own side up, and the model does not let that undo the other side's
    /// set-up.)
    fn bam_reset(&mut self) {
        if let Some(lock) = self.lock.take() {
            for pipe in lock.holders {
                self.events.push(Event::Unlocked {
                    pipe,
                    by_reset: true,
                });
            }
        }
    }

    /// Takes `pipe` out of the lock's holders; the lock is free when none is left.
    fn release(&mut self, pipe: u32) {
        if let Some(lock) = &mut self.lock {
            lock.holders.retain(|&p| p != pipe);
            if lock.holders.is_empty() {
                self.lock = None;
            }
        }
    }

    fn reset_pipe(&mut self, pipe: u32) {
        let rx = self.is_rx(pipe);
        if self.holds_lock(pipe) && self.config.hardware.pipe_reset == PipeReset::ReleasesLock {
            self.release(pipe);
            self.events.push(Event::Unlocked {
                pipe,
                by_reset: true,
            });
        }
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            *p = PipeState::default();
        }
        self.qce.flush(Self::pair(pipe), rx);
        self.events.push(Event::Reset { pipe });
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

impl State {
    fn cpu_faults(&self, ee: u32) -> bool {
        self.config.honour_locks
            && self.lock.as_ref().is_some_and(|lock| {
                lock.holders
                    .iter()
                    .any(|&holder| self.ee(holder) != Some(ee))
            })
    }
}

/// QCE `VERSION`: the scratchpad of [`ScratchpadWrite`].
const VERSION: usize = qcom_socs::blocks::qce::v5::offsets::VERSION;

/// Whether the command descriptor at `addr` (`size` bytes) holds only READ elements (command
/// 1 in bits 31..24 of word 0); `false` when it is not a readable whole number of elements
/// (processing raises that error).
fn only_reads(memory: &Memory, addr: u32, size: u16) -> bool {
    if size == 0 || !size.is_multiple_of(16) {
        return false;
    }
    memory
        .device_read(addr, size.into())
        .is_some_and(|bytes| bytes.chunks_exact(16).all(|element| element[3] == 1))
}

/// The vendor SPS driver's six refusals (`sps_check_iovec_flags()`, question Q4) as descriptor
/// errors, checked on the raw flag bits before anything else happens to the descriptor and in
/// the vendor's order (the first rule broken names the error); then a buffer above 4 GiB (flag
/// bits 3..0 carry bus-address bits 35..32 in vendor code), which is outside the model's
/// 32-bit memory.
fn sps_violation(flags: u16) -> Option<DescriptorError> {
    let has = |f: u16| flags & f != 0;
    if !has(flags::CMD) && has(flags::NWD) && !has(flags::EOT) {
        Some(DescriptorError::NwdWithoutEot)
    } else if has(flags::CMD) && has(flags::EOT) {
        Some(DescriptorError::EotOnCommand)
    } else if !has(flags::CMD) && has(flags::LOCK | flags::UNLOCK) {
        Some(DescriptorError::LockFlagOnData)
    } else if has(flags::LOCK) && has(flags::UNLOCK) {
        Some(DescriptorError::LockAndUnlock)
    } else if has(flags::IMME) && has(flags::CMD) {
        Some(DescriptorError::ImmeWithCmd)
    } else if has(flags::IMME) && has(flags::NWD) {
        Some(DescriptorError::ImmeWithNwd)
    } else if has(flags::ADDR_35_32) {
        // Bus-address bits 35..32: the buffer lies above 4 GiB, where memory is not.
        Some(DescriptorError::BufferNotInMemory)
    } else {
        None
    }
}

/// The destination of a read element from its second and third words, for a revision whose
/// read elements carry `bits` destination bits: with 32 the third word is ignored; with more,
/// its low `bits - 32` bits are the destination's bits above 31 and every other bit is
/// reserved (question Q1).
fn read_destination(bits: u32, low: u32, third: u32) -> Result<u64, DescriptorError> {
    if bits <= 32 {
        return Ok(u64::from(low));
    }
    let high_mask = u32::MAX
        .checked_shr(64u32.saturating_sub(bits))
        .unwrap_or(0);
    if third & !high_mask != 0 {
        return Err(DescriptorError::ReservedReadBits(third));
    }
    Ok((u64::from(third) << 32) | u64::from(low))
}

#[cfg(test)]
mod tests;
