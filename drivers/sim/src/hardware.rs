//! The hardware the simulator pretends to be: one value per open question of the record.
//!
//! Every behaviour the lock setups rest on that the public record grades below `documented`
//! (and two that a single statement documents, so that a setup's dependence on them shows) is
//! a switch here. [`Hardware::BELIEVED`] is what socgen believes and what the simulator did before
//! the switches existed; [`Hardware::deviations`] flips one switch at a time, and
//! [`Hardware::cross_product`] gives every combination. The behaviours documented beyond
//! doubt (the flag rules, the read element's third word, 18-bit offsets measured in the SoC's
//! address mode...) are fixed and have no switch.
//!
//! Each switch below names its question of the record (`docs/HARDWARE-VALIDATION.md`), the id
//! of the behaviour it varies in `socs/hardware/bam.yaml` (or the evidence key it varies in a
//! block file), what the record says and why the alternative is plausible.

use qcom_socs::blocks::qce::v5::offsets;

/// Q2, `lock_on_read_element` (inferred): a LOCK on a command descriptor whose elements are
/// all READs.
///
/// The record: the APQ8016E TRM says locking "should appear only in command-descriptor" and,
/// as Stephan Gerhold reads it, makes no difference between READ and WRITE; the HPG "only
/// mentions a write command"; no vendor or upstream code puts LOCK on a READ. `Ignored` is
/// what a BAM would do if the lock were taken by the write path only (the HPG's wording, and
/// Qualcomm's remark that register reads over DMA "had issues").
///
/// `Ignored`: the descriptor is processed normally (its reads run) but no lock is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockOnRead {
    /// The lock is taken (believed).
    Honoured,
    /// No lock is taken; the descriptor's elements still run.
    Ignored,
}

/// Q2, `unlock_on_read_element` (precedent): an UNLOCK on a command descriptor whose elements
/// are all READs.
///
/// The record: vendor NAND puts UNLOCK on a READ element (`msm_nand_flash_read_id`), which is
/// shipping precedent, not a statement; the HPG only mentions writes. `Ignored` is plausible
/// for the same reason as [`LockOnRead::Ignored`].
///
/// `Ignored`: the descriptor's elements run and it retires, but the pipe keeps the lock (the
/// other groups stay stalled until a reset or another UNLOCK frees it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnlockOnRead {
    /// The lock is released (believed).
    Honoured,
    /// The lock stays held.
    Ignored,
}

/// Q3, `unlock_after_descriptor` (unknown): when an UNLOCK takes effect relative to its own
/// descriptor's elements.
///
/// The record: "the HPG doesn't explicitly say that it unlocks the pipe *after* the
/// descriptor with the unlock bit is processed" (Golaszewski); vendor NAND uses the result of
/// the UNLOCK's own READ, which suggests after; nothing else.
///
/// `BeforeDescriptor`: the lock is released when the UNLOCK descriptor is fetched; its
/// elements run later, as a separately scheduled step of the same pipe, unlocked (a pipe of
/// another group may run, and even take the lock, in between; the UNLOCK's elements then wait
/// like any descriptor of a locked-out pipe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnlockTiming {
    /// After the descriptor's elements ran (believed).
    AfterDescriptor,
    /// At fetch, before the elements run.
    BeforeDescriptor,
}

/// Q4, `nwd_waits_for_peripheral` (upstream): what a data descriptor carrying NWD waits for
/// before it retires (and so before the pipe's next descriptor, the UNLOCK, is fetched).
///
/// The record: the TRM (quoted by Gerhold) says NWD assures "that all the data has been
/// transferred"; mainline puts it (with EOT) on the last descriptor only; vendor SPS refuses
/// NWD without EOT, and EOT is the end-of-transfer signal, so "done" may well mean the
/// peripheral's whole operation.
///
/// `ForOperationEnd`: the descriptor retires only when the engine has finished the operation
/// that consumes its data (no operation of its pipe pair pending, no input left queued), so
/// NWD on a non-last input piece stalls for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NwdWaits {
    /// Until the engine consumed this descriptor's data (believed): the operation finished,
    /// or it waits for more input than has arrived.
    ForDescriptorData,
    /// Until the engine finished the whole operation.
    ForOperationEnd,
}

