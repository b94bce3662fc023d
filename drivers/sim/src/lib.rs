//! A behavioural simulator of a Qualcomm BAM with a crypto engine (QCE v5) behind it, shared by
//! several execution environments (EEs), so that `socgen-bam` and `socgen-qce` run unmodified
//! on a host and the race that pipe locking removes can be seen.
//!
//! - [`Memory`]: sparse system memory made of DMA regions with separate CPU and device views.
//! - [`Model::bam`]: the BAM's registers as one EE sees them, an `Io` whose layout is the
//!   revision's generated `BamRevision` (the same code the driver uses, so a layout bug in the
//!   YAML shows up as a driver that cannot talk to the simulator, not as two bugs that cancel).
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
//! - [`Hardware`] ([`ModelConfig::with_hardware`]): the simulator as an adversary. Every open
//!   question of the record is a switch ([`LockOnRead`], [`UnlockOnRead`], [`UnlockTiming`],
//!   [`NwdWaits`], [`PipeReset`], [`LockExclusion`], [`ScratchpadWrite`],
//!   [`CeAddressDecode`], [`EmptyCommand`], [`UnlockWithoutLock`], [`DumpStatus`]), each
//!   documented with its question, catalogue id and evidence;
//!   [`Hardware::BELIEVED`] is what the list below describes, [`Hardware::deviations`] and
//!   [`Hardware::cross_product`] the hardware the record has not ruled out.
//! - Exploration: [`Model::runnable_pipes`], [`Model::step_pipe`] (which [`Model::step`] is
//!   made of) and [`Model::fingerprint`], for a depth-first search over every interleaving.
//!
//! # What the simulator assumes, and how sure we are
//!
//! As [`Hardware::BELIEVED`]; the points marked *(switch)* behave otherwise under another
//! [`Hardware`].
//!
//! Grades as in the behaviour records: `documented` (a public manual or the vendor's own statement),
//! `upstream` (merged or reviewed upstream code that works on hardware), `precedent` (shipping
//! vendor code does it), `inferred` (our reading), `unknown` (the simulator picks one behaviour of
//! several plausible ones). The decoding below is the simulator's own, written from the record
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
//!   IPQ5424 the value simply went missing; a bus error is how the simulator makes that visible).
//!   Word 2 of a write element is the mask on every revision (upstream).
//! - **The vendor SPS rules** (Q4). The vendor's `sps_check_iovec_flags()` refuses these
//!   descriptors; what silicon does with them is unknown (ignore, stall, error), and the simulator
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
//!   4 GiB, outside the simulator's 32-bit memory: [`DescriptorError::BufferNotInMemory`].
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
//!   corruption. This replaces the simulator's earlier rule (a lock excluded the engine pipes of
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
//!   frees the lock on every hardware; it does not reset the pipes in the simulator (each EE's
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
mod config;
mod crypto;
mod descriptor;
mod event;
mod hardware;
mod lock;
mod memory;
mod model;
mod ports;
mod qce;
mod rng;
mod state;

pub use bam::{BamReg, flags, irq};
pub use config::ModelConfig;
pub use crypto::{
    AesMode, CryptoError, DesMode, HashAlg, ShaState, aes, aes_ccm_decrypt, aes_ccm_encrypt,
    aes_xts, des, digest, engine_counter_after, plain_digest, sha_initial_words,
};
pub use event::{DescriptorError, Event};
pub use hardware::{
    CeAddressDecode, Deviation, DumpStatus, EmptyCommand, Hardware, LockExclusion, LockOnRead,
    NwdWaits, PipeReset, ScratchpadWrite, UnlockOnRead, UnlockTiming, UnlockWithoutLock,
};
pub use memory::{DRAM_BASE, Memory, read_back};
pub use model::Model;
pub use ports::{BamPort, QceCpuPort};
pub use qce::{Completed, DUMP_CNTR_IV, DUMP_STATUS, MODEL_VERSION, Qce, RESULT_DUMP_BYTES};
pub use rng::Rng;

#[cfg(test)]
mod tests;