/// Q5, `pipe_reset_releases_lock` (unknown): what `P_RST` of the holding pipe does to the lock.
///
/// The record: Gerhold asked on v21 whether `bam_reset_channel()` "might reset the lock as
/// well"; no answer; vendor `bam_pipe_init` says nothing. Lock state could live outside the
/// pipe's registers, in which case a pipe reset would not touch it.
///
/// `KeepsLock`: `P_RST` leaves a held lock held; only an UNLOCK from that pipe or a BAM reset
/// (`CTRL.BAM_SW_RST`) frees it. (A BAM reset frees the lock under every value.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PipeReset {
    /// A reset of a holder releases its hold (believed).
    ReleasesLock,
    /// The lock survives the pipe reset.
    KeepsLock,
}

/// Q6, `lock_excludes_other_groups` (documented by one sentence of the v16 cover letter):
/// which pipes a held lock stalls.
///
/// The record: "The BAM will then lock all other pipes not related to the current pipe
/// group" is the only statement; the 2024 cover letter speaks of EEs with "their dedicated
/// BAM pipe". A BAM that keys the lock on the EE (pipes carry an EE assignment) fits that
/// wording as well.
///
/// `ByEe`: a lock stalls the pipes of other EEs whatever their group; pipes of the holder's EE
/// keep running (and their LOCK joins the lock), whatever their group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockExclusion {
    /// Pipes outside the holder's `P_CTRL.P_LOCK_GROUP` are stalled (believed).
    ByLockGroup,
    /// Pipes of other EEs are stalled.
    ByEe,
}

/// Q8, the `write_ignored` evidence of QCE `VERSION` (`socs/blocks/qce/v5.yaml`, graded
/// documented on one second-hand remark): a command-element WRITE to `VERSION` (offset 0).
///
/// The record: "While the VERSION register is officially read-only, I've been told writing to
/// it is safe" (Golaszewski, relaying); Gerhold asks for confirmation that it is read-only
/// *and* write-ignore; the vendor never writes it. A read-only register on a NoC may answer a
/// write with an error, and a decoder that ignores the register's read-only nature may alias
/// it onto another register.
///
/// `BusError`: the element is a descriptor error ([`crate::DescriptorError::BusError`]);
/// `LandsIn(offset)`: the (masked) value is written to the engine register at `offset`
/// instead, with that register's effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScratchpadWrite {
    /// No effect (believed).
    Ignored,
    /// A descriptor error.
    BusError,
    /// Written to the engine register at this offset instead.
    LandsIn(usize),
}

/// Q7, `ce_address_18_bits` (documented) and its reference point `ce_address_from_wrapper`
/// (inferred): how the 24-bit address field of a command element is decoded.
///
/// The record: "The BAM command descriptor provides only 18 bits to specify the BAM register
/// offset" (upstream ee000969f28b); vendor and mainline drivers still pass a physical address
/// truncated to 24 bits (`addr & 0xffffff`, `u32 addr:24`), which would only work if the
/// field were decoded whole.
///
/// `Full24`: the 24-bit field is taken as a physical address, whatever the SoC's address mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CeAddressDecode {
    /// An 18-bit offset in the SoC's address mode (believed; `Phys24` SoCs keep 24 bits).
    WrapperOffset18,
    /// The whole field is a physical address.
    Full24,
}

/// The addendum to Q2, `unlock_on_empty_command_descriptor` (precedent for the crypto engine
/// below crypto 5.3, unknown otherwise): a command descriptor of size 0, with no element.
///
/// The record: vendor qce50's `_qce_unlock_other_pipes()` sends UNLOCK on a command
/// descriptor with no element (`sps_transfer_one(..., 0, NULL, CMD | UNLOCK)`), and the SPS
/// layer passes the size 0 through unchanged; nothing says what the BAM does with an empty
/// command descriptor otherwise. A BAM that fetches elements by the size field has nothing to
/// run; it may still honour the flags, skip the descriptor as empty, or refuse it.
///
/// `Ignored`: the descriptor retires and its flags are not acted on (an UNLOCK on it leaves the
/// lock held); `Error`: a descriptor error ([`crate::DescriptorError::BadCommandSize`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmptyCommand {
    /// The flags take effect; no element runs (believed).
    Honoured,
    /// The descriptor retires; its flags have no effect.
    Ignored,
    /// A descriptor error.
    Error,
}

/// Q10, `unlock_without_lock_ignored` (unknown): an UNLOCK processed on a pipe that holds no
/// lock, as the lone UNLOCK a driver sends after resetting its pipe is when the reset released
/// the lock (Q5).
///
/// The record says nothing. A BAM that keeps one lock flag per group may simply clear it (and
/// so release a lock another pipe of the group took); one that checks the holder may refuse the
/// descriptor.
///
/// `Error`: a descriptor error ([`crate::DescriptorError::UnlockWithoutLock`]);
/// `ReleasesGroup`: a lock held by another pipe of the same lock group is released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnlockWithoutLock {
    /// No effect (believed; a guess, as every value is).
    Ignored,
    /// A descriptor error.
    Error,
    /// Releases a lock held by another pipe of the same lock group.
    ReleasesGroup,
}

/// `result_dump_status_complete` in `socs/hardware/qce.yaml` (unknown): whether the status word
/// of the result dump has `OPERATION_DONE` set.
///
/// The record: Linux's `qce_check_status` reads `STATUS` with the CPU and says "Don't use result
/// dump status. The operation may not be complete"; vendor qce50 checks only the error bits of
/// the dumped status. A dump taken as the operation ends may carry the status from just before
/// the done bit was set.
///
/// `WithoutOperationDone`: the dumped status of a good operation has `OPERATION_DONE` clear
/// (the error bits are as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DumpStatus {
    /// `OPERATION_DONE` set in the dump (believed; a guess).
    Complete,
    /// `OPERATION_DONE` clear in the dump.
    WithoutOperationDone,
}

/// The hardware the simulator behaves as: one value per open question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hardware {
    /// A LOCK on an all-READ command descriptor (Q2).
    pub lock_on_read: LockOnRead,
    /// An UNLOCK on an all-READ command descriptor (Q2).
    pub unlock_on_read: UnlockOnRead,
    /// When UNLOCK takes effect (Q3).
    pub unlock_timing: UnlockTiming,
    /// What NWD waits for (Q4).
    pub nwd: NwdWaits,
    /// What `P_RST` does to a held lock (Q5).
    pub pipe_reset: PipeReset,
    /// Which pipes a lock stalls (Q6).
    pub exclusion: LockExclusion,
    /// A command-element write to QCE `VERSION` (Q8).
    pub scratchpad_write: ScratchpadWrite,
    /// How a command element's address is decoded (Q7).
    pub ce_address: CeAddressDecode,
    /// A command descriptor with no element (Q2 addendum).
    pub empty_command: EmptyCommand,
    /// An UNLOCK on a pipe that holds no lock (Q10).
    pub unlock_without_lock: UnlockWithoutLock,
    /// What the result dump's status word says of a finished operation.
    pub dump_status: DumpStatus,
}

/// One switch of [`Hardware::BELIEVED`] flipped to one alternative value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Deviation {
    /// The hardware: `BELIEVED` but for this switch.
    pub hardware: Hardware,
    /// The switch, as the field of [`Hardware`] (`"lock_on_read"`).
    pub switch: &'static str,
    /// Its value, as [`Hardware::describe`] spells it (`"ignored"`).
    pub value: &'static str,
    /// The behaviour of `socs/hardware/bam.yaml` this contradicts (`"lock_on_read_element"`);
    /// for the scratchpad, the `evidence:` key of QCE `VERSION` in `socs/blocks/qce/v5.yaml`
    /// (`"write_ignored"`).
    pub behaviour: &'static str,
    /// The question of the record (`"Q2"`).
    pub question: &'static str,
}

/// QCE `CONFIG`: where [`ScratchpadWrite::LandsIn`] lands in the deviations (vendor qce50
/// unlocks with a write of its reset value, so a write landing there is the likeliest alias
/// that matters).
const CONFIG: usize = offsets::CONFIG;

/// `BELIEVED` with one switch flipped, one entry per alternative value, in the order of the
/// fields: the hardware, the switch, its value, the behaviour it contradicts and the question.
const DEVIATIONS: [(Hardware, &str, &str, &str, &str); 14] = [
    (
        Hardware {
            lock_on_read: LockOnRead::Ignored,
            ..Hardware::BELIEVED
        },
        "lock_on_read",
        "ignored",
        "lock_on_read_element",
        "Q2",
    ),
    (
        Hardware {
            unlock_on_read: UnlockOnRead::Ignored,
            ..Hardware::BELIEVED
        },
        "unlock_on_read",
        "ignored",
        "unlock_on_read_element",
        "Q2",
    ),
    (
        Hardware {
            unlock_timing: UnlockTiming::BeforeDescriptor,
            ..Hardware::BELIEVED
        },
        "unlock_timing",
        "before",
        "unlock_after_descriptor",
        "Q3",
    ),
    (
        Hardware {
            nwd: NwdWaits::ForOperationEnd,
            ..Hardware::BELIEVED
        },
        "nwd",
        "operation-end",
        "nwd_waits_for_peripheral",
        "Q4",
    ),
    (
        Hardware {
            pipe_reset: PipeReset::KeepsLock,
            ..Hardware::BELIEVED
        },
        "pipe_reset",
        "keeps-lock",
        "pipe_reset_releases_lock",
        "Q5",
    ),
    (
        Hardware {
            exclusion: LockExclusion::ByEe,
            ..Hardware::BELIEVED
        },
        "exclusion",
        "by-ee",
        "lock_excludes_other_groups",
        "Q6",
    ),
    (
        Hardware {
            scratchpad_write: ScratchpadWrite::BusError,
            ..Hardware::BELIEVED
        },
        "scratchpad_write",
        "bus-error",
        "write_ignored",
        "Q8",
    ),
    (
        Hardware {
            scratchpad_write: ScratchpadWrite::LandsIn(CONFIG),
            ..Hardware::BELIEVED
        },
        "scratchpad_write",
        "lands-in-config",
        "write_ignored",
        "Q8",
    ),
    (
        Hardware {
            ce_address: CeAddressDecode::Full24,
            ..Hardware::BELIEVED
        },
        "ce_address",
        "full24",
        "ce_address_18_bits",
        "Q7",
    ),
    (
        Hardware {
            empty_command: EmptyCommand::Ignored,
            ..Hardware::BELIEVED
        },
        "empty_command",
        "ignored",
        "unlock_on_empty_command_descriptor",
        "Q2",
    ),
    (
        Hardware {
            empty_command: EmptyCommand::Error,
            ..Hardware::BELIEVED
        },
        "empty_command",
        "error",
        "unlock_on_empty_command_descriptor",
        "Q2",
    ),
    (
        Hardware {
            unlock_without_lock: UnlockWithoutLock::Error,
            ..Hardware::BELIEVED
        },
        "unlock_without_lock",
        "error",
        "unlock_without_lock_ignored",
        "Q10",
    ),
    (
        Hardware {
            unlock_without_lock: UnlockWithoutLock::ReleasesGroup,
            ..Hardware::BELIEVED
        },
        "unlock_without_lock",
        "releases-group",
        "unlock_without_lock_ignored",
        "Q10",
    ),
    (
        Hardware {
            dump_status: DumpStatus::WithoutOperationDone,
            ..Hardware::BELIEVED
        },
        "dump_status",
        "without-done",
        "result_dump_status_complete",
        "Q11",
    ),
];

impl Hardware {
    /// What socgen believes, and what the simulator did before the switches.
    pub const BELIEVED: Hardware = Hardware {
        lock_on_read: LockOnRead::Honoured,
        unlock_on_read: UnlockOnRead::Honoured,
        unlock_timing: UnlockTiming::AfterDescriptor,
        nwd: NwdWaits::ForDescriptorData,
        pipe_reset: PipeReset::ReleasesLock,
        exclusion: LockExclusion::ByLockGroup,
        scratchpad_write: ScratchpadWrite::Ignored,
        ce_address: CeAddressDecode::WrapperOffset18,
        empty_command: EmptyCommand::Honoured,
        unlock_without_lock: UnlockWithoutLock::Ignored,
        dump_status: DumpStatus::Complete,
    };

    /// `BELIEVED` with exactly one switch flipped, one entry per alternative value, in the
    /// order of the fields ([`ScratchpadWrite::LandsIn`] lands in QCE `CONFIG`).
    pub fn deviations() -> Vec<Deviation> {
        DEVIATIONS
            .iter()
            .map(
                |&(hardware, switch, value, behaviour, question)| Deviation {
                    hardware,
                    switch,
                    value,
                    behaviour,
                    question,
                },
            )
            .collect()
    }

    /// Every combination of the switches' values (`LandsIn` with `CONFIG` only), `BELIEVED`
    /// first.
    pub fn cross_product() -> Vec<Hardware> {
        let mut all = Vec::new();
        for base in Self::cross_product_q1_to_q8() {
            for empty_command in [
                EmptyCommand::Honoured,
                EmptyCommand::Ignored,
                EmptyCommand::Error,
            ] {
                for unlock_without_lock in [
                    UnlockWithoutLock::Ignored,
                    UnlockWithoutLock::Error,
                    UnlockWithoutLock::ReleasesGroup,
                ] {
                    for dump_status in [DumpStatus::Complete, DumpStatus::WithoutOperationDone] {
                        all.push(Hardware {
                            empty_command,
                            unlock_without_lock,
                            dump_status,
                            ..base
                        });
                    }
                }
            }
        }
        all
    }

    /// The cross product of the switches of Q1-Q8, the others as believed.
    fn cross_product_q1_to_q8() -> Vec<Hardware> {
        let mut all = Vec::new();
        for lock_on_read in [LockOnRead::Honoured, LockOnRead::Ignored] {
            for unlock_on_read in [UnlockOnRead::Honoured, UnlockOnRead::Ignored] {
                for unlock_timing in [
                    UnlockTiming::AfterDescriptor,
                    UnlockTiming::BeforeDescriptor,
                ] {
                    for nwd in [NwdWaits::ForDescriptorData, NwdWaits::ForOperationEnd] {
                        for pipe_reset in [PipeReset::ReleasesLock, PipeReset::KeepsLock] {
                            for exclusion in [LockExclusion::ByLockGroup, LockExclusion::ByEe] {
                                for scratchpad_write in [
                                    ScratchpadWrite::Ignored,
                                    ScratchpadWrite::BusError,
                                    ScratchpadWrite::LandsIn(CONFIG),
                                ] {
                                    for ce_address in
                                        [CeAddressDecode::WrapperOffset18, CeAddressDecode::Full24]
                                    {
                                        all.push(Hardware {
                                            lock_on_read,
                                            unlock_on_read,
                                            unlock_timing,
                                            nwd,
                                            pipe_reset,
                                            exclusion,
                                            scratchpad_write,
                                            ce_address,
                                            ..Hardware::BELIEVED
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        all
    }
}

impl Default for Hardware {
    fn default() -> Self {
        Hardware::BELIEVED
    }
}

mod describe;
